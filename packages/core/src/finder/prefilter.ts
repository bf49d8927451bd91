import type { RenameMap } from '../config.js';
import { TABLE_CALLS } from './orm-names.js';

/**
 * One regex for every old and new name, matching whole words only: letters, digits, `_` and `$`
 * count as word characters, so `crm_leads` and `leads_owner_id_fkey` do not match `leads`. For
 * `.test()`: a match starts at the character before the name, if there is one.
 */
export function namesPattern(map: PatternNames): RegExp {
  const names = [...new Set([...map.oldNames, ...map.newNames])].sort((a, b) => b.length - a.length || (a < b ? -1 : 1));
  const alternatives = [...names.map((name) => name.replace(/[$]/g, '\\$')), ...derivedHintPattern(map)].join('|');
  // A consumed non-word character (or the start) instead of a lookbehind: the same test, and V8
  // rejects the bench corpus's 22 MB about a quarter faster this way.
  return new RegExp(`(?:^|[^A-Za-z0-9_$])(?:${alternatives})(?![A-Za-z0-9_$])`);
}

/**
 * The shapes a table name takes in a table position: a whole string literal (`'t'`, `"t"`, `` `t` ``,
 * also a quoted select identifier), a select embed or spread (`t(`, `t (`, `t!hint(`), or a hint
 * (`!t`). A name in copy, a route, a key, an identifier or a comment has none of these shapes.
 * Run after `namesPattern`, which rejects most files faster.
 */
export function positionPattern(map: PatternNames): RegExp {
  const names = [...new Set([...map.oldNames, ...map.newNames])].sort((a, b) => b.length - a.length || (a < b ? -1 : 1));
  const n = names.map((name) => name.replace(/[$]/g, '\\$')).join('|');
  const hint = [n, ...derivedHintPattern(map)].join('|');
  return new RegExp(
    `(['"\`])(?:${n})\\1|(?<![A-Za-z0-9_$])(?:${n})\\s*[(!]|!\\s*(?:${hint})(?![A-Za-z0-9_$])`,
  );
}

/**
 * Whether a text names a table where a table name can stand (a whole literal, an embed, a hint):
 * the whole-word test first, which rejects most texts faster than the shape test.
 */
export function mentionsTableTest(map: PatternNames): (text: string) => boolean {
  const names = namesPattern(map);
  const positions = positionPattern(map);
  return (text) => names.test(text) && positions.test(text);
}

type PatternNames = Pick<RenameMap, 'oldNames' | 'newNames'> & Partial<Pick<RenameMap, 'renameDerived' | 'schema'>>;

/** With renameDerived, FK names derived from an old name (`orders_buyer_fkey`, `public_orders_buyer_fkey`) are names too: hints carry them. */
function derivedHintPattern(map: PatternNames): string[] {
  if (!map.renameDerived || map.oldNames.size === 0) return [];
  const olds = [...map.oldNames].map((name) => name.replace(/[$]/g, '\\$')).join('|');
  return [`(?:${map.schema ?? 'public'}_)?(?:${olds})_[A-Za-z0-9_$]*_fkey`];
}

/**
 * A query builder's table string that `positionPattern` does not cover: `'public.t'`, `'t as a'`.
 * Tested only on files that may use a query builder (scan.ts: `OTHER_FORMS`).
 */
export function builderPattern(map: Pick<RenameMap, 'oldNames' | 'newNames'>): RegExp {
  const names = [...new Set([...map.oldNames, ...map.newNames])].sort((a, b) => b.length - a.length || (a < b ? -1 : 1));
  const n = names.map((name) => name.replace(/[$]/g, '\\$')).join('|');
  return new RegExp(`['"\`](?:[A-Za-z_][A-Za-z0-9_$]*\\.)?(?:${n})(?:['"\`]|\\s+[aA][sS]\\s)`);
}

/**
 * Module specifiers a file imports or re-exports (a cheap scan, not a parse: a specifier inside a
 * comment is a harmless extra). `reexport` marks `export … from`, which lets a barrel pass another
 * module's constants through. Only specifiers `follow` accepts are returned.
 */
export interface ImportEdge {
  readonly specifier: string;
  readonly reexport: boolean;
}

