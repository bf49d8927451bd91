import { execFile } from 'node:child_process';
import { cp, mkdir, mkdtemp, readFile, readdir, rename, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
// Plain ESM scripts, shared with `node scripts/install-footprint.mjs`.
import { createApp, footprint, installEnv, run } from '../../../scripts/install-footprint.mjs';
import { packWorkspace, pnpmBin, repoRoot, startRegistry, vendorDependencies } from '../../../scripts/local-registry.mjs';

/**
 * The installation a user does, for real: the two published packages (`retable` and
 * `eslint-plugin-retable`, bundles of the workspace) packed (`pnpm -r pack`), served
 * with its third-party dependencies by a throwaway local registry (nothing downloaded), installed
 * into fresh apps that already have TypeScript with the README's own lines, `npm i -D retable` and
 * `pnpm add -D retable` (pnpm's strict layout, then `CI=true pnpm install --frozen-lockfile`), and
 * every command run there on a copy of the example app. Build first (`pnpm test` does).
 */

type Footprint = { bytes: number; packages: number };
const exec = promisify(execFile);
let work: string;
let registry: { url: string; close: () => Promise<void> };
let env: NodeJS.ProcessEnv;

/** Added packages and MB (10^6 bytes) the install may cost; the figures are printed too. */
const BUDGET = { packages: 30, megabytes: 45 };

beforeAll(async () => {
  work = await mkdtemp(path.join(os.tmpdir(), 'retable-install-'));
  const tarballs = [...packWorkspace(path.join(work, 'packed')), ...vendorDependencies(path.join(work, 'vendor'), { extra: ['typescript'] })];
  registry = await startRegistry(tarballs);
  env = installEnv(registry.url, path.join(work, 'home'));
}, 240_000);

afterAll(async () => {
  await registry?.close();
  if (work) await rm(work, { recursive: true, force: true });
});

/** A fresh app with TypeScript and the example app's code, migrations and config. */
async function exampleApp(name: string): Promise<string> {
  const app = createApp(work, name) as string;
  const example = path.join(repoRoot, 'examples/crm');
  for (const entry of ['src', 'supabase', 'retable.config.json']) await cp(path.join(example, entry), path.join(app, entry), { recursive: true });
  await writeFile(path.join(app, '.npmrc'), `registry=${registry.url}\n`);
  return app;
}

async function retable(app: string, manager: 'npm' | 'pnpm', args: string[]) {
  const [command, prefix] = manager === 'npm' ? ['npx', ['--no-install', 'retable']] : [pnpmBin() as string, ['exec', 'retable']];
  try {
    const { stdout, stderr } = await exec(command, [...prefix, ...args], { cwd: app, env: { ...env, NO_COLOR: '1' }, maxBuffer: 64 << 20 });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code?: number; stdout?: string; stderr?: string };
    return { code: e.code ?? -1, stdout: e.stdout ?? '', stderr: e.stderr ?? '' };
  }
}

/** No package in the installed tree declares an install script. */
async function installScripts(app: string): Promise<string[]> {
  const found: string[] = [];
  const visit = async (dir: string): Promise<void> => {
    for (const entry of await readdir(dir, { withFileTypes: true }).catch(() => [])) {
      if (!entry.isDirectory() || entry.name === '.bin') continue;
      const full = path.join(dir, entry.name);
      if (entry.name.startsWith('@') || entry.name === 'node_modules' || entry.name === '.pnpm') {
        await visit(full);
        continue;
      }
      const manifest = await readFile(path.join(full, 'package.json'), 'utf8').then(JSON.parse, () => undefined);
      const scripts = (manifest?.scripts ?? {}) as Record<string, string>;
      if (['preinstall', 'install', 'postinstall'].some((name) => name in scripts)) found.push(`${manifest.name}@${manifest.version}`);
      await visit(path.join(full, 'node_modules'));
    }
  };
  await visit(path.join(app, 'node_modules'));
  return [...new Set(found)].sort();
}

function report(manager: string, before: Footprint, after: Footprint): Footprint {
  const added = { bytes: after.bytes - before.bytes, packages: after.packages - before.packages };
  process.stdout.write(
    `install footprint (${manager}): app with TypeScript ${(before.bytes / 1e6).toFixed(1)} MB, ${before.packages} packages; retable adds ${(added.bytes / 1e6).toFixed(1)} MB, ${added.packages} packages\n`,
  );
  return added;
}

async function commonChecks(app: string, manager: 'npm' | 'pnpm') {
  const version = await retable(app, manager, ['--version']);
  expect(version).toEqual({ code: 0, stdout: '0.1.0\n', stderr: '' });

  const codemod = await retable(app, manager, ['codemod']);
  expect(codemod.code).toBe(0);
  expect(codemod.stdout).toContain("+  const { data, error } = await supabase.from('crm_leads')");
  expect(codemod.stderr).toContain('12 files to change, 75 references to rewrite, 1 dynamic reference');

  const verify = await retable(app, manager, ['verify', '--format', 'json']);
  expect(verify.code).toBe(1);
  expect(JSON.parse(verify.stdout)).toMatchObject({ version: 1, totalOld: 75 });

  const typegen = await retable(app, manager, ['typegen']);
  expect(typegen.code).toBe(0);
  expect(typegen.stdout).toMatch(/^export type Json =/);
  expect(typegen.stdout).toContain('      leads: {\n        Row: {');
}

