import path from 'node:path';
import type { PathAliases } from './aliases.js';
import ts from './typescript.js';

export type { PathAliases } from './aliases.js';
export { aliasTargets } from './aliases.js';

type Read = (file: string) => string | Promise<string>;

/**
 * `compilerOptions.paths` of the project's tsconfig.json (or jsconfig.json): `import { T } from
 * '@/lib/tables'` is a project module, not a package, and its constants must be followed too.
 * Read the root's tsconfig.json/jsconfig.json (following relative `extends`); undefined without paths. */
export async function loadPathAliases(root: string, read: Read): Promise<PathAliases | undefined> {
  for (const name of ['tsconfig.json', 'jsconfig.json']) {
    const found = await readPaths(path.join(root, name), read, 0);
    if (found) return found;
  }
  return undefined;
}

async function readPaths(file: string, read: Read, depth: number): Promise<PathAliases | undefined> {
  let text: string;
  try {
    text = await read(file);
  } catch {
    return undefined;
  }
  const { config } = ts.parseConfigFileTextToJson(file, text) as {
    config?: { extends?: unknown; references?: unknown; compilerOptions?: { baseUrl?: unknown; paths?: unknown } };
  };
  if (!config) return undefined;
  const options = config.compilerOptions ?? {};
  const dir = path.dirname(file);
  if (options.paths && typeof options.paths === 'object') {
    // Targets are relative to baseUrl when set, else to the config's directory (TypeScript ≥ 4.1).
    const base = typeof options.baseUrl === 'string' ? path.resolve(dir, options.baseUrl) : dir;
    const patterns = [];
    for (const [pattern, targets] of Object.entries(options.paths as Record<string, unknown>)) {
      if (!Array.isArray(targets)) continue;
      const star = pattern.indexOf('*');
      patterns.push({
        prefix: star === -1 ? pattern : pattern.slice(0, star),
        suffix: star === -1 ? '' : pattern.slice(star + 1),
        wildcard: star !== -1,
        targets: targets.filter((t): t is string => typeof t === 'string').map((t) => path.resolve(base, t)),
      });
    }
    // The longest prefix wins, as in TypeScript.
    patterns.sort((a, b) => b.prefix.length - a.prefix.length);
    return { patterns };
  }
  if (typeof config.extends === 'string' && config.extends.startsWith('.') && depth < 5) {
    const parent = path.resolve(dir, config.extends.endsWith('.json') ? config.extends : `${config.extends}.json`);
    const found = await readPaths(parent, read, depth + 1);
    if (found) return found;
  }
  // A solution-style tsconfig.json (Vite's template) keeps the paths in a referenced project.
  if (Array.isArray(config.references) && depth < 5) {
    for (const reference of config.references as Array<{ path?: unknown }>) {
      if (typeof reference?.path !== 'string') continue;
      const target = path.resolve(dir, reference.path);
      const found = await readPaths(target.endsWith('.json') ? target : path.join(target, 'tsconfig.json'), read, depth + 1);
      if (found) return found;
    }
  }
  return undefined;
}
