import { describe, expect, test } from 'vitest';
import { findReferences, findReferencesInText } from '@retable/core';
import { applyEdits, at, find, map, project, rewrite, summary } from './helpers.js';

describe('ignore directives', () => {
  test('retable-ignore-next-line silences the next line, and the reference is still returned', () => {
    const input = [
      `// retable-ignore-next-line`,
      `supabase.from('orders');`,
      `supabase.from('customers');`,
    ].join('\n');
    expect(summary(find(input))).toEqual([
      `from old orders @${at(input, 'orders\'')} ignored`,
      `from old customers @${at(input, 'customers')}`,
    ]);
    expect(rewrite(input)).toBe(input.replace(`'customers'`, `'crm_customers'`));
  });

  test('above a statement, it covers the statement across lines', () => {
    const input = [
      `// retable-ignore-next-line: legacy view kept on purpose`,
      `const { data } = await supabase`,
      `  .from('orders')`,
      `  .select('id, customers(name)');`,
      `await supabase.from('orders');`,
    ].join('\n');
    expect(find(input).map((r) => `${r.kind} ${r.line} ${r.ignored === true}`)).toEqual([
      'from 3 true',
      'embed 4 true',
      'from 5 false',
    ]);
  });

  test('in JSX and block comments', () => {
    const input = [
      `export const A = () => (`,
      `  <div>`,
      `    {/* retable-ignore-next-line */}`,
      `    <Orders load={() => supabase.from('orders')} />`,
      `  </div>`,
      `);`,
    ].join('\n');
    expect(find(input, 'src/a.tsx').map((r) => r.ignored)).toEqual([true]);
  });

  test('a constant is ignored when every use is, or its declaration is', () => {
    const some = `const T = 'orders';\n// retable-ignore-next-line\nsupabase.from(T);\nsupabase.from(T).select('*');`;
    expect(find(some).map((r) => r.ignored)).toEqual([undefined]);
    const all = `const T = 'orders';\n// retable-ignore-next-line\nsupabase.from(T);`;
    expect(find(all).map((r) => r.ignored)).toEqual([true]);
    const declaration = `// retable-ignore-next-line\nconst T = 'orders';\nsupabase.from(T);`;
    expect(find(declaration).map((r) => r.ignored)).toEqual([true]);
  });

  test('retable-ignore-file silences the whole file', () => {
    const input = `/* retable-ignore-file */\nsupabase.from('orders');\ntype T = Tables<'customers'>;`;
    const references = find(input);
    expect(references).toHaveLength(2);
    expect(references.every((r) => r.ignored === true)).toBe(true);
    expect(rewrite(input)).toBe(input);
  });

  test('the directive words in a string are not a directive', () => {
    const input = `const note = 'retable-ignore-file';\nconst n2 = "retable-ignore-next-line";\nsupabase.from('orders');`;
    expect(find(input).map((r) => r.ignored)).toEqual([undefined]);
  });
});

describe('migration files', () => {
  test("a query builder's migration is history: its references are returned ignored, marked history, and not rewritten", async () => {
    const code = "export const up = (knex) => knex.raw('SELECT id FROM orders').then(() => knex('customers').del());\n";
    const { root, files } = await project({
      'package.json': '{"dependencies":{"knex":"3.1.0"}}',
      'server/migrations/20241223062111_indexes.js': code,
      'db/migrations/2024/0001-init.ts': code,
      'db/knex_migrations/2023-08-18-0301-heartbeat.js': code,
      // MikroORM's name for them.
      'src/modules/auth/migrations/Migration20251030150038.ts': code,
      // A migration class outside a migrations folder (TypeORM's MigrationInterface).
      'server/lib/merge.ts': `import type { MigrationInterface } from 'typeorm';\nexport class Merge1759769291608 implements MigrationInterface {\n  up = (knex: any) => knex.raw('DROP TABLE orders');\n}\n`,
      'server/migrations/index.ts': code,
      'src/migrations.ts': code,
    });
    const { references } = await findReferences({ root, map, files });
    expect(references.map((r) => `${r.file} ${r.table}${r.ignored ? ' ignored' : ''}${r.history ? ' history' : ''}`)).toEqual([
      'db/knex_migrations/2023-08-18-0301-heartbeat.js orders ignored history',
      'db/knex_migrations/2023-08-18-0301-heartbeat.js customers ignored history',
      'db/migrations/2024/0001-init.ts orders ignored history',
      'db/migrations/2024/0001-init.ts customers ignored history',
      'server/lib/merge.ts orders ignored history',
      'server/migrations/20241223062111_indexes.js orders ignored history',
      'server/migrations/20241223062111_indexes.js customers ignored history',
      // Not a migration: a module named after them, and the folder's index.
      'server/migrations/index.ts orders',
      'server/migrations/index.ts customers',
      'src/migrations.ts orders',
      'src/migrations.ts customers',
      'src/modules/auth/migrations/Migration20251030150038.ts orders ignored history',
      'src/modules/auth/migrations/Migration20251030150038.ts customers ignored history',
    ]);
  });
});

describe('parse problems', () => {
  test('a file with a syntax error yields a problem and no references', () => {
    const result = findReferencesInText({ file: 'src/broken.ts', text: `supabase.from('orders'\nconst x = ;\n`, map });
    expect(result.references).toEqual([]);
    expect(result.parseProblem).toMatchObject({ file: 'src/broken.ts', line: 2 });
    expect(result.parseProblem!.message).toMatch(/expected/i);
  });

  test('JSX in a .tsx file parses; the same text in a .ts file does not', () => {
    const text = `export const A = () => <a href="x">{supabase.from('orders') && null}</a>;`;
    expect(findReferencesInText({ file: 'a.tsx', text, map }).references).toHaveLength(1);
    expect(findReferencesInText({ file: 'a.ts', text, map }).parseProblem).toBeDefined();
  });

  test('JSX in a .js file parses', () => {
    const text = `export const A = () => <a>{supabase.from('orders') && null}</a>;`;
    expect(findReferencesInText({ file: 'a.js', text, map }).references).toHaveLength(1);
  });
});

describe('offsets', () => {
  test('a BOM counts in the offsets, and only the literal changes', () => {
    const input = `\uFEFFawait supabase.from('orders');\n`;
    const references = find(input);
    expect(references[0]!.edit).toEqual({ start: 22, end: 28, text: 'sales_orders' });
    expect(applyEdits(input, references)).toBe(`\uFEFFawait supabase.from('sales_orders');\n`);
  });

  test('CRLF line endings in a multi-line select are kept', () => {
    const input = "await supabase\r\n  .from('orders')\r\n  .select(`\r\n    id,\r\n    customers ( name )\r\n  `);\r\n";
    expect(rewrite(input)).toBe(
      "await supabase\r\n  .from('sales_orders')\r\n  .select(`\r\n    id,\r\n    customers:crm_customers ( name )\r\n  `);\r\n",
    );
    expect(find(input).map((r) => `${r.line}:${r.column}`)).toEqual(['2:10', '5:5']);
  });

  test('an escaped quote before an embed keeps the splice on the name', () => {
    const input = `supabase.from('invoices').select('note\\'s, customers(name)')`;
    expect(rewrite(input)).toBe(`supabase.from('invoices').select('note\\'s, customers:crm_customers(name)')`);
  });
});
