#!/usr/bin/env node
import module from 'node:module';

// Node 22+ keeps the compiled bundle on disk between runs (Node 20 has no compile cache).
module.enableCompileCache?.();
// The published bundle (scripts/bundle.mjs), also in the workspace: every run exercises what ships.
const { ignoreClosedPipe, interrupted, main } = await import('../bundle/retable.js');

// Exit codes: 0 clean, 1 findings, 2 usage or config error (one line), 3 an unexpected crash (stack),
// 130/143 interrupted by SIGINT/SIGTERM (after cleaning up).
ignoreClosedPipe(process.stdout);
// Once interrupted, what the command still does while it is cleaned up under it (a query failing
// as its database stops) is not reported: the interrupt line says what happened.
let interrupting = false;
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.once(signal, () => {
    interrupting = true;
    interrupted(signal).then((code) => process.exit(code));
  });
}
main(process.argv.slice(2)).then(
  (code) => {
    if (interrupting) return;
    process.exitCode = code;
  },
  (error) => {
    if (interrupting) return;
    process.stderr.write(`retable: unexpected error\n${error?.stack ?? error}\n`);
    process.exitCode = 3;
  },
);
