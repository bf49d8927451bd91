import ts from './typescript.js';
import { isStringLike } from './literal.js';

/** What can be called with arguments that reach a table position. */
export type FunctionNode =
  | ts.FunctionDeclaration
  | ts.FunctionExpression
  | ts.ArrowFunction
  | ts.MethodDeclaration
  | ts.ConstructorDeclaration;

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
  | { readonly kind: 'function'; readonly declaration?: ts.FunctionDeclaration }
  | { readonly kind: 'class'; readonly declaration: ts.ClassDeclaration }
  /** A parameter of a function; `element` when it is bound by destructuring the parameter. */
  | { readonly kind: 'parameter'; readonly fn: FunctionNode; readonly parameter: ts.ParameterDeclaration; readonly element?: ts.BindingElement }
  /** name '*' for a namespace import. */
  | { readonly kind: 'import'; readonly specifier: string; readonly name: string }
  /** let/var (`declaration`), a parameter, a destructured name (`element`), a loop variable, … */
  | { readonly kind: 'variable'; readonly element?: ts.BindingElement; readonly declaration?: ts.VariableDeclaration }
  /** Not declared in the file: a global. */
  | { readonly kind: 'unknown' };

/** The declaration an identifier refers to, found by walking its enclosing scopes (no checker). */
export function resolveBinding(id: ts.Identifier): Binding {
  const name = id.text;
  let child: ts.Node = id;
  for (let scope = id.parent; scope; child = scope, scope = scope.parent) {
    if (ts.isFunctionLike(scope)) {
      for (const parameter of scope.parameters) {
        if (!bindsName(parameter.name, name)) continue;
        if (!isFunctionNode(scope)) return { kind: 'variable' };
        const element = bindingElement(parameter.name, name);
        return { kind: 'parameter', fn: scope, parameter, ...(element ? { element } : {}) };
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

export function lookupStatements(statements: ts.NodeArray<ts.Statement>, name: string, topLevel: boolean): Binding | undefined {
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
          return isConst ? { kind: 'const', declaration } : { kind: 'variable', declaration };
        }
        const element = bindingElement(declaration.name, name);
        if (element) return { kind: 'variable', element, declaration };
      }
    } else if (ts.isFunctionDeclaration(statement)) {
      if (statement.name?.text === name) return statement.body ? { kind: 'function', declaration: statement } : { kind: 'function' };
    } else if (ts.isClassDeclaration(statement)) {
      if (statement.name?.text === name) return { kind: 'class', declaration: statement };
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

export function isFunctionNode(node: ts.Node): node is FunctionNode {
  return (
    (ts.isFunctionDeclaration(node) ||
      ts.isFunctionExpression(node) ||
      ts.isArrowFunction(node) ||
      ts.isMethodDeclaration(node) ||
      ts.isConstructorDeclaration(node)) &&
    node.body !== undefined
  );
}

/** `require('x')` → 'x'. */
function requireSpecifier(expr: ts.Expression | undefined): string | undefined {
  if (!expr || !ts.isCallExpression(expr) || !ts.isIdentifier(expr.expression) || expr.expression.text !== 'require') return undefined;
  const [argument] = expr.arguments;
  return argument && isStringLike(argument) && expr.arguments.length === 1 ? argument.text : undefined;
}

/** `module.exports` or `exports`. */
export function isExportsObject(expr: ts.Expression): boolean {
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
