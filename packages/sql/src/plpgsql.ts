import { abbreviate, analyzeSql, errorMessage, mentionsAny, type ByteFound, type Names } from './analyze.js';
import { get, identifierOf, parsePlpgsql, scanSql, type Node, type Token } from './parser.js';

/**
 * The references in a PL/pgSQL body, in byte offsets of `body`. `definition` is the whole CREATE
 * FUNCTION statement (its signature tells the PL/pgSQL parser about trigger variables and
 * arguments) and `body` its AS text. PL/pgSQL's own parser gives every embedded SQL statement and
 * expression; each is placed in the body (the parser reports them verbatim, INTO clauses blanked)
 * and analysed by the SQL parser. Declared types (`v orders%ROWTYPE`) are type references.
 */
export function analyzePlpgsql(definition: string, body: string, names: Names): ByteFound {
  const bytes = Buffer.from(body, 'utf8');
  const result: ByteFound = { refs: [], review: [] };
  let functions: Node[];
  let tokens: Token[];
  try {
    functions = parsePlpgsql(definition);
    tokens = scanSql(body);
  } catch (error) {
    result.error = { message: errorMessage(error) };
    return result;
  }
  const lineStarts = lineOffsets(bytes);
  const lineStart = (line: number | undefined) => lineStarts[Math.max(0, Math.min((line ?? 1) - 1, lineStarts.length - 1))] ?? 0;
  const claimed: Array<[number, number]> = [];
  const handledTokens = new Set<number>();

  for (const fn of functions) {
    const exprs: PlExpr[] = [];
    collectExpressions(fn, exprs, undefined, undefined, undefined);
    for (const expr of exprs) {
      const placed = placeExpression(bytes, expr, lineStart(expr.lineno), claimed);
      if (!placed) {
        if (mentionsAny(expr.query, names.tables)) {
          const at = lineStart(expr.lineno);
          result.review.push({ kind: 'unplaced', start: at, end: at, message: `could not place the SQL "${abbreviate(expr.query)}" in the body: rewrite by hand` });
        }
        continue;
      }
      claimed.push([placed.start, placed.start + placed.length]);
      const found = analyzeSql(placed.parseText, names, { dynamic: expr.dynamic });
      const shift = (offset: number) => placed.start + offset - placed.prefix;
      if (found.error && mentionsAny(placed.parseText, names.tables)) {
        result.review.push({ kind: 'unparsed', start: placed.start, end: placed.start + placed.length, message: `SQL the parser rejects (${found.error.message}): rewrite by hand` });
      }
      for (const ref of found.refs) result.refs.push({ ...ref, start: shift(ref.start), end: shift(ref.end) });
      for (const note of found.review) {
        const start = Math.max(placed.start, shift(note.start));
        result.review.push({ ...note, start, end: Math.max(start, shift(note.end)) });
      }
    }
    // Declared types: `v orders%ROWTYPE`, `r public.orders`, `n orders.name%TYPE`.
    const datums = (get(fn, 'PLpgSQL_function', 'datums') as Node[] | undefined) ?? [];
    for (const datum of datums) {
      const [kind, inner] = Object.entries(datum)[0] ?? [];
      if (!kind || !inner) continue;
      const refname = (inner as Node).refname as string | undefined;
      const lineno = (inner as Node).lineno as number | undefined;
      const typname = get(inner as Node, 'datatype', 'PLpgSQL_type', 'typname') as string | undefined;
      if (!typname || lineno === undefined || !refname) continue;
      const target = typeTableName(typname, names);
      if (!target) continue;
      const token = placeDeclaredType(tokens, lineStart(lineno), refname, target, names);
      if (token) {
        const ref = { kind: 'type' as const, name: target.table, start: token.start, end: token.end, quoted: token.text.startsWith('"') };
        result.refs.push(target.schemaQualified ? { ...ref, schema: names.schema } : ref);
        handledTokens.add(token.start);
      } else {
        const at = lineStart(lineno);
        result.review.push({ kind: 'unplaced', name: target.table, start: at, end: at, message: `the declaration of ${refname} (${typname}) could not be placed: rewrite by hand` });
      }
    }
  }

  // Anything still naming an old table outside the SQL the parser placed is left for review.
  const referenced = new Set(result.refs.map((ref) => ref.start));
  for (const token of tokens) {
    const name = identifierOf(token);
    if (!name || !names.tables.has(name) || referenced.has(token.start) || handledTokens.has(token.start)) continue;
    if (claimed.some(([start, end]) => token.start >= start && token.start < end)) continue;
    result.review.push({ kind: 'outside', name, start: token.start, end: token.end, message: `"${token.text}" outside any SQL statement the parser placed: check by hand` });
  }
  return result;
}

