#!/usr/bin/env node
// `retable codemod` (dry run) against `rg -c -w` for the same old names over the same files.
//   node bench/codemod.mjs [--runs N] [--files N] [--seed N]      (pnpm bench runs every benchmark)
import { OLD_NAMES, benchOptions, isMain, prepareCorpus, printComparison, requireRipgrep, retableBin, ripgrepArgs, runOnce, time } from './lib.mjs';

export async function benchCodemod(options = benchOptions()) {
  const ripgrepVersion = requireRipgrep();
  const corpus = await prepareCorpus(options);
  const codemodArgs = [retableBin, 'codemod', '--cwd', corpus];
  const rgArgs = ripgrepArgs(OLD_NAMES);

  const dry = runOnce(process.execPath, codemodArgs, corpus, [0]);
  const grep = runOnce('rg', rgArgs, corpus, [0]);
  const summary = dry.stderr.trim().split('\n').at(-1);
  const matched = grep.stdout.trim().split('\n').length;
  console.log(`retable: ${summary}`);
  console.log(`rg: ${matched} files with a whole-word match of an old name (${ripgrepVersion})`);

  const retable = time(process.execPath, codemodArgs, corpus, [0], options.runs);
  const ripgrep = time('rg', rgArgs, corpus, [0], options.runs);
  return printComparison({
    title: `codemod dry run vs rg, ${OLD_NAMES.length} old names`,
    retable: { label: 'retable codemod', ...retable },
    ripgrep: { label: `rg -c -w (${OLD_NAMES.length} names)`, ...ripgrep },
    target: 4,
  });
}

if (isMain(import.meta.url)) await benchCodemod();
