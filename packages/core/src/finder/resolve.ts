import { realpathSync } from 'node:fs';
import path from 'node:path';
import { toPosix } from '../fs.js';
import { aliasTargets, type PathAliases } from './aliases.js';
import type { SourceModule } from './module.js';
import { importEdges, type ImportEdge } from './prefilter.js';
import { codeView } from './script-blocks.js';
import { workspaceTargets, type Workspace } from './workspace.js';

/**
 * The finder's module resolution (relative specifiers, tsconfig `paths`, workspace packages and
 * packages linked into the project), shared by the scan and by `findAffectedFiles`, so a file that
 * imports another is recognised the same way by both.
 */
export type Read = (absolutePath: string) => string | Promise<string>;

export interface ResolverInput {
  /** Absolute project root. */
  readonly root: string;
  readonly aliases: PathAliases | undefined;
  readonly workspace?: Workspace | undefined;
  readonly read: Read;
  /** Modules already known, by absolute path (null: known to be unreadable); filled as modules load. */
  readonly modules: Map<string, SourceModule | null>;
  /** Whether a module loaded through an import (not among the scanned files) gets references. */
  readonly inScope: (abs: string, rel: string) => boolean;
}

export interface Resolver {
  /** The module a specifier imported by `from` means, or null when it resolves to nothing readable. */
  resolve(from: SourceModule, specifier: string): Promise<SourceModule | null>;
  /** The project-module specifiers a module imports or re-exports. */
  edges(module: SourceModule): ImportEdge[];
  /** Resolutions so far, by `resolutionKey`. */
  readonly resolved: Map<string, SourceModule | null>;
}

const RESOLVE_EXTENSIONS = ['.ts', '.tsx', '.mts', '.cts', '.js', '.jsx', '.mjs', '.cjs'];
const JS_TO_TS: Record<string, readonly string[]> = {
  '.js': ['.ts', '.tsx'],
  '.jsx': ['.tsx'],
  '.mjs': ['.mts'],
  '.cjs': ['.cts'],
};

/** The key of `Resolver.resolved` for a specifier imported by `from`. */
export function resolutionKey(from: SourceModule, specifier: string): string {
  return specifier.startsWith('.') ? `${path.dirname(from.abs)}\0${specifier}` : specifier;
}

export function createResolver(input: ResolverInput): Resolver {
  const { root, read, aliases, modules } = input;
  // Module resolution, cached: in-scope files cost nothing; others are read on demand.
  const pending = new Map<string, Promise<SourceModule | null>>();
  const load = (candidate: string): Promise<SourceModule | null> => {
    const known = modules.get(candidate);
    if (known !== undefined) return Promise.resolve(known);
    let loading = pending.get(candidate);
    if (!loading) {
      loading = Promise.resolve()
        .then(() => read(candidate))
        .then(
          (raw) => {
            // Through a symlinked folder: the file it really is, which may be one of the scanned files
            // (asked only of files that exist: most candidates do not).
            const abs = realPath(candidate, root);
            const same = abs === candidate ? undefined : modules.get(abs);
            if (same) {
              modules.set(candidate, same);
              return same;
            }
            const rel = toPosix(path.relative(root, abs));
            const text = codeView(rel, raw);
            // A JSON module of the project (`import tables from './tables.json'`) is project code too.
            const inScope = input.inScope(abs, rel) || (abs.endsWith('.json') && !rel.startsWith('../') && !rel.includes('node_modules/'));
            const module: SourceModule = { abs, rel, text, ...(text === raw ? {} : { raw }), inScope };
            modules.set(abs, module);
            modules.set(candidate, module);
            return module;
          },
          () => {
            modules.set(candidate, null);
            return null;
          },
        );
      pending.set(candidate, loading);
    }
    return loading;
  };
  // Relative specifiers and tsconfig `paths` aliases are project modules; anything else is a package.
  const projectTargets = (specifier: string): string[] | undefined =>
    aliasTargets(aliases, specifier) ?? workspaceTargets(input.workspace, specifier) ?? linkedTargets(root, specifier);
  const follow = (specifier: string): boolean =>
    isCodeSpecifier(specifier) && (specifier.startsWith('.') || projectTargets(specifier) !== undefined);
  const resolved = new Map<string, SourceModule | null>();
  const resolve = async (from: SourceModule, specifier: string): Promise<SourceModule | null> => {
    const relative = specifier.startsWith('.');
    const key = resolutionKey(from, specifier);
    const cached = resolved.get(key);
    if (cached !== undefined) return cached;
    const bases = relative ? [path.resolve(path.dirname(from.abs), specifier)] : (projectTargets(specifier) ?? []);
    let found: SourceModule | null = null;
    search: for (const base of bases) {
      for (const candidate of candidates(base)) {
        found = await load(candidate);
        if (found) break search;
      }
    }
    resolved.set(key, found);
    return found;
  };
  // A module's edges are asked for once per importer that preloads it, and per barrel level: scanned once.
  const edgesOf = new Map<SourceModule, ImportEdge[]>();
  const edges = (module: SourceModule): ImportEdge[] => {
    let found = edgesOf.get(module);
    if (!found) edgesOf.set(module, (found = importEdges(module.text, follow)));
    return found;
  };
  return { resolve, edges, resolved };
}

