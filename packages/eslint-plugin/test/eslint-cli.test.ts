import { spawnSync } from 'node:child_process';
import { cp, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { pluginDir, repoRoot } from './helpers.js';

/**
 * The real `eslint` binary (ESLint 9, flat config) with the built plugin, on temp copies of
 * examples/crm: what it reports is what `retable verify` reports, and `eslint --fix` leaves
 * exactly the tree `retable codemod --write` leaves.
 */
const require = createRequire(path.join(pluginDir, 'package.json'));
const eslintBin = path.join(path.dirname(require.resolve('eslint/package.json')), 'bin', 'eslint.js');
const retableBin = path.join(repoRoot, 'packages/cli/bin/retable.js');
const example = path.join(repoRoot, 'examples/crm');

const temps: string[] = [];
afterAll(async () => {
  await Promise.all(temps.map((dir) => rm(dir, { recursive: true, force: true })));
});

async function copyExample(name: string): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), `retable-eslint-${name}-`));
  temps.push(dir);
  await cp(example, dir, { recursive: true });
  return dir;
}

/** The flat config a user writes (README's "In your editor"), with the published bundle of the plugin and the TS parser. */
async function writeEslintConfig(dir: string): Promise<void> {
  const url = (file: string) => JSON.stringify(pathToFileURL(file).href);
  const parser = require.resolve('@typescript-eslint/parser');
  await writeFile(
    path.join(dir, 'eslint.config.js'),
    [
      `import retable from ${url(path.join(pluginDir, 'bundle/index.js'))};`,
      `import tsParser from ${url(parser)};`,
      '',
      'export default [',
      "  { files: ['**/*.{ts,tsx,mts,cts}'], languageOptions: { parser: tsParser } },",
      '  retable.configs.recommended,',
      '];',
      '',
    ].join('\n'),
  );
}

function run(bin: string, args: string[], cwd: string): { code: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, [bin, ...args], {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: undefined, GITHUB_WORKSPACE: undefined },
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

interface EslintFileResult {
  readonly filePath: string;
  readonly messages: ReadonlyArray<{ ruleId: string | null; line: number; column: number; message: string; severity: number }>;
}

/** `file:line:column message` of every problem ESLint reports, sorted. */
function eslintProblems(dir: string, stdout: string): string[] {
  const results = JSON.parse(stdout) as EslintFileResult[];
  return results
    .flatMap((result) =>
      result.messages.map((m) => `${path.relative(dir, result.filePath).split(path.sep).join('/')}:${m.line}:${m.column} ${m.ruleId} ${m.message}`),
    )
    .sort();
}

/** Every file under `dir` but eslint.config.js: posix path → text (latin1: any byte difference shows). */
async function tree(dir: string): Promise<Record<string, string>> {
  const files: Record<string, string> = {};
  for (const entry of await readdir(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const file = path.relative(dir, path.join(entry.parentPath, entry.name)).split(path.sep).join('/');
    if (file !== 'eslint.config.js') files[file] = await readFile(path.join(dir, file), 'latin1');
  }
  return Object.fromEntries(Object.entries(files).sort(([a], [b]) => (a < b ? -1 : 1)));
}

describe('the eslint binary on examples/crm', () => {
  it('reports what retable verify reports, with the same messages; --fix leaves the codemod’s tree; then 0 errors', async () => {
    const linted = await copyExample('lint');
    await writeEslintConfig(linted);

    const before = run(eslintBin, ['--format', 'json', '.'], linted);
    expect(before.stderr).toBe('');
    expect(before.code).toBe(1);
    const reported = eslintProblems(linted, before.stdout);

    // verify's GitHub annotations carry the same text: `::error file=F,line=L,col=C,title=T::message`.
    const verify = run(retableBin, ['verify', '--format', 'github'], linted);
    expect(verify.code).toBe(1);
    const annotations = verify.stdout
      .split('\n')
      .flatMap((line) => {
        const match = /^::error file=([^,]+),line=(\d+),col=(\d+),title=[^:]*::(.*)$/.exec(line);
        return match ? [`${match[1]}:${match[2]}:${match[3]} retable/no-legacy-table ${match[4]}`] : [];
      })
      .sort();
    expect(annotations.length).toBe(75);
    expect(reported).toEqual(annotations);

    const rewritten = await copyExample('codemod');
    const codemod = run(retableBin, ['codemod', '--write'], rewritten);
    expect(codemod.code).toBe(0);

    const fixed = run(eslintBin, ['--fix', '--format', 'json', '.'], linted);
    expect(fixed.stderr).toBe('');
    expect(fixed.code).toBe(0);
    expect(eslintProblems(linted, fixed.stdout)).toEqual([]);
    const after = await tree(linted);
    expect(after).toEqual(await tree(rewritten));
    expect(after).not.toEqual(await tree(example));

    const again = run(eslintBin, ['--format', 'json', '.'], linted);
    expect(again.code).toBe(0);
    expect(eslintProblems(linted, again.stdout)).toEqual([]);
    // Four ESLint and two retable processes: minutes on a busy 2-core machine.
  }, 300_000);

  it('a missing retable.config.json stops ESLint with one line naming where it looked', async () => {
    const dir = await copyExample('no-config');
    await rm(path.join(dir, 'retable.config.json'));
    await writeEslintConfig(dir);
    const result = run(eslintBin, ['src/features/leads/api.ts'], dir);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(
      `ConfigError: no retable.config.json, retable.config.jsonc or "retable" key in package.json from ${path.join(dir, 'src/features/leads')} up to /; create retable.config.json with a "renames" object, or set the rule's configFile option\n`,
    );
  });
});
