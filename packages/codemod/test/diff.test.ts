import { execFileSync } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { applyPatch } from 'diff';
import { afterEach, describe, expect, it } from 'vitest';
import { planEdits, renderDiff, renderFileDiff } from '../src/index.js';
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

  it('builds the same hunks from the edit positions as a line diff of the two texts (seeded random files)', () => {
    let seed = 7;
    const random = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
    const pick = <T,>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!;
    let compared = 0;
    for (let round = 0; round < 400; round++) {
      const eol = random() < 0.2 ? '\r\n' : '\n';
      // Every other round the lines are unique: then a line diff has one answer and both must print it.
      const unique = round % 2 === 0;
      const lines = Array.from({ length: 1 + Math.floor(random() * 30) }, (_, i) =>
        pick(["db.from('orders')", "db.from('orders').select('*, orders(id)')", 'const x = 1;', '', '{}', "db.from('sales_orders')", "db.from('customers')"]) +
        (unique ? ` // ${i}` : ''),
      );
      const text = lines.join(eol) + (random() < 0.8 ? eol : '');
      const refs = [];
      for (const needle of ['orders', 'customers']) {
        for (let at = text.indexOf(`'${needle}`), n = 0; at !== -1; at = text.indexOf(`'${needle}`, at + 1), n++) {
          if (random() < 0.7) {
            const ref = referenceAt('a.ts', text, `'${needle}`, `'new_${needle}`, { occurrence: n });
            refs.push({ ...ref, edit: { start: at + 1, end: at + 1 + needle.length, text: `new_${needle}` } });
          }
        }
      }
      if (refs.length === 0) continue;
      const plan = planEdits(refs, new Map([['a.ts', text]]));
      const file = plan.files[0];
      if (!file) continue;
      compared++;
      const patch = renderFileDiff(file);
      // With repeated lines a line diff may pair them differently; the patch still gives the new text.
      expect(applyPatch(file.original, patch), text).toBe(file.text);
      if (unique) expect(patch, text).toBe(renderFileDiff({ file: file.file, original: file.original, text: file.text }));
    }
    expect(compared).toBeGreaterThan(300);
  });

  it('quotes file names as git does, so a name with a tab or a line break applies with git apply', async () => {
    const text = "db.from('orders')\n";
    for (const file of ['tab\there.ts', 'line\nbreak.ts', 'quote"back\\slash.ts']) {
      const plan = planFor(file, text, [['orders', 'sales_orders']]);
      const diff = renderDiff(plan);
      expect(diff.split('\n')[0]).toBe(`diff --git "a/${JSON.stringify(file).slice(1, -1)}" "b/${JSON.stringify(file).slice(1, -1)}"`);
      expect(await gitApply(file, text, diff)).toBe(plan.files[0]!.text);
    }
  });
});
