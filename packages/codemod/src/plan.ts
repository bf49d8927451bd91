import { codeView, compareByLocation, isPrismaSchema, ts, type Reference, type TextEdit, type TextEncodingName } from '@retable/core';
import type * as TS from 'typescript';
import { parseSource, syntaxProblems } from './syntax.js';

/** One splice the plan will make, with the reference it comes from. */
export interface PlannedEdit extends TextEdit {
  readonly reference: Reference;
}

/** One file the codemod changes. */
export interface FilePlan {
  /** Path relative to the project root, posix separators. */
  readonly file: string;
  /** The text as read (BOM included); `applyPlan` refuses to write if the file no longer has it. */
  readonly original: string;
  /** The text after the edits. */
  readonly text: string;
  /** Sorted by position (ascending); applied right to left, so no offset shifts. */
  readonly edits: readonly PlannedEdit[];
  /** The file's encoding when it is not UTF-8 (UTF-16 by its BOM): written back in it. */
  readonly encoding?: TextEncodingName;
}

/** A file left exactly as it is, and why. Line and column are 1-based. */
export interface FileProblem {
  readonly file: string;
  readonly line: number;
  readonly column: number;
  readonly message: string;
}

export interface EditPlan {
  /** Files whose text changes, sorted by path. */
  readonly files: readonly FilePlan[];
  /** Files that had edits but are left untouched (conflicting edits, unsafe splice, …), sorted. */
  readonly problems: readonly FileProblem[];
}

// File plans planEdits built and checked (the edits are inside literals, the text parses): the
// writer need not parse them again (two parses of a 20 MB file cost seconds and a gigabyte).
const checkedPlans = new WeakSet<FilePlan>();

/** Whether `file` comes from planEdits, which checked that its text adds no syntax error. */
export function isCheckedPlan(file: FilePlan): boolean {
  return checkedPlans.has(file);
}

/**
 * Splice `edits` into `text` in one pass, left to right: the pieces between edits and the new
 * texts are joined once, so the time is linear in the file's size however many edits it has.
 * The edits must not overlap (planEdits checks).
 */
export function applyEdits(text: string, edits: readonly TextEdit[]): string {
  const parts: string[] = [];
  let at = 0;
  for (const edit of [...edits].sort((a, b) => a.start - b.start || a.end - b.end)) {
    parts.push(text.slice(at, edit.start), edit.text);
    at = edit.end;
  }
  parts.push(text.slice(at));
  return parts.join('');
}

/**
 * Turn references into per-file edits. Pure: `sources` maps each file (as in `Reference.file`) to
 * its text as read. Only old, not ignored references that carry an edit are applied. A file whose
 * edits collide, fall outside a string literal, or would add a syntax error is left out of
 * `files` and reported in `problems`: the codemod changes a file completely or not at all.
 * `trees` (optional, the finder's `sources`) holds syntax trees already parsed from those texts;
 * a tree is used only if it was parsed from exactly the text in `sources`.
 */
export function planEdits(
  references: readonly Reference[],
  sources: ReadonlyMap<string, string>,
  trees?: ReadonlyMap<string, TS.SourceFile>,
): EditPlan {
  const byFile = new Map<string, Reference[]>();
  for (const reference of references) {
    if (reference.status !== 'old' || reference.ignored || !reference.edit) continue;
    let list = byFile.get(reference.file);
    if (!list) byFile.set(reference.file, (list = []));
    list.push(reference);
  }
  const files: FilePlan[] = [];
  const problems: FileProblem[] = [];
  for (const file of [...byFile.keys()].sort()) {
    const result = planFile(file, byFile.get(file)!, sources.get(file), trees?.get(file));
    if ('message' in result) problems.push(result);
    else if (result.text !== result.original) files.push(result);
  }
  problems.sort(compareByLocation);
  return { files, problems };
}

function checked(plan: FilePlan): FilePlan {
  checkedPlans.add(plan);
  return plan;
}

