import { analyzeSql, type ByteFound, type Names, type RefKind, type ReviewKind } from './analyze.js';
import { ByteOffsets } from './offsets.js';
import { analyzePlpgsql } from './plpgsql.js';

export interface FindOptions {
  /** The schema the names live in (`public`). A name qualified by another schema is not theirs. */
  readonly schema: string;
  /** The relation names looked for, as stored (unquoted, case exact): `orders`. */
  readonly names: Iterable<string>;
  /** Whether unqualified names resolve to `schema` (default true; false for a function whose `search_path` leaves it out). */
  readonly unqualified?: boolean;
  /** Constraint names looked for in `ON CONFLICT ON CONSTRAINT name`. */
  readonly constraints?: Iterable<string>;
  /**
   * Ranges of the text that are not SQL but values put in at run time (the `${…}` holes of a
   * template literal): each is parsed as a placeholder `$1`, `$2`, …, or, where the parser rejects
   * a value, as a piece of SQL that may be empty (`… ${filter} AND …`) or one of postgres.js's
   * helpers (`insert into t ${sql(row)}`), or a table's name (`FROM ${table}`: see `tableHoles`).
   * Offsets stay those of the text given.
   */
  readonly holes?: ReadonlyArray<{ readonly start: number; readonly end: number }>;
  /** Whether `?`, `{{name}}` and `:name` outside strings may be placeholders (SQL in application code), tried when the text does not parse otherwise. */
  readonly questionMarks?: boolean;
  /** The text is SQL run by EXECUTE: string constants are searched for the names word by word. */
  readonly dynamic?: boolean;
  /** Only type names (what a function's signature needs). */
  readonly typesOnly?: boolean;
}

/** A place that names one of the names. Offsets are JS string (UTF-16) offsets of the name token only. */
export interface SqlRef {
  readonly kind: RefKind;
  /** The schema written before the name, when there is one. */
  readonly schema?: string;
  readonly name: string;
  readonly start: number;
  readonly end: number;
  /** Written with double quotes (`"orders"`). */
  readonly quoted: boolean;
}

/** A place a person should check: not a reference for sure, not nothing. */
export interface SqlReview {
  readonly kind: ReviewKind;
  /** The name concerned, when there is one. */
  readonly name?: string;
  readonly start: number;
  readonly end: number;
  readonly message: string;
}

/** The parser rejected the text. `start` is where it points, when it says. */
export interface SqlError {
  readonly message: string;
  readonly start?: number;
}

export interface FindResult {
  /** Sorted by start; one per token. */
  readonly refs: SqlRef[];
  /** Sorted by start. */
  readonly review: SqlReview[];
  readonly error?: SqlError;
  /** The holes (indexes in `holes`, sorted by start) that stand where a table's name goes: `FROM ${table}`. */
  readonly tableHoles?: number[];
}

/**
 * The references to `names` in SQL text (any number of statements), found with the Postgres
 * parser. Never throws on bad SQL: `error` says what the parser said, with no refs. The parser
 * must be loaded (`await loadParser()`).
 */
export function findRelations(sql: string, options: FindOptions): FindResult {
  const found = findWithHoles(sql, options);
  if (!found.error || !options.questionMarks) return found;
  // `?` placeholders (knex.raw, SQLite, MySQL drivers, an app's own `?`-to-`$n` wrapper): read as
  // holes too, once the text does not parse as it is (`?` is also a jsonb operator).
  const holes = [...(options.holes ?? [])].sort((a, b) => a.start - b.start);
  const marks = questionMarks(sql, holes);
  if (marks.length === 0) return found;
  const all = [...holes, ...marks].sort((a, b) => a.start - b.start);
  const retried = findWithHoles(sql, { ...options, holes: all });
  if (retried.error) return found;
  const tableHoles = (retried.tableHoles ?? []).map((i) => holes.indexOf(all[i]!)).filter((i) => i !== -1);
  const { tableHoles: _, ...rest } = retried;
  return tableHoles.length > 0 ? { ...rest, tableHoles } : rest;
}

/**
 * The placeholders of a text outside strings, quoted names and comments, as holes (none inside
 * `holes`): `?`, `??` (knex's identifier binding), `{{name}}`, `:name` (not a `::` cast).
 */
