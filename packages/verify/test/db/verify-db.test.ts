import { createRenameMap, type RenameMap } from '@retable/core';
import { openPglite, pgliteClient, type SqlClient } from '@retable/db';
import { verifyDb, type VerifyDbOptions, type VerifyDbResult } from '@retable/verify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BASE_SQL, CONTRACT_SQL, EXPAND_SQL, startDatabases, type Databases } from './scenario.js';

const map = createRenameMap({ leads: 'crm_leads', contacts: 'crm_contacts' });

let dbs: Databases;
beforeAll(async () => {
  dbs = await startDatabases();
});
afterAll(async () => {
  await dbs?.server.stop();
});

async function check(sql: string, options: Partial<VerifyDbOptions> = {}): Promise<VerifyDbResult> {
  const client = await dbs.fresh(sql);
  try {
    return await verifyDb(client, { map, ...options });
  } finally {
    await client.close();
  }
}

describe('a clean rename passes', () => {
  it('expand: compat views in place, phase inferred, no finding', async () => {
    const result = await check(EXPAND_SQL);
    expect(result).toEqual({
      phase: 'expand',
      phaseReason: 'inferred: 2 of 2 old names are views',
      schema: 'public',
      exposedSchemas: ['public'],
      findings: [],
      errors: 0,
      warnings: 0,
    });
  });

  it('contract: old names gone, phase inferred, no finding', async () => {
    const result = await check(EXPAND_SQL + CONTRACT_SQL);
    expect(result.phase).toBe('contract');
    expect(result.phaseReason).toBe('inferred: no old name is a view');
    expect(result.findings).toEqual([]);
  });
});

describe('phase', () => {
  it('--phase contract while the compat views remain: each old name is an error', async () => {
    const result = await check(EXPAND_SQL, { phase: 'contract' });
    expect(result.phaseReason).toBe('given');
    expect(result.findings).toEqual([
      {
        id: 'old-name-remains',
        level: 'error',
        object: 'public.contacts',
        message: 'view public.contacts still exists after the contract phase',
        fix: 'drop view public.contacts;',
      },
      {
        id: 'old-name-remains',
        level: 'error',
        object: 'public.leads',
        message: 'view public.leads still exists after the contract phase',
        fix: 'drop view public.leads;',
      },
    ]);
  });

  it('before the rename: new tables missing, old names still tables (inferred contract)', async () => {
    const result = await check('');
    expect(result.phase).toBe('contract');
    expect(result.findings).toEqual([
      {
        id: 'new-table-missing',
        level: 'error',
        object: 'public.crm_contacts',
        message: 'table public.crm_contacts does not exist; public.contacts is still a table, so the rename has not run',
        fix: 'apply the expand migration: alter table public.contacts rename to crm_contacts;',
      },
      {
        id: 'new-table-missing',
        level: 'error',
        object: 'public.crm_leads',
        message: 'table public.crm_leads does not exist; public.leads is still a table, so the rename has not run',
        fix: 'apply the expand migration: alter table public.leads rename to crm_leads;',
      },
      {
        id: 'old-name-remains',
        level: 'error',
        object: 'public.contacts',
        message: 'table public.contacts still exists after the contract phase',
        fix: 'drop or rename the table public.contacts (the rename to crm_contacts has not run)',
      },
      {
        id: 'old-name-remains',
        level: 'error',
        object: 'public.leads',
        message: 'table public.leads still exists after the contract phase',
        fix: 'drop or rename the table public.leads (the rename to crm_leads has not run)',
      },
    ]);
  });

  it('--phase expand before the rename: old names are tables, not compat views', async () => {
    const result = await check('', { phase: 'expand' });
    expect(result.findings.filter((f) => f.id === 'compat-view-missing')).toEqual([
      {
        id: 'compat-view-missing',
        level: 'error',
        object: 'public.contacts',
        message: 'public.contacts is a table, not a compat view over public.crm_contacts',
        fix: 'alter table public.contacts rename to crm_contacts; then create the compat view public.contacts',
      },
      {
        id: 'compat-view-missing',
        level: 'error',
        object: 'public.leads',
        message: 'public.leads is a table, not a compat view over public.crm_leads',
        fix: 'alter table public.leads rename to crm_leads; then create the compat view public.leads',
      },
    ]);
    expect(result.findings.map((f) => f.id)).toEqual([
      'new-table-missing',
      'new-table-missing',
      'compat-view-missing',
      'compat-view-missing',
    ]);
  });

  it('--phase expand after the contract: the compat views are missing', async () => {
    const result = await check(EXPAND_SQL + 'drop view leads;', { phase: 'expand' });
    expect(result.findings).toEqual([
      {
        id: 'compat-view-missing',
        level: 'error',
        object: 'public.leads',
        message: 'compat view public.leads does not exist; code still deployed with the old name will fail',
        fix: 'create view public.leads with (security_invoker = true) as select * from public.crm_leads;',
      },
    ]);
  });
});

