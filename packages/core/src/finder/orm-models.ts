import ts from './typescript.js';
import type { SourceModule } from './module.js';
import { propertyName, resolveBinding } from './bindings.js';
import { importsLibrary, type OrmContext, type OrmLibrary } from './orm.js';
import type { Value } from './values.js';
import type { RenameMap } from '../config.js';
import { onePiece, type ReferenceSink } from './emit.js';
import { literalText } from './literal.js';
import { skipParentheses } from './chain.js';

/**
 * Where an ORM's model declares its table (TypeORM, MikroORM, Sequelize, sequelize-typescript,
 * Objection), recognised only through the library's own names:
 * - TypeORM `@Entity('t')`, `@Entity({ name: 't' })`, `@ViewEntity(…)`, `@JoinTable({ name: 't' })`,
 *   `new EntitySchema({ tableName: 't' })` (decorators imported from `typeorm`);
 * - MikroORM `@Entity({ tableName: 't' })` (or `collection`), `@ManyToMany({ pivotTable: 't' })`,
 *   `new EntitySchema({ tableName })` (from `@mikro-orm/…`);
 * - Sequelize `Model.init(attributes, { sequelize, tableName: 't' })`, `sequelize.define(name,
 *   attributes, { tableName: 't' })`, an attribute's `references: { model: 't' }`, and
 *   sequelize-typescript's `@Table({ tableName: 't' })` (where the project uses Sequelize);
 * - Objection `static tableName = 't'` (or a getter returning it) and a relation's
 *   `join: { from: 't.id', to: 'u.t_id', through: { from, to } }` (where the project uses Objection).
 * A model without a table name gets one from the library's naming (`implicit`): retable cannot add
 * the name by rewriting a string, so where that name is an old one the model is a review item.
 * A model in another schema than the configured one names no table of the map.
 */
export type ModelTable =
  /** `argument` names the table; `column`: it is `t.column` (a relation's join). */
  | { readonly kind: 'named'; readonly argument: ts.Expression; readonly column?: boolean }
  /** SQL text: a view's `expression`, an index's (MikroORM), Sequelize's `literal('(SELECT …)')` (`fragment`: a piece of an expression). */
  | { readonly kind: 'sql'; readonly argument: ts.Expression; readonly fragment?: 'expression' }
  /** The table's name comes from the model's name, `names` being the forms the library may give it. */
  | { readonly kind: 'implicit'; readonly node: ts.Node; readonly model: string; readonly names: readonly string[]; readonly how: string };

export type ModelLibrary = 'sequelize' | 'objection';

export interface ModelContext {
  readonly uses: (module: SourceModule, library: ModelLibrary) => boolean;
  /** Whether a `schema` option's value is another schema than the configured one. */
  readonly otherSchema: (expr: ts.Expression, module: SourceModule) => boolean;
}

/**
 * Whether a module's project uses a library (its imports, or a package.json above it: `dependsOn`),
 * cached per module, and how a schema option compares with the configured schema.
 */
export function libraryContext(
  evaluate: (expr: ts.Expression, module: SourceModule) => Value,
  schema: string,
  dependsOn: (module: SourceModule, library: OrmLibrary) => boolean,
): OrmContext & ModelContext {
  const libraries = new Map<string, boolean>();
  const schemaOf = (expr: ts.Expression, module: SourceModule): string | undefined => {
    const value = evaluate(expr, module);
    return value.kind === 'string' ? value.node.text : undefined;
  };
  return {
    uses: (module, library) => {
      const key = `${module.abs}\0${library}`;
      let found = libraries.get(key);
      if (found === undefined) libraries.set(key, (found = importsLibrary(module, library) || dependsOn(module, library)));
      return found;
    },
    isConfiguredSchema: (expr, module) => schemaOf(expr, module) === schema,
    otherSchema: (expr, module) => {
      const found = schemaOf(expr, module);
      return found !== undefined && found !== schema;
    },
  };
}

