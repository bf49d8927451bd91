import ts from './typescript.js';
import { parseModule, type SourceModule } from './module.js';
import { resolveBinding, type Evaluator, type FunctionNode } from './values.js';

/** One place a project function is called: its arguments, as written there. */
export interface CallSite {
  readonly node: ts.CallExpression | ts.NewExpression | ts.JsxOpeningLikeElement;
  readonly module: SourceModule;
}

export interface Callers {
  /** The function's name as callers spell it; undefined for an anonymous function. */
  readonly name: string | undefined;
  readonly sites: readonly CallSite[];
  /**
   * The function is also used as a value (a callback, `queryFn: load`, a default export under
   * another name, …) or by a call the analysis cannot tie to it: some of its calls are not in
   * `sites`, so its table positions stay reported where they are.
   */
  readonly escapes: boolean;
}

/**
 * Finds the call sites of project functions among the modules the finder parsed, by name first
 * (a text search), then by evaluating each callee back to the same declaration: a function of the
 * same name elsewhere is not mistaken for it.
 */
export class CallerIndex {
  private readonly modules: SourceModule[] = [];
  private readonly cache = new Map<FunctionNode, Callers>();
  private readonly named = new Map<FunctionNode, Callers>();
  /** For the names given to `expect`: the modules whose text has the name as a word. */
  private mentions: Map<string, SourceModule[]> | undefined;

  constructor(private readonly evaluator: Evaluator) {}

  /** A parsed module whose calls count. */
  add(module: SourceModule): void {
    this.modules.push(module);
    this.cache.clear();
    this.named.clear();
    this.mentions = undefined;
  }

  /**
   * The names about to be looked up: one pass over the modules' texts finds where each occurs, instead
   * of one search per name (an app may have a hundred helpers that take a table name).
   */
  expect(names: Iterable<string>): void {
    const list = [...new Set(names)].filter((n) => /^[A-Za-z_$][A-Za-z0-9_$]*$/.test(n));
    const mentions = new Map<string, SourceModule[]>(list.map((n) => [n, []]));
    if (list.length > 0) {
      const pattern = new RegExp(`(?<![A-Za-z0-9_$])(?:${list.map((n) => n.replace(/[$]/g, '\\$')).join('|')})(?![A-Za-z0-9_$])`, 'g');
      for (const module of this.modules) {
        const seen = new Set<string>();
        pattern.lastIndex = 0;
        for (let m = pattern.exec(module.text); m; m = pattern.exec(module.text)) {
          if (!seen.has(m[0])) {
            seen.add(m[0]);
            mentions.get(m[0])!.push(module);
          }
        }
      }
    }
    this.mentions = mentions;
  }

  /** The parsed modules whose text has the name (as a word, when `expect` was told it). */
  private naming(name: string): readonly SourceModule[] {
    return this.mentions?.get(name) ?? this.modules.filter((m) => m.text.includes(name));
  }

  of(fn: FunctionNode, home: SourceModule): Callers {
    let found = this.cache.get(fn);
    if (!found) {
      found = this.search(fn, home);
      this.cache.set(fn, found);
    }
    return found;
  }

  private search(fn: FunctionNode, home: SourceModule): Callers {
    const name = functionName(fn);
    if (name === undefined) return this.callback(fn, home);
    const sites: CallSite[] = [];
    let escapes = false;
    const declared = declarationName(fn);
    const candidates = this.naming(name);
    for (const module of candidates.includes(home) ? candidates : [home, ...candidates]) {
      const source = parseModule(module);
      if (!source) continue;
      const names = localNames(source, name);
      const visit = (node: ts.Node): void => {
        if (ts.isIdentifier(node) && names.has(node.text) && node !== declared && !names.has(name)) {
          // `import { rawQuery as rq }`: its calls are `rq(…)`.
          const use = this.classify(node, fn, module);
          if (use === 'call') sites.push({ node: callOf(node)!, module });
          else if (use === 'escape') escapes = true;
        } else if (ts.isIdentifier(node) && node.text === name && node !== declared && ts.isConstructorDeclaration(fn) && extendedBy(node)) {
          // `class Orders extends Repo { constructor() { super('orders') } }`: the super() call is a call.
          const value = this.evaluator.evaluate(node, module);
          if (value.kind === 'class' && value.node === fn.parent) {
            const call = superCall(extendedBy(node)!);
            if (call) sites.push({ node: call, module });
            else escapes = true;
          }
        } else if (ts.isIdentifier(node) && node.text === name && node !== declared) {
          const use = this.classify(node, fn, module);
          if (use === 'call') sites.push({ node: callOf(node)!, module });
          else if (use === 'escape') escapes = true;
        }
        ts.forEachChild(node, visit);
      };
      visit(source);
    }
    return { name, sites, escapes };
  }

  /** Every call `x.NAME(…)` or `NAME(…)` of a function's name among the parsed modules, whatever `x` is. */
  byName(fn: FunctionNode): Callers {
    let found = this.named.get(fn);
    if (!found) {
      found = this.searchByName(fn);
      this.named.set(fn, found);
    }
    return found;
  }

