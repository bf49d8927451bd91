#!/usr/bin/env node
import { main } from '../dist/index.js';

// Exit codes: 0 clean, 1 findings, 2 usage or config error (one line), 3 an unexpected crash (stack).
main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error) => {
    process.stderr.write(`retable: unexpected error\n${error?.stack ?? error}\n`);
    process.exitCode = 3;
  },
);
