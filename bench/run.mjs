#!/usr/bin/env node
// `pnpm bench`: every benchmark on the same corpus, figures printed plainly (nothing asserted).
//   node bench/run.mjs [--runs N] [--files N] [--seed N] [--big-runs N] [--sizes 10000,50000,100000]
import { benchBigFiles } from './big-files.mjs';
import { benchCodemod } from './codemod.mjs';
import { benchEslint } from './eslint.mjs';
import { benchOptions } from './lib.mjs';
import { benchScale, scaleOptions } from './scale.mjs';
import { benchTypegen } from './typegen.mjs';
import { benchVerify } from './verify.mjs';

const argv = process.argv.slice(2);
// --big-runs and --sizes are the scale benchmark's; the others share --runs, --files and --seed.
const options = benchOptions(argv.filter((arg, i) => !['--big-runs', '--sizes'].includes(arg) && !['--big-runs', '--sizes'].includes(argv[i - 1])));
const benchmarks = [
  ['codemod', benchCodemod],
  ['codemod on big files', benchBigFiles],
  ['verify', benchVerify],
  ['verify and codemod at 10k, 50k and 100k files', () => benchScale(scaleOptions(argv))],
  ['typegen', benchTypegen],
  ['eslint', benchEslint],
];
let failed = false;
for (const [name, bench] of benchmarks) {
  console.log(`\n# ${name}`);
  try {
    await bench(options);
  } catch (error) {
    failed = true;
    console.error(`bench ${name}: ${error instanceof Error ? error.message : String(error)}`);
  }
}
if (failed) process.exitCode = 1;
