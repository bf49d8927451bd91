import { readFileSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { listSourceFiles } from '@retable/core';
import { decider, type Need } from '../src/finder/classify.js';
import { readThreads, workChunks } from '../src/finder/read-files.js';
import { map } from './helpers.js';

// Reading and pre-filtering on worker threads must not change anything the finder returns. The
// workers run from the built package (dist/), as the CLI runs them; `pnpm test` builds first.
let root: string;
let files: string[];

const kinds = [
  (i: number) => `export const label${i} = 'Orders and customers';\n`, // look-alike words only
  (i: number) => `export async function load${i}() {\n  return supabase.from('orders').select('id, customers(name)');\n}\n`,
  (i: number) => `export function count${i}(table: string) {\n  return supabase.from(table).select('*', { count: 'exact' });\n}\n`,
  (i: number) => `import { ORDERS } from '../tables';\nexport const q${i} = () => supabase.from(ORDERS);\n`,
  (i: number) => `export const value${i} = ${i} * 2;\n`,
];

beforeAll(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), 'retable-threads-'));
  const write = async (file: string, text: string) => {
    await mkdir(path.dirname(path.join(root, file)), { recursive: true });
    await writeFile(path.join(root, file), text);
  };
  await write('src/tables.ts', `export const ORDERS = 'order_items';\n`);
  await write('src/Orders.vue', `<template><p>orders</p></template>\n<script setup lang="ts">\nconst rows = await supabase.from('customers').select();\n</script>\n`);
  for (let i = 0; i < 1500; i += 1) await write(`src/f${i % 30}/m${i}.ts`, kinds[i % kinds.length]!(i));
  files = await listSourceFiles({ root, config: {} });
}, 60_000);

afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('reading and pre-filtering on several threads', () => {
  test('threads by default: one worker on 2 cores only from 40,000 files, more with more cores; --threads wins', () => {
    expect(readThreads(10_000, undefined, 1)).toBe(1);
    expect(readThreads(100_000, undefined, 1)).toBe(1);
    expect(readThreads(10_000, undefined, 2)).toBe(1);
    expect(readThreads(39_999, undefined, 2)).toBe(1);
    expect(readThreads(40_000, undefined, 2)).toBe(2);
    expect(readThreads(2_000, undefined, 4)).toBe(1);
    expect(readThreads(10_000, undefined, 4)).toBe(4);
    expect(readThreads(100_000, undefined, 16)).toBe(4);
    expect(readThreads(100_000, 1, 16)).toBe(1);
    expect(readThreads(10, 3, 2)).toBe(3);
  });

  test('a worker loop classifies each file as this thread does, keeps only the texts to parse, reports unreadable files', () => {
    const listed = [...files.slice(0, 700), 'src/gone.ts', ...files.slice(700)];
    const counter = new Int32Array(new SharedArrayBuffer(4));
    const posted: Array<{ chunk: number; needs: Uint8Array; texts: Array<string | undefined>; unreadable: Array<[number, string]> }> = [];
    workChunks({ root, files: listed, names: map, counter, chunkSize: 256 }, (result) => posted.push(result));
    expect(posted.map((p) => p.chunk)).toEqual([0, 1, 2, 3, 4, 5]);
    const decide = decider(map);
    const order: Need[] = ['nothing', 'names', 'dynamic', 'imports'];
    const seen = new Map<Need, number>();
    for (const { chunk, needs, texts } of posted) {
      needs.forEach((code, i) => {
        const rel = listed[chunk * 256 + i]!;
        const raw = rel === 'src/gone.ts' ? '' : readFileSync(path.join(root, rel), 'utf8');
        const need = order[code]!;
        expect(need).toBe(decide(rel, raw).need);
        expect(texts[i]).toBe(need === 'nothing' ? undefined : raw);
        seen.set(need, (seen.get(need) ?? 0) + 1);
      });
    }
    expect(seen.get('names')).toBeGreaterThan(100);
    expect(seen.get('dynamic')).toBeGreaterThan(100);
    expect(seen.get('nothing')).toBeGreaterThan(100);
    expect(posted.flatMap((p) => p.unreadable)).toEqual([[700, 'ENOENT']]);
  });

  test('a slow main thread leaves chunks to the worker; every file is kept once, as classified here', async () => {
    const { readInParallel } = (await import(new URL('../dist/finder/read-files.js', import.meta.url).href)) as typeof import('../src/finder/read-files.js');
    const listed = [...files, 'src/gone.ts'];
    const kept = new Map<number, { text: string; need: Need | undefined }>();
    const unreadable: string[] = [];
    await readInParallel({
      root,
      files: listed,
      names: map,
      threads: 2,
      keep: (index, text, need) => {
        expect(kept.has(index)).toBe(false);
        kept.set(index, { text, need });
        if (need === undefined) for (const until = Date.now() + 2; Date.now() < until; );
      },
      unreadable: (file, code) => unreadable.push(`${file} ${code}`),
    });
    expect(kept.size).toBe(listed.length);
    expect(unreadable).toEqual(['src/gone.ts ENOENT']);
    const byWorker = [...kept.values()].filter((k) => k.need !== undefined).length;
    expect(byWorker).toBeGreaterThan(256);
    const decide = decider(map);
    for (const [index, { text, need }] of kept) {
      const rel = listed[index]!;
      const raw = rel === 'src/gone.ts' ? '' : readFileSync(path.join(root, rel), 'utf8');
      const expected = decide(rel, raw).need;
      if (need === undefined) expect(text).toBe(raw);
      else {
        expect(need).toBe(expected);
        expect(text).toBe(need === 'nothing' ? '' : raw);
      }
    }
  }, 60_000);

  test('the built finder returns the same with 1, 2 and 3 threads', async () => {
    const dist = (await import(new URL('../dist/index.js', import.meta.url).href)) as typeof import('@retable/core');
    const listed = [...files, 'src/gone.ts'];
    const run = (threads: number) => dist.findReferences({ root, map: dist.createRenameMap({ orders: 'sales_orders', customers: 'crm_customers', order_items: 'sales_order_items' }), files: listed, threads });
    const [one, two, three] = [await run(1), await run(2), await run(3)];
    const summary = (r: Awaited<ReturnType<typeof run>>) => ({
      references: r.references,
      unreadable: r.unreadable,
      parseProblems: r.parseProblems,
      filesParsed: r.filesParsed,
      texts: [...r.texts.keys()].sort(),
    });
    expect(one.references.length).toBeGreaterThan(600);
    expect(one.unreadable).toEqual([{ file: 'src/gone.ts', code: 'ENOENT' }]);
    expect(one.references.some((r) => r.file === 'src/Orders.vue' && r.table === 'customers')).toBe(true);
    expect(summary(two)).toEqual(summary(one));
    expect(summary(three)).toEqual(summary(one));
  });
});
