import { createRenameMap } from '@retable/core';
import { verifyDb, type DbFinding } from '@retable/verify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONTRACT_SQL, EXPAND_SQL, startDatabases, type Databases } from './scenario.js';

const map = createRenameMap({ leads: 'crm_leads', contacts: 'crm_contacts' });

let dbs: Databases;
beforeAll(async () => {
  dbs = await startDatabases();
});
afterAll(async () => {
  await dbs?.server.stop();
});

/** Functions created as a dump creates them (no body check), after contract: stale-function-body findings. */
async function staleAfterContract(functions: string): Promise<DbFinding[]> {
  const client = await dbs.fresh(`${EXPAND_SQL}${CONTRACT_SQL}\nset check_function_bodies = off;\n${functions}`);
  try {
    const result = await verifyDb(client, { map });
    expect(result.phase).toBe('contract');
    return result.findings.filter((finding) => finding.id === 'stale-function-body');
  } finally {
    await client.close();
  }
}

/** Functions that all work after the rename, each naming `leads` or `contacts` as something other than the table. */
const WORKING = `
create function alias_update() returns void language sql as $$ update crm_contacts leads set email = 'x' where leads.id = 0 $$;
create function column_alias() returns bigint language sql as $$ select count(*) as leads from crm_leads $$;
create function cte_name() returns bigint language sql as $$ with leads as (select * from crm_leads) select count(*) from leads $$;
create function parameter(leads bigint) returns bigint language sql as $$ select leads + 1 $$;
create function json_keys() returns jsonb language sql as $$ select jsonb_build_object('leads', count(*)) || '{"contacts": 1}'::jsonb - 'contacts' from crm_leads $$;
create function local_and_raise() returns bigint language plpgsql as $$
declare
  leads bigint;
begin
  -- counts leads
  leads := (select count(*) from crm_leads);
  raise notice 'leads: %', leads;
  return leads;
end $$;
`;

describe('stale-function-body reads bodies with the SQL parser', () => {
  it('no finding in contract when every function works, whatever names its aliases, columns, CTEs, parameters, locals, JSON keys and messages use', async () => {
    expect(await staleAfterContract(WORKING)).toEqual([]);
    // They do work: the same database runs them.
    const client = await dbs.fresh(`${EXPAND_SQL}${CONTRACT_SQL}${WORKING}`);
    try {
      for (const call of ['alias_update()', 'column_alias()', 'cte_name()', 'parameter(1)', 'json_keys()', 'local_and_raise()']) {
        await client.query(`select ${call}`);
      }
    } finally {
      await client.close();
    }
  });

  it('a real relation reference to an old name is an error, in SQL and PL/pgSQL bodies', async () => {
    const findings = await staleAfterContract(`
      create function sql_count() returns bigint language sql as $$ select count(*) from public.leads $$;
      create function pl_insert() returns void language plpgsql as $$
      begin
        insert into leads (name) values ('x');
        perform 1 from crm_contacts c join contacts using (id);
      end $$;`);
    expect(findings.map((f) => [f.level, f.object, f.message])).toEqual([
      ['error', 'public.pl_insert()', 'function public.pl_insert() names old table leads (body line 3), contacts (body line 4); its body is text, so the rename did not update it'],
      ['error', 'public.sql_count()', 'function public.sql_count() names old table leads (body line 1); its body is text, so the rename did not update it'],
    ]);
  });

  it('a string that equals an old name, or SQL run by EXECUTE, is a warning to check, not an error', async () => {
    const findings = await staleAfterContract(`
      create function regclass_string() returns regclass language sql as $$ select to_regclass('public.leads') $$;
      create function dynamic_sql() returns void language plpgsql as $$
      begin
        execute 'delete from contacts';
      end $$;`);
    expect(findings.map((f) => [f.level, f.object, f.message])).toEqual([
      ['warn', 'public.dynamic_sql()', 'function public.dynamic_sql() may still use an old table name at run time: body line 3: SQL run by EXECUTE names contacts inside a string: rewrite by hand'],
      [
        'warn',
        'public.regclass_string()',
        "function public.regclass_string() may still use an old table name at run time: body line 1: the string 'public.leads' names leads (regclass, to_regclass, dynamic SQL?): check by hand",
      ],
    ]);
  });

  it('a body the parser rejects is a warning that it was not checked', async () => {
    const findings = await staleAfterContract(`create function broken() returns void language sql as $$ select from leads where $$;`);
    expect(findings).toEqual([
      {
        id: 'stale-function-body',
        level: 'warn',
        object: 'public.broken()',
        message: 'function public.broken() mentions an old table name but its body does not parse (syntax error at end of input), so it was not checked',
        fix: 'check public.broken() by hand for leads',
      },
    ]);
  });
});
