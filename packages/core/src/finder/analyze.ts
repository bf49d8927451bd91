import ts from './typescript.js';
import type { RenameMap } from '../config.js';
import type { Reference } from '../reference.js';
import { CallerIndex, functionName, isExported, type Callers } from './callers.js';
import { implicitModel, ormTarget } from './orm-positions.js';
import { libraryContext, modelCall, modelDeclaration, objectionQualifier, type ModelContext, type ModelTable } from './orm-models.js';
import { SqlStrings } from './sql-positions.js';
import { tableTarget, type Target } from './target.js';
import { lineOfNode, onePiece, ReferenceSink } from './emit.js';
import { literalText } from './literal.js';
import { isIgnored, parseModule, type SourceModule } from './module.js';
import { isBuilderChain, ormPosition, typeormSql, type OrmContext, type OrmLibrary, type OrmPosition } from './orm.js';
import { isPrismaSchema, prismaReferences } from './prisma.js';
import { isSqlTag, sqlCallArgument, sqlFragment, type SqlModule } from './sql-strings.js';
import { TypePositions } from './types.js';
import { KyselySchemas } from './kysely-schema.js';
import { SelectStrings } from './select-positions.js';
import { realtimeTable, tableComparison } from './realtime.js';
import { tableAssertion } from './test-assertions.js';
import { createEvaluator, propertyName, type Evaluator, type ImportResolver, type Value } from './values.js';
import { thisMember } from './class-members.js';
import { argumentAt, classifyReceiver, isQueryChain, methodCall, skipParentheses } from './chain.js';

const DYNAMIC: Value = { kind: 'dynamic' };
/** How many wrappers deep a table name is followed back through call sites. */
const MAX_WRAPPERS = 4;

interface Pending {
  readonly target: Target;
  readonly value: Extract<Value, { kind: 'parameter' }>;
  readonly expr: ts.Expression;
  readonly module: SourceModule;
  readonly anchor: ts.Node;
  /** How the value got to `expr` (through which call), when it did not start there. */
  readonly via: string | undefined;
  readonly depth: number;
}

/** `this.NAME` in a table position: the value its class gives it, and those its subclasses give it. */
interface PendingField {
  readonly target: Target;
  readonly owner: ts.ClassLikeDeclaration;
  readonly name: string;
  readonly expr: ts.Expression;
  readonly module: SourceModule;
  readonly anchor: ts.Node;
  readonly via: string | undefined;
  readonly depth: number;
}

/**
 * Walks parsed files and reports every table position (see the README's forms table). Constants
 * resolve through `resolveImport`, so a reference may land in another (imported) module. A name that
 * reaches a table position through a function's parameter is followed to the function's call sites
 * once every file is analysed: call `finish()` last.
 */
export class Analyzer {
  private readonly evaluator: Evaluator;
  private readonly sink: ReferenceSink;
  private readonly types: TypePositions;
  private readonly kysely: KyselySchemas;
  private readonly selects: SelectStrings;
  private readonly callers: CallerIndex;
  private readonly sqlStrings: SqlStrings;
  private pending: Pending[] = [];
  private fields: PendingField[] = [];
  readonly references: Reference[];
  private readonly orm: OrmContext & ModelContext;
  /** The SQL reference finder, loaded by the caller when some file may hold SQL naming a table. */
  sql: SqlModule | undefined;
  /**
   * Set when a function passes a parameter on as SQL text (`q(text) { return pool.query(text) }`):
   * its callers' SQL is read in `finish()`, so the caller loads the SQL finder before it.
   */
  wantsSql = false;
  /** Count only references whose name or table position lies in a file `files` accepts (`verify --changed`). */
  reportOnly(files: (rel: string) => boolean): void {
    this.sink.keep = (module, anchor) => files(module.rel) || files(anchor.getSourceFile().fileName);
  }