describe('compat views', () => {
  it('a compat view without security_invoker', async () => {
    const result = await check(`${EXPAND_SQL} alter view leads reset (security_invoker);`);
    expect(result.findings).toEqual([
      {
        id: 'view-not-security-invoker',
        level: 'error',
        object: 'public.leads',
        message: "compat view public.leads (for public.crm_leads) runs with its owner's rights, bypassing RLS on the tables it reads",
        fix: 'alter view public.leads set (security_invoker = true);',
      },
    ]);
  });

  it('a missing grant and an extra grant on compat views', async () => {
    const result = await check(`${EXPAND_SQL}
      revoke insert, update on leads from authenticated;
      revoke delete on crm_contacts from anon;`);
    expect(result.findings).toEqual([
      {
        id: 'compat-view-grants',
        level: 'error',
        object: 'public.contacts',
        message:
          "anon on compat view public.contacts has DELETE beyond the table's (public.crm_contacts grants anon INSERT, SELECT, UPDATE)",
        fix: 'revoke delete on public.contacts from anon;',
      },
      {
        id: 'compat-view-grants',
        level: 'error',
        object: 'public.leads',
        message:
          'authenticated on compat view public.leads lacks INSERT, UPDATE (public.crm_leads grants authenticated DELETE, INSERT, SELECT, UPDATE)',
        fix: 'grant insert, update on public.leads to authenticated;',
      },
    ]);
  });

  it('column-level grants count, privileges that mean nothing on a view do not', async () => {
    const result = await check(`${EXPAND_SQL}
      revoke all on crm_leads from authenticated;
      grant select, delete on crm_leads to authenticated;
      grant update (name, owner) on crm_leads to authenticated;
      revoke all on leads from authenticated;
      grant select, delete, update on leads to authenticated;
      revoke truncate, references, trigger on crm_contacts from anon;`);
    expect(result.findings).toEqual([
      {
        id: 'compat-view-grants',
        level: 'error',
        object: 'public.leads',
        message:
          "authenticated on compat view public.leads lacks UPDATE (name), UPDATE (owner) and has UPDATE beyond the table's (public.crm_leads grants authenticated DELETE, SELECT, UPDATE (name), UPDATE (owner))",
        fix: 'grant update (name, owner) on public.leads to authenticated; revoke update on public.leads from authenticated;',
      },
    ]);
  });

  it('a compat view that reads another table too', async () => {
    const result = await check(`${EXPAND_SQL}
      drop view contacts;
      create view contacts with (security_invoker = true) as
        select c.* from crm_contacts c join crm_leads l on l.id = c.lead_id;`);
    expect(result.findings).toEqual([
      {
        id: 'compat-view-target',
        level: 'error',
        object: 'public.contacts',
        message: 'compat view public.contacts reads public.crm_contacts, public.crm_leads, not exactly public.crm_contacts',
        fix: 'create or replace view public.contacts with (security_invoker = true) as select * from public.crm_contacts;',
      },
    ]);
  });

  it('a compat view over the wrong table', async () => {
    const result = await check(`${EXPAND_SQL}
      drop view contacts;
      create view contacts with (security_invoker = true) as select * from crm_leads;`);
    expect(result.findings).toEqual([
      {
        id: 'compat-view-target',
        level: 'error',
        object: 'public.contacts',
        message: 'compat view public.contacts reads public.crm_leads, not exactly public.crm_contacts',
        fix: 'drop view public.contacts; create or replace view public.contacts with (security_invoker = true) as select * from public.crm_contacts;',
      },
    ]);
  });

  it.each([
    [
      'select * from crm_leads where name <> \'\'',
      'it filters its rows (a WHERE or join condition), so old code sees fewer rows',
    ],
    [
      'select id, owner, upper(name) as name from crm_leads',
      'it computes some columns instead of passing them through',
    ],
    [
      'select distinct * from crm_leads',
      'it cannot take INSERT, UPDATE and DELETE, so writes by old code fail',
    ],
  ])('a compat view that is not a plain select *: %s', async (query, problem) => {
    const result = await check(`${EXPAND_SQL} create or replace view leads with (security_invoker = true) as ${query};`);
    expect(result.findings).toEqual([
      {
        id: 'compat-view-target',
        level: 'error',
        object: 'public.leads',
        message: `compat view public.leads is not a plain select * from public.crm_leads: ${problem}`,
        fix: 'drop view public.leads; create or replace view public.leads with (security_invoker = true) as select * from public.crm_leads;',
      },
    ]);
  });

  it('a column added to the table after the compat view was created', async () => {
    const result = await check(`${EXPAND_SQL} alter table crm_leads add column score int;`);
    expect(result.findings).toEqual([
      {
        id: 'compat-view-columns',
        level: 'error',
        object: 'public.leads',
        message: 'compat view public.leads does not show the columns of public.crm_leads as select * would (it lacks score)',
        fix: 'create or replace view public.leads with (security_invoker = true) as select * from public.crm_leads;',
      },
    ]);
  });

  it('a view and a BEGIN ATOMIC function on a compat view: warnings in expand, errors in contract', async () => {
    const sql = `${EXPAND_SQL}
      create view lead_names with (security_invoker = true) as select name from leads;
      create function lead_total() returns bigint language sql stable begin atomic select count(*) from leads; end;`;
    const dependents = [
      {
        id: 'compat-view-dependents',
        level: 'warn',
        object: 'public.leads',
        message: 'function lead_total() depends on compat view public.leads; dropping the view in the contract phase fails or cascades',
        fix: 'recreate function lead_total() on public.crm_leads',
      },
      {
        id: 'compat-view-dependents',
        level: 'warn',
        object: 'public.leads',
        message: 'view public.lead_names depends on compat view public.leads; dropping the view in the contract phase fails or cascades',
        fix: 'recreate view public.lead_names on public.crm_leads',
      },
    ];
    expect((await check(sql)).findings).toEqual(dependents);
    const contract = await check(sql, { phase: 'contract' });
    expect(contract.findings.filter((f) => f.id === 'compat-view-dependents')).toEqual(
      dependents.map((f) => ({ ...f, level: 'error' })),
    );
  });
});

