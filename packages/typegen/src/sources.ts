import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { RetableError } from '@retable/core/errors';
import type { SqlClient } from '@retable/db';

export type Engine = 'pglite' | 'postgres';
export const ENGINES: readonly Engine[] = ['pglite', 'postgres'];

/** A database to introspect, and how to let it go. */
export interface OpenedDatabase {
  readonly client: SqlClient;
  close(): Promise<void>;
}

export interface MigrationsSourceOptions {
  engine: Engine;
  /** How files are named in messages (posix, relative to the project root). */
  displayPath?: (file: string) => string;
  onProgress?: (message: string) => void;
  /** Cache for PGlite's bootstrapped snapshot; undefined disables it. */
  cacheDir?: string;
}

/** `postgresql://user:secret@host/db` → `postgresql://user:***@host/db`, for messages. */
export { redactUrl } from '@retable/db';

/** Connect to a live database (or `pglite:DIR`); failures become one-line errors naming the flag. */
export async function openUrl(url: string): Promise<OpenedDatabase> {
  const { openDatabase } = await import('@retable/db');
  let client: SqlClient;
  try {
    client = await openDatabase(url);
  } catch (error) {
    if (error instanceof RetableError) throw new RetableError(`--db-url: ${error.message}`);
    throw error;
  }
  return { client, close: () => client.close() };
}

/**
 * A throwaway database with the Supabase bootstrap and the migrations in `dir` applied, on
 * PGlite (embedded, nothing to install) or a local PostgreSQL server.
 */
export async function openMigrations(dir: string, options: MigrationsSourceOptions): Promise<OpenedDatabase> {
  const db = await import('@retable/db');
  if (!existsSync(dir)) {
    const shown = options.displayPath?.(dir) ?? dir;
    throw new RetableError(`${shown}: migrations directory not found; pass --migrations DIR, --db-url URL or --from-file FILE`);
  }
  const files = await db.listMigrations(dir);
  const progress = options.onProgress;
  const applyOptions = {
    displayPath: options.displayPath,
    onFile: (_file: string, index: number, total: number) => {
      if (index === 0) progress?.(`applying ${total} migration${total === 1 ? '' : 's'}`);
    },
  };
  if (options.engine === 'postgres') {
    progress?.('starting PostgreSQL');
    const server = await db.startPostgres();
    let client: SqlClient | undefined;
    try {
      client = await server.connect();
      await client.exec(db.SUPABASE_BOOTSTRAP_SQL);
      await db.applySqlFiles(client, files, {
        ...applyOptions,
        missingExtensionHint: (name) =>
          `extension "${name}" is not installed on this PostgreSQL; generate from a database that has it with --db-url`,
      });
    } catch (error) {
      await client?.close().catch(() => undefined);
      await server.stop();
      throw error;
    }
    const opened = client;
    return {
      client: opened,
      async close() {
        await opened.close().catch(() => undefined);
        await server.stop();
      },
    };
  }
  progress?.('starting PGlite');
  const { openBootstrappedPglite } = await import('./pglite.js');
  const pglite = await openBootstrappedPglite({
    extensions: await extensionsCreated(files),
    cacheDir: options.cacheDir,
    onProgress: progress,
  });
  const client = db.pgliteClient(pglite);
  try {
    await db.applySqlFiles(client, files, {
      ...applyOptions,
      missingExtensionHint: (name) =>
        `PGlite has no extension "${name}"; use --engine postgres (a local PostgreSQL with the extension) or --db-url`,
    });
  } catch (error) {
    await client.close().catch(() => undefined);
    throw error;
  }
  return { client, close: () => client.close() };
}

/** Names in `create extension` statements, so PGlite loads the bundled ones it needs. */
async function extensionsCreated(files: readonly string[]): Promise<string[]> {
  const names = new Set<string>();
  for (const file of files) {
    const sql = await readFile(file, 'utf8');
    for (const match of sql.matchAll(/create\s+extension\s+(?:if\s+not\s+exists\s+)?("[^"]+"|[\w-]+)/gi)) {
      names.add(match[1]!.replace(/"/g, '').toLowerCase());
    }
  }
  return [...names].sort();
}
