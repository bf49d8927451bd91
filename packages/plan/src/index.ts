export { API_ROLES, MANAGED_SCHEMAS, readCatalog, type Catalog, type CatalogFunction, type CatalogTable } from './catalog.js';
export { renamesFromSql, type FoundRename, type RenamesFromSql } from './from-sql.js';
export { loadParser, qualified, quoteIdentifier, searchPathOf } from '@retable/sql';
export {
  PlanError,
  planFromDatabase,
  planRename,
  type DerivedRename,
  type FunctionRewrite,
  type PlanOptions,
  type RenamePlan,
  type ReviewItem,
} from './plan.js';
export { rewritePlpgsqlBody, rewriteSqlBody, type BodyRewrite, type ReviewNote, type RewriteNames } from './rewrite.js';
