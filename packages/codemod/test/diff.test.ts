import { execFileSync } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { planEdits, renderDiff } from '../src/index.js';
import { referenceAt } from './helpers.js';

const temps: string[] = [];
afterEach(async () => {
  await Promise.all(temps.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
});

function planFor(file: string, text: string, edits: Array<[string, string, number?]>) {
  const refs = edits.map(([needle, replacement, occurrence]) => referenceAt(file, text, needle, replacement, { occurrence }));
  const plan = planEdits(refs, new Map([[file, text]]));
  expect(plan.problems).toEqual([]);
  return plan;
}

/** Apply `patch` with `git apply` to a directory holding `file` = `text`; return the result. */
async function gitApply(file: string, text: string, patch: string): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'retable-diff-'));
  temps.push(dir);
  await writeFile(path.join(dir, file), text);
  await writeFile(path.join(dir, 'x.patch'), patch);
  execFileSync('git', ['apply', '--unsafe-paths', '--directory', '', 'x.patch'], { cwd: dir, stdio: 'pipe' });
  return readFile(path.join(dir, file), 'utf8');
}

describe('renderDiff', () => {
  it('prints a git-style unified diff with three lines of context', () => {
    const text = ['import { db } from "./db";', '', 'export function list() {', "  return db.from('orders').select('*');", '}', '', 'const x = 1;', 'const y = 2;', 'const z = 3;', ''].join('\n');
    const diff = renderDiff(planFor('src/list.ts', text, [['orders', 'sales_orders']]));
    expect(diff).toBe(
      [
        'diff --git a/src/list.ts b/src/list.ts',
        '--- a/src/list.ts',
        '+++ b/src/list.ts',
        '@@ -1,7 +1,7 @@',
        ' import { db } from "./db";',
        ' ',
        ' export function list() {',
        "-  return db.from('orders').select('*');",
        "+  return db.from('sales_orders').select('*');",
        ' }',
        ' ',
        ' const x = 1;',
        '',
      ].join('\n'),
    );
  });

  it('concatenates files in plan order and is empty for an empty plan', () => {
    const a = "db.from('orders')\n";
    const plan = planEdits(
      [referenceAt('b.ts', a, 'orders', 'sales_orders'), referenceAt('a.ts', a, 'orders', 'sales_orders')],
      new Map([['a.ts', a], ['b.ts', a]]),
    );
    const diff = renderDiff(plan);
    expect(diff.match(/^diff --git .*$/gm)).toEqual(['diff --git a/a.ts b/a.ts', 'diff --git a/b.ts b/b.ts']);
    expect(renderDiff({ files: [] })).toBe('');
  });

  it('keeps CRLF endings in the patch lines, so git apply reproduces the edit', async () => {
    const text = "const a = 1;\r\nconst q = db.from('orders');\r\nconst b = 2;\r\n";
    const plan = planFor('a.ts', text, [['orders', 'sales_orders']]);
    const diff = renderDiff(plan);
    expect(diff).toBe(
      "diff --git a/a.ts b/a.ts\n--- a/a.ts\n+++ b/a.ts\n@@ -1,3 +1,3 @@\n const a = 1;\r\n-const q = db.from('orders');\r\n+const q = db.from('sales_orders');\r\n const b = 2;\r\n",
    );
    expect(await gitApply('a.ts', text, diff)).toBe(plan.files[0]!.text);
  });

  it('keeps a BOM and a missing final newline exact', async () => {
    const text = "\uFEFFdb.from('orders')";
    const plan = planFor('a.ts', text, [['orders', 'sales_orders']]);
    const diff = renderDiff(plan);
    expect(diff).toBe(
      "diff --git a/a.ts b/a.ts\n--- a/a.ts\n+++ b/a.ts\n@@ -1 +1 @@\n-\uFEFFdb.from('orders')\n\\ No newline at end of file\n+\uFEFFdb.from('sales_orders')\n\\ No newline at end of file\n",
    );
    expect(await gitApply('a.ts', text, diff)).toBe(plan.files[0]!.text);
  });

  it('splits distant changes into separate hunks', () => {
    const lines = Array.from({ length: 20 }, (_, i) => `const v${i} = ${i};`);
    lines[2] = "db.from('orders');";
    lines[17] = "db.from('customers');";
    const text = `${lines.join('\n')}\n`;
    const diff = renderDiff(planFor('a.ts', text, [['orders', 'sales_orders'], ['customers', 'crm_customers']]));
    expect(diff.match(/^@@.*@@$/gm)).toEqual(['@@ -1,6 +1,6 @@', '@@ -15,6 +15,6 @@']);
  });
});
