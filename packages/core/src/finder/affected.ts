import { readdirSync } from 'node:fs';
import path from 'node:path';
import { readSourceText } from '../encoding.js';
import type { PathAliases } from './aliases.js';
import type { SourceModule } from './module.js';
import { loadPathAliases } from './paths.js';
import type { RenameMap } from '../config.js';
import { importEdges, mentionsTableTest } from './prefilter.js';
import { createResolver, type Read } from './resolve.js';
import { codeView } from './script-blocks.js';
import { readUtf8 } from './scan.js';
import { loadWorkspace, type Workspace } from './workspace.js';

/**
 * How many `export … from` barrels deep an importer is looked for, and how many imports deep the
 * modules a changed file uses are: the finder follows constants through barrels and table names
 * through wrappers of wrappers no deeper (scan.ts preloads 4 levels, analyze.ts follows 4 wrappers).
 */
const MAX_DEPTH = 4;

export interface FindAffectedOptions {
  /** Absolute project root. */
  readonly root: string;
  /** The project's files: posix paths relative to the root, as `listSourceFiles` returns them. */
  readonly files: readonly string[];
  /**
   * The changed files (posix, relative to the root). Those among `files` are checked; a changed
   * `.json` module is not, but the files that import it are.
   */
  readonly changed: readonly string[];
  /** The rename map's names: only a changed module that may export one has its importers searched. */
  readonly names: Pick<RenameMap, 'oldNames' | 'newNames'> & Partial<Pick<RenameMap, 'renameDerived' | 'schema'>>;
  readonly readFile?: Read;
}

export interface AffectedFiles {
  /** The changed files among `files`, their importers and the modules they import: what to check, sorted. */
  readonly files: string[];
  /**
   * Files of `files` that import a changed file that may export a table name, directly or through
   * `export … from` barrels (sorted).
   */
  readonly importers: string[];
  /** The changed files that may export a table name (sorted): those whose importers were searched. */
  readonly lending: string[];
  /** Files of `files` that the changed files and their importers import, a few levels deep (sorted). */
  readonly imported: string[];
}

/**
 * The files whose table references may change with the changed ones, by the finder's own import
 * resolution: the changed files; the files that import them when a table name may flow (the changed
 * module names one, or re-exports), through re-exporting barrels; and the project modules those
 * import (a wrapper they call or a constant they pass may be defined there). The callers of a
 * changed wrapper are found by `findReferences` itself (its `project` and `wrappersOf` options).
 *
 * Every file is read once for its import specifiers (the finder's cheap scan): only those whose last
 * segment is a changed module's file name (an index file's folder, `.` or `..`), or that name the
 * workspace package it lies in or an exact tsconfig alias, are resolved.
 */
export async function findAffectedFiles(options: FindAffectedOptions): Promise<AffectedFiles> {
  const root = path.resolve(options.root);
  const read = options.readFile ?? readUtf8;
  const aliases = await loadPathAliases(root, read);
  const workspace = await loadWorkspace(root, read);
  const listed = new Set(options.files);
  const modules = new Map<string, SourceModule | null>();
  const resolver = createResolver({ root, aliases, workspace, read: listedFirst(read), modules, inScope: () => true });
  const moduleOf = async (rel: string): Promise<SourceModule | null> => {
    const abs = path.join(root, rel);
    const known = modules.get(abs);
    if (known !== undefined) return known;
    let raw: string;
    try {
      raw = await read(abs);
    } catch {
      modules.set(abs, null);
      return null;
    }
    const text = codeView(rel, raw);
    const module: SourceModule = { abs, rel, text, ...(text === raw ? {} : { raw }), inScope: true };
    modules.set(abs, module);
    return module;
  };

  const changed = options.changed.filter((rel) => listed.has(rel) || rel.endsWith('.json'));
  const importers = new Set<string>();
  // Only a module that may export a table name (the finder's own test: it names one in a table
  // position's shape, or re-exports) lends its importers one. A changed wrapper's callers are found
  // by `findReferences` (its `wrappersOf`).
  const mentions = mentionsTableTest(options.names);
  const lending: string[] = [];
  for (const rel of changed) {
    const module = await moduleOf(rel);
    if (module && (mentions(module.text) || resolver.edges(module).some((edge) => edge.reexport))) lending.push(rel);
  }
  let frontier = new Set(lending.map((rel) => path.join(root, rel)));
  const targets = new Set(frontier);
  // Each file's import specifiers, once: which of them may name a target decides what is resolved.
  const specifiers = frontier.size > 0 ? readSpecifiers(root, options.files) : [];
  for (let depth = 0; depth < MAX_DEPTH && frontier.size > 0; depth += 1) {
    const names = new Set([...frontier].flatMap(lastNames));
    const prefixes = [...new Set([...frontier].flatMap((abs) => bareNames(abs, aliases, workspace)))];
    const next = new Set<string>();
    for (const [index, rel] of options.files.entries()) {
      const list = specifiers[index];
      if (!list || !list.some((s) => names.has(lastName(s)) || (!s.startsWith('.') && prefixes.some((p) => s.startsWith(p))))) continue;
      const module = await moduleOf(rel);
      if (!module) continue;
      for (const edge of resolver.edges(module)) {
        if (![...frontier].some((abs) => mayMean(edge.specifier, abs, aliases))) continue;
        const target = await resolver.resolve(module, edge.specifier);
        if (!target || !frontier.has(target.abs) || target.abs === module.abs) continue;
        if (!changed.includes(rel)) importers.add(rel);
        if (edge.reexport && !targets.has(module.abs)) next.add(module.abs);
      }
    }
    for (const abs of next) targets.add(abs);
    frontier = next;
  }

  // What the changed files and their importers use: wrappers they call, constants they pass.
  const imported = new Set<string>();
  let level = [...changed.filter((rel) => listed.has(rel)), ...importers];
  const seen = new Set(level);
  for (let depth = 0; depth < MAX_DEPTH && level.length > 0; depth += 1) {
    const following: string[] = [];
    for (const rel of level) {
      const module = await moduleOf(rel);
      if (!module) continue;
      for (const edge of resolver.edges(module)) {
        const target = await resolver.resolve(module, edge.specifier);
        if (!target || !listed.has(target.rel) || seen.has(target.rel)) continue;
        seen.add(target.rel);
        imported.add(target.rel);
        following.push(target.rel);
      }
    }
    level = following;
  }

  const files = [...new Set([...changed.filter((rel) => listed.has(rel)), ...importers, ...imported])].sort(compare);
  return { files, importers: [...importers].sort(compare), imported: [...imported].sort(compare), lending: lending.sort(compare) };
}

