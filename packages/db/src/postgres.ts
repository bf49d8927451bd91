import { execFile, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chmod, chown, mkdtemp, rm, writeFile } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { RetableError } from '@retable/core/errors';
import { connect, type SqlClient } from './client.js';

const run = promisify(execFile);

/** Where PostgreSQL's server binaries are looked for, after PATH. */
const BIN_DIRS = ['/usr/local/bin', '/usr/lib/postgresql/15/bin', '/usr/lib/postgresql/16/bin', '/usr/lib/postgresql/17/bin'];

/** PostgreSQL refuses to run as root; as root we run it as this system user. */
export const POSTGRES_OS_USER = 'retable-pg';

export interface PostgresServer {
  readonly host: string;
  readonly port: number;
  readonly dataDir: string;
  /** Connection URL for `database` (default `postgres`) as the superuser `postgres`. */
  url(database?: string): string;
  /** Open a client on `database` (default `postgres`). */
  connect(database?: string): Promise<SqlClient>;
  /** `CREATE DATABASE name [TEMPLATE template]`. */
  createDatabase(name: string, template?: string): Promise<void>;
  /** Stop the server and remove its data directory. */
  stop(): Promise<void>;
}

export interface StartPostgresOptions {
  /** Extra `-c name=value` settings. */
  settings?: Record<string, string>;
}

/** Find a PostgreSQL server binary (initdb, pg_ctl, postgres, pg_dump). */
export function findPostgresBinary(name: string): string | undefined {
  const dirs = [...(process.env.PATH ?? '').split(path.delimiter).filter(Boolean), ...BIN_DIRS];
  for (const dir of dirs) {
    const candidate = path.join(dir, name);
    if (existsSync(candidate)) return candidate;
  }
  return undefined;
}

/** The major version of the PostgreSQL server binaries `startPostgres` would run, if there are any. */
export function localPostgresMajorVersion(): number | undefined {
  const binary = findPostgresBinary('postgres');
  if (!binary) return undefined;
  const result = spawnSync(binary, ['--version'], { encoding: 'utf8' });
  const major = /\(PostgreSQL\) (\d+)/.exec(result.stdout ?? '')?.[1];
  return major ? Number(major) : undefined;
}

function requireBinary(name: string): string {
  const found = findPostgresBinary(name);
  if (!found) {
    throw new RetableError(
      `${name} not found: install PostgreSQL's server binaries (e.g. apt-get install postgresql-15) or use --engine pglite`,
    );
  }
  return found;
}

const isRoot = () => typeof process.getuid === 'function' && process.getuid() === 0;

function ensureOsUser(): { uid: number; gid: number } {
  const lookup = () => spawnSync('id', ['-u', POSTGRES_OS_USER], { encoding: 'utf8' });
  let result = lookup();
  if (result.status !== 0) {
    const created = spawnSync('useradd', ['--system', '--no-create-home', '--shell', '/usr/sbin/nologin', POSTGRES_OS_USER], {
      encoding: 'utf8',
    });
    result = lookup();
    if (result.status !== 0) {
      throw new RetableError(`cannot create the system user ${POSTGRES_OS_USER} to run PostgreSQL as: ${created.stderr.trim()}`);
    }
  }
  const gid = spawnSync('id', ['-g', POSTGRES_OS_USER], { encoding: 'utf8' });
  return { uid: Number(result.stdout.trim()), gid: Number(gid.stdout.trim()) };
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/**
 * Start a throwaway PostgreSQL server on a free loopback port, with durability switched off
 * (fsync, synchronous_commit, full_page_writes): it exists only for one run.
 */
export async function startPostgres(options: StartPostgresOptions = {}): Promise<PostgresServer> {
  const initdb = requireBinary('initdb');
  const pgCtl = requireBinary('pg_ctl');
  const root = isRoot();
  const owner = root ? ensureOsUser() : undefined;
  const base = await mkdtemp(path.join(os.tmpdir(), 'retable-pg-'));
  const dataDir = path.join(base, 'data');
  if (owner) {
    await chmod(base, 0o755);
    await chown(base, owner.uid, owner.gid);
  }
  // As root, run the server binaries as the system user through runuser.
  const exec = (file: string, args: string[]) =>
    owner ? run('runuser', ['-u', POSTGRES_OS_USER, '--', file, ...args]) : run(file, args);

  try {
    await exec(initdb, ['-D', dataDir, '-U', 'postgres', '--auth=trust', '--no-sync', '-E', 'UTF8', '--locale=C']);
  } catch (error) {
    await rm(base, { recursive: true, force: true });
    throw new RetableError(`initdb failed: ${(error as { stderr?: string }).stderr?.trim() || (error as Error).message}`);
  }
  const settings: Record<string, string> = {
    listen_addresses: '127.0.0.1',
    unix_socket_directories: base,
    fsync: 'off',
    synchronous_commit: 'off',
    full_page_writes: 'off',
    max_connections: '40',
    shared_buffers: '32MB',
    wal_level: 'logical',
    ...options.settings,
  };
  let lastError: unknown;
  for (let attempt = 0; attempt < 5; attempt++) {
    const port = await freePort();
    const conf = Object.entries({ ...settings, port: String(port) })
      .map(([key, value]) => `${key} = '${value}'`)
      .join('\n');
    await writeFile(path.join(dataDir, 'postgresql.auto.conf'), `${conf}\n`);
    if (owner) await chown(path.join(dataDir, 'postgresql.auto.conf'), owner.uid, owner.gid);
    try {
      await exec(pgCtl, ['start', '-w', '-t', '60', '-D', dataDir, '-l', path.join(base, 'server.log')]);
      return serverHandle(base, dataDir, port, () => exec(pgCtl, ['stop', '-m', 'immediate', '-D', dataDir]));
    } catch (error) {
      lastError = error; // most likely the port was taken between probing and binding: try another
    }
  }
  await rm(base, { recursive: true, force: true });
  throw new RetableError(`PostgreSQL did not start: ${(lastError as { stderr?: string }).stderr?.trim() || String(lastError)}`);
}

function serverHandle(base: string, dataDir: string, port: number, stopServer: () => Promise<unknown>): PostgresServer {
  const host = '127.0.0.1';
  const url = (database = 'postgres') => `postgresql://postgres@${host}:${port}/${database}`;
  let stopped = false;
  return {
    host,
    port,
    dataDir,
    url,
    connect: (database) => connect(url(database)),
    async createDatabase(name, template) {
      const client = await connect(url());
      try {
        await client.exec(`create database "${name}"${template ? ` template "${template}"` : ''}`);
      } finally {
        await client.close();
      }
    },
    async stop() {
      if (stopped) return;
      stopped = true;
      try {
        await stopServer();
      } finally {
        await rm(base, { recursive: true, force: true });
      }
    },
  };
}
