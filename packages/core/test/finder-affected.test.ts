import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { findAffectedFiles, listSourceFiles } from '@retable/core';

// `findAffectedFiles` (verify --changed): which files a change can reach through imports, resolved
// the way the finder resolves them (relative, index folders, barrels, tsconfig paths, workspaces).
let root: string;
let files: string[];
const names = { oldNames: new Set(['orders']), newNames: new Set(['purchases']) };

async function write(entries: Record<string, string>): Promise<void> {
  for (const [file, text] of Object.entries(entries)) {
    const abs = path.join(root, file);
    await mkdir(path.dirname(abs), { recursive: true });
    await writeFile(abs, text);
  }
}

beforeAll(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), 'retable-affected-'));
  await write({
    'tsconfig.json': JSON.stringify({ compilerOptions: { baseUrl: '.', paths: { '@/*': ['src/*'], '#names': ['src/lib/names.ts'] } } }),
    'pnpm-workspace.yaml': 'packages:\n  - packages/*\n',
    'packages/db/package.json': JSON.stringify({ name: '@acme/db', exports: { '.': './src/main.ts', './t': './src/tables.ts' } }),
    'packages/db/src/main.ts': "export * from './tables';\n",
    'packages/db/src/tables.ts': "export const ORDERS = 'orders';\n",
    'src/lib/tables.ts': "export const TABLES = { orders: 'orders' };\n",
    'src/lib/index.ts': "export * from './tables';\n",
    'src/lib/barrel2.ts': "export { TABLES as T } from '.';\n",
    'src/lib/names.ts': "export const NAME = 'orders';\n",
    'src/lib/config.json': '{ "table": "orders" }\n',
    'src/lib/helpers.ts': "export function rows(t: string) { return db.from(t); }\n",
    'src/lib/deep.ts': "export { rows as r } from './helpers';\n",
    // Importers, each by another route.
    'src/a-relative.ts': "import { TABLES } from './lib/tables.js';\nexport const a = () => db.from(TABLES.orders);\n",
    'src/b-folder.ts': "import { TABLES } from './lib';\nexport const b = TABLES;\n",
    'src/c-alias.ts': "import { TABLES } from '@/lib/tables';\nimport { rows } from './lib/helpers';\nexport const c = () => rows(TABLES.orders);\n",
    'src/d-second-barrel.ts': "import { T } from './lib/barrel2';\nexport const d = T;\n",
    'src/e-exact-alias.ts': "import { NAME } from '#names';\nexport const e = NAME;\n",
    'src/f-workspace.ts': "import { ORDERS } from '@acme/db';\nimport { ORDERS as O2 } from '@acme/db/t';\nexport const f = [ORDERS, O2];\n",
    'src/g-json.ts': "import config from './lib/config.json';\nexport const g = config.table;\n",
    // Same file name, another folder: not an importer.
    'src/other/tables.ts': "export const X = 'orders';\n",
    'src/h-lookalike.ts': "import { X } from './other/tables';\nexport const h = X;\n",
    'src/unrelated.ts': "export const u = 'tables';\n",
  });
  files = await listSourceFiles({ root, config: {} });
});

afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('findAffectedFiles', () => {
  test('relative, folder and alias importers, through barrels, with the modules they import', async () => {
    const affected = await findAffectedFiles({ root, files, names, changed: ['src/lib/tables.ts'] });
    expect(affected.importers).toEqual(['src/a-relative.ts', 'src/b-folder.ts', 'src/c-alias.ts', 'src/d-second-barrel.ts', 'src/lib/barrel2.ts', 'src/lib/index.ts']);
    // c-alias.ts calls rows() from helpers.ts: the wrapper must be analysed with it.
    expect(affected.imported).toEqual(['src/lib/helpers.ts']);
    expect(affected.files).toEqual([...affected.importers, 'src/lib/helpers.ts', 'src/lib/tables.ts'].sort());
  });

  test('an exact tsconfig alias, a workspace package by its name and by an exports subpath', async () => {
    expect((await findAffectedFiles({ root, files, names, changed: ['src/lib/names.ts'] })).importers).toEqual(['src/e-exact-alias.ts']);
    expect((await findAffectedFiles({ root, files, names, changed: ['packages/db/src/tables.ts'] })).importers).toEqual([
      'packages/db/src/main.ts',
      'src/f-workspace.ts',
    ]);
  });

  test('a changed JSON module is not checked, its importers are; a file of the same name elsewhere is not one', async () => {
    const json = await findAffectedFiles({ root, files, names, changed: ['src/lib/config.json'] });
    expect(json.files).toEqual(['src/g-json.ts']);
    const other = await findAffectedFiles({ root, files, names, changed: ['src/other/tables.ts'] });
    expect(other.importers).toEqual(['src/h-lookalike.ts']);
    expect(other.files).toEqual(['src/h-lookalike.ts', 'src/other/tables.ts']);
  });

  test('a module that names no table lends its importers none: they are not searched', async () => {
    // Its callers (a wrapper's) are findReferences' to find; the module it imports is context.
    const helpers = await findAffectedFiles({ root, files, names, changed: ['src/lib/helpers.ts', 'src/c-alias.ts'] });
    expect(helpers.lending).toEqual([]);
    expect(helpers.importers).toEqual([]);
    expect(helpers.files).toEqual(['src/c-alias.ts', 'src/lib/helpers.ts', 'src/lib/tables.ts']);
    // A barrel lends what it re-exports.
    expect((await findAffectedFiles({ root, files, names, changed: ['src/lib/deep.ts'] })).lending).toEqual(['src/lib/deep.ts']);
    expect(await findAffectedFiles({ root, files, names, changed: [] })).toEqual({ files: [], importers: [], imported: [], lending: [] });
  });
});
