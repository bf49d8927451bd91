import { derivedForeignKeyRename, derivedRename, parseConfig, type DerivedKind } from '@retable/core';
import { describe, expect, it } from 'vitest';

describe('derivedRename: the one rule set plan, verify-db and the codemod share', () => {
  it.each<[DerivedKind, string, string, string, string | undefined]>([
    ['constraint', 'orders_pkey', 'orders', 'sales_orders', 'sales_orders_pkey'],
    ['constraint', 'orders_buyer_fkey', 'orders', 'sales_orders', 'sales_orders_buyer_fkey'],
    ['constraint', 'orders_email_key', 'orders', 'sales_orders', 'sales_orders_email_key'],
    ['constraint', 'orders_total_check', 'orders', 'sales_orders', 'sales_orders_total_check'],
    ['constraint', 'orders_period_excl', 'orders', 'sales_orders', 'sales_orders_period_excl'],
    // the Supabase dashboard's foreign keys: <schema>_<table>_<column>_fkey
    ['constraint', 'public_orders_buyer_fkey', 'orders', 'sales_orders', 'public_sales_orders_buyer_fkey'],
    ['constraint', 'public_orders_total_check', 'orders', 'sales_orders', undefined],
    ['constraint', 'orders_custom_name', 'orders', 'sales_orders', undefined],
    ['constraint', 'fk_orders_buyer', 'orders', 'sales_orders', undefined],
    ['constraint', 'sales_orders_pkey', 'orders', 'sales_orders', undefined],
    ['constraint', 'ordersx_pkey', 'orders', 'sales_orders', undefined],
    ['constraint', 'workspaces_pkey', 'workspace', 'workspaces', undefined],
    ['constraint', 'workspace_pkey', 'workspace', 'workspaces', 'workspaces_pkey'],
    ['constraint', 'line_orders_pkey', 'orders', 'sales_orders', undefined],
    ['index', 'orders_created_at_idx', 'orders', 'sales_orders', 'sales_orders_created_at_idx'],
    ['index', 'idx_orders_created_at', 'orders', 'sales_orders', 'idx_sales_orders_created_at'],
    ['index', 'orders_by_buyer', 'orders', 'sales_orders', undefined],
    ['index', 'idx_sales_orders_created_at', 'orders', 'sales_orders', undefined],
    ['sequence', 'orders_id_seq', 'orders', 'sales_orders', 'sales_orders_id_seq'],
    ['sequence', 'orders_number', 'orders', 'sales_orders', undefined],
    ['policy', 'orders_select_own', 'orders', 'sales_orders', 'sales_orders_select_own'],
    ['policy', 'Users can read their own orders', 'orders', 'sales_orders', undefined],
    ['policy', 'orders: insert own', 'orders', 'sales_orders', undefined],
    ['policy', 'orders_', 'orders', 'sales_orders', undefined],
    ['trigger', 'orders_audit', 'orders', 'sales_orders', undefined],
  ])('%s %s (%s → %s) → %s', (kind, name, oldName, newName, expected) => {
    expect(derivedRename(kind, name, oldName, newName)).toBe(expected);
  });

  it('the dashboard prefix is the schema of the renames', () => {
    expect(derivedRename('constraint', 'app_orders_buyer_fkey', 'orders', 'sales_orders', 'app')).toBe('app_sales_orders_buyer_fkey');
    expect(derivedRename('constraint', 'public_orders_buyer_fkey', 'orders', 'sales_orders', 'app')).toBeUndefined();
  });
});

describe('derivedForeignKeyRename: FK hints', () => {
  const renames = new Map([
    ['orders', 'sales_orders'],
    ['order_items', 'sales_order_items'],
    ['order', 'purchase'],
  ]);
  it.each([
    ['orders_buyer_fkey', 'sales_orders_buyer_fkey'],
    ['order_items_order_id_fkey', 'sales_order_items_order_id_fkey'],
    ['public_orders_buyer_fkey', 'public_sales_orders_buyer_fkey'],
    ['order_x_fkey', 'purchase_x_fkey'],
    ['orders_pkey', undefined],
    ['buyer', undefined],
    ['customers_orders_fkey', undefined],
  ])('%s → %s', (hint, expected) => {
    expect(derivedForeignKeyRename(hint, renames)).toBe(expected);
  });
});

describe('config: renameDerived', () => {
  it('is carried on the rename map', () => {
    expect(parseConfig({ renames: { orders: 'sales_orders' }, renameDerived: true }).map.renameDerived).toBe(true);
    expect(parseConfig({ renames: { orders: 'sales_orders' } }).map.renameDerived).toBeUndefined();
  });
  it('must be a boolean', () => {
    expect(() => parseConfig({ renames: { orders: 'sales_orders' }, renameDerived: 'yes' })).toThrow(
      'retable.config.json: renameDerived: expected true or false, found a string ("yes")',
    );
  });
});
