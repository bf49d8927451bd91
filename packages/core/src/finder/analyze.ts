import ts from './typescript.js';
import type { RenameMap } from '../config.js';
import { derivedForeignKeyRename } from '../derived.js';
import type { Reference, ReferenceKind } from '../reference.js';
import { isStringLike, literalText, sourceRange, templatePartText, type LiteralText, type StringLike } from './literal.js';
import { isIgnored, parseModule, type SourceModule } from './module.js';
import { parseSelect, type SelectName } from './select.js';
import { createEvaluator, propertyName, resolveBinding, type Evaluator, type ImportResolver, type Value } from './values.js';

/**
 * Walks one parsed file and reports every table position (see the README's forms table). Constants
 * resolve through `resolveImport`, so a reference may land in another (imported) module.
 */
export class Analyzer {
  private readonly evaluator: Evaluator;
  private readonly seen = new Map<string, number>();
  readonly references: Reference[] = [];

  constructor(
    private readonly map: RenameMap,
    resolveImport: ImportResolver,
  ) {
    this.evaluator = createEvaluator(resolveImport, parseModule);
  }

  /** Analyse one module; false when it does not parse (its `problem` says why). */
  analyze(module: SourceModule): boolean {
    const source = parseModule(module);
    if (!source) return false;
    const visit = (node: ts.Node): void => {
      switch (node.kind) {
        case ts.SyntaxKind.CallExpression:
          this.call(node as ts.CallExpression, module);
          break;
        case ts.SyntaxKind.TypeReference:
          this.typeReference(node as ts.TypeReferenceNode, module);
          break;
        case ts.SyntaxKind.IndexedAccessType:
          this.indexedAccess(node as ts.IndexedAccessTypeNode, module);
          break;
        default:
          break;
      }
      ts.forEachChild(node, visit);
    };
    visit(source);
    return true;
  }

  // ---------------------------------------------------------------- calls

  private call(call: ts.CallExpression, module: SourceModule): void {
    const callee = call.expression;
    if (!ts.isPropertyAccessExpression(callee)) return;
    switch (callee.name.text) {
      case 'from':
        this.from(call, callee, module);
        break;
      case 'select':
        this.select(call, callee, module);
        break;
      case 'on':
        this.realtime(call, module);
        break;
      default:
        break;
    }
  }

  private from(call: ts.CallExpression, callee: ts.PropertyAccessExpression, module: SourceModule): void {
    if (call.arguments.length !== 1) return;
    const receiver = this.classifyReceiver(callee.expression, module);
    if (receiver.kind === 'not-a-query') return;
    const argument = call.arguments[0]!;
    if (ts.isSpreadElement(argument)) return;
    for (const { expr, value } of this.evaluator.evaluateBranches(argument, module)) {
      if (receiver.kind === 'sql-builder' && value.kind !== 'string') continue; // drizzle's db.select().from(table)
      this.emitValue('from', value, expr, module, call, receiver.kind === 'dynamic-schema' ? 'the schema is not a constant' : undefined);
    }
  }

