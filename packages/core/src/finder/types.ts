import ts from './typescript.js';
import type { RenameMap } from '../config.js';
import type { ReferenceSink } from './emit.js';
import { isStringLike, type StringLike } from './literal.js';
import { parseModule, type SourceModule } from './module.js';
import { propertyName, type Evaluator, type ImportResolver, type Value } from './values.js';

/** Supabase's generated helpers: the table is the first type argument (after an optional `{ schema }`). */
const TABLE_HELPERS = new Set(['Tables', 'TablesInsert', 'TablesUpdate']);
const MAX_DEPTH = 8;

/** What a type name stands for, as far as table names go. */
type Meaning =
  /** One of the generated helpers, possibly imported or re-exported under another name. */
  | { readonly kind: 'helper' }
  | { readonly kind: 'alias'; readonly node: ts.TypeAliasDeclaration; readonly module: SourceModule }
  /** An interface: no table position itself, but Kysely's database type may be one (kysely-schema.ts). */
  | { readonly kind: 'interface'; readonly node: ts.InterfaceDeclaration; readonly module: SourceModule }
  | { readonly kind: 'none' };

const NONE: Meaning = { kind: 'none' };

/**
 * Type positions: `Tables<'t'>` and its siblings, `Database['public']['Tables']['t']`, and the same
 * through the project's own aliases and generic helpers, local or imported:
 * `type T = Database['public']['Tables']; T['t']`, `type Row<N extends keyof …Tables> = …; Row<'t'>`.
 */
export class TypePositions {
  private readonly params = new Map<ts.TypeAliasDeclaration, ReadonlySet<number>>();
  private readonly meanings = new Map<SourceModule, Map<string, Meaning>>();

  constructor(
    private readonly map: RenameMap,
    private readonly sink: ReferenceSink,
    private readonly resolveImport: ImportResolver,
  ) {}

  typeReference(node: ts.TypeReferenceNode, module: SourceModule): void {
    const args = node.typeArguments;
    if (!args || args.length === 0) return;
    const meaning = this.meaning(node.typeName, module, 0);
    if (meaning.kind === 'helper') {
      let table = args[0]!;
      if (ts.isTypeLiteralNode(table)) {
        const schema = typeLiteralProperty(table, 'schema');
        if (schema !== undefined && schema !== this.map.schema) return;
        if (!args[1]) return;
        table = args[1];
      }
      const literal = literalType(table);
      if (literal) this.sink.literal('type', literal, module, node);
    } else if (meaning.kind === 'alias') {
      for (const index of this.tableParameters(meaning.node, meaning.module, 0)) {
        const literal = args[index] && literalType(args[index]);
        if (literal) this.sink.literal('type', literal, module, node);
      }
    }
  }

  /** `X['t']` where X is the configured schema's `Tables` map, spelled out or through aliases. */
  indexedAccess(node: ts.IndexedAccessTypeNode, module: SourceModule): void {
    const table = literalType(node.indexType);
    if (table && this.isTablesMap(node.objectType, module, 0)) this.sink.literal('type', table, module, node);
  }

  /**
   * The declared type of a parameter that reaches a table position: its literal types are names
   * (`'orders' | 'customers'`), as are a registry's values (`(typeof TABLES)[keyof typeof TABLES]`),
   * so that the code still type-checks once its arguments are renamed.
   */
  parameterType(value: Extract<Value, { kind: 'parameter' }>, evaluator: Evaluator): void {
    let type = value.fn.parameters[value.index]?.type;
    // `{ table }: { table: 'orders' | … }`
    if (type && value.path.length === 1 && ts.isTypeLiteralNode(type)) {
      const member = type.members.find((m) => ts.isPropertySignature(m) && propertyName(m.name) === value.path[0]);
      type = member && ts.isPropertySignature(member) ? member.type : undefined;
    } else if (value.path.length > 0) {
      type = undefined;
    }
    if (!type) return;
    for (const registry of this.literalTypes(type, value.module)) {
      const object = evaluator.evaluate(registry.name, registry.module);
      if (object.kind !== 'object') continue;
      for (const property of object.node.properties) {
        if (!ts.isPropertyAssignment(property)) continue;
        const entry = evaluator.evaluate(property.initializer, object.module);
        const note = `a value of ${registry.name.text}, the type of a table name in ${value.module.rel}`;
        if (entry.kind === 'string') this.sink.literal('constant', entry.node, entry.module, entry.node, entry.module, note);
      }
    }
  }