/**
 * Resolution tries up to 16 paths per specifier, most of which do not exist: a folder's entries,
 * read once, answer for all of them without a failing read each.
 */
function listedFirst(read: Read): Read {
  const folders = new Map<string, ReadonlySet<string> | null>();
  return (abs) => {
    const dir = path.dirname(abs);
    let names = folders.get(dir);
    if (names === undefined) {
      try {
        names = new Set(readdirSync(dir));
      } catch {
        names = null;
      }
      folders.set(dir, names);
    }
    if (!names?.has(path.basename(abs))) throw Object.assign(new Error(`ENOENT: ${abs}`), { code: 'ENOENT' });
    return read(abs);
  };
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Every file's module specifiers (undefined for a file that cannot be read: it imports nothing). */
function readSpecifiers(root: string, files: readonly string[]): Array<string[] | undefined> {
  return files.map((rel) => {
    let text: string;
    try {
      text = readSourceText(path.join(root, rel));
    } catch {
      return undefined;
    }
    return importEdges(text, () => true).map((edge) => edge.specifier);
  });
}

const STRIP_EXTENSION = /\.(?:[cm]?[jt]sx?|json|vue|svelte|astro)$/;

/** The last segments of the specifiers that may mean a module: its file name, or an index file's folder or `.`/`..`. */
function lastNames(abs: string): string[] {
  const stem = path.basename(abs).replace(STRIP_EXTENSION, '');
  return stem === 'index' ? [stem, path.basename(path.dirname(abs)), '', '.', '..'] : [stem];
}

/** A specifier's last segment without its extension. */
function lastName(specifier: string): string {
  return specifier.slice(specifier.lastIndexOf('/') + 1).replace(STRIP_EXTENSION, '');
}

/**
 * Bare specifiers that may mean a module whatever their last segment: those of the workspace
 * package it lies in (its `exports` may map any name to it) and exact tsconfig `paths` keys.
 */
function bareNames(abs: string, aliases: PathAliases | undefined, workspace: Workspace | undefined): string[] {
  const names: string[] = [];
  for (const pattern of aliases?.patterns ?? []) if (!pattern.wildcard) names.push(pattern.prefix);
  for (const [name, { dir }] of workspace?.packages ?? []) {
    const rel = path.relative(dir, abs);
    if (!rel.startsWith('..') && !path.isAbsolute(rel)) names.push(name);
  }
  return names;
}

/**
 * Whether a specifier may resolve to the module (checked before resolving it, which costs file
 * reads): its last segment is the module's file name, or its folder's for an index file; a bare
 * package or alias specifier may mean any file, except through a wildcard alias, which keeps the
 * last segment.
 */
function mayMean(specifier: string, abs: string, aliases: PathAliases | undefined): boolean {
  const stem = path.basename(abs).replace(STRIP_EXTENSION, '');
  const last = lastName(specifier);
  if (last === stem) return true;
  if (stem === 'index' && (last === path.basename(path.dirname(abs)) || last === '' || last === '.' || last === '..')) return true;
  if (specifier.startsWith('.')) return false;
  const wildcard = aliases?.patterns.find((p) => p.wildcard && specifier.startsWith(p.prefix) && specifier.endsWith(p.suffix));
  return wildcard === undefined;
}
