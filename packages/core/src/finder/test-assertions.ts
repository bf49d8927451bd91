import ts from './typescript.js';
import type { RenameMap } from '../config.js';
import type { SourceModule } from './module.js';
import { onePiece, type ReferenceSink } from './emit.js';
import { literalText } from './literal.js';
import { resolveBinding } from './values.js';

/** Matchers whose arguments are what a mock was called with (Jest, Vitest). */
const CALLED_WITH = new Set(['toHaveBeenCalledWith', 'toBeCalledWith', 'toHaveBeenLastCalledWith', 'lastCalledWith', 'toHaveBeenNthCalledWith', 'nthCalledWith']);
const EQUALS = new Set(['toBe', 'toEqual', 'toStrictEqual']);

/**
 * A test's assertion on a table's name: `expect(supabase.from).toHaveBeenCalledWith('orders')`, or
 * on a spy of `from` (`const spy = vi.spyOn(supabase, 'from')`), is the table the code queries, so it
 * follows the rename. `expect(builder.table).toBe('orders')` (something named like a table compared
 * with an old name) is a review item: the test fails once the code is renamed.
 */
export function tableAssertion(call: ts.CallExpression, matcher: string, receiver: ts.Expression, module: SourceModule, map: RenameMap, sink: ReferenceSink): void {
  const called = CALLED_WITH.has(matcher);
  if (!called && !EQUALS.has(matcher)) return;
  const subject = expected(receiver);
  if (!subject) return;
  const argument = call.arguments[matcher.startsWith('nth') || matcher === 'toHaveBeenNthCalledWith' ? 1 : 0];
  if (!argument || !ts.isStringLiteralLike(argument) || (!map.renames.has(argument.text) && !map.newNames.has(argument.text))) return;
  if (called && queriesFrom(subject)) {
    sink.literal('from', argument, module, call);
  } else if (map.renames.has(argument.text) && /table/i.test(subject.getText())) {
    const note = `a test expects ${subject.getText().slice(0, 40)} to be "${argument.text}", which the code calls "${map.renames.get(argument.text)}" after the rename: check it by hand`;
    sink.flag('review', argument.text, onePiece(literalText(argument, module.text), module), 0, call, note);
  }
}

/** `x` of `expect(x)` (also `expect(x).not`): the receiver of the matcher. */
function expected(receiver: ts.Expression): ts.Expression | undefined {
  let expr = receiver;
  if (ts.isPropertyAccessExpression(expr) && (expr.name.text === 'not' || expr.name.text === 'resolves')) expr = expr.expression;
  if (!ts.isCallExpression(expr) || !ts.isIdentifier(expr.expression) || expr.expression.text !== 'expect') return undefined;
  return expr.arguments[0];
}

/** `supabase.from` (not `supabase.storage.from`), or a spy of it: `vi.spyOn(supabase, 'from')`. */
function queriesFrom(subject: ts.Expression): boolean {
  if (ts.isPropertyAccessExpression(subject)) return subject.name.text === 'from' && !/\bstorage\b/.test(subject.expression.getText());
  if (!ts.isIdentifier(subject)) return false;
  const binding = resolveBinding(subject);
  const init = binding.kind === 'const' || binding.kind === 'variable' ? binding.declaration?.initializer : undefined;
  if (!init || !ts.isCallExpression(init) || !ts.isPropertyAccessExpression(init.expression) || init.expression.name.text !== 'spyOn') return false;
  const [object, method] = init.arguments;
  return method !== undefined && ts.isStringLiteralLike(method) && method.text === 'from' && object !== undefined && !/\bstorage\b/.test(object.getText());
}
