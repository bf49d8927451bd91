// The query builders' and ORMs' calls that take a table's name, without the TypeScript compiler: the
// analysis (orm.ts) reads them as table positions, and the text pre-filter (prefilter.ts,
// classify.ts, which a worker thread runs) looks for them.

export const DRIZZLE_TABLES: ReadonlySet<string> = new Set(['pgTable', 'pgView', 'pgMaterializedView']);
export const KYSELY_SOURCES: ReadonlySet<string> = new Set(['selectFrom', 'updateTable', 'deleteFrom', 'mergeInto']);
export const KYSELY_TARGETS: ReadonlySet<string> = new Set(['insertInto', 'replaceInto']);

/** Every call above, for a regex alternation. */
export const TABLE_CALLS: readonly string[] = [...DRIZZLE_TABLES, ...KYSELY_SOURCES, ...KYSELY_TARGETS];
