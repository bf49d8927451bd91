import ts from './typescript.js';
import { isStringLike, type StringLike } from './literal.js';
import type { SourceModule } from './module.js';

/**
 * What an expression in a table position evaluates to, statically. Only what the finder needs:
 * a string literal (possibly reached through constants, objects, enums and imports) or a verdict.
 */
export type Value =
  | { readonly kind: 'string'; readonly node: StringLike; readonly module: SourceModule; readonly viaConstant: boolean }
  | { readonly kind: 'object'; readonly node: ts.ObjectLiteralExpression; readonly module: SourceModule }
  | { readonly kind: 'enum'; readonly node: ts.EnumDeclaration; readonly module: SourceModule }
  | { readonly kind: 'namespace'; readonly module: SourceModule }
  /** Known only at run time: a parameter, a `let`, a `${}` template, a property of something unknown. */
  | { readonly kind: 'dynamic' }
  /** The result of a call: a string at run time, or an ORM's table object. The form decides. */
  | { readonly kind: 'call' }
  /** Certainly not a table name: a number, a function, a class, an array, … */
  | { readonly kind: 'other' }
  /** Imported from a package: not ours to guess (an ORM's table object, usually). */
  | { readonly kind: 'external' };

const DYNAMIC: Value = { kind: 'dynamic' };
const CALL: Value = { kind: 'call' };
const OTHER: Value = { kind: 'other' };
const EXTERNAL: Value = { kind: 'external' };
const MAX_DEPTH = 12;

/**
 * Resolves an import of `from` to a loaded module: null when it should be a file of the project but
 * none exists (the value is then dynamic), undefined for a package or when imports are not followed
 * (the value is then left alone).
 */
export type ImportResolver = (from: SourceModule, specifier: string) => SourceModule | null | undefined;

export interface Evaluator {
  /** The possible values of an expression: one, or one per branch of `a ? b : c`, `a ?? b`, `a || b`. */
  evaluateBranches(expr: ts.Expression, module: SourceModule): Array<{ expr: ts.Expression; value: Value }>;
  evaluate(expr: ts.Expression, module: SourceModule): Value;
}

