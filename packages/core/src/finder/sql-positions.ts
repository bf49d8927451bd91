import ts from './typescript.js';
import type { RenameMap } from '../config.js';
import { onePiece, type ReferenceSink } from './emit.js';
import { literalText, templatePartText, type LiteralText } from './literal.js';
import type { SourceModule } from './module.js';
import { findSqlNames, type SqlModule } from './sql-strings.js';
import type { Evaluator } from './values.js';
import { skipParentheses } from './chain.js';

/** SQL held in strings and templates: relation names found with the SQL reference finder. */
export class SqlStrings {
  constructor(
    private readonly map: RenameMap,
    private readonly sink: ReferenceSink,
    private readonly evaluator: Evaluator,
    /** The SQL reference finder, once loaded. */
    private readonly sql: () => SqlModule | undefined,
  ) {}

  /** The SQL text a call runs: a string (maybe through a constant) or an untagged template. */
  argument(argument: ts.Expression, call: ts.CallExpression, module: SourceModule): void {
    const inner = skipParentheses(argument);
    if (ts.isTaggedTemplateExpression(inner)) return; // visited on its own
    if (ts.isTemplateExpression(inner)) {
      this.template(inner, call, module);
      return;
    }
    const value = this.evaluator.evaluate(argument, module);
    if (value.kind !== 'string') return;
    this.pieces([literalText(value.node, value.module.text)], value.module, call, module);
  }

  template(template: ts.TemplateLiteral, anchor: ts.Node, module: SourceModule): void {
    const pieces = ts.isNoSubstitutionTemplateLiteral(template)
      ? [literalText(template, module.text)]
      : [templatePartText(template.head, module.text), ...template.templateSpans.map((span) => templatePartText(span.literal, module.text))];
    this.pieces(pieces, module, anchor, module);
  }

  private pieces(pieces: readonly LiteralText[], where: SourceModule, anchor: ts.Node, useModule: SourceModule): void {
    if (!where.inScope) return;
    for (const hit of findSqlNames(this.sql()!, pieces, this.map)) {
      const text = onePiece(pieces[hit.piece]!, where);
      if (hit.review === undefined) this.sink.name('sql', hit.name, text, hit.from, hit.to, anchor, useModule, hit.replacement);
      else this.sink.flag('sql', hit.name, text, hit.from, anchor, hit.review);
    }
  }
}
