/**
 * Catalog stand-ins for the extensions Supabase manages that an engine does not ship: the schema,
 * types, tables and function signatures migrations reference, so `create extension`, column
 * types, policies, grants and function bodies that use them apply, and the `public` types come
 * out as they do on Supabase. Bodies are placeholders: nothing here sends a request or encrypts.
 *
 * Each stand-in is idempotent (it may be applied by the bootstrap and again by a migration's
 * `create extension if not exists`). `schema` is where the objects go: the extension's own
 * schema when it has a fixed one, else the `with schema` of the statement.
 */
export interface StandIn {
  /** The extension's fixed schema (pg_net → net); undefined: relocatable, the statement's schema. */
  readonly schema?: string;
  /** The catalog objects, for the schema they go in (already quoted). */
  readonly sql: (schema: string) => string;
}

const q = (name: string) => `"${name.replace(/"/g, '""')}"`;

/** A base type with text's input and output (and varchar's typmod, so `vector(1536)` parses). */
function baseType(schema: string, name: string, typmod: boolean): string {
  const t = `${schema}.${q(name)}`;
  const fn = (suffix: string) => `${schema}.${q(`${name}_${suffix}`)}`;
  return `
do $st$
begin
  if to_regtype('${t.replace(/'/g, "''")}') is null then
    execute $x$create type ${t}$x$;
    execute $x$create function ${fn('in')}(cstring) returns ${t} language internal immutable strict as 'textin'$x$;
    execute $x$create function ${fn('out')}(${t}) returns cstring language internal immutable strict as 'textout'$x$;
    ${
      typmod
        ? `execute $x$create function ${fn('typmod_in')}(cstring[]) returns integer language internal immutable strict as 'varchartypmodin'$x$;
    execute $x$create function ${fn('typmod_out')}(integer) returns cstring language internal immutable strict as 'varchartypmodout'$x$;
    execute $x$create type ${t} (input = ${fn('in')}, output = ${fn('out')}, typmod_in = ${fn('typmod_in')}, typmod_out = ${fn('typmod_out')}, internallength = variable, storage = extended)$x$;`
        : `execute $x$create type ${t} (input = ${fn('in')}, output = ${fn('out')}, internallength = variable, storage = extended)$x$;`
    }
  end if;
end
$st$;`;
}

/** `create operator` has no `if not exists`. */
function operator(schema: string, symbol: string, left: string, right: string, fn: string): string {
  return `
do $st$
begin
  if not exists (select from pg_operator o join pg_namespace n on n.oid = o.oprnamespace
                 where n.nspname = ${literal(unquote(schema))} and o.oprname = '${symbol}'
                   and o.oprleft = '${left.replace(/'/g, "''")}'::regtype and o.oprright = '${right.replace(/'/g, "''")}'::regtype) then
    execute $x$create operator ${schema}.${symbol} (leftarg = ${left}, rightarg = ${right}, function = ${fn})$x$;
  end if;
end
$st$;`;
}

const literal = (text: string) => `'${text.replace(/'/g, "''")}'`;
const unquote = (quoted: string) => quoted.slice(1, -1).replace(/""/g, '"');

function castsFromArrays(schema: string, type: string): string {
  const t = `${schema}.${q(type)}`;
  return ['real[]', 'double precision[]', 'integer[]', 'numeric[]', 'text']
    .map(
      (source) => `
do $st$
begin
  if not exists (select from pg_cast where castsource = '${source}'::regtype and casttarget = '${t.replace(/'/g, "''")}'::regtype) then
    execute $x$create cast (${source} as ${t}) with inout as assignment$x$;
  end if;
end
$st$;`,
    )
    .join('');
}

