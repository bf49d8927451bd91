import { describe, expect, test } from 'vitest';
import { createRenameMap, findReferencesInText } from '@retable/core';
import { at, find, summary } from './helpers.js';

describe('never a reference', () => {
  test('Array.from, Buffer.from and other constructors', () => {
    const input = [
      `Array.from(orders);`,
      `Buffer.from('orders');`,
      `Uint8Array.from(['orders']);`,
      `Observable.from('orders');`,
      `Rx.Observable.from('orders');`,
    ].join('\n');
    expect(find(input)).toEqual([]);
  });

  test('storage buckets', () => {
    const input = [
      `await supabase.storage.from('orders').upload(path, file);`,
      `const storage = supabase.storage;`,
      `storage.from('orders').getPublicUrl(path);`,
      `const s = supabase.storage;`,
      `s.from('orders').remove([path]);`,
      `const bucket = supabase.storage.from('customers');`,
      `await bucket.download(path);`,
      `const { storage: files } = supabase;`,
      `files.from('orders');`,
      `createStorageClient().from('orders');`,
      `this.supabase.storage.from('orders');`,
    ].join('\n');
    expect(find(input)).toEqual([]);
  });

  test('rpc and channel names', () => {
    expect(find(`supabase.rpc('orders', { id });\nsupabase.channel('orders').subscribe();`)).toEqual([]);
  });

  test('plain columns in a select', () => {
    expect(find(`supabase.from('invoices').select('orders_count, orders, customers')`)).toEqual([]);
  });

  test('an ORM table object: imported from a package or built by a call', () => {
    const input = [
      `import { orders } from '@acme/db/schema';`,
      `import * as schema from 'drizzle-schema';`,
      `const customers = pgTable('customer_rows', {});`,
      `await db.select().from(orders);`,
      `await db.select({ id: orders.id }).from(schema.customers);`,
      `await db.selectDistinct().from(customers);`,
    ].join('\n');
    expect(find(input)).toEqual([]);
  });

  test('a Supabase table name from a package retable does not read is reported, never passed over', () => {
    const input = [`import { TABLES } from '@acme/constants';`, `import orders from 'legacy-tables/orders';`, `await supabase.from(TABLES.orders);`, `await supabase.from(orders);`].join('\n');
    const found = find(input);
    expect(found.map((r) => `${r.kind} ${r.status} @${r.line}:${r.column}`)).toEqual(['from dynamic @3:21', 'from dynamic @4:21']);
    expect(found[0]!.note).toBe('the table name comes from "@acme/constants", which retable does not read: check it by hand');
    expect(found[1]!.note).toContain('"legacy-tables/orders"');
  });

  test('a knex-style builder with a string is still a table', () => {
    const input = `knex.select('*').from('orders')`;
    expect(summary(find(input))).toEqual([`from old orders @${at(input, 'orders')}`]);
  });

  test('route strings, UI copy, object keys, comments', () => {
    const input = [
      `// supabase.from('orders') is what we used to call`,
      `/* .select('customers(name)') */`,
      `router.push('/orders');`,
      `const links = [{ href: '/customers', label: 'customers' }];`,
      `const counts = { orders: 1, customers: 2 };`,
      `fetch('/api/orders');`,
      `t('orders');`,
      `cache.get('orders');`,
      `query.eq('orders', 1);`,
      `const title = 'orders';`,
    ].join('\n');
    expect(find(input)).toEqual([]);
  });

  test('JSX copy and attributes', () => {
    const input = [
      `export function Nav() {`,
      `  return <nav><a href="/orders">orders</a><Tab name="customers" /></nav>;`,
      `}`,
    ].join('\n');
    expect(find(input, 'src/nav.tsx')).toEqual([]);
  });

  test('relative time in date libraries', () => {
    expect(find(`dayjs(createdAt).from(now);\nmoment(a).utc().from(dayjs(b));\nformatter(x).from(start);`)).toEqual([]);
  });

  test('a from() with two arguments is not a query', () => {
    expect(find(`iterable.from('orders', 2)`)).toEqual([]);
  });
});

describe('whole names only', () => {
  const leads = createRenameMap({ leads: 'crm_leads' });
  const run = (text: string) => findReferencesInText({ file: 'a.ts', text, map: leads }).references;

  test('crm_leads is the new name, not an old leads', () => {
    expect(run(`supabase.from('crm_leads')`).map((r) => `${r.table} ${r.status}`)).toEqual(['crm_leads new']);
  });

  test('a longer name containing the old one is not a reference', () => {
    const input = [
      `supabase.from('leads_archive');`,
      `supabase.from('old_leads');`,
      `supabase.from('leads2');`,
      `supabase.from('$leads');`,
      `supabase.from('invoices').select('owner:profiles!leads_owner_id_fkey(name), leads_count')`,
    ].join('\n');
    expect(run(input)).toEqual([]);
  });

  test('an FK hint containing the name stays, the embed is renamed', () => {
    const input = `supabase.from('x').select('leads!leads_owner_id_fkey(id)')`;
    expect(run(input).map((r) => `${r.kind} ${r.table} ${r.edit?.text}`)).toEqual(['embed leads leads:crm_leads']);
  });
});
