import ts from './typescript.js';

/**
 * The value of a string literal with a way back to source offsets, so an edit found in the value
 * (a table name inside a select string) becomes a splice of exactly those source characters.
 */
export interface LiteralText {
  readonly value: string;
  /** Source offset of the first character inside the quotes. */
  readonly start: number;
  /** Source offset of value[i]; only present when escapes make value and source differ. */
  readonly offsets?: readonly number[];
}

export type StringLike = ts.StringLiteral | ts.NoSubstitutionTemplateLiteral;

export function isStringLike(node: ts.Node): node is StringLike {
  return node.kind === ts.SyntaxKind.StringLiteral || node.kind === ts.SyntaxKind.NoSubstitutionTemplateLiteral;
}

export function literalText(node: StringLike, text: string): LiteralText {
  return rangeText(text, node.getStart() + 1, node.end - 1);
}

/** A piece of a template with substitutions: the text between `` ` ``/`}` and `${`/`` ` ``. */
export function templatePartText(part: ts.TemplateHead | ts.TemplateMiddle | ts.TemplateTail, text: string): LiteralText {
  const end = part.kind === ts.SyntaxKind.TemplateTail ? part.end - 1 : part.end - 2;
  return rangeText(text, part.getStart() + 1, end);
}

function rangeText(text: string, start: number, end: number): LiteralText {
  const raw = text.slice(start, end);
  if (!raw.includes('\\')) return { value: raw, start };
  return decodeEscapes(raw, start);
}

/** Source offset of value index i (i may be value.length: the closing quote). */
export function sourceOffset(literal: LiteralText, i: number): number {
  return literal.offsets ? literal.offsets[i]! : literal.start + i;
}

const SIMPLE_ESCAPES: Record<string, string> = { n: '\n', t: '\t', r: '\r', b: '\b', f: '\f', v: '\v', '0': '\0' };

function decodeEscapes(raw: string, start: number): LiteralText {
  let value = '';
  const offsets: number[] = [];
  let i = 0;
  while (i < raw.length) {
    const ch = raw[i]!;
    if (ch !== '\\') {
      value += ch;
      offsets.push(start + i);
      i += 1;
      continue;
    }
    const next = raw[i + 1] ?? '';
    const at = start + i;
    if (next === '\r' || next === '\n' || next === '\u2028' || next === '\u2029') {
      // Line continuation: produces nothing.
      i += next === '\r' && raw[i + 2] === '\n' ? 3 : 2;
      continue;
    }
    let decoded: string;
    let length: number;
    if (next === 'x') {
      decoded = String.fromCharCode(parseInt(raw.slice(i + 2, i + 4), 16) || 0);
      length = 4;
    } else if (next === 'u' && raw[i + 2] === '{') {
      const close = raw.indexOf('}', i + 3);
      const end = close === -1 ? raw.length : close;
      decoded = String.fromCodePoint(parseInt(raw.slice(i + 3, end), 16) || 0);
      length = end + 1 - i;
    } else if (next === 'u') {
      decoded = String.fromCharCode(parseInt(raw.slice(i + 2, i + 6), 16) || 0);
      length = 6;
    } else {
      decoded = SIMPLE_ESCAPES[next] ?? next;
      length = 2;
    }
    for (let k = 0; k < decoded.length; k += 1) {
      value += decoded[k];
      offsets.push(at);
    }
    i += length;
  }
  offsets.push(start + raw.length);
  return { value, start, offsets };
}

/**
 * The source range of value[from, to): an edit there replaces the characters that spell it, escapes
 * included.
 */
export function sourceRange(literal: LiteralText, from: number, to: number): { start: number; end: number } {
  // The end is where the next value character starts, so a trailing escape is covered whole.
  return { start: sourceOffset(literal, from), end: sourceOffset(literal, to) };
}
