import { RetableError, UsageError } from '@retable/core/base';
import type { SqlClient } from '@retable/db';
import { openDatabase } from '@retable/db';

/** `--db-url`, checked before anything else is read. */
export function requireDbUrl(url: string | boolean | string[] | boolean[] | undefined, command: string): string {
  if (typeof url !== 'string' || url === '') {
    throw new UsageError(`--db-url is required: retable ${command} --db-url postgresql://user:password@host:port/database (or --migrations supabase/migrations)`);
  }
  return url;
}

/**
 * lock_timeout/statement_timeout for reads of a live database: 15 s, or RETABLE_DB_TIMEOUT_MS
 * (e.g. a slow CI database, or a test that holds a lock on purpose).
 */
export function statementTimeoutMs(env: NodeJS.ProcessEnv): number | undefined {
  const value = env.RETABLE_DB_TIMEOUT_MS;
  if (value === undefined || value === '') return undefined;
  if (!/^\d+$/.test(value)) throw new UsageError(`RETABLE_DB_TIMEOUT_MS=${value}: use a number of milliseconds (0: no limit)`);
  return Number(value);
}

/** An open client for `--db-url`; an unusable URL or a failed connection is a one-line usage error (exit 2). */
export async function openDbUrl(url: string, env: NodeJS.ProcessEnv = {}): Promise<SqlClient> {
  const timeout = statementTimeoutMs(env);
  try {
    return await openDatabase(url, timeout === undefined ? {} : { statementTimeoutMs: timeout });
  } catch (error) {
    if (error instanceof RetableError) throw new UsageError(`--db-url: ${error.message}`);
    throw error;
  }
}
