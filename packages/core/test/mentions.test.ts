import { describe, expect, it } from 'vitest';
import { createRenameMap } from '../src/config.js';
import { mayNameTables } from '../src/finder/mentions.js';

const map = createRenameMap({ orders: 'sales_orders', customers: 'crm_customers' });

describe('mayNameTables', () => {
  it.each([
    ["export const T = 'orders';", true],
    ['const C = `sales_orders`;', true],
    ["export const COLUMNS = 'id, customers(name)';", true],
    ["export const S = 'id, ...crm_customers(email)';", true],
    ["export const H = 'id, buyer:people!customers(name)';", true],
  ])('a table name in a table-position shape: %s', (text, expected) => {
    expect(mayNameTables(text, map)).toBe(expected);
  });

  it.each([
    ["export const title = 'All orders';"],
    ["export const route = '/orders';"],
    ['export const counts = { orders: 0 };'],
    ['// orders are listed here'],
    ["export const T = 'crm_customers_archive';"],
    ["export const T = 'products';"],
  ])('copy, routes, keys, comments and other names: %s', (text) => {
    expect(mayNameTables(text, map)).toBe(false);
  });
});
