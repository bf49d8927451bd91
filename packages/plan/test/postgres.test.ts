import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRenameMap } from '@retable/core';
import { startPostgres, type PostgresServer, type SqlClient } from '@retable/db';
import { planFromDatabase, planRename, type RenamePlan } from '@retable/plan';
import { asUser, catalogSnapshot, createFixture, failure, schemaDump, USER_A, USER_B, USER_C } from './helpers.js';

// The proof on a real PostgreSQL 15: the plan's SQL applied to a Supabase-like schema.
const map = createRenameMap({ leads: 'crm_leads', lead_notes: 'crm_lead_notes' });

let server: PostgresServer;
let plan: RenamePlan;
let original: string;
const clients: SqlClient[] = [];

async function database(name: string): Promise<SqlClient> {
  await server.createDatabase(name, 'base');
  const client = await server.connect(name);
  clients.push(client);
  return client;
}

beforeAll(async () => {
  server = await startPostgres();
  await server.createDatabase('base');
  const base = await server.connect('base');
  try {
    await createFixture(base);
    plan = await planFromDatabase(base, map, { renameDerived: true });
  } finally {
    await base.close();
  }
  original = await schemaDump(server, 'base');
}, 240_000);

afterAll(async () => {
  for (const client of clients) await client.close().catch(() => undefined);
  await server?.stop();
});

describe('plan from the catalog', () => {
  it('rewrites the text bodies that name a renamed table and leaves dynamic SQL for review', () => {
    expect(plan.functions.map((fn) => fn.signature)).toEqual([
      'public.handle_new_user()',
      'public.lead_count(p_owner uuid)',
      'public.log_note()',
      'public.my_leads()',
      'public.note_count(l leads)',
    ]);
    expect(plan.review).toEqual([
      { signature: 'public.purge_leads(days integer)', line: 3, message: 'SQL run by EXECUTE names leads inside a string: rewrite by hand' },
    ]);
    const logNote = plan.functions.find((fn) => fn.signature === 'public.log_note()')!;
    expect(logNote.after).toContain('  lead crm_leads%rowtype;\nbegin\n  select * into lead from crm_leads where id = new.lead_id;');
    expect(logNote.after).toContain('insert into activity_log (actor, action, lead_id)');
    expect(plan.functions.find((fn) => fn.signature === 'public.lead_count(p_owner uuid)')!.after).toContain(
      'AS $function$ select count(*) from public.crm_leads where crm_leads.owner_id = p_owner $function$',
    );
    // The head names the row type as it is now: it must use the new name too.
    expect(plan.functions.find((fn) => fn.signature === 'public.my_leads()')!.after).toMatch(/^CREATE OR REPLACE FUNCTION public\.my_leads\(\)\n RETURNS SETOF crm_leads\n/);
    expect(plan.functions.find((fn) => fn.signature === 'public.note_count(l leads)')!.after).toMatch(
      /^CREATE OR REPLACE FUNCTION public\.note_count\(l crm_leads\)\n RETURNS bigint\n[\s\S]*from crm_lead_notes n where/,
    );
  });

  it('renames the derived names from the catalog, never trigger names', () => {
    expect(plan.derived.map((d) => `${d.kind} ${d.from} → ${d.to}`)).toEqual([
      'constraint leads_email_key → crm_leads_email_key',
      'constraint leads_name_check → crm_leads_name_check',
      'constraint leads_pkey → crm_leads_pkey',
      'constraint leads_workspace_id_fkey → crm_leads_workspace_id_fkey',
      'index leads_owner_id_idx → crm_leads_owner_id_idx',
      'sequence leads_id_seq → crm_leads_id_seq',
      'constraint lead_notes_lead_id_fkey → crm_lead_notes_lead_id_fkey',
      'constraint lead_notes_pkey → crm_lead_notes_pkey',
      'sequence lead_notes_id_seq → crm_lead_notes_id_seq',
    ]);
    expect(plan.files.expand).not.toMatch(/^ALTER TRIGGER/m);
    expect(plan.files.rollback).not.toMatch(/^ALTER TRIGGER/m);
  });

  it('warns about the publication, trigger order, views over views and row-type functions', () => {
    expect(plan.warnings).toEqual([
      'public.leads is in publication supabase_realtime: a view cannot join a publication, so realtime subscriptions on "leads" stop at expand; subscribe to "crm_leads" in the code you deploy',
      'public.leads: trigger names keep their old names (leads_touch); renaming them to crm_leads_… by hand would change the order they fire in (d_touch, leads_touch → leads_touch, d_touch)',
      'anon can read only some columns of public.leads (SELECT on id, name): the compatibility view gets the same column grants, but PostgreSQL checks every column a security_invoker view reads against the caller, so anon\'s reads through "leads" fail; move them to "crm_leads" (its column grants follow the rename) before expand',
      'public.lead_label(l leads) takes the row type of leads: it follows the rename, but calls through the compatibility view leads (PostgREST computed columns) will not find it; move those callers to crm_leads',
      'public.note_count(l leads) takes the row type of leads: it follows the rename, but calls through the compatibility view leads (PostgREST computed columns) will not find it; move those callers to crm_leads',
      'view public.lead_overview_names reads leads, lead_notes through view lead_overview: both follow the rename (views are stored by OID), but recreate them from their current definitions, not from old migrations',
    ]);
  });

  it('writes each file as one transaction with a lock timeout, and copies the grants exactly', () => {
    for (const file of Object.values(plan.files)) {
      expect(file).toMatch(/\nBEGIN;\nSET LOCAL lock_timeout = '5s';\n/);
      expect(file.trimEnd().endsWith("NOTIFY pgrst, 'reload schema';\nCOMMIT;")).toBe(true);
      expect(file.match(/^BEGIN;$/gm)).toHaveLength(1);
    }
    expect(plan.files.expand).toContain(
      [
        'CREATE VIEW public.leads WITH (security_invoker = true) AS SELECT * FROM public.crm_leads;',
        "COMMENT ON VIEW public.leads IS 'retable: compatibility view for public.crm_leads; dropped by contract.sql';",
        'REVOKE ALL ON public.leads FROM anon, authenticated, service_role;',
        'GRANT SELECT (id, name) ON public.leads TO anon;',
        'GRANT DELETE, INSERT, SELECT, UPDATE ON public.leads TO authenticated;',
        'GRANT DELETE, INSERT, REFERENCES, SELECT, TRIGGER, TRUNCATE, UPDATE ON public.leads TO service_role;',
      ].join('\n'),
    );
  });
});

