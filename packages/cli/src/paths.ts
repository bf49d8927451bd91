import path from 'node:path';

/**
 * Paths typed on the command line are relative to `--cwd` (the shell's directory by default); the
 * libraries take them relative to the project root, which is the found config's directory and may
 * be a parent of `--cwd`.
 */
export function relativeTo(root: string, cwd: string, paths: string[]): string[] {
  if (root === cwd) return paths;
  return paths.map((p) => path.relative(root, path.resolve(cwd, p)) || '.');
}
