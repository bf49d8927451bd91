import { execFile, spawnSync } from 'node:child_process';
import path from 'node:path';
import { UsageError } from '@retable/core';

/** The files a branch changed, as `verify --changed` reads them from git. */
export interface ChangedSince {
  /** The revision compared against: as given, or the default branch found (`origin/main`). */
  readonly base: string;
  /** How the base was found when none was given (`origin/HEAD`, `GITHUB_BASE_REF`, …); undefined when given. */
  readonly defaultFrom: string | undefined;
  /** The merge-base of the base and HEAD (full hash). */
  readonly mergeBase: string;
  /**
   * Absolute paths of the files changed since the merge-base that still exist: committed, staged,
   * unstaged and untracked (not ignored); a renamed file under its new name; deleted files left out.
   */
  readonly files: readonly string[];
  /** HEAD is the merge-base: the branch has no commit of its own (it is the base, or behind it). */
  readonly headIsBase: boolean;
}

interface GitResult {
  readonly ok: boolean;
  readonly stdout: string;
  readonly stderr: string;
}

const cannotRunGit = (why: string) => new UsageError(`--changed: cannot run git (${why}); install git or run verify without --changed`);

function git(cwd: string, args: readonly string[]): GitResult {
  const result = spawnSync('git', args, { cwd, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024, stdio: ['ignore', 'pipe', 'pipe'] });
  if (result.error) throw cannotRunGit((result.error as NodeJS.ErrnoException).code ?? result.error.message);
  return { ok: result.status === 0, stdout: result.stdout, stderr: result.stderr };
}

/** `git` without blocking, so two listings run side by side. */
function gitAsync(cwd: string, args: readonly string[]): Promise<GitResult> {
  return new Promise((resolve, reject) => {
    execFile('git', args, { cwd, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 }, (error, stdout, stderr) => {
      const code = (error as NodeJS.ErrnoException | null)?.code;
      if (typeof code === 'string') {
        reject(cannotRunGit(code));
        return;
      }
      resolve({ ok: !error, stdout, stderr });
    });
  });
}

/** Whether a word names a commit in the repository around `cwd` (false outside a repository). */
export function isRevision(cwd: string, word: string): boolean {
  if (word.startsWith('-')) return false;
  return git(cwd, ['rev-parse', '--verify', '--quiet', '--end-of-options', `${word}^{commit}`]).ok;
}

/**
 * The default branch to compare a pull request with: the pull request's base in GitHub Actions
 * (`origin/$GITHUB_BASE_REF`), else `origin/HEAD`, else `main`, `master`, `origin/main`, `origin/master`.
 */
function defaultBase(cwd: string, env: NodeJS.ProcessEnv): { base: string; from: string } {
  const baseRef = env.GITHUB_BASE_REF;
  if (baseRef && isRevision(cwd, `origin/${baseRef}`)) return { base: `origin/${baseRef}`, from: 'GITHUB_BASE_REF' };
  const head = git(cwd, ['symbolic-ref', '--quiet', '--short', 'refs/remotes/origin/HEAD']);
  if (head.ok && head.stdout.trim() !== '' && isRevision(cwd, head.stdout.trim())) return { base: head.stdout.trim(), from: 'origin/HEAD' };
  for (const candidate of ['main', 'master', 'origin/main', 'origin/master']) {
    if (isRevision(cwd, candidate)) return { base: candidate, from: 'the first of main, master, origin/main, origin/master that exists' };
  }
  throw new UsageError(
    `--changed: no default branch found (no origin/HEAD, main, master, origin/main or origin/master); name the base, e.g. --changed origin/develop${shallowAdvice(cwd)}`,
  );
}

function shallowAdvice(cwd: string): string {
  const shallow = git(cwd, ['rev-parse', '--is-shallow-repository']);
  return shallow.ok && shallow.stdout.trim() === 'true'
    ? '; this clone is shallow: fetch the history first (actions/checkout with fetch-depth: 0, or git fetch --unshallow)'
    : '';
}

/** The files changed since the merge-base of `base` (default: the default branch) and HEAD. */
export async function changedSince(options: { readonly cwd: string; readonly base?: string; readonly env?: NodeJS.ProcessEnv }): Promise<ChangedSince> {
  const { cwd } = options;
  const top = git(cwd, ['rev-parse', '--show-toplevel']);
  if (!top.ok) {
    throw new UsageError(`--changed: ${cwd} is not inside a git repository; run verify without --changed to check every file`);
  }
  const toplevel = top.stdout.trim();
  const chosen = options.base === undefined ? defaultBase(cwd, options.env ?? process.env) : undefined;
  const base = options.base ?? chosen!.base;
  // Asked only when merge-base fails (each git call costs a process start).
  const merge = base.startsWith('-') ? undefined : git(cwd, ['merge-base', '--end-of-options', base, 'HEAD']);
  if (!merge?.ok) {
    if (!isRevision(cwd, base)) {
      throw new UsageError(
        `--changed: '${base}' is not a git revision (a branch, tag or commit of this repository)${shallowAdvice(cwd) || '; fetch it first (git fetch origin) or name another, e.g. --changed origin/main'}`,
      );
    }
    throw new UsageError(
      `--changed: ${base} and HEAD have no common ancestor${shallowAdvice(cwd) || ' (unrelated histories); compare with another base or run verify without --changed'}`,
    );
  }
  const mergeBase = merge.stdout.trim();
  const head = git(cwd, ['rev-parse', '--verify', 'HEAD']).stdout.trim();
  // The working tree against the merge-base: committed, staged and unstaged changes in one list.
  const [diff, untracked] = await Promise.all([
    gitAsync(toplevel, ['-c', 'core.quotePath=false', 'diff', '--name-status', '-z', '-M', '--no-ext-diff', mergeBase, '--']),
    gitAsync(toplevel, ['ls-files', '-z', '--others', '--exclude-standard']),
  ]);
  if (!diff.ok) throw new UsageError(`--changed: git diff ${mergeBase.slice(0, 12)} failed: ${firstLine(diff.stderr)}`);
  if (!untracked.ok) throw new UsageError(`--changed: git ls-files failed: ${firstLine(untracked.stderr)}`);
  const files = new Set<string>();
  const fields = diff.stdout.split('\0');
  for (let i = 0; i < fields.length - 1; ) {
    const status = fields[i]!;
    // Renames and copies carry two paths: the file is its new one.
    const paths = status.startsWith('R') || status.startsWith('C') ? 2 : 1;
    const file = fields[i + paths]!;
    i += 1 + paths;
    if (status.startsWith('D')) continue;
    files.add(path.join(toplevel, file));
  }
  for (const file of untracked.stdout.split('\0')) if (file !== '') files.add(path.join(toplevel, file));
  return { base, defaultFrom: chosen?.from, mergeBase, files: [...files].sort(), headIsBase: head === mergeBase };
}

function firstLine(text: string): string {
  return text.trim().split('\n')[0] ?? '';
}