  /**
   * Whether `<receiver>.from(…)` is a PostgREST query: not `Array.from`/`Buffer.from` (a capitalised
   * constructor), not a storage bucket, and, after `.schema('…')`, only for the configured schema.
   */
  private classifyReceiver(
    receiver: ts.Expression,
    module: SourceModule,
    depth = 0,
  ): { kind: 'query' | 'not-a-query' | 'sql-builder' | 'dynamic-schema' } {
    receiver = skipParentheses(receiver);
    if (ts.isIdentifier(receiver) || ts.isPropertyAccessExpression(receiver)) {
      const name = ts.isIdentifier(receiver) ? receiver.text : receiver.name.text;
      if (/^[A-Z]/.test(name) || /storage/i.test(name)) return { kind: 'not-a-query' };
      // `supabase.from`, `client.from`, `this.supabase.from`: named for what it is.
      if (/supabase|client/i.test(name)) return { kind: 'query' };
      if (ts.isIdentifier(receiver) && depth < 4) {
        // `const bucket = supabase.storage` / `const crm = supabase.schema('crm')`: look at the initializer.
        const binding = resolveBinding(receiver);
        if (binding.kind === 'const' && binding.declaration.initializer) {
          return this.classifyReceiver(binding.declaration.initializer, module, depth + 1);
        }
        // const { storage: files } = supabase
        if (binding.kind === 'variable' && binding.element && /storage/i.test(propertyName(binding.element.propertyName) ?? '')) {
          return { kind: 'not-a-query' };
        }
      }
      return { kind: 'query' };
    }
    if (ts.isCallExpression(receiver)) {
      const callee = skipParentheses(receiver.expression);
      if (ts.isPropertyAccessExpression(callee)) {
        const method = callee.name.text;
        if (method === 'schema') {
          const schema = receiver.arguments[0];
          if (!schema) return { kind: 'query' };
          const value = this.evaluator.evaluate(schema, module);
          if (value.kind === 'string') return { kind: value.node.text === this.map.schema ? 'query' : 'not-a-query' };
          return { kind: 'dynamic-schema' };
        }
        if (/^select/i.test(method)) return { kind: 'sql-builder' };
        if (/storage/i.test(method) || /^[A-Z]/.test(method)) return { kind: 'not-a-query' };
        return this.classifyReceiver(callee.expression, module, depth);
      }
      if (ts.isIdentifier(callee)) {
        // createClient(…).from('t') is a query; StorageClient-like factories are not. Other calls
        // (`dayjs(a).from(b)`, `moment(a).from(b)`: relative time) count only with a string argument.
        if (/storage/i.test(callee.text)) return { kind: 'not-a-query' };
        return /client|supabase|db|database|admin|service/i.test(callee.text) ? { kind: 'query' } : { kind: 'sql-builder' };
      }
      return { kind: 'query' };
    }
    if (ts.isNewExpression(receiver)) return { kind: 'not-a-query' };
    if (ts.isAwaitExpression(receiver)) return this.classifyReceiver(receiver.expression, module, depth);
    if (ts.isElementAccessExpression(receiver)) return { kind: 'query' };
    if (receiver.kind === ts.SyntaxKind.ThisKeyword) return { kind: 'query' };
    return { kind: 'not-a-query' };
  }

  /** `.select('…')` on a query chain: `.from(…)`/`.rpc(…)`, possibly through mutations and filters. */
  private select(call: ts.CallExpression, callee: ts.PropertyAccessExpression, module: SourceModule): void {
    const argument = call.arguments[0];
    if (!argument || !this.isQueryChain(callee.expression, module, 0)) return;
    const spreads: string[] = [];
    for (const { literal, module: target, glued } of this.selectTexts(argument, module)) {
      this.selectString(literal, target, call, spreads, glued);
    }
    if (spreads.length > 0) this.reviewSpreadFilters(call, spreads, module);
  }

  /**
   * The literal pieces of a select argument: a string (maybe through a constant), or the static parts
   * of a template with substitutions plus the substitutions that are constant strings.
   */
  private selectTexts(
    argument: ts.Expression,
    module: SourceModule,
  ): Array<{ literal: LiteralText; module: SourceModule; glued: boolean }> {
    let expr = argument;
    while (ts.isParenthesizedExpression(expr) || ts.isAsExpression(expr)) expr = expr.expression;
    if (ts.isTemplateExpression(expr)) {
      const pieces = [{ literal: templatePartText(expr.head, module.text), module, glued: false }];
      for (const span of expr.templateSpans) {
        const value = this.evaluator.evaluate(span.expression, module);
        if (value.kind === 'string') {
          pieces.push({ literal: literalText(value.node, value.module.text), module: value.module, glued: false });
        }
        // A name right after `${…}` may continue the substitution's text: `${prefix}customers(…)`.
        pieces.push({ literal: templatePartText(span.literal, module.text), module, glued: true });
      }
      return pieces;
    }
    const value = this.evaluator.evaluate(argument, module);
    if (value.kind !== 'string') return [];
    return [{ literal: literalText(value.node, value.module.text), module: value.module, glued: false }];
  }

  private selectString(literal: LiteralText, target: SourceModule, call: ts.CallExpression, spreads: string[], glued: boolean): void {
    for (const embed of parseSelect(literal.value)) {
      const { target: name, alias, spread } = embed;
      if (glued && name.start === 0) continue;
      const kind: ReferenceKind = spread ? 'spread' : 'embed';
      const renamed = this.map.renames.get(name.name);
      if (renamed !== undefined) {
        // Without an alias the response key would change with the table name: keep it with one.
        const keepKey = !alias && !spread;
        this.emitSelectName(kind, name, literal, target, call, keepKey ? `${rawToken(literal, name)}:${renamed}` : renamed, keepKey);
      } else if (this.map.newNames.has(name.name)) {
        this.emitSelectName(kind, name, literal, target, call);
      }
      if (spread) {
        const old = this.map.oldNames.has(name.name) ? name.name : this.map.reverse.get(name.name);
        if (old !== undefined) spreads.push(old);
      }
      for (const hint of embed.hints) {
        if (this.map.oldNames.has(hint.name) || this.map.newNames.has(hint.name)) {
          this.emitSelectName('hint', hint, literal, target, call);
        } else if (this.map.renameDerived) {
          // With renameDerived, plan renames the FK constraints named after a table: the hint must follow.
          const renamed = derivedForeignKeyRename(hint.name, this.map.renames, this.map.schema);
          if (renamed !== undefined) this.emitDerivedHint(hint, literal, target, call, renamed);
        }
      }
    }
  }

