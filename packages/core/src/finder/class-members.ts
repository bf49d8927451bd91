import ts from './typescript.js';
import type { SourceModule } from './module.js';
import { propertyName, type Binding } from './bindings.js';
import type { Value } from './values.js';

const DYNAMIC: Value = { kind: 'dynamic' };
/** How many classes up an `extends` chain a member is looked for. */
const MAX_BASES = 8;

type Evaluate = (expr: ts.Expression, module: SourceModule, depth: number) => Value;

/**
 * Members of a project's classes, for `this.NAME` and `instance.NAME`: what a class itself gives a
 * member (`own`), and what its instances see, inherited from its base classes too (`member`).
 */
export function classMembers(evaluate: Evaluate) {
  /**
   * A field's initializer, the one value its constructor gives it (`this.NAME = …`, or a parameter
   * property: the `new` sites' arguments), or a method; DYNAMIC for a getter or a static member;
   * undefined when this class does not define it (`abstract table: string`, `declare table`, none).
   */
  function own(owner: ts.ClassLikeDeclaration, name: string, module: SourceModule, depth: number): Value | undefined {
    for (const element of owner.members) {
      if (ts.isConstructorDeclaration(element)) {
        // `constructor(private readonly table: string)`: the parameter's values are the `new` sites'.
        const property = element.parameters.find((p) => ts.isParameterPropertyDeclaration(p, element) && propertyName(p.name) === name);
        if (property) return parameterValue({ kind: 'parameter', fn: element, parameter: property }, module);
        for (const statement of element.body?.statements ?? []) {
          if (!ts.isExpressionStatement(statement) || !ts.isBinaryExpression(statement.expression)) continue;
          const { left, operatorToken, right } = statement.expression;
          if (
            operatorToken.kind === ts.SyntaxKind.EqualsToken &&
            ts.isPropertyAccessExpression(left) &&
            left.expression.kind === ts.SyntaxKind.ThisKeyword &&
            left.name.text === name
          ) {
            return evaluate(right, module, depth + 1);
          }
        }
        continue;
      }
      if (propertyName(element.name) !== name) continue;
      if (ts.isPropertyDeclaration(element)) {
        const isStatic = (ts.getModifiers(element) ?? []).some((m) => m.kind === ts.SyntaxKind.StaticKeyword);
        if (isStatic) return DYNAMIC;
        // `private table: string;` set in the constructor, which may come later; `abstract table: string`.
        if (!element.initializer) continue;
        return evaluate(element.initializer, module, depth + 1);
      }
      if (ts.isMethodDeclaration(element) && element.body) return { kind: 'function', node: element, module };
      if (ts.isMethodDeclaration(element)) continue; // an abstract method
      return DYNAMIC;
    }
    return undefined;
  }

  /** The member as instances of `owner` see it: its own, else its base class's (`extends`). */
  function member(owner: ts.ClassLikeDeclaration, name: string, module: SourceModule, depth: number): Value | undefined {
    let cls: { node: ts.ClassLikeDeclaration; module: SourceModule } | undefined = { node: owner, module };
    for (let level = 0; cls && level < MAX_BASES; level += 1) {
      const value = own(cls.node, name, cls.module, depth + level);
      if (value !== undefined) return value;
      cls = baseClass(cls.node, cls.module, depth + level);
    }
    return undefined;
  }

  function baseClass(owner: ts.ClassLikeDeclaration, module: SourceModule, depth: number) {
    const heritage = owner.heritageClauses?.find((clause) => clause.token === ts.SyntaxKind.ExtendsKeyword)?.types[0];
    if (!heritage) return undefined;
    const base = evaluate(heritage.expression, module, depth + 1);
    return base.kind === 'class' ? { node: base.node, module: base.module } : undefined;
  }

  return { own, member };
}

/** The value of a parameter binding: where it sits in its function's parameter list, and its default. */
export function parameterValue(binding: Extract<Binding, { kind: 'parameter' }>, module: SourceModule): Value {
  const { fn, parameter } = binding;
  if (parameter.dotDotDotToken) return DYNAMIC;
  const index = fn.parameters.indexOf(parameter);
  const path: string[] = [];
  const initializer = binding.element ? binding.element.initializer : parameter.initializer;
  // `{ filter: { table } }`: the property names from the parameter down to the bound name.
  for (let node: ts.Node | undefined = binding.element; node && node !== parameter; node = node.parent) {
    if (ts.isBindingElement(node)) {
      if (!ts.isObjectBindingPattern(node.parent) || node.dotDotDotToken) return DYNAMIC;
      const key = propertyName(node.propertyName ?? node.name);
      if (key === undefined) return DYNAMIC;
      path.unshift(key);
    }
  }
  return { kind: 'parameter', fn, index, path, module, ...(initializer ? { initializer } : {}) };
}

/** The class whose `this` an expression sees: arrow functions pass it through, functions do not. */
export function enclosingClass(node: ts.Node): ts.ClassLikeDeclaration | undefined {
  for (let scope = node.parent; scope; scope = scope.parent) {
    if (ts.isClassDeclaration(scope) || ts.isClassExpression(scope)) return scope;
    if (ts.isFunctionDeclaration(scope) || ts.isFunctionExpression(scope)) return undefined;
  }
  return undefined;
}

/** `this.NAME` inside a class (not in a nested function): its class and the name. */
export function thisMember(expr: ts.Expression): { owner: ts.ClassLikeDeclaration; name: string } | undefined {
  if (!ts.isPropertyAccessExpression(expr) || expr.expression.kind !== ts.SyntaxKind.ThisKeyword || !ts.isIdentifier(expr.name)) return undefined;
  const owner = enclosingClass(expr);
  return owner ? { owner, name: expr.name.text } : undefined;
}
