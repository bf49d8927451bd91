import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll } from 'vitest';
import { createRenameMap, findReferencesInText, type Reference } from '@retable/core';

const temps: string[] = [];
afterAll(() => Promise.all(temps.splice(0).map((dir) => rm(dir, { recursive: true, force: true }))));

/** A project in a temp dir (removed after the file's tests): the files to scan are the non-JSON ones. */
export async function project(files: Record<string, string>): Promise<{ root: string; files: string[] }> {
  const root = await mkdtemp(path.join(os.tmpdir(), 'retable-core-'));
  temps.push(root);
  for (const [file, text] of Object.entries(files)) {
    await mkdir(path.dirname(path.join(root, file)), { recursive: true });
    await writeFile(path.join(root, file), text);
  }
  return { root, files: Object.keys(files).filter((f) => !f.endsWith('.json')).sort() };
}

/** The rename map of the forms table: orders → sales_orders, customers → crm_customers, … */
export const map = createRenameMap({
  orders: 'sales_orders',
  customers: 'crm_customers',
  order_items: 'sales_order_items',
});

export function find(text: string, file = 'src/app.ts'): Reference[] {
  const result = findReferencesInText({ file, text, map });
  if (result.parseProblem) throw new Error(`parse problem: ${JSON.stringify(result.parseProblem)}`);
  return result.references;
}

/** Apply every non-ignored edit, right to left, as the codemod does. */
export function applyEdits(text: string, references: readonly Reference[]): string {
  const edits = references
    .filter((r) => r.edit && !r.ignored)
    .flatMap((r) => [r.edit!, ...(r.moreEdits ?? [])])
    .sort((a, b) => b.start - a.start);
  let out = text;
  for (const edit of edits) out = out.slice(0, edit.start) + edit.text + out.slice(edit.end);
  return out;
}

/** The codemod's output for one file's text. */
export function rewrite(text: string, file = 'src/app.ts'): string {
  return applyEdits(text, find(text, file));
}

/** Compact view: kind status table @line:column. */
export function summary(references: readonly Reference[]): string[] {
  return references.map(
    (r) => `${r.kind} ${r.status} ${r.table} @${r.line}:${r.column}${r.ignored ? ' ignored' : ''}`,
  );
}

/** `line:column` (1-based) of the n-th occurrence of `needle` in `text` (skipping a leading quote). */
export function at(text: string, needle: string, occurrence = 1): string {
  let index = -1;
  for (let i = 0; i < occurrence; i += 1) {
    index = text.indexOf(needle, index + 1);
    if (index === -1) throw new Error(`"${needle}" occurs fewer than ${occurrence} times`);
  }
  const before = text.slice(0, index);
  const line = before.split('\n').length;
  return `${line}:${index - before.lastIndexOf('\n')}`;
}
