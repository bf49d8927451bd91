export { ConfigError, RetableError, UsageError } from './errors.js';
export { MAX_IDENTIFIER_BYTES, identifierProblem, quoteIdent } from './identifiers.js';
export {
  CONFIG_FILE_NAME,
  configJsonSchema,
  configSchema,
  createRenameMap,
  loadConfig,
  parseConfig,
  type LoadConfigOptions,
  type LoadedConfig,
  type RenameMap,
  type RetableConfig,
  type RetableConfigInput,
} from './config.js';
export {
  compareByLocation,
  type ParseProblem,
  type Reference,
  type ReferenceKind,
  type ReferenceStatus,
  type TextEdit,
} from './reference.js';
export {
  DEFAULT_EXCLUDE,
  DEFAULT_INCLUDE,
  SOURCE_EXTENSIONS,
  isSourceFile,
  listSourceFiles,
  type ListSourceFilesOptions,
} from './files.js';
export {
  findReferences,
  findReferencesInText,
  type FileResult,
  type FindInTextOptions,
  type FindReferencesOptions,
  type FindResult,
} from './finder/index.js';
export { parseSelect, type SelectEmbed, type SelectName } from './finder/select.js';
export { scriptKindFor } from './finder/module.js';
/** The TypeScript compiler API as the finder loads it (require(): faster than an ESM import). */
export { default as ts } from './finder/typescript.js';