function planFile(file: string, references: Reference[], original: string | undefined, tree?: TS.SourceFile): FilePlan | FileProblem {
  const problem = (at: { line: number; column: number }, message: string): FileProblem => ({
    file,
    line: at.line,
    column: at.column,
    message,
  });
  const first = [...references].sort(compareByLocation)[0]!;
  if (original === undefined) return problem(first, 'has edits but its text was not read; left unchanged');
  const edits = references
    .flatMap((reference) => [reference.edit!, ...(reference.moreEdits ?? [])].map((edit) => ({ ...edit, reference })))
    .filter((edit) => original.slice(edit.start, edit.end) !== edit.text)
    .sort((a, b) => a.start - b.start || a.end - b.end);
  for (const [index, edit] of edits.entries()) {
    const { start, end, text } = edit;
    if (!Number.isInteger(start) || !Number.isInteger(end) || start < 0 || end < start || end > original.length) {
      return problem(edit.reference, `edit [${start}, ${end}) is outside the file (length ${original.length}); left unchanged`);
    }
    const previous = edits[index - 1];
    // Touching edits (previous.end === start) are allowed only when neither is an insertion:
    // two insertions at one point have no defined order.
    if (previous && (previous.end > start || (previous.end === start && (previous.start === previous.end || start === end)))) {
      const what = previous.start === start && previous.end === end ? 'duplicate' : 'overlapping';
      return problem(edit.reference, `${what} edits at offset ${start}; left unchanged`);
    }
  }
  if (edits.length === 0) return { file, original, text: original, edits };
  const text = applyEdits(original, edits);
  // A Prisma schema is not code: its edits (a `@@map` string, an inserted `@@map` line) stand as found.
  if (isPrismaSchema(file)) return { file, original, text, edits };
  // The syntax checks read the code as the finder did: a component file through its code view
  // (script blocks in place, markup blanked), which the edits must leave in place.
  const view = codeView(file, original);
  const viewText = view === original ? text : applyEdits(view, edits);
  if (view !== original && codeView(file, text) !== viewText) {
    return problem(first, 'the edits would move a script block boundary; left unchanged');
  }
  if (plainSplices(file, view, viewText, edits, tree?.text === view ? tree : undefined)) {
    return checked({ file, original, text, edits });
  }
  // The full check, one step at a time, to say what is wrong.
  const sourceFile = parseSource(file, view);
  const existing = syntaxProblems(sourceFile)[0];
  if (existing) {
    // The finder reports unparsable files as parse problems; never edit one, even if asked to.
    return problem(existing, `does not parse (${existing.message}); left unchanged`);
  }
  for (const edit of edits) {
    const literal = stringLiteralAround(sourceFile, edit.start, edit.end);
    // The one edit outside a literal: a type's key that is a table name (Kysely's database type), whole, by a name.
    if (!literal && isTypeKey(sourceFile, edit.start, edit.end) && /^[A-Za-z_$][A-Za-z0-9_$]*$/.test(edit.text)) continue;
    if (!literal) {
      return problem(edit.reference, `edit [${edit.start}, ${edit.end}) is not inside a string literal; left unchanged`);
    }
    // The splice goes in as raw source text: it must not end the literal or start an escape.
    const delimiter = view[literal.getStart(sourceFile)]!;
    // In a template, a `$` or `{` at either end can join its neighbour into a substitution.
    const joined = `${view[edit.start - 1] ?? ''}${edit.text}${view[edit.end] ?? ''}`;
    if (edit.text.includes(delimiter) || /[\\\r\n\u2028\u2029]/.test(edit.text) || (delimiter === '`' && joined.includes('${'))) {
      return problem(edit.reference, `replacement ${JSON.stringify(edit.text)} could end its string literal; left unchanged`);
    }
  }
  // The original has no syntax error (checked above), so any error in the new text is gained.
  const gained = syntaxProblems(parseSource(file, viewText))[0];
  if (gained) {
    return problem(gained, `the edits would add a syntax error (${gained.message}); left unchanged`);
  }
  return checked({ file, original, text, edits });
}

