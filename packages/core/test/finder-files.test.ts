import { readFileSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { findReferences, listSourceFiles, type FindResult } from '@retable/core';
import { applyEdits, map } from './helpers.js';

let root: string;

async function write(files: Record<string, string>): Promise<void> {
  for (const [file, text] of Object.entries(files)) {
    const abs = path.join(root, file);
    await mkdir(path.dirname(abs), { recursive: true });
    await writeFile(abs, text);
  }
}

function where(result: FindResult): string[] {
  return result.references.map((r) => `${r.file}:${r.line}:${r.column} ${r.kind} ${r.status} ${r.table}`);
}

const tables = [
  `export const ORDERS = 'orders';`,
  `export const LABEL = 'orders';`,
  `export const TABLES = { customers: 'customers', items: 'order_items' } as const;`,
  `export const UNUSED = 'customers';`,
  '',
].join('\n');

beforeAll(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), 'retable-finder-'));
  await write({
    'src/tables.ts': tables,
    // No table word in these files: the pre-filter must still parse them for their imports.
    'src/page.ts': `import { ORDERS as T } from './tables.js';\nexport const load = () => supabase.from(T).select('*');\n`,
    'src/constants/index.ts': `export * from '../tables';\n`,
    'src/list.ts': `import { TABLES } from './constants';\nexport const list = () => supabase.from(TABLES.customers);\n`,
    'src/ns.ts': `import * as t from './tables';\nsupabase.channel('x').on('postgres_changes', { event: '*', schema: 'public', table: t.TABLES.items }, cb);\n`,
    'src/label.ts': `import { LABEL } from './tables';\nexport const title = LABEL.toUpperCase();\n`,
    'src/db/schema.ts': `export const invoices = pgTable('invoice_rows', {});\n`,
    'src/db/query.ts': `import { invoices } from './schema';\nexport const q = () => db.select().from(invoices);\n`,
    'src/missing.ts': `import { TABLE } from './nowhere';\nsupabase.from(TABLE);\n`,
    'src/unrelated.ts': `import { x } from './page';\nexport const y = x + 1;\n`,
    'src/lookalike.ts': `supabase.from('orders_archive').select('orders_count');\n`,
    'src/broken.ts': `supabase.from('orders'\nconst = ;\n`,
    'src/direct.ts': `supabase.from('orders');\n`,
    // tsconfig paths: '@/lib/names' is a project module; '@supabase/ssr' is a package.
    'tsconfig.json': `{\n  // Next.js style\n  "compilerOptions": { "paths": { "@/*": ["./src/*"] }, },\n}\n`,
    'src/lib/names.ts': `export const CUSTOMERS_TABLE = 'customers';\n`,
    'src/alias.ts': `import { CUSTOMERS_TABLE } from '@/lib/names';\nimport { createServerClient } from '@supabase/ssr';\nexport const c = () => supabase.from(CUSTOMERS_TABLE);\n`,
  });
});

afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('findReferences over files', () => {
  test('constants imported from relative modules, through barrels and namespaces', async () => {
    const files = await listSourceFiles({ root, config: {} });
    const result = await findReferences({ root, map, files });
    expect(where(result)).toEqual([
      'src/direct.ts:1:16 from old orders',
      'src/lib/names.ts:1:33 constant old customers',
      'src/missing.ts:2:15 from dynamic TABLE',
      'src/tables.ts:1:24 constant old orders',
      'src/tables.ts:3:37 constant old customers',
      'src/tables.ts:3:57 constant old order_items',
    ]);
    expect(result.parseProblems).toEqual([
      { file: 'src/broken.ts', line: 2, column: 1, message: "',' expected." },
    ]);
    expect(result.filesScanned).toBe(files.length);
    // tables, broken, direct, lib/names (names) + page, list, ns (imports) + missing, db/query, alias
    // (.from(x)); not lookalike, label, unrelated, db/schema.
    expect(result.filesParsed).toBe(10);
    // The syntax trees of the parsed files that have no syntax error, of exactly the text read.
    expect([...result.sources.keys()].sort()).toEqual([
      'src/alias.ts', 'src/db/query.ts', 'src/direct.ts', 'src/lib/names.ts', 'src/list.ts', 'src/missing.ts', 'src/ns.ts',
      'src/page.ts', 'src/tables.ts',
    ]);
    expect(result.sources.get('src/direct.ts')!.text).toBe(`supabase.from('orders');\n`);
    const text = await readFile(path.join(root, 'src/tables.ts'), 'utf8');
    const edited = applyEdits(text, result.references.filter((r) => r.file === 'src/tables.ts'));
    expect(edited).toBe(
      [
        `export const ORDERS = 'sales_orders';`,
        `export const LABEL = 'orders';`,
        `export const TABLES = { customers: 'crm_customers', items: 'sales_order_items' } as const;`,
        `export const UNUSED = 'customers';`,
        '',
      ].join('\n'),
    );
  });

  test('a constant declared outside the scanned files gets no reference', async () => {
    const result = await findReferences({ root, map, files: ['src/page.ts', 'src/list.ts'] });
    expect(result.references).toEqual([]);
    expect(result.filesParsed).toBe(2);
  });

  test('reads each scanned file once through the given reader', async () => {
    const reads = new Map<string, number>();
    const files = ['src/page.ts', 'src/tables.ts', 'src/direct.ts'];
    const result = await findReferences({
      root,
      map,
      files,
      readFile: async (abs) => {
        const rel = path.relative(root, abs).split(path.sep).join('/');
        reads.set(rel, (reads.get(rel) ?? 0) + 1);
        return readFile(abs, 'utf8');
      },
    });
    expect(where(result)).toEqual(['src/direct.ts:1:16 from old orders', 'src/tables.ts:1:24 constant old orders']);
    expect([...reads.values()].every((n) => n === 1)).toBe(true);
  });

  test('a reader may return the text synchronously', async () => {
    const result = await findReferences({
      root,
      map,
      files: ['src/page.ts', 'src/tables.ts'],
      readFile: (abs) => readFileSync(abs, 'utf8'),
    });
    expect(where(result)).toEqual(['src/tables.ts:1:24 constant old orders']);
  });
});

