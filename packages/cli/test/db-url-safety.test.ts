import { existsSync } from 'node:fs';
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPostgres, type PostgresServer, type SqlClient } from '@retable/db';
import { binary } from './helpers.js';
import { spawn } from 'node:child_process';

// --db-url: never create a database, never wait forever on a lock, never print a password.
let app: string;
let server: PostgresServer;

function retable(args: string[], env: NodeJS.ProcessEnv = {}): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [binary, ...args], { cwd: app, env: { ...process.env, NO_COLOR: '1', ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

beforeAll(async () => {
  app = await mkdtemp(path.join(os.tmpdir(), 'retable-dburl-'));
  await writeFile(path.join(app, 'retable.config.json'), JSON.stringify({ renames: { leads: 'crm_leads' } }));
  server = await startPostgres();
  await server.createDatabase('app');
  const client = await server.connect('app');
  await client.exec('create table leads (id int primary key, name text); create table crm_notes (id int)');
  await client.close();
}, 240_000);

afterAll(async () => {
  await server?.stop();
  await rm(app, { recursive: true, force: true });
});

describe('--db-url pglite:<dir> is read, never created', () => {
  it.each([
    ['report', ['report']],
    ['typegen', ['typegen']],
    ['verify-db', ['verify-db']],
    ['plan', ['plan']],
  ])('%s with a missing directory: exit 2, one line, nothing created', async (_name, command) => {
    const result = await retable([...command, '--db-url', 'pglite:./no-such-db']);
    expect(result.code).toBe(2);
    expect(result.stderr).toBe('retable: --db-url: pglite:./no-such-db: no such directory; a PGlite database is read here, never created\n');
    expect(existsSync(path.join(app, 'no-such-db'))).toBe(false);
    expect((await readdir(app)).sort()).toEqual(['retable.config.json']);
  });

  it('a file is not a PGlite directory (one line, not [object Object])', async () => {
    await writeFile(path.join(app, 'a-file'), 'x');
    try {
      const result = await retable(['report', '--db-url', 'pglite:a-file']);
      expect(result.code).toBe(2);
      expect(result.stderr).toBe('retable: --db-url: pglite:a-file: is a file, not a PGlite data directory\n');
    } finally {
      await rm(path.join(app, 'a-file'));
    }
  });
});

describe('a table someone holds locked', () => {
  let holder: SqlClient;
  beforeAll(async () => {
    holder = await server.connect('app');
    await holder.exec('begin; lock table leads in access exclusive mode');
  });
  afterAll(async () => {
    await holder.exec('rollback').catch(() => undefined);
    await holder.close();
  });

  it.each([
    ['report', ['report']],
    ['typegen', ['typegen']],
  ])('%s fails after lock_timeout with one line instead of waiting forever', async (_name, command) => {
    const result = await retable([...command, '--db-url', server.url('app')], { RETABLE_DB_TIMEOUT_MS: '1000' });
    expect(result.stdout).toBe('');
    const lines = result.stderr.split('\n').filter((line) => line.startsWith('retable:'));
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(
      /^retable: the database did not answer within 1000 ms \((lock|statement)_timeout\): another session may hold a lock on a table retable reads; try again when it is done$/,
    );
    expect(result.code).toBe(2);
  }, 60_000);
});

describe('passwords in URLs', () => {
  it.each([
    'postgresql://app:s3cr3t-pw@127.0.0.1:1/app',
    'postgresql://127.0.0.1:1/app?user=app&password=s3cr3t-pw',
    'postgres://app:s3cr3t-pw@127.0.0.1:1/app?sslmode=disable&password=s3cr3t-pw',
    'mysql://app:s3cr3t-pw@host/app?password=s3cr3t-pw',
  ])('never prints the password of %s', async (url) => {
    const result = await retable(['report', '--db-url', url]);
    expect(result.code).toBe(2);
    expect(result.stderr.split('\n')).toHaveLength(2);
    expect(result.stderr).toMatch(/^retable: --db-url: /);
    expect(result.stderr).toContain('***');
    expect(result.stderr).not.toContain('s3cr3t');
  });
});
