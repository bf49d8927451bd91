import { styleText } from 'node:util';
import { runCodemod, renderDiff, type CodemodResult } from '@retable/codemod';
import { loadConfig, UsageError } from '@retable/core';
import type { Command } from '../command.js';
import { relativeTo } from '../paths.js';
import { createProgress } from '../terminal.js';
import { at, plural } from '../format.js';
import { parseThreads } from '../threads.js';

const help = `Usage: retable codemod [--write | --check] [paths…]

Rewrite the code references to renamed tables (retable.config.json "renames"): .from() names,
embedded resources in select strings, realtime filters, Supabase type literals and the constants
that flow into them. Only the table names inside string literals change; every other byte stays.

  (default)   dry run: print the unified diff on stdout (retable codemod > renames.patch)
  --write     apply the edits; print the files written on stdout
  --check     like the dry run, but exit 1 when anything would change (for CI)
  paths…      files or directories to scan, relative to --cwd (default: the config's include)
  --threads N threads that read and pre-filter the files (default: by the number of files and
              cores; on 2 cores, 2 from 40,000 files); the diff is the same

stderr gets dynamic references (names not known statically, never rewritten), references to
review, files left unchanged (e.g. they do not parse) and a one-line summary.

Exit codes: 0 done (or nothing to change), 1 a file was left unchanged because of a problem, or
--check found changes, 2 usage or config error (nothing written).
`;

const codemod: Command = {
  name: 'codemod',
  summary: 'rewrite table references in code (dry-run diff; --write applies, --check for CI)',
  help,
  options: {
    write: { type: 'boolean' },
    check: { type: 'boolean' },
    threads: { type: 'string' },
  },
  allowPositionals: true,
  async run(context, values, positionals) {
    const write = values.write === true;
    const check = values.check === true;
    const threads = parseThreads(values.threads as string | undefined);
    if (write && check) {
      throw new UsageError('--write and --check cannot be combined; use --check in CI and --write to apply');
    }
    const { root, config, map } = await loadConfig({
      cwd: context.cwd,
      ...(context.configPath !== undefined ? { configPath: context.configPath } : {}),
    });
    // Reading and parsing a big tree takes seconds: a status line on a terminal.
    const progress = createProgress(context.stderr, context.env);
    progress.update('codemod: reading and parsing the source files…');
    let result;
    try {
      // --write lists each file as soon as it holds the new text: an interrupted run has said what it wrote.
      result = await runCodemod({
        root,
        config,
        map,
        paths: relativeTo(root, context.cwd, positionals),
        write,
        ...(threads === undefined ? {} : { threads }),
        apply: {
          onWritten: (file) => {
            progress.done();
            context.stdout.write(`${file}\n`);
          },
          ...pauseForTests(context.env, context.stderr),
        },
      });
    } finally {
      progress.done();
    }
    for (const file of result.staleTempFiles) context.stderr.write(`${file}: removed, a temporary file an interrupted run left\n`);
    if (!write) {
      const diff = renderDiff(result.plan);
      context.stdout.write(context.color ? colorDiff(diff) : diff);
    }
    context.stderr.write(notes(result));
    context.stderr.write(`${summary(result, write ? 'write' : check ? 'check' : 'dry')}\n`);
    if (result.problems.length > 0) return 1;
    return check && result.plan.files.length > 0 ? 1 : 0;
  },
};

export default codemod;

/** One line per dynamic reference, reference to review and file left unchanged, each sorted by location. */
export function notes(result: Pick<CodemodResult, 'dynamic' | 'review' | 'problems'>): string {
  const lines = [
    ...result.dynamic.map(
      (r) => `${at(r)}: dynamic table name ${quoteExpression(r.table)} (${r.kind}); not rewritten, check it by hand`,
    ),
    ...result.review.map((r) => `${at(r)}: review: ${r.note ?? `${r.kind} ${quoteExpression(r.table)}`}`),
    ...result.problems.map((p) => `${at(p)}: ${p.message}`),
  ];
  return lines.map((line) => `${line}\n`).join('');
}

/** The one-line summary. */
export function summary(
  result: Pick<CodemodResult, 'plan' | 'written' | 'rewritten' | 'dynamic' | 'review' | 'problems'> & Partial<Pick<CodemodResult, 'history'>>,
  mode: 'dry' | 'write' | 'check',
): string {
  const files = mode === 'write' ? result.written.length : result.plan.files.length;
  const parts = [
    `${plural(files, 'file')} ${mode === 'write' ? 'written' : mode === 'check' ? 'would change' : 'to change'}`,
    `${plural(result.rewritten, 'reference')} ${mode === 'write' ? 'rewritten' : 'to rewrite'}`,
    plural(result.dynamic.length, 'dynamic reference'),
  ];
  if (result.review.length > 0) parts.push(`${plural(result.review.length, 'reference')} to review`);
  if (result.problems.length > 0) parts.push(`${plural(result.problems.length, 'file')} left unchanged`);
  if (result.history) parts.push(`${plural(result.history, 'old name')} in migration files left as they are (history)`);
  const label = mode === 'write' ? 'retable codemod --write' : mode === 'check' ? 'retable codemod --check' : 'retable codemod (dry run)';
  const hint = mode === 'dry' && files > 0 ? '; run with --write to apply' : '';
  return `${label}: ${parts.join(', ')}${hint}`;
}


// Dynamic expressions can span lines; the note stays on one.
function quoteExpression(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return `\`${flat.length > 60 ? `${flat.slice(0, 57)}...` : flat}\``;
}

function colorDiff(diff: string): string {
  // context.color already decided (TTY, NO_COLOR); styleText must not check process.stdout again.
  const paint = (format: 'bold' | 'cyan' | 'green' | 'red', line: string) => styleText(format, line, { validateStream: false });
  return diff
    .split('\n')
    .map((line) => {
      if (line.startsWith('diff --git') || line.startsWith('--- ') || line.startsWith('+++ ')) return paint('bold', line);
      if (line.startsWith('@@')) return paint('cyan', line);
      if (line.startsWith('+')) return paint('green', line);
      if (line.startsWith('-')) return paint('red', line);
      return line;
    })
    .join('\n');
}

/**
 * A test hook: with RETABLE_TEST_PAUSE_BEFORE_RENAME=<file>, the writer stops right before
 * renaming that file's new text into place (its temporary file written, the lock held) and says so
 * on stderr, so a test can interrupt it exactly there.
 */
function pauseForTests(env: NodeJS.ProcessEnv, stderr: NodeJS.WritableStream) {
  const at = env.RETABLE_TEST_PAUSE_BEFORE_RENAME;
  if (!at) return {};
  return {
    beforeRename: async (file: string) => {
      if (file !== at) return;
      stderr.write(`paused before renaming ${file}\n`);
      await new Promise((resolve) => setTimeout(resolve, 60_000));
    },
  };
}
