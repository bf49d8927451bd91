// Only the module that makes patches: the package's index loads every diff flavour (~15 modules).
import { structuredPatch } from 'diff/lib/patch/create.js';
import { encodeText } from '@retable/core/base';
import { renderBinaryPatch } from './binary-patch.js';
import type { EditPlan, FilePlan } from './plan.js';

export interface RenderDiffOptions {
  /** Lines of context around each change (git's default: 3). */
  readonly context?: number;
}

/**
 * The plan as a git-style unified diff (`diff --git a/… b/…`, `--- a/…`, `+++ b/…`), one file after
 * another in plan order. Lines keep their own endings: a CRLF file's lines end in `\r\n` in the
 * patch, exactly as `git diff` prints them, so the output applies with `git apply` (and, but for
 * UTF-16 files, `patch -p1`).
 */
export function renderDiff(plan: Pick<EditPlan, 'files'>, options: RenderDiffOptions = {}): string {
  return plan.files.map((file) => renderFileDiff(file, options)).join('');
}

/**
 * One file's diff. With the plan's edits it is built from their known positions instead of
 * diffing the two texts: the lines an edit touches are the changed lines (edits never add or
 * remove a line break), so the hunks come out in one pass, linear in the file's size, holding only
 * the printed lines; they are the hunks a line diff (Myers) prints for these texts. Without edits
 * (two texts, e.g. a stale generated file) the texts are diffed line by line. A UTF-16 file's diff
 * is a git binary patch (git diffs those as binary too).
 */
export function renderFileDiff(
  file: Pick<FilePlan, 'file' | 'original' | 'text' | 'encoding'> & { readonly edits?: FilePlan['edits'] },
  options: RenderDiffOptions = {},
): string {
  if (file.encoding && file.encoding !== 'utf8') {
    if (file.original === file.text) return '';
    return renderBinaryPatch(file.file, encodeText(file.original, file.encoding), encodeText(file.text, file.encoding));
  }
  return file.edits ? diffFromEdits({ ...file, edits: file.edits }, options) : diffTexts(file, options);
}

function diffTexts(file: Pick<FilePlan, 'file' | 'original' | 'text'>, options: RenderDiffOptions): string {
  const patch = structuredPatch(`a/${file.file}`, `b/${file.file}`, file.original, file.text, undefined, undefined, {
    context: options.context ?? 3,
  });
  if (patch.hunks.length === 0) return '';
  const name = quotePath(file.file);
  const lines = [`diff --git ${name('a/')} ${name('b/')}`, `--- ${name('a/')}`, `+++ ${name('b/')}`];
  for (const hunk of patch.hunks) {
    // Unified diff quirk: an empty range names the line before it.
    const oldStart = hunk.oldLines === 0 ? hunk.oldStart - 1 : hunk.oldStart;
    const newStart = hunk.newLines === 0 ? hunk.newStart - 1 : hunk.newStart;
    lines.push(`@@ -${range(oldStart, hunk.oldLines)} +${range(newStart, hunk.newLines)} @@`, ...hunk.lines);
  }
  return `${lines.join('\n')}\n`;
}

function diffFromEdits(file: Pick<FilePlan, 'file' | 'original' | 'text' | 'edits'>, options: RenderDiffOptions): string {
  const context = options.context ?? 3;
  const { original } = file;
  const blocks = changedBlocks(original, file.edits);
  if (blocks.length === 0) return '';
  const starts = lineStarts(original);
  const lineCount = starts.length - (starts.at(-1) === original.length ? 1 : 0);
  const line = (index: number) => original.slice(starts[index], index + 1 < starts.length ? starts[index + 1] : original.length);
  const out: string[] = [];
  const name = quotePath(file.file);
  out.push(`diff --git ${name('a/')} ${name('b/')}`, `--- ${name('a/')}`, `+++ ${name('b/')}`);
  let shift = 0; // new line number - old line number, before the current block
  for (let i = 0; i < blocks.length; ) {
    // A hunk: blocks whose gaps are at most 2 × context lines, with context around them.
    let j = i;
    while (j + 1 < blocks.length && blocks[j + 1]!.from - blocks[j]!.to <= context * 2) j++;
    const first = blocks[i]!;
    const last = blocks[j]!;
    const before = Math.max(0, first.from - context);
    const after = Math.min(lineCount, last.to + context);
    const body: string[] = [];
    let added = 0;
    for (let at = before, k = i; at < after; ) {
      const block = blocks[k];
      if (block && k <= j && at === block.from) {
        for (let n = block.from; n < block.to; n++) body.push(`-${line(n)}`);
        for (const text of block.lines) body.push(`+${text}`);
        added += block.lines.length - (block.to - block.from);
        at = block.to;
        k++;
      } else {
        body.push(` ${line(at)}`);
        at++;
      }
    }
    const oldLines = after - before;
    const newLines = oldLines + added;
    // Unified diff quirk: an empty range names the line before it.
    const oldStart = oldLines === 0 ? before : before + 1;
    const newStart = newLines === 0 ? before + shift : before + shift + 1;
    out.push(`@@ -${range(oldStart, oldLines)} +${range(newStart, newLines)} @@`);
    for (const entry of body) {
      if (entry.endsWith('\n')) out.push(entry.slice(0, -1));
      else out.push(entry, '\\ No newline at end of file');
    }
    shift += added;
    i = j + 1;
  }
  return `${out.join('\n')}\n`;
}

