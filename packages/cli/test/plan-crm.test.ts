import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SUPABASE_BOOTSTRAP_SQL, applyMigrations, startPostgres, type PostgresServer } from '@retable/db';
import { schemaDump } from '../../plan/test/helpers.js';
import { runBinary } from './helpers.js';

// The example app: its migrations, then `retable plan` for its map, applied on PostgreSQL 15.
const example = fileURLToPath(new URL('../../../examples/crm/', import.meta.url));
let server: PostgresServer;
let out: string;

beforeAll(async () => {
  out = await mkdtemp(path.join(os.tmpdir(), 'retable-plan-crm-'));
  server = await startPostgres();
  await server.createDatabase('crm');
  const client = await server.connect('crm');
  try {
    await client.exec(SUPABASE_BOOTSTRAP_SQL);
    await applyMigrations(client, path.join(example, 'supabase/migrations'));
  } finally {
    await client.close();
  }
}, 240_000);

afterAll(async () => {
  await server?.stop();
  await rm(out, { recursive: true, force: true });
});

describe('retable plan on examples/crm', () => {
  it('plans the whole map; expand, rollback and contract apply cleanly and round-trip', async () => {
    const result = runBinary(['plan', '--cwd', example, '--db-url', server.url('crm'), '--rename-derived', '--out', out], process.cwd());
    expect(result.stdout).toBe(['expand', 'contract', 'rollback'].map((name) => `${path.join(out, `${name}.sql`).split(path.sep).join('/')}\n`).join(''));
    expect(result.stderr).toMatch(/^warning: public\.messages is in publication supabase_realtime: /);
    expect(result.stderr).toMatch(/\n13 tables renamed, 3 function bodies rewritten, \d+ derived names renamed, 13 compatibility views, 0 items to review\n$/);
    expect(result.code).toBe(0);
    const [expand, contract, rollback] = await Promise.all(['expand', 'contract', 'rollback'].map((name) => readFile(path.join(out, `${name}.sql`), 'utf8')));

    // The same plan from the migrations alone, read on an embedded PGlite.
    const fromMigrations = path.join(out, 'from-migrations');
    const offline = runBinary(['plan', '--cwd', example, '--migrations', 'supabase/migrations', '--rename-derived', '--out', fromMigrations], process.cwd());
    expect(offline.stderr).toBe(result.stderr);
    expect(offline.code).toBe(0);
    for (const [name, text] of [['expand', expand], ['contract', contract], ['rollback', rollback]] as const) {
      const offlineText = await readFile(path.join(fromMigrations, `${name}.sql`), 'utf8');
      expect(offlineText.split('\n')[2]).toBe('-- Catalog: read from supabase/migrations applied to an embedded PGlite (--migrations); written for PostgreSQL 15 or later');
      expect(text!.split('\n')[2]).toBe('-- Catalog: read from the database (--db-url)');
      expect(offlineText.split('\n').slice(3)).toEqual(text!.split('\n').slice(3));
    }

    await server.createDatabase('roundtrip', 'crm');
    await server.createDatabase('contracted', 'crm');
    const original = await schemaDump(server, 'roundtrip');
    const roundtrip = await server.connect('roundtrip');
    try {
      await roundtrip.exec(expand!);
      // The signup trigger now writes to user_profiles; the old name reads the same row.
      await roundtrip.exec(`insert into auth.users (id, email, raw_user_meta_data) values ('00000000-0000-0000-0000-0000000000aa', 'ada@example.com', '{"full_name":"Ada"}')`);
      const profiles = await roundtrip.query('select full_name from public.profiles');
      expect(profiles.rows).toEqual([{ full_name: 'Ada' }]);
      expect((await roundtrip.query('select full_name from public.user_profiles')).rows).toEqual(profiles.rows);
      await roundtrip.exec('delete from auth.users');
      await roundtrip.exec('delete from public.user_profiles');
      const afterExpand = await schemaDump(server, 'roundtrip');
      await roundtrip.exec(rollback!);
      expect(await schemaDump(server, 'roundtrip')).toBe(original);
      await roundtrip.exec(expand!);
      expect(await schemaDump(server, 'roundtrip')).toBe(afterExpand);
    } finally {
      await roundtrip.close();
    }

    const contracted = await server.connect('contracted');
    try {
      await contracted.exec(expand!);
      await contracted.exec(contract!);
      const old = await contracted.query(
        `select relname from pg_class where relnamespace = 'public'::regnamespace
            and relname in ('profiles', 'workspace', 'leads', 'contacts', 'lead_contacts', 'lead_notes', 'messages',
                            'scheduled_messages', 'email_logs', 'calls', 'transcripts', 'ai_jobs', 'stripe_customers')`,
      );
      expect(old.rows).toEqual([]);
    } finally {
      await contracted.close();
    }
  });
});
