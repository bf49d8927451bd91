import * as libpg from 'libpg-query';

/**
 * The real Postgres parser (libpg_query, compiled to WebAssembly, no install script): the SQL
 * grammar, its scanner and PL/pgSQL's grammar. Every offset the parser reports is a byte offset
 * into the UTF-8 text; this module keeps them as bytes, the public finder converts them to
 * JS string offsets.
 */
let loaded: Promise<void> | undefined;
let ready = false;

/** Load the WebAssembly parser once; every other function here needs it loaded. */
export async function loadParser(): Promise<void> {
  loaded ??= libpg.loadModule().then(() => {
    ready = true;
  });
  await loaded;
}

/** Whether loadParser() has finished (the sync functions below need it). */
export function parserLoaded(): boolean {
  return ready;
}

function assertLoaded(): void {
  if (!ready) throw new Error('@retable/sql: call and await loadParser() before parsing');
}

/** A JSON node of libpg_query's parse tree. */
export type Node = Record<string, unknown>;

export interface Token {
  /** Byte offsets into the UTF-8 text. */
  start: number;
  end: number;
  text: string;
  tokenName: string;
  keywordName: string;
}

export interface ParsedStatement {
  stmt: Node;
  /** Byte offset and length of the statement (the parser's stmt_location / stmt_len). */
  stmt_location?: number;
  stmt_len?: number;
}

/** The parser's error: its message and, when it has one, the byte offset it points at. */
export class SqlParseFailure extends Error {
  override name = 'SqlParseFailure';
  constructor(
    message: string,
    /** Byte offset into the UTF-8 text, when the parser gives a cursor position. */
    readonly byteOffset: number | undefined,
  ) {
    super(message);
  }
}

function failure(error: unknown): SqlParseFailure {
  const message = String((error as Error)?.message ?? error).split('\n')[0]!;
  const cursor = (error as { sqlDetails?: { cursorPosition?: number } })?.sqlDetails?.cursorPosition;
  return new SqlParseFailure(message, typeof cursor === 'number' && cursor >= 0 ? cursor : undefined);
}

/** Parse SQL; throws SqlParseFailure on a syntax error. */
export function parseSql(sql: string): { stmts?: ParsedStatement[] } {
  assertLoaded();
  try {
    return libpg.parseSync(sql) as never;
  } catch (error) {
    throw failure(error);
  }
}

/** Parse a whole CREATE FUNCTION … LANGUAGE plpgsql statement with PL/pgSQL's grammar. */
export function parsePlpgsql(createFunction: string): Node[] {
  assertLoaded();
  try {
    return (libpg.parsePlPgSQLSync(createFunction) as unknown as { plpgsql_funcs?: Node[] }).plpgsql_funcs ?? [];
  } catch (error) {
    throw failure(error);
  }
}

/** Tokens with byte offsets; comments included (SQL_COMMENT / C_COMMENT). */
export function scanSql(sql: string): Token[] {
  assertLoaded();
  try {
    return libpg.scanSync(sql).tokens as Token[];
  } catch (error) {
    throw failure(error);
  }
}

/** Reserved and column-name keywords need quotes as identifiers, like Postgres' quote_ident. */
export function quoteIdentifier(name: string): string {
  if (/^[a-z_][a-z0-9_]*$/.test(name)) {
    const tokens = scanSql(name);
    const keyword = tokens[0]?.keywordName ?? 'NO_KEYWORD';
    if (keyword === 'NO_KEYWORD' || keyword === 'UNRESERVED_KEYWORD') return name;
  }
  return `"${name.replaceAll('"', '""')}"`;
}

/** `schema.name`, each part quoted when needed. */
export function qualified(schema: string, name: string): string {
  return `${quoteIdentifier(schema)}.${quoteIdentifier(name)}`;
}

/** A SQL string literal. */
export function quoteLiteral(text: string): string {
  return `'${text.replaceAll("'", "''")}'`;
}

/** The identifier a token spells: unquoted ones fold to lower case, quoted ones are exact. */
export function identifierOf(token: Token): string | undefined {
  if (token.text.startsWith('"') && token.text.endsWith('"') && token.text.length >= 2) {
    return token.text.slice(1, -1).replaceAll('""', '"');
  }
  if (token.tokenName === 'IDENT') return token.text.toLowerCase();
  if (token.keywordName === 'UNRESERVED_KEYWORD' || token.keywordName === 'COL_NAME_KEYWORD' || token.keywordName === 'TYPE_FUNC_NAME_KEYWORD') {
    return token.text.toLowerCase();
  }
  return undefined;
}

/** Walk every node of a parse tree, giving each node's type name and fields. */
export function walk(value: unknown, visit: (type: string, node: Node, parents: readonly string[]) => void, parents: string[] = []): void {
  if (Array.isArray(value)) {
    for (const item of value) walk(item, visit, parents);
    return;
  }
  if (value === null || typeof value !== 'object') return;
  for (const [key, child] of Object.entries(value as Node)) {
    const type = child && typeof child === 'object' && !Array.isArray(child) ? nodeType(key, child as Node) : undefined;
    if (type) {
      visit(type, child as Node, parents);
      parents.push(type);
      walk(child, visit, parents);
      parents.pop();
    } else {
      walk(child, visit, parents);
    }
  }
}

/**
 * libpg_query's JSON wraps most nodes as `{ TypeName: {…} }`, but fields whose type is fixed are
 * inlined (`InsertStmt.relation`, `TypeCast.typeName`, `OnConflictClause.infer`): name those too.
 */
function nodeType(key: string, child: Node): string | undefined {
  if (/^[A-Z]/.test(key)) return key;
  if (typeof child.relname === 'string') return 'RangeVar';
  if (Array.isArray(child.names) && 'typemod' in child) return 'TypeName';
  if (key === 'infer') return 'InferClause';
  if (key === 'onConflictClause') return 'OnConflictClause';
  if (key === 'withClause') return 'WithClause';
  return undefined;
}

/** The value at a path of object keys, or undefined. */
export function get(node: unknown, ...path: string[]): unknown {
  let value = node;
  for (const key of path) {
    if (value === null || typeof value !== 'object') return undefined;
    value = (value as Node)[key];
  }
  return value;
}
