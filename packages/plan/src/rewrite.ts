import {
  identifierOf,
  parsePlpgsql,
  parseSql,
  quoteIdentifier,
  scanSql,
  walk,
  type Node,
  type Token,
} from './parser.js';

/** What a function body rewrite needs to know: which names change. */
export interface RewriteNames {
  /** The schema the renamed tables live in. */
  readonly schema: string;
  /**
   * Whether unqualified names resolve to `schema` (default true). False for a function whose own
   * `SET search_path` leaves the schema out: its unqualified `leads` is some other table.
   */
  readonly unqualified?: boolean;
  /** old table name → new table name. */
  readonly tables: ReadonlyMap<string, string>;
  /** old constraint name → new (the derived names expand renames), for ON CONFLICT ON CONSTRAINT. */
  readonly constraints: ReadonlyMap<string, string>;
}

/** A place in a body that names a renamed table but cannot be rewritten safely. */
export interface ReviewNote {
  /** 1-based line in the body. */
  readonly line: number;
  readonly message: string;
}

export interface BodyRewrite {
  /** The body with every table name the parser placed replaced. */
  readonly body: string;
  /** How many identifiers were replaced. */
  readonly replaced: number;
  readonly review: ReviewNote[];
}

interface Edit {
  /** Byte offsets into the body. */
  start: number;
  end: number;
  text: string;
}

interface Found {
  edits: Edit[];
  review: Array<{ offset: number; message: string }>;
}

/** Does `text` mention any renamed table at all? A cheap filter before parsing. */
export function mentionsAny(text: string, names: Iterable<string>): boolean {
  const lower = text.toLowerCase();
  for (const name of names) if (lower.includes(name.toLowerCase())) return true;
  return false;
}

/**
 * Rewrite a `LANGUAGE sql` body (not BEGIN ATOMIC: those are stored parsed and follow renames):
 * every statement is parsed and the identifiers that name a renamed table are replaced where the
 * parser places them.
 */
export function rewriteSqlBody(body: string, names: RewriteNames): BodyRewrite {
  const bytes = Buffer.from(body, 'utf8');
  const found = sqlEdits(body, names, { dynamic: false });
  return finish(bytes, found);
}

/**
 * Rewrite a PL/pgSQL body. `definition` is the whole CREATE FUNCTION statement (its signature tells
 * the PL/pgSQL parser about trigger variables and arguments) and `body` its AS text.
 * PL/pgSQL's own parser gives every embedded SQL statement and expression; each is placed in the
 * body (the parser reports them verbatim, INTO clauses blanked) and parsed by the SQL parser.
 * Declarations (`v leads%ROWTYPE`) are rewritten from the declared types.
 */