function vectorTypes(s: string): string {
  const parts: string[] = [];
  for (const type of ['vector', 'halfvec', 'sparsevec']) {
    const t = `${s}.${q(type)}`;
    parts.push(baseType(s, type, true), castsFromArrays(s, type));
    for (const [fn, symbol] of [
      ['l2_distance', '<->'],
      ['cosine_distance', '<=>'],
      ['inner_product', '<#>'],
      ['l1_distance', '<+>'],
    ] as const) {
      parts.push(
        `create or replace function ${s}.${fn}(${t}, ${t}) returns double precision language sql immutable strict parallel safe as 'select 0::double precision';`,
        operator(s, symbol, t, t, `${s}.${fn}`),
      );
    }
    parts.push(
      `create or replace function ${s}.vector_dims(${t}) returns integer language sql immutable strict parallel safe as 'select 0';`,
      `create or replace function ${s}.l2_norm(${t}) returns double precision language sql immutable strict parallel safe as 'select 0::double precision';`,
      `create or replace function ${s}.l2_normalize(${t}) returns ${t} language sql immutable strict parallel safe as 'select $1';`,
    );
  }
  const v = `${s}.vector`;
  parts.push(
    `create or replace function ${s}.vector_norm(${v}) returns double precision language sql immutable strict parallel safe as 'select 0::double precision';`,
    `create or replace function ${s}.subvector(${v}, integer, integer) returns ${v} language sql immutable strict parallel safe as 'select $1';`,
    `create or replace function ${s}.binary_quantize(${v}) returns bit language sql immutable strict parallel safe as 'select B''0''';`,
  );
  return parts.join('\n');
}

const noObjects = () => '';

