import { realpathSync } from 'node:fs';
import path from 'node:path';
import type { RenameMap } from '../config.js';
import { readSourceText } from '../encoding.js';
export { readRangeSync } from './read-files.js';
import { isPlainRelative } from './read-files.js';
import { toPosix } from '../fs.js';
import { aliasTargets, type PathAliases } from './aliases.js';
import type { SourceModule } from './module.js';
import { isPrismaSchema } from './prisma.js';
import { codeView } from './script-blocks.js';
import { importEdges, namesPattern, positionPattern } from './prefilter.js';
import { decider, type Need } from './classify.js';

export { classifier, type Need } from './classify.js';
import { workspaceTargets, type Workspace } from './workspace.js';

/**
 * The finder's text stage, without the TypeScript compiler: read the files, pre-filter them, and
 * resolve the imports the analysis may follow.
 */
export type Read = (absolutePath: string) => string | Promise<string>;

export interface ScanInput {
  /** Absolute project root. */
  readonly root: string;
  readonly files: readonly string[];
  readonly names: Pick<RenameMap, 'oldNames' | 'newNames'> & Partial<Pick<RenameMap, 'renameDerived' | 'schema'>>;
  readonly aliases: PathAliases | undefined;
  /** The workspace's own packages: imports of them are followed like relative ones. */
  readonly workspace?: Workspace | undefined;
  /** Reads any file: the scanned ones (unless `readAll` is given) and imported modules outside them. */
  readonly read: Read;
  /** Reads the scanned files, giving `keep` each one's text (default: `read`, up to 64 at a time). */
  readonly readAll?: (files: readonly string[], keep: (index: number, text: string, need?: Need) => void) => void | Promise<void>;
}

export interface ScanOutput {
  /** The files to parse, in the order of `files`. */
  readonly toParse: SourceModule[];
  /**
   * Import resolutions the analysis may look up (see `resolutionKey`): the module a specifier
   * means from a directory, or null when it resolves to nothing readable.
   */
  readonly resolved: Map<string, SourceModule | null>;
  /**
   * The scanned files that were not parsed, read again, keeping those whose text `want` accepts
   * (their imports resolved like those of `toParse`): the callers of a function whose parameter
   * reaches a table position need not name a table themselves.
   */
  readonly more: (want: (text: string) => boolean) => Promise<SourceModule[]>;
}

const RESOLVE_EXTENSIONS = ['.ts', '.tsx', '.mts', '.cts', '.js', '.jsx', '.mjs', '.cjs'];
const JS_TO_TS: Record<string, readonly string[]> = {
  '.js': ['.ts', '.tsx'],
  '.jsx': ['.tsx'],
  '.mjs': ['.mts'],
  '.cjs': ['.cts'],
};
const READ_CONCURRENCY = 64;

/** The key of `ScanOutput.resolved` for a specifier imported by `from`. */
export function resolutionKey(from: SourceModule, specifier: string): string {
  return specifier.startsWith('.') ? `${path.dirname(from.abs)}\0${specifier}` : specifier;
}

// Decoded by BOM: UTF-8, or UTF-16 when a BOM says so (a generated types file saved by Windows tools).
export const readUtf8: Read = (file) => readSourceText(file);