export function rewritePlpgsqlBody(definition: string, body: string, names: RewriteNames): BodyRewrite {
  const bytes = Buffer.from(body, 'utf8');
  const result: Found = { edits: [], review: [] };
  let functions: Node[];
  try {
    functions = parsePlpgsql(definition);
  } catch (error) {
    return { body, replaced: 0, review: [{ line: 1, message: `PL/pgSQL parser failed (${firstLine(error)}): rewrite by hand` }] };
  }
  let tokens: Token[];
  try {
    tokens = scanSql(body);
  } catch (error) {
    return { body, replaced: 0, review: [{ line: 1, message: `the body cannot be tokenized (${firstLine(error)}): rewrite by hand` }] };
  }
  const lineStarts = lineOffsets(bytes);
  const lineStart = (line: number | undefined) => lineStarts[Math.max(0, Math.min((line ?? 1) - 1, lineStarts.length - 1))] ?? 0;
  const claimed: Array<[number, number]> = [];
  const handledTokens = new Set<number>();

  for (const fn of functions) {
    const exprs: PlExpr[] = [];
    collectExpressions(fn, exprs, undefined, undefined, undefined);
    for (const expr of exprs) {
      const placed = placeExpression(bytes, expr, lineStart(expr.lineno), claimed);
      if (!placed) {
        if (mentionsAny(expr.query, names.tables.keys())) {
          result.review.push({ offset: lineStart(expr.lineno), message: `could not place the SQL "${abbreviate(expr.query)}" in the body: rewrite by hand` });
        }
        continue;
      }
      claimed.push([placed.start, placed.start + placed.length]);
      const parseText = placed.parseText;
      const found = sqlEdits(parseText, names, { dynamic: expr.dynamic });
      const shift = (offset: number) => placed.start + offset - placed.prefix;
      for (const edit of found.edits) result.edits.push({ start: shift(edit.start), end: shift(edit.end), text: edit.text });
      for (const note of found.review) result.review.push({ offset: Math.max(placed.start, shift(note.offset)), message: note.message });
    }
    // Declared types: `v leads%ROWTYPE`, `r public.leads`, `n leads.name%TYPE`.
    const datums = (get(fn, 'PLpgSQL_function', 'datums') as Node[] | undefined) ?? [];
    for (const datum of datums) {
      const [kind, inner] = Object.entries(datum)[0] ?? [];
      if (!kind || !inner) continue;
      const refname = (inner as Node).refname as string | undefined;
      const lineno = (inner as Node).lineno as number | undefined;
      const typname = get(inner as Node, 'datatype', 'PLpgSQL_type', 'typname') as string | undefined;
      if (!typname || lineno === undefined || !refname) continue;
      const target = typeTableName(typname, names);
      if (!target) continue;
      const edit = placeDeclaredType(tokens, lineStart(lineno), refname, target, names);
      if (edit) {
        result.edits.push(edit.edit);
        handledTokens.add(edit.tokenStart);
      } else {
        result.review.push({ offset: lineStart(lineno), message: `the declaration of ${refname} (${typname}) could not be placed: rewrite by hand` });
      }
    }
  }

  // Anything still naming a renamed table outside the SQL the parser placed is left for review.
  const editedStarts = new Set(result.edits.map((edit) => edit.start));
  for (const token of tokens) {
    const name = identifierOf(token);
    if (!name || !names.tables.has(name) || editedStarts.has(token.start) || handledTokens.has(token.start)) continue;
    if (claimed.some(([start, end]) => token.start >= start && token.start < end)) continue;
    result.review.push({ offset: token.start, message: `"${token.text}" outside any SQL statement the parser placed: check by hand` });
  }
  return finish(bytes, result);
}

/**
 * The signature and RETURNS clause of a CREATE FUNCTION statement name types by their current name
 * (`f(l leads) RETURNS SETOF leads`): when expand replaces a function, its head must use the new
 * names too, or CREATE OR REPLACE would not find the type (or make an overload). `headLength` is
 * the head's length in characters: edits beyond it (the body) are not taken.
 */
export function rewriteDefinitionHead(definition: string, headLength: number, names: RewriteNames): { head: string; review: ReviewNote[] } {
  const headBytes = Buffer.byteLength(definition.slice(0, headLength), 'utf8');
  const found = sqlEdits(definition, names, { dynamic: false, typesOnly: true });
  const head = Buffer.from(definition, 'utf8').subarray(0, headBytes);
  const result = finish(head, {
    edits: found.edits.filter((edit) => edit.end <= headBytes),
    review: found.review.filter((note) => note.offset < headBytes),
  });
  return { head: result.body, review: result.review };
}

interface PlExpr {
  query: string;
  parseMode: number;
  lineno: number | undefined;
  /** The text is run as SQL built at run time (EXECUTE, FOR … IN EXECUTE, OPEN … FOR EXECUTE). */
  dynamic: boolean;
  /** PERFORM's query is reported as "SELECT " + the text after PERFORM. */
  perform: boolean;
}

