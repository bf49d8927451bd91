import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRenameMap } from '@retable/core';
import { openPglite, pgliteClient, type SqlClient } from '@retable/db';
import { planFromDatabase } from '@retable/plan';
import { failure } from './helpers.js';

// The PGlite side of the PostgreSQL 15 test in packages/cli/test/plan-bodies.test.ts: a function a
// dump left invalid, and a pg_cron job, planned from the embedded database (`plan --migrations`).
let client: SqlClient;

beforeAll(async () => {
  client = pgliteClient(await openPglite());
  await client.exec(`
    create table orders (id bigint primary key, total int);
    set check_function_bodies = off;
    create function stale_report() returns bigint language sql as $$ select count(*) from orders join gone_table using (id) $$;
    reset check_function_bodies;
    create function order_total() returns bigint language sql set search_path = public as $$ select sum(total) from orders $$;
    create schema cron;
    create table cron.job (jobid bigserial primary key, schedule text not null, command text not null,
      database text not null default current_database(), username text not null default current_user, jobname text);
    create function cron.alter_job(job_id bigint, schedule text default null, command text default null,
      database text default null, username text default null, active boolean default null)
    returns void language sql as $$ update cron.job j set command = coalesce(alter_job.command, j.command) where j.jobid = job_id $$;
    insert into cron.job (schedule, command, jobname) values ('0 3 * * *', 'delete from orders where total is null', 'purge');
  `);
}, 180_000);

afterAll(async () => {
  await client?.close();
});

describe('function bodies and pg_cron on PGlite', () => {
  it('lists the invalid function, creates only it unchecked, and rewrites the cron command; expand applies', async () => {
    const plan = await planFromDatabase(client, createRenameMap({ orders: 'sales_orders' }));
    expect(plan.functions.map((fn) => [fn.signature, fn.invalid])).toEqual([
      ['public.order_total()', undefined],
      ['public.stale_report()', 'relation "gone_table" does not exist'],
    ]);
    expect(plan.review).toEqual([
      {
        signature: 'public.stale_report()',
        line: 1,
        message: `its body already fails Postgres' body check (relation "gone_table" does not exist): expand re-creates it with check_function_bodies off; fix it by hand`,
      },
    ]);
    expect(plan.cronJobs.map((job) => [job.jobid, job.after])).toEqual([[1, 'delete from sales_orders where total is null']]);
    expect(await failure(client, plan.files.expand)).toBeUndefined();
    expect((await client.query<{ command: string }>('select command from cron.job')).rows).toEqual([{ command: 'delete from sales_orders where total is null' }]);
    expect(await failure(client, plan.files.rollback)).toBeUndefined();
    expect((await client.query<{ command: string }>('select command from cron.job')).rows).toEqual([{ command: 'delete from orders where total is null' }]);
  });
});
