import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRenameMap } from '@retable/core';
import { openPglite, pgliteClient, type SqlClient } from '@retable/db';
import { planFromDatabase, type RenamePlan } from '@retable/plan';
import { asUser, catalogSnapshot, createFixture, failure, USER_A, USER_B } from './helpers.js';

// The same plan on the embedded PGlite (PostgreSQL 17): no pg_dump there, so the round trip
// compares catalog queries.
const map = createRenameMap({ leads: 'crm_leads', lead_notes: 'crm_lead_notes' });

let client: SqlClient;
let plan: RenamePlan;
let original: string[];

beforeAll(async () => {
  client = pgliteClient(await openPglite());
  await createFixture(client);
  plan = await planFromDatabase(client, map, { renameDerived: true });
  original = await catalogSnapshot(client);
}, 180_000);

afterAll(async () => {
  await client?.close();
});

describe('plan on PGlite', () => {
  it('finds the same function bodies, derived names and review items as on PostgreSQL', () => {
    expect(plan.functions.map((fn) => fn.signature)).toEqual([
      'public.handle_new_user()',
      'public.lead_count(p_owner uuid)',
      'public.log_note()',
      'public.my_leads()',
      'public.note_count(l leads)',
    ]);
    expect(plan.derived).toHaveLength(9);
    expect(plan.review.map((item) => item.signature)).toEqual(['public.purge_leads(days integer)']);
  });

  it('expand works (functions, triggers, RLS through the view), rollback restores the catalog, expand again matches', async () => {
    await client.exec(plan.files.expand);
    const expanded = await catalogSnapshot(client);
    expect(expanded).not.toEqual(original);
    expect(expanded.find((line) => line.startsWith('rel: leads v '))).toMatch(
      / \{security_invoker=true\} retable: compatibility view for public\.crm_leads; dropped by contract\.sql$/,
    );

    const count = await client.query<{ n: number }>(`select public.lead_count('${USER_A}')::int as n`);
    expect(count.rows).toEqual([{ n: 2 }]);
    await client.exec(`insert into public.lead_notes (lead_id, author_id, body) select id, owner_id, 'via view' from public.crm_leads where name = 'Acme'`);
    const log = await client.query<{ action: string }>(`select action from public.activity_log order by id desc limit 1`);
    expect(log.rows).toEqual([{ action: 'note on Acme' }]);
    await asUser(client, USER_A, async () => {
      const view = await client.query('select id from public.leads order by id');
      const table = await client.query('select id from public.crm_leads order by id');
      expect(view.rows).toEqual(table.rows);
      expect(view.rows).toHaveLength(2);
      expect(await failure(client, `insert into public.leads (owner_id, name) values ('${USER_B}', 'x')`)).toMatch(/row-level security/);
    });
    await client.exec(`delete from public.activity_log; delete from public.crm_lead_notes where body = 'via view'`);

    await client.exec(plan.files.rollback);
    expect(await catalogSnapshot(client)).toEqual(original);
    await client.exec(plan.files.expand);
    expect(await catalogSnapshot(client)).toEqual(expanded);
    await client.exec(plan.files.rollback);
    expect(await catalogSnapshot(client)).toEqual(original);
  });
});