describe('functions', () => {
  const FUNCTIONS = `
    create function touch_lead() returns trigger language plpgsql as $$
    begin
      -- keeps leads in sync
      update leads set name = new.email where id = new.lead_id;
      return new;
    end $$;
    create trigger touch_lead_on_update after update on crm_contacts for each row execute function touch_lead();
    create function lead_count(since timestamptz) returns bigint language sql stable as $$ select count(*) from public.leads $$;
    create function new_count() returns bigint language sql stable as $$ select count(*) from crm_leads /* was: leads */ $$;
    create function leads_count_new() returns bigint language sql stable as $$ select count(*) as leads_count from crm_leads $$;
    create function atomic_count() returns bigint language sql stable begin atomic select count(*) from crm_leads; end;
    create function auth.lead_check() returns boolean language sql stable as $$ select exists (select from public.leads) $$;
  `;

  it('a stale trigger function is an error, another function a warning (expand)', async () => {
    const result = await check(EXPAND_SQL + FUNCTIONS);
    expect(result.findings).toEqual([
      {
        id: 'stale-function-body',
        level: 'warn',
        object: 'public.lead_count(since timestamp with time zone)',
        message:
          'function public.lead_count(since timestamp with time zone) names old table leads (body line 1); its body is text, so the rename did not update it',
        fix: 'create or replace function public.lead_count(since timestamp with time zone) with leads → crm_leads in its body',
      },
      {
        id: 'stale-function-body',
        level: 'error',
        object: 'public.touch_lead()',
        message: 'trigger function public.touch_lead() names old table leads (body line 4); its body is text, so the rename did not update it',
        fix: 'create or replace function public.touch_lead() with leads → crm_leads in its body',
      },
    ]);
  });

  it('before the rename a body naming the old table is not stale', async () => {
    const result = await check(FUNCTIONS.replaceAll('crm_contacts', 'contacts').replaceAll('crm_leads', 'leads'));
    expect(result.findings.filter((f) => f.id === 'stale-function-body')).toEqual([]);
  });

  it('in contract every stale function is an error', async () => {
    const result = await check(EXPAND_SQL + FUNCTIONS + CONTRACT_SQL);
    expect(result.phase).toBe('contract');
    expect(result.findings.map((f) => [f.id, f.level, f.object])).toEqual([
      ['stale-function-body', 'error', 'public.lead_count(since timestamp with time zone)'],
      ['stale-function-body', 'error', 'public.touch_lead()'],
    ]);
  });
});

