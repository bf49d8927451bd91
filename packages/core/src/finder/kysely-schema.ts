import ts from './typescript.js';
import type { RenameMap } from '../config.js';
import { onePiece, type ReferenceSink } from './emit.js';
import { isStringLike } from './literal.js';
import type { SourceModule } from './module.js';
import type { Evaluator } from './values.js';
import type { TypePositions } from './types.js';

/** Kysely's types whose first type argument is the database's schema (`Kysely<DB>`, `Transaction<DB>`). */
const SCHEMA_HOLDERS = new Set(['Kysely', 'Transaction']);
const MAX_DEPTH = 12;

type Declaration = { readonly node: ts.TypeAliasDeclaration | ts.InterfaceDeclaration; readonly module: SourceModule };

/**
 * Kysely's database type: in `Kysely<DB>` the keys of `DB` are the table names that `selectFrom('t')`
 * and the joins are typed against (kysely-codegen writes `export interface DB { orders: Orders }`).
 * Once the codemod renames a query's table, the key must follow or the code no longer type-checks.
 * Read through aliases, interfaces and their `extends`, intersections, imports (named, namespace,
 * re-exported) and computed keys of a constant (`{ [tableName]: Orders }`).
 */
export class KyselySchemas {
  private readonly seen = new Set<ts.Node>();

  constructor(
    private readonly map: RenameMap,
    private readonly sink: ReferenceSink,
    private readonly evaluator: Evaluator,
    /** Resolves the type names the schema type is made of. */
    private readonly types: TypePositions,
  ) {}

  /** Whether a node is `Kysely<…>` or `Transaction<…>` (as a type, or `new Kysely<DB>(…)`): a cheap test by name. */
  static holds(node: ts.TypeReferenceNode | ts.NewExpression): boolean {
    if (!node.typeArguments || node.typeArguments.length === 0) return false;
    const holder = ts.isNewExpression(node) ? node.expression : node.typeName;
    const name = ts.isIdentifier(holder) ? holder.text : ts.isQualifiedName(holder) ? holder.right.text : ts.isPropertyAccessExpression(holder) ? holder.name.text : '';
    return SCHEMA_HOLDERS.has(name);
  }

  /** `Kysely<DB>` as a type, and `new Kysely<DB>(…)` (see `holds`). */
  typeReference(node: ts.TypeReferenceNode | ts.NewExpression, module: SourceModule): void {
    const schema = node.typeArguments?.[0];
    if (schema && KyselySchemas.holds(node)) this.schema(schema, module, 0);
  }

  private schema(type: ts.TypeNode, module: SourceModule, depth: number): void {
    if (depth > MAX_DEPTH || this.seen.has(type)) return;
    this.seen.add(type);
    if (ts.isParenthesizedTypeNode(type)) this.schema(type.type, module, depth + 1);
    else if (ts.isIntersectionTypeNode(type)) for (const part of type.types) this.schema(part, module, depth + 1);
    else if (ts.isTypeLiteralNode(type)) this.keys(type.members, module);
    else if (ts.isTypeReferenceNode(type) && !type.typeArguments) {
      const declaration = this.types.declaration(type.typeName, module);
      if (declaration) this.declared(declaration, depth + 1);
    }
  }

  private declared({ node, module }: Declaration, depth: number): void {
    if (this.seen.has(node)) return;
    this.seen.add(node);
    if (ts.isTypeAliasDeclaration(node)) {
      if (!node.typeParameters) this.schema(node.type, module, depth + 1);
      return;
    }
    this.keys(node.members, module);
    for (const clause of node.heritageClauses ?? []) {
      for (const base of clause.types) {
        const entity = entityName(base.expression);
        const declaration = entity && !base.typeArguments ? this.types.declaration(entity, module) : undefined;
        if (declaration) this.declared(declaration, depth + 1);
      }
    }
  }

  /** The keys that are table names: renamed where written, or where the constant of `[key]` is. */
  private keys(members: ts.NodeArray<ts.TypeElement>, module: SourceModule): void {
    for (const member of members) {
      if (!ts.isPropertySignature(member)) continue;
      const key = member.name;
      if (ts.isComputedPropertyName(key)) {
        const value = this.evaluator.evaluate(key.expression, module);
        if (value.kind === 'string') this.sink.literal('type', value.node, value.module, key, module);
        continue;
      }
      if (isStringLike(key)) {
        // `'public.orders'`, `orders`: kysely-codegen qualifies tables of other schemas.
        const dot = key.text.lastIndexOf('.');
        if (dot !== -1 && key.text.slice(0, dot) !== this.map.schema) continue;
        const table = key.text.slice(dot + 1);
        this.sink.name('type', table, onePiece({ value: key.text, start: key.getStart() + 1 }, module), dot + 1, key.text.length, key, module);
      } else if (ts.isIdentifier(key)) {
        this.sink.name('type', key.text, onePiece({ value: key.text, start: key.getStart() }, module), 0, key.text.length, key, module);
      }
    }
  }
}

function entityName(expr: ts.Expression): ts.EntityName | undefined {
  if (ts.isIdentifier(expr)) return expr;
  if (ts.isPropertyAccessExpression(expr) && ts.isIdentifier(expr.expression)) return ts.factory.createQualifiedName(expr.expression, expr.name.text);
  return undefined;
}
