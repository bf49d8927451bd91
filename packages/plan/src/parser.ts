import { loadModule, parsePlPgSQLSync, parseSync, scanSync } from '@libpg-query/parser';

/**
 * The real Postgres parser (libpg_query, compiled to WebAssembly): the SQL grammar, its scanner and
 * PL/pgSQL's grammar. Every offset it reports is a byte offset into the UTF-8 text.
 */
let loaded: Promise<void> | undefined;

export async function loadParser(): Promise<void> {
  loaded ??= loadModule();
  await loaded;
}

/** A JSON node of libpg_query's parse tree. */
export type Node = Record<string, unknown>;

export interface Token {
  start: number;
  end: number;
  text: string;
  tokenName: string;
  keywordName: string;
}

export function parseSql(sql: string): { stmts?: Array<{ stmt: Node; stmt_location?: number; stmt_len?: number }> } {
  return parseSync(sql) as never;
}

export function parsePlpgsql(createFunction: string): Node[] {
  return (parsePlPgSQLSync(createFunction) as unknown as { plpgsql_funcs?: Node[] }).plpgsql_funcs ?? [];
}

/** Tokens with byte offsets; comments included (SQL_COMMENT / C_COMMENT). */
export function scanSql(sql: string): Token[] {
  return scanSync(sql).tokens as Token[];
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
