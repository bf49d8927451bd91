export { connect, openPglite, pgliteClient, type SqlClient } from './client.js';
export { openDatabase, redactUrl } from './open.js';
export { SUPABASE_BOOTSTRAP_SQL } from './bootstrap.js';
export { SqlSyntaxError, splitStatements, type SqlStatement } from './statements.js';
export {
  MigrationError,
  applyMigrations,
  applySqlFiles,
  listMigrations,
  type ApplyMigrationsOptions,
} from './migrations.js';
export {
  POSTGRES_OS_USER,
  findPostgresBinary,
  localPostgresMajorVersion,
  startPostgres,
  type PostgresServer,
  type StartPostgresOptions,
} from './postgres.js';
export { PGLITE_POSTGRES_MAJOR, defaultCacheDir, loadPgliteExtensions, openBootstrappedPglite, snapshotKey, type OpenBootstrappedOptions } from './pglite.js';
export {
  openMigratedDatabase,
  type Engine,
  type MigratedDatabaseOptions,
  type OpenedDatabase,
} from './throwaway.js';
export { BOOTSTRAP_EXTENSIONS } from './bootstrap.js';
export { STAND_INS, supabaseExtensionRewrite, type ExtensionRewriteOptions, type StatementRewrite } from './extensions.js';
export {
  DEFAULT_LOCAL_DB_PORT,
  SUPABASE_CONFIG_FILE,
  declarativeSchemaFiles,
  readSupabaseConfig,
  type SupabaseConfig,
} from './supabase-config.js';
export { defaultMissingExtensionHint } from './throwaway.js';