  private isQueryChain(expr: ts.Expression, module: SourceModule, depth: number): boolean {
    expr = skipParentheses(expr);
    if (ts.isCallExpression(expr)) {
      const callee = skipParentheses(expr.expression);
      if (!ts.isPropertyAccessExpression(callee)) return false;
      const method = callee.name.text;
      if (method === 'from') {
        if (expr.arguments.length !== 1) return false;
        const receiver = this.classifyReceiver(callee.expression, module).kind;
        return receiver === 'query' || receiver === 'dynamic-schema';
      }
      if (method === 'rpc') return true;
      // insert/update/upsert/delete, filters and modifiers may come between from() and select().
      return this.isQueryChain(callee.expression, module, depth);
    }
    if (ts.isIdentifier(expr) && depth < 4) {
      // const query = supabase.from('orders'); query.select('…')
      const binding = resolveBinding(expr);
      if (binding.kind === 'const' && binding.declaration.initializer) {
        return this.isQueryChain(binding.declaration.initializer, module, depth + 1);
      }
    }
    return false;
  }

  /**
   * A spread embed's columns land in the parent row, but a filter still names the embed by its table:
   * after the rename such a path is wrong and needs a human.
   */
  private reviewSpreadFilters(select: ts.CallExpression, spreads: readonly string[], module: SourceModule): void {
    let node: ts.Node = select;
    while (
      ts.isPropertyAccessExpression(node.parent) &&
      node.parent.expression === node &&
      ts.isCallExpression(node.parent.parent) &&
      node.parent.parent.expression === node.parent
    ) {
      const method = node.parent.name.text;
      const call: ts.CallExpression = node.parent.parent;
      node = call;
      if (!FILTER_METHODS.has(method)) continue;
      for (const [index, argument] of call.arguments.entries()) {
        // The column path is the first argument; later strings are values.
        if (index === 0 && isStringLike(argument)) {
          const segments = argument.text.split('.');
          segments.pop();
          const hit = spreads.find((old) => segments.includes(old));
          if (hit) this.emitReview(argument, 0, hit, module, call);
        } else if (ts.isObjectLiteralExpression(argument)) {
          for (const property of argument.properties) {
            if (
              ts.isPropertyAssignment(property) &&
              (propertyName(property.name) === 'referencedTable' || propertyName(property.name) === 'foreignTable') &&
              isStringLike(property.initializer)
            ) {
              const segments = property.initializer.text.split('.');
              const hit = spreads.find((old) => segments.includes(old));
              if (hit) this.emitReview(property.initializer, 0, hit, module, call);
            }
          }
        }
      }
    }
  }

  private realtime(call: ts.CallExpression, module: SourceModule): void {
    const [event, filter] = call.arguments;
    if (!event || !filter || !isStringLike(event) || event.text !== 'postgres_changes') return;
    // The filter may be a constant object: `const FILTER = { schema: 'public', table: 'orders' }`.
    const value = ts.isObjectLiteralExpression(filter) ? undefined : this.evaluator.evaluate(filter, module);
    if (value && value.kind !== 'object') return;
    const object = value?.kind === 'object' ? value.node : (filter as ts.ObjectLiteralExpression);
    const where = value?.kind === 'object' ? value.module : module;
    let table: ts.Expression | undefined;
    for (const property of object.properties) {
      const name = propertyName(property.name);
      const initializer = ts.isPropertyAssignment(property)
        ? property.initializer
        : ts.isShorthandPropertyAssignment(property)
          ? property.name
          : undefined;
      if (!initializer) continue;
      if (name === 'schema') {
        const schema = this.evaluator.evaluate(initializer, where);
        if (schema.kind === 'string' && schema.node.text !== this.map.schema) return;
      } else if (name === 'table') {
        table = initializer;
      }
    }
    if (!table) return;
    for (const branch of this.evaluator.evaluateBranches(table, where)) {
      this.emitValue('realtime', branch.value, branch.expr, where, call);
    }
  }

