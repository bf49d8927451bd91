import ts from './typescript.js';
import type { RenameMap } from '../config.js';
import { isStringLike, type StringLike } from './literal.js';
import type { SourceModule } from './module.js';
import { propertyName, resolveBinding, type Evaluator } from './values.js';

/**
 * What a `.from()` is called on: a PostgREST query builder, not a query at all (`Array.from`, a
 * storage bucket, another schema), an SQL builder (drizzle/knex: only a string argument is a table),
 * or a query builder whose schema is not a constant.
 */
export type Receiver = 'query' | 'not-a-query' | 'sql-builder' | 'dynamic-schema';

export function skipParentheses(expr: ts.Expression): ts.Expression {
  while (ts.isParenthesizedExpression(expr) || ts.isNonNullExpression(expr) || ts.isAsExpression(expr)) expr = expr.expression;
  return expr;
}

/**
 * The method a call invokes and what it is invoked on: `x.from(…)`, `x['from'](…)`, and a method
 * taken off its object (`const { from } = supabase; from(…)`: the receiver is `supabase`).
 */
export function methodCall(call: ts.CallExpression): { method: string; receiver: ts.Expression | undefined } | undefined {
  const callee = skipParentheses(call.expression);
  if (ts.isPropertyAccessExpression(callee)) return { method: callee.name.text, receiver: callee.expression };
  if (ts.isElementAccessExpression(callee)) {
    const key = skipParentheses(callee.argumentExpression);
    return isStringLike(key) ? { method: key.text, receiver: callee.expression } : undefined;
  }
  if (ts.isIdentifier(callee) && callee.text === 'from') {
    const binding = resolveBinding(callee);
    if (binding.kind !== 'variable' || !binding.element || propertyName(binding.element.propertyName ?? binding.element.name) !== 'from') return undefined;
    const declaration = binding.element.parent.parent;
    if (!ts.isVariableDeclaration(declaration) || !declaration.initializer || !ts.isObjectBindingPattern(declaration.name)) return undefined;
    return { method: 'from', receiver: declaration.initializer };
  }
  return undefined;
}

/**
 * Whether `<receiver>.from(…)` is a PostgREST query: not `Array.from`/`Buffer.from` (a capitalised
 * constructor), not a storage bucket, and, after `.schema('…')`, only for the configured schema.
 */
export function classifyReceiver(receiver: ts.Expression, module: SourceModule, evaluator: Evaluator, map: RenameMap, depth = 0): Receiver {
  receiver = skipParentheses(receiver);
  if (ts.isIdentifier(receiver) || ts.isPropertyAccessExpression(receiver)) {
    const name = ts.isIdentifier(receiver) ? receiver.text : receiver.name.text;
    if (/^[A-Z]/.test(name) || /storage/i.test(name)) return 'not-a-query';
    // `supabase.from`, `client.from`, `this.supabase.from`: named for what it is.
    if (/supabase|client/i.test(name)) return 'query';
    if (ts.isIdentifier(receiver) && depth < 4) {
      // `const bucket = supabase.storage` / `const crm = supabase.schema('crm')`: look at the initializer.
      const binding = resolveBinding(receiver);
      if (binding.kind === 'const' && binding.declaration.initializer) {
        return classifyReceiver(binding.declaration.initializer, module, evaluator, map, depth + 1);
      }
      // const { storage: files } = supabase
      if (binding.kind === 'variable' && binding.element && /storage/i.test(propertyName(binding.element.propertyName) ?? '')) {
        return 'not-a-query';
      }
    }
    return 'query';
  }
  if (ts.isCallExpression(receiver)) {
    const callee = skipParentheses(receiver.expression);
    if (ts.isPropertyAccessExpression(callee)) {
      const method = callee.name.text;
      if (method === 'schema') {
        const schema = receiver.arguments[0];
        if (!schema) return 'query';
        const value = evaluator.evaluate(schema, module);
        if (value.kind === 'string') return value.node.text === map.schema ? 'query' : 'not-a-query';
        return 'dynamic-schema';
      }
      if (/^select/i.test(method)) return 'sql-builder';
      if (/storage/i.test(method) || /^[A-Z]/.test(method)) return 'not-a-query';
      return classifyReceiver(callee.expression, module, evaluator, map, depth);
    }
    if (ts.isIdentifier(callee)) {
      // createClient(…).from('t') is a query; StorageClient-like factories are not. Other calls
      // (`dayjs(a).from(b)`, `moment(a).from(b)`: relative time) count only with a string argument.
      if (/storage/i.test(callee.text)) return 'not-a-query';
      return /client|supabase|db|database|admin|service/i.test(callee.text) ? 'query' : 'sql-builder';
    }
    return 'query';
  }
  if (ts.isNewExpression(receiver)) return 'not-a-query';
  if (ts.isAwaitExpression(receiver)) return classifyReceiver(receiver.expression, module, evaluator, map, depth);
  if (ts.isElementAccessExpression(receiver)) return 'query';
  if (receiver.kind === ts.SyntaxKind.ThisKeyword) return 'query';
  return 'not-a-query';
}

