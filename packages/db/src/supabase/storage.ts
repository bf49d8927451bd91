/**
 * `storage` as Supabase Storage's migrations leave it (buckets, objects with their generated
 * `path_tokens`, multipart uploads, the path helpers policies call), `realtime` (the broadcast
 * `messages` table and its helpers) and `supabase_functions` (database webhooks), with the grants
 * Supabase gives them.
 */
export const STORAGE_SQL = `
create schema if not exists storage;
grant usage on schema storage to anon, authenticated, service_role, dashboard_user, postgres, supabase_storage_admin;

do $$
begin
  if to_regtype('storage.buckettype') is null then create type storage.buckettype as enum ('STANDARD', 'ANALYTICS'); end if;
end
$$;

create table if not exists storage.buckets (
  id text not null primary key,
  name text not null,
  owner uuid,
  created_at timestamptz default now(),
  updated_at timestamptz default now(),
  public boolean default false,
  avif_autodetection boolean default false,
  file_size_limit bigint,
  allowed_mime_types text[],
  owner_id text,
  type storage.buckettype not null default 'STANDARD'
);
create unique index if not exists bname on storage.buckets using btree (name);
comment on column storage.buckets.owner is 'Field is deprecated, use owner_id instead';

create table if not exists storage.objects (
  id uuid not null default gen_random_uuid() primary key,
  bucket_id text references storage.buckets (id),
  name text,
  owner uuid,
  created_at timestamptz default now(),
  updated_at timestamptz default now(),
  last_accessed_at timestamptz default now(),
  metadata jsonb,
  path_tokens text[] generated always as (string_to_array(name, '/')) stored,
  version text,
  owner_id text,
  user_metadata jsonb
);
create unique index if not exists bucketid_objname on storage.objects using btree (bucket_id, name);
create index if not exists name_prefix_search on storage.objects using btree (name text_pattern_ops);
comment on column storage.objects.owner is 'Field is deprecated, use owner_id instead';
alter table storage.objects enable row level security;
alter table storage.buckets enable row level security;

create table if not exists storage.migrations (
  id integer not null primary key,
  name varchar(100) not null unique,
  hash varchar(40) not null,
  executed_at timestamp default current_timestamp
);

create table if not exists storage.s3_multipart_uploads (
  id text not null primary key,
  in_progress_size bigint not null default 0,
  upload_signature text not null,
  bucket_id text not null references storage.buckets (id),
  key text collate "C" not null,
  version text not null,
  owner_id text,
  created_at timestamptz not null default now(),
  user_metadata jsonb
);

create table if not exists storage.s3_multipart_uploads_parts (
  id uuid not null default gen_random_uuid() primary key,
  upload_id text not null references storage.s3_multipart_uploads (id) on delete cascade,
  size bigint not null default 0,
  part_number integer not null,
  bucket_id text not null references storage.buckets (id),
  key text collate "C" not null,
  etag text not null,
  owner_id text,
  version text not null,
  created_at timestamptz not null default now()
);

create or replace function storage.foldername(name text) returns text[]
  language plpgsql immutable
  as $fn$
declare
  _parts text[];
begin
  select string_to_array(name, '/') into _parts;
  return _parts[1:array_length(_parts, 1) - 1];
end
$fn$;

create or replace function storage.filename(name text) returns text
  language plpgsql
  as $fn$
declare
  _parts text[];
begin
  select string_to_array(name, '/') into _parts;
  return _parts[array_length(_parts, 1)];
end
$fn$;

create or replace function storage.extension(name text) returns text
  language plpgsql
  as $fn$
declare
  _parts text[];
  _filename text;
begin
  select string_to_array(name, '/') into _parts;
  select _parts[array_length(_parts, 1)] into _filename;
  return reverse(split_part(reverse(_filename), '.', 1));
end
$fn$;

create or replace function storage.get_size_by_bucket() returns table (size bigint, bucket_id text)
  language plpgsql stable
  as $fn$
begin
  return query select sum((metadata ->> 'size')::bigint) as size, obj.bucket_id from storage.objects as obj group by obj.bucket_id;
end
$fn$;

create or replace function storage.search(prefix text, bucketname text, limits integer default 100, levels integer default 1,
    offsets integer default 0, search text default '', sortcolumn text default 'name', sortorder text default 'asc')
  returns table (name text, id uuid, updated_at timestamptz, created_at timestamptz, last_accessed_at timestamptz, metadata jsonb)
  language plpgsql stable
  as $fn$
begin
  return query select o.name, o.id, o.updated_at, o.created_at, o.last_accessed_at, o.metadata
    from storage.objects o
    where o.bucket_id = bucketname and o.name ilike prefix || '%' and o.name ilike '%' || search || '%'
    order by o.name limit limits offset offsets;
end
$fn$;

create or replace function storage.can_insert_object(bucketid text, name text, owner uuid, metadata jsonb) returns void
  language plpgsql
  as $fn$
begin
  insert into storage.objects (bucket_id, name, owner, metadata) values (bucketid, name, owner, metadata);
  raise sqlstate 'PT200' using message = 'ROLLBACK', detail = 'rollback successful insert';
end
$fn$;

create or replace function storage.list_objects_with_delimiter(bucket_id text, prefix_param text, delimiter_param text,
    max_keys integer default 100, start_after text default '', next_token text default '')
  returns table (name text, id uuid, metadata jsonb, updated_at timestamptz)
  language plpgsql
  as $fn$
begin
  return query select o.name, o.id, o.metadata, o.updated_at from storage.objects o
    where o.bucket_id = list_objects_with_delimiter.bucket_id and o.name collate "C" like prefix_param || '%'
    order by o.name collate "C" limit max_keys;
end
$fn$;

create or replace function storage.list_multipart_uploads_with_delimiter(bucket_id text, prefix_param text, delimiter_param text,
    max_keys integer default 100, next_key_token text default '', next_upload_token text default '')
  returns table (key text, id text, created_at timestamptz)
  language plpgsql
  as $fn$
begin
  return query select u.key, u.id, u.created_at from storage.s3_multipart_uploads u
    where u.bucket_id = list_multipart_uploads_with_delimiter.bucket_id and u.key collate "C" like prefix_param || '%'
    order by u.key collate "C", u.created_at limit max_keys;
end
$fn$;

create or replace function storage.operation() returns text
  language plpgsql stable
  as $fn$
begin
  return current_setting('storage.operation', true);
end
$fn$;

create or replace function storage.update_updated_at_column() returns trigger
  language plpgsql
  as $fn$
begin
  new.updated_at = now();
  return new;
end
$fn$;

grant all on all tables in schema storage to anon, authenticated, service_role, postgres, supabase_storage_admin;
grant all on all functions in schema storage to anon, authenticated, service_role, postgres, supabase_storage_admin;

create schema if not exists realtime;
grant usage on schema realtime to anon, authenticated, service_role, postgres, supabase_realtime_admin;

create table if not exists realtime.messages (
  topic text not null,
  extension text not null,
  payload jsonb,
  event text,
  private boolean default false,
  updated_at timestamp not null default now(),
  inserted_at timestamp not null default now(),
  id uuid not null default gen_random_uuid(),
  primary key (id, inserted_at)
);
alter table realtime.messages enable row level security;

create or replace function realtime.topic() returns text
  language sql stable
  as $fn$ select nullif(current_setting('realtime.topic', true), '')::text $fn$;

create or replace function realtime.send(payload jsonb, event text, topic text, private boolean default true) returns void
  language plpgsql
  as $fn$
begin
  insert into realtime.messages (payload, event, topic, private, extension) values (payload, event, topic, private, 'broadcast');
end
$fn$;

create or replace function realtime.broadcast_changes(topic_name text, event_name text, operation text, table_name text,
    table_schema text, new record, old record, level text default 'ROW') returns void
  language plpgsql
  as $fn$
begin
  perform realtime.send(jsonb_build_object('operation', operation, 'table', table_name, 'schema', table_schema),
    event_name, topic_name);
end
$fn$;

grant select, insert, update, delete on realtime.messages to anon, authenticated, service_role, postgres;
grant execute on function realtime.topic(), realtime.send(jsonb, text, text, boolean) to anon, authenticated, service_role, postgres;

create schema if not exists supabase_functions;
grant usage on schema supabase_functions to postgres, anon, authenticated, service_role, supabase_functions_admin;

create table if not exists supabase_functions.migrations (
  version text not null primary key,
  inserted_at timestamptz not null default now()
);

create table if not exists supabase_functions.hooks (
  id bigserial primary key,
  hook_table_id integer not null,
  hook_name text not null,
  created_at timestamptz not null default now(),
  request_id bigint
);
comment on table supabase_functions.hooks is 'Supabase Functions Hooks: Audit trail for triggered hooks.';

create or replace function supabase_functions.http_request() returns trigger
  language plpgsql security definer
  set search_path = supabase_functions
  as $fn$
begin
  -- Webhooks send the row with pg_net after commit; a catalog needs only the trigger function.
  return new;
end
$fn$;
`;
