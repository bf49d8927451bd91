import path from 'node:path';
import type { RenameMap } from '../config.js';
import { compareByLocation, type ParseProblem, type Reference } from '../reference.js';
import { Analyzer } from './analyze.js';
import { holdsMigration, isMigrationFile, parseModule, type SourceModule } from './module.js';
import { packageDependencies } from './packages.js';
import { loadPathAliases } from './paths.js';
import { codeView } from './script-blocks.js';
import { loadSqlFinder, mayRunSql, sqlShapePattern, type SqlModule } from './sql-strings.js';
import { loadWorkspace } from './workspace.js';
import { readInParallel, readThreads } from './read-files.js';
import { readRangeSync, readUtf8, resolutionKey, scan } from './scan.js';
import type ts from './typescript.js';
import { saveTypeScriptCache } from './typescript.js';

/** How many times the callers of wrappers are searched for (a wrapper of a wrapper of …). */
const MAX_WRAPPER_ROUNDS = 3;

export interface FindReferencesOptions {
  /** Absolute project root. */
  readonly root: string;
  readonly map: RenameMap;
  /** Files to scan: posix paths relative to root (what `listSourceFiles` returns). */
  readonly files: readonly string[];
  /**
   * Reads a file as text (default: fs, utf8). Also used for imported modules outside `files`.
   * It may return the text directly: sync reads are much faster for many small files.
   */
  readonly readFile?: (absolutePath: string) => string | Promise<string>;
  /**
   * Threads that read and pre-filter the files, this one included (default: by the number of files
   * and cores, see `readThreads`; 1 reads on this thread only). The outcome is the same either way.
   */
  readonly threads?: number;
  /**
   * The whole project's files when `files` is only a part of them (`verify --changed`): references
   * in any of them that the analysis of `files` reaches are reported (the constant a changed file
   * imports), and callers of wrappers are searched among all of them.
   */
  readonly project?: readonly string[];
  /**
   * Files (posix, relative) whose exported functions that pass a parameter on to a table position
   * get their callers searched (and those of the wrappers that pass a parameter on to them) even when
   * no analysed file calls them: with `project`, the changed files, whose callers are not among `files`.
   */
  readonly wrappersOf?: ReadonlySet<string>;
  /**
   * Files analysed with `files` only for what they lend them (the wrappers a changed file calls, the
   * constants it uses): a reference whose name and table position both lie outside `files` (and
   * outside the callers found) is not reported.
   */
  readonly context?: readonly string[];
}

export interface FindResult {
  /** Every table reference, sorted by file, line, column. */
  readonly references: Reference[];
  /** Listed files that could not be read (permission, deleted meanwhile), with the error code: not checked. */
  readonly unreadable: ReadonlyArray<{ readonly file: string; readonly code: string }>;
  /** Files that do not parse; they yield no references. */
  readonly parseProblems: ParseProblem[];
  readonly filesScanned: number;
  /** Files that passed the text pre-filter and were parsed. */
  readonly filesParsed: number;
  /**
   * The syntax trees of the scanned files that parsed without error (posix paths relative to the
   * root), each of exactly the text `readFile` returned (a component's of its code view, `codeView`): the codemod checks its splices against them
   * instead of parsing the files again.
   */
  readonly sources: ReadonlyMap<string, ts.SourceFile>;
  /**
   * The texts of every module the analysis looked at (posix paths relative to the root; the parsed
   * files and the modules their imports resolve to), exactly as read: every file a reference points
   * into is among them.
   */
  readonly texts: ReadonlyMap<string, string>;
  /** With `project`: the files outside `files` analysed because they call a wrapper (sorted). */
  readonly callers: readonly string[];
}

/**
 * Find every place the files name a table of the rename map.
 *
 * Files are read once; a whole-word pre-filter picks the ones that mention an old or new name in a
 * shape a table position can have (a whole string literal, a select embed or hint). Two
 * kinds of files need parsing without naming a table: those with a `.from(x)` whose argument is not
 * a quoted string (or a realtime subscription), which may be dynamic references, and those that
 * import (directly or through `export … from` barrels) from a module that names a table and have a
 * table position, since `.from(T)` or `.select(COLUMNS)` with an imported constant need not contain
 * the name itself. Only those are parsed.
 */
