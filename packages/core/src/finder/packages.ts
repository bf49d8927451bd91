import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { SourceModule } from './module.js';
import type { OrmLibrary } from './orm.js';

/**
 * Whether a package.json between a module's directory and the root (both included) lists a library
 * among its dependencies: in a monorepo the app's or the workspace package's, or the root's. Read
 * once per directory, only for the few files the analysis parses.
 */
export function packageDependencies(root: string): (module: SourceModule, library: OrmLibrary) => boolean {
  const byDirectory = new Map<string, ReadonlySet<string>>();
  const dependenciesAt = (dir: string): ReadonlySet<string> => {
    let found = byDirectory.get(dir);
    if (found) return found;
    const names = new Set<string>();
    const file = path.join(dir, 'package.json');
    // Most folders have none: checked without the cost of a thrown error.
    if (existsSync(file)) {
      try {
        const manifest = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
        for (const key of ['dependencies', 'devDependencies', 'peerDependencies', 'optionalDependencies']) {
          const deps = manifest[key];
          if (deps && typeof deps === 'object') for (const name of Object.keys(deps)) names.add(name);
        }
      } catch {
        // unreadable or not JSON: nothing listed
      }
    }
    const parent = path.dirname(dir);
    if (dir !== root && parent !== dir && isInside(root, parent)) for (const name of dependenciesAt(parent)) names.add(name);
    found = names;
    byDirectory.set(dir, found);
    return found;
  };
  return (module, library) => isInside(root, module.abs) && dependenciesAt(path.dirname(module.abs)).has(library);
}

function isInside(root: string, file: string): boolean {
  const relative = path.relative(root, file);
  return relative === '' || (!relative.startsWith('..') && !path.isAbsolute(relative));
}
