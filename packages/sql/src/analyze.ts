import { get, identifierOf, parseSql, scanSql, SqlParseFailure, walk, type Node, type Token } from './parser.js';

/** What a reference names: a relation (FROM, JOIN, INSERT INTO, …), a type (`::orders`,
 * `%ROWTYPE`), the table qualifying a column (`orders.id`), or an ON CONFLICT constraint. */
export type RefKind = 'relation' | 'type' | 'qualifier' | 'constraint';

/** Why a place is left for a person to check. */
export type ReviewKind =
  /** A string constant that spells an old name (`'orders'::regclass`, `to_regclass('orders')`). */
  | 'string'
  /** SQL run by EXECUTE names an old table inside a string. */
  | 'dynamic'
  /** `WITH orders AS (…)` shadows the table. */
  | 'shadowed'
  /** `orders.id` where orders is both a table and an alias. */
  | 'ambiguous'
  /** The parser's position or text could not be matched to the source. */
  | 'unplaced'
  /** PL/pgSQL: a name outside any SQL statement the parser placed (a variable, a label…). */
  | 'outside'
  /** SQL (or PL/pgSQL) the parser rejects, while the text names an old table. */
  | 'unparsed';

/** The names looked for. */
export interface Names {
  readonly schema: string;
  /** Whether unqualified names resolve to `schema`. */
  readonly unqualified: boolean;
  readonly tables: ReadonlySet<string>;
  readonly constraints: ReadonlySet<string>;
}

/** A reference, in UTF-8 byte offsets of the analysed text (the name token only, never the schema). */
export interface ByteRef {
  kind: RefKind;
  schema?: string;
  name: string;
  start: number;
  end: number;
  quoted: boolean;
}

export interface ByteReview {
  kind: ReviewKind;
  name?: string;
  start: number;
  end: number;
  message: string;
}

export interface ByteFound {
  refs: ByteRef[];
  review: ByteReview[];
  error?: { message: string; offset?: number };
  /**
   * Parameters read as a typed value written type first (`users.fid $1` is `$1` cast to a type
   * `users.fid`): where a `$n` stands for a template hole, the names before it were not read as
   * what they are.
   */
  typedParams?: number[];
}

export interface AnalyzeOptions {
  /** The text is SQL run by EXECUTE: strings are searched for old names word by word. */
  dynamic?: boolean;
  /** Only type names (a function's signature and RETURNS clause). */
  typesOnly?: boolean;
}

/** Does `text` mention any of the names at all? A cheap filter before parsing. */
export function mentionsAny(text: string, names: Iterable<string>): boolean {
  const lower = text.toLowerCase();
  for (const name of names) if (lower.includes(name.toLowerCase())) return true;
  return false;
}

/**
 * The references to the old names in one SQL text, found with the parser: relations, type
 * names, column references qualified by the bare table name and ON CONFLICT ON CONSTRAINT
 * names. Aliases, columns, CTE names, parameters and string contents are never references;
 * string constants that spell an old name are review items. Never throws on SQL the parser
 * rejects: that comes back as `error`.
 */
/** Kinds of DROP and RENAME whose names are relations. */
const RELATION_OBJECTS = new Set(['OBJECT_TABLE', 'OBJECT_VIEW', 'OBJECT_MATVIEW', 'OBJECT_FOREIGN_TABLE']);