  /**
   * A call site's explicit type argument for a table-name parameter typed by a type parameter
   * (`new Repo<'orders'>('orders')`, `class Orders extends Repo<'orders'> { … super('orders') }`,
   * `fetchTable<'orders'>('orders')` of `<T extends keyof Tables>(table: T)`): renamed with the argument.
   */
  siteTypeArgument(value: Extract<Value, { kind: 'parameter' }>, site: ts.CallExpression | ts.NewExpression | ts.JsxOpeningLikeElement, module: SourceModule): void {
    const type = value.path.length === 0 ? value.fn.parameters[value.index]?.type : undefined;
    if (!type || !ts.isTypeReferenceNode(type) || !ts.isIdentifier(type.typeName) || type.typeArguments) return;
    const name = type.typeName.text;
    const owner = ts.isConstructorDeclaration(value.fn) ? value.fn.parent : value.fn;
    const index = owner.typeParameters?.findIndex((p) => p.name.text === name) ?? -1;
    if (index === -1) return;
    let args: ts.NodeArray<ts.TypeNode> | undefined;
    if (ts.isCallExpression(site) && site.expression.kind === ts.SyntaxKind.SuperKeyword) {
      // `super('orders')`: the type arguments of the subclass's `extends Repo<'orders'>`.
      let scope: ts.Node | undefined = site.parent;
      while (scope && !ts.isClassDeclaration(scope) && !ts.isClassExpression(scope)) scope = scope.parent;
      const heritage = scope && (scope as ts.ClassLikeDeclaration).heritageClauses?.find((c) => c.token === ts.SyntaxKind.ExtendsKeyword);
      args = heritage?.types[0]?.typeArguments;
    } else if (!ts.isJsxOpeningElement(site) && !ts.isJsxSelfClosingElement(site)) {
      args = site.typeArguments;
    }
    const arg = args?.[index];
    if (arg) this.literalTypes(arg, module);
  }

  /**
   * The type of a parameter that reaches a table position: its string literal types are table names
   * (`table: 'orders' | 'customers'`, through aliases, local or imported). Returns the objects of
   * `(typeof T)[keyof typeof T]` (a registry's values) for the caller to evaluate.
   */
  private literalTypes(type: ts.TypeNode, module: SourceModule, depth = 0): Array<{ name: ts.Identifier; module: SourceModule }> {
    if (depth > MAX_DEPTH) return [];
    if (ts.isParenthesizedTypeNode(type)) return this.literalTypes(type.type, module, depth + 1);
    if (ts.isUnionTypeNode(type)) return type.types.flatMap((member) => this.literalTypes(member, module, depth + 1));
    const literal = literalType(type);
    if (literal) {
      this.sink.literal('type', literal, module, literal);
      return [];
    }
    if (ts.isIndexedAccessTypeNode(type)) {
      const object = ts.isParenthesizedTypeNode(type.objectType) ? type.objectType.type : type.objectType;
      const index = type.indexType;
      if (
        ts.isTypeQueryNode(object) && ts.isIdentifier(object.exprName) &&
        ts.isTypeOperatorNode(index) && index.operator === ts.SyntaxKind.KeyOfKeyword &&
        ts.isTypeQueryNode(index.type) && ts.isIdentifier(index.type.exprName) && index.type.exprName.text === object.exprName.text
      ) {
        return [{ name: object.exprName, module }];
      }
      return [];
    }
    if (!ts.isTypeReferenceNode(type) || type.typeArguments) return [];
    const meaning = this.meaning(type.typeName, module, depth + 1);
    return meaning.kind === 'alias' && !meaning.node.typeParameters ? this.literalTypes(meaning.node.type, meaning.module, depth + 1) : [];
  }

  private isTablesMap(type: ts.TypeNode, module: SourceModule, depth: number): boolean {
    if (depth > MAX_DEPTH) return false;
    if (ts.isParenthesizedTypeNode(type)) return this.isTablesMap(type.type, module, depth + 1);
    if (ts.isIndexedAccessTypeNode(type)) {
      return literalType(type.indexType)?.text === 'Tables' && this.isSchema(type.objectType, module, depth + 1);
    }
    return this.viaAlias(type, module, depth, (t, m, d) => this.isTablesMap(t, m, d));
  }

