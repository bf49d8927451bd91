import { existsSync, readFileSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runBinary, snapshot } from './helpers.js';

// The built binary, spawned with NO_COLOR=1: needs `tsc -b` first (the root `pnpm test` does it).
const dist = fileURLToPath(new URL('../dist/index.js', import.meta.url));

let dir: string;
beforeAll(async () => {
  if (!existsSync(dist)) throw new Error('packages/cli/dist is missing: run `npx tsc -b` (pnpm test builds first)');
  dir = await mkdtemp(path.join(os.tmpdir(), 'retable-e2e-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function project(name: string, files: Record<string, string>): Promise<string> {
  const root = path.join(dir, name);
  for (const [file, text] of Object.entries(files)) {
    await mkdir(path.dirname(path.join(root, file)), { recursive: true });
    await writeFile(path.join(root, file), text);
  }
  return root;
}

const CONFIG = '{ "renames": { "orders": "sales_orders", "customers": "crm_customers" } }\n';
const ORDERS = [
  "import { supabase } from './client';",
  '',
  'export const list = () =>',
  "  supabase.from('orders').select('id, buyer:customers!orders_buyer_fkey(name)');",
  'export const byName = (table: string) => supabase.from(table).select("id");',
  "export const letters = Array.from('orders');",
  '',
].join('\r\n');

const DIFF = [
  'diff --git a/src/orders.ts b/src/orders.ts',
  '--- a/src/orders.ts',
  '+++ b/src/orders.ts',
  '@@ -1,6 +1,6 @@',
  " import { supabase } from './client';\r",
  ' \r',
  ' export const list = () =>\r',
  "-  supabase.from('orders').select('id, buyer:customers!orders_buyer_fkey(name)');\r",
  "+  supabase.from('sales_orders').select('id, buyer:crm_customers!orders_buyer_fkey(name)');\r",
  ' export const byName = (table: string) => supabase.from(table).select("id");\r',
  " export const letters = Array.from('orders');\r",
  '',
].join('\n');

describe('retable binary (NO_COLOR=1)', () => {
  it('prints its version', () => {
    const version = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')).version as string;
    expect(runBinary(['--version'], os.tmpdir())).toEqual({ code: 0, stdout: `${version}\n`, stderr: '' });
  });

  it('codemod: dry run, --check, --write, then --check is clean', async () => {
    const root = await project('app', { 'retable.config.json': CONFIG, 'src/orders.ts': ORDERS });
    const before = await snapshot(root);
    const notes = 'src/orders.ts:5:56: dynamic table name `table` (from); not rewritten, check it by hand\n';

    expect(runBinary(['codemod'], root)).toEqual({
      code: 0,
      stdout: DIFF,
      stderr: `${notes}retable codemod (dry run): 1 file to change, 2 references to rewrite, 1 dynamic reference; run with --write to apply\n`,
    });
    expect(await snapshot(root)).toEqual(before);

    expect(runBinary(['codemod', '--check'], root)).toEqual({
      code: 1,
      stdout: DIFF,
      stderr: `${notes}retable codemod --check: 1 file would change, 2 references to rewrite, 1 dynamic reference\n`,
    });

    expect(runBinary(['--cwd', root, 'codemod', '--write'], os.tmpdir())).toEqual({
      code: 0,
      stdout: 'src/orders.ts\n',
      stderr: `${notes}retable codemod --write: 1 file written, 2 references rewritten, 1 dynamic reference\n`,
    });
    expect(await readFile(path.join(root, 'src/orders.ts'), 'utf8')).toBe(
      ORDERS.replace("from('orders')", "from('sales_orders')").replace('buyer:customers!', 'buyer:crm_customers!'),
    );

    expect(runBinary(['codemod', '--check'], root)).toEqual({
      code: 0,
      stdout: '',
      stderr: `${notes}retable codemod --check: 0 files would change, 0 references to rewrite, 1 dynamic reference\n`,
    });
  });

  it('codemod: a file that does not parse is reported and left as is; exit 1', async () => {
    const broken = "export const a = (s: any) => s.from('orders');\nexport const b = (;\n";
    const root = await project('broken', {
      'retable.config.json': CONFIG,
      'src/broken.ts': broken,
      'src/fine.ts': "export const a = (s: any) => s.from('customers');\n",
    });
    expect(runBinary(['codemod', '--write'], root)).toEqual({
      code: 1,
      stdout: 'src/fine.ts\n',
      stderr: [
        'src/broken.ts:2:19: does not parse (Expression expected.); left unchanged',
        'retable codemod --write: 1 file written, 1 reference rewritten, 0 dynamic references, 1 file left unchanged',
        '',
      ].join('\n'),
    });
    expect(await readFile(path.join(root, 'src/broken.ts'), 'utf8')).toBe(broken);
    expect(await readFile(path.join(root, 'src/fine.ts'), 'utf8')).toBe("export const a = (s: any) => s.from('crm_customers');\n");
  });

  it('codemod: a config error exits 2 with one line and writes nothing', async () => {
    const root = await project('bad-config', {
      'retable.config.json': '{ "renames": { "orders": "carts", "carts": "orders" } }\n',
      'src/a.ts': "export const a = (s: any) => s.from('orders');\n",
    });
    const before = await snapshot(root);
    expect(runBinary(['codemod', '--write'], root)).toEqual({
      code: 2,
      stdout: '',
      stderr: 'retable: retable.config.json: renames.orders: "carts" is both a new name and renamed itself (a swap); do it as two steps with two configs\n',
    });
    expect(await snapshot(root)).toEqual(before);
  });
});
