#!/usr/bin/env node
// `retable verify --format json` against `rg -c -w` for every old and new name over the same files.
//   node bench/verify.mjs [--runs N] [--files N] [--seed N]      (pnpm bench runs every benchmark)
import { NEW_NAMES, OLD_NAMES, benchOptions, isMain, prepareCorpus, printComparison, requireRipgrep, retableBin, ripgrepArgs, runOnce, time } from './lib.mjs';

export async function benchVerify(options = benchOptions()) {
  const ripgrepVersion = requireRipgrep();
  const corpus = await prepareCorpus(options);
  const names = [...OLD_NAMES, ...NEW_NAMES];
  // The corpus has old references, so verify exits 1 (findings); 0 would mean it found none.
  const verifyArgs = [retableBin, 'verify', '--format', 'json', '--cwd', corpus];
  const rgArgs = ripgrepArgs(names);

  const report = JSON.parse(runOnce(process.execPath, verifyArgs, corpus, [1]).stdout);
  const grep = runOnce('rg', rgArgs, corpus, [0]);
  const grepTotal = grep.stdout.trim().split('\n').reduce((sum, line) => sum + Number(line.slice(line.lastIndexOf(':') + 1)), 0);
  console.log(
    `retable: ${report.totalOld} old, ${report.totalNew} new, ${report.dynamic} dynamic references in table positions`,
  );
  console.log(`rg: ${grepTotal} matching lines in ${grep.stdout.trim().split('\n').length} files (${ripgrepVersion})`);

  const retable = time(process.execPath, verifyArgs, corpus, [1], options.runs);
  const ripgrep = time('rg', rgArgs, corpus, [0], options.runs);
  return printComparison({
    title: `verify vs rg, ${names.length} old and new names`,
    retable: { label: 'retable verify --format json', ...retable },
    ripgrep: { label: `rg -c -w (${names.length} names)`, ...ripgrep },
    target: 3,
  });
}

if (isMain(import.meta.url)) await benchVerify();
