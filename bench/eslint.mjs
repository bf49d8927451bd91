#!/usr/bin/env node
// eslint-plugin-retable in an editor: what `retable/no-legacy-table` adds to linting one typical
// component, against the same ESLint (same parser, same file) without the rule, in the same run.
//   node bench/eslint.mjs [--runs N] [--files N] [--seed N]      (pnpm bench runs every benchmark)
// Figures only; nothing is asserted.
import { readdirSync, readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { OLD_NAMES, benchOptions, isMain, median, prepareCorpus, repo, time } from './lib.mjs';

const pluginDir = path.join(repo, 'packages/eslint-plugin');
const require = createRequire(path.join(pluginDir, 'package.json'));
const eslintBin = path.join(path.dirname(require.resolve('eslint/package.json')), 'bin', 'eslint.js');
const TARGET_MS = 20;

/**
 * What an editor has open: the first component (.tsx, sorted) that uses an old table's word (in copy,
 * routes or keys, as most of the corpus's components do), and the first module that queries one.
 */
function typicalFiles(corpus) {
  const word = new RegExp(`\\b(${OLD_NAMES.join('|')})\\b`);
  const query = new RegExp(`\\.from\\('(${OLD_NAMES.join('|')})'\\)`);
  const files = readdirSync(corpus, { recursive: true }).map(String).sort();
  const find = (extension, pattern) => {
    const found = files.find((file) => file.endsWith(extension) && pattern.test(readFileSync(path.join(corpus, file), 'utf8')));
    if (!found) throw new Error(`no ${extension} file in ${corpus} matches ${pattern}`);
    return found;
  };
  return [
    { label: 'component', file: find('.tsx', word) },
    { label: 'query module', file: find('.ts', query) },
  ];
}

const ms = (seconds) => `${(seconds * 1000).toFixed(1)} ms`;

export async function benchEslint(options = benchOptions()) {
  const corpus = await prepareCorpus(options);
  const targets = typicalFiles(corpus).map((target) => {
    const text = readFileSync(path.join(corpus, target.file), 'utf8');
    return { ...target, filePath: path.join(corpus, target.file), text };
  });
  for (const t of targets) console.log(`${t.label}: ${t.file} (${t.text.split('\n').length} lines)`);

  const { ESLint } = require('eslint');
  const tsParser = require('@typescript-eslint/parser');
  const { default: retable } = await import(pathToFileURL(path.join(pluginDir, 'bundle/index.js')).href);
  // One core rule in both: with no rule at all ESLint skips the traversal every real config pays.
  const base = {
    files: ['**/*.{ts,tsx}'],
    languageOptions: { parser: tsParser, parserOptions: { ecmaFeatures: { jsx: true } } },
    rules: { 'no-debugger': 'error' },
  };
  const without = new ESLint({ cwd: corpus, overrideConfigFile: true, overrideConfig: [base] });
  const withRule = new ESLint({ cwd: corpus, overrideConfigFile: true, overrideConfig: [base, retable.configs.recommended] });
  // Wall time, and CPU time of the whole process (the rule's worker thread included): on a busy
  // machine the wall time also counts waiting for a core, the CPU time only the work done.
  const lint = async (eslint, text, filePath) => {
    const cpu = process.cpuUsage();
    const started = process.hrtime.bigint();
    const [result] = await eslint.lintText(text, { filePath });
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    const used = process.cpuUsage(cpu);
    return { seconds, cpu: (used.user + used.system) / 1e6, result };
  };

  // The first lint of a run starts the analysis worker and analyses the whole project once.
  const [component, query] = targets;
  await lint(without, component.text, component.filePath);
  const first = await lint(withRule, component.text, component.filePath);
  console.log(`first lint with the rule (worker start, analysis of the whole corpus): ${ms(first.seconds)}`);
  for (const t of targets) {
    const { result } = await lint(withRule, t.text, t.filePath);
    console.log(`  ${t.label}: ${result.messages.filter((m) => m.ruleId === 'retable/no-legacy-table').length} old references reported`);
  }

  // An editor lints the open file again and again: saved (the text on disk) and while typing
  // (an unsaved buffer, different each time). Baseline and rule alternate, so load hits both.
  const iterations = options.runs * 20;
  console.log(`\nlinting one file in one ESLint process (an editor), median of ${iterations} lints each`);
  const rows = [];
  for (const t of targets) {
    for (const [state, textAt] of [
      ['saved', () => t.text],
      ['typing', (i) => `${t.text}\n// edit ${i}\n`],
    ]) {
      const plain = { wall: [], cpu: [] };
      const ruled = { wall: [], cpu: [] };
      for (let i = 0; i < iterations; i++) {
        for (const [eslint, into] of [
          [without, plain],
          [withRule, ruled],
        ]) {
          const { seconds, cpu } = await lint(eslint, textAt(i), t.filePath);
          into.wall.push(seconds);
          into.cpu.push(cpu);
        }
      }
      const row = { label: `${t.label}, ${state}`, wall: [median(plain.wall), median(ruled.wall)], cpu: [median(plain.cpu), median(ruled.cpu)] };
      rows.push(row);
      const figures = ([a, b]) => `${ms(a)} → ${ms(b)}: +${ms(b - a)} (${(b / a).toFixed(2)}×)`;
      console.log(`  ${row.label.padEnd(22)} wall ${figures(row.wall)}; CPU ${figures(row.cpu)}`);
    }
  }
  console.log(`  (without the rule → with it; target: ≤ +${TARGET_MS} ms)`);

  // The command line: one `eslint <file>` process each, with and without the rule.
  const dir = await mkdtemp(path.join(os.tmpdir(), 'retable-bench-eslint-'));
  try {
    const url = (p) => JSON.stringify(pathToFileURL(p).href);
    const config = (withPlugin) =>
      [
        `import tsParser from ${url(require.resolve('@typescript-eslint/parser'))};`,
        withPlugin ? `import retable from ${url(path.join(pluginDir, 'bundle/index.js'))};` : '',
        "export default [{ files: ['**/*.{ts,tsx}'], languageOptions: { parser: tsParser, parserOptions: { ecmaFeatures: { jsx: true } } }, rules: { 'no-debugger': 'error' } }" +
          `${withPlugin ? ', retable.configs.recommended' : ''}];`,
        '',
      ].join('\n');
    await writeFile(path.join(dir, 'without.mjs'), config(false));
    await writeFile(path.join(dir, 'with.mjs'), config(true));
    const runs = options.runs;
    console.log(`\n\`eslint <file>\`, whole process (the rule analyses the whole corpus once), median of ${runs} runs each`);
    for (const t of [component, query]) {
      const plain = time(process.execPath, [eslintBin, '-c', path.join(dir, 'without.mjs'), t.file], corpus, [0], runs);
      const ruled = time(process.execPath, [eslintBin, '-c', path.join(dir, 'with.mjs'), t.file], corpus, [0, 1], runs);
      console.log(
        `  ${t.label.padEnd(12)} without the rule ${ms(plain.median)}, with it ${ms(ruled.median)}: ` +
          `+${ms(ruled.median - plain.median)} (${(ruled.median / plain.median).toFixed(2)}×)`,
      );
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
  return rows;
}

if (isMain(import.meta.url)) await benchEslint();
