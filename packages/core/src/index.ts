export * from './base.js';
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
export { findAffectedFiles, type AffectedFiles, type FindAffectedOptions } from './finder/affected.js';
export { mayNameTables } from './finder/mentions.js';
export { parseSelect, type SelectEmbed, type SelectName } from './finder/select.js';
export { scriptKindFor } from './finder/module.js';
export { isPrismaSchema } from './finder/prisma.js';
export { loadSqlFinder, type SqlModule } from './finder/sql-strings.js';
export { SCRIPT_BLOCK_EXTENSIONS, codeView, hasScriptBlocks, scriptBlocks, type ScriptBlock } from './finder/script-blocks.js';
/** The TypeScript compiler API as the finder loads it (require(): faster than an ESM import). */
export { default as ts } from './finder/typescript.js';
