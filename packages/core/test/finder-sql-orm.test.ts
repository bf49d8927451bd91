import { describe, expect, test } from 'vitest';
import { findReferences, findReferencesInText, loadSqlFinder } from '@retable/core';
import { parserLoaded } from '@retable/sql';
import { applyEdits, map, project, summary } from './helpers.js';

describe('SQL in strings', () => {
  test('the Postgres parser is not loaded for code without SQL naming a table', async () => {
    const { root, files } = await project({ 'src/a.ts': "supabase.from('orders').select('id')\nconst note = 'orders from last week'\n" });
    const result = await findReferences({ root, map, files });
    expect(summary(result.references)).toEqual(['from old orders @1:16']);
    expect(parserLoaded()).toBe(false);
  });

  test('relations rewritten with their quoting; columns, aliases, CTEs and strings are not names', async () => {
    const sql = await loadSqlFinder();
    const text = [
      "pool.query('SELECT o.id, \"customers\".email FROM orders o JOIN \"customers\" ON true')",
      "pool.query('SELECT orders FROM invoices AS customers WHERE note = $1', ['orders'])",
      'sql`WITH orders AS (SELECT 1) SELECT * FROM orders, order_items WHERE id = ${id}`',
    ].join('\n');
    const { references } = findReferencesInText({ file: 'src/db.ts', text, map, sql });
    expect(references.map((r) => `${r.kind} ${r.table} @${r.line}:${r.column} → ${r.edit?.text}`)).toEqual([
      'sql customers @1:26 → "crm_customers"',
      'sql orders @1:49 → sales_orders',
      'sql customers @1:63 → "crm_customers"',
      'sql order_items @3:53 → sales_order_items',
    ]);
  });

  test('SQL that does not parse but names an old table is reported for review, never guessed', async () => {
    const sql = await loadSqlFinder();
    const text = 'db.execute(sql`SELECT * FROM ${table} JOIN orders ON`)\nq.query(`orders of ${name}`)\n';
    const { references } = findReferencesInText({ file: 'src/db.ts', text, map, sql });
    expect(references).toEqual([
      expect.objectContaining({ kind: 'sql', table: 'orders', line: 1, column: 44, status: 'old', note: expect.stringContaining('does not parse') }),
    ]);
    expect(references[0]!.edit).toBeUndefined();
  });
  test('a hole that stands for a piece of SQL (an optional filter) still lets the names around it be rewritten', async () => {
    const sql = await loadSqlFinder();
    const text = [
      'const filter = teamId ? `AND o.team_id = $3` : ``;',
      'await pool.query(`SELECT o.id FROM orders o WHERE o.created_at > now() - ($1::int || \' days\')::interval',
      '  ${filter}',
      '  AND NOT EXISTS (SELECT 1 FROM customers c WHERE c.id = o.customer_id)`, [days, since]);',
    ].join('\n');
    const { references } = findReferencesInText({ file: 'src/db.ts', text, map, sql });
    expect(references.map((r) => `${r.kind} ${r.table} @${r.line}:${r.column} → ${r.edit?.text}`)).toEqual([
      'sql orders @2:36 → sales_orders',
      'sql customers @4:33 → crm_customers',
    ]);
  });
  test('a clause put into another statement is reported for review where it names a table, even in a file of its own', async () => {
    const { root, files } = await project({
      'src/filters.ts': [
        'export const byOrder = (id?: string) => (id ? sql`WHERE orders.id = ${id}` : sql``);',
        'export const byEmail = (email: string) => sql`AND customers.email = ${email}`;',
        'export const label = sql`AND the rest`;',
      ].join('\n'),
      'src/list.ts': "import { byOrder } from './filters';\nexport const list = (id?: string) => sql`SELECT o.id FROM orders o ${byOrder(id)} ORDER BY o.id`;\n",
    });
    const { references } = await findReferences({ root, map, files });
    expect(references.map((r) => `${r.file}:${r.line}:${r.column} ${r.kind} ${r.table} ${r.edit ? `→ ${r.edit.text}` : 'review'}`)).toEqual([
      'src/filters.ts:1:57 sql orders review',
      'src/filters.ts:2:51 sql customers review',
      'src/list.ts:2:59 sql orders → sales_orders',
    ]);
    expect(references[0]!.note).toMatch(/put into another statement/);
  });
});

