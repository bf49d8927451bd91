import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  MigrationError,
  SUPABASE_BOOTSTRAP_SQL,
  applyMigrations,
  openPglite,
  pgliteClient,
  splitStatements,
  startPostgres,
  type PostgresServer,
  type SqlClient,
} from '@retable/db';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'retable-db-test-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('splitStatements', () => {
  it('splits with the real parser and keeps each statement line', async () => {
    const sql = '-- header\ncreate table a (x int);\n\n/* note */\ncreate function f() returns int\n  language sql as $$ select 1; $$;\nselect 2';
    const statements = await splitStatements(sql);
    expect(statements.map((s) => s.line)).toEqual([2, 5, 7]);
    expect(statements[1]!.text).toContain('$$ select 1; $$');
  });

  it('gives the line of a syntax error', async () => {
    await expect(splitStatements('select 1;\n\nselec x;')).rejects.toMatchObject({ line: 3 });
  });
});

async function writeMigrations(name: string, files: Record<string, string>): Promise<string> {
  const migrations = path.join(dir, name);
  await import('node:fs/promises').then((fs) => fs.mkdir(migrations, { recursive: true }));
  for (const [file, sql] of Object.entries(files)) await writeFile(path.join(migrations, file), sql);
  return migrations;
}

/** The same checks on both engines: the bootstrap gives a Supabase-like database. */
async function exerciseSupabaseBootstrap(client: SqlClient) {
  await client.exec(SUPABASE_BOOTSTRAP_SQL);
  const migrations = await writeMigrations(`ok-${Math.random().toString(36).slice(2)}`, {
    '20240101000000_notes.sql': `
      create table notes (id bigint generated always as identity primary key, owner uuid not null default auth.uid(), body text);
      alter table notes enable row level security;
      create policy "own notes" on notes for all to authenticated using (owner = auth.uid()) with check (owner = auth.uid());
    `,
    '20240102000000_seed.sql': `insert into notes (owner, body) values ('00000000-0000-0000-0000-000000000001', 'a'), ('00000000-0000-0000-0000-000000000002', 'b');`,
  });
  expect(await applyMigrations(client, migrations)).toBe(4);
  await client.exec('begin');
  await client.exec(
    `set local role authenticated; select set_config('request.jwt.claims', '{"sub":"00000000-0000-0000-0000-000000000001"}', true)`,
  );
  const { rows } = await client.query<{ body: string }>('select body from notes');
  await client.exec('rollback');
  expect(rows).toEqual([{ body: 'a' }]);
  // The bootstrap is idempotent: applying it again changes nothing and does not fail.
  await client.exec(SUPABASE_BOOTSTRAP_SQL);
}

describe('PostgreSQL 15 throwaway server', () => {
  let server: PostgresServer;
  beforeAll(async () => {
    server = await startPostgres();
  });
  afterAll(async () => {
    await server?.stop();
  });

  it('runs PostgreSQL 15 and applies migrations with RLS on the bootstrap', async () => {
    const client = await server.connect();
    try {
      const { rows } = await client.query<{ v: string }>(`select current_setting('server_version_num') as v`);
      expect(Number(rows[0]!.v)).toBeGreaterThanOrEqual(150000);
      expect(Number(rows[0]!.v)).toBeLessThan(160000);
      await exerciseSupabaseBootstrap(client);
    } finally {
      await client.close();
    }
  });

  it('names the file, line and error of a failing migration', async () => {
    await server.createDatabase('failing');
    const client = await server.connect('failing');
    try {
      await client.exec(SUPABASE_BOOTSTRAP_SQL);
      const migrations = await writeMigrations('failing', {
        '001_ok.sql': 'create table a (id int);\n',
        '002_bad.sql': '-- adds b\ncreate table b (id int);\n\ninsert into missing_table values (1);\n',
      });
      const error = await applyMigrations(client, migrations, { displayPath: (f) => path.basename(f) }).catch((e) => e);
      expect(error).toBeInstanceOf(MigrationError);
      expect(error.message).toBe('002_bad.sql:4: relation "missing_table" does not exist');
    } finally {
      await client.close();
    }
  });

  it('copies a database with CREATE DATABASE … TEMPLATE', async () => {
    const client = await server.connect();
    await client.exec('create database source_db');
    await client.close();
    const source = await server.connect('source_db');
    await source.exec('create table t (id int)');
    await source.close();
    await server.createDatabase('copy_db', 'source_db');
    const copy = await server.connect('copy_db');
    const { rows } = await copy.query(`select to_regclass('public.t')::text as t`);
    await copy.close();
    expect(rows).toEqual([{ t: 't' }]);
  });
});

describe('PGlite', () => {
  it('applies the same bootstrap and migrations', async () => {
    const client = pgliteClient(await openPglite());
    try {
      await exerciseSupabaseBootstrap(client);
    } finally {
      await client.close();
    }
  });

  it('suggests another engine for an extension it lacks', async () => {
    const client = pgliteClient(await openPglite());
    try {
      const migrations = await writeMigrations('ext', { '001_ext.sql': 'create extension if not exists pg_net;\n' });
      const error = await applyMigrations(client, migrations, {
        displayPath: (f) => path.basename(f),
        missingExtensionHint: (name) => `${name} is not in PGlite: use --engine postgres or --db-url`,
      }).catch((e) => e);
      expect(error).toBeInstanceOf(MigrationError);
      expect(error.message).toMatch(/^001_ext\.sql:1: .*pg_net.* \(pg_net is not in PGlite: use --engine postgres or --db-url\)$/);
    } finally {
      await client.close();
    }
  });
});