describe('expand.sql on PostgreSQL 15', () => {
  let db: SqlClient;
  let afterExpand: string;
  beforeAll(async () => {
    db = await database('expanded');
    await db.exec(plan.files.expand);
    afterExpand = await schemaDump(server, 'expanded');
  }, 120_000);

  it('keeps every function and trigger working', async () => {
    const count = await db.query<{ n: string }>(`select public.lead_count('${USER_A}') as n`);
    const direct = await db.query<{ n: string }>(`select count(*) as n from public.crm_leads where owner_id = '${USER_A}'`);
    expect(count.rows[0]!.n).toBe('2');
    expect(count.rows[0]!.n).toBe(direct.rows[0]!.n);

    const names = await db.query<{ name: string }>('select public.lead_names() as name');
    expect(names.rows.map((row) => row.name)).toEqual(['Ada', 'Bob', 'Acme']);

    const noteCount = await db.query<{ n: string }>(`select public.note_count(l) as n from public.crm_leads l where name = 'Acme'`);
    expect(noteCount.rows).toEqual([{ n: '1' }]);
    const myLeads = await asUser(db, USER_A, () => db.query<{ name: string }>('select name from public.my_leads()'));
    expect(myLeads.rows).toEqual([{ name: 'Ada' }, { name: 'Acme' }]);

    // archive.archived_count() reads archive.leads (its search_path): left as it is, still working.
    const archived = await db.query<{ n: string; src: string }>(
      `select archive.archived_count() as n, prosrc as src from pg_proc where proname = 'archived_count'`,
    );
    expect(archived.rows).toEqual([{ n: '1', src: ' select count(*) from leads ' }]);

    const label = await db.query<{ label: string }>(`select public.lead_label(l) as label from public.crm_leads l where name = 'Acme'`);
    expect(label.rows[0]!.label).toBe('Acme <acme@example.com>');

    // The signup trigger (SECURITY DEFINER) inserts into the renamed table.
    await db.exec(`insert into auth.users (id, email, raw_user_meta_data) values ('${USER_C}', 'c@example.com', '{"name":"Cy"}')`);
    const signup = await db.query<{ name: string }>(`select name from public.crm_leads where owner_id = '${USER_C}'`);
    expect(signup.rows).toEqual([{ name: 'Cy' }]);

    // The %ROWTYPE trigger function, fired through the table and through the compat view.
    await db.exec(`insert into public.crm_lead_notes (lead_id, author_id, body) select id, owner_id, 'table' from public.crm_leads where name = 'Cy'`);
    await db.exec(`insert into public.lead_notes (lead_id, author_id, body) select id, owner_id, 'view' from public.crm_leads where name = 'Cy'`);
    const log = await db.query<{ action: string }>(`select action from public.activity_log where actor = '${USER_C}' order by id`);
    expect(log.rows).toEqual([{ action: 'note on Cy' }, { action: 'note on Cy' }]);

    const before = await db.query<{ updated_at: Date }>(`select updated_at from public.crm_leads where name = 'Cy'`);
    await db.exec(`update public.leads set name = 'Cyd' where name = 'Cy'`);
    const after = await db.query<{ updated_at: Date; name: string }>(`select updated_at, name from public.crm_leads where owner_id = '${USER_C}'`);
    expect(after.rows[0]!.name).toBe('Cyd');
    expect(after.rows[0]!.updated_at.getTime()).toBeGreaterThanOrEqual(before.rows[0]!.updated_at.getTime());
  });

  it('accepts inserts, upserts and RETURNING through the compatibility view', async () => {
    const inserted = await db.query<{ id: string; owner_id: string }>(
      `insert into public.leads (owner_id, name, email) values ('${USER_B}', 'Globex', 'globex@example.com') returning id, owner_id`,
    );
    expect(inserted.rows[0]!.owner_id).toBe(USER_B);
    await db.exec(
      `insert into public.leads (owner_id, name, email) values ('${USER_B}', 'Globex Corp', 'globex@example.com')
         on conflict (email) do update set name = excluded.name`,
    );
    const row = await db.query<{ name: string }>(`select name from public.crm_leads where id = ${inserted.rows[0]!.id}`);
    expect(row.rows).toEqual([{ name: 'Globex Corp' }]);
  });

  it('applies RLS through the view: a user sees exactly the rows the table shows and cannot write another user\'s', async () => {
    const mine = await db.query<{ id: string }>(`select id from public.crm_leads where owner_id = '${USER_A}' order by id`);
    const total = await db.query<{ n: string }>('select count(*) as n from public.crm_leads');
    expect(mine.rows.length).toBe(2);
    expect(Number(total.rows[0]!.n)).toBeGreaterThan(2);
    await asUser(db, USER_A, async () => {
      const throughView = await db.query<{ id: string }>('select id from public.leads order by id');
      const throughTable = await db.query<{ id: string }>('select id from public.crm_leads order by id');
      expect(throughView.rows).toEqual(throughTable.rows);
      expect(throughView.rows).toEqual(mine.rows);
      const notesView = await db.query<{ body: string }>('select body from public.lead_notes order by id');
      const notesTable = await db.query<{ body: string }>('select body from public.crm_lead_notes order by id');
      expect(notesView.rows).toEqual(notesTable.rows);
      expect(notesView.rows).toEqual([{ body: 'first call' }]);
      const own = await db.query<{ owner_id: string }>(`insert into public.leads (name) values ('Mine') returning owner_id`);
      expect(own.rows).toEqual([{ owner_id: USER_A }]);
      expect(await failure(db, `insert into public.leads (owner_id, name) values ('${USER_B}', 'Not mine')`)).toMatch(
        /new row violates row-level security policy/,
      );
    });
  });

  it('gives the view the table\'s grants, column grants included', async () => {
    const privilege = (column: string) =>
      db.query<{ ok: boolean }>(`select has_column_privilege('anon', 'public.leads', '${column}', 'select') as ok`);
    expect((await privilege('name')).rows).toEqual([{ ok: true }]);
    expect((await privilege('email')).rows).toEqual([{ ok: false }]);
    await db.exec('begin');
    try {
      await db.exec('set local role anon');
      // On the table anon reads its columns; through the view (SELECT *) it needs every column,
      // which is why the plan warns about column-only grants.
      expect(await db.query('select id, name from public.crm_leads')).toEqual({ rows: [] });
      expect(await failure(db, 'select id, name from public.leads')).toBe('permission denied for table crm_leads');
    } finally {
      await db.exec('rollback');
    }
    expect(plan.warnings).toContain(
      'anon can read only some columns of public.leads (SELECT on id, name): the compatibility view gets the same column grants, but PostgreSQL checks every column a security_invoker view reads against the caller, so anon\'s reads through "leads" fail; move them to "crm_leads" (its column grants follow the rename) before expand',
    );
  });

  it('expand, rollback, expand gives the same schema as one expand', async () => {
    const twice = await database('twice');
    await twice.exec(plan.files.expand);
    await twice.exec(plan.files.rollback);
    await twice.exec(plan.files.expand);
    expect(await schemaDump(server, 'twice')).toBe(afterExpand);
  });
});