describe('RLS and views in exposed schemas', () => {
  it('RLS off on readable tables, RLS without policy, a policy with RLS off', async () => {
    const result = await check(`${EXPAND_SQL}
      alter table crm_contacts disable row level security;
      create table settings (key text primary key, value text);
      create table internal_jobs (id int);
      revoke all on internal_jobs from anon, authenticated;
      create table flags (id int);
      alter table flags enable row level security;
      create schema private;
      create table private.notes (id int);
      grant usage on schema private to anon;
      grant select on private.notes to anon;`);
    expect(result.findings).toEqual([
      {
        id: 'rls-disabled-readable',
        level: 'error',
        object: 'public.crm_contacts',
        message:
          'table public.crm_contacts has RLS disabled and anon, authenticated can select from it: every row is readable through the API',
        fix: 'alter table public.crm_contacts enable row level security; -- then add policies, or instead: revoke select on public.crm_contacts from anon, authenticated;',
      },
      {
        id: 'rls-disabled-readable',
        level: 'error',
        object: 'public.settings',
        message: 'table public.settings has RLS disabled and anon, authenticated can select from it: every row is readable through the API',
        fix: 'alter table public.settings enable row level security; -- then add policies, or instead: revoke select on public.settings from anon, authenticated;',
      },
      {
        id: 'rls-no-policy',
        level: 'warn',
        object: 'public.flags',
        message: 'table public.flags has RLS enabled but no policy: only its owner and bypassrls roles can use it',
        fix: 'create policy flags_select_own on public.flags for select to authenticated using (<condition on auth.uid()>); -- the policies clients need; for server-only tables nothing is needed (service_role bypasses RLS)',
      },
      {
        id: 'policy-rls-disabled',
        level: 'error',
        object: 'public.crm_contacts',
        message: 'table public.crm_contacts has 1 policy but RLS is disabled, so it has no effect',
        fix: 'alter table public.crm_contacts enable row level security;',
      },
    ]);
  });

  it('a definer view in public; views in unexposed schemas are not checked', async () => {
    const result = await check(`${EXPAND_SQL}
      create view lead_stats as select count(*) as n from crm_leads;
      create schema private;
      create view private.lead_stats as select count(*) as n from crm_leads;`);
    expect(result.findings).toEqual([
      {
        id: 'view-not-security-invoker',
        level: 'error',
        object: 'public.lead_stats',
        message: "view public.lead_stats runs with its owner's rights, bypassing RLS on the tables it reads",
        fix: 'alter view public.lead_stats set (security_invoker = true);',
      },
    ]);
  });

  it('the config schema is exposed too', async () => {
    const appMap = createRenameMap({ leads: 'crm_leads' }, 'app');
    const client = await dbs.fresh(`
      create schema app;
      grant usage on schema app to anon, authenticated;
      create table app.crm_leads (id int primary key);
      grant select on app.crm_leads to anon;
      create view app.leads as select * from app.crm_leads;
      grant select on app.leads to anon;`);
    try {
      const result = await verifyDb(client, { map: appMap });
      expect(result.exposedSchemas).toEqual(['public', 'app']);
      expect(result.findings.map((f) => [f.id, f.level, f.object])).toEqual([
        ['view-not-security-invoker', 'error', 'app.leads'],
        ['rls-disabled-readable', 'error', 'app.crm_leads'],
      ]);
      // With app not exposed, its tables are not the API's concern; its compat view still is.
      const unexposed = await verifyDb(client, { map: appMap, exposedSchemas: ['public'] });
      expect(unexposed.findings.map((f) => [f.id, f.level, f.object])).toEqual([['view-not-security-invoker', 'error', 'app.leads']]);
    } finally {
      await client.close();
    }
  });
});

