export { PARITY_PROFILE } from './profile.js';
export { introspectDatabase, type GeneratorMetadata, type IntrospectOptions } from './introspect.js';
export { renderTypescript, type RenderOptions } from './generate.js';
export {
  DROP_VIEWS_MODES,
  applyDropSet,
  dropSetFromDatabase,
  dropSetFromMetadata,
  selectViews,
  type DropSet,
  type DropViewsMode,
  type RelationName,
} from './drop-views.js';
export { ENGINES, openMigrations, openUrl, redactUrl, type Engine, type OpenedDatabase } from './sources.js';
export { defaultCacheDir, snapshotKey } from '@retable/db';
export { readIfExists, writeFileAtomic } from './output.js';
export { generateTypes, type GenerateTypesOptions, type GenerateTypesResult, type TypegenSource } from './typegen.js';
export { detectFormatter, dropViewsFromFile, dropViewsFromText, type Formatter, type FromFileOptions, type FromFileResult } from './from-file.js';
export { SUPABASE_API_URL, fetchProjectTypes, isProjectRef, type ProjectTypesOptions } from './management-api.js';
export {
  DEFAULT_LOCAL_DB_PORT,
  SUPABASE_CONFIG_FILE,
  declarativeSchemaFiles,
  readSupabaseConfig,
  type SupabaseConfig,
} from '@retable/db';