function collectExpressions(value: unknown, out: PlExpr[], lineno: number | undefined, stmt: string | undefined, key: string | undefined): void {
  if (Array.isArray(value)) {
    for (const item of value) collectExpressions(item, out, lineno, stmt, key);
    return;
  }
  if (value === null || typeof value !== 'object') return;
  const node = value as Node;
  const ownLine = typeof node.lineno === 'number' ? node.lineno : lineno;
  for (const [childKey, child] of Object.entries(node)) {
    if (childKey === 'PLpgSQL_expr' && child && typeof child === 'object') {
      const expr = child as Node;
      const dynamicStmt = stmt === 'PLpgSQL_stmt_dynexecute' || stmt === 'PLpgSQL_stmt_dynfors';
      out.push({
        query: String(expr.query ?? ''),
        parseMode: Number(expr.parseMode ?? 0),
        lineno: ownLine,
        dynamic: dynamicStmt || key === 'dynquery',
        perform: stmt === 'PLpgSQL_stmt_perform',
      });
      continue;
    }
    const nextStmt = childKey.startsWith('PLpgSQL_stmt_') ? childKey : stmt;
    const nextKey = /^[A-Z]/.test(childKey) ? key : childKey;
    collectExpressions(child, out, ownLine, nextStmt, nextKey);
  }
}

interface Placed {
  /** Byte offset in the body where `parseText`'s offset `prefix` lies. */
  start: number;
  length: number;
  parseText: string;
  prefix: number;
}

/**
 * Find where the parser's text of an expression sits in the body: at or after its statement's
 * line, equal byte for byte except where PL/pgSQL blanked an INTO clause with spaces.
 */
function placeExpression(body: Buffer, expr: PlExpr, from: number, claimed: ReadonlyArray<[number, number]>): Placed | undefined {
  let text = expr.query;
  let lead = '';
  // PERFORM's query is "SELECT" followed by the text after the PERFORM keyword.
  if (expr.perform && /^SELECT/.test(text)) {
    lead = 'SELECT';
    text = text.slice(lead.length);
  }
  const needle = Buffer.from(text, 'utf8');
  if (text.trim().length === 0) return undefined;
  const candidates = expr.perform ? performCandidates(body, from) : anchorCandidates(body, needle, from);
  for (const at of candidates) {
    if (claimed.some(([start, end]) => at < end && at + needle.length > start) || !matchesWithBlanks(body, at, needle)) continue;
    // Expressions (IF, RETURN, :=) parse as a target list; statements parse as they are.
    if (expr.parseMode === 0) {
      return { start: at, length: needle.length, parseText: lead + text, prefix: Buffer.byteLength(lead) };
    }
    const valueStart = expr.parseMode >= 3 ? assignmentValueStart(text) : 0;
    if (valueStart === undefined) return undefined;
    const value = needle.subarray(valueStart).toString('utf8');
    return { start: at + valueStart, length: needle.length - valueStart, parseText: `SELECT ${value}`, prefix: 7 };
  }
  return undefined;
}

/** Where the text after each PERFORM keyword starts. */
function* performCandidates(body: Buffer, from: number): Generator<number> {
  const lower = Buffer.from(body.toString('latin1').toLowerCase(), 'latin1');
  for (let at = lower.indexOf('perform', from); at !== -1; at = lower.indexOf('perform', at + 1)) yield at + 'perform'.length;
}

/** Where the needle could start: at each occurrence of its first word. */
function* anchorCandidates(body: Buffer, needle: Buffer, from: number): Generator<number> {
  let first = 0;
  while (first < needle.length && isBlank(needle[first]!)) first++;
  let last = first;
  while (last < needle.length && !isBlank(needle[last]!)) last++;
  const anchor = needle.subarray(first, last);
  for (let at = body.indexOf(anchor, from + first); at !== -1; at = body.indexOf(anchor, at + 1)) yield at - first;
}

function isBlank(byte: number): boolean {
  return byte === 0x20 || byte === 0x0a || byte === 0x09 || byte === 0x0d;
}

function matchesWithBlanks(body: Buffer, at: number, needle: Buffer): boolean {
  if (at + needle.length > body.length) return false;
  for (let i = 0; i < needle.length; i++) {
    const want = needle[i]!;
    if (want === 0x20) continue; // a blank may stand for an INTO clause
    if (body[at + i] !== want) return false;
  }
  return true;
}