describe('installing retable into an app that has TypeScript', () => {
  // The two apps are independent: installed side by side to keep the test's time down.
  test.concurrent('npm i -D retable: no install scripts, every command runs', async () => {
    const app = await exampleApp('app-npm');
    await run('npm', ['install'], app, env);
    const before = footprint(app, 'npm') as Footprint;
    const output = (await run('npm', ['i', '-D', 'retable'], app, env)) as string;
    expect(output).not.toMatch(/install.scripts|allowScripts/i);
    expect(await installScripts(app)).toEqual([]);
    const added = report('npm', before, footprint(app, 'npm') as Footprint);
    expect(added.packages).toBeLessThanOrEqual(BUDGET.packages);
    expect(added.bytes / 1e6).toBeLessThanOrEqual(BUDGET.megabytes);
    // The app's own TypeScript is the one retable uses: no second copy.
    const lock = JSON.parse(await readFile(path.join(app, 'package-lock.json'), 'utf8')) as { packages: Record<string, unknown> };
    expect(Object.keys(lock.packages).filter((key) => key.endsWith('node_modules/typescript'))).toEqual(['node_modules/typescript']);

    await commonChecks(app, 'npm');
    // The editor's view installs the same way, next to the app's ESLint.
    await run('npm', ['i', '-D', 'eslint', 'eslint-plugin-retable'], app, env);
    const { stdout } = await exec(process.execPath, ['--input-type=module', '-e', "const m = await import('eslint-plugin-retable'); console.log(Object.keys((m.default ?? m).rules).join(','))"], { cwd: app, env });
    expect(stdout.trim().split(',')).toContain('no-legacy-table');
    // ESLint runs the rule (its worker thread is a file of the bundle) on a module of the app (one of the config's `include`).
    await writeFile(path.join(app, 'eslint.config.js'), "import retable from 'eslint-plugin-retable';\nexport default [{ files: ['src/lint/**/*.js'] }, retable.configs.recommended];\n");
    await mkdir(path.join(app, 'src/lint'));
    await writeFile(path.join(app, 'src/lint/leads.js'), "export const load = (supabase) => supabase.from('leads').select('*');\n");
    const lint = await exec('npx', ['--no-install', 'eslint', 'src/lint/leads.js'], { cwd: app, env: { ...env, NO_COLOR: '1' } }).then(
      () => ({ code: 0, stdout: '' }),
      (error: { code: number; stdout: string }) => error,
    );
    expect(lint.code).toBe(1);
    expect(lint.stdout).toMatch(/1:\d+\s+error\s+.*leads.*crm_leads.*retable\/no-legacy-table/);
    const plan = await retable(app, 'npm', ['plan', '--out', 'retable-plan']);
    expect(plan.code).toBe(0);
    expect(plan.stderr).toContain('13 tables renamed');
    expect((await readdir(path.join(app, 'retable-plan'))).sort()).toEqual(['contract.sql', 'expand.sql', 'rollback.sql']);

    // Without the app's TypeScript (the peer), the bundle says so in one line.
    await rename(path.join(app, 'node_modules/typescript'), path.join(app, 'typescript-away'));
    expect(await retable(app, 'npm', ['verify'])).toEqual({
      code: 2,
      stdout: '',
      stderr: "retable: TypeScript is not installed: retable reads code with the app's own TypeScript 5.x or 6.x; add it with npm i -D typescript (or pnpm add -D typescript)\n",
    });
  }, 600_000);

  test.concurrent('pnpm add -D retable (strict layout), then CI=true pnpm install --frozen-lockfile: no allow-list, every command runs', async () => {
    const app = await exampleApp('app-pnpm');
    await run('pnpm', ['install'], app, env);
    const before = footprint(app, 'pnpm') as Footprint;
    await run('pnpm', ['add', '-D', 'retable'], app, env);
    const added = report('pnpm', before, footprint(app, 'pnpm') as Footprint);
    expect(added.packages).toBeLessThanOrEqual(BUDGET.packages);
    expect(added.bytes / 1e6).toBeLessThanOrEqual(BUDGET.megabytes);
    expect((await readdir(path.join(app, 'node_modules/.pnpm'))).filter((entry) => entry.startsWith('typescript@'))).toEqual(['typescript@5.9.3']);

    await rm(path.join(app, 'node_modules'), { recursive: true, force: true });
    await run('pnpm', ['install', '--frozen-lockfile'], app, { ...env, CI: 'true' });
    expect(await installScripts(app)).toEqual([]);

    await commonChecks(app, 'pnpm');
    // The catalog from the migrations: PGlite and the SQL parser load under the strict layout.
    const plan = await retable(app, 'pnpm', ['plan', '--migrations', 'supabase/migrations', '--out', 'retable-plan']);
    expect(plan.code).toBe(0);
    expect(plan.stderr).toContain('13 tables renamed, 3 function bodies rewritten, 13 compatibility views');
    expect((await readdir(path.join(app, 'retable-plan'))).sort()).toEqual(['contract.sql', 'expand.sql', 'rollback.sql']);
  }, 600_000);
});
