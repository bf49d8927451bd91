#!/usr/bin/env node
// `pnpm bench`: every benchmark on the same corpus, figures printed plainly (nothing asserted).
//   node bench/run.mjs [--runs N] [--files N] [--seed N]
import { benchBigFiles } from './big-files.mjs';
import { benchCodemod } from './codemod.mjs';
import { benchEslint } from './eslint.mjs';
import { benchOptions } from './lib.mjs';
import { benchTypegen } from './typegen.mjs';
import { benchVerify } from './verify.mjs';

const options = benchOptions();
const benchmarks = [
  ['codemod', benchCodemod],
  ['codemod on big files', benchBigFiles],
  ['verify', benchVerify],
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