  constructor(
    private readonly map: RenameMap,
    resolveImport: ImportResolver,
    /** Whether the package.json files above a module depend on a library (default: never). */
    dependsOn: (module: SourceModule, library: OrmLibrary) => boolean = () => false,
  ) {
    this.evaluator = createEvaluator(resolveImport, parseModule);
    this.sink = new ReferenceSink(map);
    this.references = this.sink.references;
    this.types = new TypePositions(map, this.sink, resolveImport);
    this.kysely = new KyselySchemas(map, this.sink, this.evaluator, this.types);
    this.selects = new SelectStrings(map, this.sink, this.evaluator, (target, expr, module, anchor) => this.flow(target, expr, module, anchor));
    this.callers = new CallerIndex(this.evaluator);
    this.sqlStrings = new SqlStrings(map, this.sink, this.evaluator, () => this.sql, {
      tableHole: (expr, module, anchor, tagged) => {
        // A tagged template's own `${}`: only a string is a name (an ORM's table object is not), followed through parameters.
        const target = tagged ? { ...tableTarget(this.sink, 'sql', 'sql-builder'), follow: true } : tableTarget(this.sink, 'sql');
        this.flow(target, expr, module, anchor);
      },
      textParameter: (value, expr, module, anchor) => {
        this.wantsSql = true;
        // Read as SQL wherever it comes from: a method's callers by its name too (SQL text is SQL whichever class runs it).
        const target: Target = { what: 'the SQL text', follow: true, byName: true, take: (value, at, where, site) => this.sqlStrings.value(value, at, where, site) };
        this.route(target, value, expr, module, anchor, undefined, 0);
      },
    });
    this.orm = libraryContext((expr, module) => this.evaluator.evaluate(expr, module), map.schema, dependsOn);
  }

  /** Analyse one module; false when it does not parse (its `problem` says why). */
  analyze(module: SourceModule): boolean {
    if (isPrismaSchema(module.rel)) {
      for (const reference of prismaReferences(module.rel, module.text, this.map, (line) => isIgnored(module, line))) {
        if (module.inScope) this.references.push(reference);
      }
      return true;
    }
    const source = parseModule(module);
    if (!source) return false;
    this.callers.add(module);
    const visit = (node: ts.Node): void => {
      switch (node.kind) {
        case ts.SyntaxKind.CallExpression:
          this.call(node as ts.CallExpression, module);
          break;
        case ts.SyntaxKind.TypeReference:
          this.types.typeReference(node as ts.TypeReferenceNode, module);
          if (KyselySchemas.holds(node as ts.TypeReferenceNode) && this.orm.uses(module, 'kysely')) this.kysely.typeReference(node as ts.TypeReferenceNode, module);
          break;
        case ts.SyntaxKind.NewExpression:
          if (KyselySchemas.holds(node as ts.NewExpression) && this.orm.uses(module, 'kysely')) this.kysely.typeReference(node as ts.NewExpression, module);
          this.modelTables(modelCall(node as ts.NewExpression, module, this.orm), module, node);
          break;
        case ts.SyntaxKind.StringLiteral:
          objectionQualifier(node as ts.StringLiteral, module, this.orm, this.map, this.sink);
          break;
        case ts.SyntaxKind.BinaryExpression:
        case ts.SyntaxKind.CaseClause:
          tableComparison(node, module, this.map, this.sink);
          break;
        case ts.SyntaxKind.Decorator:
        case ts.SyntaxKind.ClassDeclaration:
        case ts.SyntaxKind.ClassExpression:
        case ts.SyntaxKind.PropertyAssignment:
          this.modelTables(modelDeclaration(node, module, this.orm), module, node);
          break;
        case ts.SyntaxKind.IndexedAccessType:
          this.types.indexedAccess(node as ts.IndexedAccessTypeNode, module);
          break;
        case ts.SyntaxKind.TaggedTemplateExpression: {
          const tagged = node as ts.TaggedTemplateExpression;
          if (this.sql && isSqlTag(tagged.tag)) this.sqlStrings.template(tagged.template, tagged, module);
          break;
        }
        default:
          break;
      }
      ts.forEachChild(node, visit);
    };
    visit(source);
    return true;
  }

