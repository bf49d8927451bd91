import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { findReferences, listSourceFiles, loadConfig } from '@retable/core';
import tsParser from '@typescript-eslint/parser';
import { RuleTester, type Linter } from 'eslint';
import vueParser from 'vue-eslint-parser';
import plugin from '../src/index.js';
import { repoRoot, tempProject } from './helpers.js';

/**
 * Every codemod fixture (packages/codemod/test/fixtures/<case>/{input,expected}) through the rule:
 * each source file of input/ is linted, and the fixed text must be the codemod's expected/ file.
 * The number of reports is what the finder returns for the file (old names, not ignored). Files the
 * codemod leaves alone on purpose (they do not parse, or are not UTF-8) are not ESLint's to fix.
 */
const rule = plugin.rules!['no-legacy-table']!;
const fixturesDir = path.join(repoRoot, 'packages/codemod/test/fixtures');
// Files ESLint does not read as text (UTF-16, not UTF-8) or that do not parse are not ESLint's to fix.
const SKIP_FIXTURES = new Set(['parse-error', 'not-utf8', 'utf16']);
// ESLint lints JS/TS, and Vue components through vue-eslint-parser (the script blocks with the TS parser).
const LINTED = /\.([cm]?[jt]sx?|vue)$/;

function filesUnder(dir: string): Record<string, string> {
  const files: Record<string, string> = {};
  for (const entry of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const full = path.join(entry.parentPath, entry.name);
    files[path.relative(dir, full).split(path.sep).join('/')] = readFileSync(full, 'utf8');
  }
  return files;
}

function languageOptions(file: string): Linter.LanguageOptions {
  if (file.endsWith('.vue')) return { parser: vueParser, parserOptions: { parser: tsParser, sourceType: 'module', ecmaVersion: 'latest' } };
  if (/\.[cm]?jsx?$/.test(file)) return { parserOptions: { ecmaFeatures: { jsx: true } } };
  return { parser: tsParser, parserOptions: { ecmaFeatures: { jsx: file.endsWith('.tsx') } } };
}

const ruleTester = new RuleTester();
const names = readdirSync(fixturesDir, { withFileTypes: true })
  .filter((entry) => entry.isDirectory() && !SKIP_FIXTURES.has(entry.name))
  .map((entry) => entry.name)
  .sort();

for (const name of names) {
  const caseDir = path.join(fixturesDir, name);
  const retableConfig = JSON.parse(readFileSync(path.join(caseDir, 'retable.config.json'), 'utf8')) as Record<string, unknown>;
  const input = filesUnder(path.join(caseDir, 'input'));
  const dir = tempProject(`fixture-${name}`, retableConfig, input);
  const { root, config, map } = await loadConfig({ cwd: dir });
  const files = await listSourceFiles({ root, config });
  const { references } = await findReferences({ root, map, files });
  const valid: RuleTester.ValidTestCase[] = [];
  const invalid: RuleTester.InvalidTestCase[] = [];
  const scanned = new Set(files);
  for (const file of Object.keys(input).filter((f) => LINTED.test(f)).sort()) {
    const code = input[file]!;
    // The config's excludes, build output, the typesFile: the CLI does not scan them, nor does the rule.
    if (!scanned.has(file)) {
      valid.push({ name: `${file} (not scanned)`, filename: path.join(dir, file), code, languageOptions: languageOptions(file) });
      continue;
    }
    const expectedFile = path.join(caseDir, 'expected', file);
    const expected = existsSync(expectedFile) ? readFileSync(expectedFile, 'utf8') : code;
    const count = references.filter((r) => r.file === file && r.status === 'old' && !r.ignored).length;
    const base = { name: file, filename: path.join(dir, file), code, languageOptions: languageOptions(file) };
    if (count === 0) valid.push(base);
    else invalid.push({ ...base, output: expected === code ? null : expected, errors: count });
  }
  if (valid.length + invalid.length > 0) ruleTester.run(`codemod fixture ${name}`, rule, { valid, invalid });
}