/** A call that declares a model's table: a decorator, `new EntitySchema`, Sequelize's `init`/`define`. */
export function modelCall(call: ts.CallExpression | ts.NewExpression, module: SourceModule, context: ModelContext): ModelTable[] | undefined {
  const callee = skipParentheses(call.expression);
  const args = call.arguments ?? ts.factory.createNodeArray();
  if (ts.isNewExpression(call)) {
    const named = ts.isIdentifier(callee) ? callee.text : ts.isPropertyAccessExpression(callee) ? callee.name.text : undefined;
    if (named !== 'EntitySchema') return undefined;
    const library = libraryOf(callee);
    if (importedAs(callee) !== 'EntitySchema' || (library !== 'typeorm' && library !== 'mikro-orm')) return undefined;
    const options = objectArgument(args[0]);
    if (!options || inOtherSchema(options, module, context)) return [];
    const table = property(options, 'tableName');
    if (table) return [{ kind: 'named', argument: table }];
    const name = property(options, 'name');
    return name && ts.isStringLiteralLike(name) ? [implicitFrom(name, name.text, library === 'typeorm' ? snakeCase(name.text) : underscore(name.text), library)] : [];
  }
  if (ts.isDecorator(call.parent)) return decorator(call, callee, args, module, context);
  // Sequelize.literal('(SELECT COUNT(*) FROM group_users …)'): a piece of an expression, read for its subqueries.
  if (ts.isPropertyAccessExpression(callee) && callee.name.text === 'literal' && ts.isIdentifier(callee.expression) && /^sequelize$/i.test(callee.expression.text) && args[0]) {
    return context.uses(module, 'sequelize') ? [{ kind: 'sql', argument: args[0], fragment: 'expression' }] : undefined;
  }
  if (!ts.isPropertyAccessExpression(callee) || (callee.name.text !== 'init' && callee.name.text !== 'define')) return undefined;
  if (!context.uses(module, 'sequelize')) return undefined;
  return sequelizeModel(call, callee, args, module, context);
}

/** A declaration that names a model's table: a bare decorator, an Objection model class or relation. */
export function modelDeclaration(node: ts.Node, module: SourceModule, context: ModelContext): ModelTable[] {
  if (ts.isDecorator(node)) return ts.isCallExpression(node.expression) ? [] : bareDecorator(node, module, context);
  if (ts.isClassLike(node)) return objectionTable(node, module, context);
  if (ts.isPropertyAssignment(node)) return objectionJoin(node, module, context);
  return [];
}

/** A bare decorator (`@Table class User …`): sequelize-typescript names the table after the class. */
function bareDecorator(decorator: ts.Decorator, module: SourceModule, context: ModelContext): ModelTable[] {
  const expr = skipParentheses(decorator.expression);
  if (!ts.isIdentifier(expr) && !ts.isPropertyAccessExpression(expr)) return [];
  const cls = decorator.parent;
  if (!ts.isClassDeclaration(cls) || !cls.name) return [];
  const name = importedAs(expr);
  const library = libraryOf(expr);
  if (name === 'Table' && library === 'sequelize-typescript' && context.uses(module, 'sequelize')) return [implicitFrom(cls.name, cls.name.text, ...sequelizeNames(cls.name.text))];
  if (name === 'Entity' && library === 'mikro-orm') return [implicitFrom(cls.name, cls.name.text, underscore(cls.name.text), library)];
  return [];
}