  /**
   * Names of exported functions whose parameters reach a table position and that the analysed files
   * call: the other files that call them must be analysed too (`findReferences` adds the ones its
   * pre-filter skipped) before `finish()`. Those of modules `uncalledToo` accepts and the wrappers of
   * those count uncalled too; `forcedNames` receives the latter's names.
   */
  wrapperNames(uncalledToo?: (module: SourceModule) => boolean, forcedNames?: Set<string>): Set<string> {
    this.expectCallers();
    const names = new Set<string>();
    // A class whose methods read a field as a table: its subclasses elsewhere may set the field.
    for (const { owner } of this.fields) if (owner.name) names.add(owner.name.text);
    const seen = new Set<ts.Node>();
    const queue = this.pending.map((p) => ({ target: p.target, value: p.value, depth: p.depth, forced: false }));
    for (let i = 0; i < queue.length; i += 1) {
      const { target, value, depth, forced } = queue[i]!;
      if (seen.has(value.fn) || depth >= MAX_WRAPPERS) continue;
      seen.add(value.fn);
      const callers = this.callersOf(target, value);
      // Without a call among the parsed files the parameter stays reported where it is read, which
      // is complete: only a function seen called needs every other caller found (this keeps the
      // search off the many exported helpers that take a table name and are never called with one).
      // verify --changed: also the wrappers of changed files (`own`) and their wrappers (`forced`).
      const own = uncalledToo?.(value.module) ?? false;
      // SQL text is searched for in every file that calls the wrapper by name, called here or not.
      const byName = target.byName === true;
      if (callers.name !== undefined && (callers.sites.length > 0 || forced || own || byName) && isExported(value.fn, value.module)) names.add(callers.name);
      if ((forced || own) && callers.name !== undefined && names.has(callers.name)) forcedNames?.add(callers.name);
      // A caller that passes its own parameter on is a wrapper too.
      for (const site of callers.sites) {
        const argument = argumentAt(site.node, value.index, value.path);
        if (argument === undefined || argument === 'unknown') continue;
        for (const branch of this.evaluator.evaluateBranches(argument.expr, site.module)) {
          if (branch.value.kind === 'parameter') queue.push({ target, value: branch.value, depth: depth + 1, forced: forced || own });
        }
      }
    }
    return names;
  }

  /** Follow the fields and parameters that reach table positions to subclasses, call sites and defaults. */
  finish(): void {
    this.expectCallers();
    // Queues read by index: shift() on a queue of many thousands is quadratic.
    for (let i = 0; i < this.fields.length; i += 1) this.expandField(this.fields[i]!);
    this.fields = [];
    for (let i = 0; i < this.pending.length; i += 1) this.expand(this.pending[i]!);
    this.pending = [];
  }

  /** The callers of every pending wrapper are looked up next: find their names in one pass. */
  private expectCallers(): void {
    const names: string[] = [];
    for (const { value } of this.pending) {
      const name = functionName(value.fn);
      if (name !== undefined) names.push(name);
    }
    for (const { owner } of this.fields) if (owner.name) names.push(owner.name.text);
    this.callers.expect(names);
  }

  // ---------------------------------------------------------------- calls

  private call(call: ts.CallExpression, module: SourceModule): void {
    const sqlText = sqlCallArgument(call);
    // `analytics.query(text)` of the project's own: SQL only if its body runs it (followed as a wrapper).
    if (sqlText && this.evaluator.evaluate(call.expression, module).kind !== 'function') this.sqlStrings.argument(sqlText, call, module, sqlFragment(call));
    const typeorm = this.sql ? typeormSql(call, module, this.orm) : undefined;
    if (typeorm) this.sqlStrings.argument(typeorm, call, module, 'expression');
    const models = modelCall(call, module, this.orm);
    if (models) {
      this.modelTables(models, module, call);
      return;
    }
    const orm = ormPosition(call, module, this.orm);
    if (orm) {
      this.ormTable(orm, call, module);
      return;
    }
    const found = methodCall(call);
    if (!found) return;
    switch (found.method) {
      case 'from':
        this.from(call, found.receiver, module);
        break;
      case 'select':
        if (found.receiver && isQueryChain(found.receiver, module, this.evaluator, this.map, 0) && !isBuilderChain(found.receiver, module, this.orm)) {
          this.selects.select(call, module);
        }
        break;
      case 'on':
        this.realtime(call, module);
        break;
      default:
        if (found.receiver) tableAssertion(call, found.method, found.receiver, module, this.map, this.sink);
        break;
    }
  }

