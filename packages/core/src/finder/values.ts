import ts from './typescript.js';
import { isStringLike, type StringLike } from './literal.js';
import type { SourceModule } from './module.js';
import { isExportsObject, lookupStatements, propertyName, resolveBinding, type Binding, type FunctionNode } from './bindings.js';
import { classMembers, enclosingClass, parameterValue } from './class-members.js';

export { isFunctionNode, propertyName, resolveBinding, type Binding, type FunctionNode } from './bindings.js';

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
  | { readonly kind: 'call'; readonly node?: ts.CallExpression; readonly module?: SourceModule }
  /** Certainly not a table name: a number, a function, a class, an array, … */
  | { readonly kind: 'other' }
  /**
   * Imported from a package (or through imports not followed): not ours to guess (an ORM's table
   * object, usually). `specifier` is the import's, when known.
   */
  | { readonly kind: 'external'; readonly specifier?: string }
  /** A class of the project, and an instance of one (`new Service()`): their members are followed. */
  | { readonly kind: 'class'; readonly node: ts.ClassLikeDeclaration; readonly module: SourceModule }
  | { readonly kind: 'instance'; readonly node: ts.ClassLikeDeclaration; readonly module: SourceModule }
  /** A function of the project: its parameters may be table positions (see `parameter`). */
  | { readonly kind: 'function'; readonly node: FunctionNode; readonly module: SourceModule }
  /**
   * A parameter of a project function (or `path` inside it: `o.table`, `{ table }`): its values are
   * the arguments at the function's call sites, and its default.
   */
  | {
      readonly kind: 'parameter';
      readonly fn: FunctionNode;
      readonly index: number;
      readonly path: readonly string[];
      readonly module: SourceModule;
      /** The default (`sel = '…'`, `{ table = '…' }`), evaluated where it is written. */
      readonly initializer?: ts.Expression;
    }
  /** `'a' + 'b' + C`: every piece a string (through constants too), joined in order. */
  | { readonly kind: 'concat'; readonly pieces: ReadonlyArray<{ readonly node: StringLike; readonly module: SourceModule }> }
  /** A template with substitutions, from `sqlText` only (elsewhere it is dynamic). */
  | { readonly kind: 'template'; readonly node: ts.TemplateExpression; readonly module: SourceModule };

const DYNAMIC: Value = { kind: 'dynamic' };
const OTHER: Value = { kind: 'other' };
const MAX_DEPTH = 12;
/** String methods whose result is still the SQL text they are called on, as far as table names go. */
const KEEPS_TEXT = new Set(['replace', 'replaceAll', 'trim', 'trimStart', 'trimEnd']);

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
  /** `base.name`: a property of an object, enum, namespace or parameter. */
  member(base: Value, name: string): Value;
  /**
   * A class's instance member as that class itself defines it (not inherited): undefined when it
   * does not (an abstract or bare declaration, or none). See `classMembers`.
   */
  ownMember(owner: ts.ClassLikeDeclaration, name: string, module: SourceModule): Value | undefined;
  /** `this.NAME` as a class's methods see it, inherited too: undefined when no class up the chain defines it. */
  classMember(owner: ts.ClassLikeDeclaration, name: string, module: SourceModule): Value | undefined;
  /**
   * The SQL text an argument holds: a string, or a template with substitutions (`const q = \`… ${id}\``),
   * also through constants and imports; for an object, its `text` (node-postgres' query config).
   */
  sqlText(expr: ts.Expression, module: SourceModule): Value;
}

