import { describe, expect, test } from 'vitest';
import { findReferences } from '@retable/core';
import { at, find, map, project, rewrite, summary } from './helpers.js';

describe('a table name passed to a project function', () => {
  test('a parameter that reaches .from(): each literal argument is renamed, the wrapper is not dynamic', () => {
    const input = [
      `function load(table: string, id: string) {`,
      `  return supabase.from(table).select('*').eq('id', id);`,
      `}`,
      `load('orders', '1');`,
      `load(kind === 'a' ? 'customers' : 'invoices', '2');`,
    ].join('\n');
    expect(rewrite(input)).toBe(input.replace(`'orders'`, `'sales_orders'`).replace(`'customers'`, `'crm_customers'`));
    expect(summary(find(input))).toEqual([`constant old orders @${at(input, 'orders')}`, `constant old customers @${at(input, 'customers')}`]);
    expect(find(input)[0]!.note).toBe('passed to load(), the table (from) in src/app.ts:2');
  });

  test('a call site that passes a non-literal is dynamic there', () => {
    const input = [`const load = (table: string) => supabase.from(table);`, `load('orders');`, `load(pick());`, `let t = 'x';`, `load(t);`].join('\n');
    expect(summary(find(input))).toEqual([`constant old orders @${at(input, 'orders')}`, 'from dynamic pick() @3:6', 'from dynamic t @5:6']);
  });

  test('a property of a parameter, and a destructured one, in realtime and .from()', () => {
    const input = [
      `function useLive(o: { table: string }) {`,
      `  supabase.channel('x').on('postgres_changes', { event: '*', schema: 'public', table: o.table }, cb);`,
      `}`,
      `const useRows = ({ table, limit }: Props) => supabase.from(table).select('*').limit(limit);`,
      `useLive({ table: 'orders' });`,
      `useRows({ table: 'customers', limit: 3 });`,
      `useRows({ table: name, limit: 3 });`,
    ].join('\n');
    expect(rewrite(input)).toBe(input.replace(`'orders'`, `'sales_orders'`).replace(`'customers'`, `'crm_customers'`));
    expect(summary(find(input))).toEqual([
      `constant old orders @${at(input, 'orders')}`,
      `constant old customers @${at(input, 'customers')}`,
      `from dynamic name @${at(input, 'name,')}`,
    ]);
  });

  test('a wrapper of a wrapper, a default, and a JSX component prop', () => {
    const input = [
      `const rows = (t: string) => supabase.from(t).select('*');`,
      `const list = (table = 'orders') => rows(table);`,
      `list();`,
      `list('customers');`,
      `function Table({ table }: { table: string }) { supabase.from(table); return null; }`,
      `export const page = <Table table="order_items" />;`,
    ].join('\n');
    expect(rewrite(input, 'src/app.tsx')).toBe(
      input.replace(`'orders'`, `'sales_orders'`).replace(`'customers'`, `'crm_customers'`).replace(`"order_items"`, `"sales_order_items"`),
    );
  });

  test('a function also passed around as a value stays reported where it reads the name', () => {
    const input = [`function load(table: string) {`, `  return supabase.from(table);`, `}`, `load('orders');`, `useQuery({ queryFn: load });`].join('\n');
    expect(summary(find(input))).toEqual([`from dynamic table @${at(input, 'table);')}`, `constant old orders @${at(input, 'orders')}`]);
  });

  test("a callback's parameter: the calls of the parameter that receives it", () => {
    const input = [
      `const WITH_COUNTS = 'id, customers(name), order_items(count)';`,
      `const BASE = 'id, customers(name)';`,
      `async function withFallback(runner: (select: string) => PromiseLike<unknown>) {`,
      `  const first = await runner(WITH_COUNTS);`,
      `  return first ?? runner(BASE);`,
      `}`,
      `export const feed = () => withFallback((select) => supabase.from('invoices').select(select));`,
    ].join('\n');
    expect(rewrite(input)).toBe(
      input
        .replace(`'id, customers(name), order_items(count)'`, `'id, customers:crm_customers(name), order_items:sales_order_items(count)'`)
        .replace(`'id, customers(name)';`, `'id, customers:crm_customers(name)';`),
    );
    expect(find(input).filter((r) => r.status === 'dynamic')).toEqual([]);
  });

  test('a method called on this', () => {
    const input = [
      `class Repo {`,
      `  private rows(table: string) { return this.client.from(table).select('*'); }`,
      `  orders() { return this.rows('orders'); }`,
      `}`,
    ].join('\n');
    expect(rewrite(input)).toBe(input.replace(`'orders'`, `'sales_orders'`));
  });
});

