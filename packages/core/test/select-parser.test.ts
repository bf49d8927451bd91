import { describe, expect, test } from 'vitest';
import { parseSelect, type SelectEmbed } from '@retable/core';

/** alias:target!hints depth spread, as text, with the target's offsets checked against the input. */
function embeds(input: string): string[] {
  return parseSelect(input).map((embed: SelectEmbed) => {
    const token = input.slice(embed.target.start, embed.target.end);
    expect(token).toBe(embed.target.quoted ? `"${embed.target.name.replaceAll('"', '""')}"` : embed.target.name);
    const alias = embed.alias ? `${embed.alias.name}:` : '';
    const hints = embed.hints.map((h) => `!${h.name}`).join('');
    return `${embed.spread ? '...' : ''}${alias}${embed.target.name}${hints} @${embed.depth}`;
  });
}

describe('parseSelect', () => {
  test('columns only', () => {
    expect(embeds('*')).toEqual([]);
    expect(embeds('id, name, orders_count')).toEqual([]);
    expect(embeds('id, data->owner->>name, total::text, amount.sum(), count()')).toEqual(['count @0']);
  });

  test('embeds, aliases, hints, joins, spreads and nesting', () => {
    expect(
      embeds(
        'id, customers(name), buyer:customers!orders_buyer_fkey(name), items:order_items!inner(id, products!left(sku)), ...profiles!owner_id(email)',
      ),
    ).toEqual([
      'customers @0',
      'buyer:customers!orders_buyer_fkey @0',
      'items:order_items @0',
      'products @1',
      '...profiles!owner_id @0',
    ]);
  });

  test('a hint before !inner', () => {
    expect(embeds('customers!orders_customer_fkey!inner(name)')).toEqual(['customers!orders_customer_fkey @0']);
  });

  test('whitespace and new lines between tokens', () => {
    expect(embeds('\n  id,\n  customers (\n    name\n  ),\n  buyer : customers ! fk ( id )\n')).toEqual([
      'customers @0',
      'buyer:customers!fk @0',
    ]);
  });

  test('a cast is not an alias', () => {
    expect(embeds('total::text, customers(id)')).toEqual(['customers @0']);
  });

  test('quoted identifiers', () => {
    expect(embeds('"Customers"(id), "odd ""name"""(x)')).toEqual(['Customers @0', 'odd "name" @0']);
  });

  test('an aliased spread is read whole', () => {
    expect(embeds('...buyer:customers(name)')).toEqual(['...buyer:customers @0']);
  });

  test('an empty embed', () => {
    expect(embeds('customers()')).toEqual(['customers @0']);
  });

  test('garbage is skipped, embeds after it are still found', () => {
    expect(embeds('id, %%, customers(name)) , orders(id')).toEqual(['customers @0', 'orders @0']);
  });
});
