import { execFile } from 'node:child_process';
import { cp, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  PGLITE_POSTGRES_MAJOR,
  SUPABASE_BOOTSTRAP_SQL,
  applySqlFiles,
  declarativeSchemaFiles,
  listMigrations,
  openMigratedDatabase,
  readSupabaseConfig,
  startPostgres,
  supabaseExtensionRewrite,
  type Engine,
  type PostgresServer,
} from '@retable/db';
import { generateTypes } from '@retable/typegen';

// Migrations in the shapes real Supabase projects have, applied on PGlite and on PostgreSQL 15
// after the Supabase bootstrap; each output must be what postgres-meta 0.99.0 (the generator the
// Supabase CLI runs) prints for the same migrations on PostgreSQL 15.
const run = promisify(execFile);
const require = createRequire(import.meta.url);
const fixtures = fileURLToPath(new URL('./fixtures/', import.meta.url));

interface Shape {
  name: string;
  schemas: string[];
  /** Stand-ins both engines must name (PGlite ships pgvector, PostgreSQL 15 here does not). */
  standIns: string[];
  declarative?: boolean;
}

const SHAPES: Shape[] = [
  {
    name: 'db-pull',
    schemas: ['public'],
    standIns: ['pg_cron', 'pg_net', 'pgsodium', 'http', 'pg_graphql', 'pg_jsonschema', 'pgjwt', 'supabase_vault', 'pg_hashids', 'pgmq', 'wrappers'],
  },
  { name: 'pgvector', schemas: ['public'], standIns: [] },
  { name: 'storage', schemas: ['auth', 'public', 'storage'], standIns: [] },
  { name: 'declarative', schemas: ['public', 'graphql_public', 'billing'], standIns: [], declarative: true },
];

let server: PostgresServer;
let cacheDir: string;

beforeAll(async () => {
  server = await startPostgres();
  cacheDir = await mkdtemp(path.join(os.tmpdir(), 'retable-shapes-cache-'));
});

afterAll(async () => {
  await server?.stop();
  if (cacheDir) await rm(cacheDir, { recursive: true, force: true });
});

async function filesOf(shape: Shape): Promise<string[]> {
  const root = path.join(fixtures, shape.name);
  if (shape.declarative) return declarativeSchemaFiles(root, await readSupabaseConfig(root));
  return listMigrations(path.join(root, 'supabase', 'migrations'));
}

/** postgres-meta's output for the shape's files applied to a bootstrapped PostgreSQL 15 database. */
async function reference(shape: Shape): Promise<string> {
  const database = shape.name.replace(/-/g, '_');
  await server.createDatabase(database);
  const bootstrap = await server.connect(database);
  await bootstrap.exec(SUPABASE_BOOTSTRAP_SQL);
  await bootstrap.close();
  const client = await server.connect(database);
  try {
    await applySqlFiles(client, await filesOf(shape), { rewrite: supabaseExtensionRewrite(client) });
  } finally {
    await client.close();
  }
  const bin = require.resolve('@supabase/postgres-meta/dist/server/server.js');
  const { stdout } = await run(process.execPath, [bin], {
    env: {
      ...process.env,
      PG_META_DB_URL: server.url(database),
      PG_META_GENERATE_TYPES: 'typescript',
      PG_META_GENERATE_TYPES_INCLUDED_SCHEMAS: shape.schemas.join(','),
      PG_META_GENERATE_TYPES_DETECT_ONE_TO_ONE_RELATIONSHIPS: 'true',
    },
    maxBuffer: 32 * 1024 * 1024,
  });
  return stdout;
}

describe.each(SHAPES)('a Supabase project shaped "$name"', (shape) => {
  let expected: string;
  beforeAll(async () => {
    expected = await reference(shape);
  }, 300_000);

  it.each(['pglite', 'postgres'] as Engine[])('on %s: byte for byte what postgres-meta prints on PostgreSQL 15', async (engine) => {
    const root = path.join(fixtures, shape.name);
    const progress: string[] = [];
    const result = await generateTypes({
      source: {
        kind: 'migrations',
        dir: path.join(root, 'supabase', 'migrations'),
        engine,
        ...(shape.declarative ? { files: await filesOf(shape) } : {}),
      },
      schemas: shape.schemas,
      dropViews: 'none',
      cacheDir,
      onProgress: (message) => progress.push(message),
    });
    expect(result.text).toBe(expected);
    const named = progress.filter((line) => /^stand-in: [\w-]+$/.test(line)).map((line) => line.slice('stand-in: '.length));
    expect(named).toEqual(expect.arrayContaining(shape.standIns));
    if (engine === 'pglite') expect(named).not.toContain('vector');
  }, 300_000);
});