describe('names', () => {
  it('derived names by core\'s rule set: never triggers, never policies named by a sentence', async () => {
    const client = await dbs.fresh(`
      create index leads_name_idx on leads (name);
      create index idx_leads_owner on leads (owner);
      create index by_email on contacts (email);
      alter table contacts add column owner_lead bigint;
      alter table contacts add constraint public_contacts_owner_lead_fkey foreign key (owner_lead) references leads (id);
      create function audit() returns trigger language plpgsql as $$ begin return new; end $$;
      create trigger leads_audit before insert on leads for each row execute function audit();
      create policy "leads: insert own" on leads for insert to authenticated with check (owner = auth.uid());
      create policy "Users can read their own leads" on leads for select to authenticated using (owner = auth.uid());
      create policy leads_delete_own on leads for delete to authenticated using (owner = auth.uid());
      create policy "read contacts" on contacts for select to anon using (false);
      alter table leads rename to crm_leads;
      create view leads with (security_invoker = true) as select * from crm_leads;
      alter table contacts rename to crm_contacts;
      create view contacts with (security_invoker = true) as select * from crm_contacts;`);
    let result;
    try {
      result = await verifyDb(client, { map });
    } finally {
      await client.close();
    }
    const stale = (object: string, message: string, fix: string) => ({ id: 'derived-name-stale', level: 'warn', object, message, fix });
    expect(result.findings).toEqual([
      stale(
        'public.contacts_id_seq',
        'sequence public.contacts_id_seq on public.crm_contacts still carries the old table name contacts',
        'alter sequence public.contacts_id_seq rename to crm_contacts_id_seq;',
      ),
      stale(
        'public.crm_contacts.contacts_lead_id_fkey',
        'constraint contacts_lead_id_fkey on public.crm_contacts still carries the old table name contacts',
        'alter table public.crm_contacts rename constraint contacts_lead_id_fkey to crm_contacts_lead_id_fkey;',
      ),
      stale(
        'public.crm_contacts.contacts_pkey',
        'constraint contacts_pkey on public.crm_contacts still carries the old table name contacts',
        'alter table public.crm_contacts rename constraint contacts_pkey to crm_contacts_pkey;',
      ),
      stale(
        'public.crm_contacts.public_contacts_owner_lead_fkey',
        'constraint public_contacts_owner_lead_fkey on public.crm_contacts still carries the old table name contacts',
        'alter table public.crm_contacts rename constraint public_contacts_owner_lead_fkey to public_crm_contacts_owner_lead_fkey;',
      ),
      stale(
        'public.crm_leads.leads_delete_own',
        'policy leads_delete_own on public.crm_leads still carries the old table name leads',
        'alter policy leads_delete_own on public.crm_leads rename to crm_leads_delete_own;',
      ),
      stale(
        'public.crm_leads.leads_pkey',
        'constraint leads_pkey on public.crm_leads still carries the old table name leads',
        'alter table public.crm_leads rename constraint leads_pkey to crm_leads_pkey;',
      ),
      stale(
        'public.idx_leads_owner',
        'index public.idx_leads_owner on public.crm_leads still carries the old table name leads',
        'alter index public.idx_leads_owner rename to idx_crm_leads_owner;',
      ),
      stale(
        'public.leads_id_seq',
        'sequence public.leads_id_seq on public.crm_leads still carries the old table name leads',
        'alter sequence public.leads_id_seq rename to crm_leads_id_seq;',
      ),
      stale(
        'public.leads_name_idx',
        'index public.leads_name_idx on public.crm_leads still carries the old table name leads',
        'alter index public.leads_name_idx rename to crm_leads_name_idx;',
      ),
    ]);
  });

  it('a derived name whose renamed form would pass 63 bytes gets no truncating fix', async () => {
    const longName = 'crm_customer_relationship_management_pipeline_leads';
    const client = await dbs.fresh(`
      create index leads_owner_name_lookup_idx on leads (owner, name);
      ${EXPAND_SQL.replaceAll('crm_leads', longName)}`);
    let result;
    try {
      result = await verifyDb(client, { map: createRenameMap({ leads: longName, contacts: 'crm_contacts' }) });
    } finally {
      await client.close();
    }
    const renamed = `${longName}_owner_name_lookup_idx`;
    expect(Buffer.byteLength(renamed)).toBe(73);
    expect(result.findings).toEqual([
      {
        id: 'derived-name-stale',
        level: 'warn',
        object: 'public.leads_owner_name_lookup_idx',
        message: `index public.leads_owner_name_lookup_idx on public.${longName} still carries the old table name leads`,
        fix: `rename the index to a name of at most 63 bytes (${renamed} is 73 bytes and would be truncated)`,
      },
    ]);
  });

  it('a new name over 63 bytes is an error', async () => {
    const tooLong = `crm_${'x'.repeat(60)}`;
    // The config refuses such a name; a map built by other code may still carry one.
    const handMade: RenameMap = {
      schema: 'public',
      renames: new Map([['leads', tooLong]]),
      reverse: new Map([[tooLong, 'leads']]),
      oldNames: new Set(['leads']),
      newNames: new Set([tooLong]),
    };
    const result = await check('', { map: handMade });
    expect(result.findings.filter((f) => f.id === 'name-too-long')).toEqual([
      {
        id: 'name-too-long',
        level: 'error',
        object: `public.${tooLong}`,
        message: `new name ${tooLong} is 64 bytes; Postgres silently truncates identifiers to 63 bytes, so code and database would disagree`,
        fix: 'choose a name of at most 63 bytes for leads in the config',
      },
    ]);
  });
});

