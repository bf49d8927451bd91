import { createRenameMap } from '@retable/core';
import { openPglite, pgliteClient, type SqlClient } from '@retable/db';
import { verifyDb, type VerifyDbResult } from '@retable/verify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BASE_SQL, EXPAND_SQL, startDatabases, type Databases } from './scenario.js';

// Every grantee, not only the API roles: a reporting role and a custom API role lose access through a
// compat view as surely as anon would. Column grants, and materialized views readable by clients.
const map = createRenameMap({ leads: 'crm_leads', contacts: 'crm_contacts' });

const ROLES = `
do $$ begin create role reporting nologin; exception when duplicate_object then null; end $$;
do $$ begin create role partner_api nologin; exception when duplicate_object then null; end $$;
`;

let dbs: Databases;
beforeAll(async () => {
  dbs = await startDatabases();
});
afterAll(async () => {
  await dbs?.server.stop();
});

async function check(sql: string): Promise<VerifyDbResult> {
  const client = await dbs.fresh(ROLES + sql);
  try {
    return await verifyDb(client, { map });
  } finally {
    await client.close();
  }
}

describe('compat-view-grants compares every grantee', () => {
  it('a reporting role and a custom API role granted on the table but not on the view', async () => {
    const result = await check(`
      grant select on leads to reporting;
      grant select, insert on contacts to partner_api;
      grant select on contacts to public;
      ${EXPAND_SQL}`);
    expect(result.findings).toEqual([
      {
        id: 'compat-view-grants',
        level: 'error',
        object: 'public.contacts',
        message: 'PUBLIC on compat view public.contacts lacks SELECT (public.crm_contacts grants PUBLIC SELECT)',
        fix: 'grant select on public.contacts to PUBLIC;',
      },
      {
        id: 'compat-view-grants',
        level: 'error',
        object: 'public.contacts',
        message: 'partner_api on compat view public.contacts lacks INSERT, SELECT (public.crm_contacts grants partner_api INSERT, SELECT)',
        fix: 'grant insert, select on public.contacts to partner_api;',
      },
      {
        id: 'compat-view-grants',
        level: 'error',
        object: 'public.leads',
        message: 'reporting on compat view public.leads lacks SELECT (public.crm_leads grants reporting SELECT)',
        fix: 'grant select on public.leads to reporting;',
      },
    ]);
  });

  it('the same grants on view and table: no finding; a grant only on the view is one', async () => {
    const same = await check(`
      grant select on leads to reporting;
      ${EXPAND_SQL}
      grant select on leads to reporting;`);
    expect(same.findings).toEqual([]);
    const extra = await check(`${EXPAND_SQL} grant select, update on contacts to reporting;`);
    expect(extra.findings).toEqual([
      {
        id: 'compat-view-grants',
        level: 'error',
        object: 'public.contacts',
        message: "reporting on compat view public.contacts has SELECT, UPDATE beyond the table's (public.crm_contacts grants reporting nothing)",
        fix: 'revoke select, update on public.contacts from reporting;',
      },
    ]);
  });
});

describe('column grants', () => {
  it('a column-grant mismatch is an error; a column-only reader is a warning (PostgreSQL checks every column of the view)', async () => {
    const result = await check(`
      grant select (id, name) on leads to reporting;
      ${EXPAND_SQL}
      grant select (id) on leads to reporting;`);
    expect(result.findings).toEqual([
      {
        id: 'compat-view-grants',
        level: 'error',
        object: 'public.leads',
        message: 'reporting on compat view public.leads lacks SELECT (name) (public.crm_leads grants reporting SELECT (id), SELECT (name))',
        fix: 'grant select (name) on public.leads to reporting;',
      },
      {
        id: 'compat-view-column-readers',
        level: 'warn',
        object: 'public.leads',
        message:
          "reporting can read only id, name of public.crm_leads: through compat view public.leads (select *) PostgreSQL checks every column against the caller, so reporting's reads through the old name fail",
        fix: "move reporting's reads to public.crm_leads before expand (its column grants follow the rename)",
      },
    ]);
  });

  it('the warning tells the truth: with equal column grants, the role still cannot read through the view', async () => {
    const client = await dbs.fresh(`${ROLES}
      grant select (id, name) on leads to reporting;
      grant usage on schema public to reporting;
      ${EXPAND_SQL}
      grant select (id, name) on leads to reporting;`);
    try {
      await client.exec('begin; set local role reporting');
      await expect(client.query('select id, name from crm_leads')).resolves.toEqual({ rows: [] });
      await client.exec('rollback; begin; set local role reporting');
      await expect(client.query('select id, name from leads')).rejects.toThrow('permission denied for table crm_leads');
      await client.exec('rollback');
    } finally {
      await client.close();
    }
  });
});

describe('matview-readable', () => {
  it('a materialized view anon or authenticated can read in an exposed schema', async () => {
    const result = await check(`
      ${EXPAND_SQL}
      create materialized view lead_totals as select owner, count(*) as n from crm_leads group by owner;
      create materialized view private_totals as select owner, count(*) as n from crm_leads group by owner;
      revoke all on private_totals from anon, authenticated;
      create schema internal;
      create materialized view internal.totals as select count(*) as n from crm_leads;
      grant select on internal.totals to anon;`);
    expect(result.findings).toEqual([
      {
        id: 'matview-readable',
        level: 'warn',
        object: 'public.lead_totals',
        message:
          'materialized view public.lead_totals is readable by anon, authenticated: it has no RLS, so every row it stores is readable through the API',
        fix: 'revoke select on public.lead_totals from anon, authenticated; -- then serve it through a security_invoker view or function that filters, or move it to a schema the API does not expose',
      },
    ]);
  });
});

describe('PGlite', () => {
  let client: SqlClient;
  beforeAll(async () => {
    client = pgliteClient(await openPglite());
    await client.exec(BASE_SQL + ROLES);
  });
  afterAll(async () => {
    await client?.close();
  });

  it('compares every grantee, column grants included, and reports readable materialized views', async () => {
    await client.exec(`
      grant select on leads to reporting;
      grant select (id, email) on contacts to partner_api;
      ${EXPAND_SQL}
      create materialized view lead_totals as select owner, count(*) as n from crm_leads group by owner;`);
    const result = await verifyDb(client, { map });
    expect(result.findings.map((f) => [f.id, f.level, f.object, f.message.split(' (')[0]])).toEqual([
      ['compat-view-grants', 'error', 'public.contacts', 'partner_api on compat view public.contacts lacks SELECT'],
      ['compat-view-grants', 'error', 'public.leads', 'reporting on compat view public.leads lacks SELECT'],
      ['compat-view-column-readers', 'warn', 'public.contacts', 'partner_api can read only email, id of public.crm_contacts: through compat view public.contacts'],
      ['matview-readable', 'warn', 'public.lead_totals', 'materialized view public.lead_totals is readable by anon, authenticated: it has no RLS, so every row it stores is readable through the API'],
    ]);
  });
});