const ASSET_EXTENSIONS = new Set([
  '.css', '.scss', '.sass', '.less', '.svg', '.png', '.jpg', '.jpeg', '.gif', '.webp', '.avif', '.ico',
  '.md', '.mdx', '.html', '.txt', '.woff', '.woff2', '.ttf', '.mp4', '.wasm', '.sql', '.graphql',
]);

/** The real path of a file when it lies inside the root (a symlinked folder of the project), else the path. */
function realPath(file: string, root: string): string {
  try {
    const real = realpathSync.native(file);
    return real === file || path.relative(root, real).startsWith('..') ? file : real;
  } catch {
    return file;
  }
}

const linked = new Map<string, string[] | undefined>();

/**
 * A package installed as a symlink into one of the project's folders (`node_modules/@acme/db` →
 * `packages/db`, as workspaces link them): project code, followed like the workspace's packages.
 */
function linkedTargets(root: string, specifier: string): string[] | undefined {
  if (specifier.startsWith('.') || specifier.startsWith('/') || specifier.startsWith('node:')) return undefined;
  const parts = specifier.split('/');
  const name = specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0]!;
  const key = `${root}\0${name}`;
  let dir = linked.get(key);
  if (!linked.has(key)) {
    try {
      const real = realpathSync.native(path.join(root, 'node_modules', name));
      const rel = toPosix(path.relative(root, real));
      dir = rel.startsWith('../') || rel.includes('node_modules/') || rel === '' ? undefined : [real];
    } catch {
      dir = undefined;
    }
    linked.set(key, dir);
  }
  if (!dir) return undefined;
  const subpath = specifier.slice(name.length).replace(/^\//, '');
  const base = dir[0]!;
  return subpath === '' ? [path.join(base, 'src/index'), path.join(base, 'index')] : [path.join(base, subpath), path.join(base, 'src', subpath)];
}

/** Only specifiers that can name a code module (not './styles.css', './logo.svg'). */
function isCodeSpecifier(specifier: string): boolean {
  return !ASSET_EXTENSIONS.has(path.extname(specifier).toLowerCase());
}

/** Files a relative specifier may mean, in TypeScript's order (`./x.js` is `./x.ts` in NodeNext). */
function candidates(base: string): string[] {
  const ext = path.extname(base);
  if (ext === '.json') return [base];
  const list: string[] = [];
  if (RESOLVE_EXTENSIONS.includes(ext)) {
    const stem = base.slice(0, -ext.length);
    for (const replacement of JS_TO_TS[ext] ?? []) list.push(stem + replacement);
    list.push(base);
    // A declaration file next to it (`./db.js` typed by `./db.d.ts`: a generated database type).
    if (ext === '.js') list.push(`${stem}.d.ts`);
    return list;
  }
  for (const extension of RESOLVE_EXTENSIONS) list.push(base + extension);
  list.push(`${base}.d.ts`);
  for (const extension of RESOLVE_EXTENSIONS) list.push(path.join(base, `index${extension}`));
  list.push(path.join(base, 'index.d.ts'));
  return list;
}
