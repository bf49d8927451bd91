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

/** One file's diff; a UTF-16 file's is a git binary patch (git diffs those as binary too). */
export function renderFileDiff(file: Pick<FilePlan, 'file' | 'original' | 'text' | 'encoding'>, options: RenderDiffOptions = {}): string {
  if (file.encoding && file.encoding !== 'utf8') {
    if (file.original === file.text) return '';
    return renderBinaryPatch(file.file, encodeText(file.original, file.encoding), encodeText(file.text, file.encoding));
  }
  const patch = structuredPatch(`a/${file.file}`, `b/${file.file}`, file.original, file.text, undefined, undefined, {
    context: options.context ?? 3,
  });
  if (patch.hunks.length === 0) return '';
  const lines = [`diff --git a/${file.file} b/${file.file}`, `--- a/${file.file}`, `+++ b/${file.file}`];
  for (const hunk of patch.hunks) {
    // Unified diff quirk: an empty range names the line before it.
    const oldStart = hunk.oldLines === 0 ? hunk.oldStart - 1 : hunk.oldStart;
    const newStart = hunk.newLines === 0 ? hunk.newStart - 1 : hunk.newStart;
    lines.push(`@@ -${range(oldStart, hunk.oldLines)} +${range(newStart, hunk.newLines)} @@`, ...hunk.lines);
  }
  return `${lines.join('\n')}\n`;
}

// git omits the count when it is 1.
function range(start: number, count: number): string {
  return count === 1 ? `${start}` : `${start},${count}`;
}