  private searchByName(fn: FunctionNode): Callers {
    const name = functionName(fn);
    if (name === undefined) return { name, sites: [], escapes: true };
    const sites: CallSite[] = [];
    for (const module of this.naming(name)) {
      const source = parseModule(module);
      if (!source) continue;
      const names = localNames(source, name);
      const visit = (node: ts.Node): void => {
        if (ts.isCallExpression(node)) {
          const callee = node.expression;
          if ((ts.isPropertyAccessExpression(callee) && callee.name.text === name) || (ts.isIdentifier(callee) && (callee.text === name || names.has(callee.text)))) {
            // Not a call the evaluation ties to another function of that name (`const { rawQuery } = clickhouse`).
            const value = this.evaluator.evaluate(callee, module);
            if (value.kind !== 'function' || value.node === fn) sites.push({ node, module });
          }
        }
        ts.forEachChild(node, visit);
      };
      visit(source);
    }
    return { name, sites, escapes: false };
  }

  /**
   * The project's subclasses of a class, and theirs, among the parsed modules (by name first, then
   * by evaluating each `extends` back to the same declaration).
   */
  subclassesOf(owner: ts.ClassLikeDeclaration, home: SourceModule): Array<{ node: ts.ClassLikeDeclaration; module: SourceModule }> {
    const found: Array<{ node: ts.ClassLikeDeclaration; module: SourceModule }> = [];
    const queue = [{ node: owner, module: home }];
    for (let next = queue.shift(); next && found.length < 200; next = queue.shift()) {
      const name = next.node.name?.text;
      if (name === undefined) continue;
      const candidates = this.naming(name);
      for (const module of candidates) {
        const source = parseModule(module);
        if (!source) continue;
        const visit = (node: ts.Node): void => {
          const sub = ts.isIdentifier(node) && node.text === name ? extendedBy(node) : undefined;
          if (sub && !found.some((f) => f.node === sub)) {
            const value = this.evaluator.evaluate(node as ts.Identifier, module);
            if (value.kind === 'class' && value.node === next.node) {
              found.push({ node: sub, module });
              queue.push({ node: sub, module });
            }
          }
          ts.forEachChild(node, visit);
        };
        visit(source);
      }
    }
    return found;
  }

  /**
   * An anonymous function passed to a project function (`withFallback((select) => q.select(select))`):
   * its calls are those of the receiving parameter inside that function (`runner(SEL)`). Anything
   * else it is used for (stored, passed on) leaves its calls unseen.
   */
  private callback(fn: FunctionNode, home: SourceModule): Callers {
    const none: Callers = { name: undefined, sites: [], escapes: true };
    const call = fn.parent;
    if (!ts.isCallExpression(call) || ts.isFunctionDeclaration(fn)) return none;
    const index = call.arguments.indexOf(fn as ts.Expression);
    const receiver = index === -1 ? undefined : this.evaluator.evaluate(call.expression, home);
    if (receiver?.kind !== 'function') return none;
    const parameter = receiver.node.parameters[index];
    if (!parameter || !ts.isIdentifier(parameter.name) || !receiver.node.body) return none;
    const name = parameter.name.text;
    const sites: CallSite[] = [];
    let escapes = false;
    const visit = (node: ts.Node): void => {
      if (ts.isIdentifier(node) && node.text === name && node !== parameter.name) {
        const binding = resolveBinding(node);
        if (binding.kind === 'parameter' && binding.parameter === parameter) {
          const parent = node.parent;
          if (ts.isCallExpression(parent) && parent.expression === node) sites.push({ node: parent, module: receiver.module });
          else escapes = true;
        }
      }
      ts.forEachChild(node, visit);
    };
    visit(receiver.node.body);
    return { name: undefined, sites, escapes };
  }

  private classify(id: ts.Identifier, fn: FunctionNode, module: SourceModule): 'call' | 'escape' | 'other' {
    const parent = id.parent;
    if (
      ts.isImportSpecifier(parent) ||
      ts.isExportSpecifier(parent) ||
      ts.isImportClause(parent) ||
      ts.isNamespaceImport(parent) ||
      ts.isTypeQueryNode(parent) ||
      ts.isTypeReferenceNode(parent) ||
      ts.isQualifiedName(parent) ||
      ts.isExportAssignment(parent)
    ) {
      return 'other';
    }
    // A key or member name of something else: `{ useLive: 1 }`, `other.useLive`, `class { useLive() {} }`.
    if ((ts.isPropertyAssignment(parent) || ts.isMethodDeclaration(parent) || ts.isPropertyDeclaration(parent)) && parent.name === id) {
      return 'other';
    }
    if (ts.isVariableDeclaration(parent) && parent.name === id) return 'other';
    if (ts.isFunctionDeclaration(parent) && parent.name === id) return 'other';
    const callee = ts.isPropertyAccessExpression(parent) && parent.name === id ? parent : id;
    const value = this.evaluator.evaluate(callee, module);
    // A constructor is called by its class's name, in `new` expressions.
    const same = ts.isConstructorDeclaration(fn) ? value.kind === 'class' && value.node === fn.parent : value.kind === 'function' && value.node === fn;
    if (callOf(id)) return same ? 'call' : 'other';
    if (ts.isPropertyAccessExpression(parent) && parent.name === id) return same ? 'escape' : 'other';
    return same ? 'escape' : 'other';
  }
}

