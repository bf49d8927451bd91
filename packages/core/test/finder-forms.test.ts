import { describe, expect, test } from 'vitest';
import { at, find, rewrite, summary } from './helpers.js';

describe('.from()', () => {
  test('double, single and template quotes', () => {
    const input = [
      `await supabase.from("orders").select('*');`,
      `await supabase.from('orders').select('*');`,
      'await supabase.from(`orders`).select(`*`);',
    ].join('\n');
    expect(rewrite(input)).toBe(
      [
        `await supabase.from("sales_orders").select('*');`,
        `await supabase.from('sales_orders').select('*');`,
        'await supabase.from(`sales_orders`).select(`*`);',
      ].join('\n'),
    );
    expect(summary(find(input))).toEqual(['from old orders @1:22', 'from old orders @2:22', 'from old orders @3:22']);
  });

  test('reports the reference with its new name and a splice of the literal only', () => {
    const input = `const { data } = await supabase.from('orders').select('id');\n`;
    const [reference] = find(input);
    expect(reference).toEqual({
      kind: 'from',
      file: 'src/app.ts',
      line: 1,
      column: 39,
      table: 'orders',
      status: 'old',
      newName: 'sales_orders',
      edit: { start: 38, end: 44, text: 'sales_orders' },
    });
    expect(input.slice(38, 44)).toBe('orders');
  });

  test('a new name is reported as new, without an edit', () => {
    expect(find(`supabase.from('sales_orders')`)).toEqual([
      { kind: 'from', file: 'src/app.ts', line: 1, column: 16, table: 'sales_orders', status: 'new' },
    ]);
  });

  test('a table not in the map is not a reference', () => {
    expect(find(`supabase.from('invoices').select('*, payments(*)')`)).toEqual([]);
  });

  test('after .schema() naming the configured schema', () => {
    expect(rewrite(`supabase.schema('public').from('orders')`)).toBe(`supabase.schema('public').from('sales_orders')`);
  });

  test('after .schema() naming another schema: left alone', () => {
    const input = `supabase.schema('billing').from('orders').select('*, customers(*)')`;
    expect(find(input)).toEqual([]);
  });

  test('a client bound to another schema, held in a constant', () => {
    const input = `const billing = supabase.schema('billing');\nbilling.from('orders');\nconst pub = supabase.schema('public');\npub.from('orders');`;
    expect(summary(find(input))).toEqual([`from old orders @${at(input, 'orders', 2)}`]);
  });

  test('escapes in the literal', () => {
    expect(rewrite(`supabase.from('ord\\u0065rs')`)).toBe(`supabase.from('sales_orders')`);
  });

  test('on this.client, a call result and an awaited client', () => {
    const input = [
      `this.client.from('orders');`,
      `createClient(url, key).from('orders');`,
      `(await getClient()).from('orders');`,
    ].join('\n');
    expect(summary(find(input))).toEqual([1, 2, 3].map((n) => `from old orders @${at(input, 'orders', n)}`));
  });
});

