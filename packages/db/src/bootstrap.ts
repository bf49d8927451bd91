/**
 * Just enough of a Supabase database for application migrations to apply: the API roles, the
 * `auth`, `extensions` and `storage` schemas with the functions policies call (`auth.uid()`,
 * `auth.jwt()`, `auth.role()`), `auth.users`, the realtime publication and Supabase's default
 * grants on `public`. The same SQL runs on PostgreSQL and PGlite, so both give the same catalog.
 *
 * `auth.uid()` reads the JWT claims the way Supabase does (`request.jwt.claims` or the older
 * `request.jwt.claim.sub`), so tests can act as a user with
 * `set local role authenticated; select set_config('request.jwt.claims', '{"sub":"…"}', true);`.
 */
export const SUPABASE_BOOTSTRAP_SQL = `
do $$
begin
  if not exists (select from pg_roles where rolname = 'anon') then create role anon nologin noinherit; end if;
  if not exists (select from pg_roles where rolname = 'authenticated') then create role authenticated nologin noinherit; end if;
  if not exists (select from pg_roles where rolname = 'service_role') then create role service_role nologin noinherit bypassrls; end if;
end
$$;

create schema if not exists auth;
create schema if not exists extensions;
create schema if not exists storage;
grant usage on schema public, extensions to anon, authenticated, service_role;
grant usage on schema auth, storage to anon, authenticated, service_role;

create table if not exists auth.users (
  id uuid primary key,
  email text,
  raw_user_meta_data jsonb not null default '{}'::jsonb,
  created_at timestamptz not null default now()
);

create or replace function auth.jwt() returns jsonb
  language sql stable
  as $fn$
    select coalesce(
      nullif(current_setting('request.jwt.claims', true), ''),
      json_build_object('sub', nullif(current_setting('request.jwt.claim.sub', true), ''),
                        'role', nullif(current_setting('request.jwt.claim.role', true), ''))::text
    )::jsonb
  $fn$;

create or replace function auth.uid() returns uuid
  language sql stable
  as $fn$ select nullif(auth.jwt() ->> 'sub', '')::uuid $fn$;

create or replace function auth.role() returns text
  language sql stable
  as $fn$ select auth.jwt() ->> 'role' $fn$;

create or replace function auth.email() returns text
  language sql stable
  as $fn$ select auth.jwt() ->> 'email' $fn$;

grant execute on function auth.jwt(), auth.uid(), auth.role(), auth.email() to anon, authenticated, service_role;

create table if not exists storage.buckets (
  id text primary key,
  name text not null unique,
  public boolean not null default false,
  created_at timestamptz not null default now()
);

create table if not exists storage.objects (
  id uuid primary key,
  bucket_id text references storage.buckets (id),
  name text,
  owner uuid,
  metadata jsonb,
  created_at timestamptz not null default now()
);

do $$
begin
  if not exists (select from pg_publication where pubname = 'supabase_realtime') then
    create publication supabase_realtime;
  end if;
end
$$;

alter default privileges in schema public grant all on tables to anon, authenticated, service_role;
alter default privileges in schema public grant all on functions to anon, authenticated, service_role;
alter default privileges in schema public grant all on sequences to anon, authenticated, service_role;
`;
