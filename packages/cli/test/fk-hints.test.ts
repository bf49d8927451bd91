import { readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { copyFixture, runBinary } from './helpers.js';

// "renameDerived": true in the config: plan renames orders_buyer_fkey, so a select hint naming it
// breaks at runtime. verify flags such hints; codemod --write rewrites them; then verify passes.
const temps: string[] = [];
afterAll(async () => {
  await Promise.all(temps.map((dir) => rm(dir, { recursive: true, force: true })));
});

describe('FK hints with renameDerived', () => {
  it('verify flags a hint naming a constraint plan renames; codemod rewrites it; without renameDerived it is left alone', async () => {
    const app = await copyFixture('select-fk-hints-rename-derived', temps);
    const before = runBinary(['verify', 'src/hints-only.ts'], app);
    expect(before.code).toBe(1);
    expect(before.stdout).toContain('Old references:\n  src/hints-only.ts:4:83  orders_buyer_fkey → sales_orders_buyer_fkey  (hint)\n');

    expect(runBinary(['codemod', '--write'], app).code).toBe(0);
    const after = runBinary(['verify'], app);
    expect(after.stdout.trimEnd().split('\n').at(-1)).toMatch(/^✔ verify passed: 0 old references/);
    expect(after.code).toBe(0);

    // The same code with renameDerived off: the constraint keeps its name, so the hint is right.
    const plain = await copyFixture('select-fk-hints-rename-derived', temps);
    const config = path.join(plain, 'retable.config.json');
    const parsed = JSON.parse(await readFile(config, 'utf8')) as Record<string, unknown>;
    delete parsed.renameDerived;
    await writeFile(config, JSON.stringify(parsed));
    const untouched = runBinary(['verify', 'src/hints-only.ts'], plain);
    expect(untouched.code).toBe(0);
    expect(runBinary(['codemod', 'src/hints-only.ts'], plain).stdout).toBe('');
  });
});