export function createEvaluator(resolveImport: ImportResolver, sourceOf: (m: SourceModule) => ts.SourceFile | undefined): Evaluator {
  function unwrap(expr: ts.Expression): ts.Expression {
    for (;;) {
      if (
        ts.isParenthesizedExpression(expr) ||
        ts.isAsExpression(expr) ||
        ts.isSatisfiesExpression(expr) ||
        ts.isNonNullExpression(expr) ||
        ts.isTypeAssertionExpression(expr)
      ) {
        expr = expr.expression;
      } else {
        return expr;
      }
    }
  }

  function evaluateBranches(expr: ts.Expression, module: SourceModule): Array<{ expr: ts.Expression; value: Value }> {
    const inner = unwrap(expr);
    if (ts.isConditionalExpression(inner)) {
      return [...evaluateBranches(inner.whenTrue, module), ...evaluateBranches(inner.whenFalse, module)];
    }
    if (
      ts.isBinaryExpression(inner) &&
      (inner.operatorToken.kind === ts.SyntaxKind.QuestionQuestionToken || inner.operatorToken.kind === ts.SyntaxKind.BarBarToken)
    ) {
      return [...evaluateBranches(inner.left, module), ...evaluateBranches(inner.right, module)];
    }
    return [{ expr: inner, value: evaluate(inner, module) }];
  }

  function evaluate(expr: ts.Expression, module: SourceModule): Value {
    return evaluateAt(expr, module, 0, false);
  }

  function evaluateAt(expr: ts.Expression, module: SourceModule, depth: number, viaConstant: boolean): Value {
    if (depth > MAX_DEPTH) return DYNAMIC;
    expr = unwrap(expr);
    if (isStringLike(expr)) return { kind: 'string', node: expr, module, viaConstant };
    switch (expr.kind) {
      case ts.SyntaxKind.Identifier:
        return evaluateIdentifier(expr as ts.Identifier, module, depth);
      case ts.SyntaxKind.PropertyAccessExpression: {
        const access = expr as ts.PropertyAccessExpression;
        if (!ts.isIdentifier(access.name)) return DYNAMIC;
        return member(evaluateAt(access.expression, module, depth + 1, viaConstant), access.name.text, depth);
      }
      case ts.SyntaxKind.ElementAccessExpression: {
        const access = expr as ts.ElementAccessExpression;
        const key = unwrap(access.argumentExpression);
        if (!isStringLike(key)) return DYNAMIC;
        return member(evaluateAt(access.expression, module, depth + 1, viaConstant), key.text, depth);
      }
      case ts.SyntaxKind.ObjectLiteralExpression:
        return { kind: 'object', node: expr as ts.ObjectLiteralExpression, module };
      case ts.SyntaxKind.CallExpression: {
        const call = expr as ts.CallExpression;
        // Object.freeze({ … }) keeps the object's literals.
        if (
          ts.isPropertyAccessExpression(call.expression) &&
          call.expression.name.text === 'freeze' &&
          ts.isIdentifier(call.expression.expression) &&
          call.expression.expression.text === 'Object' &&
          call.arguments.length === 1
        ) {
          return evaluateAt(call.arguments[0]!, module, depth + 1, true);
        }
        return CALL;
      }
      case ts.SyntaxKind.NumericLiteral:
      case ts.SyntaxKind.BigIntLiteral:
      case ts.SyntaxKind.TrueKeyword:
      case ts.SyntaxKind.FalseKeyword:
      case ts.SyntaxKind.NullKeyword:
      case ts.SyntaxKind.ArrayLiteralExpression:
      case ts.SyntaxKind.ArrowFunction:
      case ts.SyntaxKind.FunctionExpression:
      case ts.SyntaxKind.ClassExpression:
      case ts.SyntaxKind.NewExpression:
      case ts.SyntaxKind.RegularExpressionLiteral:
        return OTHER;
      default:
        return DYNAMIC;
    }
  }

  function evaluateIdentifier(id: ts.Identifier, module: SourceModule, depth: number): Value {
    if (id.text === 'undefined') return OTHER;
    const binding = resolveBinding(id);
    return evaluateBinding(binding, module, depth);
  }

  function evaluateBinding(binding: Binding, module: SourceModule, depth: number): Value {
    switch (binding.kind) {
      case 'const':
        return binding.declaration.initializer
          ? evaluateAt(binding.declaration.initializer, module, depth + 1, true)
          : DYNAMIC;
      case 'enum':
        return { kind: 'enum', node: binding.declaration, module };
      case 'function':
        return OTHER;
      case 'import': {
        const target = resolveImport(module, binding.specifier);
        if (target === undefined) return EXTERNAL;
        if (target === null) return DYNAMIC;
        if (binding.name === '*') return { kind: 'namespace', module: target };
        return exported(target, binding.name, depth + 1);
      }
      default:
        return DYNAMIC;
    }
  }

  function member(base: Value, name: string, depth: number): Value {
    switch (base.kind) {
      case 'object': {
        const properties = base.node.properties;
        // The last definition wins, as at run time.
        for (let i = properties.length - 1; i >= 0; i -= 1) {
          const property = properties[i]!;
          if (ts.isPropertyAssignment(property) && propertyName(property.name) === name) {
            return evaluateAt(property.initializer, base.module, depth + 1, true);
          }
          if (ts.isShorthandPropertyAssignment(property) && property.name.text === name) {
            return evaluateAt(property.name, base.module, depth + 1, true);
          }
          if (ts.isSpreadAssignment(property)) {
            const spread = member(evaluateAt(property.expression, base.module, depth + 1, true), name, depth + 1);
            if (spread.kind !== 'dynamic') return spread;
          }
          if (
            (ts.isMethodDeclaration(property) || ts.isGetAccessorDeclaration(property)) &&
            propertyName(property.name) === name
          ) {
            return DYNAMIC;
          }
        }
        return DYNAMIC;
      }
      case 'enum': {
        const found = base.node.members.find((m) => propertyName(m.name) === name);
        if (!found) return DYNAMIC;
        return found.initializer ? evaluateAt(found.initializer, base.module, depth + 1, true) : OTHER;
      }
      case 'namespace':
        return exported(base.module, name, depth + 1);
      case 'external':
        return EXTERNAL;
      default:
        return DYNAMIC;
    }
  }

  /** The value a module exports under `name`, following re-exports. */
  function exported(module: SourceModule, name: string, depth: number): Value {
    if (depth > MAX_DEPTH) return DYNAMIC;
    const sf = sourceOf(module);
    if (!sf) return DYNAMIC;
    const stars: string[] = [];
    for (const statement of sf.statements) {
      if (ts.isVariableStatement(statement) && hasExport(statement)) {
        for (const declaration of statement.declarationList.declarations) {
          if (ts.isIdentifier(declaration.name) && declaration.name.text === name) {
            const isConst = (statement.declarationList.flags & ts.NodeFlags.Const) !== 0;
            return isConst && declaration.initializer
              ? evaluateAt(declaration.initializer, module, depth + 1, true)
              : DYNAMIC;
          }
        }
      } else if (ts.isEnumDeclaration(statement) && hasExport(statement) && statement.name.text === name) {
        return { kind: 'enum', node: statement, module };
      } else if (
        (ts.isFunctionDeclaration(statement) || ts.isClassDeclaration(statement)) &&
        hasExport(statement) &&
        (statement.name?.text === name || (name === 'default' && hasDefault(statement)))
      ) {
        return OTHER;
      } else if (ts.isExportAssignment(statement) && name === 'default' && !statement.isExportEquals) {
        return evaluateAt(statement.expression, module, depth + 1, true);
      } else if (ts.isExportDeclaration(statement) && !statement.isTypeOnly) {
        const specifier =
          statement.moduleSpecifier && isStringLike(statement.moduleSpecifier) ? statement.moduleSpecifier.text : undefined;
        const clause = statement.exportClause;
        if (!clause) {
          if (specifier) stars.push(specifier);
          continue;
        }
        if (ts.isNamespaceExport(clause)) {
          if (clause.name.text === name && specifier) {
            const target = resolveImport(module, specifier);
            return target ? { kind: 'namespace', module: target } : target === null ? DYNAMIC : EXTERNAL;
          }
          continue;
        }
        for (const element of clause.elements) {
          if (propertyName(element.name) !== name) continue;
          const local = propertyName(element.propertyName ?? element.name) ?? name;
          if (specifier) {
            const target = resolveImport(module, specifier);
            return target ? exported(target, local, depth + 1) : target === null ? DYNAMIC : EXTERNAL;
          }
          return evaluateBinding(lookupStatements(sf.statements, local, true) ?? { kind: 'unknown' }, module, depth + 1);
        }
      }
    }
    // CommonJS: `module.exports = { NAME: … }`, `exports.NAME = …`, `module.exports.NAME = …`.
    for (const statement of sf.statements) {
      if (!ts.isExpressionStatement(statement)) continue;
      const assignment = statement.expression;
      if (!ts.isBinaryExpression(assignment) || assignment.operatorToken.kind !== ts.SyntaxKind.EqualsToken) continue;
      const left = assignment.left;
      if (isExportsObject(left) && !ts.isIdentifier(left)) {
        const value = member(evaluateAt(assignment.right, module, depth + 1, true), name, depth + 1);
        if (value.kind !== 'dynamic') return value;
      } else if (ts.isPropertyAccessExpression(left) && isExportsObject(left.expression) && left.name.text === name) {
        return evaluateAt(assignment.right, module, depth + 1, true);
      }
    }
    for (const specifier of stars) {
      const target = resolveImport(module, specifier);
      if (!target) continue;
      const value = exported(target, name, depth + 1);
      if (value.kind !== 'dynamic') return value;
    }
    return DYNAMIC;
  }

  return { evaluate, evaluateBranches };
}

