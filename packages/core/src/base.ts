/**
 * Everything in core that does not need the TypeScript compiler: errors, identifiers, the config
 * and the shared types. Commands that never parse code (typegen, plan, verify-db, report) import
 * this entry, so they start without loading TypeScript.
 */
export { ConfigError, RetableError, UsageError } from './errors.js';
export { registerCleanup, runCleanups } from './cleanup.js';
export {
  fsReason,
  removeStaleTempFiles,
  replaceFile,
  toPosix,
  writeFileAtomic,
  writeFilesAtomic,
  type ReplaceFileOptions,
  type ReplaceOutcome,
  type WriteFileAtomicOptions,
} from './fs.js';
export { acquireProjectLock, LOCK_FILE_NAME, LockedError, type ProjectLock } from './lock.js';
export {
  decodeText,
  encodeText,
  encodingLabel,
  encodingOf,
  isFaithful,
  readSourceText,
  readSourceTextAsync,
  type TextEncodingName,
} from './encoding.js';
export { dynamicReferenceMessage, expressionText, oldReferenceMessage } from './messages.js';
export { MAX_IDENTIFIER_BYTES, identifierProblem, quoteIdent } from './identifiers.js';
export { derivedForeignKeyRename, derivedRename, type DerivedKind } from './derived.js';
export { closestMatch } from './suggest.js';
export {
  CONFIG_FILE_NAMES,
  configNotFoundMessage,
  configSearchPath,
  findConfig,
  findRepositoryRoot,
  readConfigSource,
  type ConfigSource,
  type FindConfigOptions,
} from './config-file.js';
export {
  CONFIG_FILE_NAME,
  configJsonSchema,
  configSchema,
  createRenameMap,
  describeJsonValue,
  loadConfig,
  loadConfigSync,
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
