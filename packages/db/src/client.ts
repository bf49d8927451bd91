import type { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { RetableError } from '@retable/core/errors';

/**
 * The few things retable asks of a database, the same over a live server (pg) and the embedded
 * PGlite, so introspection, migrations and checks are written once.
 */
export interface SqlClient {
  /** One statement with $1… parameters. */
  query<Row = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<{ rows: Row[] }>;
  /** Any number of statements, no parameters (simple query protocol). */
  exec(sql: string): Promise<void>;
  close(): Promise<void>;
}

export interface ConnectOptions {
  /** Give up on an unreachable host after this long (default 10 s). */
  readonly timeoutMs?: number;
  /**
   * lock_timeout and statement_timeout of the session, in ms (0: none). A table someone holds
   * locked then fails the query after this long instead of waiting forever.
   */
  readonly statementTimeoutMs?: number;
}

/** A query cancelled by lock_timeout or statement_timeout: the message says which and how long. */
export class QueryTimeoutError extends RetableError {
  override name = 'QueryTimeoutError';
}

/** Connect to a live database by URL. An unreachable host fails after `timeoutMs` instead of hanging. */
export async function connect(url: string, options: ConnectOptions = {}): Promise<SqlClient> {
  const limit = options.statementTimeoutMs;
  const client = new pg.Client({
    connectionString: url,
    connectionTimeoutMillis: options.timeoutMs ?? 10_000,
    ...(limit ? { statement_timeout: limit, lock_timeout: limit } : {}),
  });
  // A connection that drops (the server stopped, a network cut) fails the pending query; without a
  // listener it would also crash the process with an unhandled 'error' event.
  client.on('error', () => undefined);
  await client.connect();
  const timedOut = (error: unknown) => {
    const code = (error as { code?: string }).code;
    if (code === '55P03' || code === '57014') {
      const which = code === '55P03' ? 'lock_timeout' : 'statement_timeout';
      return new QueryTimeoutError(
        `the database did not answer within ${limit} ms (${which}): another session may hold a lock on a table retable reads; try again when it is done`,
      );
    }
    return error;
  };
  return {
    async query<Row>(sql: string, params?: unknown[]) {
      try {
        const result = await client.query(sql, params as unknown[] | undefined);
        return { rows: result.rows as Row[] };
      } catch (error) {
        throw timedOut(error);
      }
    },
    async exec(sql: string) {
      try {
        await client.query(sql);
      } catch (error) {
        throw timedOut(error);
      }
    },
    async close() {
      await client.end();
    },
  };
}

/** Wrap an open PGlite instance. Closing the client closes the instance. */
export function pgliteClient(db: PGlite): SqlClient {
  return {
    async query<Row>(sql: string, params?: unknown[]) {
      const result = await db.query<Row>(sql, params);
      return { rows: result.rows };
    },
    async exec(sql: string) {
      await db.exec(sql);
    },
    async close() {
      await db.close();
    },
  };
}

/**
 * Open an in-memory (or `dataDir`) PGlite database with the extension bundles the Supabase
 * bootstrap needs (uuid-ossp, pgcrypto) and any others named (`create extension` names).
 */
export async function openPglite(options: { dataDir?: string; extensions?: readonly string[] } = {}): Promise<PGlite> {
  const [{ PGlite }, { loadPgliteExtensions, pgliteStartParams }, { BOOTSTRAP_EXTENSIONS }] = await Promise.all([
    import('@electric-sql/pglite'),
    import('./pglite.js'),
    import('./bootstrap.js'),
  ]);
  const extensions = await loadPgliteExtensions([...BOOTSTRAP_EXTENSIONS, ...(options.extensions ?? [])]);
  return PGlite.create({ ...(options.dataDir ? { dataDir: options.dataDir } : {}), extensions, startParams: pgliteStartParams(PGlite) });
}