describe('embedded resources in .select()', () => {
  test('an embed gets an alias that keeps the response key', () => {
    expect(rewrite(`supabase.from('invoices').select('id, customers(name)')`)).toBe(
      `supabase.from('invoices').select('id, customers:crm_customers(name)')`,
    );
  });

  test('after insert, update, upsert and delete', () => {
    for (const method of ['insert(row)', 'update(row)', 'upsert(row)', 'delete()']) {
      expect(rewrite(`supabase.from('invoices').${method}.select('id, customers(name)')`)).toBe(
        `supabase.from('invoices').${method}.select('id, customers:crm_customers(name)')`,
      );
    }
  });

  test('after a mutation with filters in between', () => {
    expect(rewrite(`supabase.from('invoices').update(row).eq('id', id).select('customers(name)').single()`)).toBe(
      `supabase.from('invoices').update(row).eq('id', id).select('customers:crm_customers(name)').single()`,
    );
  });

  test('a select that is not on a query chain is left alone', () => {
    expect(find(`knex.select('customers(name)');\nel.select('orders(x)');\nArray.from(x).select('customers(id)');`)).toEqual([]);
  });

  test('multi-line template with nested embeds', () => {
    const input = [
      'const { data } = await supabase',
      `  .from('orders')`,
      '  .select(`',
      '    id,',
      '    customers (',
      '      name,',
      '      order_items ( id )',
      '    )',
      '  `)',
    ].join('\n');
    const output = [
      'const { data } = await supabase',
      `  .from('sales_orders')`,
      '  .select(`',
      '    id,',
      '    customers:crm_customers (',
      '      name,',
      '      order_items:sales_order_items ( id )',
      '    )',
      '  `)',
    ].join('\n');
    expect(rewrite(input)).toBe(output);
    expect(summary(find(input))).toEqual(['from old orders @2:10', 'embed old customers @5:5', 'embed old order_items @7:7']);
  });

  test('an aliased embed: only the table changes', () => {
    expect(rewrite(`supabase.from('invoices').select('buyer:customers(name)')`)).toBe(
      `supabase.from('invoices').select('buyer:crm_customers(name)')`,
    );
  });

  test('an FK constraint hint stays, the table is renamed', () => {
    expect(rewrite(`supabase.from('orders').select('id, buyer:customers!orders_buyer_fkey(name)')`)).toBe(
      `supabase.from('sales_orders').select('id, buyer:crm_customers!orders_buyer_fkey(name)')`,
    );
  });

  test('an un-aliased embed with a hint keeps its key', () => {
    expect(rewrite(`supabase.from('invoices').select('customers!invoices_customer_id_fkey(name)')`)).toBe(
      `supabase.from('invoices').select('customers:crm_customers!invoices_customer_id_fkey(name)')`,
    );
  });

  test('!inner and !left', () => {
    expect(rewrite(`supabase.from('invoices').select('customers!inner(name), o:orders!left(id)')`)).toBe(
      `supabase.from('invoices').select('customers:crm_customers!inner(name), o:sales_orders!left(id)')`,
    );
  });

  test('a hint that names a renamed join table is renamed', () => {
    const input = `supabase.from('products').select('id, customers!order_items(name)')`;
    expect(rewrite(input)).toBe(`supabase.from('products').select('id, customers:crm_customers!sales_order_items(name)')`);
    expect(summary(find(input))).toEqual([`embed old customers @${at(input, 'customers')}`, `hint old order_items @${at(input, 'order_items')}`]);
  });

  test('a spread embed is renamed in place', () => {
    expect(rewrite(`supabase.from('invoices').select('id, ...customers(name)')`)).toBe(
      `supabase.from('invoices').select('id, ...crm_customers(name)')`,
    );
  });

  test('filters, orders and referencedTable naming an embed are unchanged', () => {
    const input = [
      `supabase.from('invoices').select('id, customers(name)')`,
      `  .eq('customers.name', name)`,
      `  .order('name', { referencedTable: 'customers' })`,
      `  .limit(1, { foreignTable: 'customers' });`,
    ].join('\n');
    expect(summary(find(input))).toEqual([`embed old customers @${at(input, 'customers')}`]);
    expect(rewrite(input)).toBe(input.replace('customers(name)', 'customers:crm_customers(name)'));
  });

  test('a filter path naming a spread embed is reported for review', () => {
    const input = [
      `supabase.from('invoices').select('id, ...customers(name)')`,
      `  .eq('customers.name', name)`,
      `  .order('name', { referencedTable: 'customers' });`,
    ].join('\n');
    const references = find(input);
    expect(summary(references)).toEqual([
      `spread old customers @${at(input, 'customers')}`,
      `review old customers @${at(input, 'customers.name')}`,
      `review old customers @${at(input, `'customers' }`, 1).replace(/:(\d+)$/, (_, c: string) => `:${Number(c) + 1}`)}`,
    ]);
    expect(references[1]!.edit).toBeUndefined();
    expect(references[1]!.note).toContain('spread embed "customers"');
  });

  test('a filter value that looks like a path is not reviewed', () => {
    expect(summary(find(`supabase.from('invoices').select('...customers(name)').eq('note', 'customers.name')`)).map((s) => s.split(' @')[0])).toEqual([
      'spread old customers',
    ]);
  });

  test('the review stays after the rename until the path is fixed', () => {
    const input = `supabase.from('invoices').select('id, ...crm_customers(name)').eq('customers.name', name)`;
    expect(summary(find(input))).toEqual([`spread new crm_customers @${at(input, 'crm_customers')}`, `review old customers @${at(input, 'customers.name')}`]);
  });

  test('plain columns are not embeds', () => {
    expect(find(`supabase.from('invoices').select('id, orders_count, orders, customers->name, orders::text, total.sum()')`)).toEqual([]);
  });

  test('a quoted identifier', () => {
    expect(rewrite(`supabase.from('invoices').select('id, "customers"(name)')`)).toBe(
      `supabase.from('invoices').select('id, "customers":crm_customers(name)')`,
    );
  });

  test('after the rename, a second run changes nothing', () => {
    const once = rewrite(`supabase.from('orders').select('id, customers(name), ...order_items(id)')`);
    expect(once).toBe(`supabase.from('sales_orders').select('id, customers:crm_customers(name), ...sales_order_items(id)')`);
    expect(rewrite(once)).toBe(once);
    expect(find(once).every((r) => r.status === 'new')).toBe(true);
  });

  test('a select on an rpc() result', () => {
    expect(rewrite(`supabase.rpc('search_invoices', { q }).select('id, customers(name)')`)).toBe(
      `supabase.rpc('search_invoices', { q }).select('id, customers:crm_customers(name)')`,
    );
  });

  test('a query held in a constant', () => {
    expect(rewrite(`const query = supabase.from('invoices');\nquery.select('customers(name)');`)).toBe(
      `const query = supabase.from('invoices');\nquery.select('customers:crm_customers(name)');`,
    );
  });

  test('a select string held in a constant', () => {
    expect(rewrite(`const COLUMNS = 'id, customers(name)';\nsupabase.from('invoices').select(COLUMNS);`)).toBe(
      `const COLUMNS = 'id, customers:crm_customers(name)';\nsupabase.from('invoices').select(COLUMNS);`,
    );
  });
});

