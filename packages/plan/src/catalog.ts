import type { SqlClient } from '@retable/db';
import { searchPathOf } from '@retable/sql';
import { readCronJobs, sqlBodyProblem, type CronJob } from './bodies.js';

/** What the plan reads about one renamed relation. */
export interface CatalogTable {
  readonly name: string;
  /** pg_class.relkind: r table, p partitioned table, v view, m materialized view, f foreign table. */
  readonly kind: string;
  /** Table privileges of the API roles: role → privilege names (SELECT, INSERT, …), sorted. */
  readonly grants: ReadonlyMap<string, readonly string[]>;
  /** Column privileges of the API roles: role → privilege → columns. */
  readonly columnGrants: ReadonlyMap<string, ReadonlyMap<string, readonly string[]>>;
  readonly constraints: ReadonlyArray<{ name: string; type: string; hasIndex: boolean }>;
  /** Indexes not backing a constraint. */
  readonly indexes: readonly string[];
  /** Sequences owned by the table's columns (serial, identity). */
  readonly sequences: readonly string[];
  /** User triggers, in firing order (by name). */
  readonly triggers: readonly string[];
  readonly publications: readonly string[];
  /** Views reading this table, directly or through other views: `view` read through `via`. */
  readonly dependentViews: ReadonlyArray<{ schema: string; name: string; via: string | undefined }>;
  /** Functions taking the table's row type as an argument. */
  readonly rowTypeFunctions: readonly string[];
}

export interface CatalogFunction {
  readonly schema: string;
  readonly name: string;
  /** `schema.name(argument types)`. */
  readonly signature: string;
  readonly language: string;
  /** prosrc: the text body. */
  readonly source: string;
  /** pg_get_functiondef: the full CREATE OR REPLACE FUNCTION statement. */
  readonly definition: string;
  /** BEGIN ATOMIC bodies are stored parsed: they follow renames by themselves. */
  readonly atomic: boolean;
  /** The schemas of the function's own `SET search_path`, if it has one. */
  readonly searchPath: readonly string[] | undefined;
  /** Why its current body fails Postgres' body check (a dump created it with the check off). */
  readonly invalid?: string;
}

export interface Catalog {
  readonly schema: string;
  /** Renamed relations found under their old names. */
  readonly tables: ReadonlyMap<string, CatalogTable>;
  /** Names (any relation kind) already taken in the schema. */
  readonly relationNames: ReadonlySet<string>;
  /** The API roles that exist (anon, authenticated, service_role). */
  readonly roles: readonly string[];
  /** User functions whose text body mentions an old name (a cheap filter; the parser decides). */
  readonly functions: readonly CatalogFunction[];
  /** pg_cron jobs of this database whose command mentions an old name. */
  readonly cronJobs?: readonly CronJob[];
}

export const API_ROLES = ['anon', 'authenticated', 'service_role'] as const;

/**
 * Schemas Supabase manages (their functions belong to supabase_admin, and `realtime.messages` is
 * not `public.messages`): their functions are never rewritten unless the renames live there.
 */
export const MANAGED_SCHEMAS = [
  'auth', 'storage', 'realtime', '_realtime', 'extensions', 'graphql', 'graphql_public', 'pgsodium', 'pgsodium_masks',
  'vault', 'net', 'supabase_functions', 'supabase_migrations', 'cron', 'pgbouncer', '_analytics', 'pgtle',
] as const;

