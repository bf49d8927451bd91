import { afterAll, describe, expect, it } from 'vitest';
import { config, project, removeTemps, verifyDir } from './helpers.js';

afterAll(removeTemps);

describe('files that do not parse', () => {
  it('are reported with file:line and fail the run, since their references cannot be counted', async () => {
    const dir = await project({
      'retable.config.json': config({ orders: 'sales_orders' }),
      'src/ok.ts': "export const a = () => db.from('sales_orders');\n",
      'src/broken.ts': "export const b = () => db.from('orders'\nexport const c = 1;\n",
    });
    const result = await verifyDir(dir);
    expect(result.parseProblems).toEqual([{ file: 'src/broken.ts', line: 2, column: 1, message: "',' expected." }]);
    expect([result.totalOld, result.totalNew, result.passed]).toEqual([0, 1, false]);
  });
});