  // ---------------------------------------------------------------- types

  /** `Tables<'t'>`, `TablesInsert<'t'>`, `TablesUpdate<'t'>`, also `Tables<{ schema: 's' }, 't'>`. */
  private typeReference(node: ts.TypeReferenceNode, module: SourceModule): void {
    const typeName = ts.isIdentifier(node.typeName) ? node.typeName.text : node.typeName.right.text;
    if (!TABLE_HELPERS.has(typeName)) return;
    const args = node.typeArguments;
    if (!args || args.length === 0) return;
    let table = args[0]!;
    if (ts.isTypeLiteralNode(table)) {
      const schema = typeLiteralProperty(table, 'schema');
      if (schema !== undefined && schema !== this.map.schema) return;
      if (!args[1]) return;
      table = args[1];
    }
    const literal = literalType(table);
    if (literal) this.emitLiteral('type', literal, module, node);
  }

  /** `Database['public']['Tables']['t']` (any root type, the configured schema). */
  private indexedAccess(node: ts.IndexedAccessTypeNode, module: SourceModule): void {
    const table = literalType(node.indexType);
    if (!table) return;
    const tables = node.objectType;
    if (!ts.isIndexedAccessTypeNode(tables) || literalType(tables.indexType)?.text !== 'Tables') return;
    const schema = tables.objectType;
    if (!ts.isIndexedAccessTypeNode(schema) || literalType(schema.indexType)?.text !== this.map.schema) return;
    this.emitLiteral('type', table, module, node);
  }

  // ---------------------------------------------------------------- emitting

  private emitValue(kind: ReferenceKind, value: Value, expr: ts.Expression, module: SourceModule, anchor: ts.Node, note?: string): void {
    if (value.kind === 'string') {
      if (value.viaConstant && !note) {
        const line = module.source!.getLineAndCharacterOfPosition(expr.getStart(module.source!)).line + 1;
        note = `used as a table (${kind}) in ${module.rel}:${line}`;
      }
      this.emitLiteral(value.viaConstant ? 'constant' : kind, value.node, value.module, anchor, module, note);
      return;
    }
    if (value.kind === 'dynamic' || value.kind === 'call') {
      if (!module.inScope) return;
      const source = module.source!;
      const start = expr.getStart(source);
      const { line, character } = source.getLineAndCharacterOfPosition(start);
      const text = expr.getText(source).replace(/\s+/g, ' ');
      this.push(module, start, kind, {
        kind,
        file: module.rel,
        line: line + 1,
        column: character + 1,
        table: text,
        status: 'dynamic',
        note: note ?? 'the table name is only known at run time',
        ...(isIgnored(module, line + 1, anchorLine(anchor, module)) ? { ignored: true } : {}),
      });
    }
  }

  /** A whole string literal names a table. `useModule` is where it is used (for ignore directives). */
  private emitLiteral(kind: ReferenceKind, node: StringLike, module: SourceModule, anchor: ts.Node, useModule = module, note?: string): void {
    const name = node.text;
    const renamed = this.map.renames.get(name);
    const isNew = renamed === undefined && this.map.newNames.has(name);
    if (renamed === undefined && !isNew) return;
    if (!module.inScope) return;
    const literal = literalText(node, module.text);
    const range = sourceRange(literal, 0, literal.value.length);
    this.emitRange(kind, name, range, module, renamed, renamed, anchor, useModule, note);
  }

  private emitSelectName(
    kind: ReferenceKind,
    name: SelectName,
    literal: LiteralText,
    module: SourceModule,
    anchor: ts.Node,
    editText?: string,
    wholeToken = false,
  ): void {
    if (!module.inScope) return;
    const renamed = this.map.renames.get(name.name);
    const inner = wholeToken || !name.quoted ? { from: name.start, to: name.end } : { from: name.start + 1, to: name.end - 1 };
    const range = sourceRange(literal, inner.from, inner.to);
    this.emitRange(kind, name.name, range, module, renamed, editText ?? renamed, anchor, anchor.getSourceFile() === module.source ? module : undefined);
  }

