import { existsSync } from 'node:fs';
import path from 'node:path';
import { loadConfig, toPosix, UsageError } from '@retable/core';
import { isRevision, verify as runVerify, type ChangedScope } from '@retable/verify/code';
import type { Command } from '../command.js';
import { relativeTo } from '../paths.js';
import { createProgress } from '../terminal.js';
import { VERSION } from '../index.js';
import { pickReporter, verifyReporters } from '../reporters/index.js';
import { parseThreads } from '../threads.js';

const help = `Usage: retable verify [--format text|json|github|sarif] [--max-old N] [--mentions] [--changed [BASE]] [paths…]

Count the code references to every old and new table name of retable.config.json "renames", in
table positions only (.from(), select embeds, realtime filters, Supabase types, constants that
flow into them) — the same finder the codemod uses, so after retable codemod --write it finds no
old reference. Words that merely equal a table name (UI copy, routes, FK names, crm_leads) are
not counted.

  --format text     (default) the counts per name, where the old, dynamic and ignored references
                    are, and a one-line verdict
  --format json     machine output ("version": 1) on stdout, nothing else
  --format github   GitHub Actions annotations (::error per old reference, ::warning per dynamic one)
  --format sarif    SARIF 2.1.0 for GitHub code scanning (github/codeql-action/upload-sarif)
  --max-old N       old references allowed before the run fails (default 0)
  --mentions        also list whole-word mentions of old names elsewhere (strings, comments, .md,
                    .sql outside supabase/migrations), as information: they never fail the run
  --threads N       threads that read and pre-filter the files (default: by the number of files
                    and cores; on 2 cores, 2 from 40,000 files); the counts are the same
  --changed [BASE]  pull requests: check only the files changed since the merge-base of BASE and
                    HEAD (committed, staged, unstaged or untracked; deleted ones left out), the
                    files that import them and the callers of their wrappers (the modules they
                    import are read for the wrappers and constants they use). BASE defaults to
                    origin/$GITHUB_BASE_REF in a GitHub pull request, else origin/HEAD, main,
                    master, origin/main or origin/master (named on stderr).
                    Every file is checked (stderr says why) when the config, the types file, a
                    tsconfig/jsconfig, package.json or pnpm-workspace.yaml changed. The word after
                    --changed is BASE if it is a git revision, a path if it is an existing file or
                    folder that is not one; when it is both, write --changed=BASE or
                    --changed -- PATH. Needs the git history (actions/checkout fetch-depth: 0).
  paths…            files or directories to check, relative to --cwd (default: the config's include)

In GitHub Actions (GITHUB_WORKSPACE set), github and sarif paths are relative to the checkout, so
an app in a subdirectory works with --cwd apps/web.

// retable-ignore-next-line and /* retable-ignore-file */ silence a deliberate reference; the
ignored ones are still counted and shown. When "typesFile" is configured, old names that are still
keys of Tables or Views in it are reported too (as warnings).

Exit codes: 0 no more old references than --max-old, 1 more (or a file that does not parse),
2 usage or config error.
`;

const verify: Command = {
  name: 'verify',
  summary: 'count old and new table references; exit 1 on any old one (text, json, github, sarif)',
  help,
  options: {
    format: { type: 'string' },
    'max-old': { type: 'string' },
    mentions: { type: 'boolean' },
    threads: { type: 'string' },
    changed: { type: 'string' },
  },
  optionalValues: ['changed'],
  allowPositionals: true,
  async run(context, values, given) {
    const reporter = pickReporter(verifyReporters, (values.format as string | undefined) ?? 'text');
    const maxOld = parseMaxOld(values['max-old'] as string | undefined);
    const threads = parseThreads(values.threads as string | undefined);
    const { base, positionals } = changedBase(context.cwd, values, given);
    const { root, config, map, configPath } = await loadConfig({
      cwd: context.cwd,
      ...(context.configPath !== undefined ? { configPath: context.configPath } : {}),
    });
    // Reading and parsing a big tree takes seconds: a status line on a terminal.
    const progress = createProgress(context.stderr, context.env);
    progress.update('verify: reading and parsing the source files…');
    let result;
    try {
      result = await runVerify({
        root,
        config,
        map,
        paths: relativeTo(root, context.cwd, positionals),
        maxOld,
        mentions: values.mentions === true,
        ...(threads === undefined ? {} : { threads }),
        ...(base !== undefined ? { changed: { ...(base !== '' ? { base } : {}), env: context.env, configPath } } : {}),
      });
    } finally {
      progress.done();
    }
    if (result.changed) context.stderr.write(`${changedLine(result.changed)}\n`);
    const pathPrefix = repositoryPrefix(root, context.env.GITHUB_WORKSPACE);
    context.stdout.write(reporter(result, { color: context.color, version: VERSION, pathPrefix }));
    return result.passed ? 0 : 1;
  },
};

export default verify;

/**
 * In GitHub Actions, annotations and SARIF paths are resolved from the checkout (GITHUB_WORKSPACE);
 * an app in a subdirectory (`--cwd apps/web`) needs its paths prefixed with `apps/web/`.
 */
export function repositoryPrefix(root: string, workspace: string | undefined): string {
  if (!workspace) return '';
  const relative = path.relative(path.resolve(workspace), root);
  if (relative === '' || relative.startsWith('..') || path.isAbsolute(relative)) return '';
  return `${toPosix(relative)}/`;
}

/** `--max-old N`: a whole number ≥ 0 (default 0). */
export function parseMaxOld(given: string | undefined): number {
  if (given === undefined) return 0;
  if (!/^\d+$/.test(given.trim()) || !Number.isSafeInteger(Number(given))) {
    throw new UsageError(`--max-old ${given}: expected a whole number ≥ 0, e.g. --max-old 0`);
  }
  return Number(given);
}

/**
 * `--changed [BASE]`: the base ('' for the default branch; undefined without the flag) and the paths.
 * A separate word after --changed is the base when it is a git revision, a path when it only names
 * an existing file or folder; both at once is ambiguous, as git itself says.
 */
export function changedBase(
  cwd: string,
  values: Record<string, unknown>,
  positionals: readonly string[],
): { base: string | undefined; positionals: string[] } {
  const given = values.changed as string | undefined;
  if (given === undefined) return { base: undefined, positionals: [...positionals] };
  if (given === '' || values['changed:separate'] !== true) return { base: given, positionals: [...positionals] };
  const revision = isRevision(cwd, given);
  const exists = existsSync(path.resolve(cwd, given));
  if (revision && exists) {
    throw new UsageError(
      `--changed ${given}: '${given}' is both a git revision and a file or folder; write --changed=${given} for the revision, or --changed -- ${given} for the path`,
    );
  }
  if (exists) return { base: '', positionals: [given, ...positionals] };
  return { base: given, positionals: [...positionals] };
}

/** The stderr line of `--changed`: what was compared and how much was checked. */
export function changedLine(scope: ChangedScope): string {
  const base = `${scope.base}${scope.defaultFrom ? ` (default branch, from ${scope.defaultFrom})` : ''}`;
  const since = `since the merge-base with ${base}, ${scope.mergeBase.slice(0, 12)}`;
  if (scope.fullRun) return `retable verify --changed: ${scope.fullRun}: checked every file (${scope.of}) instead`;
  const changed = `${scope.changedFiles} changed file${scope.changedFiles === 1 ? '' : 's'} ${since}`;
  return `retable verify --changed: ${changed}; checked ${scope.checked} of ${scope.of} files (with their importers and the callers of their wrappers)`;
}
