import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { main } from '../src/index.js';
import { capture, copyFixture, runMain, snapshot } from './helpers.js';

const temps: string[] = [];
afterAll(async () => {
  await Promise.all(temps.map((dir) => rm(dir, { recursive: true, force: true })));
});

async function project(files: Record<string, string>): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'retable-cli-codemod-'));
  temps.push(dir);
  for (const [file, text] of Object.entries(files)) {
    await mkdir(path.dirname(path.join(dir, file)), { recursive: true });
    await writeFile(path.join(dir, file), text);
  }
  return dir;
}

const ORDERS = "import { supabase } from './client';\n\nexport const list = () => supabase.from('orders').select('id');\n";
const config = (value: unknown) => `${JSON.stringify(value)}\n`;

describe('retable codemod: config and usage errors exit 2 with one line and write nothing', () => {
  const cases: Array<[string, Record<string, string>, string[], RegExp]> = [
    ['no config file', {}, ['codemod', '--write'], /^retable: no retable\.config\.json, retable\.config\.jsonc or "retable" key in package\.json from \/.+ up to \/.*; create retable\.config\.json/],
    ['config is not JSON', { 'retable.config.json': '{ "renames": ' }, ['codemod', '--write'], /^retable: retable\.config\.json:1:14: is not valid JSON \(unexpected end of the file\)$/m],
    ['unknown key', { 'retable.config.json': config({ renames: { orders: 'sales_orders' }, tables: {} }) }, ['codemod', '--write'], /unknown key "tables"/],
    ['renames missing', { 'retable.config.json': config({ schema: 'public' }) }, ['codemod', '--write'], /renames: is required \(an object of "old_name": "new_name" pairs\)/],
    ['not an identifier', { 'retable.config.json': config({ renames: { orders: 'sales-orders' } }) }, ['codemod', '--write'], /renames\.orders: /],
    ['longer than 63 bytes', { 'retable.config.json': config({ renames: { orders: 'o'.repeat(64) } }) }, ['codemod', '--write'], /renames\.orders: .*63/],
    ['rename to itself', { 'retable.config.json': config({ renames: { orders: 'orders' } }) }, ['codemod', '--write'], /renames\.orders: renames "orders" to itself/],
    ['two onto one', { 'retable.config.json': config({ renames: { orders: 'sales', carts: 'sales' } }) }, ['codemod', '--write'], /are both renamed to "sales"/],
    ['a chain', { 'retable.config.json': config({ renames: { orders: 'carts', carts: 'baskets' } }) }, ['codemod', '--write'], /\(a chain\); do it as two steps/],
    ['a swap', { 'retable.config.json': config({ renames: { orders: 'carts', carts: 'orders' } }) }, ['codemod', '--write'], /\(a swap\); do it as two steps/],
    ['--config names a missing file', { 'retable.config.json': config({ renames: { orders: 'sales_orders' } }) }, ['--config', 'other.json', 'codemod', '--write'], /^retable: other\.json: not found \(\/.+\/other\.json\); fix the --config path$/m],
    ['--write with --check', { 'retable.config.json': config({ renames: { orders: 'sales_orders' } }) }, ['codemod', '--write', '--check'], /^retable: --write and --check cannot be combined/],
    ['a path outside the root', { 'retable.config.json': config({ renames: { orders: 'sales_orders' } }) }, ['codemod', '--write', '../elsewhere'], /^retable: \.\.\/elsewhere: is outside the project root/],
    ['a path that does not exist', { 'retable.config.json': config({ renames: { orders: 'sales_orders' } }) }, ['codemod', '--write', 'nope'], /^retable: nope: no such file or directory/],
    ['an unknown flag', { 'retable.config.json': config({ renames: { orders: 'sales_orders' } }) }, ['codemod', '--apply'], /^retable: retable codemod has no option --apply \(see retable codemod --help\)$/m],
  ];
  it.each(cases)('%s', async (_name, files, argv, message) => {
    const dir = await project({ ...files, 'src/orders.ts': ORDERS });
    const before = await snapshot(dir);
    const result = await runMain(argv, dir);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(message);
    expect(result.stderr.split('\n')).toHaveLength(2); // one line and its newline
    expect(await snapshot(dir)).toEqual(before);
  });
});