  /** A `!hint` naming a foreign key whose name derives from a renamed table (renameDerived). */
  private emitDerivedHint(name: SelectName, literal: LiteralText, module: SourceModule, anchor: ts.Node, renamed: string): void {
    if (!module.inScope) return;
    const inner = name.quoted ? { from: name.start + 1, to: name.end - 1 } : { from: name.start, to: name.end };
    const range = sourceRange(literal, inner.from, inner.to);
    const note = `the foreign key ${name.name} is renamed to ${renamed} (renameDerived)`;
    this.emitRange('hint', name.name, range, module, renamed, renamed, anchor, anchor.getSourceFile() === module.source ? module : undefined, note);
  }

  private emitReview(node: StringLike, _offset: number, old: string, module: SourceModule, anchor: ts.Node): void {
    if (!module.inScope) return;
    const literal = literalText(node, module.text);
    const range = sourceRange(literal, 0, literal.value.length);
    const source = module.source!;
    const { line, character } = source.getLineAndCharacterOfPosition(range.start);
    const renamed = this.map.renames.get(old)!;
    this.push(module, range.start, 'review', {
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

  private emitRange(
    kind: ReferenceKind,
    table: string,
    range: { start: number; end: number },
    module: SourceModule,
    renamed: string | undefined,
    editText: string | undefined,
    anchor: ts.Node,
    useModule: SourceModule | undefined,
    note?: string,
  ): void {
    const source = module.source!;
    const { line, character } = source.getLineAndCharacterOfPosition(range.start);
    const ignored =
      isIgnored(module, line + 1, useModule === module ? anchorLine(anchor, module) : undefined) ||
      (useModule !== undefined && useModule !== module && isIgnored(useModule, anchorLine(anchor, useModule) ?? 0));
    this.push(module, range.start, kind, {
      kind,
      file: module.rel,
      line: line + 1,
      column: character + 1,
      table,
      status: renamed === undefined ? 'new' : 'old',
      ...(renamed === undefined ? {} : { newName: renamed, edit: { start: range.start, end: range.end, text: editText ?? renamed } }),
      ...(ignored ? { ignored: true } : {}),
      ...(note ? { note } : {}),
    });
  }

  /**
   * One reference per place: a constant used as a table twice is still one literal to change. It is
   * ignored only if every use is (or its declaration is).
   */
  private push(module: SourceModule, start: number, kind: ReferenceKind, reference: Reference): void {
    const key = `${module.abs}\0${start}\0${kind}`;
    const index = this.seen.get(key);
    if (index === undefined) {
      this.seen.set(key, this.references.length);
      this.references.push(reference);
    } else if (this.references[index]!.ignored && !reference.ignored) {
      this.references[index] = reference;
    }
  }
}

const FILTER_METHODS = new Set([
  'eq', 'neq', 'gt', 'gte', 'lt', 'lte', 'like', 'likeAllOf', 'likeAnyOf', 'ilike', 'ilikeAllOf', 'ilikeAnyOf',
  'is', 'in', 'contains', 'containedBy', 'rangeGt', 'rangeGte', 'rangeLt', 'rangeLte', 'rangeAdjacent',
  'overlaps', 'textSearch', 'not', 'or', 'filter', 'order', 'limit', 'range',
]);

const TABLE_HELPERS = new Set(['Tables', 'TablesInsert', 'TablesUpdate']);

function skipParentheses(expr: ts.Expression): ts.Expression {
  while (ts.isParenthesizedExpression(expr) || ts.isNonNullExpression(expr) || ts.isAsExpression(expr)) expr = expr.expression;
  return expr;
}

function literalType(node: ts.TypeNode): StringLike | undefined {
  if (ts.isLiteralTypeNode(node) && isStringLike(node.literal)) return node.literal;
  return undefined;
}

function typeLiteralProperty(node: ts.TypeLiteralNode, name: string): string | undefined {
  for (const member of node.members) {
    if (ts.isPropertySignature(member) && propertyName(member.name) === name && member.type) {
      return literalType(member.type)?.text;
    }
  }
  return undefined;
}

function rawToken(literal: LiteralText, name: SelectName): string {
  return literal.value.slice(name.start, name.end);
}

/** The 1-based line where the statement holding `node` starts: a directive above it covers it all. */
function anchorLine(node: ts.Node, module: SourceModule): number | undefined {
  const source = module.source;
  if (!source || node.getSourceFile() !== source) return undefined;
  let statement: ts.Node = node;
  while (statement.parent && !ts.isSourceFile(statement.parent) && !ts.isBlock(statement.parent) && !ts.isModuleBlock(statement.parent)) {
    statement = statement.parent;
  }
  return source.getLineAndCharacterOfPosition(statement.getStart(source)).line + 1;
}
