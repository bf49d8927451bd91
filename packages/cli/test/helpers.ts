import { spawnSync } from 'node:child_process';
import { copyFile, cp, mkdtemp, readdir, readFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { main } from '../src/index.js';

export const fixturesDir = fileURLToPath(new URL('../../codemod/test/fixtures/', import.meta.url));
export const binary = fileURLToPath(new URL('../bin/retable.js', import.meta.url));

/** A stream that keeps what is written to it. */
export function capture(): Writable & { text: () => string } {
  const chunks: Buffer[] = [];
  const stream = new Writable({
    write(chunk: Buffer | string, _encoding, callback) {
      chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk));
      callback();
    },
  });
  return Object.assign(stream, { text: () => Buffer.concat(chunks).toString('utf8') });
}

/** Run the CLI in-process: exit code, stdout and stderr. */
export async function runMain(argv: string[], cwd: string): Promise<{ code: number; stdout: string; stderr: string }> {
  const stdout = capture();
  const stderr = capture();
  const code = await main(argv, { stdout, stderr, cwd, env: { NO_COLOR: '1' } });
  return { code, stdout: stdout.text(), stderr: stderr.text() };
}

/** Run the built binary (packages/cli/dist, built by `tsc -b`) with NO_COLOR=1. */
export function runBinary(argv: string[], cwd: string): { code: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, [binary, ...argv], {
    cwd,
    env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: undefined },
    encoding: 'utf8',
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** A temp copy of a codemod fixture's input project with its config. */
export async function copyFixture(name: string, temps: string[]): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), `retable-cli-${name}-`));
  temps.push(dir);
  await cp(path.join(fixturesDir, name, 'input'), dir, { recursive: true });
  await copyFile(path.join(fixturesDir, name, 'retable.config.json'), path.join(dir, 'retable.config.json'));
  return dir;
}

/** Every file under `dir`: posix path → text (latin1, so any byte difference shows). */
export async function snapshot(dir: string): Promise<Record<string, string>> {
  const files: Record<string, string> = {};
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  for (const entry of entries.filter((e) => e.isFile()).sort((a, b) => (path.join(a.parentPath, a.name) < path.join(b.parentPath, b.name) ? -1 : 1))) {
    const full = path.join(entry.parentPath, entry.name);
    files[path.relative(dir, full).split(path.sep).join('/')] = await readFile(full, 'latin1');
  }
  return files;
}
