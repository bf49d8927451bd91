import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { toPosix, UsageError } from '@retable/core/base';
import type { SqlClient } from '@retable/db';
import type { CommandContext } from './command.js';
import { openDbUrl, requireDbUrl } from './db-url.js';

/** Where the Supabase CLI keeps an app's migrations, relative to the project root. */
export const DEFAULT_MIGRATIONS = 'supabase/migrations';

/** A database whose catalog a command reads: a live one (--db-url) or the migrations on an embedded PGlite. */
export interface CatalogSource {
  readonly client: SqlClient;
  /** `the database (--db-url)` or `supabase/migrations applied to an embedded PGlite`. */
  readonly description: string;
  readonly kind: 'db-url' | 'migrations';
  close(): Promise<void>;
}

/** `--migrations DIR` (or the default) as an absolute path, checked: a missing directory is a usage error. */
export function migrationsDir(root: string, given: string, flag = '--migrations'): string {
  const dir = path.resolve(root, given);
  if (existsSync(dir) && !statSync(dir).isDirectory()) {
    throw new UsageError(`${flag} ${given}: is a file, not a directory of migrations`);
  }
  if (!existsSync(dir)) {
    throw new UsageError(`${flag} ${given}: no such directory under ${toPosix(root)}; pass the folder of the .sql migrations`);
  }
  return dir;
}

/** The default source as typegen has it: supabase/migrations when the project has one. */
export function defaultMigrations(root: string): string | undefined {
  const dir = path.join(root, DEFAULT_MIGRATIONS);
  return existsSync(dir) && statSync(dir).isDirectory() ? DEFAULT_MIGRATIONS : undefined;
}

/** Where a catalog comes from, as the flags give it. */
export interface CatalogFlags {
  dbUrl?: string | undefined;
  migrations?: string | undefined;
  /** `--local`: the URL is the local Supabase database (`supabase start`, port from supabase/config.toml). */
  local?: boolean;
}

/**
 * `--db-url`, `--migrations` or `--local`: exactly one (a live URL is required when none is given).
 * `--local` reads `[db] port` from `<root>/supabase/config.toml`, as `typegen --local` does.
 */
export async function catalogFlags(root: string, values: Record<string, unknown>, command: string): Promise<CatalogFlags> {
  const dbUrl = values['db-url'] as string | undefined;
  const migrations = values.migrations as string | undefined;
  const local = values.local === true;
  const given = [dbUrl !== undefined && '--db-url', migrations !== undefined && '--migrations', local && '--local'].filter(Boolean);
  if (given.length > 1) throw new UsageError(`${given.join(' and ')} are two catalogs: pass one`);
  if (local) {
    const { DEFAULT_LOCAL_DB_PORT, readSupabaseConfig } = await import('@retable/db');
    const supabase = await readSupabaseConfig(root, (file) => toPosix(path.relative(root, file)));
    return { dbUrl: `postgresql://postgres:postgres@127.0.0.1:${supabase?.dbPort ?? DEFAULT_LOCAL_DB_PORT}/postgres`, local: true };
  }
  if (migrations !== undefined) return { migrations };
  return { dbUrl: requireDbUrl(dbUrl, command) };
}

/**
 * Open what `--db-url`, `--local` or `--migrations` names. The migrations are applied (name order) after a small
 * Supabase bootstrap to an embedded PGlite, whose bootstrapped snapshot is cached like typegen's.
 * `progress` gets one line per step (the command decides whether to print them).
 */
export async function openCatalogSource(
  context: Pick<CommandContext, 'env'>,
  root: string,
  source: CatalogFlags,
  options: {
    command: string;
    /** Every step (a terminal's progress). */
    progress?: (message: string) => void;
    /** Lines always worth printing: the Supabase extensions replaced by catalog stand-ins. */
    notice?: (message: string) => void;
    skip?: (file: string) => boolean;
  },
): Promise<CatalogSource> {
  if (source.dbUrl !== undefined && source.migrations !== undefined) {
    throw new UsageError('--db-url and --migrations are two catalogs: pass one');
  }
  if (source.dbUrl !== undefined) {
    options.progress?.('connecting to the database');
    let client: SqlClient;
    try {
      client = await openDbUrl(source.dbUrl, context.env);
    } catch (error) {
      // The URL came from --local: say so, and how to start the database.
      if (source.local && error instanceof UsageError && error.message.startsWith('--db-url: cannot connect')) {
        throw new UsageError(`--local: ${error.message.slice('--db-url: '.length)}; start it with supabase start`);
      }
      throw error;
    }
    return { client, description: 'the database (--db-url)', kind: 'db-url', close: () => client.close() };
  }
  if (source.migrations === undefined) throw new UsageError(`retable ${options.command}: pass --db-url URL or --migrations DIR`);
  const dir = migrationsDir(root, source.migrations);
  const shownDir = toPosix(path.relative(root, dir)) || '.';
  const { defaultCacheDir, openMigratedDatabase } = await import('@retable/db');
  const database = await openMigratedDatabase(dir, {
    engine: 'pglite',
    cacheDir: defaultCacheDir(root, context.env),
    displayPath: (file) => toPosix(path.relative(root, file)),
    missingExtensionHint: (extension) =>
      `PGlite does not ship it and retable has no stand-in for "${extension}": run retable ${options.command} with --db-url against a database that has it (e.g. \`supabase start\`: postgresql://postgres:postgres@127.0.0.1:54322/postgres)`,
    onProgress: (message) => {
      if (options.progress) options.progress(message);
      else if (message.startsWith('stand-in:')) options.notice?.(message);
    },
    ...(options.skip ? { skip: options.skip } : {}),
  });
  return {
    client: database.client,
    description: `${shownDir} applied to an embedded PGlite (--migrations)`,
    kind: 'migrations',
    close: () => database.close(),
  };
}
