import { readFile } from 'node:fs/promises';
import { pgliteClient, type SqlClient } from './client.js';
import { SUPABASE_BOOTSTRAP_SQL } from './bootstrap.js';
import { supabaseExtensionRewrite } from './extensions.js';
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
  /** The SQL files to apply, in order, instead of the `*.sql` files of the directory (declarative schemas). */
  files?: readonly string[];
  /** How files are named in messages (posix, relative to the project root). */
  displayPath?: (file: string) => string;
  /** Progress lines, and `stand-in: NAME` for each Supabase extension the engine lacks. */
  onProgress?: (message: string) => void;
  /** Cache for PGlite's bootstrapped snapshot; undefined disables it. */
  cacheDir?: string;
  /** Advice when a migration creates an extension the engine lacks and retable has no stand-in for. */
  missingExtensionHint?: (extension: string) => string;
}

/** What to do about an extension nobody here has: a database that has it, or a generated file. */
export function defaultMissingExtensionHint(engine: Engine): (extension: string) => string {
  const where = engine === 'pglite' ? 'PGlite does not ship it' : 'this PostgreSQL does not have it';
  return (name) =>
    `${where} and retable has no stand-in for "${name}"; read a database that has it: \`supabase start\`, then ` +
    '--db-url postgresql://postgres:postgres@127.0.0.1:54322/postgres (or --local), or give a generated file with --from-file';
}

/**
 * A throwaway database with the Supabase bootstrap and the migrations in `dir` (or
 * `options.files`) applied, on PGlite (embedded, nothing to install; the bootstrapped cluster is
 * cached as a snapshot) or a local PostgreSQL server. Supabase-managed extensions the engine
 * lacks get their catalog stand-ins. `close()` removes it.
 */
export async function openMigratedDatabase(dir: string, options: MigratedDatabaseOptions): Promise<OpenedDatabase> {
  const files = options.files ? [...options.files] : await listMigrations(dir);
  const progress = options.onProgress;
  const apply = (client: SqlClient) =>
    applySqlFiles(client, files, {
      displayPath: options.displayPath,
      onFile: (_file, index, total) => {
        if (index === 0) progress?.(`applying ${total} ${options.files ? 'schema file' : 'migration'}${total === 1 ? '' : 's'}`);
      },
      missingExtensionHint: options.missingExtensionHint ?? defaultMissingExtensionHint(options.engine),
      rewrite: supabaseExtensionRewrite(client, {
        onStandIn: (name) => progress?.(`stand-in: ${name}`),
        onNote: progress,
      }),
    }).then(() => client.exec('reset all'));
  if (options.engine === 'postgres') {
    progress?.('starting PostgreSQL');
    const server = await startPostgres();
    let client: SqlClient | undefined;
    try {
      const bootstrap = await server.connect();
      await bootstrap.exec(SUPABASE_BOOTSTRAP_SQL).finally(() => bootstrap.close());
      // A new session starts with the search_path the bootstrap set on the database, and goes
      // back to it on `RESET ALL`.
      client = await server.connect();
      await apply(client);
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
    extensions: await extensionsNeeded(files),
    cacheDir: options.cacheDir,
    onProgress: progress,
  });
  const client = pgliteClient(pglite);
  try {
    await apply(client);
  } catch (error) {
    await client.close().catch(() => undefined);
    throw error;
  }
  return { client, close: () => client.close() };
}

// Calls that run the C code of the bootstrap's extensions (column defaults run on insert, so
// their names in a CREATE TABLE count too). A superset: a false match only costs load time.
const BOOTSTRAP_EXTENSION_CALLS: ReadonlyArray<readonly [string, RegExp]> = [
  ['uuid-ossp', /uuid_generate_v\d|uuid_ns_(dns|url|oid|x500)|uuid_nil/i],
  ['pgcrypto', /\b(gen_random_bytes|gen_salt|pgp_[a-z_]+|p?armor|dearmor|hmac|digest|crypt|encrypt(_iv)?|decrypt(_iv)?)"?\s*\(|extensions"?\s*\.\s*"?gen_random_uuid/i],
];

/**
 * The PGlite bundles the migrations need: the extensions they create, and the bootstrap's
 * (uuid-ossp, pgcrypto) when they may call their functions.
 */
async function extensionsNeeded(files: readonly string[]): Promise<string[]> {
  const names = new Set<string>();
  for (const file of files) {
    const sql = await readFile(file, 'utf8');
    for (const match of sql.matchAll(/create\s+extension\s+(?:if\s+not\s+exists\s+)?("[^"]+"|[\w-]+)/gi)) {
      names.add(match[1]!.replace(/"/g, '').toLowerCase());
    }
    for (const [name, calls] of BOOTSTRAP_EXTENSION_CALLS) if (calls.test(sql)) names.add(name);
  }
  return [...names].sort();
}