interface PlExpr {
  query: string;
  parseMode: number;
  lineno: number | undefined;
  /** The text is run as SQL built at run time (EXECUTE, FOR … IN EXECUTE, OPEN … FOR EXECUTE). */
  dynamic: boolean;
  /** PERFORM's query is reported as "SELECT " + the text after PERFORM. */
  perform: boolean;
}

function collectExpressions(value: unknown, out: PlExpr[], lineno: number | undefined, stmt: string | undefined, key: string | undefined): void {
  if (Array.isArray(value)) {
    for (const item of value) collectExpressions(item, out, lineno, stmt, key);
    return;
  }
  if (value === null || typeof value !== 'object') return;
  const node = value as Node;
  const ownLine = typeof node.lineno === 'number' ? node.lineno : lineno;
  for (const [childKey, child] of Object.entries(node)) {
    if (childKey === 'PLpgSQL_expr' && child && typeof child === 'object') {
      const expr = child as Node;
      const dynamicStmt = stmt === 'PLpgSQL_stmt_dynexecute' || stmt === 'PLpgSQL_stmt_dynfors';
      out.push({
        query: String(expr.query ?? ''),
        parseMode: Number(expr.parseMode ?? 0),
        lineno: ownLine,
        dynamic: dynamicStmt || key === 'dynquery',
        perform: stmt === 'PLpgSQL_stmt_perform',
      });
      continue;
    }
    const nextStmt = childKey.startsWith('PLpgSQL_stmt_') ? childKey : stmt;
    const nextKey = /^[A-Z]/.test(childKey) ? key : childKey;
    collectExpressions(child, out, ownLine, nextStmt, nextKey);
  }
}

interface Placed {
  /** Byte offset in the body where `parseText`'s offset `prefix` lies. */
  start: number;
  length: number;
  parseText: string;
  prefix: number;
}

/**
 * Find where the parser's text of an expression sits in the body: at or after its statement's
 * line, equal byte for byte except where PL/pgSQL blanked an INTO clause with spaces.
 */
function placeExpression(body: Buffer, expr: PlExpr, from: number, claimed: ReadonlyArray<[number, number]>): Placed | undefined {
  let text = expr.query;
  let lead = '';
  // PERFORM's query is "SELECT" followed by the text after the PERFORM keyword.
  if (expr.perform && /^SELECT/.test(text)) {
    lead = 'SELECT';
    text = text.slice(lead.length);
  }
  const needle = Buffer.from(text, 'utf8');
  if (text.trim().length === 0) return undefined;
  const candidates = expr.perform ? performCandidates(body, from) : anchorCandidates(body, needle, from);
  for (const at of candidates) {
    if (claimed.some(([start, end]) => at < end && at + needle.length > start) || !matchesWithBlanks(body, at, needle)) continue;
    // Expressions (IF, RETURN, :=) parse as a target list; statements parse as they are.
    if (expr.parseMode === 0) {
      return { start: at, length: needle.length, parseText: lead + text, prefix: Buffer.byteLength(lead) };
    }
    const valueStart = expr.parseMode >= 3 ? assignmentValueStart(text) : 0;
    if (valueStart === undefined) return undefined;
    const value = needle.subarray(valueStart).toString('utf8');
    return { start: at + valueStart, length: needle.length - valueStart, parseText: `SELECT ${value}`, prefix: 7 };
  }
  return undefined;
}

/** Where the text after each PERFORM keyword starts. */
function* performCandidates(body: Buffer, from: number): Generator<number> {
  const lower = Buffer.from(body.toString('latin1').toLowerCase(), 'latin1');
  for (let at = lower.indexOf('perform', from); at !== -1; at = lower.indexOf('perform', at + 1)) yield at + 'perform'.length;
}

