import path from 'node:path';
import type { RenameMap } from '../config.js';
import { readSourceText } from '../encoding.js';
import type { PathAliases } from './aliases.js';
import type { SourceModule } from './module.js';
import { isPrismaSchema } from './prisma.js';
import { codeView } from './script-blocks.js';
import { mentionsTableTest } from './prefilter.js';
import { decider, type Need } from './classify.js';
import { isPlainRelative } from './read-files.js';
import { createResolver, type Read } from './resolve.js';
import type { Workspace } from './workspace.js';

export { resolutionKey, type Read } from './resolve.js';
export { classifier, type Need } from './classify.js';
export { readRangeSync } from './read-files.js';

/**
 * The finder's text stage, without the TypeScript compiler: read the files, pre-filter them, and
 * resolve the imports the analysis may follow.
 */
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
  /**
   * The whole project's files when `files` is only a part of them (`verify --changed`): a module of
   * the project that an import leads to gets references too, and `more(want, true)` searches them all.
   */
  readonly project?: readonly string[];
  /**
   * Called with each scanned file that will be parsed whatever its imports (it names a table, or may
   * have a dynamic one) as soon as it is read: the caller parses it while other threads still read.
   */
  readonly early?: (module: SourceModule) => void;
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
   * reaches a table position need not name a table themselves. With `project` true, the files of
   * `ScanInput.project` instead.
   */
  readonly more: (want: (text: string) => boolean, project?: boolean) => Promise<SourceModule[]>;
}

const READ_CONCURRENCY = 64;

// Decoded by BOM: UTF-8, or UTF-16 when a BOM says so (a generated types file saved by Windows tools).
export const readUtf8: Read = (file) => readSourceText(file);

export async function scan(input: ScanInput): Promise<ScanOutput> {
  const { root, read, aliases } = input;
  // Whether a module names a table where a table name can stand (a whole literal, an embed, a hint).
  const mentionsTable = mentionsTableTest(input.names);
  const hits = new Map<string, boolean>();
  const mentions = (module: SourceModule): boolean => {
    let hit = hits.get(module.abs);
    if (hit === undefined) {
      hit = mentionsTable(module.text);
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
    if (need !== 'imports') input.early?.(module);
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

  const project = input.project ? new Set(input.project) : undefined;
  const { resolve, edges, resolved } = createResolver({
    root,
    aliases,
    workspace: input.workspace,
    read,
    modules,
    // A scanned file the pre-filter dropped, or (with `project`) any file of the project.
    inScope: (abs, rel) => dropped.has(abs) || (project?.has(rel) ?? false),
  });

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
  // A module reached again no shallower than before has nothing new to preload.
  const preloadedAt = new Map<SourceModule, number>();
  const preload = async (module: SourceModule, depth: number): Promise<void> => {
    const before = preloadedAt.get(module);
    if (before !== undefined && before <= depth) return;
    preloadedAt.set(module, depth);
    // Kysely's database type (`Kysely<DB>`) is read through the modules its parts come from.
    const schemaTypes = module.text.includes('Kysely<');
    for (const edge of edges(module)) {
      const target = await resolve(module, edge.specifier);
      if (target && depth < 4 && (schemaTypes || (await mayExportNames(target)))) await preload(target, depth + 1);
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
  const more = async (want: (text: string) => boolean, project = false): Promise<SourceModule[]> => {
    const found: SourceModule[] = [];
    const indexOf = project && input.project ? new Map(input.files.map((rel, index) => [rel, index])) : undefined;
    for (const [at, rel] of ((project && input.project) || input.files).entries()) {
      const index = indexOf ? indexOf.get(rel) : at;
      const kept = index === undefined ? undefined : scanned[index];
      if (kept && parsed.has(kept)) continue;
      const abs = path.join(root, rel);
      if (isPrismaSchema(rel)) continue;
      let module = kept ?? modules.get(abs) ?? undefined;
      let text = module?.text;
      let raw = text;
      if (text === undefined) {
        try {
          const read = input.read(abs);
          raw = typeof read === 'string' ? read : await read;
        } catch (error) {
          // A project file outside `files` that cannot be read is not one verify was asked to check.
          if (index === undefined) continue;
          throw error;
        }
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
