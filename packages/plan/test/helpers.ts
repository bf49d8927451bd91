import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { promisify } from 'node:util';
import { findPostgresBinary, SUPABASE_BOOTSTRAP_SQL, type PostgresServer, type SqlClient } from '@retable/db';

const run = promisify(execFile);

export const SCHEMA_SQL = () => readFile(new URL('./fixtures/schema.sql', import.meta.url), 'utf8');

export const USER_A = '00000000-0000-0000-0000-00000000000a';
export const USER_B = '00000000-0000-0000-0000-00000000000b';
export const USER_C = '00000000-0000-0000-0000-00000000000c';

/** Bootstrap, the fixture schema, and a few rows: the signup trigger gives each user a lead. */
export async function createFixture(client: SqlClient): Promise<void> {
  await client.exec(SUPABASE_BOOTSTRAP_SQL);
  await client.exec(await SCHEMA_SQL());
  await client.exec(`
    insert into auth.users (id, email, raw_user_meta_data) values
      ('${USER_A}', 'a@example.com', '{"name":"Ada"}'),
      ('${USER_B}', 'b@example.com', '{"name":"Bob"}');
    insert into public.leads (owner_id, name, email) values ('${USER_A}', 'Acme', 'acme@example.com');
    insert into public.lead_notes (lead_id, author_id, body)
      select id, owner_id, 'first call' from public.leads where name = 'Acme';
  `);
}

/** `pg_dump --schema-only`, without the random \\restrict lines PostgreSQL 15.18 prints. */
export async function schemaDump(server: PostgresServer, database: string): Promise<string> {
  const pgDump = findPostgresBinary('pg_dump');
  if (!pgDump) throw new Error('pg_dump not found');
  const { stdout } = await run(pgDump, ['--schema-only', '--dbname', server.url(database)], { maxBuffer: 64 * 1024 * 1024 });
  return stdout
    .split('\n')
    .filter((line) => !/^\\(un)?restrict\b/.test(line))
    .join('\n');
}

/** What a schema dump would show, as catalog queries (PGlite has no pg_dump). */
export async function catalogSnapshot(client: SqlClient): Promise<string[]> {
  const { rows } = await client.query<{ k: string; v: string }>(`
    with rels as (select c.oid from pg_class c where c.relnamespace = 'public'::regnamespace)
    select 'rel' as k, c.relname || ' ' || c.relkind::text || ' ' || coalesce(array_to_string(c.relacl, ','), '') || ' ' || coalesce(c.reloptions::text, '') || ' ' || coalesce(obj_description(c.oid, 'pg_class'), '') as v
      from pg_class c where c.oid in (select oid from rels)
    union all
    select 'column', a.attrelid::regclass::text || '.' || a.attname || ' ' || format_type(a.atttypid, a.atttypmod) || ' ' ||
           coalesce(array_to_string(a.attacl, ','), '') || ' ' || coalesce(pg_get_expr(d.adbin, d.adrelid), '')
      from pg_attribute a left join pg_attrdef d on d.adrelid = a.attrelid and d.adnum = a.attnum
     where a.attrelid in (select oid from rels) and a.attnum > 0 and not a.attisdropped
    union all
    select 'constraint', conrelid::regclass::text || ' ' || conname || ' ' || pg_get_constraintdef(oid)
      from pg_constraint where connamespace = 'public'::regnamespace
    union all
    select 'index', indexrelid::regclass::text || ' ' || pg_get_indexdef(indexrelid)
      from pg_index where indrelid in (select oid from rels)
    union all
    select 'function', pg_get_functiondef(p.oid) || ' ' || coalesce(array_to_string(p.proacl, ','), '')
      from pg_proc p where p.pronamespace = 'public'::regnamespace
    union all
    select 'view', c.relname || ' ' || pg_get_viewdef(c.oid) from pg_class c where c.oid in (select oid from rels) and c.relkind = 'v'
    union all
    select 'policy', tablename || ' ' || policyname || ' ' || array_to_string(roles, ',') || ' ' || cmd::text || ' ' || coalesce(qual, '') || ' ' || coalesce(with_check, '')
      from pg_policies where schemaname = 'public'
    union all
    select 'trigger', pg_get_triggerdef(oid) from pg_trigger where not tgisinternal
    union all
    select 'publication', pubname || ' ' || schemaname || '.' || tablename from pg_publication_tables
    order by 1, 2
  `);
  return rows.map((row) => `${row.k}: ${row.v}`);
}

/** Run `fn` in a transaction as `authenticated` with the JWT sub claim of `user`, then roll back. */
export async function asUser<T>(client: SqlClient, user: string, fn: () => Promise<T>): Promise<T> {
  await client.exec('begin');
  try {
    await client.exec(`set local role authenticated; select set_config('request.jwt.claims', '{"sub":"${user}","role":"authenticated"}', true)`);
    return await fn();
  } finally {
    await client.exec('rollback');
  }
}

/** The error a statement fails with, or undefined. */
export async function failure(client: SqlClient, sql: string): Promise<string | undefined> {
  try {
    await client.exec(sql);
    return undefined;
  } catch (error) {
    return (error as Error).message;
  }
}
