import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, expect, test } from 'vitest';

// The scan thread runs only from the build (its worker script is dist/finder/scan-worker.js), so
// this test drives the built package in a child process, with and without the thread.
const dist = fileURLToPath(new URL('../dist/', import.meta.url));

let root: string;
beforeAll(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), 'retable-scan-thread-'));
  const files: Record<string, string> = {
    'retable.config.json': JSON.stringify({ renames: { orders: 'sales_orders', customers: 'crm_customers' } }),
    // First half of the sorted list (read on the main thread): uses constants from the second half.
    'src/a/uses-barrel.ts': `import { ORDERS } from '../z';\nexport const load = (db: any) => db.from(ORDERS).select('id');\n`,
    'src/a/direct.ts': `export const q = (db: any) => db.from('orders').select('id, customers(name)');\n`,
    'src/a/dynamic.ts': `export const q = (db: any, t: string) => db.from(t).select('*');\n`,
    'src/a/broken.ts': `export const q = (db: any) => db.from('orders'.select(;\n`,
    // Second half (read on the scan thread): a barrel that names nothing, the constants behind it.
    'src/z/index.ts': `export * from './tables';\n`,
    'src/z/tables.ts': `export const ORDERS = 'orders';\nexport const UNUSED = 'customers';\n`,
    'src/z/realtime.ts': `export const sub = (c: any) => c.on('postgres_changes', { schema: 'public', table: 'customers' }, () => {});\n`,
    'src/z/copy.tsx': `export const Title = () => <h1>Your orders and customers</h1>;\n`,
  };
  // Files that need nothing, on both sides of the split.
  for (let i = 0; i < 40; i += 1) {
    files[`src/${i < 20 ? 'a' : 'z'}/plain-${String(i).padStart(2, '0')}.ts`] = `export const n${i} = ${i}; // orders\n`;
  }
  for (const [file, text] of Object.entries(files)) {
    await mkdir(path.dirname(path.join(root, file)), { recursive: true });
    await writeFile(path.join(root, file), text);
  }
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

function run(env: Record<string, string>): { thread: boolean; result: unknown } {
  const script = `
    const core = await import(${JSON.stringify(path.join(dist, 'index.js'))});
    const { scanThread } = await import(${JSON.stringify(path.join(dist, 'finder/scan-thread.js'))});
    const { root, config, map } = await core.loadConfig({ cwd: ${JSON.stringify(root)} });
    const files = await core.listSourceFiles({ root, config });
    const found = await core.findReferences({ root, map, files });
    // Still there after the job: it did its share (a failed thread is dropped and the main thread reads all).
    const thread = scanThread() !== undefined;
    const result = { ...found, sources: [...found.sources.keys()], texts: [...found.texts] };
    process.stdout.write(JSON.stringify({ thread, result }));
  `;
  const child = spawnSync(process.execPath, ['--input-type=module', '-e', script], {
    encoding: 'utf8',
    env: { ...process.env, ...env },
  });
  if (child.status !== 0) throw new Error(`child exited with ${child.status}: ${child.stderr}`);
  return JSON.parse(child.stdout) as { thread: boolean; result: unknown };
}

test('the scan thread gives exactly the main thread result, and the process still exits', () => {
  if (!existsSync(path.join(dist, 'finder/scan-worker.js'))) {
    throw new Error('packages/core is not built: run npx tsc -b first');
  }
  const threaded = run({});
  const single = run({ RETABLE_NO_THREADS: '1' });
  expect(threaded.thread).toBe(true);
  expect(single.thread).toBe(false);
  expect(threaded.result).toEqual(single.result);

  const result = single.result as {
    references: Array<{ file: string; line: number; kind: string; table: string; status: string }>;
    parseProblems: Array<{ file: string }>;
    filesScanned: number;
    filesParsed: number;
    texts: Array<[string, string]>;
  };
  const refs = result.references.map((r) => `${r.file}:${r.line} ${r.kind} ${r.status} ${r.table}`);
  expect(refs).toEqual([
    'src/a/direct.ts:1 from old orders',
    'src/a/direct.ts:1 embed old customers',
    'src/a/dynamic.ts:1 from dynamic t',
    'src/z/realtime.ts:1 realtime old customers',
    'src/z/tables.ts:1 constant old orders',
  ]);
  expect(result.parseProblems.map((p) => p.file)).toEqual(['src/a/broken.ts']);
  expect(result.filesScanned).toBe(48);
  // The barrel names nothing and is dropped after reading, then read again when an import resolves to it.
  expect(result.texts.map(([file]) => file).sort()).toContain('src/z/index.ts');
});