// Characters that could end a literal, start an escape or a substitution, or join one with a neighbour.
const UNPLAIN = /['"`\\$\{\r\n\u2028\u2029]/;

/**
 * The common case, checked with at most one parse instead of two: every splice replaces plain text
 * (no quote, backslash, `$`, `{` or line break, before or after) inside a string literal that has
 * no escape at all, in a text that parses without error. Then the other text holds the same
 * literals with the same delimiters around the other side of each splice, and every other token
 * is the same, so it parses too: the full check would accept the file. `tree`, the original's
 * syntax tree when the caller has one, saves the parse; otherwise the result is parsed.
 * Anything else goes through the full check, which also says what is wrong.
 */
function plainSplices(file: string, original: string, text: string, edits: readonly PlannedEdit[], tree?: TS.SourceFile): boolean {
  if (edits.some((edit) => UNPLAIN.test(edit.text) || UNPLAIN.test(original.slice(edit.start, edit.end)))) return false;
  const sourceFile = tree ?? parseSource(file, text);
  if (syntaxProblems(sourceFile).length > 0) return false;
  let shift = 0;
  for (const edit of edits) {
    // In the result, each splice starts where the earlier ones moved it.
    const start = tree ? edit.start : edit.start + shift;
    const end = tree ? edit.end : start + edit.text.length;
    shift += edit.text.length - (edit.end - edit.start);
    const literal = stringLiteralAround(sourceFile, start, end);
    if (!literal || sourceFile.text.slice(literal.getStart(sourceFile), literal.end).includes('\\')) return false;
  }
  return true;
}

/**
 * The string or template literal token whose content (between its delimiters) holds [start, end),
 * or undefined when the range is anywhere else: code, comments, a literal's quotes.
 */
export function stringLiteralAround(sourceFile: TS.SourceFile, start: number, end: number): TS.Node | undefined {
  const [node] = deepestAround(sourceFile, start, end, (child) => LITERAL_KINDS.has(child.kind));
  if (!node) return undefined;
  const open = node.getStart(sourceFile) + 1;
  const close = node.kind === ts.SyntaxKind.TemplateHead || node.kind === ts.SyntaxKind.TemplateMiddle ? node.end - 2 : node.end - 1;
  return open <= start && end <= close ? node : undefined;
}

const LITERAL_KINDS: ReadonlySet<TS.SyntaxKind> = new Set([
  ts.SyntaxKind.StringLiteral, ts.SyntaxKind.NoSubstitutionTemplateLiteral, ts.SyntaxKind.TemplateTail,
  ts.SyntaxKind.TemplateHead, ts.SyntaxKind.TemplateMiddle,
]);

/**
 * Down from the file through the nodes around [start, end) to the first that `stop` accepts, with its
 * parent; none when the range leaves every child first.
 */
function deepestAround(sourceFile: TS.SourceFile, start: number, end: number, stop: (node: TS.Node) => boolean): [TS.Node | undefined, TS.Node] {
  let node: TS.Node = sourceFile;
  for (;;) {
    // `pos` includes leading trivia, so this finds the child cheaply (no getStart per child); a range
    // in that trivia then fails the caller's check or finds nothing further down.
    const next: TS.Node | undefined = node.forEachChild(
      (child) => (child.pos <= start && end <= child.end ? child : undefined),
      // Lists (a file's statements, a big array literal) are sorted by position: a binary search
      // keeps one lookup logarithmic, so a file's edits cost linear time, not edits × statements.
      (children) => childAround(children, start, end),
    );
    if (!next || stop(next)) return [next, node];
    node = next;
  }
}

/** Whether [start, end) is exactly the name of a property signature (`orders: Orders` in `interface DB`). */
function isTypeKey(sourceFile: TS.SourceFile, start: number, end: number): boolean {
  const [node, parent] = deepestAround(sourceFile, start, end, (child) => child.kind === ts.SyntaxKind.Identifier);
  return node !== undefined && node.getStart(sourceFile) === start && node.end === end && ts.isPropertySignature(parent) && parent.name === node;
}

function childAround(children: TS.NodeArray<TS.Node>, start: number, end: number): TS.Node | undefined {
  let low = 0;
  let high = children.length - 1;
  while (low <= high) {
    const middle = (low + high) >> 1;
    const child = children[middle]!;
    if (child.end < end) low = middle + 1;
    else if (child.pos > start) high = middle - 1;
    else return child.pos <= start && end <= child.end ? child : undefined;
  }
  return undefined;
}