  /** `Database['public']` (any root type) for the configured schema, or an alias of it. */
  private isSchema(type: ts.TypeNode, module: SourceModule, depth: number): boolean {
    if (depth > MAX_DEPTH) return false;
    if (ts.isIndexedAccessTypeNode(type)) return literalType(type.indexType)?.text === this.map.schema;
    return this.viaAlias(type, module, depth, (t, m, d) => this.isSchema(t, m, d));
  }

  private viaAlias(type: ts.TypeNode, module: SourceModule, depth: number, test: (t: ts.TypeNode, m: SourceModule, d: number) => boolean): boolean {
    if (!ts.isTypeReferenceNode(type) || type.typeArguments) return false;
    const meaning = this.meaning(type.typeName, module, depth + 1);
    return meaning.kind === 'alias' && !meaning.node.typeParameters && test(meaning.node.type, meaning.module, depth + 1);
  }

  /** Which type parameters of a generic alias end up naming a table. */
  private tableParameters(alias: ts.TypeAliasDeclaration, module: SourceModule, depth: number): ReadonlySet<number> {
    let found = this.params.get(alias);
    if (found) return found;
    const indexes = new Set<number>();
    this.params.set(alias, indexes); // a recursive alias adds nothing
    const parameters = alias.typeParameters ?? [];
    if (parameters.length === 0 || depth > MAX_DEPTH) return indexes;
    const indexOf = (type: ts.TypeNode): number => {
      if (!ts.isTypeReferenceNode(type) || type.typeArguments || !ts.isIdentifier(type.typeName)) return -1;
      const name = type.typeName.text;
      return parameters.findIndex((p) => p.name.text === name);
    };
    for (const [index, parameter] of parameters.entries()) {
      const constraint = parameter.constraint;
      if (constraint && ts.isTypeOperatorNode(constraint) && constraint.operator === ts.SyntaxKind.KeyOfKeyword) {
        if (this.isTablesMap(constraint.type, module, depth + 1)) indexes.add(index);
      }
    }
    const visit = (node: ts.Node): void => {
      if (ts.isIndexedAccessTypeNode(node)) {
        const index = indexOf(node.indexType);
        if (index !== -1 && this.isTablesMap(node.objectType, module, depth + 1)) indexes.add(index);
      } else if (ts.isTypeReferenceNode(node) && node.typeArguments) {
        const meaning = this.meaning(node.typeName, module, depth + 1);
        const args = node.typeArguments;
        if (meaning.kind === 'helper') {
          const index = indexOf(ts.isTypeLiteralNode(args[0]!) && args[1] ? args[1] : args[0]!);
          if (index !== -1) indexes.add(index);
        } else if (meaning.kind === 'alias' && meaning.node !== alias) {
          const inner = this.tableParameters(meaning.node, meaning.module, depth + 1);
          for (const [position, arg] of args.entries()) {
            const index = inner.has(position) ? indexOf(arg) : -1;
            if (index !== -1) indexes.add(index);
          }
        }
      }
      ts.forEachChild(node, visit);
    };
    visit(alias.type);
    found = indexes;
    return found;
  }

  /**
   * The type alias or interface a type name means: local, imported by name (through re-exports),
   * or `ns.Name` of a namespace import.
   */
  declaration(name: ts.EntityName, module: SourceModule): { node: ts.TypeAliasDeclaration | ts.InterfaceDeclaration; module: SourceModule } | undefined {
    let meaning: Meaning = NONE;
    if (ts.isIdentifier(name)) {
      meaning = this.meaning(name, module, 0);
    } else if (ts.isIdentifier(name.left)) {
      const source = parseModule(module);
      const specifier = source && namespaceImport(source, name.left.text);
      if (specifier !== undefined) meaning = this.exported(specifier, name.right.text, module, 1);
    }
    return meaning.kind === 'alias' || meaning.kind === 'interface' ? { node: meaning.node, module: meaning.module } : undefined;
  }

