import { readFile } from 'node:fs/promises';
import { pgliteClient, type SqlClient } from './client.js';
import { SUPABASE_BOOTSTRAP_SQL } from './bootstrap.js';
import { applySqlFiles, listMigrations } from './migrations.js';
import { openBootstrappedPglite } from './pglite.js';
import { startPostgres } from './postgres.js';

/** Where a throwaway database runs: embedded PGlite, or a local PostgreSQL from the binaries on PATH. */
export type Engine = 'pglite' | 'postgres';

/** A database to read, and how to let it go. */
export interface OpenedDatabase {
  readonly client: SqlClient;
  close(): Promise<void>;
}

export interface MigratedDatabaseOptions {
  engine: Engine;
  /** How files are named in messages (posix, relative to the project root). */
  displayPath?: (file: string) => string;
  onProgress?: (message: string) => void;
  /** Cache for PGlite's bootstrapped snapshot; undefined disables it. */
  cacheDir?: string;
  /** Migrations to leave out (absolute paths), e.g. a rename plan's own expand file when planning it again. */
  skip?: (file: string) => boolean;
  /** Advice when a migration creates an extension the engine lacks (default: names --engine and --db-url). */
  missingExtensionHint?: (extension: string) => string;
}

/**
 * A throwaway database with the Supabase bootstrap and the migrations in `dir` applied, on
 * PGlite (embedded, nothing to install; the bootstrapped cluster is cached as a snapshot) or a
 * local PostgreSQL server. `close()` removes it.
 */
export async function openMigratedDatabase(dir: string, options: MigratedDatabaseOptions): Promise<OpenedDatabase> {
  const files = (await listMigrations(dir)).filter((file) => !options.skip?.(file));
  const progress = options.onProgress;
  const applyOptions = {
    displayPath: options.displayPath,
    onFile: (_file: string, index: number, total: number) => {
      if (index === 0) progress?.(`applying ${total} migration${total === 1 ? '' : 's'}`);
    },
  };
  if (options.engine === 'postgres') {
    progress?.('starting PostgreSQL');
    const server = await startPostgres();
    let client: SqlClient | undefined;
    try {
      client = await server.connect();
      await client.exec(SUPABASE_BOOTSTRAP_SQL);
      await applySqlFiles(client, files, {
        ...applyOptions,
        missingExtensionHint:
          options.missingExtensionHint ??
          ((name) => `extension "${name}" is not installed on this PostgreSQL; use a database that has it with --db-url`),
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
  const pglite = await openBootstrappedPglite({
    extensions: await extensionsCreated(files),
    cacheDir: options.cacheDir,
    onProgress: progress,
  });
  const client = pgliteClient(pglite);
  try {
    await applySqlFiles(client, files, {
      ...applyOptions,
      missingExtensionHint:
        options.missingExtensionHint ??
        ((name) => `PGlite has no extension "${name}"; use --engine postgres (a local PostgreSQL with the extension) or --db-url`),
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