describe('a wrapper imported under another name', () => {
  test('calls of `import { from as f }` and of a namespace import are followed; a place reached two ways is one reference', async () => {
    const { root, files } = await project({
      'package.json': '{"dependencies":{"pg":"8.11.0"}}',
      'src/db.ts': [
        "import { Pool } from 'pg';",
        'const pool = new Pool();',
        'export const rawQuery = (text: string) => pool.query(text);',
        'export function from(table: string) { return supabase.from(table); }',
      ].join('\n'),
      'src/a.ts': [
        "import { rawQuery as rq, from as f } from './db';",
        "import * as db from './db';",
        "export const a = () => rq('SELECT * FROM orders');",
        "export const b = () => f('customers');",
        "export const c = () => db.from('orders');",
      ].join('\n'),
    });
    const { references } = await findReferences({ root, map, files });
    expect(summary(references)).toEqual(['sql old orders @3:42', 'constant old customers @4:27', 'from old orders @5:33']);
  });
});

describe("a table-name parameter's declared type", () => {
  test('its literal types, an alias of them and a registry it is derived from are renamed with the arguments', () => {
    const input = [
      `export const TABLES = { ORDERS: 'orders', CUSTOMERS: 'customers', OTHER: 'invoices' } as const;`,
      `type Registry = (typeof TABLES)[keyof typeof TABLES];`,
      `type Listed = 'order_items' | 'invoices';`,
      `export const byRegistry = (table: Registry) => supabase.from(table).select('*');`,
      `export const byAlias = (table: Listed) => supabase.from(table).select('*');`,
      `export const inline = ({ table }: { table: 'orders' | 'invoices' }) => supabase.from(table).select('*');`,
      `byRegistry('orders'); byAlias('order_items'); inline({ table: 'orders' });`,
    ].join('\n');
    // Every literal the types admit that is an old name is renamed, not only those passed: the code still type-checks.
    expect(rewrite(input)).toBe(
      input
        .replace(`ORDERS: 'orders', CUSTOMERS: 'customers'`, `ORDERS: 'sales_orders', CUSTOMERS: 'crm_customers'`)
        .replace(`'order_items' | 'invoices'`, `'sales_order_items' | 'invoices'`)
        .replace(`table: 'orders' | 'invoices'`, `table: 'sales_orders' | 'invoices'`)
        .replace(`byRegistry('orders'); byAlias('order_items'); inline({ table: 'orders' })`, `byRegistry('sales_orders'); byAlias('sales_order_items'); inline({ table: 'sales_orders' })`),
    );
  });
});

describe('a table-name type parameter', () => {
  test("the call's explicit type argument is renamed with the argument: new, extends … super(), a generic function", () => {
    const input = [
      `class QueryBuilder<T extends string> { constructor(private table: T) {} all() { return supabase.from(this.table).select('*'); } }`,
      `function fetchTable<T extends string>(t: T) { return supabase.from(t).select('*'); }`,
      `class Orders extends QueryBuilder<'orders'> { constructor() { super('orders'); } }`,
      `export const direct = new QueryBuilder<'customers'>('customers');`,
      `export const items = fetchTable<'order_items'>('order_items');`,
      `type Bucket = 'orders' | 'avatars';`,
      `export const up = (b: Bucket) => supabase.storage.from(b).list();`,
    ].join('\n');
    expect(rewrite(input)).toBe(
      input
        .replace(`QueryBuilder<'orders'> { constructor() { super('orders')`, `QueryBuilder<'sales_orders'> { constructor() { super('sales_orders')`)
        .replace(`new QueryBuilder<'customers'>('customers')`, `new QueryBuilder<'crm_customers'>('crm_customers')`)
        .replace(`fetchTable<'order_items'>('order_items')`, `fetchTable<'sales_order_items'>('sales_order_items')`),
    );
  });
});

