import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { loadESLint } from 'eslint';
import { afterAll, expect, it } from 'vitest';
import plugin from '../src/index.js';

const temps: string[] = [];
afterAll(async () => {
  await Promise.all(temps.map((dir) => rm(dir, { recursive: true, force: true })));
});

it("configs['recommended-legacy'] turns the rule on in an .eslintrc setup", async () => {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'retable-eslint-legacy-'));
  temps.push(dir);
  await writeFile(path.join(dir, 'retable.config.json'), JSON.stringify({ renames: { orders: 'sales_orders' } }));
  const file = path.join(dir, 'src/orders.js');
  const code = "import { supabase } from './client.js';\nexport const list = () => supabase.from('orders');\n";
  await mkdir(path.dirname(file), { recursive: true });
  await writeFile(file, code);
  // ESLint 9's eslintrc mode: the plugin under its package name, the config as an .eslintrc holds it.
  const LegacyESLint = await loadESLint({ useFlatConfig: false });
  const options = (fix: boolean) =>
    ({
      cwd: dir,
      useEslintrc: false,
      plugins: { 'eslint-plugin-retable': plugin },
      baseConfig: { ...plugin.configs['recommended-legacy'], parserOptions: { ecmaVersion: 2022, sourceType: 'module' } },
      fix,
    }) as never;

  const [reported] = await new LegacyESLint(options(false)).lintFiles([file]);
  expect(reported!.messages.map((m) => `${m.line}:${m.column} ${m.ruleId}`)).toEqual(['2:42 retable/no-legacy-table']);
  const [fixed] = await new LegacyESLint(options(true)).lintFiles([file]);
  expect(fixed!.output).toBe(code.replace("'orders'", "'sales_orders'"));
  expect(fixed!.messages).toEqual([]);
});
