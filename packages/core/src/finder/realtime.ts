import ts from './typescript.js';
import type { SourceModule } from './module.js';
import { propertyName, resolveBinding, type Evaluator, type Value } from './values.js';
import type { RenameMap } from '../config.js';
import { onePiece, type ReferenceSink } from './emit.js';
import { literalText } from './literal.js';
import { skipParentheses } from './chain.js';

/** Where a realtime subscription's table is: an expression to follow, or a wrapper's parameter's `.table`. */
export type RealtimeTable =
  | { readonly kind: 'value'; readonly value: Value; readonly expr: ts.Expression }
  | { readonly kind: 'expr'; readonly expr: ts.Expression; readonly module: SourceModule };

/**
 * The table of `.on('postgres_changes', { schema, table }, …)` for the configured schema. The filter
 * may be a constant object (`const FILTER = { schema: 'public', table: 'orders' }`) or a parameter
 * of a wrapper whose callers pass it.
 */
export function realtimeTable(call: ts.CallExpression, module: SourceModule, evaluator: Evaluator, configured: string): RealtimeTable | undefined {
  const [event, filter] = call.arguments;
  if (!event || !filter) return undefined;
  const kind = evaluator.evaluate(event, module);
  if (kind.kind !== 'string' || kind.node.text !== 'postgres_changes') return undefined;
  const value = ts.isObjectLiteralExpression(filter) ? undefined : evaluator.evaluate(filter, module);
  if (value?.kind === 'parameter') return { kind: 'value', value: evaluator.member(value, 'table'), expr: filter };
  if (value && value.kind !== 'object') return undefined;
  const object = value?.kind === 'object' ? value.node : (filter as ts.ObjectLiteralExpression);
  const where = value?.kind === 'object' ? value.module : module;
  let table: ts.Expression | undefined;
  for (const property of object.properties) {
    const name = propertyName(property.name);
    const initializer = ts.isPropertyAssignment(property) ? property.initializer : ts.isShorthandPropertyAssignment(property) ? property.name : undefined;
    if (!initializer) continue;
    if (name === 'schema') {
      const schema = evaluator.evaluate(initializer, where);
      if (schema.kind === 'string' && schema.node.text !== configured) return undefined;
    } else if (name === 'table') {
      table = initializer;
    }
  }
  return table ? { kind: 'expr', expr: table, module: where } : undefined;
}

const EQUALITY = new Set([
  ts.SyntaxKind.EqualsEqualsEqualsToken, ts.SyntaxKind.ExclamationEqualsEqualsToken, ts.SyntaxKind.EqualsEqualsToken, ts.SyntaxKind.ExclamationEqualsToken,
]);

/**
 * A table's name compared with a payload's `table` (`if (payload.table !== 'orders')`, `case 'orders':`
 * of `switch (payload.table)`): a database webhook's or a realtime change's payload names the table
 * as it is now. In the callback of a `postgres_changes` subscription that is certain (the literal is
 * a realtime reference); elsewhere the object may be the app's own, so an old name is a review item.
 */
export function tableComparison(node: ts.Node, module: SourceModule, map: RenameMap, sink: ReferenceSink): void {
  let literal: ts.Expression | undefined;
  let other: ts.Expression | undefined;
  if (ts.isBinaryExpression(node)) {
    if (!EQUALITY.has(node.operatorToken.kind)) return;
    [literal, other] = ts.isStringLiteralLike(node.right) ? [node.right, node.left] : [node.left, node.right];
  } else if (ts.isCaseClause(node)) {
    [literal, other] = [node.expression, node.parent.parent.expression];
  } else {
    return;
  }
  if (!ts.isStringLiteralLike(literal) || (!map.renames.has(literal.text) && !map.newNames.has(literal.text))) return;
  const payload = tableOf(other);
  if (!payload) return;
  if (inRealtimeCallback(payload, module)) {
    sink.literal('realtime', literal, module, node);
  } else if (map.renames.has(literal.text)) {
    const note = `compared with ${other.getText().slice(0, 40)}: where the name comes from the database (a webhook's or realtime payload) or from renamed code, it is "${map.renames.get(literal.text)}" after the rename; check it by hand`;
    sink.flag('review', literal.text, onePiece(literalText(literal, module.text), module), 0, node, note);
  }
}

/** The object whose `table` an expression reads (`payload.table`, `payload['table']`, `payload?.table`). */
function tableOf(expr: ts.Expression): ts.Expression | undefined {
  expr = skipParentheses(expr);
  if (ts.isPropertyAccessExpression(expr) && expr.name.text === 'table') return expr.expression;
  if (ts.isElementAccessExpression(expr) && ts.isStringLiteralLike(expr.argumentExpression) && expr.argumentExpression.text === 'table') return expr.expression;
  return undefined;
}

/** Whether `object` is the parameter of a `postgres_changes` subscription's callback. */
function inRealtimeCallback(object: ts.Expression, module: SourceModule): boolean {
  if (!ts.isIdentifier(object)) return false;
  const binding = resolveBinding(object);
  if (binding.kind !== 'parameter' || binding.element) return false;
  const call = binding.fn.parent;
  if (!ts.isCallExpression(call) || call.arguments[2] !== binding.fn || !ts.isPropertyAccessExpression(call.expression) || call.expression.name.text !== 'on') return false;
  const event = call.arguments[0];
  return event !== undefined && ts.isStringLiteralLike(event) && event.text === 'postgres_changes' && module.inScope;
}