interface Block {
  /** First old line (0-based) and the line after the last one. */
  readonly from: number;
  readonly to: number;
  /** The new text of those lines, each with its line ending. */
  readonly lines: string[];
}

/** Consecutive lines with edits, each run with its new text: one pass over the sorted edits. */
function changedBlocks(original: string, edits: FilePlan['edits']): Block[] {
  const sorted = [...edits].sort((a, b) => a.start - b.start || a.end - b.end);
  const blocks: Block[] = [];
  // Line numbers by counting line breaks once, left to right: block offsets only grow.
  let lineNumber = 0;
  let counted = 0;
  const lineAt = (offset: number) => {
    for (let at = original.indexOf('\n', counted); at !== -1 && at < offset; at = original.indexOf('\n', at + 1)) lineNumber++;
    counted = Math.max(counted, offset);
    return lineNumber;
  };
  let index = 0;
  while (index < sorted.length) {
    const startOffset = lineStart(original, sorted[index]!.start);
    const from = lineAt(startOffset);
    let endOffset = lineEnd(original, sorted[index]!.end);
    let k = index + 1;
    // Edits on the same line or the next one belong to the same block.
    for (; k < sorted.length; k++) {
      const nextLineEnd = endOffset < original.length ? lineEnd(original, endOffset + 1) : endOffset;
      if (sorted[k]!.start > nextLineEnd) break;
      endOffset = Math.max(endOffset, lineEnd(original, sorted[k]!.end));
    }
    const blockEnd = endOffset < original.length ? endOffset + 1 : endOffset; // include the line break
    const to = lineAt(blockEnd) + (blockEnd === original.length && original[blockEnd - 1] !== '\n' ? 1 : 0);
    let text = '';
    let at = startOffset;
    for (const edit of sorted.slice(index, k)) {
      text += original.slice(at, edit.start) + edit.text;
      at = edit.end;
    }
    text += original.slice(at, blockEnd);
    blocks.push({ from, to, lines: splitKeepingEnds(text) });
    index = k;
  }
  return blocks;
}

function lineStart(text: string, offset: number): number {
  return text.lastIndexOf('\n', offset - 1) + 1;
}

/** Offset of the `\n` ending the line that holds `offset` (or the text's length). */
function lineEnd(text: string, offset: number): number {
  const at = text.indexOf('\n', offset);
  return at === -1 ? text.length : at;
}

function lineStarts(text: string): number[] {
  const starts = [0];
  for (let at = text.indexOf('\n'); at !== -1; at = text.indexOf('\n', at + 1)) starts.push(at + 1);
  return starts;
}

function splitKeepingEnds(text: string): string[] {
  const lines: string[] = [];
  let at = 0;
  while (at < text.length) {
    const end = text.indexOf('\n', at);
    const next = end === -1 ? text.length : end + 1;
    lines.push(text.slice(at, next));
    at = next;
  }
  return lines;
}

// git omits the count when it is 1.
function range(start: number, count: number): string {
  return count === 1 ? `${start}` : `${start},${count}`;
}

/**
 * `prefix + path` as git prints it in a patch: in double quotes with C escapes when it holds a
 * control character, a quote or a backslash (a tab or a line break would end the name early).
 */
export function quotePath(path: string): (prefix: string) => string {
  if (!/[\u0000-\u001f"\\\u007f]/.test(path)) return (prefix) => `${prefix}${path}`;
  const escapes: Record<string, string> = { '\u0007': '\\a', '\b': '\\b', '\t': '\\t', '\n': '\\n', '\v': '\\v', '\f': '\\f', '\r': '\\r', '"': '\\"', '\\': '\\\\' };
  const quoted = path.replace(/[\u0000-\u001f"\\\u007f]/g, (char) => escapes[char] ?? `\\${char.charCodeAt(0).toString(8).padStart(3, '0')}`);
  return (prefix) => `"${prefix}${quoted}"`;
}
