import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { planEdits } from '@retable/codemod';
import { findReferences, listSourceFiles, mayNameTables, toPosix, type FindResult, type LoadedConfig, type Reference, type ts } from '@retable/core';
import { locateConfig, readConfig, type ConfigLocation } from './config.js';
import { stampOf } from './stamp.js';

/**
 * The analysis behind the rule, per project and per lint run: the finder over the whole project
 * once (what `retable codemod` and `retable verify` see), then each linted text against it.
 * ESLint lints file by file and hands over the editor's buffer; the finder works on whole projects,
 * because a constant declared in one module is a reference only where another module uses it as a
 * table. So the project's analysis is kept, and a linted text that differs from it (an unsaved
 * buffer, a file being fixed) is analysed again with the same finder, the rest of the project
 * read as the project analysis read it.
 */

export interface LintRequest {
  /** ESLint's working directory. */
  readonly cwd: string;
  /** The rule's `configFile` option. */
  readonly configFile?: string | undefined;
  /** Absolute path of the linted file (ESLint's physical filename). */
  readonly filename: string;
  /** The text ESLint parsed (its SourceCode text: BOM removed). */
  readonly text: string;
  readonly hasBOM: boolean;
  /** Seconds a project analysis is reused (an editor's server lives longer than one run). */
  readonly cacheLifetime: number;
}

/** A reference in the linted text, with its fix when the codemod would rewrite it. */
export interface LintFinding {
  readonly reference: Reference;
  /** 0-based line/column offsets are ESLint's: these are offsets into the text ESLint parsed. */
  readonly start: number;
  readonly end: number;
  /**
   * The codemod's splices for this reference, in ESLint's offsets: one, or more when the name is
   * split over concatenated literals (the new name in the first piece, the others cut).
   */
  readonly fix?: ReadonlyArray<{ readonly start: number; readonly end: number; readonly text: string }>;
}

export interface LintResponse {
  readonly findings: readonly LintFinding[];
  /** The config file the answer comes from, and its stamp then (see `stampOf`). */
  readonly configPath: string;
  readonly configStamp: string;
  /** Why the codemod would leave this file unchanged, when it would (then no finding has a fix). */
  readonly planProblem?: string;
}

/** The config and the files the CLI scans, per lint run. */
interface Project {
  readonly loaded: LoadedConfig;
  /**
   * The files the CLI scans (config include/exclude, typesFile left out), listed when first needed;
   * grows with new files.
   */
  files?: Promise<Set<string>>;
  /** Files created after the list was made, already checked against the config's globs. */
  readonly checked: Set<string>;
  /** The finder over the whole project, made when a linted text first needs it. */
  analysis?: Promise<Analysis>;
  /** Texts read outside the project analysis (imports of an edited buffer), by absolute path. */
  readonly reads: Map<string, string | Error>;
  readonly createdAt: number;
  readonly configStamp: string;
}

interface Analysis {
  readonly found: FindResult;
  readonly byFile: ReadonlyMap<string, Reference[]>;
  /** Files holding a constant that is a reference only through another file's use of it. */
  readonly constantsUsedElsewhere: ReadonlySet<string>;
}

/** Per ESLint working directory and config option: the project in use, and the one being made. */
interface Slot {
  current?: Project;
  next?: Promise<Project>;
}

const slots = new Map<string, Slot>();

async function buildProject(location: ConfigLocation, analyse: boolean): Promise<Project> {
  const createdAt = Date.now();
  const loaded = await readConfig(location);
  const project: Project = {
    loaded,
    checked: new Set(),
    reads: new Map(),
    createdAt,
    configStamp: stampOf(loaded.configPath),
  };
  if (analyse) await analysisOf(project);
  return project;
}

function filesOf(project: Project): Promise<Set<string>> {
  const { root, config } = project.loaded;
  return (project.files ??= listSourceFiles({ root, config }).then((files) => new Set(files)));
}

function analysisOf(project: Project): Promise<Analysis> {
  return (project.analysis ??= analyseProject(project));
}

async function analyseProject(project: Project): Promise<Analysis> {
  const { root, map } = project.loaded;
  const found = await findReferences({ root, map, files: [...(await filesOf(project))].sort() });
  const byFile = new Map<string, Reference[]>();
  for (const reference of found.references) {
    let references = byFile.get(reference.file);
    if (!references) byFile.set(reference.file, (references = []));
    references.push(reference);
  }
  // A constant found by analysing the file alone is found again in an edited buffer; one that is
  // only a reference because another file uses it needs the other files too.
  const constantsUsedElsewhere = new Set<string>();
  for (const [file, references] of byFile) {
    if (!references.some((r) => r.kind === 'constant')) continue;
    const text = found.texts.get(file);
    if (text === undefined) continue;
    const alone = await findReferences({ root, map, files: [file], readFile: readerFor(root, found, new Map(), file, text) });
    const key = (r: Reference) => `${r.kind}\0${r.line}\0${r.column}\0${r.status}`;
    const own = new Set(alone.references.filter((r) => r.file === file).map(key));
    if (references.some((r) => !own.has(key(r)))) constantsUsedElsewhere.add(file);
  }
  return { found, byFile, constantsUsedElsewhere };
}

/**
 * The project for a request: made once per run. An editor's ESLint server lives for many runs, so
 * after `cacheLifetime` seconds a new one is made in the background while the old one still
 * answers; a changed config file is read again at once.
 */
