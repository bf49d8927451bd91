import type { SqlClient } from '@retable/db';
import type { GeneratorMetadata } from '@supabase/postgrest-typegen';
import type { Queryable } from '@supabase/postgrest-typegen/introspection';
import { engineFiles } from './engine.js';
import { PARITY_PROFILE } from './profile.js';

export type { GeneratorMetadata };

export interface IntrospectOptions {
  /** Schemas to generate, like the Supabase CLI's `--schema` (default `public`). */
  schemas?: readonly string[];
}

/**
 * Read the database into postgrest-typegen's `GeneratorMetadata`, the same queries postgres-meta
 * runs. Queries go one at a time through the client (a pg client must not be asked twice at once);
 * int8 values are coerced the way postgres-meta's pg type parser does, whatever the driver.
 */
export async function introspectDatabase(client: SqlClient, options: IntrospectOptions = {}): Promise<GeneratorMetadata> {
  const { sortGeneratorMetadata } = await import('@supabase/postgrest-typegen/generation');
  let queue: Promise<unknown> = Promise.resolve();
  const queryable = {
    query(sql: string): Promise<{ rows: Record<string, unknown>[] }> {
      const next = queue.then(async () => {
        const { rows } = await client.query<Record<string, unknown>>(sql);
        return { rows: rows.map(normalizeRow) };
      });
      queue = next.catch(() => undefined);
      return next;
    },
  };
  const metadata = await (await loadIntrospect())(queryable, { includedSchemas: [...(options.schemas ?? ['public'])] });
  return sortGeneratorMetadata(metadata);
}

/** PGlite returns int8 as BigInt; postgres-meta sees a number when it is safe, else the text. */
function normalizeRow(row: Record<string, unknown>): Record<string, unknown> {
  for (const [key, value] of Object.entries(row)) {
    if (typeof value === 'bigint') {
      row[key] = Number.isSafeInteger(Number(value)) ? Number(value) : value.toString();
    }
  }
  return row;
}

type Introspect = (db: Queryable, options: { includedSchemas: string[] }) => Promise<GeneratorMetadata>;

/**
 * postgrest-typegen's `introspect`, without the ~200 ms its module spends building ArkType
 * validators (and their JSON schema) that introspection never uses. For the pinned engine version
 * this runs the engine's own query builders and relationship expansion in `introspect`'s exact
 * order (checked byte for byte against postgres-meta by the parity test); any other version gets
 * the engine's `introspect` itself.
 */
async function loadIntrospect(): Promise<Introspect> {
  const engine = engineFiles();
  if (engine.version !== PARITY_PROFILE.engineVersion) {
    return (await import('@supabase/postgrest-typegen/introspection')).introspect as Introspect;
  }
  const at = engine.load;
  const [normalize, relationships, helpers, schemas, tables, foreign, views, matviews, columns, keys, functions, types] =
    await Promise.all(
      [
        'normalize.js',
        'relationships.js',
        'sql/helpers.js',
        'sql/schemas.sql.js',
        'sql/table.sql.js',
        'sql/foreign_tables.sql.js',
        'sql/views.sql.js',
        'sql/materialized_views.sql.js',
        'sql/columns.sql.js',
        'sql/primary_keys.sql.js',
        'sql/functions.sql.js',
        'sql/types.sql.js',
      ].map(at),
    );
  return async (db, opts) => {
    const systemExcludingFilter = helpers.filterByList(opts.includedSchemas, undefined, helpers.DEFAULT_SYSTEM_SCHEMAS);
    const plainFilter = helpers.filterByList(opts.includedSchemas, undefined);
    const rows = async (sql: string) => normalize.normalizeRows((await db.query(sql)).rows);
    const [s, t, f, v, m, c, p, r, fn, ty] = await Promise.all([
      rows(schemas.SCHEMAS_SQL({ schemaFilter: systemExcludingFilter })),
      rows(tables.TABLES_SQL({ schemaFilter: systemExcludingFilter })),
      rows(foreign.FOREIGN_TABLES_SQL({ schemaFilter: plainFilter })),
      rows(views.VIEWS_SQL({ schemaFilter: systemExcludingFilter })),
      rows(matviews.MATERIALIZED_VIEWS_SQL({ schemaFilter: plainFilter })),
      rows(columns.COLUMNS_SQL({ schemaFilter: systemExcludingFilter })),
      rows(keys.PRIMARY_KEYS_SQL({ schemaFilter: systemExcludingFilter })),
      relationships.listRelationships(db, systemExcludingFilter),
      rows(functions.FUNCTIONS_SQL({ schemaFilter: systemExcludingFilter })),
      rows(types.TYPES_SQL),
    ]);
    return {
      version: 1,
      schemas: s,
      tables: t,
      foreignTables: f,
      views: v,
      materializedViews: m,
      columns: c,
      primaryKeys: p,
      relationships: r,
      functions: (fn as Array<{ return_type: string }>).filter(({ return_type }) => !['trigger', 'event_trigger'].includes(return_type)),
      types: ty,
    } as GeneratorMetadata;
  };
}