/** Read what the plan needs about the renamed tables from a live database. */
export async function readCatalog(client: SqlClient, schema: string, oldNames: readonly string[]): Promise<Catalog> {
  const relations = await client.query<{ relname: string; relkind: string; oid: number }>(
    `select c.relname, c.relkind::text as relkind, c.oid::int8 as oid
       from pg_class c join pg_namespace n on n.oid = c.relnamespace
      where n.nspname = $1`,
    [schema],
  );
  const relationNames = new Set(relations.rows.map((row) => row.relname));
  const roles = (
    await client.query<{ rolname: string }>(`select rolname from pg_roles where rolname = any($1::text[]) order by rolname`, [[...API_ROLES]])
  ).rows.map((row) => row.rolname);

  const tables = new Map<string, CatalogTable>();
  for (const name of oldNames) {
    const relation = relations.rows.find((row) => row.relname === name && 'rpvmf'.includes(row.relkind));
    if (!relation) continue;
    const oid = Number(relation.oid);
    tables.set(name, await readTable(client, name, relation.relkind, oid));
  }

  const pattern = oldNames.map((name) => name.replace(/[\\%_]/g, (c) => `\\${c}`));
  const functions = await client.query<{
    nspname: string;
    proname: string;
    signature: string;
    lanname: string;
    prosrc: string;
    definition: string;
    atomic: boolean;
    proconfig: string[] | null;
    oid: string;
  }>(
    `select p.oid::int8::text as oid, n.nspname, p.proname,
            format('%I.%I(%s)', n.nspname, p.proname, pg_get_function_identity_arguments(p.oid)) as signature,
            l.lanname, p.prosrc, pg_get_functiondef(p.oid) as definition,
            p.prosqlbody is not null as atomic, p.proconfig
       from pg_proc p
       join pg_namespace n on n.oid = p.pronamespace
       join pg_language l on l.oid = p.prolang
      where p.prokind in ('f', 'p')
        and n.nspname not in ('pg_catalog', 'information_schema')
        and n.nspname not like 'pg\\_toast%'
        and n.nspname <> all($2::text[])
        and l.lanname not in ('c', 'internal')
        and not exists (select 1 from pg_depend d
                         where d.classid = 'pg_proc'::regclass and d.objid = p.oid and d.deptype = 'e')
        and p.prosrc ilike any (select '%' || x || '%' from unnest($1::text[]) as x)
      order by n.nspname, p.proname, signature`,
    [pattern, MANAGED_SCHEMAS.filter((name) => name !== schema)],
  );
  const catalogFunctions: CatalogFunction[] = [];
  for (const row of functions.rows) {
    const fn: CatalogFunction = {
      schema: row.nspname,
      name: row.proname,
      signature: row.signature,
      language: row.lanname,
      source: row.prosrc,
      definition: row.definition,
      atomic: row.atomic,
      searchPath: searchPathOf(row.proconfig),
    };
    const invalid = row.lanname === 'sql' && !row.atomic ? await sqlBodyProblem(client, Number(row.oid), row.proconfig) : undefined;
    catalogFunctions.push(invalid === undefined ? fn : { ...fn, invalid });
  }
  return {
    schema,
    tables,
    relationNames,
    roles,
    functions: catalogFunctions,
    cronJobs: await readCronJobs(client, oldNames),
  };
}