function questionMarks(sql: string, holes: ReadonlyArray<{ start: number; end: number }>): Array<{ start: number; end: number }> {
  const marks: Array<{ start: number; end: number }> = [];
  for (let i = 0; i < sql.length; i += 1) {
    const c = sql[i];
    if (c === "'" || c === '"') {
      const close = sql.indexOf(c, i + 1);
      i = close === -1 ? sql.length : close; // '' and "" escapes: two strings in a row, same outcome
    } else if (c === '-' && sql[i + 1] === '-') {
      const end = sql.indexOf('\n', i);
      i = end === -1 ? sql.length : end;
    } else if (c === '/' && sql[i + 1] === '*') {
      const end = sql.indexOf('*/', i + 2);
      i = end === -1 ? sql.length : end + 1;
    } else if (c === '?' || (c === '{' && sql[i + 1] === '{') || (c === ':' && sql[i - 1] !== ':' && /[A-Za-z_]/.test(sql[i + 1] ?? ''))) {
      // `?`/`??` (knex, SQLite, MySQL), `{{name}}` and `:name` (named bindings an app or knex fills in).
      let end = sql[i + 1] === '?' ? i + 2 : i + 1;
      if (c === '{') end = sql.indexOf('}}', i) === -1 ? i + 1 : sql.indexOf('}}', i) + 2;
      else if (c === ':') end = i + 1 + /^[A-Za-z_][A-Za-z0-9_]*/.exec(sql.slice(i + 1))![0].length;
      if (!holes.some((hole) => i < hole.end && end > hole.start)) marks.push({ start: i, end });
      i = end - 1;
    }
  }
  return marks;
}

function findWithHoles(sql: string, options: FindOptions): FindResult {
  const holes = [...(options.holes ?? [])].sort((a, b) => a.start - b.start);
  if (holes.length === 0) return convert(sql, analyzeSql(sql, namesOf(options), options), (offset) => offset);
  const names = namesOf(options, HOLE_NAME);
  const attempt = (fills: ReadonlyMap<number, number>) => {
    const placed = withPlaceholders(sql, holes, fills);
    return { ...placed, found: analyzeSql(placed.text, names, options) };
  };
  const first = attempt(new Map());
  // A hole the parser rejects where it stands as a value is a piece of SQL put in at run time:
  // often an optional one (`WHERE a = $1 ${teamFilter} AND …`, `ORDER BY x ${direction}`), or
  // postgres.js's helpers (`insert into t ${sql(row)}`, `… in ${sql(ids)}`, `set ${sql(row)}`).
  // Each such hole is tried as each of FILLS in turn. So is a hole right after a name, which the
  // parser would read as a typed value (`ON a.id = users.id ${filter}`: `users.id $1`). Only a
  // text that then parses with no such hole counts; else the first error, or that hole.
  const fills = new Map<number, number>();
  let tried = first;
  for (let attempts = 0; attempts <= holes.length * FILLS.length; attempts += 1) {
    const hole = rejectedHole(tried);
    if (hole === undefined) return withTableHoles(tried);
    let next = hole === -1 ? FILLS.length : (fills.get(hole) ?? -1) + 1;
    // A hole before `.orders` is a schema, not a table: not read as one.
    if (next === 0 && beforeName(sql, holes[hole]!.end, names.tables)) next = 1;
    if (next >= FILLS.length) break;
    fills.set(hole, next);
    tried = attempt(fills);
  }
  if (first.found.error) return convert(first.text, first.found, first.toSource);
  const start = first.toSource(first.placeholders[rejectedHole(first)!]!.start);
  return { refs: [], review: [], error: { message: 'a ${…} hole right after a name: the SQL around it cannot be read', start } };
}

/** Whether `.name` follows `at`, with `name` one of the names: `${schema}.orders`. */
function beforeName(sql: string, at: number, names: ReadonlySet<string>): boolean {
  const match = /^\s*\.\s*"?([A-Za-z_][A-Za-z0-9_$]*)/.exec(sql.slice(at, at + 200));
  return match !== null && names.has(match[1]!);
}

/** A table name no schema has: what a hole is tried as where a relation's name goes. */
const HOLE_NAME = 'retable_hole';
/**
 * What a hole is tried as when the parser rejects it as a value: a table's name, nothing, then
 * postgres.js's helpers' shapes. The name comes first: `FROM ${table} t JOIN …` with nothing in the
 * hole would read the alias as the table.
 */
const FILLS = [` ${HOLE_NAME} `, ' ', ' DEFAULT VALUES ', ' (NULL) ', ` "${HOLE_NAME}" = NULL `];