/** `target := value` (or `=`): the byte offset where the value starts. */
function assignmentValueStart(text: string): number | undefined {
  let depth = 0;
  for (const token of scanSql(text)) {
    if (token.text === '(' || token.text === '[') depth++;
    else if (token.text === ')' || token.text === ']') depth--;
    else if (depth === 0 && (token.text === ':=' || token.text === '=')) return token.end;
  }
  return undefined;
}

/** The table a PL/pgSQL declared type names, if it is a renamed one: `leads%rowtype`, `public.leads`, `leads.id%type`. */
function typeTableName(typname: string, names: RewriteNames): { table: string; schemaQualified: boolean } | undefined {
  const match = /^(.*?)(%rowtype|%type)?$/i.exec(typname.trim());
  if (!match) return undefined;
  const parts = splitQualified(match[1]!);
  const isType = match[2]?.toLowerCase() === '%type';
  const tableParts = isType ? parts.slice(0, -1) : parts;
  const table = tableParts.at(-1);
  if (!table || !names.tables.has(table)) return undefined;
  if (tableParts.length === 2 && tableParts[0] !== names.schema) return undefined;
  if (tableParts.length > 2) return undefined;
  if (tableParts.length === 1 && names.unqualified === false) return undefined;
  return { table, schemaQualified: tableParts.length === 2 };
}

function splitQualified(text: string): string[] {
  const parts: string[] = [];
  let i = 0;
  while (i < text.length) {
    if (text[i] === '"') {
      let j = i + 1;
      let part = '';
      while (j < text.length) {
        if (text[j] === '"' && text[j + 1] === '"') {
          part += '"';
          j += 2;
        } else if (text[j] === '"') break;
        else part += text[j++];
      }
      parts.push(part);
      i = j + 1;
    } else {
      const dot = text.indexOf('.', i);
      const end = dot === -1 ? text.length : dot;
      parts.push(text.slice(i, end).trim().toLowerCase());
      i = end;
    }
    if (text[i] === '.') i++;
  }
  return parts;
}

function placeDeclaredType(
  tokens: readonly Token[],
  from: number,
  refname: string,
  target: { table: string; schemaQualified: boolean },
  names: RewriteNames,
): { edit: Edit; tokenStart: number } | undefined {
  const startIndex = tokens.findIndex((token) => token.start >= from && identifierOf(token) === refname);
  if (startIndex === -1) return undefined;
  for (let i = startIndex + 1; i < tokens.length; i++) {
    const token = tokens[i]!;
    if (token.text === ';' || token.text === ':=' || /^default$/i.test(token.text)) return undefined;
    if (identifierOf(token) !== target.table) continue;
    const before = tokens[i - 1];
    const qualified = before?.text === '.' && identifierOf(tokens[i - 2] ?? before) === names.schema;
    if (qualified !== target.schemaQualified) continue;
    return { edit: { start: token.start, end: token.end, text: quoteIdentifier(names.tables.get(target.table)!) }, tokenStart: token.start };
  }
  return undefined;
}

/**
 * The edits that rename tables in one SQL text, found with the parser: relations (FROM, JOIN,
 * INSERT INTO, UPDATE, DELETE, …), type names (`::leads`), column references qualified by the
 * table name (`leads.id`), and ON CONFLICT ON CONSTRAINT names. String constants that spell a
 * renamed table are left for review (regclass casts, to_regclass, dynamic SQL).
 */
