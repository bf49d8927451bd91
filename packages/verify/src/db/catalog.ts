import { quoteIdent } from '@retable/core';
import type { SqlClient } from '@retable/db';

/**
 * The catalog queries behind verify-db and report. Each is plain SQL over pg_catalog that runs the
 * same on PostgreSQL 15+ and PGlite: oids travel as text, sizes as float8, names as text[].
 */

/** The roles PostgREST (and so the Supabase API) runs as. */
export const API_ROLES = ['anon', 'authenticated', 'service_role'] as const;
/** The API roles that act for clients, whose reads RLS must guard. */
export const CLIENT_ROLES = ['anon', 'authenticated'] as const;

/** Schemas Supabase manages: their functions name their own tables (realtime.messages, …). */
export const MANAGED_SCHEMAS = [
  'pg_catalog',
  'information_schema',
  'pg_toast',
  'auth',
  'storage',
  'realtime',
  '_realtime',
  'graphql',
  'graphql_public',
  'extensions',
  'vault',
  'pgsodium',
  'pgsodium_masks',
  'net',
  'supabase_functions',
  'supabase_migrations',
  'cron',
  'pgbouncer',
  'pgtle',
  '_analytics',
];

export type RelationKind = 'table' | 'view' | 'materialized view' | 'foreign table' | 'other';

export interface Relation {
  readonly oid: string;
  readonly schema: string;
  readonly name: string;
  readonly kind: RelationKind;
  readonly securityInvoker: boolean;
  readonly rls: boolean;
  /** Owned by an extension (not the application's to change). */
  readonly extension: boolean;
}

const KINDS: Record<string, RelationKind> = {
  r: 'table',
  p: 'table',
  v: 'view',
  m: 'materialized view',
  f: 'foreign table',
};

export function qualified(schema: string, name: string): string {
  return `${quoteIdent(schema)}.${quoteIdent(name)}`;
}

function isOn(value: string | undefined): boolean {
  return value !== undefined && ['true', 'on', 'yes', '1'].includes(value.toLowerCase());
}

/** Tables, views, materialized views and foreign tables of `schemas`. */
export async function listRelations(client: SqlClient, schemas: readonly string[]): Promise<Relation[]> {
  const { rows } = await client.query<{
    oid: string;
    schema: string;
    name: string;
    relkind: string;
    options: string[] | null;
    rls: boolean;
    extension: boolean;
  }>(
    `select c.oid::text as oid, n.nspname::text as schema, c.relname::text as name, c.relkind::text as relkind,
            c.reloptions::text[] as options, c.relrowsecurity as rls,
            exists (select 1 from pg_depend d
                     where d.classid = 'pg_class'::regclass and d.objid = c.oid and d.deptype = 'e') as extension
       from pg_class c
       join pg_namespace n on n.oid = c.relnamespace
      where n.nspname = any($1::text[]) and c.relkind in ('r', 'p', 'v', 'm', 'f')
      order by n.nspname, c.relname`,
    [schemas],
  );
  return rows.map((row) => {
    const option = (row.options ?? []).find((o) => o.toLowerCase().startsWith('security_invoker='));
    return {
      oid: row.oid,
      schema: row.schema,
      name: row.name,
      kind: KINDS[row.relkind] ?? 'other',
      securityInvoker: isOn(option?.slice('security_invoker='.length)),
      rls: row.rls,
      extension: row.extension,
    };
  });
}

/** The relations a view's rewrite rule reads (pg_depend of its pg_rewrite rule), not its own. */
export async function viewReads(client: SqlClient, viewOid: string): Promise<Array<{ schema: string; name: string }>> {
  const { rows } = await client.query<{ schema: string; name: string }>(
    `select distinct n.nspname::text as schema, c.relname::text as name
       from pg_rewrite r
       join pg_depend d on d.classid = 'pg_rewrite'::regclass and d.objid = r.oid
                       and d.refclassid = 'pg_class'::regclass and d.refobjid <> r.ev_class
       join pg_class c on c.oid = d.refobjid
       join pg_namespace n on n.oid = c.relnamespace
      where r.ev_class = $1::text::oid
      order by 1, 2`,
    [viewOid],
  );
  return rows;
}

export interface ViewShape {
  /** INSERT, UPDATE and DELETE all work on it (auto-updatable, or INSTEAD OF triggers/rules). */
  readonly writable: boolean;
  /** Its query has a condition (WHERE, a join's ON): some rows of what it reads are hidden. */
  readonly filtered: boolean;
  /** Some output column is an expression, not a column passed through. */
  readonly computed: boolean;
}

/**
 * How a view's query is built, read from the stored parse tree of its `_RETURN` rule (the node
 * tree Postgres plans from, not the SQL text), plus pg_relation_is_updatable for writes.
 */
