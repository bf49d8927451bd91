import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadConfig } from '@retable/core';
import { verify, type VerifyOptions, type VerifyResult } from '@retable/verify';

export const fixturesDir = fileURLToPath(new URL('./fixtures/', import.meta.url));

/** Temp directories made by a test file; remove them in afterAll with `removeTemps`. */
export const temps: string[] = [];

export async function removeTemps(): Promise<void> {
  await Promise.all(temps.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
}

/** A project in a fresh temp directory: posix path → file text. */
export async function project(files: Record<string, string>): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'retable-verify-'));
  temps.push(dir);
  for (const [file, text] of Object.entries(files)) {
    const full = path.join(dir, file);
    await mkdir(path.dirname(full), { recursive: true });
    await writeFile(full, text);
  }
  return dir;
}

/** The config file text for a rename map (and optional extra keys). */
export function config(renames: Record<string, string>, extra: Record<string, unknown> = {}): string {
  return `${JSON.stringify({ renames, ...extra }, null, 2)}\n`;
}

/** Load `<dir>/retable.config.json` and run verify. */
export async function verifyDir(dir: string, options: Partial<Omit<VerifyOptions, 'root' | 'config' | 'map'>> = {}): Promise<VerifyResult> {
  const { root, config: loaded, map } = await loadConfig({ cwd: dir });
  return verify({ root, config: loaded, map, ...options });
}

/** `file:line:column kind table status` per reference: compact and exact. */
export function where(references: readonly { file: string; line: number; column: number; kind?: string; table?: string; status?: string }[]): string[] {
  return references.map((r) => [`${r.file}:${r.line}:${r.column}`, r.kind, r.table, r.status].filter((x) => x !== undefined).join(' '));
}

/** name → count, in the result's order. */
export function counts(list: readonly { name: string; count: number }[]): [string, number][] {
  return list.map((n) => [n.name, n.count]);
}