function sqlEdits(sql: string, names: RewriteNames, options: { dynamic: boolean; typesOnly?: boolean }): Found {
  const found: Found = { edits: [], review: [] };
  let tree;
  try {
    tree = parseSql(sql);
  } catch (error) {
    if (mentionsAny(sql, names.tables.keys())) {
      found.review.push({ offset: 0, message: `SQL the parser rejects (${firstLine(error)}): rewrite by hand` });
    }
    return found;
  }
  const tokens = scanSql(sql);
  const tokenIndexAt = (offset: number) => tokens.findIndex((token) => token.start === offset);
  const replace = (index: number, replacement: string) => {
    const token = tokens[index]!;
    found.edits.push({ start: token.start, end: token.end, text: replacement });
  };
  /** Index of the table token of `[schema .] table` starting at `offset`. */
  const tableToken = (offset: number, qualified: boolean, table: string): number | undefined => {
    const index = tokenIndexAt(offset);
    if (index === -1) return undefined;
    const at = qualified ? index + 2 : index;
    if (qualified && tokens[index + 1]?.text !== '.') return undefined;
    const token = tokens[at];
    return token && identifierOf(token) === table ? at : undefined;
  };

  for (const { stmt } of tree.stmts ?? []) {
    const aliases = new Set<string>();
    const ctes = new Set<string>();
    const bareTables = new Set<string>();
    const columnRefs: Array<{ fields: string[]; location: number }> = [];
    walk(stmt, (type, node) => {
      if (type === 'Alias' || (node.aliasname !== undefined && type !== 'RangeVar')) aliases.add(String(node.aliasname));
      const alias = get(node, 'alias', 'aliasname');
      if (typeof alias === 'string') aliases.add(alias);
      if (type === 'CommonTableExpr' && typeof node.ctename === 'string') ctes.add(node.ctename);
    });
    walk(stmt, (type, node) => {
      if (options.typesOnly && type !== 'TypeName') return;
      switch (type) {
        case 'RangeVar': {
          const relname = String(node.relname);
          const schemaname = node.schemaname as string | undefined;
          if (!names.tables.has(relname) || node.catalogname !== undefined) break;
          if (schemaname !== undefined && schemaname !== names.schema) break;
          if (schemaname === undefined && names.unqualified === false) break;
          if (schemaname === undefined && ctes.has(relname)) {
            found.review.push({ offset: Number(node.location ?? 0), message: `WITH ${relname} AS (…) shadows the table ${relname}: check by hand` });
            break;
          }
          const index = tableToken(Number(node.location), schemaname !== undefined, relname);
          if (index === undefined) {
            found.review.push({ offset: Number(node.location ?? 0), message: `${relname}: the parser's position does not match the text: rewrite by hand` });
            break;
          }
          replace(index, quoteIdentifier(names.tables.get(relname)!));
          if (get(node, 'alias') === undefined) bareTables.add(relname);
          break;
        }
        case 'TypeName': {
          const parts = ((node.names as Node[] | undefined) ?? []).map((n) => get(n, 'String', 'sval') as string | undefined);
          const table = parts.at(-1);
          if (!table || !names.tables.has(table)) break;
          if (parts.length === 2 && parts[0] !== names.schema) break;
          if (parts.length > 2 || node.location === undefined) break;
          if (parts.length === 1 && names.unqualified === false) break;
          const index = tableToken(Number(node.location), parts.length === 2, table);
          if (index === undefined) {
            found.review.push({ offset: Number(node.location), message: `type ${table}: the parser's position does not match the text: rewrite by hand` });
            break;
          }
          replace(index, quoteIdentifier(names.tables.get(table)!));
          break;
        }
        case 'ColumnRef': {
          const fields = ((node.fields as Node[] | undefined) ?? []).map((f) => (get(f, 'String', 'sval') as string | undefined) ?? '*');
          if (fields.length >= 2) columnRefs.push({ fields, location: Number(node.location) });
          break;
        }
        case 'InferClause': {
          const conname = node.conname as string | undefined;
          const renamed = conname === undefined ? undefined : names.constraints.get(conname);
          if (!conname || !renamed) break;
          const start = tokenIndexAt(Number(node.location));
          const index = tokens.findIndex((token, i) => i > start && identifierOf(token) === conname);
          if (start === -1 || index === -1) {
            found.review.push({ offset: Number(node.location ?? 0), message: `ON CONSTRAINT ${conname} is renamed to ${renamed}: rewrite by hand` });
          } else {
            replace(index, quoteIdentifier(renamed));
          }
          break;
        }
        case 'A_Const': {
          const text = get(node, 'sval', 'sval');
          if (typeof text !== 'string') break;
          const named = stringNamesTable(text, names, options.dynamic);
          if (named) {
            found.review.push({
              offset: Number(node.location ?? 0),
              message: options.dynamic
                ? `SQL run by EXECUTE names ${named} inside a string: rewrite by hand`
                : `the string '${abbreviate(text)}' names ${named} (regclass, to_regclass, dynamic SQL?): check by hand`,
            });
          }
          break;
        }
      }
    });
    // `leads.id` follows the table only where `leads` is the bare table, not an alias.
    for (const ref of columnRefs) {
      const qualified = ref.fields.length >= 3 && ref.fields[0] === names.schema && names.tables.has(ref.fields[1]!);
      const table = qualified ? ref.fields[1]! : ref.fields[0]!;
      if (!names.tables.has(table)) continue;
      if (!qualified && aliases.has(table)) {
        if (bareTables.has(table)) found.review.push({ offset: ref.location, message: `${table}.${ref.fields[1]}: ${table} is both a table and an alias here: check by hand` });
        continue;
      }
      if (!bareTables.has(table)) continue;
      const index = tableToken(ref.location, qualified, table);
      if (index === undefined) {
        found.review.push({ offset: ref.location, message: `${ref.fields.join('.')}: the parser's position does not match the text: rewrite by hand` });
        continue;
      }
      replace(index, quoteIdentifier(names.tables.get(table)!));
    }
  }
  return found;
}

