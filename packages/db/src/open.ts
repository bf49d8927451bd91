import { RetableError } from '@retable/core/errors';
import { connect, openPglite, pgliteClient, type SqlClient } from './client.js';

/** The URL with its password hidden, for messages. */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return url.replace(/:[^:@/]*@/, ':***@');
  }
}

/**
 * A client for what users pass as a database URL: `postgres://…` / `postgresql://…` (a live server)
 * or `pglite:DIR` (a PGlite data directory, e.g. one the demo persisted). Failures are one-line
 * RetableErrors naming the URL with its password hidden.
 */
export async function openDatabase(url: string): Promise<SqlClient> {
  if (url.startsWith('pglite:')) {
    const dataDir = url.slice('pglite:'.length).replace(/^\/\//, '');
    if (!dataDir) throw new RetableError(`${url}: name a PGlite data directory, e.g. pglite:./.pglite`);
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
    return await connect(url);
  } catch (error) {
    throw new RetableError(`cannot connect to ${redactUrl(url)}: ${oneLine(error)}`);
  }
}

function oneLine(error: unknown): string {
  const text = error instanceof Error ? error.message || String((error as { code?: string }).code ?? error.name) : String(error);
  return text.split('\n')[0]!;
}