function decorator(call: ts.CallExpression, callee: ts.Expression, args: ts.NodeArray<ts.Expression>, module: SourceModule, context: ModelContext): ModelTable[] | undefined {
  const name = importedAs(callee);
  const library = libraryOf(callee);
  if (name === undefined || library === undefined) return undefined;
  const cls = call.parent.parent;
  const className = ts.isClassDeclaration(cls) && cls.name ? cls.name : undefined;
  // A view's or an index's SQL (`@ViewEntity({ expression: 'SELECT …' })`, MikroORM's `@Index({ expression: 'create index … on t …' })`).
  const expression = (name === 'ViewEntity' || name === 'Index') && objectArgument(args[0]) ? property(objectArgument(args[0])!, 'expression') : undefined;
  const sql: ModelTable[] = expression && !ts.isArrowFunction(expression) && !ts.isFunctionExpression(expression) ? [{ kind: 'sql', argument: expression }] : [];
  if (name === 'Index') return sql;
  if (library === 'typeorm' && (name === 'Entity' || name === 'ViewEntity')) {
    const first = args[0];
    const options = objectArgument(first) ?? objectArgument(args[1]);
    if (options && inOtherSchema(options, module, context)) return sql;
    if (first && !ts.isObjectLiteralExpression(skipParentheses(first))) return [{ kind: 'named', argument: first }, ...sql];
    const table = options && property(options, 'name');
    if (table) return [{ kind: 'named', argument: table }, ...sql];
    return className ? [implicitFrom(className, className.text, snakeCase(className.text), library), ...sql] : sql;
  }
  if (library === 'typeorm' && name === 'JoinTable') {
    const table = objectArgument(args[0]) && property(objectArgument(args[0])!, 'name');
    return table ? [{ kind: 'named', argument: table }] : [];
  }
  if (library === 'mikro-orm' && name === 'Entity') {
    const options = objectArgument(args[0]);
    if (options && inOtherSchema(options, module, context)) return [];
    const table = options && (property(options, 'tableName') ?? property(options, 'collection'));
    if (table) return [{ kind: 'named', argument: table }];
    return className ? [implicitFrom(className, className.text, underscore(className.text), library)] : [];
  }
  if (library === 'mikro-orm' && (name === 'ManyToMany')) {
    for (const arg of args) {
      const table = objectArgument(arg) && property(objectArgument(arg)!, 'pivotTable');
      if (table) return [{ kind: 'named', argument: table }];
    }
    return [];
  }
  if (library === 'sequelize-typescript' && name === 'Table' && context.uses(module, 'sequelize')) {
    const options = objectArgument(args[0]);
    if (options && inOtherSchema(options, module, context)) return [];
    const table = options && property(options, 'tableName');
    if (table) return [{ kind: 'named', argument: table }];
    const modelName = options && property(options, 'modelName');
    const model = modelName && ts.isStringLiteralLike(modelName) ? modelName.text : className?.text;
    if (model === undefined || !className) return [];
    const frozen = options !== undefined && isTrue(property(options, 'freezeTableName'));
    return [implicitFrom(className, model, ...(frozen ? ([model, 'sequelize'] as const) : sequelizeNames(model)))];
  }
  return undefined;
}

/** `Model.init(attributes, { sequelize, tableName })`, `sequelize.define('name', attributes, { tableName })`. */
function sequelizeModel(call: ts.CallExpression, callee: ts.PropertyAccessExpression, args: ts.NodeArray<ts.Expression>, module: SourceModule, context: ModelContext): ModelTable[] | undefined {
  const init = callee.name.text === 'init';
  const attributes = objectArgument(args[init ? 0 : 1]);
  const options = objectArgument(args[init ? 1 : 2]);
  // `init` is a common name: only Sequelize's has the `sequelize` option; `define` takes the model's name and its attributes.
  const modelName = init ? undefined : args[0];
  if (init ? !options || !property(options, 'sequelize') : !modelName || !ts.isStringLiteralLike(modelName) || !attributes) return undefined;
  const found: ModelTable[] = attributes ? references(attributes) : [];
  if (options && inOtherSchema(options, module, context)) return found;
  const table = options && property(options, 'tableName');
  if (table) return [{ kind: 'named', argument: table }, ...found];
  const givenName = options && property(options, 'modelName');
  const model = givenName && ts.isStringLiteralLike(givenName) ? givenName.text : modelName && ts.isStringLiteralLike(modelName) ? modelName.text : init && ts.isIdentifier(skipParentheses(callee.expression)) ? (skipParentheses(callee.expression) as ts.Identifier).text : undefined;
  if (model === undefined) return found;
  const node = modelName ?? callee.expression;
  const frozen = options !== undefined && isTrue(property(options, 'freezeTableName'));
  return [implicitFrom(node, model, ...(frozen ? ([model, 'sequelize'] as const) : sequelizeNames(model))), ...found];
}