export async function findReferences(options: FindReferencesOptions): Promise<FindResult> {
  const { map } = options;
  const root = path.resolve(options.root);
  const read = options.readFile ?? readUtf8;
  // Listed files that could not be read: reported, not checked; the others are.
  const unreadable: Array<{ file: string; code: string }> = [];
  // Relative specifiers and tsconfig `paths` aliases are project modules; anything else is a package.
  const aliases = await loadPathAliases(root, read);
  const workspace = await loadWorkspace(root, read);

  const { toParse, resolved, more } = await scan({
    root,
    files: options.context ? [...options.files, ...options.context] : options.files,
    names: map,
    aliases,
    workspace,
    read,
    ...(options.project ? { project: options.project } : {}),
    // Parsed as read: with worker threads, this thread parses while they read.
    early: (module) => void parseModule(module),
    // Sync reads of small files are several times faster than fs.promises.readFile (10,000 files),
    // and on a big tree worker threads take part of them.
    ...(options.readFile
      ? {}
      : {
          readAll: (files, keep) => {
            const threads = readThreads(files.length, options.threads);
            const onUnreadable = (file: string, code: string) => unreadable.push({ file, code });
            if (threads <= 1) return readRangeSync(root, files, 0, files.length, keep, onUnreadable);
            return readInParallel({ root, files, names: map, threads, keep, unreadable: onUnreadable });
          },
        }),
  });
  const resolveSync = (from: SourceModule, specifier: string): SourceModule | null | undefined =>
    resolved.get(resolutionKey(from, specifier));

  const analyzer = new Analyzer(map, resolveSync, packageDependencies(root));
  // With `context`: the files and the callers found beyond them (added to `listed` below).
  const listed = options.project || options.context ? new Set(options.files) : undefined;
  if (options.context) analyzer.reportOnly((rel) => listed!.has(rel));
  // The Postgres parser loads only when a file to analyse has SQL that may name a table.
  const sqlShape = sqlShapePattern(map);
  if (toParse.some((module) => mayRunSql(module.text) && sqlShape.test(module.text))) analyzer.sql = await loadSqlFinder();
  const parseProblems: ParseProblem[] = [];
  const sources = new Map<string, ts.SourceFile>();
  const analyze = (modules: readonly SourceModule[]): void => {
    for (const module of modules) {
      if (!analyzer.analyze(module) && module.problem) parseProblems.push(module.problem);
      if (module.source) sources.set(module.rel, module.source);
    }
  };
  analyze(toParse);
  // Exported functions whose parameters reach a table position: their callers elsewhere are
  // analysed too, a few wrapper levels deep.
  const searched = new Set<string>();
  const wrappersOf = options.wrappersOf ? (module: SourceModule) => options.wrappersOf!.has(module.rel) : undefined;
  const outside: string[] = [];
  const context = new Set(options.context);
  for (let round = 0; round < MAX_WRAPPER_ROUNDS; round += 1) {
    const forced = new Set<string>();
    const names = [...analyzer.wrapperNames(wrappersOf, forced)].filter((name) => !searched.has(name));
    if (names.length === 0) break;
    for (const name of names) searched.add(name);
    const pattern = wordsPattern(names);
    const callers = await more((text) => pattern.test(text));
    // With `project`, the callers of a changed file's wrappers and of the wrappers passing a
    // parameter on to them are searched beyond `files` too (they need not be among `files`: importers
    // are only there when a table name may flow). Those of an unchanged wrapper that a changed file
    // calls are not: they did not change.
    const wider = names.filter((name) => forced.has(name));
    if (options.project && wider.length > 0) {
      const widerPattern = wordsPattern(wider);
      callers.push(...(await more((text) => widerPattern.test(text), true)));
    }
    toParse.push(...callers);
    if (!analyzer.sql && callers.some((module) => mayRunSql(module.text) && sqlShape.test(module.text))) analyzer.sql = await loadSqlFinder();
    for (const module of callers) {
      if (!listed || listed.has(module.rel) || context.has(module.rel)) continue;
      outside.push(module.rel);
      listed.add(module.rel);
    }
    analyze(callers);
  }
  // A wrapper's callers' SQL (`q('SELECT … FROM orders')`) is read as the wrapper's parameters are followed.
  if (analyzer.wantsSql && !analyzer.sql) analyzer.sql = await loadSqlFinder();
  analyzer.finish();
  saveTypeScriptCache();
  const texts = new Map<string, string>();
  for (const module of toParse) texts.set(module.rel, module.raw ?? module.text);
  for (const module of resolved.values()) if (module) texts.set(module.rel, module.raw ?? module.text);
  // A module with a syntax error contributes nothing, even references found through its constants.
  const broken = new Set(parseProblems.map((p) => p.file));
  // A migration file, or a file holding a migration class: decided once per file.
  const history = new Map<string, boolean>();
  const isHistory = (file: string): boolean => {
    let found = history.get(file);
    if (found === undefined) history.set(file, (found = isMigrationFile(file) || holdsMigration(texts.get(file) ?? '')));
    return found;
  };
  const references = analyzer.references
    .filter((r) => !broken.has(r.file))
    .map((r) => (r.ignored && isHistory(r.file) ? { ...r, history: true } : r))
    .sort(compareByLocation);
  return {
    references,
    unreadable: unreadable.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0)),
    parseProblems: parseProblems.sort(compareByLocation),
    filesScanned: options.files.length + (options.context?.length ?? 0),
    filesParsed: toParse.length,
    sources,
    texts,
    callers: outside.sort(),
  };
}

export interface FindInTextOptions {
  /** Posix path relative to the root; decides the script kind (tsx, js, …) and the references' file. */
  readonly file: string;
  readonly text: string;
  readonly map: RenameMap;
  /** The SQL reference finder (`await loadSqlFinder()`): without it, SQL in strings is not read. */
  readonly sql?: SqlModule;
}

export interface FileResult {
  readonly references: Reference[];
  readonly parseProblem?: ParseProblem;
}

/**
 * The finder over one file's text, without the pre-filter and without following imports (a constant
 * imported from another module is not resolved here). Pure: no I/O.
 */
export function findReferencesInText(options: FindInTextOptions): FileResult {
  const text = codeView(options.file, options.text);
  const module: SourceModule = {
    abs: options.file,
    rel: options.file,
    text,
    ...(text === options.text ? {} : { raw: options.text }),
    inScope: true,
  };
  const analyzer = new Analyzer(options.map, () => undefined);
  analyzer.sql = options.sql;
  if (!analyzer.analyze(module)) return { references: [], ...(module.problem ? { parseProblem: module.problem } : {}) };
  analyzer.finish();
  return { references: analyzer.references.sort(compareByLocation) };
}

/** Any of the identifiers as a whole word. */
function wordsPattern(names: readonly string[]): RegExp {
  return new RegExp(`(?<![A-Za-z0-9_$])(?:${names.map((n) => n.replace(/[$]/g, '\\$')).join('|')})(?![A-Za-z0-9_$])`);
}
