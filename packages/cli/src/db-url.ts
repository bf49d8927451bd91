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

/** An open client for `--db-url`; an unusable URL or a failed connection is a one-line usage error (exit 2). */
export async function openDbUrl(url: string): Promise<SqlClient> {
  try {
    return await openDatabase(url);
  } catch (error) {
    if (error instanceof RetableError) throw new UsageError(`--db-url: ${error.message}`);
    throw error;
  }
}