export const STAND_INS: Readonly<Record<string, StandIn>> = {
  pg_net: {
    schema: 'net',
    sql: () => `
create schema if not exists net;
grant usage on schema net to postgres, anon, authenticated, service_role, supabase_functions_admin;
do $st$
begin
  if to_regtype('net.request_status') is null then create type net.request_status as enum ('PENDING', 'SUCCESS', 'ERROR'); end if;
  if to_regtype('net.http_response') is null then create type net.http_response as (status_code integer, headers jsonb, body text); end if;
  if to_regtype('net.http_response_result') is null then
    create type net.http_response_result as (status net.request_status, message text, response net.http_response);
  end if;
end
$st$;
create unlogged table if not exists net.http_request_queue (
  id bigserial not null, method text not null, url text not null, headers jsonb not null, body bytea,
  timeout_milliseconds integer not null
);
create unlogged table if not exists net._http_response (
  id bigint, status_code integer, content_type text, headers jsonb, content text, timed_out boolean,
  error_msg text, created timestamptz not null default now()
);
create or replace function net.http_get(url text, params jsonb default '{}'::jsonb, headers jsonb default '{}'::jsonb,
    timeout_milliseconds integer default 5000) returns bigint
  language sql as $fn$ select nextval('net.http_request_queue_id_seq') $fn$;
create or replace function net.http_post(url text, body jsonb default '{}'::jsonb, params jsonb default '{}'::jsonb,
    headers jsonb default '{"Content-Type": "application/json"}'::jsonb, timeout_milliseconds integer default 5000) returns bigint
  language sql as $fn$ select nextval('net.http_request_queue_id_seq') $fn$;
create or replace function net.http_delete(url text, params jsonb default '{}'::jsonb, headers jsonb default '{}'::jsonb,
    timeout_milliseconds integer default 5000, body jsonb default null) returns bigint
  language sql as $fn$ select nextval('net.http_request_queue_id_seq') $fn$;
create or replace function net._http_collect_response(request_id bigint, async boolean default true) returns net.http_response_result
  language sql as $fn$ select null::net.http_response_result $fn$;
create or replace function net.http_collect_response(request_id bigint, async boolean default true) returns net.http_response_result
  language sql as $fn$ select null::net.http_response_result $fn$;
grant execute on all functions in schema net to postgres, anon, authenticated, service_role, supabase_functions_admin;
`,
  },
  pg_graphql: {
    schema: 'graphql',
    sql: () => `
create schema if not exists graphql;
create schema if not exists graphql_public;
grant usage on schema graphql, graphql_public to postgres, anon, authenticated, service_role;
create or replace function graphql.resolve(query text, variables jsonb default '{}'::jsonb, "operationName" text default null,
    extensions jsonb default null) returns jsonb
  language sql as $fn$ select '{}'::jsonb $fn$;
create or replace function graphql.comment_directive(comment_ text) returns jsonb
  language sql immutable as $fn$ select null::jsonb $fn$;
create or replace function graphql_public.graphql("operationName" text default null, query text default null,
    variables jsonb default null, extensions jsonb default null) returns jsonb
  language sql as $fn$
    select graphql.resolve(query := query, variables := coalesce(variables, '{}'), "operationName" := "operationName",
                           extensions := extensions)
  $fn$;
grant execute on all functions in schema graphql, graphql_public to postgres, anon, authenticated, service_role;
`,
  },
  supabase_vault: {
    schema: 'vault',
    sql: () => `
create schema if not exists vault;
create table if not exists vault.secrets (
  id uuid not null default gen_random_uuid() primary key,
  name text,
  description text not null default '',
  secret text not null,
  key_id uuid,
  nonce bytea default null,
  created_at timestamptz not null default current_timestamp,
  updated_at timestamptz not null default current_timestamp
);
create unique index if not exists secrets_name_idx on vault.secrets (name) where name is not null;
create or replace view vault.decrypted_secrets as
  select id, name, description, secret, secret as decrypted_secret, key_id, nonce, created_at, updated_at from vault.secrets;
create or replace function vault.create_secret(new_secret text, new_name text default null, new_description text default '',
    new_key_id uuid default null) returns uuid
  language sql as $fn$
    insert into vault.secrets (secret, name, description) values (new_secret, new_name, new_description) returning id
  $fn$;
create or replace function vault.update_secret(secret_id uuid, new_secret text default null, new_name text default null,
    new_description text default null, new_key_id uuid default null) returns void
  language sql as $fn$
    update vault.secrets set secret = coalesce(new_secret, secret), name = coalesce(new_name, name),
      description = coalesce(new_description, description), updated_at = now() where id = secret_id
  $fn$;
`,
  },
  pgsodium: {
    schema: 'pgsodium',
    sql: () => `
create schema if not exists pgsodium;
create table if not exists pgsodium.key (
  id uuid not null default gen_random_uuid() primary key, status text default 'valid', created timestamptz not null default now(),
  expires timestamptz, key_type text, key_id bigint, key_context bytea default '\\x7067736f6469756d', name text unique,
  associated_data text default 'associated', raw_key bytea, raw_key_nonce bytea, parent_key uuid, comment text, user_data text
);
create or replace function pgsodium.randombytes_buf(size integer) returns bytea language sql as $fn$ select ''::bytea $fn$;
create or replace function pgsodium.crypto_secretbox_keygen() returns bytea language sql as $fn$ select ''::bytea $fn$;
create or replace function pgsodium.crypto_aead_det_encrypt(message bytea, additional bytea, key_uuid uuid, nonce bytea default null)
  returns bytea language sql as $fn$ select message $fn$;
create or replace function pgsodium.crypto_aead_det_decrypt(message bytea, additional bytea, key_uuid uuid, nonce bytea default null)
  returns bytea language sql as $fn$ select message $fn$;
create or replace function pgsodium.create_key(key_type text default 'aead-det', name text default null, raw_key bytea default null,
    raw_key_nonce bytea default null, parent_key uuid default null, key_context bytea default '\\x7067736f6469756d',
    expires timestamptz default null, associated_data text default '') returns pgsodium.key
  language sql as $fn$ insert into pgsodium.key (key_type, name) values (key_type, name) returning * $fn$;
`,
  },
  pgjwt: {
    sql: (s) => `
create or replace function ${s}.url_encode(data bytea) returns text language sql immutable
  as $fn$ select translate(encode(data, 'base64'), E'+/=\\n', '-_') $fn$;
create or replace function ${s}.url_decode(data text) returns bytea language sql immutable
  as $fn$ select decode(translate(data, '-_', '+/'), 'base64') $fn$;
create or replace function ${s}.algorithm_sign(signables text, secret text, algorithm text) returns text language sql immutable
  as $fn$ select signables $fn$;
create or replace function ${s}.sign(payload json, secret text, algorithm text default 'HS256') returns text language sql immutable
  as $fn$ select payload::text $fn$;
create or replace function ${s}.try_cast_double(inp text) returns double precision language sql immutable
  as $fn$ select null::double precision $fn$;
create or replace function ${s}.verify(token text, secret text, algorithm text default 'HS256')
  returns table (header json, payload json, valid boolean) language sql immutable
  as $fn$ select null::json, null::json, false $fn$;
`,
  },
  pg_cron: {
    schema: 'cron',
    sql: () => `
create schema if not exists cron;
grant usage on schema cron to postgres;
create table if not exists cron.job (
  jobid bigserial primary key, schedule text not null, command text not null, nodename text not null default 'localhost',
  nodeport integer not null default 5432, database text not null default current_database(), username text not null default current_user,
  active boolean not null default true, jobname text
);
create table if not exists cron.job_run_details (
  jobid bigint, runid bigserial primary key, job_pid integer, database text, username text, command text, status text,
  return_message text, start_time timestamptz, end_time timestamptz
);
create or replace function cron.schedule(schedule text, command text) returns bigint
  language sql as $fn$ insert into cron.job (schedule, command) values (schedule, command) returning jobid $fn$;
create or replace function cron.schedule(job_name text, schedule text, command text) returns bigint
  language plpgsql as $fn$
declare
  id bigint;
begin
  update cron.job set schedule = $2, command = $3 where jobname = job_name returning jobid into id;
  if id is null then
    insert into cron.job (jobname, schedule, command) values (job_name, $2, $3) returning jobid into id;
  end if;
  return id;
end
$fn$;
create or replace function cron.schedule_in_database(job_name text, schedule text, command text, database text,
    username text default null, active boolean default true) returns bigint
  language sql as $fn$ select cron.schedule(job_name, schedule, command) $fn$;
create or replace function cron.unschedule(job_id bigint) returns boolean
  language sql as $fn$ with d as (delete from cron.job where jobid = job_id returning 1) select exists (select from d) $fn$;
create or replace function cron.unschedule(job_name text) returns boolean
  language sql as $fn$ with d as (delete from cron.job where jobname = job_name returning 1) select exists (select from d) $fn$;
create or replace function cron.alter_job(job_id bigint, schedule text default null, command text default null,
    database text default null, username text default null, active boolean default null) returns void
  language sql as $fn$
    update cron.job set schedule = coalesce(alter_job.schedule, job.schedule), command = coalesce(alter_job.command, job.command),
      active = coalesce(alter_job.active, job.active) where jobid = job_id
  $fn$;
`,
  },
  http: {
    sql: (s) => `
do $st$
begin
  if to_regtype('${s.replace(/'/g, "''")}.http_method') is null then
    execute $x$create domain ${s}.http_method as text$x$;
    execute $x$create type ${s}.http_header as (field character varying, value character varying)$x$;
    execute $x$create type ${s}.http_request as (method ${s}.http_method, uri character varying, headers ${s}.http_header[],
      content_type character varying, content character varying)$x$;
    execute $x$create type ${s}.http_response as (status integer, content_type character varying, headers ${s}.http_header[],
      content character varying)$x$;
  end if;
end
$st$;
create or replace function ${s}.http(request ${s}.http_request) returns ${s}.http_response
  language sql as $fn$ select null::${s}.http_response $fn$;
create or replace function ${s}.http_get(uri character varying) returns ${s}.http_response
  language sql as $fn$ select null::${s}.http_response $fn$;
create or replace function ${s}.http_get(uri character varying, data jsonb) returns ${s}.http_response
  language sql as $fn$ select null::${s}.http_response $fn$;
create or replace function ${s}.http_post(uri character varying, content character varying, content_type character varying)
  returns ${s}.http_response language sql as $fn$ select null::${s}.http_response $fn$;
create or replace function ${s}.http_post(uri character varying, data jsonb) returns ${s}.http_response
  language sql as $fn$ select null::${s}.http_response $fn$;
create or replace function ${s}.http_put(uri character varying, content character varying, content_type character varying)
  returns ${s}.http_response language sql as $fn$ select null::${s}.http_response $fn$;
create or replace function ${s}.http_patch(uri character varying, content character varying, content_type character varying)
  returns ${s}.http_response language sql as $fn$ select null::${s}.http_response $fn$;
create or replace function ${s}.http_delete(uri character varying) returns ${s}.http_response
  language sql as $fn$ select null::${s}.http_response $fn$;
create or replace function ${s}.http_delete(uri character varying, content character varying, content_type character varying)
  returns ${s}.http_response language sql as $fn$ select null::${s}.http_response $fn$;
create or replace function ${s}.http_head(uri character varying) returns ${s}.http_response
  language sql as $fn$ select null::${s}.http_response $fn$;
create or replace function ${s}.http_header(field character varying, value character varying) returns ${s}.http_header
  language sql as $fn$ select row(field, value)::${s}.http_header $fn$;
create or replace function ${s}.urlencode(string character varying) returns text language sql immutable
  as $fn$ select string::text $fn$;
create or replace function ${s}.urlencode(data jsonb) returns text language sql immutable as $fn$ select data::text $fn$;
create or replace function ${s}.http_set_curlopt(curlopt character varying, value character varying) returns boolean
  language sql as $fn$ select true $fn$;
create or replace function ${s}.http_reset_curlopt() returns boolean language sql as $fn$ select true $fn$;
`,
  },
  pg_jsonschema: {
    sql: (s) => `
create or replace function ${s}.json_matches_schema(schema json, instance json) returns boolean
  language sql immutable as $fn$ select true $fn$;
create or replace function ${s}.jsonb_matches_schema(schema json, instance jsonb) returns boolean
  language sql immutable as $fn$ select true $fn$;
create or replace function ${s}.jsonschema_is_valid(schema json) returns boolean language sql immutable as $fn$ select true $fn$;
create or replace function ${s}.jsonschema_validation_errors(schema json, instance json) returns text[]
  language sql immutable as $fn$ select '{}'::text[] $fn$;
`,
  },
  vector: { sql: vectorTypes },
  postgis: {
    sql: (s) =>
      [
        baseType(s, 'geometry', false),
        baseType(s, 'geography', false),
        baseType(s, 'box2d', false),
        baseType(s, 'box3d', false),
        castsFromArrays(s, 'geometry'),
        castsFromArrays(s, 'geography'),
        ...['st_makepoint', 'st_point'].map(
          (fn) => `create or replace function ${s}.${fn}(double precision, double precision) returns ${s}.geometry
  language sql immutable as 'select null::${s}.geometry';`,
        ),
        `create or replace function ${s}.st_setsrid(${s}.geometry, integer) returns ${s}.geometry language sql immutable as 'select $1';`,
        `create or replace function ${s}.st_geomfromtext(text, integer default 0) returns ${s}.geometry language sql immutable as 'select null::${s}.geometry';`,
        `create or replace function ${s}.st_asgeojson(${s}.geometry) returns text language sql immutable as 'select null::text';`,
        `create or replace function ${s}.st_x(${s}.geometry) returns double precision language sql immutable as 'select 0::double precision';`,
        `create or replace function ${s}.st_y(${s}.geometry) returns double precision language sql immutable as 'select 0::double precision';`,
        `create or replace function ${s}.st_distance(${s}.geography, ${s}.geography) returns double precision language sql immutable as 'select 0::double precision';`,
        `create or replace function ${s}.st_dwithin(${s}.geography, ${s}.geography, double precision) returns boolean language sql immutable as 'select true';`,
        `create or replace function ${s}.st_distance(${s}.geometry, ${s}.geometry) returns double precision language sql immutable as 'select 0::double precision';`,
        `create or replace function ${s}.st_dwithin(${s}.geometry, ${s}.geometry, double precision) returns boolean language sql immutable as 'select true';`,
      ].join('\n'),
  },
  pgmq: {
    schema: 'pgmq',
    sql: () => `
create schema if not exists pgmq;
do $st$
begin
  if to_regtype('pgmq.message_record') is null then
    create type pgmq.message_record as (msg_id bigint, read_ct integer, enqueued_at timestamptz, vt timestamptz, message jsonb);
  end if;
  if to_regtype('pgmq.queue_record') is null then
    create type pgmq.queue_record as (queue_name varchar, is_partitioned boolean, is_unlogged boolean, created_at timestamptz);
  end if;
end
$st$;
create table if not exists pgmq.meta (queue_name varchar unique not null, is_partitioned boolean not null, is_unlogged boolean not null,
  created_at timestamptz not null default now());
create or replace function pgmq.create(queue_name text) returns void
  language sql as $fn$ insert into pgmq.meta values (queue_name, false, false) on conflict do nothing $fn$;
create or replace function pgmq.create_unlogged(queue_name text) returns void
  language sql as $fn$ insert into pgmq.meta values (queue_name, false, true) on conflict do nothing $fn$;
create or replace function pgmq.drop_queue(queue_name text) returns boolean
  language sql as $fn$ with d as (delete from pgmq.meta m where m.queue_name = drop_queue.queue_name returning 1) select exists (select from d) $fn$;
create or replace function pgmq.list_queues() returns setof pgmq.queue_record
  language sql as $fn$ select queue_name, is_partitioned, is_unlogged, created_at from pgmq.meta $fn$;
create or replace function pgmq.send(queue_name text, msg jsonb, delay integer default 0) returns setof bigint
  language sql as $fn$ select null::bigint where false $fn$;
create or replace function pgmq.send(queue_name text, msg jsonb, delay timestamptz) returns setof bigint
  language sql as $fn$ select null::bigint where false $fn$;
create or replace function pgmq.send_batch(queue_name text, msgs jsonb[], delay integer default 0) returns setof bigint
  language sql as $fn$ select null::bigint where false $fn$;
create or replace function pgmq.read(queue_name text, vt integer, qty integer, conditional jsonb default '{}'::jsonb)
  returns setof pgmq.message_record language sql as $fn$ select null::pgmq.message_record where false $fn$;
create or replace function pgmq.read_with_poll(queue_name text, vt integer, qty integer, max_poll_seconds integer default 5,
    poll_interval_ms integer default 100, conditional jsonb default '{}'::jsonb)
  returns setof pgmq.message_record language sql as $fn$ select null::pgmq.message_record where false $fn$;
create or replace function pgmq.pop(queue_name text) returns setof pgmq.message_record
  language sql as $fn$ select null::pgmq.message_record where false $fn$;
create or replace function pgmq.set_vt(queue_name text, msg_id bigint, vt integer) returns setof pgmq.message_record
  language sql as $fn$ select null::pgmq.message_record where false $fn$;
create or replace function pgmq.delete(queue_name text, msg_id bigint) returns boolean language sql as $fn$ select true $fn$;
create or replace function pgmq.delete(queue_name text, msg_ids bigint[]) returns setof bigint
  language sql as $fn$ select unnest(msg_ids) $fn$;
create or replace function pgmq.archive(queue_name text, msg_id bigint) returns boolean language sql as $fn$ select true $fn$;
create or replace function pgmq.archive(queue_name text, msg_ids bigint[]) returns setof bigint
  language sql as $fn$ select unnest(msg_ids) $fn$;
create or replace function pgmq.purge_queue(queue_name text) returns bigint language sql as $fn$ select 0::bigint $fn$;
`,
  },
  pg_hashids: {
    sql: (s) => `
create or replace function ${s}.id_encode(bigint) returns text language sql immutable as $fn$ select $1::text $fn$;
create or replace function ${s}.id_encode(bigint, text) returns text language sql immutable as $fn$ select $1::text $fn$;
create or replace function ${s}.id_decode(text) returns bigint[] language sql immutable as $fn$ select '{}'::bigint[] $fn$;
create or replace function ${s}.id_decode(text, text) returns bigint[] language sql immutable as $fn$ select '{}'::bigint[] $fn$;
`,
  },
  index_advisor: { sql: noObjects },
  pg_stat_monitor: { sql: noObjects },
  pgaudit: { sql: noObjects },
  plpgsql_check: { sql: noObjects },
  pg_repack: { sql: noObjects },
  hypopg: { sql: noObjects },
  wrappers: { sql: noObjects },
  pg_tle: { sql: noObjects },
  pgtap: { sql: noObjects },
  pg_stat_statements: { sql: noObjects },
  postgres_fdw: { sql: noObjects },
  dblink: { sql: noObjects },
  pgroonga: { sql: noObjects },
  rum: { sql: noObjects },
  timescaledb: { sql: noObjects },
  pg_partman: { sql: noObjects },
  supautils: { sql: noObjects },
};

/** The stand-in's SQL for a `create extension … with schema` (quoted schema name or undefined). */
export function standInSql(name: string, schema: string | undefined): string | undefined {
  const standIn = STAND_INS[name];
  if (!standIn) return undefined;
  const target = standIn.schema ? q(standIn.schema) : (schema ?? q('extensions'));
  return `create schema if not exists ${target};\n${standIn.sql(target)}`;
}
