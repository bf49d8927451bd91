import { existsSync, statSync } from 'node:fs';
import { RetableError } from '@retable/core/errors';
import type { Engine, MigratedDatabaseOptions, OpenedDatabase, SqlClient } from '@retable/db';

export type { Engine, OpenedDatabase } from '@retable/db';
export const ENGINES: readonly Engine[] = ['pglite', 'postgres'];

/** `postgresql://user:secret@host/db` → `postgresql://user:***@host/db`, for messages. */
export { redactUrl } from '@retable/db';

/** Connect to a live database (or `pglite:DIR`); failures become one-line errors naming the flag. */
export async function openUrl(url: string, options: { statementTimeoutMs?: number } = {}): Promise<OpenedDatabase> {
  const { openDatabase } = await import('@retable/db');
  let client: SqlClient;
  try {
    client = await openDatabase(url, options);
  } catch (error) {
    if (error instanceof RetableError) throw new RetableError(`--db-url: ${error.message}`);
    throw error;
  }
  return { client, close: () => client.close() };
}

/** The migrations in `dir` applied to a throwaway database (see `openMigratedDatabase`). */
export async function openMigrations(dir: string, options: MigratedDatabaseOptions): Promise<OpenedDatabase> {
  if (!options.files && !existsSync(dir)) {
    const shown = options.displayPath?.(dir) ?? dir;
    throw new RetableError(`${shown}: migrations directory not found; pass --migrations DIR, --db-url URL or --from-file FILE`);
  }
  if (existsSync(dir) && !statSync(dir).isDirectory()) {
    throw new RetableError(`--migrations ${options.displayPath?.(dir) ?? dir}: is a file, not a directory of migrations`);
  }
  const { openMigratedDatabase } = await import('@retable/db');
  return openMigratedDatabase(dir, options);
}
