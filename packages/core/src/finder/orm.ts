import ts from './typescript.js';
import type { SourceModule } from './module.js';
import { resolveBinding } from './values.js';
import { skipParentheses } from './chain.js';
import { DRIZZLE_TABLES, KYSELY_SOURCES, KYSELY_TARGETS } from './orm-names.js';

/**
 * Table positions of ORMs and query builders, recognised only where the library is in use, so a
 * method that merely shares a name (`path.join('orders')`, a `selectFrom` of unrelated code) is
 * never one:
 * - Drizzle: `pgTable('t', …)`, `pgView`, `pgMaterializedView` imported from `drizzle-orm/pg-core`,
 *   and `.table('t')`/`.view('t')` of a `pgSchema('<configured schema>')`;
 * - Kysely (the file imports `kysely`, or the nearest package.json depends on it): `selectFrom`,
 *   `insertInto`, `updateTable`, `deleteFrom`, `replaceInto`, `mergeInto` and the joins, on any
 *   receiver (`db`, `trx`, `eb`);
 * - knex (the same test for `knex`): `knex('t')`/`db('t')`/`trx('t')` and `.table()`, `.into()`,
 *   `.from()`, `.join('t', …)` and the other joins on a chain that starts there;
 * - both: the schema builder (`schemaPosition`) and a foreign key's `.references('t.id')`/`.inTable('t')`.
 * The ORM's TypeScript identifiers (`export const orders = pgTable('orders', …)`) are never names.
 */
export type OrmLibrary = 'kysely' | 'knex' | 'sequelize' | 'objection' | 'typeorm';

export interface OrmPosition {
  /** The argument that names the table: a string, a constant, an array or object of them. */
  readonly argument: ts.Expression;
  /** `'t as a'` and `public.t` are read as such (Kysely, knex); Drizzle names are plain. */
  readonly builder: boolean;
  /** Whether an alias may be added to keep `t.col` references working (not for inserts). */
  readonly aliasable: boolean;
  /** The string is `[schema.]t.column` (a foreign key's `.references('t.id')`): only `t` is a name. */
  readonly column?: boolean;
}

const DRIZZLE_PG = 'drizzle-orm/pg-core';
const DRIZZLE_SCHEMA_TABLES = new Set(['table', 'view', 'materializedView']);
const JOINS = new Set([
  'innerJoin', 'leftJoin', 'rightJoin', 'fullJoin', 'crossJoin', 'join', 'leftOuterJoin', 'rightOuterJoin', 'fullOuterJoin',
  'outerJoin', 'innerJoinLateral', 'leftJoinLateral', 'crossJoinLateral',
]);
const KNEX_METHODS = new Set(['table', 'into', 'from', 'updateFrom']);
/** Names a knex instance goes by: the default export's conventional name, a db handle, a transaction. */
const KNEX_NAMES = /^(?:knex|db|trx|tx|database)$/i;

export interface OrmContext {
  /** Whether the module's project uses the library (its imports, or its package.json). */
  readonly uses: (module: SourceModule, library: OrmLibrary) => boolean;
  /** The configured schema and whether `pgSchema(x)` evaluates to it. */
  readonly isConfiguredSchema: (expr: ts.Expression, module: SourceModule) => boolean;
}