describe('ORMs and query builders', () => {
  test('knex and Kysely forms count only where the project uses the library', async () => {
    const code = "export const a = db('orders');\nexport const b = db.selectFrom('orders as o');\n";
    const without = await project({ 'package.json': '{"dependencies":{}}', 'src/a.ts': code });
    expect((await findReferences({ ...without, map })).references).toEqual([]);
    const withBoth = await project({ 'package.json': '{"dependencies":{"knex":"3.1.0","kysely":"0.27.4"}}', 'src/a.ts': code });
    expect(summary((await findReferences({ ...withBoth, map })).references)).toEqual(['orm old orders @1:22', 'orm old orders @2:33']);
  });

  test('a join on a builder kept in a variable or passed as a typed parameter, and knex updateFrom', async () => {
    const { root, files } = await project({
      'package.json': '{"dependencies":{"knex":"3.1.0","kysely":"0.27.4"}}',
      'src/knex.js': [
        'function list() {',
        '  const query = knex("orders").select("orders.id", "customers.email");',
        '  query.leftJoin("customers", "orders.customer_id", "customers.id");',
        '  return query;',
        '}',
        'const backfill = () => knex("order_items").update({ n: 1 }).updateFrom("orders");',
        'class Repo { constructor(knex) { this.knex = knex; } all() { return this.knex("customers"); } }',
        'class Store { constructor(db) { this.db = db; } one() { return this.db.select("orders.id").from("orders"); } two() { return this.db("customers").where({ a: 1 }); } }',
        'const stats = (db) => db.from("order_items").select(db.raw("MIN(created_at) AS first"));',
        'const pool = (cfg) => makeKnex({ client: "pg", version: cfg.version, pool: cfg.pool });',
      ].join('\n'),
      'src/kysely.ts': [
        "import type { Kysely, SelectQueryBuilder } from 'kysely';",
        'export function reports(db: Kysely<any>) {',
        "  let query = db.selectFrom('orders as o').selectAll();",
        "  query = query.innerJoin('customers as c', 'c.id', 'o.customer_id');",
        '  return query;',
        '}',
        "export const items = (qb: SelectQueryBuilder<any, any, any>) => qb.leftJoin('order_items as i', 'i.order_id', 'o.id');",
        "export const all = (db: Kysely<any>) => db.selectFrom('customers').selectAll('customers').execute();",
      ].join('\n'),
    });
    const { references } = await findReferences({ root, map, files });
    expect(references.map((r) => `${r.file}:${r.line} ${r.table} ${r.edit?.text}`)).toEqual([
      'src/knex.js:2 orders sales_orders as orders',
      'src/knex.js:3 customers crm_customers as customers',
      'src/knex.js:6 order_items sales_order_items',
      'src/knex.js:6 orders sales_orders',
      'src/knex.js:7 customers crm_customers',
      'src/knex.js:8 orders sales_orders as orders',
      'src/knex.js:8 customers crm_customers',
      'src/knex.js:9 order_items sales_order_items',
      'src/kysely.ts:3 orders sales_orders',
      'src/kysely.ts:4 customers crm_customers',
      'src/kysely.ts:7 order_items sales_order_items',
      // `selectAll('customers')` names the table: it keeps the name as an alias.
      'src/kysely.ts:8 customers crm_customers as customers',
    ]);
  });

  test('a call with a type argument runs SQL too: .query<Row>(…), with the text written there or in a constant', async () => {
    const { root, files } = await project({
      'src/a.ts': "export const a = (con: any) => con.query<{ id: string }[]>(`SELECT id FROM orders`);\n",
      'src/b.ts': 'export async function b(pool: any) {\n  const q = `SELECT count(*) FROM customers`;\n  return pool.query<{ count: string }>(q);\n}\n',
    });
    const { references } = await findReferences({ root, map, files });
    expect(summary(references)).toEqual(['sql old orders @1:76', 'sql old customers @2:35']);
  });

  test("knex's pieces of SQL: fromRaw's FROM item, joinRaw's join, whereRaw's condition", async () => {
    const code = [
      "import { db } from './db';",
      "export const paid = () => db.select('*').fromRaw('(SELECT * FROM orders WHERE paid) AS o');",
      "export const all = () => db.select('id').fromRaw('customers');",
      "export const joined = () => db('customers as c').joinRaw('LEFT JOIN orders o ON o.customer_id = c.id');",
      "export const buyers = () => db('customers').whereRaw('id IN (SELECT customer_id FROM order_items)');",
      "export const big = (q) => q.whereRaw('orders.total > ?', [5]).orWhereRaw('status = ?', ['orders']);",
      "export const list = () => db.select('*').fromRaw('orders').orderBy('orders.id', 'desc');",
    ].join('\n');
    const { root, files } = await project({ 'package.json': '{"dependencies":{"knex":"3.1.0"}}', 'src/a.ts': code });
    const { references } = await findReferences({ root, map, files });
    expect(references.map((r) => `${r.line} ${r.kind} ${r.table} ${r.edit ? `→ ${r.edit.text}` : 'review'}`)).toEqual([
      '2 sql orders → sales_orders',
      '3 sql customers → crm_customers',
      '4 orm customers → crm_customers',
      '4 sql orders → sales_orders',
      '5 orm customers → crm_customers',
      '5 sql order_items → sales_order_items',
      '6 sql orders review',
      '7 sql orders → sales_orders AS orders',
    ]);
    expect(applyEdits(code, references).split('\n').slice(1, 5)).toEqual([
      "export const paid = () => db.select('*').fromRaw('(SELECT * FROM sales_orders WHERE paid) AS o');",
      "export const all = () => db.select('id').fromRaw('crm_customers');",
      "export const joined = () => db('crm_customers as c').joinRaw('LEFT JOIN sales_orders o ON o.customer_id = c.id');",
      "export const buyers = () => db('crm_customers').whereRaw('id IN (SELECT customer_id FROM sales_order_items)');",
    ]);
    expect(references.at(-2)!.note).toMatch(/a piece of SQL put into another statement names "orders"/);
  });

  test('a schema builder in code that runs (a model creating its table when missing) and foreign keys', async () => {
    const { root, files } = await project({
      'package.json': '{"dependencies":{"knex":"3.1.0","kysely":"0.27.4"}}',
      'src/model.js': [
        'async function ensure(knex) {',
        '  if (!(await knex.schema.hasTable("orders"))) {',
        '    await knex.schema.createTable("orders", (t) => {',
        '      t.integer("customer_id").references("id").inTable("customers");',
        '      t.integer("item_id").references("order_items.id");',
        '      t.integer("other_id").references("id");',
        '    });',
        '  }',
        '}',
      ].join('\n'),
      'src/setup.ts': [
        "import type { Kysely } from 'kysely';",
        'export async function setup(db: Kysely<any>) {',
        "  await db.schema.createIndex('orders_customer_idx').on('orders').column('customer_id').execute();",
        "  await db.schema.alterTable('order_items').addForeignKeyConstraint('fk', ['order_id'], 'orders', ['id']).execute();",
        '}',
      ].join('\n'),
    });
    const { references } = await findReferences({ root, map, files });
    expect(references.map((r) => `${r.file}:${r.line} ${r.table} → ${r.edit?.text}`)).toEqual([
      'src/model.js:2 orders → sales_orders',
      'src/model.js:3 orders → sales_orders',
      'src/model.js:4 customers → crm_customers',
      'src/model.js:5 order_items → sales_order_items',
      'src/setup.ts:3 orders → sales_orders',
      'src/setup.ts:4 order_items → sales_order_items',
      'src/setup.ts:4 orders → sales_orders',
    ]);
  });

  test("Kysely's database type: its keys follow the rename, through interfaces, aliases, intersections, namespace imports and constant keys", async () => {
    const { root, files } = await project({
      'package.json': '{"dependencies":{"kysely":"0.27.4"}}',
      // kysely-codegen's output as a declaration file, imported as `./generated`.
      'src/db/generated.d.ts': "export interface DB {\n  orders: Orders;\n  'public.order_items': Items;\n  'audit.orders': Audit;\n  invoices: Invoices;\n}\n",
      'src/db/customers.ts': "export const customersTable = 'customers';\nexport type PartialDB = { [customersTable]: Customer };\n",
      'src/db/schema.ts': "import type * as customers from './customers';\nimport type { DB } from './generated';\nexport type Schema = DB & customers.PartialDB;\n",
      'src/db/index.ts': "import { Kysely } from 'kysely';\nimport type { Schema } from './schema';\nexport const db = new Kysely<Schema>({} as any);\n",
    });
    const { references } = await findReferences({ root, map, files });
    expect(references.map((r) => `${r.file}:${r.line}:${r.column} ${r.kind} ${r.table} → ${r.edit?.text}`)).toEqual([
      'src/db/customers.ts:1:32 type customers → crm_customers',
      'src/db/generated.d.ts:2:3 type orders → sales_orders',
      'src/db/generated.d.ts:3:11 type order_items → sales_order_items',
    ]);
  });

  test('a table-name constant imported into a query builder or ORM position alone is followed', async () => {
    const { root, files } = await project({
      'package.json': '{"dependencies":{"kysely":"0.27.4","drizzle-orm":"0.30.0"}}',
      'src/tables.ts': "export const ORDERS = 'orders';\nexport const TABLES = { customers: 'customers' };\n",
      'src/rows.ts': "import { ORDERS } from './tables';\nexport const rows = (db: any) => db.selectFrom(ORDERS).selectAll();\n",
      'src/schema.ts': "import { pgTable, text } from 'drizzle-orm/pg-core';\nimport { TABLES } from './tables';\nexport const customers = pgTable(TABLES.customers, { id: text('id') });\n",
    });
    const { references } = await findReferences({ root, map, files });
    expect(summary(references)).toEqual(['constant old orders @1:24', 'constant old customers @2:37']);
  });

  test('a builder table name from a package retable does not read is reported', async () => {
    const { root, files } = await project({
      'package.json': '{"dependencies":{"kysely":"0.27.4"}}',
      'src/a.ts': "import { TABLES } from '@acme/tables';\nexport const rows = db.selectFrom(TABLES.orders).selectAll();\n",
    });
    const { references } = await findReferences({ root, map, files });
    expect(references.map((r) => `${r.kind} ${r.status} @${r.line}:${r.column} ${r.note}`)).toEqual([
      'orm dynamic @2:35 the table name comes from "@acme/tables", which retable does not read: check it by hand',
    ]);
  });

  test("a Prisma @@map of a table the map does not name is not counted", () => {
    const text = 'model a {\n  id Int @id\n  @@map("orders")\n}\nmodel b {\n  id Int @id\n  @@map("organizations")\n}\n';
    expect(findReferencesInText({ file: 'prisma/schema.prisma', text, map }).references.map((r) => `${r.table} ${r.status}`)).toEqual(['orders old']);
  });

  test('a Prisma model without @@map gets one; the model name stays', () => {
    const text = 'model orders {\n  id Int @id\n}\n';
    const [reference] = findReferencesInText({ file: 'prisma/schema.prisma', text, map }).references;
    expect(reference).toMatchObject({ kind: 'orm', table: 'orders', line: 1, column: 7, edit: { start: 28, end: 28, text: '  @@map("sales_orders")\n' } });
  });
});