async function readTable(client: SqlClient, name: string, kind: string, oid: number): Promise<CatalogTable> {
  const grants = await client.query<{ grantee: string; privilege: string }>(
    `select r.rolname as grantee, a.privilege_type as privilege
       from pg_class c, aclexplode(coalesce(c.relacl, acldefault('r', c.relowner))) a
       join pg_roles r on r.oid = a.grantee
      where c.oid = $1 and r.rolname = any($2::text[])
      order by 1, 2`,
    [oid, [...API_ROLES]],
  );
  const grantMap = new Map<string, string[]>();
  for (const row of grants.rows) grantMap.set(row.grantee, [...(grantMap.get(row.grantee) ?? []), row.privilege]);

  const columnGrants = await client.query<{ grantee: string; privilege: string; attname: string }>(
    `select r.rolname as grantee, a.privilege_type as privilege, att.attname
       from pg_attribute att, aclexplode(att.attacl) a
       join pg_roles r on r.oid = a.grantee
      where att.attrelid = $1 and att.attnum > 0 and not att.attisdropped and att.attacl is not null
        and r.rolname = any($2::text[])
      order by 1, 2, att.attnum`,
    [oid, [...API_ROLES]],
  );
  const columnMap = new Map<string, Map<string, string[]>>();
  for (const row of columnGrants.rows) {
    // A column privilege already held on the whole table adds nothing.
    if (grantMap.get(row.grantee)?.includes(row.privilege)) continue;
    const byPrivilege = columnMap.get(row.grantee) ?? new Map<string, string[]>();
    byPrivilege.set(row.privilege, [...(byPrivilege.get(row.privilege) ?? []), row.attname]);
    columnMap.set(row.grantee, byPrivilege);
  }

  const constraints = await client.query<{ conname: string; contype: string; has_index: boolean }>(
    `select conname, contype::text as contype, conindid <> 0 as has_index
       from pg_constraint where conrelid = $1 order by conname`,
    [oid],
  );
  const indexes = await client.query<{ relname: string }>(
    `select c.relname from pg_index i join pg_class c on c.oid = i.indexrelid
      where i.indrelid = $1
        and not exists (select 1 from pg_constraint k where k.conindid = i.indexrelid and k.conrelid = $1)
      order by 1`,
    [oid],
  );
  const sequences = await client.query<{ relname: string }>(
    `select s.relname from pg_depend d join pg_class s on s.oid = d.objid
      where d.classid = 'pg_class'::regclass and d.refclassid = 'pg_class'::regclass
        and d.refobjid = $1 and d.deptype in ('a', 'i') and s.relkind = 'S'
      order by 1`,
    [oid],
  );
  const triggers = await client.query<{ tgname: string }>(
    `select tgname from pg_trigger where tgrelid = $1 and not tgisinternal order by tgname`,
    [oid],
  );
  const publications = await client.query<{ pubname: string }>(
    `select p.pubname from pg_publication p
      where p.puballtables or exists (select 1 from pg_publication_rel r where r.prpubid = p.oid and r.prrelid = $1)
      order by 1`,
    [oid],
  );
  const views = await client.query<{ nspname: string; relname: string; via: string | null }>(
    `with recursive readers(oid, via, depth) as (
       select distinct r.ev_class, null::text, 1
         from pg_depend d join pg_rewrite r on r.oid = d.objid
        where d.classid = 'pg_rewrite'::regclass and d.refclassid = 'pg_class'::regclass
          and d.refobjid = $1 and r.ev_class <> $1
       union
       select distinct r.ev_class, (select relname::text from pg_class where oid = readers.oid) collate "default", readers.depth + 1
         from readers
         join pg_depend d on d.refobjid = readers.oid and d.classid = 'pg_rewrite'::regclass and d.refclassid = 'pg_class'::regclass
         join pg_rewrite r on r.oid = d.objid
        where r.ev_class <> readers.oid and readers.depth < 10
     )
     select n.nspname, c.relname, case when bool_or(readers.via is null) then null else min(readers.via) end as via
       from readers join pg_class c on c.oid = readers.oid join pg_namespace n on n.oid = c.relnamespace
      group by n.nspname, c.relname
      order by 1, 2`,
    [oid],
  );
  const rowTypeFunctions = await client.query<{ signature: string }>(
    `select format('%I.%I(%s)', n.nspname, p.proname, pg_get_function_identity_arguments(p.oid)) as signature
       from pg_proc p join pg_namespace n on n.oid = p.pronamespace
      where (select reltype from pg_class where oid = $1) = any(p.proargtypes::oid[])
      order by 1`,
    [oid],
  );

  return {
    name,
    kind,
    grants: grantMap,
    columnGrants: columnMap,
    constraints: constraints.rows.map((row) => ({ name: row.conname, type: row.contype, hasIndex: row.has_index })),
    indexes: indexes.rows.map((row) => row.relname),
    sequences: sequences.rows.map((row) => row.relname),
    triggers: triggers.rows.map((row) => row.tgname),
    publications: publications.rows.map((row) => row.pubname),
    dependentViews: views.rows.map((row) => ({ schema: row.nspname, name: row.relname, via: row.via ?? undefined })),
    rowTypeFunctions: rowTypeFunctions.rows.map((row) => row.signature),
  };
}