/** The ORM table position a call is, if any. */
export function ormPosition(call: ts.CallExpression, module: SourceModule, context: OrmContext): OrmPosition | undefined {
  const first = call.arguments[0];
  if (!first || ts.isSpreadElement(first)) return undefined;
  const callee = skipParentheses(call.expression);
  // Drizzle: pgTable('t', …), p.pgTable('t', …). Bindings are resolved only in files that import it.
  const drizzleName = mentionsDrizzle(module) ? importedName(callee, DRIZZLE_PG) : undefined;
  if (drizzleName !== undefined) {
    return DRIZZLE_TABLES.has(drizzleName) ? { argument: first, builder: false, aliasable: false } : undefined;
  }
  if (ts.isPropertyAccessExpression(callee)) {
    const method = callee.name.text;
    if (DRIZZLE_SCHEMA_TABLES.has(method) && mentionsDrizzle(module) && isDrizzleSchema(callee.expression, module, context)) {
      return { argument: first, builder: false, aliasable: false };
    }
    if (throughSchema(callee.expression)) return schemaPosition(method, call, callee, module, context);
    // A knex instance kept as a property: `this.knex('t')`, `this.db('t')`, `R.knex('t')`.
    const field = method === 'knex' || (callee.expression.kind === ts.SyntaxKind.ThisKeyword && KNEX_NAMES.test(method));
    if (field && context.uses(module, 'knex')) return { argument: first, builder: true, aliasable: true };
    // A column's foreign key in a schema builder's callback: `t.integer('user_id').references('users.id')`, `.inTable('users')`.
    if ((method === 'references' || method === 'inTable') && (context.uses(module, 'knex') || context.uses(module, 'kysely'))) {
      return method === 'inTable' ? { argument: first, builder: true, aliasable: false } : { argument: first, builder: true, aliasable: false, column: true };
    }
    if (TYPEORM_TABLES.has(method) && typeormChain(callee.expression, module, context)) return { argument: first, builder: true, aliasable: false };
    if (KYSELY_SOURCES.has(method) || KYSELY_TARGETS.has(method)) {
      if (!context.uses(module, 'kysely')) return undefined;
      return { argument: first, builder: true, aliasable: KYSELY_SOURCES.has(method) };
    }
    if (JOINS.has(method) || KNEX_METHODS.has(method)) {
      // The syntax first: most `.from()` calls are PostgREST's, on a receiver no knex chain starts with.
      if (JOINS.has(method) && kyselyChain(callee.expression, module, context)) {
        return { argument: first, builder: true, aliasable: true };
      }
      if (knexChain(callee.expression, module, context)) {
        return { argument: first, builder: true, aliasable: method !== 'into' };
      }
    }
    return undefined;
  }
  // knex('t'), db('t'), trx('t')
  if (ts.isIdentifier(callee) && KNEX_NAMES.test(callee.text) && context.uses(module, 'knex')) {
    const binding = resolveBinding(callee);
    if (binding.kind === 'function' || binding.kind === 'enum') return undefined;
    if (binding.kind === 'import' && binding.specifier === 'knex') return undefined; // the factory: knex({ client })
    return { argument: first, builder: true, aliasable: true };
  }
  return undefined;
}

/**
 * TypeORM's query builder (`createQueryBuilder()` in the chain, where the project uses TypeORM): a
 * string given to `.from('t', 'a')`, a join (`innerJoin('t', 'a', …)`), `.into('t')` or `.update('t')`
 * names a table (an entity is a class, or a name in PascalCase; a relation is `alias.property`).
 */
const TYPEORM_TABLES = new Set([
  'from', 'into', 'update', 'innerJoin', 'leftJoin', 'innerJoinAndSelect', 'leftJoinAndSelect',
]);
/** Its methods whose string is a piece of SQL (a subquery in a select list or a condition). */
const TYPEORM_SQL = new Set(['select', 'addSelect', 'where', 'andWhere', 'orWhere', 'having', 'andHaving', 'orHaving']);

function typeormChain(expr: ts.Expression, module: SourceModule, context: OrmContext): boolean {
  return chainHas(expr, CREATE_QUERY_BUILDER, () => context.uses(module, 'typeorm')) && context.uses(module, 'typeorm');
}

/** The piece of SQL a TypeORM query builder's call is given (`.andWhere('EXISTS (SELECT … FROM post p …)')`). */
export function typeormSql(call: ts.CallExpression, module: SourceModule, context: OrmContext): ts.Expression | undefined {
  const callee = skipParentheses(call.expression);
  const first = call.arguments[0];
  if (!first || !ts.isPropertyAccessExpression(callee) || !TYPEORM_SQL.has(callee.name.text) || ts.isArrowFunction(first) || ts.isFunctionExpression(first)) return undefined;
  return typeormChain(callee.expression, module, context) ? first : undefined;
}

const CREATE_QUERY_BUILDER = new Set(['createQueryBuilder']);