  private from(call: ts.CallExpression, receiverExpr: ts.Expression | undefined, module: SourceModule): void {
    if (call.arguments.length !== 1 || !receiverExpr) return;
    const receiver = classifyReceiver(receiverExpr, module, this.evaluator, this.map);
    if (receiver === 'not-a-query') return;
    const argument = call.arguments[0]!;
    if (ts.isSpreadElement(argument)) return;
    this.flow(tableTarget(this.sink, 'from', receiver), argument, module, call);
  }

  private realtime(call: ts.CallExpression, module: SourceModule): void {
    const found = realtimeTable(call, module, this.evaluator, this.map.schema);
    if (found?.kind === 'value') this.route(tableTarget(this.sink, 'realtime'), found.value, found.expr, module, call, undefined, 0);
    else if (found) this.flow(tableTarget(this.sink, 'realtime'), found.expr, found.module, call);
  }


  // ---------------------------------------------------------------- ORMs and query builders

  private ormTable(position: OrmPosition, call: ts.CallExpression, module: SourceModule): void {
    const argument = skipParentheses(position.argument);
    // `knex({ client: 'pg', connection })` under another name: the factory's config, not tables.
    if (ts.isObjectLiteralExpression(argument) && argument.properties.some((p) => p.name && ['client', 'connection'].includes(propertyName(p.name) ?? ''))) return;
    const items = ts.isArrayLiteralExpression(argument) ? [...argument.elements] : [argument];
    for (const item of items) {
      if (ts.isSpreadElement(item)) continue;
      const inner = skipParentheses(item);
      // knex's alias object: { o: 'orders' }
      const aliased = ts.isObjectLiteralExpression(inner);
      const values = aliased ? inner.properties.flatMap((p) => (ts.isPropertyAssignment(p) ? [p.initializer] : [])) : [item];
      for (const value of values) this.flow(ormTarget(position, !aliased, this.map, this.sink), value, module, call);
    }
  }

  /** What an ORM's model says of its table (orm-models.ts). */
  private modelTables(tables: readonly ModelTable[] | undefined, module: SourceModule, anchor: ts.Node): void {
    for (const table of tables ?? []) {
      if (table.kind === 'implicit') implicitModel(table, this.map, this.sink, module);
      else if (table.kind === 'sql') this.sqlStrings.argument(table.argument, anchor as ts.CallExpression, module, table.fragment);
      else this.flow(ormTarget({ argument: table.argument, builder: false, aliasable: false, ...(table.column ? { column: true } : {}) }, false, this.map, this.sink), table.argument, module, anchor);
    }
  }

  // ---------------------------------------------------------------- following values

  private flow(target: Target, expr: ts.Expression, module: SourceModule, anchor: ts.Node, via?: string, depth = 0): void {
    for (const branch of this.evaluator.evaluateBranches(expr, module)) {
      // `this.table` in a class's method: what subclasses set counts too, once every file is read.
      const field = target.follow ? thisMember(branch.expr) : undefined;
      if (field) this.fields.push({ target, ...field, expr: branch.expr, module, anchor, via, depth });
      else this.route(target, branch.value, branch.expr, module, anchor, via, depth);
      if (branch.value.kind === 'call' && branch.value.node && target.literalTypes) this.throughCall(branch.value.node, branch.value.module ?? module, anchor);
    }
  }

