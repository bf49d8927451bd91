/// <reference path="./picomatch.d.ts" />
import { readdirSync } from 'node:fs';
import path from 'node:path';
import picomatch from 'picomatch';
import { globSync } from 'tinyglobby';
import type { RetableConfig } from './config.js';
import { ConfigError } from './errors.js';
import { toPosix } from './fs.js';

/**
 * File extensions the finder reads: TypeScript and JavaScript (with or without JSX), the script
 * blocks of Vue, Svelte and Astro components, and Prisma schemas.
 */
export const SOURCE_EXTENSIONS: readonly string[] = [
  '.ts', '.tsx', '.mts', '.cts', '.js', '.jsx', '.mjs', '.cjs', '.vue', '.svelte', '.astro', '.prisma',
];

/** Scanned when the config has no `include`: every such file under the root, edge functions included. */
export const DEFAULT_INCLUDE: readonly string[] = ['**/*.{ts,tsx,mts,cts,js,jsx,mjs,cjs,vue,svelte,astro,prisma}'];

/**
 * Always left out, in addition to the config's `exclude`: dependencies, build output and SQL
 * migrations (those belong to the plan, not the codemod). The `typesFile` is scanned like any other
 * file: the generated `Database` type holds no table position the finder reads (its keys are
 * typegen's to change), and code written below it is the project's.
 */
export const DEFAULT_EXCLUDE: readonly string[] = [
  '**/node_modules/**',
  '**/dist/**',
  '**/build/**',
  '**/.next/**',
  '**/coverage/**',
  'supabase/migrations/**',
];

export type GlobConfig = Pick<RetableConfig, 'include' | 'exclude' | 'typesFile'>;

/** The config's source files under `root`: posix paths relative to it, unsorted. */
export function globSourceFiles(root: string, config: GlobConfig): string[] {
  const ignore = [...DEFAULT_EXCLUDE, ...(config.exclude ?? []).map(withoutDotSlash)];
  if (!config.include && ignore.every(isPlainPattern)) return walkSourceFiles(root, ignore);
  // The sync walk is 2-3× faster than the async one on a 10,000-file tree (measured with fast-glob).
  // `./src/**` would come back as `./src/a.ts`: patterns are relative to the root anyway.
  const options = { cwd: root, ignore, onlyFiles: true, dot: false, followSymbolicLinks: false, expandDirectories: false };
  if (!config.include) return globSync(DEFAULT_INCLUDE.map(withoutDotSlash), options).filter(isSourceFile);
  // Each configured pattern must match something, as ESLint requires: a typo must not make the
  // check pass over nothing.
  const found = new Set<string>();
  for (const pattern of config.include) {
    const files = globSync(withoutDotSlash(pattern), options).filter(isSourceFile);
    if (files.length === 0) {
      throw new ConfigError(
        `include: "${pattern}" matches no ${SOURCE_EXTENSIONS.join(' ')} file under ${toPosix(root)} (after exclude); fix or remove the pattern`,
      );
    }
    for (const file of files) found.add(file);
  }
  return [...found];
}

/** Whether a path names a file the finder reads (by extension). */
export function isSourceFile(file: string): boolean {
  const dot = file.lastIndexOf('.');
  return dot > 0 && SOURCE_EXTENSIONS.includes(file.slice(dot));
}

/**
 * The default include (`**\/*.{ts,…}`) as tinyglobby lists it, without its general machinery: one
 * readdir with file types per directory, the ignore patterns compiled once (tinyglobby's picomatch version,
 * with tinyglobby's options). Dot files and folders are left out (`dot: false`), symbolic links are not
 * followed nor listed, and a folder the ignore patterns match is not entered. On the bench corpus
 * (10,000 files) the listing takes about half of tinyglobby's time (0.11 against 0.19-0.35 s).
 */
function walkSourceFiles(root: string, ignorePatterns: readonly string[]): string[] {
  // `**/name/**` and `dir/sub/**` only ever match folders (and what is in them): checked by name,
  // which spares a pattern test per file. Any other pattern is tested on folders and files.
  const anywhere = new Set<string>();
  const at = new Set<string>();
  const others: string[] = [];
  for (const pattern of ignorePatterns.map(normalizeIgnore)) {
    const folder = /^(\*\*\/)?((?:[A-Za-z0-9_.@-]+\/)*[A-Za-z0-9_.@-]+)\/\*\*$/.exec(pattern);
    if (folder && !folder[2]!.split('/').some((part) => part === '.' || part === '..')) {
      if (folder[1] && !folder[2]!.includes('/')) anywhere.add(folder[2]!);
      else if (!folder[1]) at.add(folder[2]!);
      else others.push(pattern);
    } else {
      others.push(pattern);
    }
  }
  // picomatch pinned to the version tinyglobby uses, with tinyglobby's options: the same matching.
  const ignored = others.length === 0 ? undefined : picomatch(others, { dot: false, posix: true });
  const found: string[] = [];
  const walk = (dir: string, prefix: string): void => {
    let entries;
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch {
      return; // as tinyglobby: a folder that cannot be read lists nothing
    }
    for (const entry of entries) {
      const name = entry.name;
      if (name.charCodeAt(0) === 46 /* . */) continue;
      const rel = prefix + name;
      if (entry.isDirectory()) {
        if (!anywhere.has(name) && !at.has(rel) && !ignored?.(rel)) walk(`${dir}/${name}`, `${rel}/`);
      } else if (entry.isFile() && isSourceFile(name) && !ignored?.(rel)) {
        found.push(rel);
      }
    }
  };
  walk(root, '');
  return found;
}

/** Patterns the walker reads as tinyglobby does: relative, not negated, not reaching outside the root. */
function isPlainPattern(pattern: string): boolean {
  return pattern !== '' && !pattern.startsWith('!') && !pattern.startsWith('..') && !path.isAbsolute(pattern);
}

/** tinyglobby's normalisation of an ignore pattern (no trailing slash, posix-normalised). */
function normalizeIgnore(pattern: string): string {
  return path.posix.normalize(pattern.endsWith('/') ? pattern.slice(0, -1) : pattern);
}

function withoutDotSlash(pattern: string): string {
  let p = pattern;
  while (p.startsWith('./')) p = p.slice(2);
  return p;
}

export { toPosix };