/** A parse's result, with the holes that stood as a table's name told apart from the references. */
function withTableHoles(tried: { text: string; found: ByteFound; placeholders: ReadonlyArray<{ start: number; end: number }>; toSource: (offset: number) => number }): FindResult {
  const offsets = new ByteOffsets(tried.text);
  const tableHoles = new Set<number>();
  for (const ref of tried.found.refs) {
    if (ref.name !== HOLE_NAME) continue;
    const offset = offsets.toUtf16(ref.start);
    const hole = tried.placeholders.findIndex((p) => offset >= p.start && offset < p.end);
    if (hole !== -1) tableHoles.add(hole);
  }
  const found = tableHoles.size === 0 ? tried.found : {
    ...tried.found,
    refs: tried.found.refs.filter((ref) => ref.name !== HOLE_NAME),
    review: tried.found.review.filter((note) => note.name !== HOLE_NAME),
  };
  const result = convert(tried.text, found, tried.toSource);
  return tableHoles.size === 0 ? result : { ...result, tableHoles: [...tableHoles].sort((a, b) => a - b) };
}

/**
 * The hole a parse stopped at (or right after, when it was filled) or read as a typed value, by
 * index; -1 for an error elsewhere; undefined when it parsed with none.
 */
function rejectedHole(tried: { text: string; found: ByteFound; placeholders: ReadonlyArray<{ start: number; end: number }> }): number | undefined {
  const offsets = new ByteOffsets(tried.text);
  const at = (byte: number, after: boolean) => {
    const offset = offsets.toUtf16(byte);
    const inside = tried.placeholders.findIndex((p) => offset >= p.start && offset < p.end);
    if (inside !== -1 || !after) return inside;
    // The token after a hole: the hole's text did not fit before it.
    return tried.placeholders.findLastIndex((p) => offset >= p.end && tried.text.slice(p.end, offset).trim() === '');
  };
  if (tried.found.error) {
    if (tried.found.error.offset === undefined) return -1;
    const hole = at(tried.found.error.offset, true);
    if (hole !== -1) return hole;
    // An error a little after a hole (`SELECT a.id, ${more} a.status`: the hole is a list of columns
    // with its comma): that hole, the nearest before it in the same statement.
    const offset = offsets.toUtf16(tried.found.error.offset);
    const before = tried.placeholders.findLastIndex((p) => p.end <= offset);
    const between = before === -1 ? ';' : tried.text.slice(tried.placeholders[before]!.end, offset);
    return between.length <= 80 && !between.includes(';') ? before : -1;
  }
  for (const param of tried.found.typedParams ?? []) {
    const index = at(param, false);
    if (index !== -1) return index;
  }
  return undefined;
}

/**
 * The references in a PL/pgSQL function body. `definition` is the whole `CREATE FUNCTION …
 * LANGUAGE plpgsql AS $$…$$` statement (pg_get_functiondef's output: its signature tells the
 * parser the argument and trigger variables) and `body` the text between the dollar quotes;
 * offsets are offsets of `body`.
 */
export function findPlpgsqlRelations(definition: string, body: string, options: Omit<FindOptions, 'holes' | 'dynamic' | 'typesOnly'>): FindResult {
  return convert(body, analyzePlpgsql(definition, body, namesOf(options)), (offset) => offset);
}

/** A result for SQL held in a template literal: offsets are within `parts[part]`. */
export interface TemplateRef extends SqlRef {
  readonly part: number;
}
export interface TemplateReview extends SqlReview {
  readonly part: number;
}
export interface TemplateResult {
  readonly refs: TemplateRef[];
  readonly review: TemplateReview[];
  readonly error?: SqlError & { readonly part?: number };
  /** The holes that stand where a table's name goes; hole `i` is the one after `parts[i]`. */
  readonly tableHoles?: number[];
}

/**
 * SQL held in a tagged template (`` sql`SELECT … FROM orders WHERE id = ${id}` ``): `parts` are
 * the literal texts between the holes (the template's head, middles and tail, as the source has
 * them); each hole is parsed as a placeholder. Offsets are returned per part.
 */
