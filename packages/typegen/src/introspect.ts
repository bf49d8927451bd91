import type { SqlClient } from '@retable/db';
import type { GeneratorMetadata } from '@supabase/postgrest-typegen';

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
  const { introspect, sortGeneratorMetadata } = await import('@supabase/postgrest-typegen/introspection').then(async (m) => ({
    introspect: m.introspect,
    sortGeneratorMetadata: (await import('@supabase/postgrest-typegen/generation')).sortGeneratorMetadata,
  }));
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
  const metadata = await introspect(queryable, { includedSchemas: [...(options.schemas ?? ['public'])] });
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
