import path from 'node:path';
import { globSync } from 'tinyglobby';
import type { Read } from './scan.js';

/**
 * The packages of the project's own workspace (pnpm-workspace.yaml, or `workspaces` in the root
 * package.json, as npm, yarn and bun read it): `import { T } from '@acme/db'` is project code, to be
 * followed like a relative import.
 */
export interface Workspace {
  readonly packages: ReadonlyMap<string, { readonly dir: string; readonly manifest: Manifest }>;
}

interface Manifest {
  readonly name?: unknown;
  readonly exports?: unknown;
  readonly types?: unknown;
  readonly typings?: unknown;
  readonly module?: unknown;
  readonly main?: unknown;
  readonly source?: unknown;
  readonly workspaces?: unknown;
}

export async function loadWorkspace(root: string, read: Read): Promise<Workspace | undefined> {
  const patterns = [...(await pnpmPatterns(root, read)), ...(await npmPatterns(root, read))];
  if (patterns.length === 0) return undefined;
  const manifests = globSync(
    patterns.filter((p) => !p.startsWith('!')).map((p) => `${p.replace(/\/+$/, '')}/package.json`),
    {
      cwd: root,
      ignore: ['**/node_modules/**', ...patterns.filter((p) => p.startsWith('!')).map((p) => p.slice(1))],
      onlyFiles: true,
      expandDirectories: false,
    },
  );
  const packages = new Map<string, { dir: string; manifest: Manifest }>();
  for (const file of manifests.sort()) {
    const manifest = await readJson(path.join(root, file), read);
    if (manifest && typeof manifest.name === 'string' && !packages.has(manifest.name)) {
      packages.set(manifest.name, { dir: path.join(root, path.dirname(file)), manifest });
    }
  }
  return packages.size > 0 ? { packages } : undefined;
}

/**
 * The files (without extension probing) a bare specifier may mean when it names a workspace
 * package: its `exports` entry for the subpath, `source`/`types`/`module`/`main`, and, since a
 * fresh clone has no build output, the same paths under `src/` instead of `dist/`/`build/`.
 */
export function workspaceTargets(workspace: Workspace | undefined, specifier: string): string[] | undefined {
  if (!workspace) return undefined;
  const parts = specifier.split('/');
  const name = specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0]!;
  const found = workspace.packages.get(name);
  if (!found) return undefined;
  const subpath = specifier.slice(name.length).replace(/^\//, '');
  const { dir, manifest } = found;
  const entries: string[] = [];
  const exported = exportsEntry(manifest.exports, subpath === '' ? '.' : `./${subpath}`);
  entries.push(...exported);
  if (subpath === '') {
    for (const field of [manifest.source, manifest.types, manifest.typings, manifest.module, manifest.main]) {
      if (typeof field === 'string') entries.push(field);
    }
    entries.push('src/index', 'index');
  } else {
    entries.push(subpath, `src/${subpath}`);
  }
  const targets: string[] = [];
  for (const entry of entries) {
    const base = path.resolve(dir, entry).replace(/\.d\.(m|c)?ts$/, '');
    targets.push(base);
    const source = base.replace(/([\\/])(dist|build|lib|out)([\\/])/, '$1src$3');
    if (source !== base) targets.push(source);
  }
  return [...new Set(targets)];
}

/** The string targets of a package.json `exports` entry, conditions in the order given. */
function exportsEntry(exports: unknown, key: string): string[] {
  if (exports === undefined || exports === null) return [];
  if (typeof exports === 'string') return key === '.' ? [exports] : [];
  if (typeof exports !== 'object') return [];
  const record = exports as Record<string, unknown>;
  const keyed = Object.keys(record).some((k) => k.startsWith('.'));
  if (!keyed) return key === '.' ? conditionTargets(record) : [];
  const direct = record[key];
  if (direct !== undefined) return conditionTargets(direct);
  // `"./*": "./src/*.ts"`
  for (const [pattern, target] of Object.entries(record)) {
    const star = pattern.indexOf('*');
    if (star === -1 || !key.startsWith(pattern.slice(0, star)) || !key.endsWith(pattern.slice(star + 1))) continue;
    const middle = key.slice(star, key.length - (pattern.length - star - 1));
    return conditionTargets(target).map((t) => t.replace('*', middle));
  }
  return [];
}

function conditionTargets(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.flatMap(conditionTargets);
  if (value && typeof value === 'object') return Object.values(value as Record<string, unknown>).flatMap(conditionTargets);
  return [];
}

async function pnpmPatterns(root: string, read: Read): Promise<string[]> {
  let text: string;
  try {
    text = await read(path.join(root, 'pnpm-workspace.yaml'));
  } catch {
    return [];
  }
  // The `packages:` list of plain scalars: all pnpm reads from this file for the layout.
  const patterns: string[] = [];
  let inPackages = false;
  for (const line of text.split(/\r?\n/)) {
    if (/^packages\s*:/.test(line)) {
      inPackages = true;
      continue;
    }
    if (!inPackages) continue;
    const item = /^\s+-\s*(['"]?)([^'"#]+?)\1\s*(?:#.*)?$/.exec(line);
    if (item) patterns.push(item[2]!);
    else if (/^\S/.test(line)) inPackages = false;
  }
  return patterns;
}

async function npmPatterns(root: string, read: Read): Promise<string[]> {
  const manifest = await readJson(path.join(root, 'package.json'), read);
  const workspaces = manifest?.workspaces;
  const list = Array.isArray(workspaces) ? workspaces : (workspaces as { packages?: unknown } | undefined)?.packages;
  return Array.isArray(list) ? list.filter((p): p is string => typeof p === 'string') : [];
}

async function readJson(file: string, read: Read): Promise<Manifest | undefined> {
  try {
    const value: unknown = JSON.parse(await read(file));
    return value && typeof value === 'object' ? (value as Manifest) : undefined;
  } catch {
    return undefined;
  }
}
