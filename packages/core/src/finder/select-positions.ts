import ts from './typescript.js';
import type { RenameMap } from '../config.js';
import { derivedForeignKeyRename } from '../derived.js';
import type { ReferenceKind } from '../reference.js';
import { joinPieces, onePiece, type ReferenceSink, type TextPieces } from './emit.js';
import { isStringLike, literalText, templatePartText } from './literal.js';
import type { SourceModule } from './module.js';
import { parseSelect } from './select.js';
import type { Target } from './target.js';
import type { Evaluator } from './values.js';
import { reviewSpreadFilters, skipParentheses } from './chain.js';

/** Select strings of query chains: the embeds, spreads and hints that name tables. */
export class SelectStrings {
  constructor(
    private readonly map: RenameMap,
    private readonly sink: ReferenceSink,
    private readonly evaluator: Evaluator,
    /** Follows a value to where it is written (constants, parameters' callers), as for a table position. */
    private readonly flow: (target: Target, expr: ts.Expression, module: SourceModule, anchor: ts.Node) => void,
  ) {}

  /** `.select('…')` on a query chain, and its `<'…'>` type argument. */
  select(call: ts.CallExpression, module: SourceModule): void {
    const typeArgument = call.typeArguments?.[0];
    if (typeArgument && ts.isLiteralTypeNode(typeArgument) && isStringLike(typeArgument.literal)) {
      this.selectString(onePiece(literalText(typeArgument.literal, module.text), module), call, false);
    }
    const argument = call.arguments[0];
    if (!argument || ts.isSpreadElement(argument)) return;
    const inner = skipParentheses(argument);
    if (ts.isTemplateExpression(inner)) {
      this.selectTemplate(inner, call, module);
      return;
    }
    this.flow(
      {
        what: 'the select string',
        follow: true,
        take: (value, expr, at, anchor, via) => {
          if (value.kind === 'string') this.selectString(onePiece(literalText(value.node, value.module.text), value.module), call, false);
          else if (value.kind === 'concat') this.selectString(joinPieces(value.pieces), call, false);
          else if (value.kind === 'dynamic' || value.kind === 'call' || value.kind === 'external') {
            const why = 'the select string is only known at run time: check its embeds by hand';
            this.sink.dynamic('select', expr, at, anchor, via ? `${why} (${via})` : why);
          }
        },
      },
      argument,
      module,
      call,
    );
  }

  /**
   * A template with substitutions: its static parts plus the substitutions that are constant strings.
   * A name right after `${…}` may continue the substitution's text (`${prefix}customers(…)`): skipped.
   */
  private selectTemplate(template: ts.TemplateExpression, call: ts.CallExpression, module: SourceModule): void {
    this.selectString(onePiece(templatePartText(template.head, module.text), module), call, false);
    for (const span of template.templateSpans) {
      const value = this.evaluator.evaluate(span.expression, module);
      if (value.kind === 'string') this.selectString(onePiece(literalText(value.node, value.module.text), value.module), call, false);
      this.selectString(onePiece(templatePartText(span.literal, module.text), module), call, true);
    }
  }

  private selectString(text: TextPieces, call: ts.CallExpression, glued: boolean): void {
    const spreads: string[] = [];
    for (const embed of parseSelect(text.value)) {
      const { target: name, alias, spread } = embed;
      if (glued && name.start === 0) continue;
      const kind: ReferenceKind = spread ? 'spread' : 'embed';
      const renamed = this.map.renames.get(name.name);
      if (renamed !== undefined) {
        // Without an alias the response key would change with the table name: keep it with one.
        const keepKey = !alias && !spread;
        const token = text.value.slice(name.start, name.end);
        this.sink.selectName(kind, name, text, call, keepKey ? `${token}:${renamed}` : renamed, keepKey);
      } else if (this.map.newNames.has(name.name)) {
        this.sink.selectName(kind, name, text, call);
      }
      if (spread) {
        const old = this.map.oldNames.has(name.name) ? name.name : this.map.reverse.get(name.name);
        if (old !== undefined) spreads.push(old);
      }
      for (const hint of embed.hints) {
        if (this.map.oldNames.has(hint.name) || this.map.newNames.has(hint.name)) this.sink.selectName('hint', hint, text, call);
        else if (this.map.renameDerived) {
          // With renameDerived, plan renames the FK constraints named after a table: the hint must follow.
          const renamed = derivedForeignKeyRename(hint.name, this.map.renames, this.map.schema);
          if (renamed !== undefined) this.sink.derivedHint(hint, text, call, renamed);
        }
      }
    }
    const module = text.pieces[0]?.module;
    if (spreads.length > 0 && module) {
      const home = call.getSourceFile() === module.source ? module : undefined;
      if (home) reviewSpreadFilters(call, spreads, (node, old, anchor) => this.sink.review(node, old, home, anchor));
    }
  }
}
