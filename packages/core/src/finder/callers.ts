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
  private readonly added = new Set<SourceModule>();
  private readonly cache = new Map<FunctionNode, Callers>();
  private readonly named = new Map<FunctionNode, Callers>();
  private readonly merged = new Map<FunctionNode, Callers>();
  /**
   * The identifiers of each name looked up so far, in the first `indexed` modules (and a name's local
   * aliases, `import { rawQuery as rq }`), taken from each module's identifier index (built by one
   * walk), not by a walk per function looked up (an app may have dozens of `execute(sql)` methods).
   */
  private readonly ids = new Map<string, Occurrence[]>();
  private indexed = 0;

  constructor(private readonly evaluator: Evaluator) {}

  /** A parsed module whose calls count. */
  add(module: SourceModule): void {
    if (this.added.has(module)) return;
    this.modules.push(module);
    this.added.add(module);
    this.cache.clear();
    this.named.clear();
    this.merged.clear();
  }

  /** The names about to be looked up (an app may have a hundred helpers that take a table name): indexed together. */
  expect(names: Iterable<string>): void {
    this.index(names);
  }

  /** The identifiers of a name (and its aliases) in the modules added so far, in module order. */
  private occurrences(name: string, home: SourceModule): readonly Occurrence[] {
    this.index([name]);
    const found = this.ids.get(name) ?? [];
    // A function in a module that is not analysed (a constant's module) is still called in its own.
    return this.added.has(home) ? found : [...identifiersIn([home], new Set([name])).get(name) ?? [], ...found];
  }

  private index(names: Iterable<string>): void {
    const fresh = new Set<string>();
    for (const name of names) {
      if (this.ids.has(name) || !/^[A-Za-z_$][A-Za-z0-9_$]*$/.test(name)) continue;
      fresh.add(name);
      this.ids.set(name, []);
    }
    if (fresh.size > 0 && this.indexed > 0) this.merge(identifiersIn(this.modules.slice(0, this.indexed), fresh));
    if (this.indexed < this.modules.length) {
      const from = this.indexed;
      this.indexed = this.modules.length;
      if (this.ids.size > 0) this.merge(identifiersIn(this.modules.slice(from), new Set(this.ids.keys())));
    }
  }

  private merge(found: ReadonlyMap<string, Occurrence[]>): void {
    for (const [name, list] of found) this.ids.get(name)!.push(...list);
  }

  /**
   * A function's call sites; with `byName`, also the calls of its name the evaluation cannot tie to
   * it (a method called through an interface, a factory's result `openDatabase().all(sql)`, a
   * destructured object `const { rawQuery } = db`): for SQL text, which is SQL whichever function runs it.
   */
  of(fn: FunctionNode, home: SourceModule, byName = false): Callers {
    let found = this.cache.get(fn);
    if (!found) {
      found = this.search(fn, home);
      this.cache.set(fn, found);
    }
    if (!byName) return found;
    let merged = this.merged.get(fn);
    if (!merged) {
      const tied = new Set(found.sites.map((site) => site.node));
      const sites = [...found.sites, ...this.byName(fn, home).sites.filter((site) => !tied.has(site.node))];
      this.merged.set(fn, (merged = { name: found.name, sites, escapes: false }));
    }
    return merged;
  }

  private search(fn: FunctionNode, home: SourceModule): Callers {
    const name = functionName(fn);
    if (name === undefined) return this.callback(fn, home);
    const sites: CallSite[] = [];
    let escapes = false;
    const declared = declarationName(fn);
    for (const { id: node, module } of this.occurrences(name, home)) {
      if (node === declared) continue;
      if (node.text === name && ts.isConstructorDeclaration(fn) && extendedBy(node)) {
        // `class Orders extends Repo { constructor() { super('orders') } }`: the super() call is a call.
        const value = this.evaluator.evaluate(node, module);
        if (value.kind === 'class' && value.node === fn.parent) {
          const call = superCall(extendedBy(node)!);
          if (call) sites.push({ node: call, module });
          else escapes = true;
        }
      } else {
        // Also `rq(…)` of `import { rawQuery as rq }`.
        const use = this.classify(node, fn, module);
        if (use === 'call') sites.push({ node: callOf(node)!, module });
        else if (use === 'escape') escapes = true;
      }
    }
    return { name, sites, escapes };
  }

  /** Every call `x.NAME(…)` or `NAME(…)` of a function's name among the parsed modules, whatever `x` is. */
  byName(fn: FunctionNode, home: SourceModule): Callers {
    let found = this.named.get(fn);
    if (!found) {
      found = this.searchByName(fn, home);
      this.named.set(fn, found);
    }
    return found;
  }

  private searchByName(fn: FunctionNode, home: SourceModule): Callers {
    const name = functionName(fn);
    if (name === undefined) return { name, sites: [], escapes: true };
    const sites: CallSite[] = [];
    for (const { id, module } of this.occurrences(name, home)) {
      const callee = ts.isPropertyAccessExpression(id.parent) && id.parent.name === id ? id.parent : id;
      const node = callee.parent;
      if (!ts.isCallExpression(node) || node.expression !== callee) continue;
      // Not a call the evaluation ties to another function of that name (`const { rawQuery } = clickhouse`).
      const value = this.evaluator.evaluate(callee, module);
      if (value.kind !== 'function' || value.node === fn) sites.push({ node, module });
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
      for (const { id, module } of this.occurrences(name, next.module)) {
        const sub = id.text === name ? extendedBy(id) : undefined;
        if (sub && !found.some((f) => f.node === sub)) {
          const value = this.evaluator.evaluate(id, module);
          if (value.kind === 'class' && value.node === next.node) {
            found.push({ node: sub, module });
            queue.push({ node: sub, module });
          }
        }
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

interface Occurrence {
  readonly id: ts.Identifier;
  readonly module: SourceModule;
}

/**
 * The identifiers of the names in the modules whose text has one (one regex test per module); under a
 * name also the identifiers of its local aliases (`import { rawQuery as rq }`).
 */
function identifiersIn(modules: readonly SourceModule[], names: ReadonlySet<string>): Map<string, Occurrence[]> {
  const found = new Map<string, Occurrence[]>([...names].map((n) => [n, []]));
  const pattern = new RegExp(`(?<![A-Za-z0-9_$])(?:${[...names].map((n) => n.replace(/[$]/g, '\\$')).join('|')})(?![A-Za-z0-9_$])`);
  for (const module of modules) {
    if (!pattern.test(module.text)) continue;
    const index = identifierIndex(module);
    if (!index) continue;
    for (const name of names) {
      const list = found.get(name)!;
      for (const id of index.ids.get(name) ?? []) list.push({ id, module });
      for (const [alias, original] of index.aliases) if (original === name) for (const id of index.ids.get(alias) ?? []) list.push({ id, module });
    }
  }
  return found;
}

interface IdentifierIndex {
  readonly ids: ReadonlyMap<string, ts.Identifier[]>;
  /** `rq` → `rawQuery` of `import { rawQuery as rq }`. */
  readonly aliases: ReadonlyMap<string, string>;
}

const indexes = new WeakMap<SourceModule, IdentifierIndex | null>();

/** A module's identifiers by name, from one walk (kept while the module is): names are looked up one at a time. */
function identifierIndex(module: SourceModule): IdentifierIndex | undefined {
  let index = indexes.get(module);
  if (index === undefined) {
    const source = parseModule(module);
    if (source) {
      const ids = new Map<string, ts.Identifier[]>();
      const aliases = new Map<string, string>();
      const visit = (node: ts.Node): void => {
        if (ts.isIdentifier(node)) {
          const list = ids.get(node.text);
          if (list) list.push(node);
          else ids.set(node.text, [node]);
          const specifier = node.parent;
          if (ts.isImportSpecifier(specifier) && specifier.propertyName === node && specifier.name.text !== node.text) aliases.set(specifier.name.text, node.text);
          return;
        }
        ts.forEachChild(node, visit);
      };
      visit(source);
      index = { ids, aliases };
    } else {
      index = null;
    }
    indexes.set(module, index);
  }
  return index ?? undefined;
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