describe('tsconfig paths', () => {
  test('in a referenced project of a solution-style tsconfig, through extends and baseUrl', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'retable-paths-'));
    try {
      const files: Record<string, string> = {
        'tsconfig.json': `{ "files": [], "references": [{ "path": "./tsconfig.app.json" }] }`,
        'tsconfig.app.json': `{ "extends": "./tsconfig.base", "compilerOptions": { "strict": true } }`,
        'tsconfig.base.json': `{ "compilerOptions": { "baseUrl": ".", "paths": { "~/*": ["src/*"] } } }`,
        'src/lib/t.ts': `export const T = 'orders';\n`,
        'src/use.ts': `import { T } from '~/lib/t';\nimport { x } from '~/nowhere';\nsupabase.from(T);\nsupabase.from(x);\n`,
      };
      for (const [file, text] of Object.entries(files)) {
        await mkdir(path.dirname(path.join(dir, file)), { recursive: true });
        await writeFile(path.join(dir, file), text);
      }
      const result = await findReferences({ root: dir, map, files: await listSourceFiles({ root: dir, config: {} }) });
      expect(where(result)).toEqual(['src/lib/t.ts:1:19 constant old orders', 'src/use.ts:4:15 from dynamic x']);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('CommonJS modules', () => {
  test('constants from module.exports and exports.NAME, through require()', async () => {
    const cjs = await mkdtemp(path.join(os.tmpdir(), 'retable-cjs-'));
    try {
      const files: Record<string, string> = {
        'lib/a.cjs': `module.exports = { ORDERS: 'orders', LABEL: 'orders' };\n`,
        'lib/b.cjs': `exports.ITEMS = 'order_items';\nmodule.exports.CUSTOMERS = 'customers';\n`,
        'use.cjs': `const { ORDERS: T } = require('./lib/a.cjs');\nconst b = require('./lib/b.cjs');\nsupabase.from(T);\nsupabase.from(b.ITEMS);\nsupabase.from(b.CUSTOMERS);\n`,
      };
      for (const [file, text] of Object.entries(files)) {
        await mkdir(path.dirname(path.join(cjs, file)), { recursive: true });
        await writeFile(path.join(cjs, file), text);
      }
      const result = await findReferences({ root: cjs, map, files: await listSourceFiles({ root: cjs, config: {} }) });
      expect(where(result)).toEqual([
        'lib/a.cjs:1:29 constant old orders',
        'lib/b.cjs:1:18 constant old order_items',
        'lib/b.cjs:2:29 constant old customers',
      ]);
    } finally {
      await rm(cjs, { recursive: true, force: true });
    }
  });
});

describe('symlinked folders and linked packages', () => {
  test('a module reached through a symlinked folder is the scanned file it really is', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'retable-links-'));
    try {
      const files: Record<string, string> = {
        'shared/tables.ts': `export const ORDERS = 'orders';\n`,
        'libs/db/package.json': `{ "name": "@acme/db" }\n`,
        'libs/db/src/index.ts': `export const ITEMS = 'order_items';\n`,
        'app/src/use.ts': `import { ORDERS } from './shared/tables';\nimport { ITEMS } from '@acme/db';\nsupabase.from(ORDERS);\nsupabase.from(ITEMS);\n`,
      };
      for (const [file, text] of Object.entries(files)) {
        await mkdir(path.dirname(path.join(dir, file)), { recursive: true });
        await writeFile(path.join(dir, file), text);
      }
      // app/src/shared → ../../shared; node_modules/@acme/db → ../../libs/db (as a workspace links it).
      await symlink('../../shared', path.join(dir, 'app/src/shared'));
      await mkdir(path.join(dir, 'node_modules/@acme'), { recursive: true });
      await symlink('../../libs/db', path.join(dir, 'node_modules/@acme/db'));
      const result = await findReferences({ root: dir, map, files: await listSourceFiles({ root: dir, config: {} }) });
      expect(where(result)).toEqual(['libs/db/src/index.ts:1:23 constant old order_items', 'shared/tables.ts:1:24 constant old orders']);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('listSourceFiles', () => {
  let tree: string;
  beforeAll(async () => {
    tree = await mkdtemp(path.join(os.tmpdir(), 'retable-files-'));
    const files = [
      'src/a.ts',
      'src/b.tsx',
      'src/c.mts',
      'src/d.cts',
      'src/e.js',
      'src/f.jsx',
      'src/g.mjs',
      'src/h.cjs',
      'src/env.d.ts',
      'src/types/database.types.ts',
      'src/legacy/old.ts',
      'src/styles.css',
      'README.md',
      'supabase/functions/hello/index.ts',
      'supabase/migrations/20240101_init.sql',
      'supabase/migrations/helper.ts',
      'node_modules/pkg/index.js',
      'packages/app/node_modules/dep/index.js',
      'dist/a.js',
      'build/a.js',
      '.next/server.js',
      'coverage/lcov.js',
      'packages/app/dist/x.js',
    ];
    for (const file of files) {
      await mkdir(path.join(tree, path.dirname(file)), { recursive: true });
      await writeFile(path.join(tree, file), '');
    }
  });
  afterAll(async () => {
    await rm(tree, { recursive: true, force: true });
  });

  test('defaults: every TS/JS file (the types file too), without dependencies, build output, migrations', async () => {
    expect(await listSourceFiles({ root: tree, config: { typesFile: './src/types/database.types.ts' } })).toEqual([
      'src/a.ts',
      'src/b.tsx',
      'src/c.mts',
      'src/d.cts',
      'src/e.js',
      'src/env.d.ts',
      'src/f.jsx',
      'src/g.mjs',
      'src/h.cjs',
      'src/legacy/old.ts',
      'src/types/database.types.ts',
      'supabase/functions/hello/index.ts',
    ]);
  });

  test('config include replaces the default, exclude adds to it (./ prefixes allowed)', async () => {
    const files = await listSourceFiles({
      root: tree,
      config: { include: ['./src/**', 'supabase/**'], exclude: ['./src/legacy/**'], typesFile: 'src/types/database.types.ts' },
    });
    expect(files).toEqual([
      'src/a.ts',
      'src/b.tsx',
      'src/c.mts',
      'src/d.cts',
      'src/e.js',
      'src/env.d.ts',
      'src/f.jsx',
      'src/g.mjs',
      'src/h.cjs',
      'src/types/database.types.ts',
      'supabase/functions/hello/index.ts',
    ]);
  });

  test('paths narrow the set to files and directories', async () => {
    expect(await listSourceFiles({ root: tree, config: {}, paths: ['src/a.ts', 'supabase'] })).toEqual([
      'src/a.ts',
      'supabase/functions/hello/index.ts',
    ]);
    expect(await listSourceFiles({ root: tree, config: {}, paths: [path.join(tree, 'src/legacy')] })).toEqual([
      'src/legacy/old.ts',
    ]);
  });

  test('a path that does not exist or lies outside the root is a usage error', async () => {
    await expect(listSourceFiles({ root: tree, config: {}, paths: ['src/nope'] })).rejects.toThrow(
      `src/nope: no such file or directory (paths are relative to ${tree})`,
    );
    await expect(listSourceFiles({ root: tree, config: {}, paths: ['../elsewhere'] })).rejects.toMatchObject({
      name: 'UsageError',
    });
  });

  test('never an empty check: an include, a file or a folder that selects nothing is an error', async () => {
    await expect(listSourceFiles({ root: tree, config: { include: ['src/**', 'scr/**'] } })).rejects.toMatchObject({
      name: 'ConfigError',
      message: `include: "scr/**" matches no .ts .tsx .mts .cts .js .jsx .mjs .cjs .vue .svelte .astro .prisma file under ${tree} (after exclude); fix or remove the pattern`,
    });
    await writeFile(path.join(tree, 'src/notes.md'), '# notes\n');
    await expect(listSourceFiles({ root: tree, config: {}, paths: ['src/notes.md'] })).rejects.toThrow(
      'src/notes.md: retable reads .ts .tsx .mts .cts .js .jsx .mjs .cjs .vue .svelte .astro .prisma files; it cannot check this one',
    );
    await expect(listSourceFiles({ root: tree, config: { exclude: ['src/legacy/**'] }, paths: ['src/legacy'] })).rejects.toThrow(
      'src/legacy: has no .ts .tsx .mts .cts .js .jsx .mjs .cjs .vue .svelte .astro .prisma file to check (or they are all excluded)',
    );
    await expect(listSourceFiles({ root: tree, config: { exclude: ['src/a.ts'] }, paths: ['src/a.ts'] })).rejects.toThrow(
      'src/a.ts: is excluded by the config or the defaults; check it by removing it from "exclude"',
    );
  });
});

describe('listSourceFiles without include: the own walker lists what tinyglobby lists', () => {
  let tree: string;
  beforeAll(async () => {
    tree = await mkdtemp(path.join(os.tmpdir(), 'retable-walk-'));
    const files = [
      'src/a.ts', 'src/.hidden.ts', 'src/.cache/x.ts', '.github/scripts/y.js', 'src/a.test.ts', 'src/deep/b.test.tsx',
      'src/gen/out.ts', 'src/gen/keep/in.ts', 'lib/gen/z.ts', 'src/legacy/old.ts', 'src/legacy.ts', 'src/dist.ts',
      'app/dist/x.js', 'app/node_modules/p/i.js', 'supabase/migrations/m.ts', 'x/supabase/migrations/m.ts',
      'src/Upper.TS', 'src/schema.prisma', 'src/App.vue', 'src/notes.md', 'src/stories/A.stories.tsx', 'src/build',
    ];
    for (const file of files) {
      await mkdir(path.join(tree, path.dirname(file)), { recursive: true });
      await writeFile(path.join(tree, file), '');
    }
    await symlink(path.join(tree, 'src'), path.join(tree, 'linked-src'));
    await symlink(path.join(tree, 'src/a.ts'), path.join(tree, 'src/linked.ts'));
  });
  afterAll(async () => {
    await rm(tree, { recursive: true, force: true });
  });

  const excludes: string[][] = [
    [],
    ['src/legacy/**'],
    ['./src/gen/**', '**/*.test.ts'],
    ['src/gen/*', '**/*.stories.tsx', 'lib/'],
    ['**/gen/**', 'src/legacy.ts', 'src/{a,dist}.ts'],
    ['!src/a.ts'],
  ];
  test.each(excludes.map((exclude) => [exclude.join(' ') || '(none)', exclude] as const))('exclude %s', async (_, exclude) => {
    const { globSync } = await import('tinyglobby');
    const { DEFAULT_EXCLUDE, DEFAULT_INCLUDE, isSourceFile } = await import('@retable/core');
    const strip = (p: string) => p.replace(/^(\.\/)+/, '');
    const expected = globSync([...DEFAULT_INCLUDE], {
      cwd: tree,
      ignore: [...DEFAULT_EXCLUDE, ...exclude.map(strip)],
      onlyFiles: true,
      dot: false,
      followSymbolicLinks: false,
      expandDirectories: false,
    })
      .filter(isSourceFile)
      .sort();
    expect(expected.length).toBeGreaterThan(3);
    expect(await listSourceFiles({ root: tree, config: { exclude } })).toEqual(expected);
  });
});