function hasExport(node: ts.Node): boolean {
  return ts.canHaveModifiers(node) && (ts.getModifiers(node) ?? []).some((m) => m.kind === ts.SyntaxKind.ExportKeyword);
}

function hasDefault(node: ts.Node): boolean {
  return ts.canHaveModifiers(node) && (ts.getModifiers(node) ?? []).some((m) => m.kind === ts.SyntaxKind.DefaultKeyword);
}

export function propertyName(name: ts.Node | undefined): string | undefined {
  if (!name) return undefined;
  if (ts.isIdentifier(name) || ts.isPrivateIdentifier(name)) return name.text;
  if (isStringLike(name) || ts.isNumericLiteral(name)) return name.text;
  if (ts.isComputedPropertyName(name) && isStringLike(name.expression)) return name.expression.text;
  return undefined;
}

export type Binding =
  | { readonly kind: 'const'; readonly declaration: ts.VariableDeclaration }
  | { readonly kind: 'enum'; readonly declaration: ts.EnumDeclaration }
  | { readonly kind: 'function' }
  /** name '*' for a namespace import. */
  | { readonly kind: 'import'; readonly specifier: string; readonly name: string }
  /** let/var, a parameter, a destructured name (`element`), a loop variable, … */
  | { readonly kind: 'variable'; readonly element?: ts.BindingElement }
  /** Not declared in the file: a global. */
  | { readonly kind: 'unknown' };

