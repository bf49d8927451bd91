import { beforeAll, describe, expect, it } from 'vitest';
import { findPlpgsqlRelations, findRelations, findTemplateRelations, loadParser, replaceRefs, type SqlRef } from '@retable/sql';

const options = { schema: 'public', names: ['orders', 'customers'], constraints: ['orders_pkey'] };

beforeAll(async () => {
  await loadParser();
});

/** Each ref as `kind:text-at-its-offsets`, so a wrong offset shows as wrong text. */
function spelled(sql: string, refs: readonly SqlRef[]): string[] {
  return refs.map((ref) => `${ref.kind}:${ref.schema ? `${ref.schema}.` : ''}${sql.slice(ref.start, ref.end)}`);
}

describe('findRelations', () => {
  it('finds relations wherever the grammar puts one, qualified or not, quoted or not', () => {
    const sql = `select o.id from orders o join public.customers c on c.id = o.customer_id;
insert into "orders" (id) values (1) on conflict on constraint orders_pkey do nothing;
update public.orders set paid = true where id = $1;
delete from customers using orders where customers.id = orders.customer_id;
truncate orders;
create table lines (order_id bigint references orders (id));
select (null::orders).id, orders.total from orders`;
    const result = findRelations(sql, options);
    expect(result.error).toBeUndefined();
    expect(result.review).toEqual([]);
    expect(spelled(sql, result.refs)).toEqual([
      'relation:orders',
      'relation:public.customers',
      'relation:"orders"',
      'constraint:orders_pkey',
      'relation:public.orders',
      'relation:customers',
      'relation:orders',
      'qualifier:customers',
      'qualifier:orders',
      'relation:orders',
      'relation:orders',
      'type:orders',
      'qualifier:orders',
      'relation:orders',
    ]);
    expect(result.refs[2]).toMatchObject({ name: 'orders', quoted: true });
  });

  it("finds the names DROP TABLE and RENAME TO give without a position; not another schema's, a column's or an index's", () => {
    const sql = `DROP TABLE IF EXISTS "orders", public.customers, audit.orders CASCADE;
ALTER TABLE "temporary_orders" RENAME TO "orders";
ALTER TABLE audit.x RENAME TO customers;
ALTER TABLE accounts RENAME COLUMN orders TO customers;
DROP VIEW customers; DROP INDEX orders`;
    const result = findRelations(sql, options);
    expect(result.review).toEqual([]);
    expect(spelled(sql, result.refs)).toEqual(['relation:"orders"', 'relation:public.customers', 'relation:"orders"', 'relation:customers']);
  });

  it('never takes aliases, columns, CTE names, parameters, other schemas or string contents', () => {
    const sql = `with recent as (select 1) select orders, o.orders as customers from other.orders o, recent;
update accounts orders set x = 1 where orders.id = $1;
select 'a sentence about orders', jsonb_build_object('orders', 1), payload ->> 'customers' from accounts`;
    const result = findRelations(sql, options);
    expect(result.refs).toEqual([]);
    expect(result.review).toEqual([]);
  });

  it('lists a string that spells an old name for review', () => {
    const sql = "select to_regclass('public.orders');";
    const result = findRelations(sql, options);
    expect(result.refs).toEqual([]);
    expect(result.review.map((note) => [note.kind, note.name, sql.slice(note.start, note.end)])).toEqual([['string', 'orders', "'public.orders'"]]);
  });

  it('reads a CTE named like a table as the CTE inside its scope, and leaves the table outside it for review', () => {
    const inScope = 'with orders as (select 1) select * from orders; with recursive customers as (select 1 union all select 1 from customers) select 1';
    expect(findRelations(inScope, options)).toEqual({ refs: [], review: [] });
    const sql = 'select * from orders, (with orders as (select 1) select * from orders) x';
    const result = findRelations(sql, options);
    expect(result.refs).toEqual([]);
    expect(result.review.map((note) => [note.kind, note.start])).toEqual([['shadowed', 14]]);
  });

  it('returns SQL the parser rejects as an error, never a throw', () => {
    const result = findRelations('select from orders where', options);
    expect(result).toEqual({ refs: [], review: [], error: { message: 'syntax error at end of input', start: 24 } });
  });

  it('gives JS string offsets, not UTF-8 bytes', () => {
    const sql = "select 'é😀', \"Ünï\" from orders where note = '日本'";
    const [ref] = findRelations(sql, options).refs;
    expect(sql.slice(ref!.start, ref!.end)).toBe('orders');
    expect(ref!.start).toBe(sql.indexOf('orders'));
  });

  it('parses holes as placeholders and keeps the offsets of the given text', () => {
    const sql = 'select * from orders where id = ${order.id} and customer = ${customer}';
    const holes = [...sql.matchAll(/\$\{[^}]*\}/g)].map((m) => ({ start: m.index, end: m.index + m[0].length }));
    const result = findRelations(sql, { ...options, holes });
    expect(result.error).toBeUndefined();
    expect(spelled(sql, result.refs)).toEqual(['relation:orders']);
    // A hole where a table's name belongs is told apart (the caller follows what it holds).
    const named = 'select * from ${table} t join orders on orders.id = t.id where t.x = ${x}';
    const table = findRelations(named, { ...options, holes: [...named.matchAll(/\$\{[^}]*\}/g)].map((m) => ({ start: m.index, end: m.index + m[0].length })) });
    expect(table.error).toBeUndefined();
    expect(spelled(named, table.refs)).toEqual(['relation:orders', 'qualifier:orders']);
    expect(table.tableHoles).toEqual([0]);
    // A schema's hole before a name does not parse: the caller reports it.
    const schema = 'select * from ${schema}.orders';
    const bad = findRelations(schema, { ...options, holes: [{ start: 14, end: 23 }] });
    expect(bad.refs).toEqual([]);
    expect(bad.tableHoles).toBeUndefined();
    expect(bad.error?.message).toMatch(/syntax error/);
  });

  it('does not crash or truncate on tokens of 4 KB, 64 KB and 1 MB', () => {
    for (const size of [4 * 1024 + 7, 64 * 1024, 1024 * 1024]) {
      const long = 'é'.repeat(size / 2);
      for (const sql of [
        `select 1 /* ${long} orders */ from orders`,
        `select 1 -- ${long}\nfrom orders`,
        `select '${long}' from orders`,
        `select $q$${long} orders $q$ from orders`,
      ]) {
        const result = findRelations(sql, options);
        expect(result.error).toBeUndefined();
        expect(spelled(sql, result.refs)).toEqual(['relation:orders']);
        expect(result.refs[0]!.start).toBe(sql.length - 'orders'.length);
      }
    }
  });

  it('returns SQL nested past the grammar stack as an error, and parses on afterwards', () => {
    const deep = `select ${'('.repeat(100_000)}1${')'.repeat(100_000)} from orders`;
    expect(findRelations(deep, options)).toEqual({ refs: [], review: [], error: { message: 'memory exhausted at or near "("', start: 10_003 } });
    expect(spelled('select * from orders', findRelations('select * from orders', options).refs)).toEqual(['relation:orders']);
  });

  it('replaceRefs rewrites from the offsets', () => {
    const sql = 'select orders.id from "orders" join customers using (id)';
    const result = findRelations(sql, options);
    const renamed = replaceRefs(sql, result.refs, (ref) => (ref.name === 'orders' ? 'sales_orders' : undefined));
    expect(renamed).toBe('select sales_orders.id from sales_orders join customers using (id)');
  });
});