export async function viewShape(client: SqlClient, viewOid: string): Promise<ViewShape> {
  const { rows } = await client.query<{ events: number; tree: string }>(
    `select pg_relation_is_updatable(r.ev_class, true) as events, r.ev_action::text as tree
       from pg_rewrite r
      where r.ev_class = $1::text::oid and r.rulename = '_RETURN'`,
    [viewOid],
  );
  const row = rows[0];
  if (!row) return { writable: false, filtered: false, computed: false };
  const WRITES = 4 | 8 | 16; // UPDATE, INSERT, DELETE in pg_relation_is_updatable's CmdType bits
  return {
    writable: (Number(row.events) & WRITES) === WRITES,
    filtered: /:quals \{/.test(row.tree),
    computed: /\{TARGETENTRY :expr \{(?!VAR )/.test(row.tree),
  };
}

export interface Column {
  readonly name: string;
  readonly type: string;
}

export async function listColumns(client: SqlClient, oid: string): Promise<Column[]> {
  const { rows } = await client.query<Column>(
    `select a.attname::text as name, format_type(a.atttypid, a.atttypmod) as type
       from pg_attribute a
      where a.attrelid = $1::text::oid and a.attnum > 0 and not a.attisdropped
      order by a.attnum`,
    [oid],
  );
  return rows;
}

/**
 * The privileges that decide what a role can do through the API, granted directly to each of
 * `roles` on a relation: table-level SELECT/INSERT/UPDATE/DELETE (`INSERT`) and column-level
 * SELECT/INSERT/UPDATE (`UPDATE (name)`), sorted. TRUNCATE, REFERENCES, TRIGGER and MAINTAIN are left
 * out: they mean nothing on a view, and MAINTAIN exists only from PostgreSQL 17.
 */
export async function relationGrants(
  client: SqlClient,
  oid: string,
  roles: readonly string[],
): Promise<Map<string, string[]>> {
  const { rows } = await client.query<{ role: string; privilege: string }>(
    `select r.rolname::text as role, a.privilege_type::text as privilege
       from pg_class c
       cross join lateral aclexplode(coalesce(c.relacl, acldefault('r', c.relowner))) a
       join pg_roles r on r.oid = a.grantee
      where c.oid = $1::text::oid and r.rolname = any($2::text[])
        and a.privilege_type in ('SELECT', 'INSERT', 'UPDATE', 'DELETE')
     union
     select r.rolname::text, a.privilege_type::text || ' (' || quote_ident(att.attname) || ')'
       from pg_attribute att
       cross join lateral aclexplode(att.attacl) a
       join pg_roles r on r.oid = a.grantee
      where att.attrelid = $1::text::oid and att.attnum > 0 and not att.attisdropped
        and r.rolname = any($2::text[]) and a.privilege_type in ('SELECT', 'INSERT', 'UPDATE')`,
    [oid, roles],
  );
  const grants = new Map<string, string[]>();
  for (const role of roles) grants.set(role, []);
  for (const row of rows) grants.get(row.role)?.push(row.privilege);
  for (const list of grants.values()) list.sort();
  return grants;
}

/** Which of `roles` exist in this database (a plain PostgreSQL has no anon/authenticated). */
export async function existingRoles(client: SqlClient, roles: readonly string[]): Promise<string[]> {
  const { rows } = await client.query<{ role: string }>(
    `select rolname::text as role from pg_roles where rolname = any($1::text[]) order by 1`,
    [roles],
  );
  return rows.map((row) => row.role);
}

/**
 * What depends on a relation or its row type, other than its own rewrite rule: views and
 * materialized views (through their rules), functions (BEGIN ATOMIC bodies, argument or result
 * types), policies, defaults, constraints. Described the way Postgres does, views schema-qualified.
 */
export async function dependents(client: SqlClient, oid: string): Promise<string[]> {
  const { rows } = await client.query<{ description: string }>(
    `select distinct
            case when d.classid = 'pg_rewrite'::regclass then
                   (select case rc.relkind when 'm' then 'materialized view ' else 'view ' end
                           || quote_ident(rn.nspname) || '.' || quote_ident(rc.relname)
                      from pg_rewrite rw
                      join pg_class rc on rc.oid = rw.ev_class
                      join pg_namespace rn on rn.oid = rc.relnamespace
                     where rw.oid = d.objid)
                 else pg_describe_object(d.classid, d.objid, 0) end as description
       from pg_class t
       join pg_depend d on d.deptype = 'n'
                       and ((d.refclassid = 'pg_class'::regclass and d.refobjid = t.oid)
                            or (d.refclassid = 'pg_type'::regclass and d.refobjid = t.reltype))
      where t.oid = $1::text::oid
        and not (d.classid = 'pg_rewrite'::regclass
                 and exists (select 1 from pg_rewrite rw where rw.oid = d.objid and rw.ev_class = t.oid))
      order by 1`,
    [oid],
  );
  return rows.map((row) => row.description);
}

export interface FunctionSource {
  readonly signature: string;
  readonly language: string;
  readonly trigger: boolean;
  readonly source: string;
  /** pg_get_functiondef: PL/pgSQL's parser needs the signature. */
  readonly definition: string;
  /** proconfig: the function's own search_path decides what its unqualified names are. */
  readonly config: string[] | null;
}

/**
 * SQL and PL/pgSQL functions whose body is stored as text (not BEGIN ATOMIC, whose references
 * Postgres tracks itself), outside system and Supabase-managed schemas, not owned by an extension.
 */
export async function functionSources(client: SqlClient): Promise<FunctionSource[]> {
  const { rows } = await client.query<{
    schema: string;
    name: string;
    args: string;
    language: string;
    trigger: boolean;
    source: string;
    definition: string;
    config: string[] | null;
  }>(
    `select n.nspname::text as schema, p.proname::text as name,
            pg_get_function_identity_arguments(p.oid) as args, l.lanname::text as language,
            p.prorettype = 'trigger'::regtype as trigger, p.prosrc as source,
            pg_get_functiondef(p.oid) as definition, p.proconfig as config
       from pg_proc p
       join pg_namespace n on n.oid = p.pronamespace
       join pg_language l on l.oid = p.prolang
      where l.lanname in ('sql', 'plpgsql')
        and p.prosqlbody is null
        and n.nspname <> all($1::text[])
        and n.nspname not like 'pg\\_%'
        and not exists (select 1 from pg_depend d
                         where d.classid = 'pg_proc'::regclass and d.objid = p.oid and d.deptype = 'e')
      order by 1, 2, 3`,
    [MANAGED_SCHEMAS],
  );
  return rows.map((row) => ({
    signature: `${qualified(row.schema, row.name)}(${row.args})`,
    language: row.language,
    trigger: row.trigger,
    source: row.source,
    definition: row.definition,
    config: row.config,
  }));
}

export interface TableSecurity {
  readonly schema: string;
  readonly name: string;
  readonly rls: boolean;
  readonly policies: number;
  /** anon/authenticated roles that can select (some column of) it, schema usage included. */
  readonly readers: string[];
  readonly extension: boolean;
}

/** RLS state, policy count and client readers of every table in `schemas`. */
export async function tableSecurity(client: SqlClient, schemas: readonly string[]): Promise<TableSecurity[]> {
  const { rows } = await client.query<TableSecurity>(
    `select n.nspname::text as schema, c.relname::text as name, c.relrowsecurity as rls,
            (select count(*)::int from pg_policy p where p.polrelid = c.oid) as policies,
            array(select r.rolname::text from pg_roles r
                   where r.rolname = any($2::text[])
                     and has_schema_privilege(r.oid, n.oid, 'USAGE')
                     and has_any_column_privilege(r.oid, c.oid, 'SELECT')
                   order by 1)::text[] as readers,
            exists (select 1 from pg_depend d
                     where d.classid = 'pg_class'::regclass and d.objid = c.oid and d.deptype = 'e') as extension
       from pg_class c
       join pg_namespace n on n.oid = c.relnamespace
      where n.nspname = any($1::text[]) and c.relkind in ('r', 'p')
      order by 1, 2`,
    [schemas, CLIENT_ROLES],
  );
  return rows;
}

export type DerivedKind = 'constraint' | 'index' | 'sequence' | 'policy' | 'trigger';

export interface DerivedName {
  readonly kind: DerivedKind;
  readonly schema: string;
  readonly name: string;
}

/**
 * Objects named after a table when they were created: its constraints, indexes (those not backing
 * a constraint, which follow the constraint's name), owned sequences, policies and triggers.
 * NOT NULL constraints are left out: only PostgreSQL 18+ (PGlite) names them, and nothing refers to
 * those names, so the same database reports the same on every engine.
 */
export async function derivedNames(client: SqlClient, oid: string): Promise<DerivedName[]> {
  const { rows } = await client.query<DerivedName>(
    `select 'constraint' as kind, n.nspname::text as schema, k.conname::text as name
       from pg_constraint k join pg_namespace n on n.oid = k.connamespace
      where k.conrelid = $1::text::oid and k.contype <> 'n'
     union all
     select 'index', n.nspname::text, i.relname::text
       from pg_index x join pg_class i on i.oid = x.indexrelid join pg_namespace n on n.oid = i.relnamespace
      where x.indrelid = $1::text::oid
        and not exists (select 1 from pg_constraint k
                         where k.conindid = x.indexrelid and k.conrelid = x.indrelid and k.contype in ('p', 'u', 'x'))
     union all
     select 'sequence', n.nspname::text, s.relname::text
       from pg_depend d join pg_class s on s.oid = d.objid join pg_namespace n on n.oid = s.relnamespace
      where d.classid = 'pg_class'::regclass and d.refclassid = 'pg_class'::regclass
        and d.refobjid = $1::text::oid and d.deptype in ('a', 'i') and s.relkind = 'S'
     union all
     select 'policy', null, p.polname::text from pg_policy p where p.polrelid = $1::text::oid
     union all
     select 'trigger', null, t.tgname::text from pg_trigger t where t.tgrelid = $1::text::oid and not t.tgisinternal
     order by 1, 3`,
    [oid],
  );
  return rows;
}
