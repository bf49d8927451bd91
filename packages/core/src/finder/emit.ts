import ts from './typescript.js';
import type { RenameMap } from '../config.js';
import type { Reference, ReferenceKind, TextEdit } from '../reference.js';
import { literalText, sourceRange, type LiteralText, type StringLike } from './literal.js';
import { isIgnored, type SourceModule } from './module.js';
import type { SelectName } from './select.js';

/**
 * A piece of text a table name may be read from: one literal, or the literal pieces of a
 * concatenation (`'*, ' + 'customers(*)'`), each mapped back to its source characters.
 */
export interface TextPieces {
  readonly value: string;
  readonly pieces: ReadonlyArray<{ readonly literal: LiteralText; readonly module: SourceModule; readonly from: number }>;
}

export function onePiece(literal: LiteralText, module: SourceModule): TextPieces {
  return { value: literal.value, pieces: [{ literal, module, from: 0 }] };
}

export function joinPieces(nodes: ReadonlyArray<{ node: StringLike; module: SourceModule }>): TextPieces {
  let value = '';
  const pieces = nodes.map(({ node, module }) => {
    const literal = literalText(node, module.text);
    const piece = { literal, module, from: value.length };
    value += literal.value;
    return piece;
  });
  return { value, pieces };
}

/**
 * Collects references, one per place: a constant used as a table twice is still one literal to
 * change. A reference is ignored only if every use of its place is (or its declaration is).
 */
export class ReferenceSink {
  private readonly seen = new Map<string, number>();
  readonly references: Reference[] = [];

  /**
   * Whether a reference counts, from the module its name is in and the node where it is used (the
   * table position, or the call that passes the name on); default: every one.
   */
  keep: ((module: SourceModule, anchor: ts.Node) => boolean) | undefined;

  constructor(private readonly map: RenameMap) {}

  /** A whole string literal names a table. `useModule` is where it is used (for ignore directives). */
  literal(kind: ReferenceKind, node: StringLike, module: SourceModule, anchor: ts.Node, useModule = module, note?: string): void {
    const name = node.text;
    if (!this.map.renames.has(name) && !this.map.newNames.has(name)) return;
    if (!module.inScope) return;
    this.name(kind, name, onePiece(literalText(node, module.text), module), 0, name.length, anchor, useModule, undefined, note);
  }

  /**
   * `value[from, to)` of `text` names `table` (when it is in the map). `editText` replaces it (default:
   * the new name). A name split over concatenated pieces is replaced in its first piece and cut from
   * the others.
   */
  name(
    kind: ReferenceKind,
    table: string,
    text: TextPieces,
    from: number,
    to: number,
    anchor: ts.Node,
    useModule: SourceModule | undefined,
    editText?: string,
    note?: string,
  ): void {
    const renamed = this.map.renames.get(table);
    if (renamed === undefined && !this.map.newNames.has(table)) return;
    const parts = text.pieces.filter((p) => p.from < to && p.from + p.literal.value.length > from);
    const first = parts[0];
    if (!first || parts.some((p) => !p.module.inScope)) return;
    const edits: TextEdit[] = parts.map((p, index) => {
      const range = sourceRange(p.literal, Math.max(from - p.from, 0), Math.min(to - p.from, p.literal.value.length));
      return { ...range, text: index === 0 ? (editText ?? renamed ?? '') : '' };
    });
    const module = first.module;
    const start = edits[0]!.start;
    const { line, character } = module.source!.getLineAndCharacterOfPosition(start);
    const ignored =
      isIgnored(module, line + 1, useModule === module ? anchorLine(anchor, module) : undefined) ||
      (useModule !== undefined && useModule !== module && isIgnored(useModule, anchorLine(anchor, useModule) ?? 0));
    this.push(module, anchor, start, kind, {
      kind,
      file: module.rel,
      line: line + 1,
      column: character + 1,
      table,
      status: renamed === undefined ? 'new' : 'old',
      ...(renamed === undefined ? {} : { newName: renamed, edit: edits[0]! }),
      ...(renamed !== undefined && edits.length > 1 ? { moreEdits: edits.slice(1) } : {}),
      ...(ignored ? { ignored: true } : {}),
      ...(note ? { note } : {}),
    });
  }

  /** A name inside a select string. */
  selectName(kind: ReferenceKind, name: SelectName, text: TextPieces, anchor: ts.Node, editText?: string, wholeToken = false): void {
    const inner = wholeToken || !name.quoted ? { from: name.start, to: name.end } : { from: name.start + 1, to: name.end - 1 };
    const home = text.pieces.find((p) => p.from <= inner.from && inner.from < p.from + p.literal.value.length)?.module;
    const useModule = home && anchor.getSourceFile() === home.source ? home : undefined;
    this.name(kind, name.name, text, inner.from, inner.to, anchor, useModule, editText ?? this.map.renames.get(name.name));
  }

