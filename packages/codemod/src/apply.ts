import { readFile, realpath } from 'node:fs/promises';
import path from 'node:path';
import { codeView, isPrismaSchema } from '@retable/core';
import { encodeText, encodingOf, replaceFile } from '@retable/core/base';
import { isCheckedPlan, type FilePlan, type FileProblem } from './plan.js';
import { gainedSyntaxProblems } from './syntax.js';

export interface ApplyResult {
  /** Files written, relative to the root, sorted. */
  readonly written: readonly string[];
  /** Files refused and left exactly as they were, sorted. */
  readonly problems: readonly FileProblem[];
}

export interface ApplyOptions {
  /** Called as each file is written (in plan order), e.g. to list it at once. */
  readonly onWritten?: (file: string) => void;
  /** Runs for each file right before its last check and rename (core's replaceFile hook), for tests. */
  readonly beforeRename?: (file: string) => void | Promise<void>;
}

/**
 * Write the plan: the codemod's only writer. For each file it checks that `text` adds no syntax
 * error, then core's replaceFile writes it atomically only if the file still holds `original`
 * byte for byte (checked again right before the rename), is a plain writable file with one link,
 * and keeps its mode, owner and group. A file counts as written only if it holds this run's text
 * afterwards. A refused or failed file is reported and the others are still written.
 */
export async function applyPlan(root: string, plan: { readonly files: readonly FilePlan[] }, options: ApplyOptions = {}): Promise<ApplyResult> {
  const written: string[] = [];
  const problems: FileProblem[] = [];
  for (const file of plan.files) {
    const at = file.edits[0]?.reference ?? { line: 1, column: 1 };
    const problem = (message: string, where: { line: number; column: number } = at) =>
      problems.push({ file: file.file, line: where.line, column: where.column, message });
    // A plan from planEdits was checked when it was made; any other is parsed here.
    const gained =
      isPrismaSchema(file.file) || isCheckedPlan(file)
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
      // Written back in the encoding it was read in: UTF-8, or UTF-16 as its BOM says.
      const encoding = encodingOf(await readFile(target));
      const outcome = await replaceFile(target, encodeText(file.text, encoding), {
        expected: encodeText(file.original, encoding),
        ...(options.beforeRename ? { beforeRename: () => options.beforeRename!(file.file) } : {}),
      });
      if (!outcome.written) {
        problem(outcome.reason);
        continue;
      }
      written.push(file.file);
      options.onWritten?.(file.file);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
      problem(`could not be written (${code}); left unchanged`);
    }
  }
  return { written: written.sort(), problems };
}