describe('a table name passed to a constructor', () => {
  test('a field set from a constructor parameter, and a parameter property: each new-expression argument is renamed', () => {
    const input = [
      `class Repo {`,
      `  private table: string;`,
      `  constructor(table: string, private readonly columns = '*') { this.table = table; }`,
      `  list() { return supabase.from(this.table).select(this.columns); }`,
      `}`,
      `class Store {`,
      `  constructor(private readonly name: string) {}`,
      `  all() { return supabase.from(this.name).select('*'); }`,
      `}`,
      `export const orders = new Repo('orders');`,
      `export const customers = new Store('customers');`,
      `export const other = new Store(pick());`,
    ].join('\n');
    expect(rewrite(input)).toBe(input.replace(`'orders'`, `'sales_orders'`).replace(`'customers'`, `'crm_customers'`));
    expect(summary(find(input))).toEqual([
      `constant old orders @${at(input, "orders')")}`,
      `constant old customers @${at(input, "customers')")}`,
      `from dynamic pick() @${at(input, 'pick()')}`,
    ]);
    expect(find(input)[0]!.note).toBe('passed to Repo(), the table (from) in src/app.ts:4');
  });

  test('a subclass passing its name to super(), and one passing its own parameter on', () => {
    const input = [
      `class Repo { constructor(private table: string) {} list() { return supabase.from(this.table); } }`,
      `class Orders extends Repo { constructor() { super('orders'); } }`,
      `class Named extends Repo { constructor(name: string) { super(name); } }`,
      `export const customers = new Named('customers');`,
      `class Implicit extends Repo {}`,
    ].join('\n');
    expect(rewrite(input)).toBe(input.replace(`'orders'`, `'sales_orders'`).replace(`'customers'`, `'crm_customers'`));
    // A subclass without a constructor of its own passes its callers' arguments on unseen.
    expect(summary(find(input))).toEqual([
      `from dynamic this.table @${at(input, 'this.table')}`,
      `constant old orders @${at(input, "orders')")}`,
      `constant old customers @${at(input, "customers')")}`,
    ]);
  });
});

describe('a table name in a field that subclasses set', () => {
  test('an abstract field, a field a subclass overrides, and a base constructor parameter read in a subclass, across files', async () => {
    const { root, files } = await project({
      'src/base.ts': [
        'export abstract class Repository {',
        '  protected abstract tableName: string;',
        '  constructor(protected supabase: any) {}',
        "  list() { return this.supabase.from(this.tableName).select('*'); }",
        '}',
        'export class Store {',
        "  protected table = 'orders';",
        "  all() { return supabase.from(this.table).select('*'); }",
        '}',
        'export abstract class Named {',
        '  constructor(protected readonly client: any, protected readonly name: string) {}',
        '}',
        'export abstract class Unset {',
        '  protected abstract table: string;',
        "  all() { return supabase.from(this.table).select('*'); }",
        '}',
      ].join('\n'),
      'src/tables.ts': "export const TABLES = { customers: 'customers' } as const;\n",
      'src/repos.ts': [
        "import { Named, Repository, Store } from './base';",
        "import { TABLES } from './tables';",
        'export class Customers extends Repository {',
        '  protected tableName = TABLES.customers;',
        '}',
        'export class Items extends Store {',
        "  protected table = 'order_items';",
        '}',
        'export class Orders extends Named {',
        "  constructor(client: any) { super(client, 'orders'); }",
        "  byId(id: string) { return this.client.from(this.name).select('*').eq('id', id); }",
        '}',
      ].join('\n'),
    });
    const { references } = await findReferences({ root, map, files });
    // In file order: base.ts (Unset's field, which no class sets, and Store's own), repos.ts, tables.ts.
    expect(references.map((r) => `${r.file} ${summary([r])[0]}`)).toEqual([
      'src/base.ts constant old orders @7:22',
      'src/base.ts from dynamic this.table @15:32',
      'src/repos.ts constant old order_items @7:22',
      'src/repos.ts constant old orders @10:45',
      'src/tables.ts constant old customers @1:37',
    ]);
    expect(references.find((r) => r.table === 'customers')!.note).toBe('tableName of Customers, the table (from) in src/base.ts:4');
  });
});