  /** What a type name refers to: a local alias, or one imported (through re-exports) from a project module. */
  private meaning(name: ts.EntityName, module: SourceModule, depth: number): Meaning {
    // `DB.Tables<'t'>`: a namespace's helper.
    if (!ts.isIdentifier(name)) return TABLE_HELPERS.has(name.right.text) ? { kind: 'helper' } : NONE;
    let known = this.meanings.get(module);
    if (!known) this.meanings.set(module, (known = new Map()));
    let found = known.get(name.text);
    if (!found) {
      const source = depth > MAX_DEPTH ? undefined : parseModule(module);
      found = (source && this.local(source, name.text, module, depth)) ?? (TABLE_HELPERS.has(name.text) ? { kind: 'helper' } : NONE);
      known.set(name.text, found);
    }
    return found;
  }

  private local(source: ts.SourceFile, name: string, module: SourceModule, depth: number): Meaning | undefined {
    for (const statement of source.statements) {
      if (ts.isTypeAliasDeclaration(statement) && statement.name.text === name) {
        return TABLE_HELPERS.has(name) ? { kind: 'helper' } : { kind: 'alias', node: statement, module };
      }
      if (ts.isInterfaceDeclaration(statement) && statement.name.text === name && !TABLE_HELPERS.has(name)) return { kind: 'interface', node: statement, module };
      if (ts.isImportDeclaration(statement) && statement.importClause && isStringLike(statement.moduleSpecifier)) {
        const bindings = statement.importClause.namedBindings;
        if (!bindings || !ts.isNamedImports(bindings)) continue;
        for (const element of bindings.elements) {
          if (element.name.text !== name) continue;
          const original = propertyName(element.propertyName ?? element.name) ?? name;
          return this.exported(statement.moduleSpecifier.text, original, module, depth + 1);
        }
      }
    }
    return undefined;
  }

  /** A type exported by the module `specifier` means from `from`. */
  private exported(specifier: string, name: string, from: SourceModule, depth: number): Meaning {
    const target = this.resolveImport(from, specifier);
    // A package or an unreadable module: only the helpers' own names are known.
    if (!target || depth > MAX_DEPTH) return TABLE_HELPERS.has(name) ? { kind: 'helper' } : NONE;
    const source = parseModule(target);
    if (!source) return NONE;
    for (const statement of source.statements) {
      if (ts.isTypeAliasDeclaration(statement) && statement.name.text === name) {
        return TABLE_HELPERS.has(name) ? { kind: 'helper' } : { kind: 'alias', node: statement, module: target };
      }
      if (ts.isInterfaceDeclaration(statement) && statement.name.text === name && !TABLE_HELPERS.has(name)) {
        return { kind: 'interface', node: statement, module: target };
      }
      if (!ts.isExportDeclaration(statement)) continue;
      const next = statement.moduleSpecifier && isStringLike(statement.moduleSpecifier) ? statement.moduleSpecifier.text : undefined;
      const clause = statement.exportClause;
      if (!clause && next) {
        const found = this.exported(next, name, target, depth + 1);
        if (found.kind !== 'none') return found;
      } else if (clause && ts.isNamedExports(clause)) {
        for (const element of clause.elements) {
          if (element.name.text !== name) continue;
          const original = propertyName(element.propertyName ?? element.name) ?? name;
          if (next) return this.exported(next, original, target, depth + 1);
          return this.local(source, original, target, depth + 1) ?? (TABLE_HELPERS.has(original) ? { kind: 'helper' } : NONE);
        }
      }
    }
    return NONE;
  }
}

/** The module of `import * as name from '…'` (type-only too). */
function namespaceImport(source: ts.SourceFile, name: string): string | undefined {
  for (const statement of source.statements) {
    if (!ts.isImportDeclaration(statement) || !isStringLike(statement.moduleSpecifier)) continue;
    const bindings = statement.importClause?.namedBindings;
    if (bindings && ts.isNamespaceImport(bindings) && bindings.name.text === name) return statement.moduleSpecifier.text;
  }
  return undefined;
}

function literalType(node: ts.TypeNode): StringLike | undefined {
  if (ts.isLiteralTypeNode(node) && isStringLike(node.literal)) return node.literal;
  return undefined;
}

function typeLiteralProperty(node: ts.TypeLiteralNode, name: string): string | undefined {
  for (const member of node.members) {
    if (ts.isPropertySignature(member) && propertyName(member.name) === name && member.type) {
      return literalType(member.type)?.text;
    }
  }
  return undefined;
}
