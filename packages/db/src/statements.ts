// The statement splitter lives with the rest of the SQL analysis; db keeps exporting it.
export { SqlSyntaxError, splitStatements, type SqlStatement } from '@retable/sql';
