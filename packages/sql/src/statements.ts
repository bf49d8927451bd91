import { loadParser, parseSql, SqlParseFailure } from './parser.js';

export interface SqlStatement {
  /** The statement's text, without the trailing semicolon. */
  readonly text: string;
  /** 1-based line of the statement's first token in the file. */
  readonly line: number;
}

/** A SQL file the real Postgres parser rejected. */
export class SqlSyntaxError extends Error {
  override name = 'SqlSyntaxError';
  constructor(
    message: string,
    readonly line: number,
  ) {
    super(message);
  }
}

/** Split SQL into statements with the real Postgres parser (libpg_query), keeping their lines. */
export async function splitStatements(sql: string): Promise<SqlStatement[]> {
  await loadParser();
  // libpg_query reports byte offsets; slice the UTF-8 bytes so non-ASCII text keeps its place.
  const bytes = Buffer.from(sql, 'utf8');
  let parsed: ReturnType<typeof parseSql>;
  try {
    parsed = parseSql(sql);
  } catch (error) {
    const position = error instanceof SqlParseFailure ? error.byteOffset : undefined;
    const line = position === undefined ? 1 : lineAt(bytes, position);
    throw new SqlSyntaxError((error as Error).message, line);
  }
  const statements: SqlStatement[] = [];
  for (const stmt of parsed.stmts ?? []) {
    const start = stmt.stmt_location ?? 0;
    const end = stmt.stmt_len ? start + stmt.stmt_len : bytes.length;
    const raw = bytes.subarray(start, end).toString('utf8');
    const lead = leadingTrivia(raw);
    statements.push({ text: raw, line: lineAt(bytes, start) + countNewlines(raw.slice(0, lead)) });
  }
  return statements;
}

function lineAt(bytes: Buffer, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset && i < bytes.length; i++) if (bytes[i] === 0x0a) line++;
  return line;
}

function countNewlines(text: string): number {
  let n = 0;
  for (const ch of text) if (ch === '\n') n++;
  return n;
}

/** Length of the whitespace and comments before a statement's first token. */
function leadingTrivia(text: string): number {
  let i = 0;
  for (;;) {
    while (i < text.length && /\s/.test(text[i]!)) i++;
    if (text.startsWith('--', i)) {
      const nl = text.indexOf('\n', i);
      i = nl === -1 ? text.length : nl + 1;
    } else if (text.startsWith('/*', i)) {
      const close = text.indexOf('*/', i + 2);
      i = close === -1 ? text.length : close + 2;
    } else {
      return i;
    }
  }
}