const IMPORT_EDGE = /\b(export|from|import|require)\s*\(?\s*(['"])([^'"\n\r]+)\2/g;

export function importEdges(text: string, follow: (specifier: string) => boolean): ImportEdge[] {
  const edges: ImportEdge[] = [];
  IMPORT_EDGE.lastIndex = 0;
  for (let m = IMPORT_EDGE.exec(text); m; m = IMPORT_EDGE.exec(text)) {
    const specifier = m[3]!;
    if (!follow(specifier)) continue;
    let reexport = false;
    if (m[1] === 'from') {
      // `export { a } from './x'` (maybe over several lines) / `export * from './x'`: the nearest
      // statement keyword before `from` is `export`, with no `;` in between.
      const exportAt = text.lastIndexOf('export', m.index);
      const importAt = text.lastIndexOf('import', m.index);
      reexport = exportAt > importAt && !text.slice(exportAt, m.index).includes(';');
    }
    edges.push({ specifier, reexport });
  }
  return edges;
}

/** A file that might use an imported constant as a table: it has a call or key where one can go. */
const TABLE_POSITION = /\.\s*(?:from|select)\s*\(|\btable\b/;

export function hasTablePosition(text: string): boolean {
  // indexOf first: most files have none of these, and the regex is slower at rejecting.
  if (!text.includes('.from') && !text.includes('.select') && !text.includes('table')) return false;
  return TABLE_POSITION.test(text);
}

/**
 * A file without any table name can still hold a dynamic reference (`.from(table)`, a realtime
 * filter on a variable, `.select(columns)`, `db.selectFrom(table)`), which the finder must report.
 * This finds `.from(` on a lower-case receiver, `.select(` and a query builder's or ORM's table call
 * with an argument that is not a quoted string, and realtime subscriptions.
 */
export function mayHaveDynamicTable(text: string): boolean {
  if (text.includes('postgres_changes')) return true;
  // A query builder's or ORM's table position given something other than a string literal.
  if (BUILDER_NOT_LITERAL.test(text)) return true;
  // `.select(columns)`: a select string that may embed a table, known only once followed.
  for (let at = text.indexOf('.select'); at !== -1; at = text.indexOf('.select', at + 7)) {
    let i = skipSpace(text, at + 7);
    if (text.charCodeAt(i) === 60 /* < */) i = text.indexOf('(', i); // .select<…>(…)
    if (i === -1 || text.charCodeAt(i) !== 40 /* ( */) continue;
    const first = text[skipSpace(text, i + 1)];
    if (first !== "'" && first !== '"' && first !== '`' && first !== ')' && first !== undefined) return true;
  }
  for (let at = text.indexOf('.from'); at !== -1; at = text.indexOf('.from', at + 5)) {
    let i = skipSpace(text, at + 5);
    if (text.charCodeAt(i) !== 40 /* ( */) continue;
    i = skipSpace(text, i + 1);
    const first = text[i];
    if (first === "'" || first === '"' || first === ')' || first === undefined) continue;
    // The receiver's last name: `Array.from(…)`, `Buffer.from(…)` are constructors, not queries.
    let start = at;
    while (start > 0 && isWordChar(text.charCodeAt(start - 1))) start -= 1;
    const head = text.charCodeAt(start);
    if (start < at && head >= 65 && head <= 90) continue;
    return true;
  }
  return false;
}

/** The text before a `${}` that stands where SQL wants a table's name (`FROM `, `JOIN public.`). */
export const BEFORE_TABLE = /\b(?:from|join|into|update|table|only)\s+(?:"?[A-Za-z_][A-Za-z0-9_$]*"?\s*\.\s*)?$/i;

/**
 * Whether a template may put a table's name into SQL (`` `SELECT count(*) FROM ${table}` ``): a
 * dynamic reference, or a parameter whose callers pass the name. Each `${` is checked against the
 * few characters before it (a regex over every text that has one cost twice as much).
 */
export function mayHaveSqlTableHole(text: string): boolean {
  for (let at = text.indexOf('${'); at !== -1; at = text.indexOf('${', at + 2)) {
    if (BEFORE_TABLE.test(text.slice(Math.max(0, at - 40), at))) return true;
  }
  return false;
}

/** Calls that run the SQL text they are given, whose argument the pre-filter can see (`classify.ts`: ANY_TABLE_POSITION). */
const SQL_TEXT_CALLS = ['.query(', '.unsafe(', '.raw(', '.query<'];

/**
 * Whether a call runs SQL given something other than a literal (`pool.query(text, params)`,
 * `pool.query({ text, values })`): maybe a wrapper whose callers pass the SQL, parsed to find out.
 */
export function mayRunSqlParameter(text: string): boolean {
  for (const call of SQL_TEXT_CALLS) {
    for (let at = text.indexOf(call); at !== -1; at = text.indexOf(call, at + call.length)) {
      // `.query<Row>(text)`: the argument after the type's `>(`.
      const open = call.endsWith('<') ? text.indexOf('>(', at) + 1 : at + call.length - 1;
      if (open === 0) continue;
      const first = text[skipSpace(text, open + 1)];
      if (first !== undefined && first !== "'" && first !== '"' && first !== '`' && first !== ')') return true;
    }
  }
  return false;
}

const BUILDER_NOT_LITERAL = new RegExp(`(?:${TABLE_CALLS.join('|')})\\s*\\(\\s*[^'"\`)\\s]`);

function skipSpace(text: string, i: number): number {
  while (i < text.length) {
    const code = text.charCodeAt(i);
    if (code !== 32 && code !== 9 && code !== 10 && code !== 13) break;
    i += 1;
  }
  return i;
}

function isWordChar(code: number): boolean {
  return (code >= 97 && code <= 122) || (code >= 65 && code <= 90) || (code >= 48 && code <= 57) || code === 95 || code === 36;
}