describe('retable codemod', () => {
  it('dry run prints the diff on stdout, notes and the summary on stderr, and writes nothing', async () => {
    const dir = await project({
      'retable.config.json': config({ renames: { orders: 'sales_orders' } }),
      'src/orders.ts': ORDERS,
      'src/dynamic.ts': "export const f = (s: any, t: string) => s.from(t);\nexport const g = (s: any) => s.from('sales_orders');\n",
    });
    const before = await snapshot(dir);
    const result = await runMain(['codemod'], dir);
    expect(result).toEqual({
      code: 0,
      stdout: [
        'diff --git a/src/orders.ts b/src/orders.ts',
        '--- a/src/orders.ts',
        '+++ b/src/orders.ts',
        '@@ -1,3 +1,3 @@',
        " import { supabase } from './client';",
        ' ',
        "-export const list = () => supabase.from('orders').select('id');",
        "+export const list = () => supabase.from('sales_orders').select('id');",
        '',
      ].join('\n'),
      stderr: [
        'src/dynamic.ts:1:48: dynamic table name `t` (from); not rewritten, check it by hand',
        'retable codemod (dry run): 1 file to change, 1 reference to rewrite, 1 dynamic reference; run with --write to apply',
        '',
      ].join('\n'),
    });
    expect(await snapshot(dir)).toEqual(before);
  });

  it('leaves migration files as they are and says how many old names they hold', async () => {
    const dir = await project({
      'retable.config.json': config({ renames: { orders: 'sales_orders' } }),
      'src/orders.ts': ORDERS,
      'migrations/20240101000000_init.ts': ORDERS,
    });
    const write = await runMain(['codemod', '--write'], dir);
    expect(write).toEqual({
      code: 0,
      stdout: 'src/orders.ts\n',
      stderr: 'retable codemod --write: 1 file written, 1 reference rewritten, 0 dynamic references, 1 old name in migration files left as they are (history)\n',
    });
    expect(await readFile(path.join(dir, 'migrations/20240101000000_init.ts'), 'utf8')).toBe(ORDERS);
  });

  it('--check exits 1 while anything would change and 0 once --write has run', async () => {
    const dir = await copyFixture('select-embed', temps);
    const dry = await runMain(['codemod'], dir);
    const check = await runMain(['codemod', '--check'], dir);
    expect(check.code).toBe(1);
    expect(check.stdout).toBe(dry.stdout);
    expect(check.stdout).not.toBe('');
    expect(check.stderr).toMatch(/^retable codemod --check: 1 file would change, \d+ references to rewrite, 0 dynamic references\n$/);

    const write = await runMain(['codemod', '--write'], dir);
    expect(write.code).toBe(0);
    expect(write.stdout).toBe('src/embed.ts\n');
    expect(write.stderr).toMatch(/^retable codemod --write: 1 file written, \d+ references rewritten, 0 dynamic references\n$/);

    expect(await runMain(['codemod', '--check'], dir)).toEqual({
      code: 0,
      stdout: '',
      stderr: 'retable codemod --check: 0 files would change, 0 references to rewrite, 0 dynamic references\n',
    });
  });

  it('leaves a file that does not parse untouched, rewrites the others and exits 1', async () => {
    const dir = await copyFixture('parse-error', temps);
    const broken = await readFile(path.join(dir, 'src/broken.ts'), 'utf8');
    const dry = await runMain(['codemod'], dir);
    expect(dry.code).toBe(1);
    expect(dry.stdout).toMatch(/^diff --git a\/src\/fine\.ts b\/src\/fine\.ts\n/);
    expect(dry.stderr).toMatch(/^src\/broken\.ts:4:\d+: does not parse \(.+\); left unchanged\n/);
    const write = await runMain(['codemod', '--write'], dir);
    expect(write.code).toBe(1);
    expect(write.stdout).toBe('src/fine.ts\n');
    expect(write.stderr.split('\n').at(-2)).toBe(
      'retable codemod --write: 1 file written, 1 reference rewritten, 0 dynamic references, 1 file left unchanged',
    );
    expect(await readFile(path.join(dir, 'src/broken.ts'), 'utf8')).toBe(broken);
    expect(await readFile(path.join(dir, 'src/fine.ts'), 'utf8')).toContain("from('sales_orders')");
    expect((await runMain(['codemod', '--check'], dir)).code).toBe(1); // still: the broken file is a problem
  });

  it('narrows the scan to the paths given, relative to --cwd', async () => {
    const dir = await project({
      'app/retable.config.json': config({ renames: { orders: 'sales_orders' } }),
      'app/src/a.ts': ORDERS,
      'app/src/b.ts': ORDERS,
      'app/lib/c.ts': ORDERS,
    });
    const result = await runMain(['--cwd', 'app', 'codemod', '--write', 'src/b.ts', 'lib'], dir);
    expect(result.code).toBe(0);
    expect(result.stdout).toBe('lib/c.ts\nsrc/b.ts\n');
    expect(await readFile(path.join(dir, 'app/src/a.ts'), 'utf8')).toBe(ORDERS);
  });

  it('reads the config named by --config', async () => {
    const dir = await project({ 'config/retable.json': config({ renames: { orders: 'sales_orders' } }), 'src/a.ts': ORDERS });
    const result = await runMain(['codemod', '--config', 'config/retable.json', '--write'], dir);
    expect(result.code).toBe(0);
    expect(result.stdout).toBe('src/a.ts\n');
  });

  it('finds the config in a parent directory; paths on the command line stay relative to --cwd', async () => {
    const dir = await project({
      '.git/HEAD': 'ref: refs/heads/main\n',
      'retable.config.jsonc': '// the map\n{ "renames": { "orders": "sales_orders" } }\n',
      'src/a.ts': ORDERS,
      'src/b.ts': ORDERS,
    });
    const result = await runMain(['--cwd', 'src', 'codemod', '--write', 'a.ts'], dir);
    expect(result.code).toBe(0);
    expect(result.stdout).toBe('src/a.ts\n');
    expect(await readFile(path.join(dir, 'src/b.ts'), 'utf8')).toBe(ORDERS);
  });

  it('reads --config relative to the shell directory, with --cwd as the root', async () => {
    const dir = await project({ 'conf/r.json': config({ renames: { orders: 'sales_orders' } }), 'app/src/a.ts': ORDERS });
    const result = await runMain(['--cwd', 'app', '--config', 'conf/r.json', 'codemod', '--write'], dir);
    expect(result.code).toBe(0);
    expect(result.stdout).toBe('src/a.ts\n');
  });

  it('colours the diff only on a TTY without NO_COLOR', async () => {
    const dir = await project({ 'retable.config.json': config({ renames: { orders: 'sales_orders' } }), 'src/a.ts': ORDERS });
    const run = async (env: NodeJS.ProcessEnv) => {
      const stdout = Object.assign(capture(), { isTTY: true });
      await main(['codemod'], { stdout, stderr: capture(), cwd: dir, env });
      return stdout.text();
    };
    expect(await run({})).toContain('\u001b[32m+export const list');
    expect(await run({ NO_COLOR: '1' })).not.toContain('\u001b[');
  });

  it('prints its help', async () => {
    const result = await runMain(['codemod', '--help'], os.tmpdir());
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^Usage: retable codemod \[--write \| --check\] \[paths…\]\n/);
    expect((await runMain(['--help'], os.tmpdir())).stdout).toMatch(/\n {2}codemod +rewrite table references in code/);
  });
});