/** The declaration an identifier refers to, found by walking its enclosing scopes (no checker). */
export function resolveBinding(id: ts.Identifier): Binding {
  const name = id.text;
  let child: ts.Node = id;
  for (let scope = id.parent; scope; child = scope, scope = scope.parent) {
    if (ts.isFunctionLike(scope)) {
      for (const parameter of scope.parameters) {
        if (bindsName(parameter.name, name)) return { kind: 'variable' };
      }
      if ((ts.isFunctionExpression(scope) || ts.isClassExpression(scope)) && scope.name?.text === name) {
        return { kind: 'function' };
      }
    }
    if (ts.isBlock(scope) || ts.isSourceFile(scope) || ts.isModuleBlock(scope) || ts.isCaseClause(scope) || ts.isDefaultClause(scope)) {
      const found = lookupStatements(scope.statements, name, ts.isSourceFile(scope));
      if (found) return found;
    } else if (
      (ts.isForStatement(scope) || ts.isForOfStatement(scope) || ts.isForInStatement(scope)) &&
      scope.initializer &&
      ts.isVariableDeclarationList(scope.initializer) &&
      scope.initializer.declarations.some((d) => bindsName(d.name, name))
    ) {
      return { kind: 'variable' };
    } else if (ts.isCatchClause(scope) && scope.variableDeclaration && bindsName(scope.variableDeclaration.name, name)) {
      return { kind: 'variable' };
    }
  }
  void child;
  return { kind: 'unknown' };
}

// Each name is looked up once per statement list: a file with 20,000 statements that each use the
// same undeclared client (`db.from(…)`) would otherwise scan every statement for every use.
const statementLookups = new WeakMap<ts.NodeArray<ts.Statement>, Map<string, Binding | undefined>>();

function lookupStatements(statements: ts.NodeArray<ts.Statement>, name: string, topLevel: boolean): Binding | undefined {
  let cache = statementLookups.get(statements);
  if (!cache) statementLookups.set(statements, (cache = new Map()));
  const key = `${topLevel ? 'top' : 'inner'} ${name}`;
  if (cache.has(key)) return cache.get(key);
  const binding = scanStatements(statements, name, topLevel);
  cache.set(key, binding);
  return binding;
}