describe('what the shapes rely on', () => {
  it('PGlite has the real pgvector type; PostgreSQL 15 without pgvector gets the stand-in and skips its indexes', async () => {
    const dir = path.join(fixtures, 'pgvector', 'supabase', 'migrations');
    const pglite = await openMigratedDatabase(dir, { engine: 'pglite', cacheDir });
    try {
      const { rows } = await pglite.client.query<{ extversion: string }>(`select extversion from pg_extension where extname = 'vector'`);
      expect(rows).toHaveLength(1);
      const version = await pglite.client.query<{ v: string }>(`select current_setting('server_version_num') as v`);
      expect(Math.floor(Number(version.rows[0]!.v) / 10000)).toBe(PGLITE_POSTGRES_MAJOR);
      const distance = await pglite.client.query<{ d: number }>(`select '[1,0]'::vector <=> '[0,1]'::vector as d`);
      expect(distance.rows[0]!.d).toBeCloseTo(1);
      const indexes = await pglite.client.query(`select indexname from pg_indexes where tablename = 'documents' order by 1`);
      expect(indexes.rows).toEqual([{ indexname: 'documents_embedding_hnsw' }, { indexname: 'documents_embedding_ivf' }, { indexname: 'documents_pkey' }]);
    } finally {
      await pglite.close();
    }
    const progress: string[] = [];
    const postgres = await openMigratedDatabase(dir, { engine: 'postgres', onProgress: (m) => progress.push(m) });
    try {
      const { rows } = await postgres.client.query(`select 1 from pg_available_extensions where name = 'vector'`);
      if (rows.length === 0) {
        expect(progress).toContain('stand-in: vector');
        expect(progress).toContain('stand-in: vector has no hnsw index method; the index is left out (types do not show indexes)');
        const type = await postgres.client.query(
          `select n.nspname as schema from pg_type t join pg_namespace n on n.oid = t.typnamespace where t.typname = 'vector'`,
        );
        expect(type.rows).toEqual([{ schema: 'extensions' }]);
      }
    } finally {
      await postgres.close();
    }
  }, 300_000);

  it('Supabase search_path, helpers and roles: unqualified pgcrypto, storage helpers, auth.uid() from the claims', async () => {
    const root = await mkdtemp(path.join(os.tmpdir(), 'retable-helpers-'));
    const dir = path.join(root, 'supabase', 'migrations');
    await cp(path.join(fixtures, 'storage', 'supabase', 'migrations'), dir, { recursive: true });
    // Calls into uuid-ossp and pgcrypto while migrating: PGlite must load their code for the snapshot.
    await writeFile(
      path.join(dir, '20240501000000_tokens.sql'),
      `create table public.tokens (id uuid primary key default uuid_generate_v4(), secret text not null default encode(gen_random_bytes(6), 'hex'));
insert into public.tokens default values;
`,
    );
    try {
      for (const engine of ['pglite', 'postgres'] as Engine[]) {
        const opened = await openMigratedDatabase(dir, { engine, cacheDir });
        try {
          const { rows } = await opened.client.query<Record<string, unknown>>(
            `select current_setting('search_path') as path, (select length(secret) from public.tokens) as secret,
                    storage.foldername('a/b/c.png') as folders, storage.filename('a/b/c.png') as file, storage.extension('a/b/c.png') as ext,
                    (select count(*)::int from pg_roles where rolname in ('anon', 'authenticated', 'service_role', 'authenticator',
                      'supabase_admin', 'dashboard_user', 'supabase_auth_admin', 'supabase_storage_admin')) as roles`,
          );
          expect(rows[0]).toEqual({ path: '"$user", public, extensions', secret: 12, folders: ['a', 'b'], file: 'c.png', ext: 'png', roles: 8 });
          await opened.client.exec(
            `begin; select set_config('request.jwt.claims', '{"sub":"00000000-0000-0000-0000-000000000009","role":"authenticated","email":"a@b.c"}', true)`,
          );
          const claims = await opened.client.query(`select auth.uid()::text as uid, auth.role() as role, auth.email() as email`);
          await opened.client.exec('rollback');
          expect(claims.rows[0]).toEqual({ uid: '00000000-0000-0000-0000-000000000009', role: 'authenticated', email: 'a@b.c' });
        } finally {
          await opened.close();
        }
      }
    } finally {
      await rm(root, { recursive: true, force: true });
    }
  }, 300_000);

  it('an extension nobody ships fails with the file, the line and what to do', async () => {
    const root = await mkdtemp(path.join(os.tmpdir(), 'retable-unknown-ext-'));
    try {
      const dir = path.join(root, 'supabase', 'migrations');
      await mkdir(dir, { recursive: true });
      await writeFile(
        path.join(dir, '001_init.sql'),
        'create table t (id int);\n\ncreate extension if not exists "pg_does_not_exist" with schema extensions;\n',
      );
      for (const engine of ['pglite', 'postgres'] as Engine[]) {
        const error = await openMigratedDatabase(dir, { engine, cacheDir, displayPath: (f) => path.relative(root, f) }).then(
          () => undefined,
          (e: unknown) => e as Error,
        );
        expect(error?.message).toMatch(/^supabase\/migrations\/001_init\.sql:3: .*pg_does_not_exist.*/);
        expect(error?.message).toContain(
          'retable has no stand-in for "pg_does_not_exist"; read a database that has it: `supabase start`, then --db-url postgresql://postgres:postgres@127.0.0.1:54322/postgres (or --local), or give a generated file with --from-file)',
        );
      }
    } finally {
      await rm(root, { recursive: true, force: true });
    }
  }, 300_000);
});