/** An attribute's foreign key: `{ type, references: { model: 't', key: 'id' } }`. */
function references(attributes: ts.ObjectLiteralExpression): ModelTable[] {
  const found: ModelTable[] = [];
  for (const attribute of attributes.properties) {
    const definition = ts.isPropertyAssignment(attribute) ? objectArgument(attribute.initializer) : undefined;
    const target = definition && objectArgument(property(definition, 'references'));
    const model = target && property(target, 'model');
    // A model class (`references: { model: User }`) is not a name.
    if (model && ts.isStringLiteralLike(skipParentheses(model))) found.push({ kind: 'named', argument: model });
  }
  return found;
}

/** Objection: a model class's `static tableName = 't'` or `static get tableName() { return 't' }`. */
function objectionTable(cls: ts.ClassLikeDeclaration, module: SourceModule, context: ModelContext): ModelTable[] {
  const found: ModelTable[] = [];
  for (const member of cls.members) {
    if (propertyName(member.name) !== 'tableName' || !isStatic(member)) continue;
    if (!context.uses(module, 'objection')) return [];
    if (ts.isPropertyDeclaration(member) && member.initializer) found.push({ kind: 'named', argument: member.initializer });
    if (ts.isGetAccessorDeclaration(member) && member.body) {
      for (const statement of member.body.statements) {
        if (ts.isReturnStatement(statement) && statement.expression) found.push({ kind: 'named', argument: statement.expression });
      }
    }
  }
  return found;
}

/** Objection: a relation's `join: { from: 't.id', to: …, through: { from, to } }` (strings or arrays of them). */
function objectionJoin(assignment: ts.PropertyAssignment, module: SourceModule, context: ModelContext): ModelTable[] {
  const key = propertyName(assignment.name);
  if (key !== 'join' && key !== 'through') return [];
  const join = objectArgument(assignment.initializer);
  if (!join || !property(join, 'from') || !property(join, 'to') || !context.uses(module, 'objection')) return [];
  const found: ModelTable[] = [];
  for (const end of ['from', 'to']) {
    const value = skipParentheses(property(join, end)!);
    for (const item of ts.isArrayLiteralExpression(value) ? value.elements : [value]) {
      if (!ts.isSpreadElement(item)) found.push({ kind: 'named', argument: item, column: true });
    }
  }
  return found;
}

/**
 * Objection: a column qualified with a model's table outside its relations (`.where('flows.name', …)`,
 * `.select('executions.id')`, `{ 'steps.id': id }`): once the model's `tableName` is renamed the
 * query's table is the new name, unless the qualifier is a relation's alias (`joinRelated('flows')`),
 * so an old name there is a review item.
 */
export function objectionQualifier(node: ts.StringLiteral, module: SourceModule, context: ModelContext, map: RenameMap, sink: ReferenceSink): void {
  const dot = node.text.indexOf('.');
  const old = dot > 0 ? node.text.slice(0, dot) : undefined;
  if (old === undefined || !map.oldNames.has(old) || !/^[A-Za-z_][A-Za-z0-9_$]*\.(?:[A-Za-z_][A-Za-z0-9_$]*|\*)(?:\s+as\s+[A-Za-z_][A-Za-z0-9_$]*)?$/i.test(node.text)) return;
  // A relation's join (`from: 'flows.id'`) is renamed with the model (objectionJoin).
  if ((ts.isPropertyAssignment(node.parent) && node.parent.initializer === node) || !context.uses(module, 'objection')) return;
  const note = `"${node.text}" qualifies a column with "${old}", an Objection model's table renamed to "${map.renames.get(old)}" (or a relation's alias): check it by hand`;
  sink.flag('review', old, onePiece(literalText(node, module.text), module), 0, node, note);
}

