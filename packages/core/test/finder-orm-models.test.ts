import { describe, expect, test } from 'vitest';
import { findReferences, type Reference } from '@retable/core';
import { applyEdits, map, project } from './helpers.js';

const show = (references: readonly Reference[]): string[] =>
  references.map((r) => `${r.file}:${r.line} ${r.kind} ${r.table} ${r.edit ? `→ ${r.edit.text}` : r.status === 'dynamic' ? 'dynamic' : 'review'}`);

describe("ORM models' tables", () => {
  test('TypeORM: @Entity, @ViewEntity, @JoinTable and EntitySchema; a class-named entity is a review item', async () => {
    const { root, files } = await project({
      'package.json': '{"dependencies":{"typeorm":"0.3.20"}}',
      'src/tables.ts': "export const TABLES = { customers: 'customers' } as const;\n",
      'src/entities.ts': [
        "import { Entity, ViewEntity, JoinTable, ManyToMany, EntitySchema, Entity as Table } from 'typeorm';",
        "import { TABLES } from './tables';",
        "@Entity('orders')",
        'export class Order { @ManyToMany(() => Tag) @JoinTable({ name: "order_items" }) tags!: Tag[]; }',
        "@Entity({ name: TABLES.customers, schema: 'public' })",
        'export class Customer {}',
        "@Entity('orders', { schema: 'audit' })",
        'export class AuditOrder {}',
        '@Entity()',
        'export class Orders {}',
        "@ViewEntity({ name: 'customers', expression: 'SELECT 1' })",
        'export class CustomerView {}',
        "export const OrderItem = new EntitySchema({ name: 'OrderItem', tableName: 'order_items', columns: {} });",
        "@Table('customers') export class C2 {}",
        "@ViewEntity({ name: 'paid', expression: 'SELECT o.id FROM orders o WHERE o.paid' }) export class Paid {}",
        '@Entity() export class Customer2 {}',
      ].join('\n'),
      // A decorator of the project's own with the same name is not TypeORM's.
      'src/own.ts': "const Entity = (name: string) => (c: unknown) => c;\n@Entity('orders')\nexport class Thing {}\n",
    });
    const { references } = await findReferences({ root, map, files });
    expect(show(references)).toEqual([
      'src/entities.ts:3 orm orders → sales_orders',
      'src/entities.ts:4 orm order_items → sales_order_items',
      'src/entities.ts:10 orm orders review',
      'src/entities.ts:11 orm customers → crm_customers',
      'src/entities.ts:13 orm order_items → sales_order_items',
      'src/entities.ts:14 orm customers → crm_customers',
      'src/entities.ts:15 sql orders → sales_orders',
      'src/tables.ts:1 constant customers → crm_customers',
    ]);
    expect(references[2]!.note).toBe('TypeORM names its table after the class, "orders": give the model its table\'s new name "sales_orders" by hand');
  });

  test('MikroORM: tableName, collection, pivotTable; an entity without a name is named after its class', async () => {
    const { root, files } = await project({
      'src/entities.ts': [
        "import { Entity, ManyToMany, EntitySchema, Index } from '@mikro-orm/core';",
        "@Entity({ tableName: 'orders' })",
        "export class Order { @ManyToMany({ entity: () => Tag, pivotTable: 'order_items' }) tags = []; }",
        "@Entity({ collection: 'customers' }) export class Customer {}",
        '@Entity() export class Customers {}',
        '@Entity export class Orders {}',
      "@Entity({ tableName: 'order_lines' }) @Index({ name: 'lines_fts', expression: 'create index lines_fts on order_items using gin (doc)' }) export class Line {}",
        "export const schema = new EntitySchema({ name: 'Item', tableName: 'order_items', properties: {} });",
      ].join('\n'),
    });
    const { references } = await findReferences({ root, map, files });
    expect(show(references)).toEqual([
      'src/entities.ts:2 orm orders → sales_orders',
      'src/entities.ts:3 orm order_items → sales_order_items',
      'src/entities.ts:4 orm customers → crm_customers',
      'src/entities.ts:5 orm customers review',
      'src/entities.ts:6 orm orders review',
      'src/entities.ts:7 sql order_items → sales_order_items',
      'src/entities.ts:8 orm order_items → sales_order_items',
    ]);
  });

  test("Sequelize: init and define's tableName, a foreign key's model, sequelize-typescript's @Table; a model named after it", async () => {
    const { root, files } = await project({
      'package.json': '{"dependencies":{"sequelize":"6.37.3","sequelize-typescript":"2.1.6"}}',
      'models/order.js': [
        "const { Model, DataTypes } = require('sequelize');",
        'module.exports = (sequelize) => {',
        '  class Order extends Model {}',
        "  Order.init({ customerId: { type: DataTypes.INTEGER, references: { model: 'customers', key: 'id' } } }, { sequelize, tableName: 'orders' });",
        "  sequelize.define('OrderItem', { id: DataTypes.INTEGER }, { tableName: 'order_items', underscored: true });",
        "  sequelize.define('order', { id: DataTypes.INTEGER });",
        "  sequelize.define('customers', { id: DataTypes.INTEGER }, { freezeTableName: true });",
        "  Sentry.init({ dsn: 'x', tableName: 'orders' });",
        "  const n = () => Order.findAll({ attributes: [[Sequelize.literal('(SELECT COUNT(*) FROM order_items i WHERE i.order_id = \"Order\".id)'), 'n']] });",
        "  ajv.define('order', validate);",
        '  return Order;',
        '};',
      ].join('\n'),
      'models/customer.ts': [
        "import { Table, Model, Column } from 'sequelize-typescript';",
        "@Table({ tableName: 'customers' }) export class Customer extends Model {}",
        '@Table export class Order extends Model {}',
        "@Table({ schema: 'archive', tableName: 'orders' }) export class OldOrder extends Model {}",
      ].join('\n'),
    });
    const { references } = await findReferences({ root, map, files });
    expect(show(references)).toEqual([
      'models/customer.ts:2 orm customers → crm_customers',
      'models/customer.ts:3 orm orders review',
      'models/order.js:4 orm customers → crm_customers',
      'models/order.js:4 orm orders → sales_orders',
      'models/order.js:5 orm order_items → sales_order_items',
      'models/order.js:6 orm orders review',
      'models/order.js:7 orm customers review',
      'models/order.js:9 sql order_items → sales_order_items',
    ]);
  });

  test("Objection: a model's static tableName and its relations' join columns, where the project uses Objection", async () => {
    const code = [
      "const { Model } = require('objection');",
      "const ORDERS = 'orders';",
      'class Order extends Model {',
      '  static tableName = ORDERS;',
      '  static get relationMappings() {',
      '    return {',
      "      customer: { relation: Model.BelongsToOneRelation, modelClass: Customer, join: { from: 'orders.customer_id', to: 'customers.id' } },",
      "      items: { relation: Model.ManyToManyRelation, modelClass: Item, join: { from: 'orders.id', through: { from: 'order_items.order_id', to: 'order_items.item_id' }, to: 'items.id' } },",
      '    };',
      '  }',
      '}',
      "class Customer extends Model { static get tableName() { return 'customers'; } }",
      "const route = { join: { from: 'orders', to: 'customers' } };",
      "const paid = () => Order.query().where('orders.status', 'paid').select('customers.*', 'items.id');",
    ].join('\n');
    const { root, files } = await project({
      'package.json': '{"dependencies":{"objection":"3.1.4","knex":"3.1.0"}}',
      'src/models.js': code,
      // A file with nothing else that names a table.
      'src/controllers/get.js': "export const get = (id) => Order.query().findOne({ 'orders.id': id }).count('customers.id as n');\n",
    });
    const { references } = await findReferences({ root, map, files });
    expect(show(references)).toEqual([
      'src/controllers/get.js:1 review orders review',
      'src/controllers/get.js:1 review customers review',
      'src/models.js:2 constant orders → sales_orders',
      'src/models.js:7 orm orders → sales_orders',
      'src/models.js:7 orm customers → crm_customers',
      'src/models.js:8 orm orders → sales_orders',
      'src/models.js:8 orm order_items → sales_order_items',
      'src/models.js:8 orm order_items → sales_order_items',
      'src/models.js:12 orm customers → crm_customers',
      'src/models.js:14 review orders review',
      'src/models.js:14 review customers review',
    ]);
    expect(references.at(-2)!.note).toBe('"orders.status" qualifies a column with "orders", an Objection model\'s table renamed to "sales_orders" (or a relation\'s alias): check it by hand');
    expect(applyEdits(code, references)).toContain("join: { from: 'sales_orders.id', through: { from: 'sales_order_items.order_id', to: 'sales_order_items.item_id' }, to: 'items.id' }");
    // Without Objection, a class's static tableName is not a model's.
    const without = await project({ 'package.json': '{"dependencies":{}}', 'src/models.js': code.replace("require('objection')", "require('./base')") });
    expect((await findReferences({ ...without, map })).references).toEqual([]);
  });

  test("TypeORM's query builder: a string table of from/join/into/update, and the subqueries of its selects and conditions", async () => {
    const code = [
      "import { DataSource } from 'typeorm';",
      'export const list = (con: DataSource, id: string) =>',
      '  con.createQueryBuilder()',
      "    .select('o.id')",
      '    .addSelect(\'(SELECT COUNT(*) FROM order_items i WHERE i.order_id = o.id)\', \'items\')',
      "    .from('orders', 'o')",
      "    .innerJoin('customers', 'c', 'c.id = o.customer_id')",
      "    .leftJoinAndSelect('o.customer', 'customer')",
      "    .where('o.id = :id', { id })",
      "    .andWhere('EXISTS (SELECT 1 FROM customers x WHERE x.id = :id)')",
      "    .andWhere('orders.paid = true')",
      '    .getRawMany();',
      "export const add = (con: DataSource) => con.createQueryBuilder().insert().into('orders').values({}).execute();",
      "export const other = (q: any) => q.from('orders', 'o').where('EXISTS (SELECT 1 FROM customers)');",
      "export const sub = (con: DataSource, inner: any) => con.createQueryBuilder().from(`(${inner.getQuery()})`, 'x').getRawMany();",
    ].join('\n');
    const { root, files } = await project({ 'package.json': '{"dependencies":{"typeorm":"0.3.20"}}', 'src/q.ts': code });
    const { references } = await findReferences({ root, map, files });
    expect(show(references)).toEqual([
      'src/q.ts:5 sql order_items → sales_order_items',
      'src/q.ts:6 orm orders → sales_orders',
      'src/q.ts:7 orm customers → crm_customers',
      'src/q.ts:10 sql customers → crm_customers',
      'src/q.ts:13 orm orders → sales_orders',
    ]);
  });
});

