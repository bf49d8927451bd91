import { readFileSync } from 'node:fs';
import path from 'node:path';
import {
  compareByLocation,
  encodingLabel,
  encodingOf,
  findReferences,
  isFaithful,
  listSourceFiles,
  toPosix,
  type RenameMap,
  type Reference,
  type RetableConfig,
  type TextEncodingName,
} from '@retable/core';
import { acquireProjectLock, removeStaleTempFiles } from '@retable/core/base';
import { applyPlan, type ApplyOptions } from './apply.js';
import { planEdits, type EditPlan, type FileProblem } from './plan.js';

export interface CodemodOptions {
  /** Absolute project root. */
  readonly root: string;
  readonly config: RetableConfig;
  readonly map: RenameMap;
  /** Files or directories (relative to the root) that narrow the scan; default: the whole project. */
  readonly paths?: readonly string[];
  /** Write the plan (default: a dry run that only plans). */
  readonly write?: boolean;
  /** Threads that read and pre-filter the files (`findReferences`'s `threads`; default: by files and cores). */
  readonly threads?: number;
  /** With `write`: progress and test hooks for the writer. */
  readonly apply?: ApplyOptions;
}

export interface CodemodResult {
  /** What changes (or would change): files sorted by path, each with its old and new text. */
  readonly plan: EditPlan;
  /** Files written (empty on a dry run), sorted. */
  readonly written: readonly string[];
  /** Temporary files an interrupted earlier run left behind, removed before writing (relative, sorted). */
  readonly staleTempFiles: readonly string[];
  /** References rewritten (or, on a dry run, that would be): the edits in the files that change. */
  readonly rewritten: number;
  /** Every reference the finder returned, sorted by location. */
  readonly references: readonly Reference[];
  /** Table names not known statically (never rewritten), not ignored, sorted. */
  readonly dynamic: readonly Reference[];
  /** Old names in migration files (history: left as they are, see `isMigrationFile`). */
  readonly history: number;
  /**
   * References a human should look at: a filter path naming a spread embed, or any old name that
   * came without an edit. Sorted.
   */
  readonly review: readonly Reference[];
  /**
   * Files left exactly as they were: not parsable, not valid in their encoding (UTF-8, or UTF-16 by BOM), conflicting or unsafe edits, refused
   * or failed writes. Sorted by location; a non-empty list is a failed run.
   */
  readonly problems: readonly FileProblem[];
  readonly filesScanned: number;
  readonly filesParsed: number;
}

/**
 * The whole codemod as data: list files → find references → read the files that have edits →
 * plan → (write). Throws only for usage errors (e.g. a path outside the root); every per-file
 * problem is returned, and the other files are still processed.
 */
export async function runCodemod(options: CodemodOptions): Promise<CodemodResult> {
  if (!options.write) return codemod(options, []);
  // One writer per project from the first read to the last rename: a second run would plan from
  // texts this one is about to replace (LockedError, exit 2).
  const lock = await acquireProjectLock(options.root);
  try {
    return await codemod(options, ['.']);
  } finally {
    await lock.release();
  }
}

async function codemod(options: CodemodOptions, staleIn: string[]): Promise<CodemodResult> {
  const { root, config, map } = options;
  const files = await listSourceFiles({ root, config, ...(options.paths ? { paths: options.paths } : {}) });
  // The finder reads each file once and returns the texts it analysed; the plan splices into
  // exactly those, so its offsets cannot drift even if a file changes meanwhile (applyPlan then
  // refuses it). Every file a reference points into is among them.
  let staleTempFiles: string[] = [];
  if (staleIn.length > 0) {
    const dirs = [...staleIn, ...files.map((file) => path.dirname(file))].map((dir) => path.join(root, dir));
    staleTempFiles = (await removeStaleTempFiles(dirs)).map((file) => toPosix(path.relative(root, file)));
  }
  const found = await findReferences({ root, map, files, ...(options.threads === undefined ? {} : { threads: options.threads }) });
  const texts = new Map(found.texts);
  // A file is written back in the encoding it was read in (UTF-8, or UTF-16 by its BOM); one whose
  // bytes are not valid in that encoding would change outside the edits, so it is left alone.
  const unfaithful = new Map<string, string>();
  const encodings = new Map<string, TextEncodingName>();
  for (const [file, text] of texts) {
    const bytes = needsByteCheck(text) ? readFileSync(path.join(root, file)) : undefined;
    if (!bytes) continue;
    const encoding = encodingOf(bytes);
    if (!isFaithful(text, bytes)) unfaithful.set(file, encodingLabel(encoding));
    else if (encoding !== 'utf8') encodings.set(file, encoding);
  }
  const references = [...found.references].sort(compareByLocation);
  const problems: FileProblem[] = found.unreadable.map(({ file, code }) => ({
    file,
    line: 1,
    column: 1,
    message: `cannot be read (${code}); not checked, left unchanged`,
  }));
  problems.push(
    ...found.parseProblems.map((p) => ({
      ...p,
      message: `does not parse (${p.message}); left unchanged`,
    })),
  );
  for (const [file, encoding] of [...unfaithful].sort(([a], [b]) => (a < b ? -1 : 1))) {
    // Writing it back would change bytes outside the edits: report it only if it needs edits.
    if (references.some((r) => r.file === file && r.status === 'old' && r.edit && !r.ignored)) {
      problems.push({ file, line: 1, column: 1, message: `is not valid ${encoding}; left unchanged` });
    }
    texts.delete(file);
  }
  const planned = planEdits(references, texts, found.sources);
  const plan: EditPlan = {
    ...planned,
    files: planned.files.map((file) => (encodings.has(file.file) ? { ...file, encoding: encodings.get(file.file)! } : file)),
  };
  texts.clear();
  // The syntax trees are the biggest thing held (hundreds of MB for a 20 MB file): let them go
  // before writing.
  (found.sources as Map<string, unknown>).clear();
  problems.push(...plan.problems.filter((p) => !unfaithful.has(p.file)));
  let written: readonly string[] = [];
  let changed = plan.files;
  if (options.write) {
    const applied = await applyPlan(root, plan, options.apply);
    written = applied.written;
    problems.push(...applied.problems);
    const done = new Set(written);
    changed = plan.files.filter((file) => done.has(file.file));
  }
  return {
    plan,
    written,
    staleTempFiles,
    rewritten: changed.reduce((sum, file) => sum + file.edits.length, 0),
    references,
    dynamic: references.filter((r) => r.status === 'dynamic' && !r.ignored),
    // An old name the finder could not give an edit for is not silently dropped: a human looks at it.
    review: references.filter((r) => !r.ignored && r.status !== 'dynamic' && (r.kind === 'review' || (r.status === 'old' && !r.edit))),
    history: references.filter((r) => r.history && r.status === 'old').length,
    problems: dedupeByFile(problems).sort(compareByLocation),
    filesScanned: found.filesScanned,
    filesParsed: found.filesParsed,
  };
}

// One line per file: a file can be refused at several stages, but it is left unchanged once.
function dedupeByFile(problems: FileProblem[]): FileProblem[] {
  const seen = new Set<string>();
  return problems.filter((p) => (seen.has(p.file) ? false : (seen.add(p.file), true)));
}

/**
 * Only a text with U+FFFD (what decoding makes of an invalid UTF-8 byte) or with a BOM (UTF-16
 * files, whose bytes may be odd in number) can differ from its bytes: the others are not read again.
 */
function needsByteCheck(text: string): boolean {
  return text.charCodeAt(0) === 0xfeff || text.includes('\uFFFD');
}