/**
 * The local names a module imports `name` under (`import { rawQuery as rq }`); with the name itself
 * when it is imported as it is (or not imported at all), so `names.has(name)` says whether that is so.
 */
function localNames(source: ts.SourceFile, name: string): ReadonlySet<string> {
  let names: Set<string> | undefined;
  for (const statement of source.statements) {
    if (!ts.isImportDeclaration(statement)) continue;
    const bindings = statement.importClause?.namedBindings;
    if (!bindings || !ts.isNamedImports(bindings)) continue;
    for (const element of bindings.elements) {
      if (element.propertyName && element.propertyName.text === name && element.name.text !== name) (names ??= new Set()).add(element.name.text);
    }
  }
  return names ?? new Set([name]);
}

/** The class that `id` is the `extends` clause of, if it is. */
function extendedBy(id: ts.Identifier): ts.ClassLikeDeclaration | undefined {
  const heritage = id.parent;
  if (!ts.isExpressionWithTypeArguments(heritage) || heritage.expression !== id) return undefined;
  const clause = heritage.parent;
  if (!ts.isHeritageClause(clause) || clause.token !== ts.SyntaxKind.ExtendsKeyword) return undefined;
  return ts.isClassDeclaration(clause.parent) || ts.isClassExpression(clause.parent) ? clause.parent : undefined;
}

/** The `super(…)` call of a subclass's constructor (a statement of its body); none without one. */
function superCall(subclass: ts.ClassLikeDeclaration): ts.CallExpression | undefined {
  const constructor = subclass.members.find((m): m is ts.ConstructorDeclaration => ts.isConstructorDeclaration(m) && m.body !== undefined);
  for (const statement of constructor?.body?.statements ?? []) {
    if (!ts.isExpressionStatement(statement)) continue;
    const call = statement.expression;
    if (ts.isCallExpression(call) && call.expression.kind === ts.SyntaxKind.SuperKeyword) return call;
  }
  return undefined;
}

/** The call (a `new` expression, a JSX element) `id` is the callee of. */
function callOf(id: ts.Identifier): ts.CallExpression | ts.NewExpression | ts.JsxOpeningLikeElement | undefined {
  let callee: ts.Node = id;
  if (ts.isPropertyAccessExpression(id.parent) && id.parent.name === id) callee = id.parent;
  const parent = callee.parent;
  if ((ts.isCallExpression(parent) || ts.isNewExpression(parent)) && parent.expression === callee) return parent;
  if ((ts.isJsxOpeningElement(parent) || ts.isJsxSelfClosingElement(parent)) && parent.tagName === callee) return parent;
  return undefined;
}

/** The name a function is called by: its own, the variable or property it is assigned to. */
export function functionName(fn: FunctionNode): string | undefined {
  const declared = declarationName(fn);
  return declared && ts.isIdentifier(declared) ? declared.text : undefined;
}

function declarationName(fn: FunctionNode): ts.Node | undefined {
  if (ts.isFunctionDeclaration(fn) || ts.isMethodDeclaration(fn)) return fn.name;
  // A constructor: its class's name (`class Repo`, `const Repo = class {…}`).
  if (ts.isConstructorDeclaration(fn)) {
    const owner = fn.parent;
    if (owner.name) return owner.name;
    return ts.isVariableDeclaration(owner.parent) && owner.parent.initializer === owner ? owner.parent.name : undefined;
  }
  if (ts.isFunctionExpression(fn) && fn.name) return fn.name;
  const parent = fn.parent;
  if (ts.isVariableDeclaration(parent) && parent.initializer === fn) return parent.name;
  if (ts.isPropertyAssignment(parent) && parent.initializer === fn) return parent.name;
  return undefined;
}

/** Whether other modules can call `fn` (so their texts are worth searching). */
export function isExported(fn: FunctionNode, module: SourceModule): boolean {
  const name = functionName(fn);
  if (name === undefined) return false;
  let node: ts.Node = fn;
  if (ts.isVariableDeclaration(fn.parent)) node = fn.parent.parent.parent;
  if (ts.isFunctionDeclaration(node) || ts.isVariableStatement(node)) {
    if ((ts.getModifiers(node) ?? []).some((m) => m.kind === ts.SyntaxKind.ExportKeyword)) return true;
  }
  // `export { name }`, `export default name`, CommonJS exports, or a method of an exported object.
  return new RegExp(`\\bexport\\b[^;]*\\b${name}\\b|\\bexports\\b`).test(module.text) || ts.isPropertyAssignment(fn.parent) || ts.isMethodDeclaration(fn);
}
