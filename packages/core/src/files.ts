import { stat } from 'node:fs/promises';
import path from 'node:path';
import { UsageError } from './errors.js';
import { SOURCE_EXTENSIONS, globSourceFiles, isSourceFile, toPosix, type GlobConfig } from './glob.js';

export { DEFAULT_EXCLUDE, DEFAULT_INCLUDE, SOURCE_EXTENSIONS, isSourceFile } from './glob.js';

export interface ListSourceFilesOptions {
  /** Absolute project root; globs and results are relative to it. */
  readonly root: string;
  readonly config: GlobConfig;
  /** Files or directories (relative to root, or absolute) that narrow the set: the CLI's positionals. */
  readonly paths?: readonly string[];
}

/** The source files to scan: posix paths relative to the root, sorted. */
export async function listSourceFiles(options: ListSourceFilesOptions): Promise<string[]> {
  const { root, config } = options;
  let files = globSourceFiles(root, config);
  if (options.paths && options.paths.length > 0) {
    const narrow = await Promise.all(options.paths.map((p) => narrowing(root, p)));
    const within = (n: { rel: string; directory: boolean }, file: string) =>
      n.directory ? n.rel === '' || file.startsWith(`${n.rel}/`) : file === n.rel;
    // A path that selects nothing is an error, as in ESLint: the check must not pass over nothing.
    for (const [index, n] of narrow.entries()) {
      if (!files.some((file) => within(n, file))) {
        const given = options.paths[index]!;
        throw new UsageError(
          n.directory
            ? `${given}: has no ${SOURCE_EXTENSIONS.join(' ')} file to check (or they are all excluded)`
            : `${given}: is excluded by the config or the defaults; check it by removing it from "exclude"`,
        );
      }
    }
    files = files.filter((file) => narrow.some((n) => within(n, file)));
  }
  return files.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

async function narrowing(root: string, given: string): Promise<{ rel: string; directory: boolean }> {
  const absolute = path.resolve(root, given);
  const rel = toPosix(path.relative(root, absolute));
  if (rel.startsWith('../') || rel === '..' || path.isAbsolute(rel)) {
    throw new UsageError(`${given}: is outside the project root ${root}; pass paths inside --cwd`);
  }
  let directory: boolean;
  try {
    directory = (await stat(absolute)).isDirectory();
  } catch {
    throw new UsageError(`${given}: no such file or directory (paths are relative to ${root})`);
  }
  if (!directory && !isSourceFile(rel)) {
    throw new UsageError(`${given}: retable reads ${SOURCE_EXTENSIONS.join(' ')} files; it cannot check this one`);
  }
  return { rel, directory };
}