describe('findTemplateRelations', () => {
  it('reads a tagged template part by part, each hole a placeholder', () => {
    // sql`select * from orders where id = ${id} and customer_id in (select id from customers where email = ${email})`
    const parts = ['select * from orders where id = ', ' and customer_id in (select id from customers where email = ', ')'];
    const result = findTemplateRelations(parts, options);
    expect(result.error).toBeUndefined();
    expect(result.refs.map((ref) => [ref.part, parts[ref.part]!.slice(ref.start, ref.end)])).toEqual([
      [0, 'orders'],
      [1, 'customers'],
    ]);
  });

  it('reads a hole the parser rejects as a value as a piece of SQL put in at run time, maybe empty', () => {
    // sql`select o.id from orders o where o.total > 100 ${teamFilter} and not exists (select 1 from customers c where c.id = ${id})`
    const parts = ['select o.id from orders o where o.total > 100\n  ', '\n  and not exists (select 1 from customers c where c.id = ', ')'];
    const result = findTemplateRelations(parts, options);
    expect(result.error).toBeUndefined();
    expect(result.refs.map((ref) => [ref.part, parts[ref.part]!.slice(ref.start, ref.end)])).toEqual([
      [0, 'orders'],
      [1, 'customers'],
    ]);
    // After a cast, as a real app has it: `… > now() - ($1::int || ' days')::interval ${filter} and …`.
    const castParts = ["select i.id from orders i where i.created_at > now() - ($1::int || ' days')::interval\n  ", '\n  and i.paid'];
    const cast = findTemplateRelations(castParts, options);
    expect(cast.error).toBeUndefined();
    expect(cast.refs.map((ref) => castParts[ref.part]!.slice(ref.start, ref.end))).toEqual(['orders']);
    // Holes right after a name, one after another (optional WHERE and AND clauses): the parser would
    // read `users.id $1` as a value of a type `users.id`, and `users` would not be the table.
    const joined = ['select orders.id from orders join customers on orders.customer_id = customers.id\n  ', '\n  ', '\n  order by orders.id'];
    const both = findTemplateRelations(joined, options);
    expect(both.error).toBeUndefined();
    expect(both.refs.map((ref) => `${ref.kind}:${joined[ref.part]!.slice(ref.start, ref.end)}@${ref.part}`)).toEqual([
      'qualifier:orders@0',
      'relation:orders@0',
      'relation:customers@0',
      'qualifier:orders@0',
      'qualifier:customers@0',
      'qualifier:orders@2',
    ]);
    // postgres.js helpers: a row or rows to insert, a list for IN, columns to set; and optional
    // clauses one after another, each rejected only once the one before it is read.
    const helpers: Array<[string[], string[]]> = [
      [['insert into orders ', '\non conflict (id) do update set note = coalesce(excluded.note, orders.note)'], ['relation:orders@0', 'qualifier:orders@1']],
      [['select * from orders where id in ', ' and customer_id = ', ''], ['relation:orders@0']],
      [['update customers set ', ' where id = ', ''], ['relation:customers@0']],
      [['select * from orders where 1=1\n  ', '\n  ', '\n  order by created_at asc\n  ', '\n'], ['relation:orders@0']],
    ];
    for (const [helperParts, expected] of helpers) {
      const found = findTemplateRelations(helperParts, options);
      expect(found.error).toBeUndefined();
      expect(found.refs.map((ref) => `${ref.kind}:${helperParts[ref.part]!.slice(ref.start, ref.end)}@${ref.part}`)).toEqual(expected);
    }
    // A hole where a value goes stays a value: a template that parses as it is is read as before.
    const valueParts = ['select * from orders where id = ', ' and paid'];
    const value = findTemplateRelations(valueParts, options);
    expect(value.error).toBeUndefined();
    expect(value.refs.map((ref) => valueParts[ref.part]!.slice(ref.start, ref.end))).toEqual(['orders']);
    // A hole for a list of columns with its comma: the error comes a token later (`a.status`).
    const columns = ['select o.id, ', '\n  o.status from orders o'];
    const listed = findTemplateRelations(columns, options);
    expect(listed.error).toBeUndefined();
    expect(listed.refs.map((ref) => columns[ref.part]!.slice(ref.start, ref.end))).toEqual(['orders']);
    // A hole where a table's name goes: told apart, the names around it read.
    const tables: Array<[string[], string[], number[]]> = [
      [['select * from ', ' join orders on true'], ['relation:orders@1'], [0]],
      [['insert into ', ' (id) select id from orders'], ['relation:orders@1'], [0]],
      [['update ', ' set customer_id = 1 where id = ', ''], [], [0]],
      [['select ', '.id from ', ' where id = ', ''], [], [1]],
      [['select count(*) from ', ''], [], [0]],
    ];
    for (const [tableParts, expected, holes] of tables) {
      const found = findTemplateRelations(tableParts, options);
      expect(found.error).toBeUndefined();
      expect(found.refs.map((ref) => `${ref.kind}:${tableParts[ref.part]!.slice(ref.start, ref.end)}@${ref.part}`)).toEqual(expected);
      expect(found.tableHoles).toEqual(holes);
    }
    // A value's hole and an optional clause's are not tables.
    expect(value.tableHoles).toBeUndefined();
    expect(findTemplateRelations(['select * from orders where 1=1 ', ' order by id'], options).tableHoles).toBeUndefined();
    // Where neither a value, a name nor nothing parses (a schema), the first error is kept.
    const bad = ['select * from ', '.orders'];
    const found = findTemplateRelations(bad, options);
    expect(found.refs).toEqual([]);
    expect(found.error).toMatchObject({ part: 0, start: bad[0]!.length, message: 'syntax error at or near "$1"' });
  });

  it("a bare table's name alone (its whole row, or a column of that name) is a review item; an alias's or another table's column is nothing", () => {
    const found = findRelations('select row_to_json(orders) as j, o2.customers from orders, customers o2', options);
    expect(spelled('select row_to_json(orders) as j, o2.customers from orders, customers o2', found.refs)).toEqual(['relation:orders', 'relation:customers']);
    expect(found.review.map((note) => `${note.kind} ${note.name}`)).toEqual(['ambiguous orders']);
    expect(findRelations('select customers from orders', options).review).toEqual([]);
  });

  it('reads `?` placeholders outside strings, names and comments once the text does not parse as it is', () => {
    const text = `select * from orders o join "customers" c on c.id = o.customer_id where o.id = ? and o.note <> '?' /* ? */ and c.data ? 'k' limit ??`;
    expect(findRelations(text, options).error).toBeDefined();
    const found = findRelations(text, { ...options, questionMarks: true });
    expect(found.error).toBeUndefined();
    expect(spelled(text, found.refs)).toEqual(['relation:orders', 'relation:"customers"']);
    // Named bindings: knex's `:name`, an app's `{{name}}`; a `::` cast stays one.
    const named = 'select * from orders where id = :id and customer_id = {{customer::uuid}} and note::text = :note';
    expect(spelled(named, findRelations(named, { ...options, questionMarks: true }).refs)).toEqual(['relation:orders']);
    // A jsonb `?` in SQL that parses keeps its meaning: no retry.
    const jsonb = `select * from orders where data ? 'k'`;
    expect(spelled(jsonb, findRelations(jsonb, { ...options, questionMarks: true }).refs)).toEqual(['relation:orders']);
    // In a template, with its holes.
    const parts = ['select * from ', ' t join orders o on o.id = t.id where o.id = ?'];
    const template = findTemplateRelations(parts, { ...options, questionMarks: true });
    expect(template.refs.map((ref) => parts[ref.part]!.slice(ref.start, ref.end))).toEqual(['orders']);
    expect(template.tableHoles).toEqual([0]);
  });

  it('returns an error with its part when the holes leave no valid SQL', () => {
    const result = findTemplateRelations(['select * from ', '.orders where id = 1'], options);
    expect(result.refs).toEqual([]);
    expect(result.error).toMatchObject({ part: 0 });
  });
});

