import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  SUPABASE_BOOTSTRAP_SQL,
  applyMigrations,
  openPglite,
  pgliteClient,
  startPostgres,
  type PostgresServer,
  type SqlClient,
} from '@retable/db';

const migrations = fileURLToPath(new URL('../supabase/migrations/', import.meta.url));

const ALICE = '00000000-0000-4000-8000-00000000a11c';
const BOB = '00000000-0000-4000-8000-000000000b0b';
const ALICE_WS = '10000000-0000-4000-8000-00000000a11c';
const BOB_WS = '10000000-0000-4000-8000-000000000b0b';

const TABLES = [
  'ai_jobs',
  'calls',
  'contacts',
  'deal_events',
  'deals',
  'email_logs',
  'lead_contacts',
  'lead_notes',
  'leads',
  'messages',
  'profiles',
  'scheduled_messages',
  'stripe_customers',
  'system_logs_settings',
  'transcripts',
  'workspace',
  'workspace_members',
];

/** Run `sql` as an authenticated user (the way PostgREST does) and roll back. */
async function asUser<Row>(client: SqlClient, sub: string, sql: string): Promise<Row[]> {
  await client.exec('begin');
  try {
    await client.exec(
      `set local role authenticated; select set_config('request.jwt.claims', '{"sub":"${sub}","role":"authenticated"}', true)`,
    );
    return (await client.query<Row>(sql)).rows;
  } finally {
    await client.exec('rollback');
  }
}

/** The same proof on both engines: the schema, the signup trigger, RLS, functions, the view. */
async function proveExample(client: SqlClient) {
  await client.exec(SUPABASE_BOOTSTRAP_SQL);
  const applied = await applyMigrations(client, migrations);
  expect(applied).toBeGreaterThan(50);

  const tables = await client.query<{ name: string; rls: boolean }>(
    `select relname as name, relrowsecurity as rls from pg_class
      where relnamespace = 'public'::regnamespace and relkind = 'r' order by relname`,
  );
  expect(tables.rows.map((t) => t.name)).toEqual(TABLES);
  expect(tables.rows.filter((t) => !t.rls)).toEqual([]);
  const withoutPolicy = await client.query<{ name: string }>(
    `select c.relname as name from pg_class c
      where c.relnamespace = 'public'::regnamespace and c.relkind = 'r'
        and not exists (select from pg_policy p where p.polrelid = c.oid)`,
  );
  expect(withoutPolicy.rows).toEqual([]);
  const realtime = await client.query<{ name: string }>(
    `select tablename as name from pg_publication_tables where pubname = 'supabase_realtime'`,
  );
  expect(realtime.rows).toEqual([{ name: 'messages' }]);
  const view = await client.query<{ options: string[] }>(
    `select reloptions as options from pg_class where oid = 'public.lead_pipeline'::regclass`,
  );
  expect(view.rows[0]?.options).toEqual(['security_invoker=true']);

  // The signup trigger: a new auth user gets a profile.
  await client.exec(`
    insert into auth.users (id, email, raw_user_meta_data) values
      ('${ALICE}', 'alice@example.com', '{"full_name":"Alice Archer"}'),
      ('${BOB}', 'bob@example.com', '{"full_name":"Bob Baker"}');
  `);
  const profiles = await client.query<{ id: string; email: string; full_name: string }>(
    'select id, email, full_name from public.profiles order by email',
  );
  expect(profiles.rows).toEqual([
    { id: ALICE, email: 'alice@example.com', full_name: 'Alice Archer' },
    { id: BOB, email: 'bob@example.com', full_name: 'Bob Baker' },
  ]);

  await client.exec(`
    insert into public.workspace (id, name, owner_id) values
      ('${ALICE_WS}', 'Archer Realty', '${ALICE}'), ('${BOB_WS}', 'Baker Homes', '${BOB}');
    insert into public.workspace_members (workspace_id, user_id, role) values
      ('${ALICE_WS}', '${ALICE}', 'owner'), ('${BOB_WS}', '${BOB}', 'owner');
    insert into public.leads (workspace_id, owner_id, assigned_to, name, status) values
      ('${ALICE_WS}', '${ALICE}', '${ALICE}', 'Alice lead 1', 'new'),
      ('${ALICE_WS}', '${ALICE}', null, 'Alice lead 2', 'qualified'),
      ('${BOB_WS}', '${BOB}', '${BOB}', 'Bob lead', 'new');
    insert into public.system_logs_settings (key, value) values ('retention_days', '30');
  `);

  // RLS: the leads policy reads workspace_members in a subquery; each user sees their workspace only.
  const aliceLeads = await asUser<{ name: string }>(client, ALICE, 'select name from public.leads order by name');
  expect(aliceLeads).toEqual([{ name: 'Alice lead 1' }, { name: 'Alice lead 2' }]);
  const bobLeads = await asUser<{ name: string }>(client, BOB, 'select name from public.leads order by name');
  expect(bobLeads).toEqual([{ name: 'Bob lead' }]);
  // The reporting view keeps the caller's RLS (security_invoker).
  const bobPipeline = await asUser<{ name: string }>(client, BOB, 'select name from public.lead_pipeline');
  expect(bobPipeline).toEqual([{ name: 'Bob lead' }]);
  await expect(
    asUser(
      client,
      ALICE,
      `insert into public.leads (workspace_id, owner_id, name) values ('${BOB_WS}', '${ALICE}', 'Sneaky')`,
    ),
  ).rejects.toThrow(/row-level security/);
  await expect(asUser(client, ALICE, 'select * from public.system_logs_settings')).rejects.toThrow(
    /permission denied/,
  );

  // The SQL function behind supabase.rpc('lead_count_by_status', …).
  const counts = await asUser<{ status: string; total: string | number }>(
    client,
    ALICE,
    `select status::text, total from public.lead_count_by_status('${ALICE_WS}') order by status`,
  );
  expect(counts.map((c) => [c.status, Number(c.total)])).toEqual([
    ['new', 1],
    ['qualified', 1],
  ]);

  // The plpgsql trigger: a won deal logs an event and marks its lead as won.
  await client.exec(`
    insert into public.deals (workspace_id, lead_id, title, amount_cents)
      select workspace_id, id, 'Deal for ' || name, 500000 from public.leads where name = 'Alice lead 2';
    update public.deals set stage = 'won';
  `);
  const events = await client.query<{ kind: string; payload: unknown }>('select kind, payload from public.deal_events');
  expect(events.rows).toEqual([{ kind: 'stage_changed', payload: { from: 'open', to: 'won' } }]);
  const won = await client.query<{ status: string }>(`select status::text from public.leads where name = 'Alice lead 2'`);
  expect(won.rows).toEqual([{ status: 'won' }]);
}

describe('examples/crm migrations on PostgreSQL 15', () => {
  let server: PostgresServer;
  beforeAll(async () => {
    server = await startPostgres();
  });
  afterAll(async () => {
    await server?.stop();
  });

  it('apply on the Supabase bootstrap, with a working signup trigger, RLS, functions and view', async () => {
    const client = await server.connect();
    try {
      const version = await client.query<{ v: string }>(`select current_setting('server_version_num') as v`);
      expect(version.rows[0]?.v).toMatch(/^15/);
      await proveExample(client);
    } finally {
      await client.close();
    }
  }, 180_000);
});

describe('examples/crm migrations on PGlite', () => {
  it('apply on the Supabase bootstrap, with a working signup trigger, RLS, functions and view', async () => {
    const client = pgliteClient(await openPglite());
    try {
      await proveExample(client);
    } finally {
      await client.close();
    }
  }, 180_000);
});
