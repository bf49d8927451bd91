import ts from './typescript.js';
import type { RenameMap } from '../config.js';
import { joinPieces, lineOfNode, onePiece, type ReferenceSink, type TextPieces } from './emit.js';
import { literalText, templatePartText } from './literal.js';
import type { SourceModule } from './module.js';
import { findSqlNames, type SqlFragment, type SqlModule } from './sql-strings.js';
import type { Evaluator, Value } from './values.js';
import { skipParentheses } from './chain.js';
import { qualifiesWith } from './orm.js';

/**
 * Helpers that put a string into a tagged SQL template as SQL text or as an identifier rather than
 * as a bound value: postgres.js `sql(name)` and `sql.unsafe(text)`, Drizzle `sql.raw()` and
 * `sql.identifier()`, Kysely `sql.raw()`, `sql.id()`, `sql.table()` and `sql.ref()`, Prisma `Prisma.raw()`.
 */
const TEXT_HELPERS = new Set(['raw', 'unsafe', 'identifier', 'id', 'table', 'ref']);

/** A piece of SQL text; `spliced` when a `${}` put it in (a constant's string). */
type Piece = TextPieces['pieces'][number] & { readonly spliced?: boolean };

/** SQL held in strings and templates: relation names found with the SQL reference finder. */
export class SqlStrings {
  private readonly parsed = new Map<string, ReturnType<typeof findSqlNames>>();
  constructor(
    private readonly map: RenameMap,
    private readonly sink: ReferenceSink,
    private readonly evaluator: Evaluator,
    /** The SQL reference finder, once loaded. */
    private readonly sql: () => SqlModule | undefined,
    private readonly follow: {
      /**
       * A `${}` that stands where a table's name goes (`FROM ${table}`): what it holds is followed as
       * a table position. `tagged`: a tagged template's `${}` without a helper, where only a string
       * is a name (Drizzle puts a table object's name in: `` sql`… FROM ${users}` ``).
       */
      tableHole(expr: ts.Expression, module: SourceModule, anchor: ts.Node, tagged: boolean): void;
      /** A function's parameter run as SQL (`q(text) { return pool.query(text) }`): followed to its callers, whose SQL comes to `value`. */
      textParameter(value: Extract<Value, { kind: 'parameter' }>, expr: ts.Expression, module: SourceModule, anchor: ts.Node): void;
    },
  ) {}

  /**
   * The SQL text a call runs: a string or a template, written there or through a constant
   * (`const q = \`SELECT … ${id}\`; pool.query(q)`), or node-postgres' `{ text, values }`.
   */
  argument(argument: ts.Expression, call: ts.CallExpression, module: SourceModule, fragment?: SqlFragment): void {
    const inner = skipParentheses(argument);
    if (ts.isTaggedTemplateExpression(inner)) return; // visited on its own
    if (ts.isTemplateExpression(inner)) {
      if (this.sql()) this.template(inner, call, module, module, fragment);
      return;
    }
    const value = this.evaluator.sqlText(argument, module);
    if (value.kind === 'parameter') this.follow.textParameter(value, argument, module, call);
    else this.value(value, argument, module, call, fragment);
  }

  /** SQL text given as a value (a constant, or a caller's argument for a wrapper's parameter). */
  value(value: Value, expr: ts.Expression, module: SourceModule, anchor: ts.Node, fragment?: SqlFragment): void {
    if (!this.sql()) return;
    // A caller's template (`q(\`SELECT … ${id}\`)`) or constant template is dynamic as a plain value.
    const text = value.kind === 'dynamic' ? this.evaluator.sqlText(expr, module) : value;
    if (text.kind === 'template') {
      // Untagged: a tagged one is visited on its own.
      if (!ts.isTaggedTemplateExpression(text.node.parent)) this.template(text.node, anchor, text.module, module, fragment);
    } else if (text.kind === 'string') {
      this.pieces([onePiece(literalText(text.node, text.module.text), text.module)], anchor, module, fragment);
    } else if (text.kind === 'concat') {
      this.pieces([joinPieces(text.pieces)], anchor, module, fragment);
    }
  }

