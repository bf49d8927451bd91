import { spawnSync } from 'node:child_process';
import { chmod, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { binary } from './helpers.js';

// The GitHub Action (action.yml, composite): its script steps run here as the runner runs them,
// in the app's directory with the inputs as environment variables, on an app whose
// node_modules/.bin/retable is the built CLI.
const repo = fileURLToPath(new URL('../../../', import.meta.url));
const temps: string[] = [];
afterAll(async () => {
  await Promise.all(temps.map((dir) => rm(dir, { recursive: true, force: true })));
});

async function app(code: string): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'retable-action-'));
  temps.push(dir);
  await mkdir(path.join(dir, 'node_modules/.bin'), { recursive: true });
  await mkdir(path.join(dir, 'src'));
  await writeFile(path.join(dir, 'node_modules/.bin/retable'), `#!/bin/sh\nexec "${process.execPath}" "${binary}" "$@"\n`);
  await chmod(path.join(dir, 'node_modules/.bin/retable'), 0o755);
  await writeFile(path.join(dir, 'retable.config.json'), '{ "renames": { "orders": "sales_orders" } }\n');
  await writeFile(path.join(dir, 'src/a.ts'), code);
  return dir;
}

function step(script: string, cwd: string, env: Record<string, string>) {
  const result = spawnSync('bash', [path.join(repo, 'action', script)], {
    cwd,
    env: { ...process.env, NO_COLOR: '1', GITHUB_ACTION_PATH: repo, GITHUB_WORKSPACE: cwd, ...env },
    encoding: 'utf8',
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('action.yml', () => {
  it('is a composite whose steps run the scripts tested here', async () => {
    const yml = await readFile(path.join(repo, 'action.yml'), 'utf8');
    expect(yml).toContain('using: composite');
    expect(yml).toContain('run: bash "$GITHUB_ACTION_PATH/action/install.sh"');
    expect(yml).toContain('run: bash "$GITHUB_ACTION_PATH/action/verify.sh"');
    expect(yml).toContain('uses: github/codeql-action/upload-sarif@v4');
  });

  it('verify step: annotations and exit 1 on an old reference, and retable.sarif when asked', async () => {
    const dir = await app("supabase.from('orders');\n");
    const result = step('verify.sh', dir, { RETABLE_MAX_OLD: '0', RETABLE_SARIF: 'true', RETABLE_TYPEGEN_CHECK: 'false' });
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/^::error file=src\/a\.ts,line=1,col=16/m);
    const sarif = JSON.parse(await readFile(path.join(dir, 'retable.sarif'), 'utf8')) as { version: string; runs: Array<{ results: unknown[] }> };
    expect(sarif.version).toBe('2.1.0');
    expect(sarif.runs[0]!.results).toHaveLength(1);
  });

  it('verify step: exit 0 on clean code, and --max-old lets old references through', async () => {
    expect(step('verify.sh', await app("supabase.from('sales_orders');\n"), { RETABLE_MAX_OLD: '0' }).code).toBe(0);
    expect(step('verify.sh', await app("supabase.from('orders');\n"), { RETABLE_MAX_OLD: '1' }).code).toBe(0);
  });

  it('verify step: changed checks only what the branch changed, against the named base', async () => {
    const dir = await app("supabase.from('orders');\n");
    const git = (...args: string[]) =>
      spawnSync('git', args, { cwd: dir, encoding: 'utf8', env: { ...process.env, GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@t', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@t' } });
    await writeFile(path.join(dir, '.gitignore'), 'node_modules/\n');
    git('init', '-q', '-b', 'main');
    git('add', '-A');
    git('commit', '-q', '-m', 'main');
    git('checkout', '-q', '-b', 'feature');
    await writeFile(path.join(dir, 'src/b.ts'), "supabase.from('sales_orders');\n");
    // a.ts's old reference is main's: the branch only added b.ts.
    const result = step('verify.sh', dir, { RETABLE_CHANGED: 'main' });
    expect(result.stdout).not.toContain('::error');
    expect(result.stderr).toMatch(/^retable verify --changed: 1 changed file since the merge-base with main, [0-9a-f]{12}; checked 1 of 2 files/);
    expect(result.code).toBe(0);
    expect(step('verify.sh', dir, { RETABLE_CHANGED: 'false' }).code).toBe(1);
  });

  it('verify step: a config error fails the step with its own exit code and one line', async () => {
    const dir = await app("supabase.from('orders');\n");
    await writeFile(path.join(dir, 'retable.config.json'), '{ "renames": { "orders": 1 } }');
    const result = step('verify.sh', dir, { RETABLE_SARIF: 'true' });
    expect(result.code).toBe(2);
    expect(result.stderr).toBe('retable: retable.config.json: renames.orders: expected the new table name as a string, found a number (1)\n');
  });
});
