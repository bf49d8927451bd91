import type { RenameMap } from '../config.js';
import type { Reference } from '../reference.js';

export function isPrismaSchema(file: string): boolean {
  return file.endsWith('.prisma');
}

/**
 * Table names in a Prisma schema (`schema.prisma`): a model's table is its `@@map("…")` or, without
 * one, the model's own name. Renaming keeps the model name, which is the Prisma Client's API
 * (`prisma.orders.findMany()`) and the type every relation field names, and changes only the
 * table: `@@map("orders")` becomes `@@map("sales_orders")`, and a model `orders` without `@@map`
 * gets `@@map("sales_orders")`, so no code that uses the client changes. A model in another
 * `@@schema` than the configured one is not the table.
 */
export function prismaReferences(file: string, text: string, map: RenameMap, ignoredLine: (line: number) => boolean): Reference[] {
  const code = maskComments(text);
  const references: Reference[] = [];
  const block = /(^|\n)[ \t]*(model|view)[ \t]+([A-Za-z][A-Za-z0-9_]*)[ \t]*\{/g;
  for (let m = block.exec(code); m; m = block.exec(code)) {
    const open = m.index + m[0].length - 1;
    const close = matchingBrace(code, open);
    if (close === -1) break;
    const nameStart = m.index + m[0].indexOf(m[3]!, m[1]!.length + m[2]!.length);
    const body = code.slice(open + 1, close);
    const schema = /@@schema\(\s*(?:name\s*:\s*)?"([^"]*)"\s*\)/.exec(body)?.[1];
    if (schema !== undefined && schema !== map.schema) continue;
    const mapped = /@@map\(\s*(?:name\s*:\s*)?"([^"\\]*)"/.exec(body);
    if (mapped) {
      const start = open + 1 + mapped.index + mapped[0].length - 1 - mapped[1]!.length;
      // A table the map does not name is nothing to count.
      if (map.renames.has(mapped[1]!) || map.newNames.has(mapped[1]!)) references.push(reference(file, text, map, mapped[1]!, start, start + mapped[1]!.length, undefined, ignoredLine));
      continue;
    }
    const model = m[3]!;
    const renamed = map.renames.get(model);
    if (renamed === undefined) {
      if (map.newNames.has(model)) references.push(reference(file, text, map, model, nameStart, nameStart + model.length, undefined, ignoredLine));
      continue;
    }
    // Insert `@@map("new")` on its own line before the closing brace, indented like the fields.
    const newline = text.includes('\r\n') ? '\r\n' : '\n';
    const lineStart = text.lastIndexOf('\n', close - 1) + 1;
    const ownLine = /^[ \t]*$/.test(text.slice(lineStart, close));
    const indent = /\n([ \t]+)\S/.exec(text.slice(open, close))?.[1] ?? '  ';
    const insertion = ownLine
      ? { at: lineStart, text: `${indent}@@map("${renamed}")${newline}` }
      : { at: close, text: `${newline}${indent}@@map("${renamed}")${newline}` };
    references.push(
      reference(file, text, map, model, nameStart, nameStart + model.length, insertion, ignoredLine,
        `the model keeps its name (the Prisma Client API); its table becomes "${renamed}" through @@map`),
    );
  }
  return references;
}

function reference(
  file: string,
  text: string,
  map: RenameMap,
  table: string,
  start: number,
  end: number,
  insertion: { at: number; text: string } | undefined,
  ignoredLine: (line: number) => boolean,
  note?: string,
): Reference {
  const { line, column } = position(text, start);
  const renamed = map.renames.get(table);
  return {
    kind: 'orm',
    file,
    line,
    column,
    table,
    status: renamed === undefined ? 'new' : 'old',
    ...(renamed === undefined
      ? {}
      : {
          newName: renamed,
          edit: insertion ? { start: insertion.at, end: insertion.at, text: insertion.text } : { start, end, text: renamed },
        }),
    ...(ignoredLine(line) ? { ignored: true } : {}),
    ...(note ? { note } : {}),
  };
}

function position(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let at = text.indexOf('\n'); at !== -1 && at < offset; at = text.indexOf('\n', at + 1)) {
    line += 1;
    lineStart = at + 1;
  }
  return { line, column: offset - lineStart + 1 };
}

/** The text with `//` comments blanked (strings kept), same length. */
function maskComments(text: string): string {
  let out = '';
  let i = 0;
  while (i < text.length) {
    const ch = text[i]!;
    if (ch === '"') {
      let j = i + 1;
      while (j < text.length && text[j] !== '"' && text[j] !== '\n') j += text[j] === '\\' ? 2 : 1;
      out += text.slice(i, j + 1);
      i = j + 1;
    } else if (ch === '/' && text[i + 1] === '/') {
      let j = text.indexOf('\n', i);
      if (j === -1) j = text.length;
      out += ' '.repeat(j - i);
      i = j;
    } else {
      out += ch;
      i += 1;
    }
  }
  return out;
}

/** The offset of the `}` closing the `{` at `open` (strings skipped), or -1. */
function matchingBrace(code: string, open: number): number {
  let depth = 0;
  for (let i = open; i < code.length; i += 1) {
    const ch = code[i];
    if (ch === '"') {
      i += 1;
      while (i < code.length && code[i] !== '"' && code[i] !== '\n') i += code[i] === '\\' ? 2 : 1;
    } else if (ch === '{') {
      depth += 1;
    } else if (ch === '}') {
      depth -= 1;
      if (depth === 0) return i;
    }
  }
  return -1;
}
