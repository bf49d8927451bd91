import { describe, expect, it } from 'vitest';
import { createRenameMap, type Reference } from '@retable/core';
import { summarize } from '@retable/verify';
import { counts, where } from './helpers.js';

const map = createRenameMap({ orders: 'sales_orders', customers: 'crm_customers', notes: 'crm_notes' });

function ref(file: string, line: number, column: number, table: string, status: Reference['status'], extra: Partial<Reference> = {}): Reference {
  return { kind: 'from', file, line, column, table, status, ...extra };
}

describe('summarize (the counting, on references built here)', () => {
  const references: Reference[] = [
    ref('src/b.ts', 3, 10, 'orders', 'old', { newName: 'sales_orders' }),
    ref('src/a.ts', 9, 1, 'sales_orders', 'new'),
    ref('src/a.ts', 2, 5, 'orders', 'old', { newName: 'sales_orders' }),
    ref('src/a.ts', 2, 1, 'customers', 'old', { newName: 'crm_customers', kind: 'embed' }),
    ref('src/c.ts', 1, 1, 'table', 'dynamic'),
    ref('src/c.ts', 4, 1, 'orders', 'old', { ignored: true, newName: 'sales_orders' }),
    ref('src/c.ts', 5, 1, 'name', 'dynamic', { ignored: true }),
    ref('src/a.ts', 7, 3, 'crm_customers', 'new', { kind: 'type' }),
  ];

  it('lists every name of the map with its count, old names first, zeros included', () => {
    const result = summarize({ root: '/app', map, references });
    expect(counts(result.old)).toEqual([
      ['orders', 2],
      ['customers', 1],
      ['notes', 0],
    ]);
    expect(counts(result.new)).toEqual([
      ['sales_orders', 1],
      ['crm_customers', 1],
      ['crm_notes', 0],
    ]);
    expect([result.totalOld, result.totalNew]).toEqual([3, 2]);
  });

  it('keeps ignored references out of every count, and lists them', () => {
    const result = summarize({ root: '/app', map, references });
    expect(where(result.ignored)).toEqual(['src/c.ts:4:1 from orders old', 'src/c.ts:5:1 from name dynamic']);
    expect(where(result.dynamic)).toEqual(['src/c.ts:1:1 from table dynamic']);
    expect(result.references.some((r) => r.ignored)).toBe(false);
  });

  it('sorts by file, line, column', () => {
    const result = summarize({ root: '/app', map, references });
    expect(where(result.references)).toEqual([
      'src/a.ts:2:1 embed customers old',
      'src/a.ts:2:5 from orders old',
      'src/a.ts:7:3 type crm_customers new',
      'src/a.ts:9:1 from sales_orders new',
      'src/b.ts:3:10 from orders old',
      'src/c.ts:1:1 from table dynamic',
    ]);
  });

  it('passes when old references do not exceed maxOld and every file parsed', () => {
    expect(summarize({ root: '/app', map, references }).passed).toBe(false);
    expect(summarize({ root: '/app', map, references, maxOld: 3 }).passed).toBe(true);
    expect(summarize({ root: '/app', map, references: [] }).passed).toBe(true);
    const broken = summarize({
      root: '/app',
      map,
      references: [],
      parseProblems: [{ file: 'src/x.ts', line: 1, column: 7, message: "',' expected." }],
    });
    expect(broken.passed).toBe(false);
    expect(broken.totalOld).toBe(0);
  });
});