/** Whether a chain is a knex or Kysely query (where the library is used): its `.select()` takes columns, not a select string. */
export function isBuilderChain(expr: ts.Expression, module: SourceModule, context: OrmContext): boolean {
  return knexChain(expr, module, context) || kyselyChain(expr, module, context);
}

// The syntax first (most chains are PostgREST's); a variable at the chain's root is followed to what
// it was set from only where the library is used.
function knexChain(expr: ts.Expression, module: SourceModule, context: OrmContext): boolean {
  return isKnexChain(expr, () => context.uses(module, 'knex')) && context.uses(module, 'knex');
}

function kyselyChain(expr: ts.Expression, module: SourceModule, context: OrmContext): boolean {
  return chainHas(expr, KYSELY_SOURCES, () => context.uses(module, 'kysely')) && context.uses(module, 'kysely');
}

const CREATE_INDEX = new Set(['createIndex']);

/** The schema builders' calls whose first argument is a table (knex, Kysely; `renameTable`'s first too). */
const SCHEMA_TABLES = new Set([
  'createTable', 'createTableIfNotExists', 'createTableLike', 'alterTable', 'table', 'dropTable', 'dropTableIfExists',
  'hasTable', 'hasColumn', 'renameTable',
]);

/**
 * A table position of a schema builder (`knex.schema.hasTable('users')`, `db.schema.alterTable('t')`,
 * Kysely's `createIndex('i').on('t')` and `addForeignKeyConstraint(name, columns, 't', …)`). In a
 * migration they are history and ignored (`isMigrationFile`); in code that runs (a model that
 * creates its table when missing) they follow the rename.
 */
function schemaPosition(method: string, call: ts.CallExpression, callee: ts.PropertyAccessExpression, module: SourceModule, context: OrmContext): OrmPosition | undefined {
  const kysely = context.uses(module, 'kysely');
  let argument: ts.Expression | undefined;
  if (method === 'on') argument = kysely && chainHas(callee.expression, CREATE_INDEX) ? call.arguments[0] : undefined;
  else if (method === 'addForeignKeyConstraint') argument = kysely ? call.arguments[2] : undefined;
  else if (SCHEMA_TABLES.has(method) && (kysely || (isKnexChain(callee.expression) && context.uses(module, 'knex')))) argument = call.arguments[0];
  return argument && !ts.isSpreadElement(argument) ? { argument, builder: true, aliasable: false } : undefined;
}

const drizzleFiles = new WeakMap<SourceModule, boolean>();

function mentionsDrizzle(module: SourceModule): boolean {
  let found = drizzleFiles.get(module);
  if (found === undefined) drizzleFiles.set(module, (found = module.text.includes(DRIZZLE_PG)));
  return found;
}

/** The name `expr` is imported under from `specifier` (`pgTable`, or `p.pgTable` of `import * as p`). */
function importedName(expr: ts.Expression, specifier: string): string | undefined {
  if (ts.isIdentifier(expr)) {
    const binding = resolveBinding(expr);
    return binding.kind === 'import' && binding.specifier === specifier && binding.name !== '*' ? binding.name : undefined;
  }
  if (ts.isPropertyAccessExpression(expr) && ts.isIdentifier(expr.expression)) {
    const binding = resolveBinding(expr.expression);
    return binding.kind === 'import' && binding.specifier === specifier && binding.name === '*' ? expr.name.text : undefined;
  }
  return undefined;
}

/** `pgSchema('s')`, directly or through a constant, for the configured schema. */
function isDrizzleSchema(expr: ts.Expression, module: SourceModule, context: OrmContext, depth = 0): boolean {
  expr = skipParentheses(expr);
  if (ts.isCallExpression(expr)) {
    const argument = expr.arguments[0];
    return importedName(skipParentheses(expr.expression), DRIZZLE_PG) === 'pgSchema' && argument !== undefined && context.isConfiguredSchema(argument, module);
  }
  if (ts.isIdentifier(expr) && depth < 4) {
    const binding = resolveBinding(expr);
    if (binding.kind === 'const' && binding.declaration.initializer) {
      return isDrizzleSchema(binding.declaration.initializer, module, context, depth + 1);
    }
  }
  return false;
}

