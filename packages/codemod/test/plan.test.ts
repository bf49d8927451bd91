import type { Reference } from '@retable/core';
import { describe, expect, it } from 'vitest';
import { applyEdits, parseSource, planEdits } from '../src/index.js';
import { referenceAt } from './helpers.js';

const sources = (entries: Record<string, string>) => new Map(Object.entries(entries));

describe('planEdits', () => {
  it('splices every edit into its file, whatever order the references come in', () => {
    const text = "const a = db.from('orders');\nconst b = db.from(\"customers\").select('id, orders(id)');\n";
    const refs = [
      referenceAt('src/a.ts', text, 'orders', 'orders:sales_orders', { occurrence: 1, kind: 'embed' }),
      referenceAt('src/a.ts', text, 'orders', 'sales_orders'),
      referenceAt('src/a.ts', text, 'customers', 'crm_customers'),
    ];
    const plan = planEdits(refs, sources({ 'src/a.ts': text }));
    expect(plan.problems).toEqual([]);
    expect(plan.files).toHaveLength(1);
    expect(plan.files[0]!.text).toBe(
      "const a = db.from('sales_orders');\nconst b = db.from(\"crm_customers\").select('id, orders:sales_orders(id)');\n",
    );
    expect(plan.files[0]!.original).toBe(text);
    expect(plan.files[0]!.edits.map((edit) => edit.start)).toEqual([...refs.map((r) => r.edit!.start)].sort((a, b) => a - b));
  });

  it('sorts files by path and leaves files without applicable edits out', () => {
    const a = "db.from('orders')\n";
    const refs: Reference[] = [
      referenceAt('z.ts', a, 'orders', 'sales_orders'),
      referenceAt('a.ts', a, 'orders', 'sales_orders'),
      { ...referenceAt('m.ts', a, 'orders', 'sales_orders'), ignored: true },
      { kind: 'from', file: 'd.ts', line: 1, column: 9, table: 'table', status: 'dynamic' },
      { ...referenceAt('n.ts', a, 'orders', 'sales_orders'), status: 'new' },
    ];
    const plan = planEdits(refs, sources({ 'a.ts': a, 'z.ts': a, 'm.ts': a, 'd.ts': a, 'n.ts': a }));
    expect(plan.files.map((f) => f.file)).toEqual(['a.ts', 'z.ts']);
    expect(plan.problems).toEqual([]);
  });

  it('skips ignored references but applies the rest of the file', () => {
    const text = "db.from('orders')\n// retable-ignore-next-line\ndb.from('orders')\n";
    const plan = planEdits(
      [
        referenceAt('a.ts', text, 'orders', 'sales_orders'),
        referenceAt('a.ts', text, 'orders', 'sales_orders', { occurrence: 1, ignored: true }),
      ],
      sources({ 'a.ts': text }),
    );
    expect(plan.files[0]!.text).toBe("db.from('sales_orders')\n// retable-ignore-next-line\ndb.from('orders')\n");
    expect(plan.files[0]!.edits).toHaveLength(1);
  });

  it('keeps CRLF line endings, a BOM, comments and quotes byte for byte', () => {
    const text = "\uFEFF// orders live here\r\nconst q = db.from(`orders`) /* 'orders' */;\r\n";
    const ref = referenceAt('a.ts', text, 'orders', 'sales_orders', { occurrence: 1 });
    const plan = planEdits([ref], sources({ 'a.ts': text }));
    expect(plan.files[0]!.text).toBe("\uFEFF// orders live here\r\nconst q = db.from(`sales_orders`) /* 'orders' */;\r\n");
  });

  it('edits inside template heads, middles and tails', () => {
    const text = 'const s = `id, orders(id) ${a} customers(x) ${b} orders(y)`;\n';
    const plan = planEdits(
      [
        referenceAt('a.ts', text, 'orders', 'orders:sales_orders', { occurrence: 0 }),
        referenceAt('a.ts', text, 'customers', 'customers:crm_customers'),
        referenceAt('a.ts', text, 'orders', 'orders:sales_orders', { occurrence: 1 }),
      ],
      sources({ 'a.ts': text }),
    );
    expect(plan.problems).toEqual([]);
    expect(plan.files[0]!.text).toBe(
      'const s = `id, orders:sales_orders(id) ${a} customers:crm_customers(x) ${b} orders:sales_orders(y)`;\n',
    );
  });

  it('rejects duplicate edits and leaves the whole file out', () => {
    const text = "db.from('orders'); db.from('customers')\n";
    const ref = referenceAt('a.ts', text, 'orders', 'sales_orders');
    const plan = planEdits(
      [ref, { ...ref, kind: 'constant' }, referenceAt('a.ts', text, 'customers', 'crm_customers')],
      sources({ 'a.ts': text }),
    );
    expect(plan.files).toEqual([]);
    expect(plan.problems).toEqual([
      { file: 'a.ts', line: 1, column: 10, message: `duplicate edits at offset ${ref.edit!.start}; left unchanged` },
    ]);
  });

  it('rejects overlapping edits', () => {
    const text = "db.select('id, orders(id)')\n";
    const whole = referenceAt('a.ts', text, 'orders(id)', 'sales_orders(id)', { kind: 'embed' });
    const part = referenceAt('a.ts', text, 'orders', 'x_orders', { kind: 'embed' });
    const plan = planEdits([whole, part], sources({ 'a.ts': text }));
    expect(plan.files).toEqual([]);
    expect(plan.problems).toHaveLength(1);
    expect(plan.problems[0]!.message).toMatch(/^overlapping edits at offset \d+; left unchanged$/);
  });

  it('rejects two insertions at the same offset but allows edits that only touch', () => {
    const text = "db.from('ab')\n";
    const start = text.indexOf('ab');
    const insert = (at: number, s: string): Reference => ({
      kind: 'embed', file: 'a.ts', line: 1, column: at + 1, table: 'ab', status: 'old', edit: { start: at, end: at, text: s },
    });
    expect(planEdits([insert(start, 'x'), insert(start, 'y')], sources({ 'a.ts': text })).problems).toHaveLength(1);
    const touching: Reference[] = [
      { ...insert(start, ''), edit: { start, end: start + 1, text: 'A' } },
      { ...insert(start + 1, ''), edit: { start: start + 1, end: start + 2, text: 'B' } },
    ];
    expect(planEdits(touching, sources({ 'a.ts': text })).files[0]!.text).toBe("db.from('AB')\n");
  });

  it('refuses an edit outside a string literal', () => {
    const text = "const orders = 1; db.from('orders')\n";
    const plan = planEdits(
      [referenceAt('a.ts', text, 'orders', 'sales_orders'), referenceAt('a.ts', text, 'orders', 'sales_orders', { occurrence: 1 })],
      sources({ 'a.ts': text }),
    );
    expect(plan.files).toEqual([]);
    expect(plan.problems.map((p) => p.message)).toEqual([`edit [6, 12) is not inside a string literal; left unchanged`]);
  });

  it("accepts a type's key renamed whole to a name (Kysely's database type), nothing else outside a literal", () => {
    const text = 'interface DB { orders: Orders }\nconst x = { orders: 1 };\ntype T = { orders: 1 };\n';
    const key = referenceAt('a.ts', text, 'orders', 'sales_orders');
    expect(planEdits([key], sources({ 'a.ts': text })).files[0]!.text).toBe(text.replace('{ orders: Orders }', '{ sales_orders: Orders }'));
    // An object literal's key is a value's, a part of a key is not a name, and a key needs a name.
    const refused = [
      referenceAt('a.ts', text, 'orders', 'sales_orders', { occurrence: 1 }),
      { ...key, edit: { ...key.edit!, end: key.edit!.end - 1 } },
      { ...key, edit: { ...key.edit!, text: 'sales-orders' } },
    ];
    for (const reference of refused) {
      expect(planEdits([reference], sources({ 'a.ts': text })).problems[0]!.message).toMatch(/is not inside a string literal; left unchanged$/);
    }
  });

  it('refuses an edit inside a comment, even one that looks like a string', () => {
    const text = "const a = 1; // db.from('orders')\n/* 'orders' */ db.from('customers');\n";
    for (const occurrence of [0, 1]) {
      const plan = planEdits([referenceAt('a.ts', text, 'orders', 'sales_orders', { occurrence })], sources({ 'a.ts': text }));
      expect(plan.files).toEqual([]);
      expect(plan.problems[0]!.message).toMatch(/is not inside a string literal; left unchanged$/);
    }
  });

  it('refuses an edit that covers a quote', () => {
    const text = "db.from('orders')\n";
    const plan = planEdits([referenceAt('a.ts', text, "'orders'", "'sales_orders'")], sources({ 'a.ts': text }));
    expect(plan.files).toEqual([]);
    expect(plan.problems[0]!.message).toBe('edit [8, 16) is not inside a string literal; left unchanged');
  });

  it("refuses a replacement holding the literal's own delimiter or a backslash, allows the other quotes", () => {
    const text = "db.select('id, orders(id)'); db.select(\"id, orders(id)\"); db.select(`id, orders(id)`);\n";
    const at = (occurrence: number, replacement: string) =>
      planEdits([referenceAt('a.ts', text, 'orders', replacement, { occurrence })], sources({ 'a.ts': text }));
    expect(at(0, '"orders":sales_orders').problems).toEqual([]);
    expect(at(1, "o'rders").problems).toEqual([]);
    expect(at(0, "o'rders").problems[0]!.message).toBe(`replacement "o'rders" could end its string literal; left unchanged`);
    expect(at(1, '"orders":sales_orders').problems[0]!.message).toMatch(/could end its string literal/);
    expect(at(2, 'a`b').problems[0]!.message).toMatch(/could end its string literal/);
    expect(at(2, 'a${b}').problems[0]!.message).toMatch(/could end its string literal/);
    expect(at(0, 'a\\b').problems[0]!.message).toMatch(/could end its string literal/);
    // Next to a `{` (or after a `$`), a replacement ending in `$` (or starting with `{`) opens a substitution.
    const template = 'db.select(`id, x{a} $y`)\n';
    const join = (needle: string, replacement: string) =>
      planEdits([referenceAt('a.ts', template, needle, replacement)], sources({ 'a.ts': template })).problems[0]?.message;
    expect(join('x', 'orders$')).toMatch(/could end its string literal/);
    expect(join('y', '{orders}')).toMatch(/could end its string literal/);
    expect(join('x', 'orders')).toBeUndefined();
  });

  it('refuses an edit that would break the syntax even inside a literal', () => {
    // The replacement itself is harmless; cutting an escape sequence in half is what breaks it.
    const text = "db.from('ord\\u0065rs')\n";
    const plan = planEdits([referenceAt('a.ts', text, '0065rs', 'zz')], sources({ 'a.ts': text }));
    expect(plan.files).toEqual([]);
    expect(plan.problems).toEqual([
      { file: 'a.ts', line: 1, column: 15, message: 'the edits would add a syntax error (Hexadecimal digit expected.); left unchanged' },
    ]);
  });

  it('refuses edits outside the file and files whose text is missing', () => {
    const text = "db.from('orders')\n";
    const ref = referenceAt('a.ts', text, 'orders', 'sales_orders');
    const far = { ...ref, edit: { start: 100, end: 106, text: 'x' } };
    expect(planEdits([far], sources({ 'a.ts': text })).problems[0]!.message).toBe(
      'edit [100, 106) is outside the file (length 18); left unchanged',
    );
    expect(planEdits([ref], sources({})).problems[0]!.message).toBe('has edits but its text was not read; left unchanged');
  });

  it('never edits a file that does not parse', () => {
    const text = "db.from('orders')\nconst = ;\n";
    const plan = planEdits([referenceAt('a.ts', text, 'orders', 'sales_orders')], sources({ 'a.ts': text }));
    expect(plan.files).toEqual([]);
    expect(plan.problems).toEqual([
      { file: 'a.ts', line: 2, column: 7, message: 'does not parse (Variable declaration expected.); left unchanged' },
    ]);
  });

  it('never edits a file that does not parse, even when the edits would mend it', () => {
    // `\u00zz` is a broken escape; replacing `zz` would make it a valid one.
    const text = "db.from('orders\\u00zz')\n";
    const plan = planEdits([referenceAt('a.ts', text, 'zz', '65')], sources({ 'a.ts': text }));
    expect(plan.files).toEqual([]);
    expect(plan.problems).toEqual([
      { file: 'a.ts', line: 1, column: 20, message: 'does not parse (Hexadecimal digit expected.); left unchanged' },
    ]);
  });

  it('checks the splices against a syntax tree of the same text instead of parsing again', () => {
    const text = "const a = db.from('orders');\nconst b = db.select(`id, customers(name)`);\n";
    const refs = [
      referenceAt('a.ts', text, 'orders', 'sales_orders'),
      referenceAt('a.ts', text, 'customers', 'customers:crm_customers', { kind: 'embed' }),
    ];
    const plan = planEdits(refs, sources({ 'a.ts': text }), new Map([['a.ts', parseSource('a.ts', text)]]));
    expect(plan.problems).toEqual([]);
    expect(plan.files[0]!.text).toBe("const a = db.from('sales_orders');\nconst b = db.select(`id, customers:crm_customers(name)`);\n");
  });

  it('ignores a syntax tree of another text', () => {
    // In the tree's text the name is a string; in the file's it is code.
    const text = 'const orders = 1;\n';
    const other = "db.f('orders');\n";
    const plan = planEdits(
      [referenceAt('a.ts', text, 'orders', 'sales_orders')],
      sources({ 'a.ts': text }),
      new Map([['a.ts', parseSource('a.ts', other)]]),
    );
    expect(plan.files).toEqual([]);
    expect(plan.problems[0]!.message).toBe('edit [6, 12) is not inside a string literal; left unchanged');
  });

  it('parses .tsx and .js files with JSX', () => {
    const text = "export const A = () => <div title=\"orders\">{db.from('orders')}</div>;\n";
    for (const file of ['a.tsx', 'a.jsx', 'a.js']) {
      const plan = planEdits([referenceAt(file, text, 'orders', 'sales_orders', { occurrence: 1 })], sources({ [file]: text }));
      expect(plan.problems).toEqual([]);
      expect(plan.files[0]!.text).toBe(text.replace("('orders')", "('sales_orders')"));
    }
  });
});

describe('applyEdits', () => {
  it('applies right to left so earlier offsets stay valid', () => {
    expect(applyEdits('abcdef', [{ start: 0, end: 1, text: 'XX' }, { start: 4, end: 6, text: '' }, { start: 2, end: 2, text: '-' }])).toBe(
      'XXb-cd',
    );
  });
});