function scanStatements(statements: ts.NodeArray<ts.Statement>, name: string, topLevel: boolean): Binding | undefined {
  for (const statement of statements) {
    if (ts.isVariableStatement(statement)) {
      for (const declaration of statement.declarationList.declarations) {
        const required = requireSpecifier(declaration.initializer);
        if (required !== undefined) {
          // CommonJS: `const tables = require('./tables')`, `const { ORDERS: T } = require('./tables')`.
          if (ts.isIdentifier(declaration.name)) {
            if (declaration.name.text === name) return { kind: 'import', specifier: required, name: '*' };
            continue;
          }
          if (ts.isObjectBindingPattern(declaration.name)) {
            for (const element of declaration.name.elements) {
              if (ts.isIdentifier(element.name) && element.name.text === name && !element.dotDotDotToken) {
                return { kind: 'import', specifier: required, name: propertyName(element.propertyName ?? element.name) ?? name };
              }
            }
          }
        }
        if (ts.isIdentifier(declaration.name)) {
          if (declaration.name.text !== name) continue;
          const isConst = (statement.declarationList.flags & ts.NodeFlags.Const) !== 0;
          return isConst ? { kind: 'const', declaration } : { kind: 'variable' };
        }
        const element = bindingElement(declaration.name, name);
        if (element) return { kind: 'variable', element };
      }
    } else if (ts.isFunctionDeclaration(statement) || ts.isClassDeclaration(statement)) {
      if (statement.name?.text === name) return { kind: 'function' };
    } else if (ts.isEnumDeclaration(statement)) {
      if (statement.name.text === name) return { kind: 'enum', declaration: statement };
    } else if (topLevel && ts.isImportDeclaration(statement)) {
      const clause = statement.importClause;
      if (!clause || !isStringLike(statement.moduleSpecifier)) continue;
      const specifier = statement.moduleSpecifier.text;
      if (clause.name?.text === name) return { kind: 'import', specifier, name: 'default' };
      const bindings = clause.namedBindings;
      if (!bindings) continue;
      if (ts.isNamespaceImport(bindings)) {
        if (bindings.name.text === name) return { kind: 'import', specifier, name: '*' };
      } else {
        for (const element of bindings.elements) {
          if (element.name.text === name) {
            return { kind: 'import', specifier, name: propertyName(element.propertyName ?? element.name) ?? name };
          }
        }
      }
    }
  }
  return undefined;
}

/** `require('x')` → 'x'. */
function requireSpecifier(expr: ts.Expression | undefined): string | undefined {
  if (!expr || !ts.isCallExpression(expr) || !ts.isIdentifier(expr.expression) || expr.expression.text !== 'require') return undefined;
  const [argument] = expr.arguments;
  return argument && isStringLike(argument) && expr.arguments.length === 1 ? argument.text : undefined;
}

/** `module.exports` or `exports`. */
function isExportsObject(expr: ts.Expression): boolean {
  if (ts.isIdentifier(expr)) return expr.text === 'exports';
  return (
    ts.isPropertyAccessExpression(expr) &&
    ts.isIdentifier(expr.expression) &&
    expr.expression.text === 'module' &&
    expr.name.text === 'exports'
  );
}

function bindsName(binding: ts.BindingName, name: string): boolean {
  if (ts.isIdentifier(binding)) return binding.text === name;
  return bindingElement(binding, name) !== undefined;
}

/** The element of a destructuring pattern that binds `name`. */
function bindingElement(binding: ts.BindingName, name: string): ts.BindingElement | undefined {
  if (ts.isIdentifier(binding)) return undefined;
  for (const element of binding.elements) {
    if (ts.isOmittedExpression(element)) continue;
    if (ts.isIdentifier(element.name)) {
      if (element.name.text === name) return element;
    } else {
      const inner = bindingElement(element.name, name);
      if (inner) return inner;
    }
  }
  return undefined;
}
