import { existsSync } from 'node:fs';
import { stat } from 'node:fs/promises';
import path from 'node:path';
import { RetableError } from '@retable/core/errors';
import { connect, openPglite, pgliteClient, type SqlClient } from './client.js';

/**
 * The URL with its password hidden, for messages: the `user:password@` part and a `password`
 * query parameter (libpq's `?password=`).
 */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    for (const key of [...parsed.searchParams.keys()]) {
      if (/^password$/i.test(key)) parsed.searchParams.set(key, '***');
    }
    return parsed.toString().replaceAll('%2A%2A%2A', '***');
  } catch {
    return url.replace(/:[^:@/]*@/, ':***@').replace(/([?&]password=)[^&#]*/gi, '$1***');
  }
}

/** How long a read of a live database may wait for a lock or a statement (the Supabase generator's 15 s). */
export const DEFAULT_STATEMENT_TIMEOUT_MS = 15_000;

export interface OpenDatabaseOptions {
  /** lock_timeout and statement_timeout of a live server's session in ms (default 15 s; 0: none). */
  readonly statementTimeoutMs?: number;
}

/**
 * A client for what users pass as a database URL: `postgres://…` / `postgresql://…` (a live server)
 * or `pglite:DIR` (a PGlite data directory, e.g. one the demo persisted). Failures are one-line
 * RetableErrors naming the URL with its password hidden.
 */
export async function openDatabase(url: string, options: OpenDatabaseOptions = {}): Promise<SqlClient> {
  if (url.startsWith('pglite:')) {
    const dataDir = url.slice('pglite:'.length).replace(/^\/\//, '');
    if (!dataDir) throw new RetableError(`${url}: name a PGlite data directory, e.g. pglite:./.pglite`);
    // Opening a PGlite directory that does not hold a database creates one: the commands that take
    // --db-url only read, so an empty new database would be reported on as if it were the app's.
    const info = await stat(dataDir).catch(() => undefined);
    if (!info) throw new RetableError(`${url}: no such directory; a PGlite database is read here, never created`);
    if (!info.isDirectory()) throw new RetableError(`${url}: is a file, not a PGlite data directory`);
    if (!existsSync(path.join(dataDir, 'PG_VERSION'))) {
      throw new RetableError(`${url}: not a PGlite data directory (no PG_VERSION); a PGlite database is read here, never created`);
    }
    try {
      return pgliteClient(await openPglite({ dataDir }));
    } catch (error) {
      throw new RetableError(`cannot open PGlite data directory ${dataDir}: ${oneLine(error)}`);
    }
  }
  if (!/^postgres(ql)?:\/\//.test(url)) {
    throw new RetableError(`"${redactUrl(url)}" is not a database URL; expected postgresql://user:password@host:port/database`);
  }
  try {
    return await connect(url, { statementTimeoutMs: options.statementTimeoutMs ?? DEFAULT_STATEMENT_TIMEOUT_MS });
  } catch (error) {
    // pg's messages can quote the connection string: hide the password there too.
    throw new RetableError(`cannot connect to ${redactUrl(url)}: ${hidePassword(oneLine(error), url)}`);
  }
}

function hidePassword(text: string, url: string): string {
  let password: string | undefined;
  try {
    const parsed = new URL(url);
    password = decodeURIComponent(parsed.password) || parsed.searchParams.get('password') || undefined;
  } catch {
    password = undefined;
  }
  return password ? text.replaceAll(password, '***') : text;
}

function oneLine(error: unknown): string {
  // PGlite rejects with plain objects too: never print `[object Object]`.
  const message =
    error instanceof Error
      ? error.message || String((error as { code?: string }).code ?? error.name)
      : typeof error === 'object' && error !== null && typeof (error as { message?: unknown }).message === 'string'
        ? (error as { message: string }).message
        : typeof error === 'object' && error !== null
          ? JSON.stringify(error)
          : String(error);
  return message.split('\n')[0]!;
}