  /**
   * A template's SQL: its parts, with a `${}` that holds a constant string put in as its text when
   * the template is plain (`` `SELECT * FROM ${TABLE}` ``) or through a helper that inserts text or
   * an identifier (`` sql`… FROM ${sql(TABLE)}` ``); any other `${}` is a hole (a bound value, or a
   * piece of SQL not known here).
   */
  template(template: ts.TemplateLiteral, anchor: ts.Node, module: SourceModule, useModule = module, fragment?: SqlFragment): void {
    if (ts.isNoSubstitutionTemplateLiteral(template)) {
      this.pieces([onePiece(literalText(template, module.text), module)], anchor, useModule, fragment);
      return;
    }
    const tag = ts.isTaggedTemplateExpression(template.parent) ? template.parent.tag : undefined;
    const parts: Piece[][] = [[{ literal: templatePartText(template.head, module.text), module, from: 0 }]];
    // What each hole left between two parts holds: a helper's argument, or the expression.
    const holes: Array<{ expr: ts.Expression; tagged: boolean }> = [];
    for (const span of template.templateSpans) {
      const held = heldText(span.expression, tag);
      const spliced = held && stringPieces(this.evaluator.evaluate(held, module));
      const after: Piece = { literal: templatePartText(span.literal, module.text), module, from: 0 };
      if (spliced) {
        parts.at(-1)!.push(...spliced, after);
      } else {
        holes.push(held ? { expr: held, tagged: false } : { expr: span.expression, tagged: true });
        parts.push([after]);
      }
    }
    const tableHoles = this.pieces(parts.map(join), anchor, useModule, fragment);
    for (const hole of tableHoles) this.follow.tableHole(holes[hole]!.expr, module, anchor, holes[hole]!.tagged);
  }

  /** The SQL's names, as references or review items; returns the holes where a table's name goes. */
  private pieces(texts: readonly TextPieces[], anchor: ts.Node, useModule: SourceModule, fragment?: SqlFragment): readonly number[] {
    if (!texts[0]?.pieces[0]?.module.inScope) return [];
    // The same SQL reaches here once per path (a wrapper's callers, a constant used twice): parsed once.
    const key = `${fragment ?? ''}\0${texts.map((t) => t.value).join('\0')}`;
    let found = this.parsed.get(key);
    if (!found) this.parsed.set(key, (found = findSqlNames(this.sql()!, texts, this.map, fragment)));
    const { hits, tableHoles } = found;
    for (const hit of hits) {
      const text = texts[hit.piece]!;
      // A name in a constant put into the template: the constant is what changes.
      const elsewhere = text.pieces.some((p: Piece) => p.spliced === true && p.from < hit.to && p.from + p.literal.value.length > hit.from);
      const note = elsewhere ? `used in SQL in ${useModule.rel}:${lineOfNode(anchor, useModule)}` : undefined;
      // knex's `.fromRaw('orders')` with `.orderBy('orders.id')` around it: the old name stays as the alias.
      const written = text.value.slice(hit.from, hit.to);
      const alias = fragment === 'from' && hit.replacement !== undefined && texts.length === 1 && text.value.trim() === written && qualifiesWith(anchor, hit.name);
      const replacement = alias ? `${hit.replacement} AS ${written}` : hit.replacement;
      if (hit.review === undefined) this.sink.name(elsewhere ? 'constant' : 'sql', hit.name, text, hit.from, hit.to, anchor, useModule, replacement, note);
      else this.sink.flag('sql', hit.name, text, hit.from, anchor, hit.review);
    }
    return tableHoles;
  }
}

/**
 * What a `${}` puts into the SQL as text when it holds a string: in a plain template, the
 * expression; in a tagged one, only a helper's argument (`sql(TABLE)`, `sql.raw(TEXT)`), since a
 * string there is otherwise a bound value.
 */
function heldText(expr: ts.Expression, tag: ts.Expression | undefined): ts.Expression | undefined {
  const inner = skipParentheses(expr);
  if (!tag) return inner;
  if (!ts.isCallExpression(inner) || inner.arguments.length !== 1 || !isTextHelper(inner.expression, tag)) return undefined;
  const argument = inner.arguments[0]!;
  return ts.isSpreadElement(argument) ? undefined : argument;
}

/** Pieces put one after another into one text. */
function join(pieces: readonly Piece[]): TextPieces {
  let value = '';
  const placed = pieces.map((piece) => {
    const at = { ...piece, from: value.length };
    value += piece.literal.value;
    return at;
  });
  return { value, pieces: placed };
}

function stringPieces(value: Value): Piece[] | undefined {
  if (value.kind === 'string') return [{ literal: literalText(value.node, value.module.text), module: value.module, from: 0, spliced: true }];
  if (value.kind === 'concat') return value.pieces.map((p) => ({ literal: literalText(p.node, p.module.text), module: p.module, from: 0, spliced: true }));
  return undefined;
}

/** `sql(x)` with the template's own tag, or `sql.raw(x)`, `Prisma.raw(x)`, … (TEXT_HELPERS). */
function isTextHelper(callee: ts.Expression, tag: ts.Expression): boolean {
  const tagName = ts.isIdentifier(tag) ? tag.text : ts.isPropertyAccessExpression(tag) && ts.isIdentifier(tag.expression) ? tag.expression.text : undefined;
  if (ts.isIdentifier(callee)) return callee.text === tagName;
  return (
    ts.isPropertyAccessExpression(callee) &&
    TEXT_HELPERS.has(callee.name.text) &&
    ts.isIdentifier(callee.expression) &&
    (callee.expression.text === tagName || callee.expression.text === 'sql' || callee.expression.text === 'Prisma')
  );
}