describe('select templates with substitutions', () => {
  test('the static parts and constant substitutions are read; a name glued to ${} is not', () => {
    const input = [
      `const EMBED = 'order_items(id)';`,
      'supabase.from(`invoices`).select(`id, ${columns}, customers(name), ${EMBED}, ${prefix}orders(id)`);',
    ].join('\n');
    expect(rewrite(input)).toBe(
      [
        `const EMBED = 'order_items:sales_order_items(id)';`,
        'supabase.from(`invoices`).select(`id, ${columns}, customers:crm_customers(name), ${EMBED}, ${prefix}orders(id)`);',
      ].join('\n'),
    );
  });
});

describe('realtime', () => {
  test('postgres_changes with the configured schema', () => {
    const input = `supabase.channel('room').on('postgres_changes', { event: 'INSERT', schema: 'public', table: 'orders' }, onInsert).subscribe();`;
    expect(rewrite(input)).toBe(input.replace(`table: 'orders'`, `table: 'sales_orders'`));
    expect(summary(find(input))).toEqual([`realtime old orders @${at(input, 'orders')}`]);
  });

  test('another schema is left alone', () => {
    expect(find(`channel.on('postgres_changes', { event: '*', schema: 'audit', table: 'orders' }, cb)`)).toEqual([]);
  });

  test('a filter object held in a constant', () => {
    const input = `const FILTER = { event: '*', schema: 'public', table: 'orders' } as const;\nchannel.on('postgres_changes', FILTER, cb);\nconst AUDIT = { event: '*', schema: 'audit', table: 'orders' };\nchannel.on('postgres_changes', AUDIT, cb);`;
    expect(summary(find(input))).toEqual([`realtime old orders @${at(input, 'orders')}`]);
  });

  test('other events and broadcast are left alone', () => {
    expect(find(`channel.on('broadcast', { event: 'orders' }, cb); channel.on('presence', { table: 'orders' }, cb);`)).toEqual([]);
  });
});

