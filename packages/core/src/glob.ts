import path from 'node:path';
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

function withoutDotSlash(pattern: string): string {
  let p = pattern;
  while (p.startsWith('./')) p = p.slice(2);
  return p;
}

export { toPosix };
