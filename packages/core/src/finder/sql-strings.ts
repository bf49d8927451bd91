import type * as SqlFinder from '@retable/sql';
import type { RenameMap } from '../config.js';
import ts from './typescript.js';
import { resolveBinding } from './values.js';
import { BEFORE_TABLE } from './prefilter.js';

/**
 * SQL held in TS/JS strings: `pool.query('SELECT … FROM orders')`, postgres.js / Drizzle / Kysely
 * `` sql`… FROM orders …` `` tagged templates, `knex.raw`, Prisma `$queryRaw`/`$executeRaw`,
 * deno-postgres `queryObject`, pg-promise `db.any(…)`. The relation names in it are found by the
 * SQL reference finder (@retable/sql: the Postgres parser), never by a pattern: tables in FROM,
 * JOIN, INSERT INTO, UPDATE, DELETE, TRUNCATE, REFERENCES, schema-qualified or not, `::t` types and
 * `t.col` qualifiers of the bare table; never aliases, columns, CTE names or string contents. A
 * `${}` hole is a placeholder, or, where the parser rejects a value, a piece of SQL that may be empty
 * (an optional filter: `… ::interval ${teamFilter} AND …`). SQL that does not parse but names an old
 * table as a whole word is reported for review, never guessed.
 *
 * The parser (WebAssembly) is loaded only when a parsed file has SQL that may name a table
 * (`sqlShapePattern`), so runs over code without such SQL do not pay for it.
 */
export type SqlModule = typeof SqlFinder;

let loading: Promise<SqlModule> | undefined;

/** Load the SQL reference finder and its parser (once). */
export function loadSqlFinder(): Promise<SqlModule> {
  loading ??= import('@retable/sql').then(async (module) => {
    await module.loadParser();
    return module;
  });
  return loading;
}

export { sqlShapePattern } from './classify.js';

/**
 * Whether a text has a call or tag that may run SQL (`sql\``, `.query(`, `$queryRaw`, …): indexOf
 * scans, so the case-insensitive `sqlShapePattern` runs only on the few files that do.
 */
export function mayRunSql(text: string): boolean {
  return (
    text.includes('sql`') ||
    text.includes('sql<') ||
    text.includes('SQL`') ||
    text.includes('.query(') ||
    text.includes('.query<') ||
    text.includes('createQueryBuilder') ||
    text.includes('.literal(') ||
    text.includes('expression:') ||
    text.includes('.execute<') ||
    text.includes('.execute(') ||
    text.includes('Raw') ||
    text.includes('.raw(') ||
    text.includes('.unsafe(') ||
    text.includes('queryObject') ||
    text.includes('queryArray') ||
    text.includes('.any(') ||
    text.includes('.one(') ||
    text.includes('.none(') ||
    text.includes('.many(') ||
    text.includes('.oneOrNone(') ||
    text.includes('.manyOrNone(') ||
    text.includes('.result(')
  );
}

/** Tags of templates that hold SQL: `sql`, `Prisma.sql`, `prisma.$queryRaw`, `conn.queryObject`. */
const SQL_TAGS = new Set(['sql', 'SQL', '$queryRaw', '$executeRaw', 'queryObject', 'queryArray']);
/** Methods whose first argument is SQL text (pg, postgres.js, knex, Prisma, deno-postgres, pg-promise, Drizzle). */
const SQL_METHODS = new Set([
  'query', 'execute', 'raw', 'unsafe', '$queryRawUnsafe', '$executeRawUnsafe', 'queryObject', 'queryArray',
  'none', 'one', 'oneOrNone', 'many', 'manyOrNone', 'any', 'result',
  // knex's pieces of SQL: a FROM item, a join, a condition.
  'fromRaw', 'joinRaw', 'whereRaw', 'orWhereRaw', 'andWhereRaw', 'havingRaw', 'orHavingRaw',
]);

/**
 * What a piece of SQL given to a knex call is (`fromRaw('orders o')`: a FROM item; `whereRaw(…)`:
 * a condition) or to TypeORM's query builder (`.andWhere(…)`, `.addSelect(…)`: an expression, read
 * for its subqueries only); undefined for a statement or a join, which say so themselves.
 */
export type SqlFragment = 'from' | 'condition' | 'expression' | undefined;