export function analyzeSql(sql: string, names: Names, options: AnalyzeOptions = {}): ByteFound {
  const found: ByteFound = { refs: [], review: [] };
  let tree;
  let tokens: Token[];
  try {
    tree = parseSql(sql);
    tokens = scanSql(sql);
  } catch (error) {
    const offset = error instanceof SqlParseFailure ? error.byteOffset : undefined;
    found.error = offset === undefined ? { message: errorMessage(error) } : { message: errorMessage(error), offset };
    return found;
  }
  const byStart = new Map<number, number>();
  tokens.forEach((token, index) => byStart.set(token.start, index));
  const tokenIndexAt = (offset: number) => byStart.get(offset) ?? -1;
  const endAt = (offset: number) => tokens[tokenIndexAt(offset)]?.end ?? offset;
  const review = (kind: ReviewKind, offset: number, message: string, name?: string) => {
    found.review.push(name === undefined ? { kind, start: offset, end: endAt(offset), message } : { kind, name, start: offset, end: endAt(offset), message });
  };
  const ref = (kind: RefKind, index: number, name: string, schema: string | undefined) => {
    const token = tokens[index]!;
    const entry: ByteRef = { kind, name, start: token.start, end: token.end, quoted: token.text.startsWith('"') };
    if (schema !== undefined) entry.schema = schema;
    found.refs.push(entry);
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

  /**
   * `DROP TABLE [schema.]t, …` and `ALTER TABLE x RENAME TO t`: names the parser gives without a
   * position (not RangeVars), found among the statement's tokens.
   */
  const ddlNames = (stmt: Node, from: number, to: number): void => {
    const drop = get(stmt, 'DropStmt') as Node | undefined;
    const rename = get(stmt, 'RenameStmt') as Node | undefined;
    // Most statements are neither: their tokens are not gathered.
    if (!drop && !rename) return;
    const range: number[] = [];
    for (let i = 0; i < tokens.length; i += 1) if (tokens[i]!.start >= from && tokens[i]!.start < to) range.push(i);
    // `RENAME TO t` names `t` alone, in the schema of the table renamed (`inSchema`).
    const place = (table: string, schema: string | undefined, last: boolean, inSchema = schema): void => {
      if (!names.tables.has(table) || (inSchema !== undefined && inSchema !== names.schema) || (inSchema === undefined && !names.unqualified)) return;
      const candidates = range.filter((i) => identifierOf(tokens[i]!) === table && (schema === undefined ? tokens[i - 1]?.text !== '.' : tokens[i - 1]?.text === '.' && identifierOf(tokens[i - 2]!) === schema));
      const index = last ? candidates.at(-1) : candidates[0];
      if (index === undefined) review('unplaced', tokens[range[0] ?? 0]?.start ?? 0, `${table}: the parser's position does not match the text: rewrite by hand`, table);
      else ref('relation', index, table, schema);
    };
    if (drop && RELATION_OBJECTS.has(String(drop.removeType))) {
      for (const object of (drop.objects as Node[] | undefined) ?? []) {
        const parts = ((get(object, 'List', 'items') as Node[] | undefined) ?? []).map((item) => get(item, 'String', 'sval') as string | undefined);
        if (parts.length === 0 || parts.length > 2 || parts.some((part) => part === undefined)) continue;
        place(parts.at(-1)!, parts.length === 2 ? parts[0] : undefined, false);
      }
    }
    if (rename && RELATION_OBJECTS.has(String(rename.renameType)) && typeof rename.newname === 'string') {
      place(rename.newname, undefined, true, get(rename, 'relation', 'schemaname') as string | undefined);
    }
  };

  for (const { stmt, stmt_location: from = 0, stmt_len: length } of tree.stmts ?? []) {
    ddlNames(stmt, from, length ? from + length : Number.MAX_SAFE_INTEGER);
    const aliases = new Set<string>();
    const ctes = new Set<string>();
    const bareTables = new Set<string>();
    const columnRefs: Array<{ fields: string[]; location: number }> = [];
    const jsonKeys = jsonKeyLocations(stmt);
    const cteReads = cteReferences(stmt);
    walk(stmt, (type, node) => {
      if (type === 'Alias' || (node.aliasname !== undefined && type !== 'RangeVar')) aliases.add(String(node.aliasname));
      const alias = get(node, 'alias', 'aliasname');
      if (typeof alias === 'string') aliases.add(alias);
      if (type === 'CommonTableExpr' && typeof node.ctename === 'string') ctes.add(node.ctename);
    });
    walk(stmt, (type, node) => {
      if (type === 'TypeCast') {
        const param = get(node.arg, 'ParamRef', 'location');
        const typed = (node.typeName as Node | undefined)?.location;
        if (typeof param === 'number' && typeof typed === 'number' && typed < param) (found.typedParams ??= []).push(param);
      }
      if (options.typesOnly && type !== 'TypeName') return;
      switch (type) {
        case 'RangeVar': {
          const relname = String(node.relname);
          const schemaname = node.schemaname as string | undefined;
          if (!names.tables.has(relname) || node.catalogname !== undefined) break;
          if (schemaname !== undefined && schemaname !== names.schema) break;
          if (schemaname === undefined && !names.unqualified) break;
          // A read of `WITH orders AS (…)` inside its scope is the CTE, not the table.
          if (schemaname === undefined && cteReads.has(Number(node.location))) break;
          if (schemaname === undefined && ctes.has(relname)) {
            review('shadowed', Number(node.location ?? 0), `WITH ${relname} AS (…) shadows the table ${relname}: check by hand`, relname);
            break;
          }
          const index = tableToken(Number(node.location), schemaname !== undefined, relname);
          if (index === undefined) {
            review('unplaced', Number(node.location ?? 0), `${relname}: the parser's position does not match the text: rewrite by hand`, relname);
            break;
          }
          ref('relation', index, relname, schemaname);
          if (get(node, 'alias') === undefined) bareTables.add(relname);
          break;
        }
        case 'TypeName': {
          const parts = ((node.names as Node[] | undefined) ?? []).map((n) => get(n, 'String', 'sval') as string | undefined);
          const table = parts.at(-1);
          if (!table || !names.tables.has(table)) break;
          if (parts.length === 2 && parts[0] !== names.schema) break;
          if (parts.length > 2 || node.location === undefined) break;
          if (parts.length === 1 && !names.unqualified) break;
          const index = tableToken(Number(node.location), parts.length === 2, table);
          if (index === undefined) {
            review('unplaced', Number(node.location), `type ${table}: the parser's position does not match the text: rewrite by hand`, table);
            break;
          }
          ref('type', index, table, parts.length === 2 ? parts[0] : undefined);
          break;
        }
        case 'ColumnRef': {
          const fields = ((node.fields as Node[] | undefined) ?? []).map((f) => (get(f, 'String', 'sval') as string | undefined) ?? '*');
          if (fields.length >= 1) columnRefs.push({ fields, location: Number(node.location) });
          break;
        }
        case 'InferClause': {
          const conname = node.conname as string | undefined;
          if (!conname || !names.constraints.has(conname)) break;
          const start = tokenIndexAt(Number(node.location));
          const index = tokens.findIndex((token, i) => i > start && identifierOf(token) === conname);
          if (start === -1 || index === -1) {
            review('unplaced', Number(node.location ?? 0), `ON CONSTRAINT ${conname} is renamed: rewrite by hand`, conname);
          } else {
            ref('constraint', index, conname, undefined);
          }
          break;
        }
        case 'A_Const': {
          const text = get(node, 'sval', 'sval');
          if (typeof text !== 'string' || jsonKeys.has(Number(node.location))) break;
          const named = stringNamesTable(text, names, options.dynamic === true);
          if (named) {
            if (options.dynamic) review('dynamic', Number(node.location ?? 0), `SQL run by EXECUTE names ${named} inside a string: rewrite by hand`, named);
            else review('string', Number(node.location ?? 0), `the string '${abbreviate(text)}' names ${named} (regclass, to_regclass, dynamic SQL?): check by hand`, named);
          }
          break;
        }
      }
    });
    // `orders.id` follows the table only where `orders` is the bare table, not an alias.
    for (const column of columnRefs) {
      if (column.fields.length === 1) {
        // `row_to_json(orders)` with `orders` a bare table here: its whole row, unless a table in
        // FROM has a column of that name, which only the schema knows.
        const [name] = column.fields as [string];
        if (names.tables.has(name) && bareTables.has(name) && !aliases.has(name)) {
          review('ambiguous', column.location, `${name} alone: the whole row of the table ${name}, or a column of that name: check by hand`, name);
        }
        continue;
      }
      const qualified = column.fields.length >= 3 && column.fields[0] === names.schema && names.tables.has(column.fields[1]!);
      const table = qualified ? column.fields[1]! : column.fields[0]!;
      if (!names.tables.has(table)) continue;
      if (!qualified && aliases.has(table)) {
        if (bareTables.has(table)) {
          review('ambiguous', column.location, `${table}.${column.fields[1]}: ${table} is both a table and an alias here: check by hand`, table);
        }
        continue;
      }
      if (!bareTables.has(table)) continue;
      const index = tableToken(column.location, qualified, table);
      if (index === undefined) {
        review('unplaced', column.location, `${column.fields.join('.')}: the parser's position does not match the text: rewrite by hand`, table);
        continue;
      }
      ref('qualifier', index, table, qualified ? names.schema : undefined);
    }
  }
  return found;
}

/**
 * Locations of unqualified relation names that read a CTE: inside a statement whose WITH clause
 * defines that name (the CTE bodies included, for WITH RECURSIVE and later CTEs).
 */
function cteReferences(stmt: Node): Set<number> {
  const reads = new Set<number>();
  const visit = (value: unknown, scope: ReadonlySet<string>): void => {
    if (Array.isArray(value)) {
      for (const item of value) visit(item, scope);
      return;
    }
    if (value === null || typeof value !== 'object') return;
    const node = value as Node;
    let inner = scope;
    const ctes = get(node, 'withClause', 'ctes');
    if (Array.isArray(ctes)) {
      const names = ctes.map((cte) => get(cte, 'CommonTableExpr', 'ctename')).filter((name): name is string => typeof name === 'string');
      inner = new Set([...scope, ...names]);
    }
    if (typeof node.relname === 'string' && node.schemaname === undefined && inner.has(node.relname) && typeof node.location === 'number') {
      reads.add(node.location);
    }
    for (const child of Object.values(node)) visit(child, inner);
  };
  visit(stmt, new Set());
  return reads;
}

/**
 * String constants that are JSON keys, not names: the keys of json(b)_build_object and the right
 * side of `->`, `->>`, `?`, `#-` and friends.
 */
function jsonKeyLocations(stmt: Node): Set<number> {
  const keys = new Set<number>();
  const constLocation = (value: unknown) => {
    const location = get(value, 'A_Const', 'location');
    if (typeof location === 'number') keys.add(location);
  };
  walk(stmt, (type, node) => {
    if (type === 'FuncCall') {
      const fn = ((node.funcname as Node[] | undefined) ?? []).map((n) => get(n, 'String', 'sval')).at(-1);
      if (fn !== 'json_build_object' && fn !== 'jsonb_build_object') return;
      ((node.args as unknown[] | undefined) ?? []).forEach((arg, i) => {
        if (i % 2 === 0) constLocation(arg);
      });
    } else if (type === 'A_Expr') {
      const op = ((node.name as Node[] | undefined) ?? []).map((n) => get(n, 'String', 'sval')).at(-1);
      if (typeof op === 'string' && JSON_KEY_OPERATORS.has(op)) constLocation(node.rexpr);
    }
  });
  return keys;
}

const JSON_KEY_OPERATORS = new Set(['->', '->>', '?', '#-', '-']);

/** Does a string constant spell an old name? Exactly (`'orders'`, `'public.orders'`), or anywhere for SQL run by EXECUTE. */
export function stringNamesTable(text: string, names: Names, dynamic: boolean): string | undefined {
  for (const table of names.tables) {
    const exact = [table, `${names.schema}.${table}`, `"${table}"`, `${names.schema}."${table}"`];
    if (exact.includes(text.trim())) return table;
    if (dynamic && new RegExp(`(^|[^A-Za-z0-9_$])${escapeRegExp(table)}($|[^A-Za-z0-9_$])`, 'i').test(text)) return table;
  }
  return undefined;
}

export function errorMessage(error: unknown): string {
  return String((error as Error)?.message ?? error).split('\n')[0]!;
}

export function abbreviate(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > 60 ? `${flat.slice(0, 57)}...` : flat;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