export function createEvaluator(resolveImport: ImportResolver, sourceOf: (m: SourceModule) => ts.SourceFile | undefined): Evaluator {
  /** Set while `sqlText` evaluates: a template with substitutions is then a value of its own. */
  let templates = false;
  const classes = classMembers((expr, module, depth) => evaluateAt(expr, module, depth, true));

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
        if (access.expression.kind === ts.SyntaxKind.ThisKeyword) {
          const owner = enclosingClass(access);
          return owner ? classes.member(owner, access.name.text, module, depth) ?? DYNAMIC : DYNAMIC;
        }
        return member(evaluateAt(access.expression, module, depth + 1, viaConstant), access.name.text, depth);
      }
      case ts.SyntaxKind.BinaryExpression:
        return concatenation(expr as ts.BinaryExpression, module, depth);
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
        // SQL text a wrapper tidies before running it (`sql.replaceAll(/{{…}}/g, …)`, `sql.trim()`): still that text.
        if (templates && ts.isPropertyAccessExpression(call.expression) && KEEPS_TEXT.has(call.expression.name.text)) {
          return evaluateAt(call.expression.expression, module, depth + 1, viaConstant);
        }
        return { kind: 'call', node: call, module };
      }
      case ts.SyntaxKind.NewExpression: {
        const created = evaluateAt((expr as ts.NewExpression).expression, module, depth + 1, viaConstant);
        return created.kind === 'class' ? { kind: 'instance', node: created.node, module: created.module } : OTHER;
      }
      case ts.SyntaxKind.ClassExpression:
        return { kind: 'class', node: expr as ts.ClassExpression, module };
      case ts.SyntaxKind.TemplateExpression:
        return templates ? { kind: 'template', node: expr as ts.TemplateExpression, module } : DYNAMIC;
      case ts.SyntaxKind.NumericLiteral:
      case ts.SyntaxKind.BigIntLiteral:
      case ts.SyntaxKind.TrueKeyword:
      case ts.SyntaxKind.FalseKeyword:
      case ts.SyntaxKind.NullKeyword:
      case ts.SyntaxKind.ArrowFunction:
      case ts.SyntaxKind.FunctionExpression:
        return { kind: 'function', node: expr as ts.ArrowFunction | ts.FunctionExpression, module };
      case ts.SyntaxKind.ArrayLiteralExpression:
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
        return binding.declaration ? { kind: 'function', node: binding.declaration, module } : OTHER;
      case 'class':
        return { kind: 'class', node: binding.declaration, module };
      case 'parameter':
        return parameterValue(binding, module);
      case 'variable':
        return binding.element && binding.declaration ? destructured(binding.element, binding.declaration, module, depth) : DYNAMIC;
      case 'import': {
        const target = resolveImport(module, binding.specifier);
        if (target === undefined) return { kind: 'external', specifier: binding.specifier };
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
          if (ts.isMethodDeclaration(property) && propertyName(property.name) === name) {
            return { kind: 'function', node: property, module: base.module };
          }
          if (ts.isGetAccessorDeclaration(property) && propertyName(property.name) === name) return DYNAMIC;
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
        return base;
      case 'instance':
        return classes.member(base.node, name, base.module, depth) ?? DYNAMIC;
      case 'parameter':
        // `o.table` of a parameter `o`: the call sites' `{ table: … }`; a default object does not count.
        return { kind: 'parameter', fn: base.fn, index: base.index, path: [...base.path, name], module: base.module };
      default:
        return DYNAMIC;
    }
  }

  /** `const { rawQuery } = db` (or `{ a: { b } }`): the property of the constant's initializer. */
  function destructured(element: ts.BindingElement, declaration: ts.VariableDeclaration, module: SourceModule, depth: number): Value {
    const list = declaration.parent;
    if (!ts.isVariableDeclarationList(list) || (list.flags & ts.NodeFlags.Const) === 0 || !declaration.initializer || element.dotDotDotToken) return DYNAMIC;
    const path: string[] = [];
    for (let node: ts.Node = element; node !== declaration; node = node.parent) {
      if (!ts.isBindingElement(node)) continue;
      if (!ts.isObjectBindingPattern(node.parent)) return DYNAMIC;
      const key = propertyName(node.propertyName ?? node.name);
      if (key === undefined) return DYNAMIC;
      path.unshift(key);
    }
    let value = evaluateAt(declaration.initializer, module, depth + 1, true);
    for (const key of path) value = member(value, key, depth + 1);
    return value;
  }

  /** `a + b + …` of strings only; a number or an unknown piece makes the whole unknown. */
  function concatenation(expr: ts.BinaryExpression, module: SourceModule, depth: number): Value {
    if (expr.operatorToken.kind !== ts.SyntaxKind.PlusToken) return DYNAMIC;
    const pieces: Array<{ node: StringLike; module: SourceModule }> = [];
    const add = (value: Value): boolean => {
      if (value.kind === 'string') pieces.push({ node: value.node, module: value.module });
      else if (value.kind === 'concat') pieces.push(...value.pieces);
      else return false;
      return true;
    };
    if (!add(evaluateAt(expr.left, module, depth + 1, true)) || !add(evaluateAt(expr.right, module, depth + 1, true))) return DYNAMIC;
    return { kind: 'concat', pieces };
  }

  /** The value a module exports under `name`, following re-exports. */
  function exported(module: SourceModule, name: string, depth: number): Value {
    if (depth > MAX_DEPTH) return DYNAMIC;
    const sf = sourceOf(module);
    if (!sf) return DYNAMIC;
    if (module.rel.endsWith('.json')) {
      // A JSON module: its value is the default export; a named import reads a top-level key.
      const statement = sf.statements[0];
      if (!statement || !ts.isExpressionStatement(statement)) return DYNAMIC;
      const whole = evaluateAt(statement.expression, module, depth + 1, true);
      return name === 'default' ? whole : member(whole, name, depth + 1);
    }
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
        if (ts.isClassDeclaration(statement)) return { kind: 'class', node: statement, module };
        return statement.body ? { kind: 'function', node: statement, module } : OTHER;
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
            return target ? { kind: 'namespace', module: target } : target === null ? DYNAMIC : { kind: 'external', specifier };
          }
          continue;
        }
        for (const element of clause.elements) {
          if (propertyName(element.name) !== name) continue;
          const local = propertyName(element.propertyName ?? element.name) ?? name;
          if (specifier) {
            const target = resolveImport(module, specifier);
            return target ? exported(target, local, depth + 1) : target === null ? DYNAMIC : { kind: 'external', specifier };
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

  function sqlText(expr: ts.Expression, module: SourceModule): Value {
    templates = true;
    try {
      const value = evaluateAt(expr, module, 0, false);
      return value.kind === 'object' ? member(value, 'text', 0) : value;
    } finally {
      templates = false;
    }
  }

  return {
    evaluate,
    evaluateBranches,
    member: (base, name) => member(base, name, 0),
    sqlText,
    ownMember: (owner, name, module) => classes.own(owner, name, module, 0),
    classMember: (owner, name, module) => classes.member(owner, name, module, 0),
  };
}

function hasExport(node: ts.Node): boolean {
  return ts.canHaveModifiers(node) && (ts.getModifiers(node) ?? []).some((m) => m.kind === ts.SyntaxKind.ExportKeyword);
}

function hasDefault(node: ts.Node): boolean {
  return ts.canHaveModifiers(node) && (ts.getModifiers(node) ?? []).some((m) => m.kind === ts.SyntaxKind.DefaultKeyword);
}