export function findTemplateRelations(parts: readonly string[], options: Omit<FindOptions, 'holes'>): TemplateResult {
  const starts: number[] = [];
  let sql = '';
  const holes: Array<{ start: number; end: number }> = [];
  parts.forEach((part, i) => {
    if (i > 0) {
      // Any text stands for the hole: withPlaceholders replaces it. One space keeps offsets simple.
      holes.push({ start: sql.length, end: sql.length + 1 });
      sql += ' ';
    }
    starts.push(sql.length);
    sql += part;
  });
  const found = findRelations(sql, { ...options, holes });
  const place = (offset: number) => {
    let part = 0;
    while (part + 1 < starts.length && starts[part + 1]! <= offset) part++;
    return { part, offset: offset - starts[part]! };
  };
  const result: { refs: TemplateRef[]; review: TemplateReview[]; error?: SqlError & { part?: number }; tableHoles?: number[] } = {
    refs: found.refs.map((ref) => {
      const at = place(ref.start);
      return { ...ref, part: at.part, start: at.offset, end: ref.end - starts[at.part]! };
    }),
    review: found.review.map((note) => {
      const at = place(note.start);
      return { ...note, part: at.part, start: at.offset, end: Math.min(note.end - starts[at.part]!, parts[at.part]!.length) };
    }),
  };
  if (found.tableHoles) result.tableHoles = found.tableHoles;
  if (found.error) {
    result.error = found.error.start === undefined ? { message: found.error.message } : { message: found.error.message, part: place(found.error.start).part, start: place(found.error.start).offset };
  }
  return result;
}

/** Replace each ref's token by what `replacement` returns (undefined keeps it). Refs may come in any order. */
export function replaceRefs(text: string, refs: readonly SqlRef[], replacement: (ref: SqlRef) => string | undefined): string {
  let out = text;
  for (const ref of [...refs].sort((a, b) => b.start - a.start)) {
    const next = replacement(ref);
    if (next !== undefined) out = out.slice(0, ref.start) + next + out.slice(ref.end);
  }
  return out;
}

function namesOf(options: Omit<FindOptions, 'holes'>, ...more: string[]): Names {
  return {
    schema: options.schema,
    unqualified: options.unqualified !== false,
    tables: new Set([...options.names, ...more]),
    constraints: new Set(options.constraints ?? []),
  };
}

/**
 * Replace each hole with `$n` (a hole in `fills`, by index, with that one of FILLS), and map offsets
 * in the new text back to the given text. `placeholders` are where the holes stand in it.
 */
function withPlaceholders(sql: string, holes: ReadonlyArray<{ start: number; end: number }>, fills: ReadonlyMap<number, number> = new Map()) {
  // Segments of the new text: [newStart, sourceStart, length, isHole].
  const segments: Array<[number, number, number, boolean]> = [];
  const placeholders: Array<{ start: number; end: number }> = [];
  let text = '';
  let at = 0;
  holes.forEach((hole, i) => {
    const start = Math.max(hole.start, at);
    segments.push([text.length, at, start - at, false]);
    text += sql.slice(at, start);
    const fill = fills.get(i);
    const placeholder = fill === undefined ? `$${i + 1}` : FILLS[fill]!;
    segments.push([text.length, start, Math.max(hole.end - start, 0), true]);
    placeholders.push({ start: text.length, end: text.length + placeholder.length });
    text += placeholder;
    at = Math.max(hole.end, start);
  });
  segments.push([text.length, at, sql.length - at, false]);
  text += sql.slice(at);
  const toSource = (offset: number) => {
    let index = segments.length - 1;
    while (index > 0 && segments[index]![0] > offset) index--;
    const [newStart, sourceStart, length, isHole] = segments[index]!;
    if (isHole) return offset === newStart ? sourceStart : sourceStart + length;
    return sourceStart + Math.min(offset - newStart, length);
  };
  return { text, toSource, placeholders };
}

function convert(text: string, found: ByteFound, toSource: (offset: number) => number): FindResult {
  const offsets = new ByteOffsets(text);
  const at = (byte: number) => toSource(offsets.toUtf16(byte));
  const byStart = new Map<number, SqlRef>();
  for (const ref of found.refs) {
    const start = at(ref.start);
    byStart.set(start, { ...ref, start, end: at(ref.end) });
  }
  const refs = [...byStart.values()].sort((a, b) => a.start - b.start);
  const review = found.review
    .map((note) => ({ ...note, start: at(note.start), end: at(note.end) }))
    .sort((a, b) => a.start - b.start);
  if (!found.error) return { refs, review };
  const error: SqlError = found.error.offset === undefined ? { message: found.error.message } : { message: found.error.message, start: at(found.error.offset) };
  return { refs, review, error };
}
