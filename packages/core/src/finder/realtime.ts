import ts from './typescript.js';
import type { SourceModule } from './module.js';
import { propertyName, type Evaluator, type Value } from './values.js';

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
