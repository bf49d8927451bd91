import { readFile, realpath, stat } from 'node:fs/promises';
import path from 'node:path';
import { codeView, isPrismaSchema } from '@retable/core';
import { encodeText, encodingOf, writeFileAtomic } from '@retable/core/base';
import type { EditPlan, FileProblem } from './plan.js';
import { gainedSyntaxProblems } from './syntax.js';

export interface ApplyResult {
  /** Files written, relative to the root, sorted. */
  readonly written: readonly string[];
  /** Files refused and left exactly as they were, sorted. */
  readonly problems: readonly FileProblem[];
}

/**
 * Write the plan: the codemod's only writer. For each file it checks that the file still holds
 * `original` byte for byte and that `text` adds no syntax error, then writes a temp file next to
 * it (same mode) and renames it over the file, so a reader or a crash sees the old file or the new
 * one, never half of one. A refused or failed file is reported and the others are still written.
 */
export async function applyPlan(root: string, plan: Pick<EditPlan, 'files'>): Promise<ApplyResult> {
  const written: string[] = [];
  const problems: FileProblem[] = [];
  for (const file of plan.files) {
    const at = file.edits[0]?.reference ?? { line: 1, column: 1 };
    const problem = (message: string, where: { line: number; column: number } = at) =>
      problems.push({ file: file.file, line: where.line, column: where.column, message });
    const gained = isPrismaSchema(file.file)
      ? undefined
      : gainedSyntaxProblems(file.file, codeView(file.file, file.original), codeView(file.file, file.text))[0];
    if (gained) {
      problem(`the edits would add a syntax error (${gained.message}); left unchanged`, gained);
      continue;
    }
    const absolute = path.resolve(root, file.file);
    const relative = path.relative(root, absolute);
    if (relative === '' || relative.startsWith('..') || path.isAbsolute(relative)) {
      problem('is outside the project root; left unchanged');
      continue;
    }
    try {
      // Write through symlinks: replace the file the link points at, not the link.
      const target = await realpath(absolute);
      const current = await readFile(target);
      // Written back in the encoding it was read in: UTF-8, or UTF-16 as its BOM says.
      const encoding = encodingOf(current);
      if (!current.equals(encodeText(file.original, encoding))) {
        problem('changed since it was read; left unchanged, run the codemod again');
        continue;
      }
      await writeFileAtomic(target, encodeText(file.text, encoding), { mode: (await stat(target)).mode & 0o7777 });
      written.push(file.file);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
      problem(`could not be written (${code}); left unchanged`);
    }
  }
  return { written: written.sort(), problems };
}