export function sqlFragment(call: ts.CallExpression): SqlFragment {
  const callee = call.expression;
  if (!ts.isPropertyAccessExpression(callee)) return undefined;
  const method = callee.name.text;
  return method === 'fromRaw' ? 'from' : method.endsWith('WhereRaw') || method.endsWith('HavingRaw') || method === 'whereRaw' || method === 'havingRaw' ? 'condition' : undefined;
}

export function isSqlTag(tag: ts.Expression): boolean {
  const name = ts.isIdentifier(tag) ? tag.text : ts.isPropertyAccessExpression(tag) ? tag.name.text : undefined;
  if (name !== undefined && SQL_TAGS.has(name)) return true;
  // import { sql as dsql } from 'drizzle-orm'
  if (!ts.isIdentifier(tag)) return false;
  const binding = resolveBinding(tag);
  if (binding.kind === 'import') return SQL_TAGS.has(binding.name);
  // postgres.js under another name: `const pg = postgres(url)`, with `postgres` imported from 'postgres'.
  const init = binding.kind === 'const' ? binding.declaration.initializer : undefined;
  if (!init || !ts.isCallExpression(init) || !ts.isIdentifier(init.expression)) return false;
  const factory = resolveBinding(init.expression);
  return factory.kind === 'import' && factory.specifier === 'postgres';
}

/** The argument of a call that holds SQL text, if the call is one that runs SQL. */
export function sqlCallArgument(call: ts.CallExpression): ts.Expression | undefined {
  const callee = call.expression;
  if (!ts.isPropertyAccessExpression(callee) || !SQL_METHODS.has(callee.name.text)) return undefined;
  const first = call.arguments[0];
  return first && !ts.isSpreadElement(first) ? first : undefined;
}

/** One finding in SQL text: a name to rewrite (or count), or a place to review. */
export interface SqlHit {
  /** Which piece of the text (0 for a plain string; the template part otherwise). */
  readonly piece: number;
  readonly from: number;
  readonly to: number;
  readonly name: string;
  /** For an old name: the token to put in its place (quoted as the original was). */
  readonly replacement?: string;
  /** Set for a review item: why a human should look. */
  readonly review?: string;
}

