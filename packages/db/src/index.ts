export { connect, openPglite, pgliteClient, QueryTimeoutError, type ConnectOptions, type SqlClient } from './client.js';
export { DEFAULT_STATEMENT_TIMEOUT_MS, openDatabase, redactUrl, type OpenDatabaseOptions } from './open.js';
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
  startPostgres,
  type PostgresServer,
  type StartPostgresOptions,
} from './postgres.js';
export { defaultCacheDir, openBootstrappedPglite, snapshotKey, type OpenBootstrappedOptions } from './pglite.js';
export {
  openMigratedDatabase,
  type Engine,
  type MigratedDatabaseOptions,
  type OpenedDatabase,
} from './throwaway.js';