/** Does a string constant spell a renamed table? Exactly (`'leads'`, `'public.leads'`), or anywhere for SQL run by EXECUTE. */
function stringNamesTable(text: string, names: RewriteNames, dynamic: boolean): string | undefined {
  for (const table of names.tables.keys()) {
    const exact = [table, `${names.schema}.${table}`, `"${table}"`, `${names.schema}."${table}"`];
    if (exact.includes(text.trim())) return table;
    if (dynamic && new RegExp(`(^|[^A-Za-z0-9_$])${escapeRegExp(table)}($|[^A-Za-z0-9_$])`, 'i').test(text)) return table;
  }
  return undefined;
}

function finish(bytes: Buffer, found: Found): BodyRewrite {
  const lineStarts = lineOffsets(bytes);
  const lineOf = (offset: number) => {
    let line = 1;
    for (let i = 1; i < lineStarts.length && lineStarts[i]! <= offset; i++) line = i + 1;
    return line;
  };
  const seen = new Set<string>();
  const review: ReviewNote[] = [];
  for (const note of [...found.review].sort((a, b) => a.offset - b.offset)) {
    const line = lineOf(note.offset);
    const key = `${line}:${note.message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    review.push({ line, message: note.message });
  }
  const edits = dedupe(found.edits).sort((a, b) => b.start - a.start);
  let out = bytes;
  for (const edit of edits) {
    out = Buffer.concat([out.subarray(0, edit.start), Buffer.from(edit.text, 'utf8'), out.subarray(edit.end)]);
  }
  return { body: out.toString('utf8'), replaced: edits.length, review };
}

function dedupe(edits: Edit[]): Edit[] {
  const byStart = new Map<number, Edit>();
  for (const edit of edits) byStart.set(edit.start, edit);
  return [...byStart.values()];
}

function lineOffsets(bytes: Buffer): number[] {
  const starts = [0];
  for (let i = 0; i < bytes.length; i++) if (bytes[i] === 0x0a) starts.push(i + 1);
  return starts;
}

function get(node: unknown, ...path: string[]): unknown {
  let value = node;
  for (const key of path) {
    if (value === null || typeof value !== 'object') return undefined;
    value = (value as Node)[key];
  }
  return value;
}

function firstLine(error: unknown): string {
  return String((error as Error).message ?? error).split('\n')[0]!;
}

function abbreviate(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > 60 ? `${flat.slice(0, 57)}...` : flat;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