  /**
   * A table name that goes through a call first (`supabase.from(schema.parse(table))`,
   * `.from(table.trim())`): dynamic where it is used, and the old names callers pass for that
   * parameter are review items, so the report says which calls to fix.
   */
  private throughCall(call: ts.CallExpression, module: SourceModule, anchor: ts.Node): void {
    const inputs = [...call.arguments, ...(ts.isPropertyAccessExpression(call.expression) ? [call.expression.expression] : [])];
    for (const input of inputs) {
      if (ts.isSpreadElement(input)) continue;
      const value = this.evaluator.evaluate(input, module);
      if (value.kind !== 'parameter') continue;
      const through = `${call.expression.getText().slice(0, 40)}(…)`;
      const target: Target = {
        what: `the table, through ${through}`,
        follow: true,
        take: (passed, expr, at, site, via) => {
          if (passed.kind !== 'string' || !this.map.oldNames.has(passed.node.text)) return;
          const note = `the table name goes through ${through} before it is used as a table${via ? ` (${via})` : ''}: check it by hand`;
          this.sink.flag('constant', passed.node.text, onePiece(literalText(passed.node, passed.module.text), passed.module), 0, site, note);
        },
      };
      this.route(target, value, input, module, anchor, undefined, 0);
    }
  }

  /**
   * A field read as a table in a class's method: the value the class (or a base class) gives it,
   * and the value each subclass gives it, wherever those are; dynamic only where no class does.
   */
  private expandField(field: PendingField): void {
    const { target, owner, name, expr, module, anchor, via, depth } = field;
    const where = `${target.what} in ${module.rel}:${lineOfNode(expr, module)}`;
    let set = false;
    for (const sub of this.callers.subclassesOf(owner, module)) {
      const value = this.evaluator.ownMember(sub.node, name, sub.module);
      if (value === undefined) continue;
      set = true;
      this.route(target, value, expr, module, anchor, `${name} of ${sub.node.name?.text ?? 'a subclass'}, ${where}`, depth + 1);
    }
    const inherited = this.evaluator.classMember(owner, name, module);
    if (inherited !== undefined || !set) this.route(target, inherited ?? DYNAMIC, expr, module, anchor, via, depth);
  }

  private route(target: Target, value: Value, expr: ts.Expression, module: SourceModule, anchor: ts.Node, via: string | undefined, depth: number): void {
    if (value.kind !== 'parameter') target.take(value, expr, module, anchor, via);
    else if (target.follow) this.pending.push({ target, value, expr, module, anchor, via, depth });
  }

  private callersOf(target: Target, value: Extract<Value, { kind: 'parameter' }>): Callers {
    return this.callers.of(value.fn, value.module, target.byName === true);
  }

  /** A parameter in a table position: its default, and the argument at each call site. */
  private expand(pending: Pending): void {
    const { target, value, expr, module, anchor, via: came, depth } = pending;
    const where = `${target.what} in ${module.rel}:${lineOfNode(expr, module)}`;
    const callers = this.callersOf(target, value);
    const name = callers.name ?? 'an anonymous function';
    if (target.literalTypes) this.types.parameterType(value, this.evaluator);
    if (value.initializer) {
      this.flow(target, value.initializer, value.module, value.initializer, `the default of a parameter of ${name}(), ${where}`, depth + 1);
    }
    if (callers.sites.length === 0 || callers.escapes || depth >= MAX_WRAPPERS) {
      const why = callers.sites.length === 0 ? came : `${name}() is also called where its arguments cannot be seen`;
      target.take(DYNAMIC, expr, module, anchor, why);
    }
    if (depth >= MAX_WRAPPERS) return;
    for (const site of callers.sites) {
      const via = `passed to ${name}(), ${where}`;
      if (target.literalTypes) this.types.siteTypeArgument(value, site.node, site.module);
      const argument = argumentAt(site.node, value.index, value.path);
      if (argument === undefined) continue; // not passed: the default (above) or undefined
      if (argument === 'unknown') {
        const callee = ts.isCallExpression(site.node) || ts.isNewExpression(site.node) ? site.node.expression : site.node;
        target.take(DYNAMIC, callee as ts.Expression, site.module, site.node, via);
        continue;
      }
      for (const branch of this.evaluator.evaluateBranches(argument.expr, site.module)) {
        let result = branch.value;
        for (const key of argument.rest) result = this.evaluator.member(result, key);
        this.route(target, result, branch.expr, site.module, site.node, via, depth + 1);
      }
    }
  }
}
