/**
 * The cluster-level part of a Supabase database: its roles, the `extensions` schema with
 * uuid-ossp and pgcrypto installed there, the search_path Supabase sets
 * (`"$user", public, extensions`) and the default privileges on `public`.
 *
 * Roles are cluster-wide, so every statement is guarded: the same SQL runs again in another
 * database of the same server.
 */
const ROLES: ReadonlyArray<readonly [string, string]> = [
  ['supabase_admin', 'login superuser createdb createrole replication bypassrls'],
  ['authenticator', 'login noinherit'],
  ['anon', 'nologin noinherit'],
  ['authenticated', 'nologin noinherit'],
  ['service_role', 'nologin noinherit bypassrls'],
  ['dashboard_user', 'nologin createdb createrole replication'],
  ['supabase_auth_admin', 'login noinherit createrole'],
  ['supabase_storage_admin', 'login noinherit createrole'],
  ['supabase_functions_admin', 'login noinherit createrole'],
  ['supabase_realtime_admin', 'nologin noinherit'],
  ['supabase_replication_admin', 'login replication'],
  ['supabase_read_only_user', 'login bypassrls'],
  ['supabase_etl_admin', 'login replication'],
  ['pgbouncer', 'login'],
  ['pgsodium_keyiduser', 'nologin'],
  ['pgsodium_keyholder', 'nologin'],
  ['pgsodium_keymaker', 'nologin'],
];

export const ROLES_SQL = `
do $$
begin
  if not exists (select from pg_roles where rolname = 'postgres') then
    create role postgres login superuser createdb createrole replication bypassrls;
  end if;
${ROLES.map(
  ([name, options]) =>
    `  if not exists (select from pg_roles where rolname = '${name}') then create role ${name} ${options}; end if;`,
).join('\n')}
end
$$;
grant anon, authenticated, service_role to authenticator;
grant anon, authenticated, service_role to postgres;
grant pgsodium_keyiduser to pgsodium_keyholder;
grant pgsodium_keyholder to pgsodium_keymaker;
`;

export const EXTENSIONS_SQL = `
create schema if not exists extensions;
create extension if not exists "uuid-ossp" with schema extensions;
create extension if not exists pgcrypto with schema extensions;
grant usage on schema extensions to postgres, anon, authenticated, service_role, dashboard_user;
grant all on all functions in schema extensions to postgres, dashboard_user;
do $$
begin
  execute format('alter database %I set search_path = "$user", public, extensions', current_database());
end
$$;
select set_config('search_path', '"$user", public, extensions', false);
`;

export const PRIVILEGES_SQL = `
grant usage on schema public to postgres, anon, authenticated, service_role;
alter default privileges in schema public grant all on tables to postgres, anon, authenticated, service_role;
alter default privileges in schema public grant all on functions to postgres, anon, authenticated, service_role;
alter default privileges in schema public grant all on sequences to postgres, anon, authenticated, service_role;
alter default privileges for role supabase_admin in schema public grant all on tables to postgres, anon, authenticated, service_role;
alter default privileges for role supabase_admin in schema public grant all on functions to postgres, anon, authenticated, service_role;
alter default privileges for role supabase_admin in schema public grant all on sequences to postgres, anon, authenticated, service_role;
do $$
begin
  if not exists (select from pg_publication where pubname = 'supabase_realtime') then
    create publication supabase_realtime;
  end if;
end
$$;
`;