const REGCLASS = /::\s*regclass\b|\bregclass\s*\(/i;
/** SQL that looks a table up by name in the catalog (`information_schema.columns WHERE table_name = 'orders'`). */
const CATALOG = /\b(?:information_schema|pg_tables|pg_class|table_name|tablename|relname)\b/i;
const SQL_START = /^\s*(?:\(\s*)?(?:select|insert|update|delete|with|truncate|merge|copy|create|alter|drop|lock|values|table|grant|revoke|call|do|explain)\b/i;
/** A piece of a statement put into another one (`` sql`WHERE orders.id = ${id}` ``, `AND …`, `JOIN …`). */
const CLAUSE_START = /^\s*(?:where|and|or|(?:inner\s+|cross\s+|(?:left|right|full)\s+(?:outer\s+)?)?join|on|order\s+by|group\s+by|having|set|returning)\b/i;

/**
 * The names of the map in SQL text given as pieces (one string, or a template's parts with a hole
 * between each two), and the holes that stand where a table's name goes (hole `i` follows piece
 * `i`). Pure; the parser must be loaded.
 */
export function findSqlNames(sql: SqlModule, pieces: ReadonlyArray<{ readonly value: string }>, map: RenameMap, fragment?: SqlFragment): { hits: SqlHit[]; tableHoles: readonly number[] } {
  const values = pieces.map((piece) => piece.value);
  const whole = values.join(' ');
  const mentions = sql.mentionsAny(whole, [...map.oldNames, ...map.newNames]);
  if (!mentions && !values.slice(0, -1).some((value) => BEFORE_TABLE.test(value))) return { hits: [], tableHoles: [] };
  const options = { schema: map.schema, names: [...map.oldNames, ...map.newNames], questionMarks: true };
  const find = (texts: string[]) =>
    texts.length === 1 ? { ...sql.findRelations(texts[0]!, options), part: 0 } : sql.findTemplateRelations(texts, options);
  let found = find(values);
  // An expression with a subquery put into a statement (`` sql`${ref('t.id')} = (SELECT … FROM orders)` ``):
  // read after a `SELECT ` of its own, its offsets then moved back.
  // A join put into a statement (`` Prisma.sql`LEFT JOIN orders o ON …` ``): its table is certain, read
  // after a FROM of its own.
  // A FROM item (knex's `fromRaw('orders o')`) is read the same way, after a `SELECT * FROM`.
  const join = found.error !== undefined && (JOIN_START.test(values[0] ?? '') || fragment === 'from');
  if ((found.error && !SQL_START.test(values[0] ?? '') && !CLAUSE_START.test(values[0] ?? '') && SUBQUERY.test(whole)) || join) {
    const prefix = !join ? EXPRESSION : fragment === 'from' ? FROM_ITEM : JOINED;
    const expression = find([prefix + values[0]!, ...values.slice(1)]);
    if (!expression.error) {
      const back = <T extends { start: number; end: number; part?: number }>(at: T): T =>
        (at.part ?? 0) !== 0 ? at : { ...at, start: at.start - prefix.length, end: at.end - prefix.length };
      // A qualifier the parser ties to the joined table is that table's (the statement it goes into
      // cannot have another relation of that name, which Postgres refuses).
      const refs = (expression.refs as Array<SqlFinder.SqlRef & { part?: number }>).map(back);
      const review = (expression.review as Array<SqlFinder.SqlReview & { part?: number }>).map(back);
      found = { ...expression, refs, review } as unknown as typeof found;
    }
  }
  const tableHoles = found.tableHoles ?? [];
  const hits: SqlHit[] = [];
  if (found.error) {
    // Not SQL the parser reads: a review item for an old name written as a whole word, if the text
    // starts like SQL or like a clause another statement takes in (its names may be the tables or
    // the aliases of that statement); a sentence or a route that merely holds the word is nothing.
    const statement = SQL_START.test(values[0] ?? '');
    // A TypeORM select or condition (`'user.id = :id'`) names aliases far more than tables: only its subqueries count.
    const clause = !statement && fragment !== 'expression' && (CLAUSE_START.test(values[0] ?? '') || fragment !== undefined);
    if (!statement && !clause) return { hits: [], tableHoles };
    for (const [piece, value] of values.entries()) {
      for (const old of map.oldNames) {
        const at = wholeWord(value, old);
        if (at === -1) continue;
        hits.push({
          piece,
          from: at,
          to: at + old.length,
          name: old,
          review: clause
            ? `a piece of SQL put into another statement names "${old}" (a table, or an alias of that statement): check it by hand`
            : `SQL that does not parse (${found.error.message}) names "${old}": check it by hand`,
        });
      }
    }
    return { hits: hits.sort((a, b) => a.piece - b.piece || a.from - b.from), tableHoles };
  }
  for (const ref of found.refs) {
    if (ref.kind === 'constraint') continue;
    const piece = 'part' in ref ? (ref as { part: number }).part : 0;
    const renamed = map.renames.get(ref.name);
    hits.push({
      piece,
      from: ref.start,
      to: ref.end,
      name: ref.name,
      ...(renamed === undefined ? {} : { replacement: ref.quoted ? `"${renamed}"` : sql.quoteIdentifier(renamed) }),
    });
  }
  for (const note of found.review) {
    if (note.name === undefined || !map.oldNames.has(note.name)) continue;
    // In application SQL a string that equals a table name is data (`WHERE note = 'orders'`) and a
    // CTE named like a table is its own relation: only a string read as a relation, or looked up in
    // the catalog, is worth a look.
    if (note.kind === 'shadowed' || (note.kind === 'string' && !REGCLASS.test(whole) && !CATALOG.test(whole))) continue;
    const piece = 'part' in note ? (note as { part: number }).part : 0;
    hits.push({ piece, from: note.start, to: note.end, name: note.name, review: note.message });
  }
  return { hits: hits.sort((a, b) => a.piece - b.piece || a.from - b.from), tableHoles };
}

const SUBQUERY = /\(\s*select\b/i;
const EXPRESSION = 'SELECT ';
const JOIN_START = /^\s*(?:(?:inner|cross|(?:left|right|full)(?:\s+outer)?)\s+)?join\b/i;
const JOINED = 'SELECT * FROM retable_hole ';
const FROM_ITEM = 'SELECT * FROM ';

function wholeWord(text: string, name: string): number {
  const pattern = new RegExp(`(?<![A-Za-z0-9_$])${name.replace(/[$]/g, '\\$')}(?![A-Za-z0-9_$])`);
  return pattern.exec(text)?.index ?? -1;
}