describe('types', () => {
  test('Database[schema][Tables][t]', () => {
    const input = `type Order = Database['public']['Tables']['orders']['Row'];\ntype C = Database["public"]["Tables"]["customers"]["Insert"];`;
    expect(rewrite(input)).toBe(
      `type Order = Database['public']['Tables']['sales_orders']['Row'];\ntype C = Database["public"]["Tables"]["crm_customers"]["Insert"];`,
    );
  });

  test('another schema and Views are left alone', () => {
    expect(find(`type A = Database['audit']['Tables']['orders']['Row'];\ntype B = Database['public']['Views']['orders']['Row'];`)).toEqual([]);
  });

  test('Tables, TablesInsert, TablesUpdate', () => {
    const input = `let a: Tables<'orders'>; let b: TablesInsert<'customers'>; let c: TablesUpdate<"order_items">;`;
    expect(rewrite(input)).toBe(`let a: Tables<'sales_orders'>; let b: TablesInsert<'crm_customers'>; let c: TablesUpdate<"sales_order_items">;`);
    expect(summary(find(input)).map((s) => s.split(' @')[0])).toEqual(['type old orders', 'type old customers', 'type old order_items']);
  });

  test('Tables with a schema option', () => {
    expect(rewrite(`type A = Tables<{ schema: 'public' }, 'orders'>; type B = Tables<{ schema: 'audit' }, 'orders'>;`)).toBe(
      `type A = Tables<{ schema: 'public' }, 'sales_orders'>; type B = Tables<{ schema: 'audit' }, 'orders'>;`,
    );
  });
});

describe('constants', () => {
  test('a const used as a table: the literal at its declaration', () => {
    const input = `const ORDERS = 'orders';\nexport function load() {\n  return supabase.from(ORDERS).select('*');\n}`;
    expect(rewrite(input)).toBe(input.replace(`'orders'`, `'sales_orders'`));
    expect(summary(find(input))).toEqual([`constant old orders @${at(input, 'orders')}`]);
  });

  test('the note says where the constant is used', () => {
    const input = `const T = 'orders';\n\nsupabase.from(T);`;
    expect(find(input)[0]!.note).toBe('used as a table (from) in src/app.ts:3');
  });

  test('a constant used twice is one reference', () => {
    const input = `const T = 'orders';\nsupabase.from(T);\nsupabase.from(T).select('*');`;
    expect(summary(find(input))).toEqual([`constant old orders @${at(input, 'orders')}`]);
  });

  test('an as-const object', () => {
    const input = `export const TABLES = { orders: 'orders', customers: 'customers', title: 'orders' } as const;\nsupabase.from(TABLES.orders);\nsupabase.from(TABLES['customers']);`;
    expect(rewrite(input)).toBe(
      `export const TABLES = { orders: 'sales_orders', customers: 'crm_customers', title: 'orders' } as const;\nsupabase.from(TABLES.orders);\nsupabase.from(TABLES['customers']);`,
    );
  });

  test('an enum member and Object.freeze', () => {
    const input = `enum Table { Orders = 'orders' }\nconst T = Object.freeze({ C: 'customers' });\nsupabase.from(Table.Orders);\nsupabase.from(T.C);`;
    expect(rewrite(input)).toBe(`enum Table { Orders = 'sales_orders' }\nconst T = Object.freeze({ C: 'crm_customers' });\nsupabase.from(Table.Orders);\nsupabase.from(T.C);`);
  });

  test('a constant never used as a table stays', () => {
    expect(find(`const LABEL = 'orders';\nconsole.log(LABEL);\nrouter.push('/orders');`)).toEqual([]);
  });

  test('a constant in realtime', () => {
    const input = `const T = 'orders';\nchannel.on('postgres_changes', { event: '*', schema: 'public', table: T }, cb);`;
    expect(rewrite(input)).toBe(input.replace(`'orders'`, `'sales_orders'`));
  });

  test('both branches of a conditional', () => {
    expect(rewrite(`supabase.from(archived ? 'orders' : 'customers')`)).toBe(`supabase.from(archived ? 'sales_orders' : 'crm_customers')`);
  });

  test('a shadowing parameter is dynamic, not the outer constant', () => {
    const input = `const table = 'orders';\nfunction load(table: string) {\n  return supabase.from(table);\n}`;
    expect(summary(find(input))).toEqual([`from dynamic table @${at(input, 'table)')}`]);
  });
});

