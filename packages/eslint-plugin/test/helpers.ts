import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, it } from 'vitest';
import { RuleTester } from 'eslint';

// RuleTester declares its cases with the test framework's describe/it.
RuleTester.describe = describe;
RuleTester.it = it;
RuleTester.itOnly = it.only;

const temps: string[] = [];
afterAll(() => {
  for (const dir of temps) rmSync(dir, { recursive: true, force: true });
});

/**
 * A temp project on disk (the rule reads the config and the other modules from disk, like the CLI):
 * `retable.config.json` with `config` and the given files. Created synchronously, because
 * RuleTester declares its cases when the test file is collected.
 */
export function tempProject(name: string, config: Record<string, unknown>, files: Record<string, string>): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), `retable-eslint-${name}-`));
  temps.push(dir);
  writeFileSync(path.join(dir, 'retable.config.json'), `${JSON.stringify(config, null, 2)}\n`);
  for (const [file, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    writeFileSync(path.join(dir, file), text);
  }
  return dir;
}

/** Repository paths the tests need. */
export const repoRoot = path.resolve(import.meta.dirname, '../../..');
export const pluginDir = path.resolve(import.meta.dirname, '..');
