// Only the module that makes patches: the package's index loads every diff flavour (~15 modules).
import { structuredPatch } from 'diff/lib/patch/create.js';
import type { EditPlan, FilePlan } from './plan.js';

export interface RenderDiffOptions {
  /** Lines of context around each change (git's default: 3). */
  readonly context?: number;
}

/**
 * The plan as a git-style unified diff (`diff --git a/… b/…`, `--- a/…`, `+++ b/…`), one file after
 * another in plan order. Lines keep their own endings: a CRLF file's lines end in `\r\n` in the
 * patch, exactly as `git diff` prints them, so the output applies with `git apply` / `patch -p1`.
 */
export function renderDiff(plan: Pick<EditPlan, 'files'>, options: RenderDiffOptions = {}): string {
  return plan.files.map((file) => renderFileDiff(file, options)).join('');
}

export function renderFileDiff(file: Pick<FilePlan, 'file' | 'original' | 'text'>, options: RenderDiffOptions = {}): string {
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