async function projectFor(request: LintRequest): Promise<Project> {
  const location = locateConfig(request.cwd, request.configFile, request.filename, request.cacheLifetime);
  const key = `${location.cwd}\0${location.configPath}`;
  let slot = slots.get(key);
  if (!slot) slots.set(key, (slot = {}));
  const { current } = slot;
  if (current && stampOf(current.loaded.configPath) !== current.configStamp) {
    slot.current = undefined;
    slot.next = undefined;
  } else if (current && Date.now() - current.createdAt <= request.cacheLifetime * 1000) {
    return current;
  }
  if (!slot.next) {
    const next = buildProject(location, slot.current?.analysis !== undefined);
    slot.next = next;
    next.then(
      (project) => {
        if (slot.next === next) [slot.current, slot.next] = [project, undefined];
      },
      () => {
        if (slot.next === next) slot.next = undefined;
      },
    );
  }
  return slot.current ?? slot.next;
}

/** A file created after the project's file list: is it one the CLI would scan? Checked once. */
async function isNewProjectFile(project: Project, file: string, absolutePath: string): Promise<boolean> {
  const files = await filesOf(project);
  if (project.checked.has(file)) return false;
  let born: number;
  try {
    const stats = statSync(absolutePath);
    born = stats.birthtimeMs || stats.ctimeMs;
  } catch {
    return false;
  }
  if (born < project.createdAt) return false;
  project.checked.add(file);
  const { root, config } = project.loaded;
  const listed: string[] = await listSourceFiles({ root, config, paths: [file] }).catch(() => []);
  if (!listed.includes(file)) return false;
  files.add(file);
  return true;
}

/**
 * Reads for the finder: the linted file from the buffer, the others as the project analysis read
 * them (so every module agrees with one snapshot), else from disk once.
 */
function readerFor(
  root: string,
  found: FindResult | undefined,
  reads: Map<string, string | Error>,
  file: string,
  text: string,
): (absolutePath: string) => string {
  const linted = path.join(root, file);
  return (absolutePath) => {
    if (absolutePath === linted) return text;
    const known = found?.texts.get(toPosix(path.relative(root, absolutePath)));
    if (known !== undefined) return known;
    let read = reads.get(absolutePath);
    if (read === undefined) {
      try {
        read = readFileSync(absolutePath, 'utf8');
      } catch (error) {
        read = error as Error;
      }
      reads.set(absolutePath, read);
    }
    if (read instanceof Error) throw read;
    return read;
  };
}

/** The references in one linted text, as the codemod and verify see them, each with the codemod's edit. */
export async function lintText(request: LintRequest): Promise<LintResponse> {
  const project = await projectFor(request);
  const { root, map } = project.loaded;
  const file = toPosix(path.relative(root, request.filename));
  const config = { configPath: project.loaded.configPath, configStamp: project.configStamp };
  // Whether the CLI scans this file; the project's files are listed only once a text needs it.
  const scanned = async () => (await filesOf(project)).has(file) || isNewProjectFile(project, file, request.filename);
  // The finder's offsets count a BOM; ESLint's text has none.
  const bom = request.hasBOM ? 1 : 0;
  const text = (bom ? '\uFEFF' : '') + request.text;

  let references: readonly Reference[];
  // The finder's syntax tree of this very text, if it parsed it: the plan then parses nothing again.
  let trees: ReadonlyMap<string, ts.SourceFile> | undefined;
  // Only a text that names a table can hold one another module uses (a constant, a select
  // string); any other text is analysed alone, without waiting for the whole project's analysis.
  const analysis = mayNameTables(text, map) || /\\[ux]/.test(text) ? await analysisOf(project) : undefined;
  if (analysis && !(await scanned())) return { findings: [], ...config };
  if (analysis && analysis.found.texts.get(file) === text) {
    references = analysis.byFile.get(file) ?? [];
    trees = analysis.found.sources;
  } else {
    const files = [file];
    if (analysis?.constantsUsedElsewhere.has(file)) {
      for (const other of analysis.found.sources.keys()) if (other !== file) files.push(other);
    }
    const readFile = readerFor(root, analysis?.found, project.reads, file, text);
    const found = await findReferences({ root, map, files, readFile });
    references = found.references.filter((r) => r.file === file);
    trees = found.sources;
    if (references.length > 0 && !analysis && !(await scanned())) return { findings: [], ...config };
  }

  const plan = planEdits(references, new Map([[file, text]]), trees);
  const edits = new Map<Reference, Array<{ start: number; end: number; text: string }>>();
  for (const edit of plan.files[0]?.edits ?? []) {
    let splices = edits.get(edit.reference);
    if (!splices) edits.set(edit.reference, (splices = []));
    splices.push({ start: edit.start - bom, end: edit.end - bom, text: edit.text });
  }
  const findings = references.map((reference): LintFinding => {
    const start = offsetOf(text, reference.line, reference.column) - bom;
    const fix = edits.get(reference);
    return {
      reference,
      start,
      end: start + (/[\r\n]/.test(reference.table) ? 0 : reference.table.length),
      ...(fix ? { fix } : {}),
    };
  });
  const problem = plan.problems[0];
  return { findings, ...config, ...(problem ? { planProblem: problem.message } : {}) };
}

/** UTF-16 offset of a 1-based line and column. */
function offsetOf(text: string, line: number, column: number): number {
  let at = 0;
  for (let current = 1; current < line; current += 1) {
    const next = text.indexOf('\n', at);
    if (next === -1) break;
    at = next + 1;
  }
  return at + column - 1;
}