export async function scan(input: ScanInput): Promise<ScanOutput> {
  const { root, read, aliases } = input;
  const names = namesPattern(input.names);
  const positions = positionPattern(input.names);

  // Whether a module names a table where a table name can stand (a whole literal, an embed, a hint).
  // The whole-word test first: it rejects most files faster than the shape test.
  const hits = new Map<string, boolean>();
  const mentions = (module: SourceModule): boolean => {
    let hit = hits.get(module.abs);
    if (hit === undefined) {
      hit = names.test(module.text) && positions.test(module.text);
      hits.set(module.abs, hit);
    }
    return hit;
  };

  // What each scanned file needs, decided as soon as it is read, in the order of the tests below.
  // The text of a file that needs nothing is not kept: holding all of them (22 MB on the bench
  // corpus) made the garbage collector copy them around; one an import resolves to is read again.
  const modules = new Map<string, SourceModule | null>();
  const scanned: Array<SourceModule | undefined> = new Array(input.files.length);
  const needs: Need[] = new Array(input.files.length);
  const dropped = new Set<string>();
  const decide = decider(input.names);
  const plainRoot = path.sep === '/' && root !== '/';
  const keep = (index: number, raw: string, decided?: Need): void => {
    const rel = input.files[index]!;
    const abs = plainRoot && isPlainRelative(rel) ? `${root}/${rel}` : path.join(root, rel);
    let need = decided;
    let view: string;
    if (need === undefined) ({ view, need } = decide(rel, raw));
    else view = need === 'nothing' ? raw : codeView(rel, raw);
    needs[index] = need;
    hits.set(abs, need === 'names');
    if (need === 'nothing') {
      dropped.add(abs);
      return;
    }
    const module: SourceModule = { abs, rel, text: view, ...(view === raw ? {} : { raw }), inScope: true };
    scanned[index] = module;
    modules.set(abs, module);
  };
  if (input.readAll) {
    await input.readAll(input.files, keep);
  } else {
    let next = 0;
    const worker = async (): Promise<void> => {
      while (next < input.files.length) {
        const index = next++;
        const text = read(path.join(root, input.files[index]!));
        keep(index, typeof text === 'string' ? text : await text);
      }
    };
    await Promise.all(Array.from({ length: Math.min(READ_CONCURRENCY, input.files.length) }, worker));
  }

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
            const inScope = dropped.has(abs) || (abs.endsWith('.json') && !rel.startsWith('../') && !rel.includes('node_modules/'));
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
  const edges = (module: SourceModule) => importEdges(module.text, follow);
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

  // Whether a module may export a table name: it names one, or re-exports from one that does.
  const exporting = new Map<string, Promise<boolean>>();
  const mayExportNames = (module: SourceModule): Promise<boolean> => {
    let result = exporting.get(module.abs);
    if (!result) {
      exporting.set(module.abs, Promise.resolve(false)); // cycles: a barrel importing itself adds nothing
      result = (async () => {
        if (mentions(module)) return true;
        for (const edge of edges(module)) {
          if (!edge.reexport) continue;
          const target = await resolve(module, edge.specifier);
          if (target && (await mayExportNames(target))) return true;
        }
        return false;
      })();
      exporting.set(module.abs, result);
    }
    return result;
  };

  // Preload what the analysis may follow: imports of the parsed files, and re-exports behind them.
  const preload = async (module: SourceModule, depth: number): Promise<void> => {
    for (const edge of edges(module)) {
      const target = await resolve(module, edge.specifier);
      if (target && depth < 4 && (await mayExportNames(target))) await preload(target, depth + 1);
    }
  };

  const toParse: SourceModule[] = [];
  for (let index = 0; index < scanned.length; index += 1) {
    const module = scanned[index];
    if (!module) continue;
    if (needs[index] !== 'imports') {
      toParse.push(module);
      continue;
    }
    for (const edge of edges(module)) {
      const target = await resolve(module, edge.specifier);
      if (target && (await mayExportNames(target))) {
        toParse.push(module);
        break;
      }
    }
  }
  for (const module of toParse) await preload(module, 0);

  const parsed = new Set(toParse);
  const more = async (want: (text: string) => boolean): Promise<SourceModule[]> => {
    const found: SourceModule[] = [];
    for (const [index, rel] of input.files.entries()) {
      const kept = scanned[index];
      if (kept && parsed.has(kept)) continue;
      const abs = path.join(root, rel);
      if (isPrismaSchema(rel)) continue;
      let module = kept ?? modules.get(abs) ?? undefined;
      let text = module?.text;
      let raw = text;
      if (text === undefined) {
        const read = input.read(abs);
        raw = typeof read === 'string' ? read : await read;
        text = codeView(rel, raw);
      }
      if (!want(text)) continue;
      module ??= { abs, rel, text, ...(raw !== undefined && raw !== text ? { raw } : {}), inScope: true };
      modules.set(abs, module);
      parsed.add(module);
      found.push(module);
    }
    for (const module of found) await preload(module, 0);
    return found;
  };
  return { toParse, resolved, more };
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
    return list;
  }
  for (const extension of RESOLVE_EXTENSIONS) list.push(base + extension);
  for (const extension of RESOLVE_EXTENSIONS) list.push(path.join(base, `index${extension}`));
  return list;
}
