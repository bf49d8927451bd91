import type { RenameMap } from '../config.js';
import { isPrismaSchema } from './prisma.js';
import { builderPattern, hasTablePosition, mayHaveDynamicTable, mayHaveSqlTableHole, mayRunSqlParameter, namesPattern, positionPattern } from './prefilter.js';
import { codeView } from './script-blocks.js';
import { TABLE_CALLS } from './orm-names.js';

/**
 * The finder's decision per scanned file, on its text alone and without the TypeScript compiler, so
 * that a worker thread can take it too (scan-worker.ts).
 */
export type ClassifyNames = Pick<RenameMap, 'oldNames' | 'newNames'> & Partial<Pick<RenameMap, 'renameDerived' | 'schema'>>;

/**
 * Why a scanned file is parsed: it names a table in a table-position shape; it may have a dynamic
 * table name; it has a table position (a Supabase one, or a query builder's or an ORM's:
 * `db.selectFrom(ORDERS)`, `pgTable(TABLES.orders, …)`) and may use an imported constant (decided
 * once imports are resolved); or nothing.
 */
export type Need = 'names' | 'dynamic' | 'imports' | 'nothing';

/** Classifies a scanned file's text for `scan`. */
export function classifier(names: ClassifyNames): (text: string) => Need {
  const wholeWords = namesPattern(names);
  const positions = positionPattern(names);
  // The whole-word test first: it rejects most files faster than the shape test.
  const builder = builderPattern(names);
  const sql = sqlShapePattern(names);
  const qualified = qualifiedPattern(names);
  return (text) =>
    wholeWords.test(text) &&
    (positions.test(text) || qualified.test(text) || (OTHER_FORMS.test(text) && (builder.test(text) || sql.test(text))))
      ? 'names'
      : !ANY_TABLE_POSITION.test(text)
        ? mayHaveSqlTableHole(text) ? 'dynamic' : 'nothing'
        : mayHaveDynamicTable(text) || mayHaveSqlTableHole(text) || mayRunSqlParameter(text) || text.includes('Kysely<') || declaresModel(text)
          ? 'dynamic'
          : hasTablePosition(text) || OTHER_FORMS.test(text)
            ? 'imports'
            : 'nothing';
}

/** A string that qualifies a column with a name (`'orders.id'`, `"orders.*"`): an ORM's relation or query (Objection). */
function qualifiedPattern(map: ClassifyNames): RegExp {
  const names = [...new Set([...map.oldNames, ...map.newNames])].sort((a, b) => b.length - a.length || (a < b ? -1 : 1));
  return new RegExp(`['"\`](?:${names.map((name) => name.replace(/[$]/g, '\\$')).join('|')})\\.[A-Za-z_*]`);
}

/**
 * A query builder or a call that runs SQL (`selectFrom`, `knex`, `.join(`, `sql\``, `.query(`,
 * `$queryRaw`, …): one regex pass (measured ~3× faster than an indexOf scan per form on the bench
 * corpus's look-alike files), before the costlier shape tests.
 */
const OTHER_FORMS = new RegExp(
  `sql[\`<]|SQL\`|\\.(?:query|execute|raw|unsafe|any|one|none|many|oneOrNone|manyOrNone|result|table|into|join|from)[(<]|Raw|query(?:Object|Array)|kysely|knex|createQueryBuilder|\\.literal\\(|expression:|${TABLE_CALLS.join('|')}|Join\\(`,
);

/**
 * What `mayHaveDynamicTable`, `hasTablePosition`, `mayRunSqlParameter` and a query builder's or ORM's
 * table position need at least one of (`selectFrom` has `.select`; `updateTable(`, `pgTable(`,
 * `insertInto(`, knex's `.into(`, `.query(`, Kysely's database type `Kysely<DB>`, an ORM's model): most files have none, and one regex pass rejects them in
 * half the time of indexOf scans.
 */
const ANY_TABLE_POSITION = /postgres_changes|\.from|\.select|table|Table\(|Into\(|\.into\(|deleteFrom|knex|\.query[(<]|\.unsafe\(|\.raw\(|Kysely<|Entity|@Table|relationMappings|\.define\(|\.init\(/;

/**
 * An ORM's model, whose table may be named after the class or the model (`@Entity() class User`),
 * through a constant, or in a relation's `join: { from: 't.id' }` (orm-models.ts): always parsed.
 */
const MODEL_FORMS = /@(?:Entity|ViewEntity|Table)\b|\bEntitySchema\b|\bstatic\s+(?:get\s+)?tableName\b|\brelationMappings\b/;

/** Sequelize's `Model.init(…)` / `sequelize.define(…)`, in a file that mentions Sequelize. */
const SEQUELIZE_MODEL = /\.(?:define|init)\s*\(/;
const SEQUELIZE = /sequelize/i;

function declaresModel(text: string): boolean {
  return MODEL_FORMS.test(text) || (SEQUELIZE_MODEL.test(text) && SEQUELIZE.test(text));
}

/**
 * Text where SQL may name one of the names: a table keyword followed by the name (maybe
 * schema-qualified or quoted) or by a `${}`, or a clause keyword followed by the name qualifying a
 * column. Cheap; decides whether the parser is loaded at all.
 */
export function sqlShapePattern(map: Pick<RenameMap, 'oldNames' | 'newNames'>): RegExp {
  const names = [...new Set([...map.oldNames, ...map.newNames])].sort((a, b) => b.length - a.length || (a < b ? -1 : 1));
  const n = names.map((name) => name.replace(/[$]/g, '\\$')).join('|');
  // Or a clause put into another statement that qualifies a column by a name (`WHERE orders.id = …`),
  // or a table keyword followed by a `${}`, which may put a constant name in (`FROM ${TABLE}`).
  return new RegExp(
    `\\b(?:from|join|into|update|table|references|truncate)\\s+(?:only\\s+)?(?:\\$\\{|(?:"?[A-Za-z_][A-Za-z0-9_$]*"?\\s*\\.\\s*)?"?(?:${n})(?![A-Za-z0-9_$]))` +
      `|\\b(?:where|and|or|on|by|having|set)\\s+\\(?\\s*"?(?:${n})"?\\s*\\.\\s*"?[A-Za-z_]` +
      // An index's table: `create index … on orders using gin (…)`, `… on public.orders (…)`.
      `|\\bon\\s+(?:only\\s+)?(?:"?[A-Za-z_][A-Za-z0-9_$]*"?\\s*\\.\\s*)?"?(?:${n})"?\\s*(?:using\\b|\\()`,
    'i',
  );
}

/**
 * What a scanned file needs, and the text the analysis reads (a component's code view): a Prisma
 * schema names tables as model names and `@@map("…")`, so any whole-word name counts there.
 */
export function decider(names: ClassifyNames): (rel: string, raw: string) => { view: string; need: Need } {
  const wholeWords = namesPattern(names);
  const classify = classifier(names);
  return (rel, raw) => {
    const view = codeView(rel, raw);
    const need: Need = isPrismaSchema(rel) ? (wholeWords.test(view) ? 'names' : 'nothing') : classify(view);
    return { view, need };
  };
}
