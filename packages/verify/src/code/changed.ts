import { realpathSync } from 'node:fs';
import path from 'node:path';
import { findAffectedFiles, toPosix, type RenameMap } from '@retable/core';
import { changedSince } from './git.js';
import type { ChangedScope } from './result.js';

export interface ChangedOptions {
  /** The git revision to compare with (its merge-base with HEAD); default: the default branch. */
  readonly base?: string;
  /** For `GITHUB_BASE_REF` (default: process.env). */
  readonly env?: NodeJS.ProcessEnv;
  /** The config file that was read (absolute): when it changed, every file is checked. */
  readonly configPath?: string;
}

export interface Narrowed {
  readonly scope: ChangedScope;
  /** What to check, or undefined to check every file (`scope.fullRun` says why). */
  readonly files: string[] | undefined;
  /** The modules those import, analysed for the wrappers and constants they lend them. */
  readonly context: string[];
  /** The changed files: the callers of their exported wrappers (and of wrappers of those) are searched. */
  readonly wrappersOf: ReadonlySet<string>;
  /** Every changed file (posix, relative to the root): `--mentions` searches the changed docs only. */
  readonly changedDocs: ReadonlySet<string>;
}

/**
 * Files that change how the finder reads every other file: import resolution (tsconfig paths,
 * workspace packages, package exports) and the ORM a folder depends on.
 */
const PROJECT_FILES = /^(?:tsconfig(?:\.[^/]*)?\.json|jsconfig(?:\.[^/]*)?\.json|package\.json|pnpm-workspace\.yaml)$/;

/**
 * `verify --changed`: the files to check instead of all of `files` (the project's listing), or why
 * all of them must be checked.
 */
export async function narrowToChanged(input: {
  readonly root: string;
  readonly files: readonly string[];
  readonly typesFile: string | undefined;
  readonly map: RenameMap;
  readonly options: ChangedOptions;
}): Promise<Narrowed> {
  const { root, files, options } = input;
  const since = await changedSince({ cwd: root, ...(options.base !== undefined ? { base: options.base } : {}), ...(options.env ? { env: options.env } : {}) });
  // git names files by their real paths; the root may be reached through a symlink.
  const real = realpathSync.native(root);
  const inside = since.files
    .map((abs) => ({ abs, rel: toPosix(path.relative(real, abs)) }))
    .filter(({ rel }) => !rel.startsWith('../') && rel !== '..' && !path.isAbsolute(rel));
  const listed = new Set(files);
  const changed = inside.filter(({ rel }) => listed.has(rel)).map(({ rel }) => rel);
  // A clean checkout of the default branch itself (a push to main, a nightly run) has nothing to
  // compare with: the check that --changed relies on is the full one. A base that was named is taken
  // at its word (`--changed HEAD`: what is not committed yet).
  const onBase =
    options.base === undefined && since.headIsBase && since.files.length === 0
      ? `HEAD is ${since.base} itself, with no change to compare`
      : undefined;
  const fullRun = onBase ?? untrusted(since.files, inside, real, input.typesFile, options.configPath && realPath(options.configPath));
  const scope = (checked: number, run: string | undefined): ChangedScope => ({
    base: since.base,
    defaultFrom: since.defaultFrom,
    mergeBase: since.mergeBase,
    changedFiles: changed.length,
    checked,
    of: files.length,
    fullRun: run,
  });
  const changedDocs = new Set(inside.map(({ rel }) => rel));
  if (fullRun) return { scope: scope(files.length, fullRun), files: undefined, context: [], wrappersOf: new Set(), changedDocs };
  const affected = await findAffectedFiles({
    root,
    files,
    names: input.map,
    changed: inside.filter(({ rel }) => listed.has(rel) || rel.endsWith('.json')).map(({ rel }) => rel),
  });
  const checked = [...new Set([...changed, ...affected.importers])].sort();
  return {
    scope: scope(checked.length, undefined),
    files: checked,
    context: affected.imported,
    wrappersOf: new Set(changed),
    changedDocs,
  };
}

/** Why a narrowed check could miss a reference: the config, the types file or a project file changed. */
function untrusted(
  all: readonly string[],
  inside: ReadonlyArray<{ abs: string; rel: string }>,
  root: string,
  typesFile: string | undefined,
  configPath: string | undefined,
): string | undefined {
  if (configPath && all.includes(path.resolve(configPath))) {
    const shown = toPosix(path.relative(root, configPath));
    return `${shown.startsWith('../') ? configPath : shown} changed (the rename map may have)`;
  }
  if (typesFile && inside.some(({ rel }) => rel === typesFile)) return `the types file ${typesFile} changed`;
  const project = inside.find(({ rel }) => PROJECT_FILES.test(path.posix.basename(rel)));
  if (project) return `${project.rel} changed (it decides how imports resolve and which ORM a folder uses)`;
  return undefined;
}

function realPath(file: string): string {
  try {
    return realpathSync.native(file);
  } catch {
    return file;
  }
}
