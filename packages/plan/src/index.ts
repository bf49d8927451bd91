export { API_ROLES, MANAGED_SCHEMAS, readCatalog, type Catalog, type CatalogFunction, type CatalogTable } from './catalog.js';
export { renamesFromSql, type FoundRename, type RenamesFromSql } from './from-sql.js';
export { loadParser, qualified, quoteIdentifier, searchPathOf } from '@retable/sql';
export {
  PlanError,
  planFromDatabase,
  planRename,
  renameMapLine,
  type DerivedRename,
  type FunctionRewrite,
  type PlanOptions,
  type RenamePlan,
  type ReviewItem,
} from './plan.js';
export { dollarTag, oneLine, sqlComment } from './sql-text.js';
export { rewritePlpgsqlBody, rewriteSqlBody, type BodyRewrite, type ReviewNote, type RewriteNames } from './rewrite.js';
export { migrationVersion, planFilesFor, SUPABASE_MIGRATIONS_DIR, SUPABASE_PENDING_DIR, supabasePlanFiles, supabaseTimestamp, type SupabasePlanFiles } from './supabase.js';
