import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { expect, test } from 'vitest';

// The release dry run (changeset version + pnpm publish -r --dry-run in a temp copy), as CI runs it.
const script = fileURLToPath(new URL('../../../scripts/release-dry-run.mjs', import.meta.url));

test('the two published packages are ready: the bundles, real ranges, README, LICENSE, no source map', async () => {
  const { stdout } = await promisify(execFile)(process.execPath, [script], { maxBuffer: 64 << 20 }).catch((error: { stdout: string; stderr: string }) => {
    throw new Error(`release dry run failed:\n${error.stderr}`);
  });
  const published = [...stdout.matchAll(/^(\S+)@0\.1\.1 \(\d+ files\)$/gm)].map((match) => match[1]);
  expect(published).toEqual(['retable', 'eslint-plugin-retable']);
  for (const name of published) {
    expect(stdout).toMatch(new RegExp(`^${name}@0\\.1\\.1 \\(\\d+ files\\)\\n  LICENSE\\n  README\\.md\\n`, 'm'));
    expect(stdout).toContain(`📦 ${name}@0.1.1`);
  }
  // The @retable/* workspace packages are inlined, never published.
  expect(stdout).not.toContain('📦 @retable/');
  for (const file of ['bin/retable.js', 'bundle/retable.js', 'bundle/THIRD-PARTY-LICENSES.md', 'bundle/index.js', 'bundle/index.d.ts', 'bundle/worker.js']) {
    expect(stdout).toContain(`  ${file}\n`);
  }
  expect(stdout).not.toMatch(/^  (dist|src)\//m);
  expect(stdout).not.toMatch(/\.map\n/);
  // No hidden file (a chunk named after node_modules/.pnpm would be one).
  expect(stdout).not.toMatch(/^  (?:\S+\/)?\.[^/\n]+\n/m);
  expect(stdout.trimEnd().endsWith('release dry run: every package is ready to publish')).toBe(true);
}, 300_000);

test('the retable package README is the user guide of the repository README (regenerate: node scripts/cli-readme.mjs)', async () => {
  const { cliReadme } = (await import('../../../scripts/cli-readme.mjs')) as { cliReadme: (readme: string) => string };
  const readme = readFileSync(new URL('../../../README.md', import.meta.url), 'utf8');
  expect(readFileSync(new URL('../README.md', import.meta.url), 'utf8')).toBe(cliReadme(readme));
  expect(cliReadme(readme)).toContain('npm i -D retable        # or: pnpm add -D retable');
});