/** The calls and property names of a chain, from `expr` down to its root. */
function* chain(expr: ts.Expression): Generator<{ name: string; call: ts.CallExpression | undefined; root: ts.Expression }> {
  let node = skipParentheses(expr);
  for (let depth = 0; depth < 64; depth += 1) {
    if (ts.isCallExpression(node)) {
      const callee = skipParentheses(node.expression);
      if (ts.isPropertyAccessExpression(callee)) {
        yield { name: callee.name.text, call: node, root: node };
        node = skipParentheses(callee.expression);
        continue;
      }
      yield { name: '', call: node, root: node };
      return;
    }
    if (ts.isPropertyAccessExpression(node)) {
      yield { name: node.name.text, call: undefined, root: node };
      node = skipParentheses(node.expression);
      continue;
    }
    if (ts.isAwaitExpression(node)) {
      node = skipParentheses(node.expression);
      continue;
    }
    yield { name: '', call: undefined, root: node };
    return;
  }
}

function throughSchema(expr: ts.Expression): boolean {
  for (const link of chain(expr)) if (link.name === 'schema') return true;
  return false;
}

/** Whether a chain has one of the calls; with `follow` true, also the chain a variable at its root was set from. */
function chainHas(expr: ts.Expression, methods: ReadonlySet<string>, follow: () => boolean = () => false, depth = 0): boolean {
  let root: ts.Expression | undefined;
  for (const link of chain(expr)) {
    if (link.call && methods.has(link.name)) return true;
    root = link.root;
  }
  // `const query = db.selectFrom('t')…; query.leftJoin(…)`
  const from = root && depth < 4 && follow() ? builtFrom(root) : undefined;
  if (from && 'parameterType' in from) return BUILDER_TYPES.kysely.test(from.parameterType);
  return from !== undefined && chainHas(from, methods, follow, depth + 1);
}

/**
 * A chain rooted at a knex instance: `knex.select()…`, `db('t')…`, `trx('t')…`, `this.knex…`; with
 * `follow` true, also one whose root variable was set from such a chain.
 */
function isKnexChain(expr: ts.Expression, follow: () => boolean = () => false, depth = 0): boolean {
  let last: ts.Expression | undefined;
  let before: ts.Expression | undefined;
  for (const link of chain(expr)) {
    before = last;
    last = link.root;
  }
  if (!last) return false;
  // `this.db.select(…)`, `this.knex('t')…`: the instance kept as a field.
  if (last.kind === ts.SyntaxKind.ThisKeyword && before) last = before;
  if (ts.isIdentifier(last)) {
    if (KNEX_NAMES.test(last.text)) return true;
    // `const query = knex('t').select(…); query.leftJoin(…)`, `(q: Knex.QueryBuilder) => q.join(…)`
    const from = depth < 4 && follow() ? builtFrom(last) : undefined;
    if (from && 'parameterType' in from) return BUILDER_TYPES.knex.test(from.parameterType);
    return from !== undefined && isKnexChain(from, follow, depth + 1);
  }
  if (ts.isCallExpression(last)) {
    const callee = skipParentheses(last.expression);
    if (ts.isPropertyAccessExpression(callee) && callee.expression.kind === ts.SyntaxKind.ThisKeyword) return KNEX_NAMES.test(callee.name.text);
    return ts.isIdentifier(callee) && KNEX_NAMES.test(callee.text);
  }
  if (ts.isPropertyAccessExpression(last)) return KNEX_NAMES.test(last.name.text);
  return false;
}

/** Parameter types that are a query builder (`Knex.QueryBuilder`, Kysely's `SelectQueryBuilder<…>`). */
const BUILDER_TYPES = { knex: /^(?:Knex\.)?(?:QueryBuilder|Knex)\b/, kysely: /^(?:SelectQueryBuilder|UpdateQueryBuilder|DeleteQueryBuilder|Kysely|Transaction)\b/ };