describe('rollback.sql on PostgreSQL 15', () => {
  it('expand then rollback gives a schema dump identical to the original', async () => {
    const db = await database('roundtrip');
    const before = await catalogSnapshot(db);
    await db.exec(plan.files.expand);
    expect(await schemaDump(server, 'roundtrip')).not.toBe(original);
    await db.exec(plan.files.rollback);
    expect(await schemaDump(server, 'roundtrip')).toBe(original);
    expect(await catalogSnapshot(db)).toEqual(before);
  });

  it('also undoes expand after contract', async () => {
    const db = await database('contracted_then_rolled_back');
    await db.exec(plan.files.expand);
    await db.exec(plan.files.contract);
    await db.exec(plan.files.rollback);
    expect(await schemaDump(server, 'contracted_then_rolled_back')).toBe(original);
  });
});

describe('contract.sql on PostgreSQL 15', () => {
  it('leaves no old name in the catalog (but the function left for review)', async () => {
    const db = await database('contracted');
    await db.exec(plan.files.expand);
    await db.exec(plan.files.contract);
    const oldNames = `'^(leads|lead_notes)(_|$)'`;
    const relations = await db.query(`select relname from pg_class where relnamespace = 'public'::regnamespace and relname ~ ${oldNames}`);
    expect(relations.rows).toEqual([]);
    const constraints = await db.query(`select conname from pg_constraint where connamespace = 'public'::regnamespace and conname ~ ${oldNames}`);
    expect(constraints.rows).toEqual([]);
    const views = await db.query(
      `select relname from pg_class where relnamespace = 'public'::regnamespace and relkind = 'v' and pg_get_viewdef(oid) ~ '\\m(leads|lead_notes)\\M'`,
    );
    expect(views.rows).toEqual([]);
    const policies = await db.query(
      `select policyname from pg_policies where coalesce(qual, '') || coalesce(with_check, '') ~ '\\m(leads|lead_notes)\\M'`,
    );
    expect(policies.rows).toEqual([]);
    const functions = await db.query<{ proname: string }>(
      `select proname from pg_proc where pronamespace = 'public'::regnamespace
          and (prosrc ~ '\\m(leads|lead_notes)\\M' or pg_get_functiondef(oid) ~ '\\m(leads|lead_notes)\\M')`,
    );
    expect(functions.rows).toEqual([{ proname: 'purge_leads' }]);
    const count = await db.query<{ n: string }>(`select public.lead_count('${USER_A}') as n`);
    expect(count.rows[0]!.n).toBe('2');
  });

  it('fails clearly, changing nothing, while something depends on a compatibility view', async () => {
    const db = await database('blocked');
    await db.exec(plan.files.expand);
    await db.exec('create view public.recent_leads as select * from public.leads');
    const error = await failure(db, plan.files.contract);
    expect(error).toBe('retable contract: the compatibility views are still used by: rule _RETURN on view recent_leads');
    await db.exec('rollback').catch(() => undefined);
    const stillThere = await db.query<{ kind: string }>(`select relkind::text as kind from pg_class where oid = to_regclass('public.leads')`);
    expect(stillThere.rows).toEqual([{ kind: 'v' }]);
  });
});

