import type { PGlite } from '@electric-sql/pglite';
import pg from 'pg';

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

/** Connect to a live database by URL. An unreachable host fails after `timeoutMs` instead of hanging. */
export async function connect(url: string, options: { timeoutMs?: number } = {}): Promise<SqlClient> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: options.timeoutMs ?? 10_000 });
  await client.connect();
  return {
    async query<Row>(sql: string, params?: unknown[]) {
      const result = await client.query(sql, params as unknown[] | undefined);
      return { rows: result.rows as Row[] };
    },
    async exec(sql: string) {
      await client.query(sql);
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