describe('findPlpgsqlRelations', () => {
  const definition = (body: string, args = 'x integer', returns = 'void') =>
    `CREATE OR REPLACE FUNCTION public.f(${args})\n RETURNS ${returns}\n LANGUAGE plpgsql\nAS $function$${body}$function$\n`;

  it('places statements, expressions and declared types; locals, RAISE messages and EXECUTE strings are not references', () => {
    const body = `
declare
  v orders%rowtype;
  customers int := 1;
begin
  select * into v from orders where id = x;
  raise notice 'orders: %', (select count(*) from public.orders);
  execute 'delete from orders';
  customers := customers + 1;
end`;
    const result = findPlpgsqlRelations(definition(body), body, options);
    expect(result.error).toBeUndefined();
    expect(spelled(body, result.refs)).toEqual(['type:orders', 'relation:orders', 'relation:public.orders']);
    expect(result.review.map((note) => [note.kind, body.slice(note.start, note.end)])).toEqual([
      ['outside', 'customers'],
      ['dynamic', "'delete from orders'"],
      ['outside', 'customers'],
    ]);
  });

  it('handles a body with a 64 KB comment and a 64 KB string naming the table', () => {
    const long = 'orders '.repeat(64 * 1024 / 7);
    const body = `\nbegin\n  /* ${long} */\n  perform '${long}';\n  insert into orders default values;\nend\n`;
    const result = findPlpgsqlRelations(definition(body), body, options);
    expect(result.error).toBeUndefined();
    expect(spelled(body, result.refs)).toEqual(['relation:orders']);
  });

  it('returns a body PL/pgSQL rejects as an error', () => {
    const body = '\nbegin\n  retrun 1;\nend\n';
    const result = findPlpgsqlRelations(definition(body), body, options);
    expect(result.refs).toEqual([]);
    expect(result.error?.message).toMatch(/syntax error/);
  });
});
