import { readFileSync } from 'node:fs';
import path from 'node:path';
import { runCodemod } from '@retable/codemod';
import { dynamicReferenceMessage, loadConfig, oldReferenceMessage } from '@retable/core';
import tsParser from '@typescript-eslint/parser';
import { RuleTester, type Linter } from 'eslint';
import { describe, expect, it } from 'vitest';
import plugin from '../src/index.js';
import { invalid, RENAMES, valid, type Expected } from './cases.js';
import { tempProject } from './helpers.js';

const rule = plugin.rules!['no-legacy-table']!;
const renames: Record<string, string> = RENAMES;

/** Every module a case needs on disk, the linted file with `disk(code)`. */
function projectFiles(disk: (code: string) => string): Record<string, string> {
  const files: Record<string, string> = {};
  for (const c of [...invalid, ...valid]) {
    Object.assign(files, c.files ?? {});
    files[c.file] = disk(c.code);
  }
  return files;
}

// The editor's case: the file on disk is an older version (one line more at the top), so any
// position or fix taken from the disk instead of ESLint's buffer would be off by a line.
const older = (code: string): string =>
  code.startsWith('\uFEFF') ? `\uFEFF// saved earlier\n${code.slice(1)}` : `// saved earlier\n${code}`;

const variants = [
  { name: 'the buffer is the saved file', dir: tempProject('saved', { renames }, projectFiles((code) => code)) },
  { name: 'the buffer differs from the file on disk', dir: tempProject('edited', { renames }, projectFiles(older)) },
];

function languageOptions(file: string): Linter.LanguageOptions {
  // espree (ESLint's default) for JavaScript, @typescript-eslint/parser for TypeScript.
  if (/\.[cm]?jsx?$/.test(file)) return { parserOptions: { ecmaFeatures: { jsx: true } } };
  return { parser: tsParser, parserOptions: { ecmaFeatures: { jsx: file.endsWith('.tsx') } } };
}

function message([table, kind]: Expected): string {
  const newName = renames[table];
  return newName ? oldReferenceMessage({ table, newName, kind: kind as never }) : dynamicReferenceMessage({ table, kind: kind as never });
}

const ruleTester = new RuleTester();

for (const variant of variants) {
  ruleTester.run(`no-legacy-table: ${variant.name}`, rule, {
    valid: valid.map((c) => ({
      name: c.name,
      filename: path.join(variant.dir, c.file),
      code: c.code,
      options: c.options ? [c.options] : [],
      languageOptions: languageOptions(c.file),
    })),
    invalid: invalid.map((c) => ({
      name: c.name,
      filename: path.join(variant.dir, c.file),
      code: c.code,
      output: c.output,
      options: c.options ? [c.options] : [],
      languageOptions: languageOptions(c.file),
      errors: c.errors.map((expected) => ({ message: message(expected), line: expected[2], column: expected[3] })),
    })),
  });
}

describe('the fixes are the codemod’s edits', () => {
  it('retable codemod --write gives every case’s output, and leaves every valid case alone', async () => {
    const dir = tempProject('codemod', { renames }, projectFiles((code) => code));
    const { root, config, map } = await loadConfig({ cwd: dir });
    const result = await runCodemod({ root, config, map, write: true });
    expect(result.problems).toEqual([]);
    for (const c of invalid) {
      expect(readFileSync(path.join(dir, c.file), 'utf8'), c.name).toBe(c.output ?? c.code);
    }
    for (const c of valid) expect(readFileSync(path.join(dir, c.file), 'utf8'), c.name).toBe(c.code);
  });
});
