export { mentionsAny, type RefKind, type ReviewKind } from './analyze.js';
export {
  findPlpgsqlRelations,
  findRelations,
  findTemplateRelations,
  replaceRefs,
  type FindOptions,
  type FindResult,
  type SqlError,
  type SqlRef,
  type SqlReview,
  type TemplateRef,
  type TemplateResult,
  type TemplateReview,
} from './find.js';
export {
  get,
  identifierOf,
  loadParser,
  parsePlpgsql,
  parserLoaded,
  parseSql,
  qualified,
  quoteIdentifier,
  quoteLiteral,
  scanSql,
  SqlParseFailure,
  walk,
  type Node,
  type ParsedStatement,
  type Token,
} from './parser.js';
export { splitStatements, SqlSyntaxError, type SqlStatement } from './statements.js';
export { findFunctionRelations, searchPathOf, type FunctionText } from './functions.js';