/** `.select('…')` on a query chain: `.from(…)`/`.rpc(…)`, possibly through mutations and filters. */
export function isQueryChain(expr: ts.Expression, module: SourceModule, evaluator: Evaluator, map: RenameMap, depth: number): boolean {
  expr = skipParentheses(expr);
  if (ts.isCallExpression(expr)) {
    const found = methodCall(expr);
    if (!found?.receiver) return false;
    if (found.method === 'from') {
      if (expr.arguments.length !== 1) return false;
      const receiver = classifyReceiver(found.receiver, module, evaluator, map);
      return receiver === 'query' || receiver === 'dynamic-schema';
    }
    if (found.method === 'rpc') return true;
    // insert/update/upsert/delete, filters and modifiers may come between from() and select().
    return isQueryChain(found.receiver, module, evaluator, map, depth);
  }
  if (ts.isIdentifier(expr) && depth < 4) {
    // const query = supabase.from('orders'); query.select('…')
    const binding = resolveBinding(expr);
    if (binding.kind === 'const' && binding.declaration.initializer) {
      return isQueryChain(binding.declaration.initializer, module, evaluator, map, depth + 1);
    }
  }
  return false;
}

const FILTER_METHODS = new Set([
  'eq', 'neq', 'gt', 'gte', 'lt', 'lte', 'like', 'likeAllOf', 'likeAnyOf', 'ilike', 'ilikeAllOf', 'ilikeAnyOf',
  'is', 'in', 'contains', 'containedBy', 'rangeGt', 'rangeGte', 'rangeLt', 'rangeLte', 'rangeAdjacent',
  'overlaps', 'textSearch', 'not', 'or', 'filter', 'order', 'limit', 'range',
]);

/**
 * A spread embed's columns land in the parent row, but a filter still names the embed by its table:
 * after the rename such a path is wrong and needs a human.
 */
export function reviewSpreadFilters(
  select: ts.CallExpression,
  spreads: readonly string[],
  review: (node: StringLike, old: string, anchor: ts.Node) => void,
): void {
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
        if (hit) review(argument, hit, call);
      } else if (ts.isObjectLiteralExpression(argument)) {
        for (const property of argument.properties) {
          if (
            ts.isPropertyAssignment(property) &&
            (propertyName(property.name) === 'referencedTable' || propertyName(property.name) === 'foreignTable') &&
            isStringLike(property.initializer)
          ) {
            const segments = property.initializer.text.split('.');
            const hit = spreads.find((old) => segments.includes(old));
            if (hit) review(property.initializer, hit, call);
          }
        }
      }
    }
  }
}

/**
 * The argument a call site passes for parameter `index`, walked down `path` as far as it is spelled
 * out (`useLive({ table: 'orders' })`, a JSX attribute `<List table="orders" />`); `rest` is the part
 * of the path left to evaluate. undefined when nothing is passed; 'unknown' behind a spread.
 */
export function argumentAt(
  site: ts.CallExpression | ts.NewExpression | ts.JsxOpeningLikeElement,
  index: number,
  path: readonly string[],
): { expr: ts.Expression; rest: readonly string[] } | undefined | 'unknown' {
  let rest = [...path];
  let expr: ts.Expression | undefined;
  if (ts.isCallExpression(site) || ts.isNewExpression(site)) {
    const args = site.arguments ?? [];
    if (args.slice(0, index + 1).some((a) => ts.isSpreadElement(a))) return 'unknown';
    expr = args[index];
  } else {
    // A component's props: the first parameter, one attribute per top-level key.
    if (index !== 0) return undefined;
    const key = rest.shift();
    if (key === undefined) return 'unknown';
    const attributes = site.attributes.properties;
    for (let i = attributes.length - 1; i >= 0; i -= 1) {
      const attribute = attributes[i]!;
      if (ts.isJsxSpreadAttribute(attribute)) return 'unknown';
      if (propertyName(attribute.name) !== key) continue;
      const initializer = attribute.initializer;
      if (!initializer) return undefined;
      if (isStringLike(initializer)) return { expr: initializer, rest };
      if (ts.isJsxExpression(initializer) && initializer.expression) {
        expr = initializer.expression;
        break;
      }
      return 'unknown';
    }
    if (!expr) return undefined;
  }
  if (!expr) return undefined;
  // Walk object literals written at the call site, so a dynamic part is reported where it is.
  for (;;) {
    const inner = skipParentheses(expr);
    if (rest.length === 0 || !ts.isObjectLiteralExpression(inner)) break;
    let next: ts.Expression | undefined;
    for (const property of inner.properties) {
      if (ts.isSpreadAssignment(property)) next = undefined;
      else if (ts.isPropertyAssignment(property) && propertyName(property.name) === rest[0]) next = property.initializer;
      else if (ts.isShorthandPropertyAssignment(property) && property.name.text === rest[0]) next = property.name;
    }
    if (!next) {
      // Not spelled out here: a spread may still bring it; evaluate the object as a whole.
      if (inner.properties.some((p) => ts.isSpreadAssignment(p))) break;
      return undefined;
    }
    expr = next;
    rest = rest.slice(1);
  }
  return { expr, rest };
}