// ---------------------------------------------------------------- names

/** TypeORM's DefaultNamingStrategy: `snakeCase(className)` (`UserProfile` → `user_profile`). */
export function snakeCase(name: string): string {
  // typeorm/src/util/StringUtils.ts
  return name.replace(/([A-Z])([A-Z])([a-z])/g, '$1_$2$3').replace(/([a-z0-9])([A-Z])/g, '$1_$2').toLowerCase();
}

/** MikroORM's UnderscoreNamingStrategy: `UserProfile` → `user_profile`. */
export function underscore(name: string): string {
  return name.replace(/([a-z])([A-Z])/g, '$1_$2').toLowerCase();
}

/** Sequelize: the model's name pluralised (`User` → `Users`), underscored when `underscored` is set. */
function sequelizeNames(model: string): [string, 'sequelize'] {
  return [pluralize(model), 'sequelize'];
}

function pluralize(word: string): string {
  if (/[^aeiou]y$/i.test(word)) return `${word.slice(0, -1)}ies`;
  if (/(?:s|x|z|ch|sh)$/i.test(word)) return `${word}es`;
  return `${word}s`;
}

function implicitFrom(node: ts.Node, model: string, name: string, library: string): ModelTable {
  const names = [...new Set([name, underscore(name), name.toLowerCase()])];
  const how = library === 'typeorm' ? 'TypeORM names its table after the class' : library === 'mikro-orm' ? 'MikroORM names its table after the class' : 'Sequelize names its table after the model';
  return { kind: 'implicit', node, model, names, how };
}

// ---------------------------------------------------------------- syntax

type Library = 'typeorm' | 'mikro-orm' | 'sequelize-typescript';

/** The library an imported name comes from (`Entity` of `typeorm`, `orm.Entity` of `import * as orm`). */
function libraryOf(expr: ts.Expression): Library | undefined {
  const id = ts.isIdentifier(expr) ? expr : ts.isPropertyAccessExpression(expr) && ts.isIdentifier(expr.expression) ? expr.expression : undefined;
  if (!id) return undefined;
  const binding = resolveBinding(id);
  if (binding.kind !== 'import') return undefined;
  const specifier = binding.specifier;
  if (specifier === 'typeorm') return 'typeorm';
  if (specifier.startsWith('@mikro-orm/')) return 'mikro-orm';
  if (specifier === 'sequelize-typescript') return 'sequelize-typescript';
  return undefined;
}

/** The imported name a callee stands for (`Entity`, or `E` of `import { Entity as E }`). */
function importedAs(expr: ts.Expression): string | undefined {
  if (ts.isPropertyAccessExpression(expr)) return expr.name.text;
  if (!ts.isIdentifier(expr)) return undefined;
  const binding = resolveBinding(expr);
  return binding.kind === 'import' ? binding.name : undefined;
}

function inOtherSchema(options: ts.ObjectLiteralExpression, module: SourceModule, context: ModelContext): boolean {
  const schema = property(options, 'schema');
  return schema !== undefined && context.otherSchema(schema, module);
}

function property(object: ts.ObjectLiteralExpression, name: string): ts.Expression | undefined {
  for (const p of object.properties) {
    if (propertyName(p.name) !== name) continue;
    if (ts.isPropertyAssignment(p)) return p.initializer;
    if (ts.isShorthandPropertyAssignment(p)) return p.name;
  }
  return undefined;
}

function objectArgument(expr: ts.Expression | undefined): ts.ObjectLiteralExpression | undefined {
  const inner = expr && skipParentheses(expr);
  return inner && ts.isObjectLiteralExpression(inner) ? inner : undefined;
}

function isTrue(expr: ts.Expression | undefined): boolean {
  return expr?.kind === ts.SyntaxKind.TrueKeyword;
}

function isStatic(member: ts.ClassElement): boolean {
  return ts.canHaveModifiers(member) && (ts.getModifiers(member) ?? []).some((m) => m.kind === ts.SyntaxKind.StaticKeyword);
}