describe('plan without a catalog on PostgreSQL 15', () => {
  it('copies the grants when expand runs and round-trips', async () => {
    const blind = await planRename(map, undefined, {});
    expect(blind.unchecked.length).toBeGreaterThan(0);
    expect(blind.files.expand).toContain('-- NOT CHECKED (no --db-url): function bodies that name the renamed tables');
    const db = await database('blind');
    await db.exec(blind.files.expand);
    const acl = (relation: string) =>
      db.query<{ grantee: string; privilege_type: string }>(
        `select r.rolname as grantee, a.privilege_type from pg_class c, aclexplode(c.relacl) a join pg_roles r on r.oid = a.grantee
          where c.oid = '${relation}'::regclass and r.rolname in ('anon', 'authenticated', 'service_role') order by 1, 2`,
      );
    expect((await acl('public.leads')).rows).toEqual((await acl('public.crm_leads')).rows);
    expect((await acl('public.lead_notes')).rows).toEqual((await acl('public.crm_lead_notes')).rows);
    expect((await acl('public.lead_notes')).rows).toHaveLength(21);
    const anonEmail = await db.query<{ ok: boolean }>(`select has_column_privilege('anon', 'public.leads', 'email', 'select') as ok`);
    expect(anonEmail.rows).toEqual([{ ok: false }]);
    const anonName = await db.query<{ ok: boolean }>(`select has_column_privilege('anon', 'public.leads', 'name', 'select') as ok`);
    expect(anonName.rows).toEqual([{ ok: true }]);
    await db.exec(blind.files.rollback);
    expect(await schemaDump(server, 'blind')).toBe(original);
  });
});