describe('dynamic names', () => {
  test('a parameter', () => {
    const references = find(`export function load(table: string) {\n  return supabase.from(table).select('*');\n}`);
    expect(references).toEqual([
      {
        kind: 'from',
        file: 'src/app.ts',
        line: 2,
        column: 24,
        table: 'table',
        status: 'dynamic',
        note: 'the table name is only known at run time',
      },
    ]);
  });

  test('a template with ${}', () => {
    expect(summary(find('supabase.from(`${prefix}_orders`)'))).toEqual(['from dynamic `${prefix}_orders` @1:15']);
  });

  test('on a client made by a factory with any name', () => {
    const input = `const supabase = makeIt();\nexport const load = (t: string) => supabase.from(t);`;
    expect(summary(find(input))).toEqual([`from dynamic t @${at(input, 't);')}`]);
  });

  test('a let, a property of something unknown, a call result', () => {
    const input = `let t = 'orders';\nsupabase.from(t);\nsupabase.from(options.table);\nsupabase.from(tableFor(kind));`;
    expect(summary(find(input))).toEqual([
      'from dynamic t @2:15',
      'from dynamic options.table @3:15',
      'from dynamic tableFor(kind) @4:15',
    ]);
  });

  test('a dynamic realtime table', () => {
    const input = `channel.on('postgres_changes', { event: '*', schema: 'public', table }, cb)`;
    expect(summary(find(input))).toEqual([`realtime dynamic table @${at(input, 'table }')}`]);
  });
});

describe("a payload's table compared with a name", () => {
  test("in a postgres_changes callback it is renamed; a webhook's payload elsewhere is a review item; other objects' tables and other properties are not", () => {
    const input = [
      "supabase.channel('all').on('postgres_changes', { event: '*', schema: 'public' }, (payload) => {",
      "  if (payload.table === 'orders') refresh();",
      "  switch (payload.table) { case 'customers': reload(); }",
      '});',
      "export function handle(p: { table: string }) { if (p.table !== 'orders') return 'skip'; return 'send'; }",
      "export const same = (row: { kind: string }) => row.kind === 'orders' || 'customers' === row['table'];",
    ].join('\n');
    const references = find(input);
    expect(summary(references)).toEqual([
      `realtime old orders @${at(input, "orders'")}`,
      `realtime old customers @${at(input, "customers'")}`,
      `review old orders @${at(input, "orders'", 2)}`,
      `review old customers @${at(input, "customers'", 2)}`,
    ]);
    expect(references[2]!.edit).toBeUndefined();
    expect(references[2]!.note).toMatch(/^compared with p\.table: where the name comes from the database \(a webhook's or realtime payload\) or from renamed code, it is "sales_orders" after the rename/);
    expect(rewrite(input).split('\n').slice(1, 3)).toEqual(["  if (payload.table === 'sales_orders') refresh();", "  switch (payload.table) { case 'crm_customers': reload(); }"]);
  });
});

describe("a test's assertion on a table's name", () => {
  test('what supabase.from or a spy of it was called with follows the rename; a table-named value expected to be an old name is a review item', () => {
    const input = [
      "const spy = vi.spyOn(supabase, 'from');",
      "const bucket = vi.spyOn(supabase.storage, 'from');",
      "expect(supabase.from).toHaveBeenCalledWith('orders');",
      "expect(spy).toHaveBeenNthCalledWith(2, 'customers');",
      "expect(supabase.storage.from).toHaveBeenCalledWith('orders');",
      "expect(bucket).toHaveBeenCalledWith('orders');",
      "expect(builder.__table).toBe('orders');",
      "expect(title).toBe('orders');",
    ].join('\n');
    const references = find(input);
    expect(summary(references)).toEqual([
      `from old orders @${at(input, "orders'")}`,
      `from old customers @${at(input, "customers'")}`,
      `review old orders @7:31`,
    ]);
    expect(references[2]!.note).toMatch(/^a test expects builder.__table to be "orders", which the code calls "sales_orders"/);
  });
});

