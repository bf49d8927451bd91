import { AUTH_SQL } from './supabase/auth.js';
import { EXTENSIONS_SQL, PRIVILEGES_SQL, ROLES_SQL } from './supabase/roles.js';
import { standInSql } from './supabase/stand-ins.js';
import { STORAGE_SQL } from './supabase/storage.js';

/**
 * A Supabase project's database before its own migrations, so they apply unmodified: the roles
 * (`postgres`, `supabase_admin`, `authenticator`, `anon`, `authenticated`, `service_role`, the
 * service admins…), `extensions` with uuid-ossp and pgcrypto on the search_path
 * (`"$user", public, extensions`), `auth`, `storage`, `realtime` and `supabase_functions` as a
 * current project has them, the extensions every project starts with (pg_graphql,
 * supabase_vault, pg_net: catalog stand-ins, see `supabase/stand-ins.ts`), the
 * `supabase_realtime` publication and Supabase's default privileges on `public`.
 *
 * The same SQL runs on PostgreSQL and PGlite (which needs its uuid-ossp and pgcrypto bundles
 * loaded: `openPglite` does that), so both give the same catalog. Idempotent.
 *
 * `auth.uid()` reads the JWT claims the way Supabase does (`request.jwt.claims` or the older
 * `request.jwt.claim.sub`), so tests can act as a user with
 * `set local role authenticated; select set_config('request.jwt.claims', '{"sub":"…"}', true);`.
 */
export const SUPABASE_BOOTSTRAP_SQL = [
  ROLES_SQL,
  EXTENSIONS_SQL,
  AUTH_SQL,
  STORAGE_SQL,
  standInSql('pg_graphql', undefined),
  standInSql('supabase_vault', undefined),
  standInSql('pg_net', undefined),
  PRIVILEGES_SQL,
].join('\n');

/** PGlite bundles the bootstrap itself needs (`create extension` names). */
export const BOOTSTRAP_EXTENSIONS: readonly string[] = ['uuid-ossp', 'pgcrypto'];