/**
 * What a variable at a chain's root was set from: a `const`/`let`'s initializer or a parameter's
 * default (then its chain is checked), or the type a parameter is written with (then that is).
 */
function builtFrom(root: ts.Expression): ts.Expression | { readonly parameterType: string } | undefined {
  if (!ts.isIdentifier(root)) return undefined;
  const binding = resolveBinding(root);
  if ((binding.kind === 'const' || binding.kind === 'variable') && binding.declaration?.initializer) return binding.declaration.initializer;
  if (binding.kind !== 'parameter' || binding.element) return undefined;
  return binding.parameter.initializer ?? (binding.parameter.type ? { parameterType: binding.parameter.type.getText() } : undefined);
}

/**
 * `[schema.]table[ as alias]` in a query builder's table string: offsets of the table name, the
 * schema (if any) and whether an alias follows. Undefined for anything else (a subquery string,
 * raw SQL, a name with spaces).
 */
export function parseTableString(value: string): { schema?: string; start: number; end: number; alias?: string } | undefined {
  const match = /^(\s*)(?:([A-Za-z_][A-Za-z0-9_$]*)\.)?([A-Za-z_][A-Za-z0-9_$]*)(?:\s+as\s+([A-Za-z_][A-Za-z0-9_$]*))?\s*$/i.exec(value);
  if (!match) return undefined;
  const start = match[1]!.length + (match[2] !== undefined ? match[2].length + 1 : 0);
  return {
    ...(match[2] !== undefined ? { schema: match[2] } : {}),
    start,
    end: start + match[3]!.length,
    ...(match[4] !== undefined ? { alias: match[4] } : {}),
  };
}

/**
 * Whether code around `node` (its function, or the file) qualifies columns with `table.`: a string
 * such as `'orders.id'` or `'orders.*'`, or Kysely's `selectAll('orders')`. Then a renamed builder
 * table keeps its old name as alias.
 */
export function qualifiesWith(node: ts.Node, table: string): boolean {
  let scope: ts.Node = node;
  while (scope.parent && !ts.isFunctionLike(scope) && !ts.isSourceFile(scope)) scope = scope.parent;
  const pattern = new RegExp(`(?:^|[^A-Za-z0-9_$."])${table.replace(/[$]/g, '\\$')}\\.(?:[A-Za-z_*"])`);
  let found = false;
  const visit = (child: ts.Node): void => {
    if (found) return;
    if (
      (ts.isStringLiteral(child) || ts.isNoSubstitutionTemplateLiteral(child) || ts.isTemplateHead(child) ||
        ts.isTemplateMiddle(child) || ts.isTemplateTail(child)) &&
      (pattern.test(child.text) || (child.text === table && isSelectAllArgument(child)))
    ) {
      found = true;
      return;
    }
    ts.forEachChild(child, visit);
  };
  visit(scope);
  return found;
}

/** Kysely's `.selectAll('orders')`: the table named as such, like a `orders.` qualifier. */
function isSelectAllArgument(node: ts.Node): boolean {
  const call = node.parent;
  return ts.isCallExpression(call) && call.arguments[0] === node && ts.isPropertyAccessExpression(call.expression) && call.expression.name.text === 'selectAll';
}

const LIBRARY_IMPORT: Record<OrmLibrary, RegExp> = {
  kysely: /\b(?:from|import|require)\s*\(?\s*['"]kysely(?:\/[^'"]*)?['"]/,
  knex: /\b(?:from|import|require)\s*\(?\s*['"]knex(?:\/[^'"]*)?['"]/,
  sequelize: /\b(?:from|import|require)\s*\(?\s*['"]sequelize(?:-typescript)?(?:\/[^'"]*)?['"]/,
  objection: /\b(?:from|import|require)\s*\(?\s*['"]objection(?:\/[^'"]*)?['"]/,
  typeorm: /\b(?:from|import|require)\s*\(?\s*['"]typeorm(?:\/[^'"]*)?['"]/,
};

/** Whether the module itself imports the library. */
export function importsLibrary(module: SourceModule, library: OrmLibrary): boolean {
  return module.text.includes(library) && LIBRARY_IMPORT[library].test(module.text);
}