  /** A select hint naming a foreign key derived from a renamed table (renameDerived): it becomes `renamed`. */
  derivedHint(name: SelectName, text: TextPieces, anchor: ts.Node, renamed: string): void {
    const inner = name.quoted ? { from: name.start + 1, to: name.end - 1 } : { from: name.start, to: name.end };
    const piece = text.pieces.find((p) => p.from <= inner.from && inner.to <= p.from + p.literal.value.length);
    if (!piece || !piece.module.inScope) return;
    const module = piece.module;
    const edit = { ...sourceRange(piece.literal, inner.from - piece.from, inner.to - piece.from), text: renamed };
    const { line, character } = module.source!.getLineAndCharacterOfPosition(edit.start);
    const home = anchor.getSourceFile() === module.source;
    this.push(module, anchor, edit.start, 'hint', {
      kind: 'hint',
      file: module.rel,
      line: line + 1,
      column: character + 1,
      table: name.name,
      status: 'old',
      newName: renamed,
      edit,
      note: `the foreign key ${name.name} is renamed to ${renamed} (renameDerived)`,
      ...(isIgnored(module, line + 1, home ? anchorLine(anchor, module) : undefined) ? { ignored: true } : {}),
    });
  }

  /** A table position whose name is only known at run time. */
  dynamic(kind: ReferenceKind, expr: ts.Node, module: SourceModule, anchor: ts.Node, note: string): void {
    if (!module.inScope) return;
    const source = module.source!;
    const start = expr.getStart(source);
    const { line, character } = source.getLineAndCharacterOfPosition(start);
    const text = expr.getText(source).replace(/\s+/g, ' ');
    this.push(module, anchor, start, kind, {
      kind,
      file: module.rel,
      line: line + 1,
      column: character + 1,
      table: text,
      status: 'dynamic',
      note,
      ...(isIgnored(module, line + 1, anchorLine(anchor, module)) ? { ignored: true } : {}),
    });
  }

  /** An old name at `value[from]` of `text` that a human must look at (no edit), with why. */
  flag(kind: ReferenceKind, old: string, text: TextPieces, from: number, anchor: ts.Node, note: string): void {
    const piece = text.pieces.find((p) => p.from <= from && from < p.from + p.literal.value.length);
    if (!piece) return;
    this.flagAt(kind, old, piece.module, sourceRange(piece.literal, from - piece.from, from - piece.from).start, anchor, note);
  }

  /** An old name that `node` (not a string: a class's name) stands for, which a human must write (no edit). */
  flagNode(kind: ReferenceKind, old: string, node: ts.Node, module: SourceModule, note: string): void {
    this.flagAt(kind, old, module, node.getStart(module.source!), node, note);
  }

  private flagAt(kind: ReferenceKind, old: string, module: SourceModule, start: number, anchor: ts.Node, note: string): void {
    if (!module.inScope) return;
    const { line, character } = module.source!.getLineAndCharacterOfPosition(start);
    this.push(module, anchor, start, kind, {
      kind,
      file: module.rel,
      line: line + 1,
      column: character + 1,
      table: old,
      status: 'old',
      newName: this.map.renames.get(old)!,
      note,
      ...(isIgnored(module, line + 1, anchorLine(anchor, module)) ? { ignored: true } : {}),
    });
  }

  /** A filter path naming a spread embed: a human must fix it. */
  review(node: StringLike, old: string, module: SourceModule, anchor: ts.Node): void {
    if (!module.inScope) return;
    const literal = literalText(node, module.text);
    const range = sourceRange(literal, 0, literal.value.length);
    const { line, character } = module.source!.getLineAndCharacterOfPosition(range.start);
    const renamed = this.map.renames.get(old)!;
    this.push(module, anchor, range.start, 'review', {
      kind: 'review',
      file: module.rel,
      line: line + 1,
      column: character + 1,
      table: old,
      status: 'old',
      newName: renamed,
      note: `"${node.text}" names the spread embed "${old}", which becomes "${renamed}": update the path by hand`,
      ...(isIgnored(module, line + 1, anchorLine(anchor, module)) ? { ignored: true } : {}),
    });
  }

  private push(module: SourceModule, anchor: ts.Node, start: number, kind: ReferenceKind, reference: Reference): void {
    if (this.keep && !this.keep(module, anchor)) return;
    // One place reached two ways (a `.from()` of a wrapper's own and its parameter: the same edit) is one reference.
    const edit = reference.edit;
    const key = edit ? `${module.abs}\0${edit.start}\0${edit.end}\0${edit.text}` : `${module.abs}\0${start}\0${kind}`;
    const index = this.seen.get(key);
    if (index === undefined) {
      this.seen.set(key, this.references.length);
      this.references.push(reference);
    } else if (this.references[index]!.ignored && !reference.ignored) {
      this.references[index] = reference;
    }
  }
}

/** The 1-based line where the statement holding `node` starts: a directive above it covers it all. */
export function anchorLine(node: ts.Node, module: SourceModule): number | undefined {
  const source = module.source;
  if (!source || node.getSourceFile() !== source) return undefined;
  let statement: ts.Node = node;
  while (statement.parent && !ts.isSourceFile(statement.parent) && !ts.isBlock(statement.parent) && !ts.isModuleBlock(statement.parent)) {
    statement = statement.parent;
  }
  return source.getLineAndCharacterOfPosition(statement.getStart(source)).line + 1;
}

/** The 1-based line of a node in its module. */
export function lineOfNode(node: ts.Node, module: SourceModule): number {
  return module.source!.getLineAndCharacterOfPosition(node.getStart(module.source!)).line + 1;
}
