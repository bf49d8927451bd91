import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';
import type { Reporter } from 'vitest/reporters';

// Tests import workspace packages from their sources, so a test run never depends on a stale dist/.
// The CLI end-to-end tests spawn the built binary instead; `pnpm test` builds first.
const packagesDir = fileURLToPath(new URL('./packages/', import.meta.url));

/** One plain closing line, `vitest: N passed, N failed, N skipped`, that any CI log reader understands. */
const closingLine: Reporter = {
  onTestRunEnd(testModules, unhandledErrors) {
    let passed = 0;
    let failed = unhandledErrors.length;
    let skipped = 0;
    for (const testModule of testModules) {
      let tests = 0;
      for (const test of testModule.children.allTests()) {
        tests++;
        const state = test.result().state;
        if (state === 'passed') passed++;
        else if (state === 'failed') failed++;
        else skipped++;
      }
      // A file that fails before any test runs (an import error) counts as a failure too.
      if (tests === 0 && testModule.state() === 'failed') failed++;
    }
    process.stdout.write(`\nvitest: ${passed} passed, ${failed} failed, ${skipped} skipped\n`);
  },
};

export default defineConfig({
  resolve: {
    alias: [
      { find: /^@retable\/([a-z-]+)$/, replacement: `${packagesDir}$1/src/index.ts` },
      { find: /^@retable\/([a-z-]+)\/([a-z-]+)$/, replacement: `${packagesDir}$1/src/$2.ts` },
    ],
  },
  test: {
    include: ['packages/*/test/**/*.test.ts', 'examples/*/test/**/*.test.ts', 'bench/test/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 180_000,
    reporters: ['default', closingLine],
  },
});