describe('select strings that travel', () => {
  test('a class field, a parameter default and literal arguments', () => {
    const input = [
      `class Orders {`,
      `  private readonly SEL = 'id, customers(name)';`,
      `  list() { return supabase.from('invoices').select(this.SEL); }`,
      `}`,
      `function fetchAll(sel = 'id, customers(email)') { return supabase.from('invoices').select(sel); }`,
      `fetchAll('id, order_items(qty)');`,
    ].join('\n');
    expect(rewrite(input)).toBe(
      input
        .replace('customers(name)', 'customers:crm_customers(name)')
        .replace('customers(email)', 'customers:crm_customers(email)')
        .replace('order_items(qty)', 'order_items:sales_order_items(qty)'),
    );
  });

  test('an untraceable select string is dynamic', () => {
    const input = `supabase.from('invoices').select(buildColumns());\nsupabase.from('invoices').select();\nsupabase.from('invoices').select('*');`;
    expect(summary(find(input))).toEqual(['select dynamic buildColumns() @1:34']);
  });

  test('a select type argument is renamed with the string', () => {
    const input = `supabase.from('invoices').select<"*, customers(*)">('*, customers(*)')`;
    expect(rewrite(input)).toBe(`supabase.from('invoices').select<"*, customers:crm_customers(*)">('*, customers:crm_customers(*)')`);
  });
});

describe('concatenation', () => {
  test('select pieces parsed as one string', () => {
    const input = `supabase.from('invoices').select('*, ' + 'customers(*)')`;
    expect(rewrite(input)).toBe(`supabase.from('invoices').select('*, ' + 'customers:crm_customers(*)')`);
  });

  test('a table name split over pieces: the new name in the first, the rest cut', () => {
    const input = `supabase.from('ord' + 'ers')`;
    expect(rewrite(input)).toBe(`supabase.from('sales_orders' + '')`);
    expect(summary(find(input))).toEqual(['from old orders @1:16']);
  });

  test('a piece that is not a string makes the whole dynamic', () => {
    expect(summary(find(`supabase.from('ord' + suffix)`))).toEqual([`from dynamic 'ord' + suffix @1:15`]);
  });
});

describe('other ways code reaches .from and .select', () => {
  test(`client['from'] and a destructured from`, () => {
    const input = `supabase['from']('orders').select('customers(*)');\nconst { from } = supabase;\nfrom('orders');\nconst { from: bucket } = supabase.storage;`;
    expect(rewrite(input)).toBe(
      `supabase['from']('sales_orders').select('customers:crm_customers(*)');\nconst { from } = supabase;\nfrom('sales_orders');\nconst { from: bucket } = supabase.storage;`,
    );
  });

  test('a destructured storage from is not a table', () => {
    expect(find(`const { from } = supabase.storage;\nfrom('orders');`)).toEqual([]);
  });

  test('a realtime event that is not a plain literal', () => {
    const input = [
      `channel.on('postgres_changes' as any, { schema: 'public', table: 'orders' }, cb);`,
      `const ev = 'postgres_changes';`,
      `channel.on(ev, { schema: 'public', table: 'customers' }, cb);`,
    ].join('\n');
    expect(rewrite(input)).toBe(input.replace(`'orders'`, `'sales_orders'`).replace(`'customers'`, `'crm_customers'`));
  });
});

describe('types through aliases and helpers', () => {
  test('an alias of the Tables map and of the schema', () => {
    const input = [
      `type T = Database['public']['Tables'];`,
      `type S = Database['public'];`,
      `type A = T['orders']['Row'];`,
      `type B = S['Tables']['customers']['Insert'];`,
      `type V = Database['public']['Views']['orders'];`,
    ].join('\n');
    expect(summary(find(input))).toEqual([`type old orders @${at(input, 'orders')}`, `type old customers @${at(input, 'customers')}`]);
  });

  test('a generic helper over the Tables map, and one over Tables<>', () => {
    const input = [
      `type Row<N extends keyof Database['public']['Tables']> = Database['public']['Tables'][N]['Row'];`,
      `type Ins<N extends string> = TablesInsert<N>;`,
      `type Pair<X, N> = [X, Row<N>];`,
      `type A = Row<'orders'>;`,
      `type B = Ins<'customers'>;`,
      `type C = Pair<'orders', 'order_items'>;`,
    ].join('\n');
    expect(summary(find(input))).toEqual([
      `type old orders @4:15`,
      `type old customers @5:15`,
      `type old order_items @6:26`,
    ]);
  });
});
