import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { findReferences } from '@retable/core';
import { applyEdits, map, project } from './helpers.js';

/** `file:line:column kind table → edit` (or `dynamic`/`review`) per reference. */
function lines(references: Awaited<ReturnType<typeof findReferences>>['references']): string[] {
  return references.map((r) => `${r.file}:${r.line}:${r.column} ${r.kind} ${r.table} ${r.edit ? `→ ${r.edit.text}` : r.status === 'dynamic' ? 'dynamic' : 'review'}`);
}

/** Each scanned file's text after the edits. */
function rewritten(root: string, files: readonly string[], references: Awaited<ReturnType<typeof findReferences>>['references']): Record<string, string> {
  return Object.fromEntries(files.map((file) => [file, applyEdits(readFileSync(path.join(root, file), 'utf8'), references.filter((r) => r.file === file))]));
}

describe('SQL whose table comes from a value', () => {
  test('a constant put into a plain template, or through a helper into a tagged one, is the table; a bound value is not', async () => {
    const { root, files } = await project({
      'package.json': '{"dependencies":{"pg":"8.11.0","postgres":"3.4.0","kysely":"0.27.4"}}',
      'src/tables.ts': "export const TABLES = { orders: 'orders', customers: 'public.customers' } as const;\nexport const COLUMNS = 'id, note';\n",
      'src/queries.ts': [
        "import postgres from 'postgres';",
        "import { sql as ksql } from 'kysely';",
        "import { TABLES, COLUMNS } from './tables';",
        'const pg = postgres();',
        "const KIND = 'customers';",
        'export const a = (pool: any) => pool.query(`SELECT ${COLUMNS} FROM ${TABLES.customers} WHERE kind = \'${KIND}\'`);',
        'export const b = () => pg`SELECT * FROM ${pg(TABLES.orders)} WHERE kind = ${KIND}`;',
        'export const c = (db: any) => ksql`SELECT * FROM ${ksql.table(TABLES.orders)} o JOIN order_items i ON i.order_id = o.id`.execute(db);',
      ].join('\n'),
    });
    const { references } = await findReferences({ root, map: map, files });
    expect(lines(references)).toEqual([
      'src/queries.ts:8:86 sql order_items → sales_order_items',
      'src/tables.ts:1:34 constant orders → sales_orders',
      'src/tables.ts:1:62 constant customers → crm_customers',
    ]);
    // The bound value `${KIND}` ('customers') and the one in quotes are data, not tables.
    expect(rewritten(root, files, references)['src/tables.ts']).toContain("{ orders: 'sales_orders', customers: 'public.crm_customers' }");
  });

  test('SQL held in a constant template or a node-postgres query config is read', async () => {
    const { root, files } = await project({
      'src/a.ts': [
        'export async function list(pool: any, id: string) {',
        '  const q = `SELECT * FROM orders WHERE id = ${id}`;',
        '  const text = `UPDATE customers SET note = $1`;',
        '  await pool.query({ text, values: [id] });',
        '  return pool.query(q);',
        '}',
      ].join('\n'),
    });
    const { references } = await findReferences({ root, map: map, files });
    expect(lines(references)).toEqual(['src/a.ts:2:28 sql orders → sales_orders', 'src/a.ts:3:24 sql customers → crm_customers']);
  });

  test("a `${}` where a table's name goes is followed to the wrapper's callers, or reported", async () => {
    const { root, files } = await project({
      'src/db.ts': [
        "import { Pool } from 'pg';",
        "import postgres from 'postgres';",
        'const pool = new Pool();',
        'const sql = postgres();',
        'export const count = (table: string) => pool.query(`SELECT count(*) FROM ${table}`);',
        'export const update = (table: string, row: object) => sql`update ${sql.unsafe(table)} set ${sql(row)}`;',
        'export const remove = (opts: any) => pool.query(`DELETE FROM ${opts.table} WHERE id = 1`);',
        'export const drizzle = (db: any, users: unknown) => db.execute(sql`select * from ${users}`);',
      ].join('\n'),
      'src/use.ts': "import { count, update } from './db';\nexport const n = () => count('orders');\nexport const m = () => update('customers', {});\n",
    });
    const { references } = await findReferences({ root, map: map, files });
    expect(lines(references)).toEqual([
      'src/db.ts:7:64 sql opts.table dynamic',
      'src/use.ts:2:31 constant orders → sales_orders',
      'src/use.ts:3:32 constant customers → crm_customers',
    ]);
    expect(references[1]!.note).toMatch(/passed to count\(\)/);
  });

  test("SQL passed to the app's own wrapper is read at each call, also through a method called on an interface", async () => {
    const { root, files } = await project({
      'src/db.ts': [
        "import { Pool } from 'pg';",
        'const pool = new Pool();',
        'export async function q(text: string, params?: unknown[]) { return pool.query(text, params); }',
        'export interface Database { prepare(type: string, query: string, params?: unknown[]): Promise<unknown>; }',
        'export class Postgres implements Database {',
        // node-postgres' query config; the callers write `?` placeholders (a driver for SQLite takes the same SQL).
        '  async prepare(type: string, query: string, params: unknown[] = []) { return pool.query({ text: query, values: params }); }',
        '}',
        'export let db: Database;',
      ].join('\n'),
      'src/use.ts': [
        "import { q, db } from './db';",
        "export const a = (id: string) => q('SELECT * FROM orders WHERE id = $1', [id]);",
        'export const b = (id: string) => q(`SELECT count(*) FROM customers WHERE id = ${id}`);',
        'export const c = (id: string) => db.prepare(\'get\', \'SELECT "note" FROM "order_items" WHERE "id" = ? AND "data" ? \\\'k\\\'\', [id]);',
      ].join('\n'),
    });
    const { references } = await findReferences({ root, map, files });
    expect(lines(references)).toEqual([
      'src/use.ts:2:51 sql orders → sales_orders',
      'src/use.ts:3:58 sql customers → crm_customers',
      'src/use.ts:4:72 sql order_items → "sales_order_items"',
    ]);
  });

  test('a wrapper alone in its file, called on a factory\'s result, destructured, or tidying its SQL first', async () => {
    const { root, files } = await project({
      'src/run.ts': "import { Pool } from 'pg';\nconst pool = new Pool();\nexport function runSql(sql: string) { return pool.query(sql); }\n",
      'src/store.ts': [
        "import { Pool } from 'pg';",
        "const pool = new Pool();",
        'class Store {',
        '  all(sql: string) { return pool.query(sql); }',
        "  raw(sql: string) { return pool.query(sql.replaceAll(/{{(\\w+)}}/g, '$1').trim()); }",
        '}',
        'export const openStore = () => new Store();',
        'export default { store: new Store() };',
      ].join('\n'),
      // Another database's client with a method of the same name: its SQL is not this database's.
      'src/clickhouse.ts': "function raw(query: string) { return client.query({ query }); }\nexport default { raw };\n",
      'src/stats.ts': "import clickhouse from './clickhouse';\nconst { raw } = clickhouse;\nexport const s = () => raw('SELECT count() FROM orders');\n",
      // The project's own `query` method on another database's client: not SQL of this database just by its name.
      'src/analytics.ts': "export const analytics = { query(text: string) { return ch.query({ query: text }); } };\nexport const t = () => analytics.query('SELECT * FROM orders');\n",
      'src/use.ts': [
        "import { runSql } from './run';",
        "import data, { openStore } from './store';",
        'const { store } = data;',
        "export const a = () => runSql('SELECT 1 FROM orders');",
        "export const b = () => openStore().all('SELECT * FROM customers');",
        "export const c = () => store.raw('DELETE FROM order_items WHERE id = {{id}}');",
        // better-sqlite3 is another database's driver (an app's cache): its SQL is not read.
        "export const d = (db: any) => db.exec('UPDATE orders SET note = 1');",
      ].join('\n'),
    });
    const { references } = await findReferences({ root, map, files });
    expect(lines(references)).toEqual([
      'src/use.ts:4:46 sql orders → sales_orders',
      'src/use.ts:5:55 sql customers → crm_customers',
      'src/use.ts:6:47 sql order_items → sales_order_items',
    ]);
  });

  test('an expression with a subquery put into a statement is read; a bare expression naming nothing is not SQL', async () => {
    const { root, files } = await project({
      'package.json': '{"dependencies":{"kysely":"0.27.4"}}',
      'src/a.ts': [
        "import { sql } from 'kysely';",
        'export const f = (ref: any) => sql<boolean>`${ref(\'c.id\')} = (SELECT orders.customer_id FROM orders WHERE orders.id = ${1})`;',
        'export const g = (x: any) => sql`${x} = 1`;',
      ].join('\n'),
    });
    const { references } = await findReferences({ root, map, files });
    expect(lines(references)).toEqual([
      'src/a.ts:2:70 sql orders → sales_orders',
      'src/a.ts:2:94 sql orders → sales_orders',
      'src/a.ts:2:107 sql orders → sales_orders',
    ]);
  });

  test("a join put into a statement: its table and the qualifiers tied to it are rewritten; a WHERE clause's names stay review items", async () => {
    const { root, files } = await project({
      'src/a.ts': [
        "import { Prisma } from '@prisma/client';",
        'export const j1 = Prisma.sql`LEFT JOIN customers c ON c.id = o.customer_id`;',
        'export const j2 = (id: string) => Prisma.sql`JOIN orders ON orders.id = x.order_id AND x.id = ${id}`;',
        'export const w = (id: string) => Prisma.sql`WHERE orders.id = ${id}`;',
      ].join('\n'),
    });
    const { references } = await findReferences({ root, map, files });
    expect(lines(references)).toEqual([
      'src/a.ts:2:40 sql customers → crm_customers',
      'src/a.ts:3:51 sql orders → sales_orders',
      'src/a.ts:3:61 sql orders → sales_orders',
      'src/a.ts:4:51 sql orders review',
    ]);
  });

  test("a table looked up by name in the catalog is a review item; a string that is data is not", async () => {
    const { root, files } = await project({
      'src/a.ts': [
        "export const x = (pool: any) => pool.query(\"SELECT 1 FROM information_schema.columns WHERE table_name = 'orders'\");",
        "export const y = (pool: any) => pool.query(\"SELECT * FROM customers WHERE kind = 'orders'\");",
      ].join('\n'),
    });
    const { references } = await findReferences({ root, map, files });
    expect(lines(references)).toEqual(['src/a.ts:1:105 sql orders review', 'src/a.ts:2:59 sql customers → crm_customers']);
  });
});