/** Where the needle could start: at each occurrence of its first word. */
function* anchorCandidates(body: Buffer, needle: Buffer, from: number): Generator<number> {
  let first = 0;
  while (first < needle.length && isBlank(needle[first]!)) first++;
  let last = first;
  while (last < needle.length && !isBlank(needle[last]!)) last++;
  const anchor = needle.subarray(first, last);
  for (let at = body.indexOf(anchor, from + first); at !== -1; at = body.indexOf(anchor, at + 1)) yield at - first;
}

function isBlank(byte: number): boolean {
  return byte === 0x20 || byte === 0x0a || byte === 0x09 || byte === 0x0d;
}

function matchesWithBlanks(body: Buffer, at: number, needle: Buffer): boolean {
  if (at + needle.length > body.length) return false;
  for (let i = 0; i < needle.length; i++) {
    const want = needle[i]!;
    if (want === 0x20) continue; // a blank may stand for an INTO clause
    if (body[at + i] !== want) return false;
  }
  return true;
}

/** `target := value` (or `=`): the byte offset where the value starts. */
function assignmentValueStart(text: string): number | undefined {
  let depth = 0;
  let tokens: Token[];
  try {
    tokens = scanSql(text);
  } catch {
    return undefined;
  }
  for (const token of tokens) {
    if (token.text === '(' || token.text === '[') depth++;
    else if (token.text === ')' || token.text === ']') depth--;
    else if (depth === 0 && (token.text === ':=' || token.text === '=')) return token.end;
  }
  return undefined;
}

/** The table a PL/pgSQL declared type names, if it is an old one: `orders%rowtype`, `public.orders`, `orders.id%type`. */
function typeTableName(typname: string, names: Names): { table: string; schemaQualified: boolean } | undefined {
  const match = /^(.*?)(%rowtype|%type)?$/i.exec(typname.trim());
  if (!match) return undefined;
  const parts = splitQualified(match[1]!);
  const isType = match[2]?.toLowerCase() === '%type';
  const tableParts = isType ? parts.slice(0, -1) : parts;
  const table = tableParts.at(-1);
  if (!table || !names.tables.has(table)) return undefined;
  if (tableParts.length === 2 && tableParts[0] !== names.schema) return undefined;
  if (tableParts.length > 2) return undefined;
  if (tableParts.length === 1 && !names.unqualified) return undefined;
  return { table, schemaQualified: tableParts.length === 2 };
}

function splitQualified(text: string): string[] {
  const parts: string[] = [];
  let i = 0;
  while (i < text.length) {
    if (text[i] === '"') {
      let j = i + 1;
      let part = '';
      while (j < text.length) {
        if (text[j] === '"' && text[j + 1] === '"') {
          part += '"';
          j += 2;
        } else if (text[j] === '"') break;
        else part += text[j++];
      }
      parts.push(part);
      i = j + 1;
    } else {
      const dot = text.indexOf('.', i);
      const end = dot === -1 ? text.length : dot;
      parts.push(text.slice(i, end).trim().toLowerCase());
      i = end;
    }
    if (text[i] === '.') i++;
  }
  return parts;
}

function placeDeclaredType(
  tokens: readonly Token[],
  from: number,
  refname: string,
  target: { table: string; schemaQualified: boolean },
  names: Names,
): Token | undefined {
  const startIndex = tokens.findIndex((token) => token.start >= from && identifierOf(token) === refname);
  if (startIndex === -1) return undefined;
  for (let i = startIndex + 1; i < tokens.length; i++) {
    const token = tokens[i]!;
    if (token.text === ';' || token.text === ':=' || /^default$/i.test(token.text)) return undefined;
    if (identifierOf(token) !== target.table) continue;
    const before = tokens[i - 1];
    const qualified = before?.text === '.' && identifierOf(tokens[i - 2] ?? before) === names.schema;
    if (qualified !== target.schemaQualified) continue;
    return token;
  }
  return undefined;
}

export function lineOffsets(bytes: Buffer): number[] {
  const starts = [0];
  for (let i = 0; i < bytes.length; i++) if (bytes[i] === 0x0a) starts.push(i + 1);
  return starts;
}