describe('PGlite', () => {
  let client: SqlClient;
  beforeAll(async () => {
    client = pgliteClient(await openPglite());
    await client.exec(BASE_SQL);
  });
  afterAll(async () => {
    await client?.close();
  });

  it('runs the same checks: a clean expand has no error, faults are found', async () => {
    await client.exec(EXPAND_SQL);
    const clean = await verifyDb(client, { map });
    expect(clean.phase).toBe('expand');
    // PGlite is PostgreSQL 18, which names NOT NULL constraints after the table (leads_name_not_null):
    // left out, so the report is the same as on PostgreSQL 15.
    const { rows } = await client.query(`select 1 from pg_constraint where conname = 'leads_name_not_null'`);
    expect(rows).toHaveLength(1);
    expect(clean.findings).toEqual([]);

    await client.exec(`
      alter view leads reset (security_invoker);
      revoke select on contacts from anon;
      create function touch_lead() returns trigger language plpgsql as $$ begin perform 1 from leads; return new; end $$;
      create table settings (key text);
      create view lead_names with (security_invoker = true) as select name from leads;
      create or replace view contacts with (security_invoker = true) as select * from crm_contacts where email is not null;`);
    const faulty = await verifyDb(client, { map, phase: 'expand' });
    expect(faulty.findings.map((f) => [f.id, f.level, f.object])).toEqual([
      ['compat-view-target', 'error', 'public.contacts'],
      ['compat-view-grants', 'error', 'public.contacts'],
      ['compat-view-dependents', 'warn', 'public.leads'],
      ['view-not-security-invoker', 'error', 'public.leads'],
      ['stale-function-body', 'error', 'public.touch_lead()'],
      ['rls-disabled-readable', 'error', 'public.settings'],
    ]);
  });
});
