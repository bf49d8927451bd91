import type * as TS from 'typescript';
import { codeView, scriptKindFor, ts } from '@retable/core';
import type { Mention, MentionContext } from './result.js';

/** Longest line excerpt kept in a mention. */
const MAX_EXCERPT = 160;

/**
 * Whole words equal to one of `names`, with the finder's notion of a word (letters, digits, `_`, `$`),
 * so `crm_leads` and `leads_owner_id_fkey` are not mentions of `leads`. Case-sensitive, like the
 * names Postgres stores.
 */
export function wholeWordPattern(names: Iterable<string>): RegExp | undefined {
  const sorted = [...new Set(names)].sort((a, b) => b.length - a.length || (a < b ? -1 : 1));
  if (sorted.length === 0) return undefined;
  const alternatives = sorted.map((name) => name.replace(/[$]/g, '\\$')).join('|');
  return new RegExp(`(?<![A-Za-z0-9_$])(?:${alternatives})(?![A-Za-z0-9_$])`, 'g');
}

export type MentionFileKind = 'code' | 'markdown' | 'sql';

export interface ScanMentionsInput {
  readonly file: string;
  readonly text: string;
  readonly kind: MentionFileKind;
  readonly pattern: RegExp;
  /** `line:column` of table positions already reported (references, type keys): not mentions. */
  readonly skip?: ReadonlySet<string>;
}

/** The mentions in one file. Code files are parsed only when the text has a hit. */
export function scanMentions(input: ScanMentionsInput): Mention[] {
  const { file, text, kind, pattern } = input;
  const hits: { offset: number; name: string }[] = [];
  pattern.lastIndex = 0;
  for (let m = pattern.exec(text); m; m = pattern.exec(text)) hits.push({ offset: m.index, name: m[0] });
  if (hits.length === 0) return [];

  const lines = lineStarts(text);
  let source: TS.SourceFile | undefined;
  let view: string | undefined;
  const mentions: Mention[] = [];
  for (const hit of hits) {
    const lineIndex = lineOf(lines, hit.offset);
    const line = lineIndex + 1;
    const column = hit.offset - lines[lineIndex]! + 1;
    if (input.skip?.has(`${line}:${column}`)) continue;
    let context: MentionContext;
    if (kind === 'code' && file.endsWith('.prisma')) {
      context = 'code';
    } else if (kind === 'code') {
      // A component file is code only in its script blocks: the rest (its code view's blanks) is markup.
      view ??= codeView(file, text);
      if (view !== text && view.charCodeAt(hit.offset) === 32) {
        context = 'jsx';
      } else {
        source ??= ts.createSourceFile(file, view, ts.ScriptTarget.Latest, false, scriptKindFor(file));
        context = classify(source, view, hit.offset);
      }
    } else {
      context = kind;
    }
    mentions.push({ file, line, column, name: hit.name, context, text: excerpt(text, lines, lineIndex) });
  }
  return mentions;
}

/** What the character at `offset` (a word character) is part of in a parsed file. */
export function classify(source: TS.SourceFile, text: string, offset: number): MentionContext {
  let node: TS.Node = source;
  for (;;) {
    let inside: TS.Node | undefined;
    let gapStart = node.kind === ts.SyntaxKind.SourceFile ? 0 : node.getStart(source);
    ts.forEachChild(node, (child) => {
      if (child.end <= offset) {
        gapStart = Math.max(gapStart, child.end);
        return undefined;
      }
      if (child.pos <= offset) inside = child;
      return true;
    });
    if (!inside) return leafContext(node) ?? scanGap(text, gapStart, offset);
    const child: TS.Node = inside;
    // Between a child's full start and its first token there is only trivia: a word there is in a comment.
    if (offset < child.getStart(source)) return 'comment';
    const leaf = leafContext(child);
    if (leaf) return leaf;
    node = child;
  }
}

function leafContext(node: TS.Node): MentionContext | undefined {
  switch (node.kind) {
    case ts.SyntaxKind.StringLiteral:
    case ts.SyntaxKind.NoSubstitutionTemplateLiteral:
    case ts.SyntaxKind.TemplateHead:
    case ts.SyntaxKind.TemplateMiddle:
    case ts.SyntaxKind.TemplateTail:
      return 'string';
    case ts.SyntaxKind.JsxText:
      return 'jsx';
    case ts.SyntaxKind.Identifier:
    case ts.SyntaxKind.PrivateIdentifier:
    case ts.SyntaxKind.RegularExpressionLiteral:
      return 'code';
    default:
      return undefined;
  }
}

// The offset lies in a node's own tokens or trivia between its children: scan that stretch.
function scanGap(text: string, from: number, offset: number): MentionContext {
  const scanner = ts.createScanner(ts.ScriptTarget.Latest, false, ts.LanguageVariant.Standard, text);
  scanner.resetTokenState(from);
  for (let token = scanner.scan(); token !== ts.SyntaxKind.EndOfFileToken; token = scanner.scan()) {
    if (scanner.getTokenEnd() <= offset) continue;
    return token === ts.SyntaxKind.SingleLineCommentTrivia || token === ts.SyntaxKind.MultiLineCommentTrivia
      ? 'comment'
      : 'code';
  }
  return 'code';
}

function lineStarts(text: string): number[] {
  const starts = [0];
  for (let i = 0; i < text.length; i += 1) {
    const ch = text.charCodeAt(i);
    if (ch === 10) starts.push(i + 1);
    else if (ch === 13 && text.charCodeAt(i + 1) !== 10) starts.push(i + 1);
  }
  return starts;
}

function lineOf(starts: readonly number[], offset: number): number {
  let low = 0;
  let high = starts.length - 1;
  while (low < high) {
    const mid = (low + high + 1) >> 1;
    if (starts[mid]! <= offset) low = mid;
    else high = mid - 1;
  }
  return low;
}

function excerpt(text: string, starts: readonly number[], lineIndex: number): string {
  const end = starts[lineIndex + 1] ?? text.length;
  const line = text.slice(starts[lineIndex]!, end).trim();
  return line.length > MAX_EXCERPT ? `${line.slice(0, MAX_EXCERPT - 1)}…` : line;
}
