import { afterAll, describe, expect, it } from 'vitest';
import { config, project, removeTemps, verifyDir, where } from './helpers.js';

afterAll(removeTemps);

describe('retable-ignore directives', () => {
  it('silence a reference on purpose; verify counts and lists the ignored ones', async () => {
    const dir = await project({
      'retable.config.json': config({ orders: 'sales_orders' }),
      'src/compat.ts': [
        "import { db } from './db';",
        '',
        '// Reads the compatibility view on purpose until the contract phase.',
        '// retable-ignore-next-line',
        "export const legacy = () => db.from('orders').select('id');",
        "export const current = () => db.from('orders').select('id');",
        '',
      ].join('\n'),
      'src/old-report.ts': "/* retable-ignore-file */\nimport { db } from './db';\nexport const a = () => db.from('orders');\nexport const b = (t: string) => db.from(t).select('orders(id)');\n",
      'src/db.ts': 'export const db = createClient();\n',
    });
    const result = await verifyDir(dir);
    expect(where(result.oldReferences)).toEqual(['src/compat.ts:6:39 from orders old']);
    expect(where(result.ignored)).toEqual([
      'src/compat.ts:5:38 from orders old',
      'src/old-report.ts:3:33 from orders old',
      'src/old-report.ts:4:41 from t dynamic',
      'src/old-report.ts:4:52 embed orders old',
    ]);
    expect(result.dynamic).toEqual([]);
    expect([result.totalOld, result.ignored.length, result.passed]).toEqual([1, 4, false]);
  });

  it('a run whose only old references are ignored passes', async () => {
    const dir = await project({
      'retable.config.json': config({ orders: 'sales_orders' }),
      'src/a.ts': "// retable-ignore-next-line\nexport const a = () => db.from('orders');\nexport const b = () => db.from('sales_orders');\n",
    });
    const result = await verifyDir(dir);
    expect([result.totalOld, result.totalNew, result.ignored.length, result.passed]).toEqual([0, 1, 1, true]);
  });
});
