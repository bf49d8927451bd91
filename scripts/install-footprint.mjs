#!/usr/bin/env node
// What adding retable costs an app that already has TypeScript, with npm and with pnpm: the size of
// node_modules (MB = 10^6 bytes, hard links counted once) and the number of packages, before and
// after `npm i -D retable` / `pnpm add -D retable`. Installs from a throwaway local registry fed by
// this checkout (scripts/local-registry.mjs), so nothing is downloaded. Build first (`pnpm build`).
//
//   node scripts/install-footprint.mjs [--keep]
import { execFile, execFileSync } from 'node:child_process';
import { promisify } from 'node:util';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { packWorkspace, pnpmBin, startRegistry, vendorDependencies } from './local-registry.mjs';

/** The app's own TypeScript: the version this repository builds with. */
export const APP_TYPESCRIPT = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')).devDependencies.typescript;

/** Environment for npm and pnpm that points every install at `registry` and keeps caches in `home`. */
export function installEnv(registry, home) {
  const env = { ...process.env, HOME: home, npm_config_registry: registry, npm_config_cache: path.join(home, '.npm') };
  for (const key of Object.keys(env)) {
    // The repository's own pnpm settings must not leak into the app.
    if (/^(npm_config_|PNPM_|pnpm_config_)/i.test(key) && key !== 'npm_config_registry' && key !== 'npm_config_cache') delete env[key];
  }
  // CI=true makes pnpm's first install frozen; the test sets it where it means to.
  delete env.CI;
  env.npm_config_registry = registry;
  env.npm_config_cache = path.join(home, '.npm');
  // pnpm's store, npm's cache and retable's caches land under HOME, which is the temp folder.
  env.XDG_DATA_HOME = path.join(home, '.local/share');
  env.XDG_CACHE_HOME = path.join(home, '.cache');
  env.npm_config_update_notifier = 'false';
  env.npm_config_audit = 'false';
  env.npm_config_fund = 'false';
  return env;
}

/** A fresh app folder with a package.json that has TypeScript. */
export function createApp(parent, name) {
  const dir = path.join(parent, name);
  execFileSync('mkdir', ['-p', dir]);
  writeFileSync(
    path.join(dir, 'package.json'),
    `${JSON.stringify({ name, private: true, type: 'module', devDependencies: { typescript: APP_TYPESCRIPT } }, null, 2)}\n`,
  );
  return dir;
}

/** { bytes, packages } of an app's node_modules. */
export function footprint(appDir, manager) {
  const bytes = Number(execFileSync('du', ['-sb', path.join(appDir, 'node_modules')]).toString().split('\t')[0]);
  let packages;
  if (manager === 'npm') {
    const lock = JSON.parse(readFileSync(path.join(appDir, 'package-lock.json'), 'utf8'));
    // Installed ones: from a registry that has them all, the lockfile also lists oxfmt's native
    // bindings for the other platforms, which npm records but does not install.
    packages = Object.keys(lock.packages).filter((key) => key !== '' && existsSync(path.join(appDir, key, 'package.json'))).length;
  } else {
    packages = readdirSync(path.join(appDir, 'node_modules/.pnpm')).filter((entry) => entry.includes('@') && entry !== 'node_modules').length;
  }
  return { bytes, packages };
}

/**
 * Run an installer asynchronously: the local registry answers from this same process, so a
 * synchronous child would wait for it forever. Rejects with the command's output on a non-zero exit.
 */
export async function run(command, args, cwd, env) {
  try {
    const { stdout, stderr } = await promisify(execFile)(command === 'pnpm' ? pnpmBin() : command, args, { cwd, env, maxBuffer: 64 << 20, encoding: 'utf8' });
    return stdout + stderr;
  } catch (error) {
    throw new Error(`${command} ${args.join(' ')} (in ${cwd}) failed:\n${error.stdout ?? ''}${error.stderr ?? ''}`);
  }
}

async function mainScript() {
  const keep = process.argv.includes('--keep');
  const work = mkdtempSync(path.join(os.tmpdir(), 'retable-footprint-'));
  try {
    const tarballs = [...packWorkspace(path.join(work, 'packed')), ...vendorDependencies(path.join(work, 'vendor'), { extra: ['typescript'] })];
    const registry = await startRegistry(tarballs);
    const env = installEnv(registry.url, path.join(work, 'home'));
    const rows = [];
    try {
      for (const manager of ['npm', 'pnpm']) {
        const app = createApp(work, `app-${manager}`);
        await run(manager, ['install'], app, env);
        const before = footprint(app, manager);
        await run(manager, manager === 'npm' ? ['i', '-D', 'retable'] : ['add', '-D', 'retable'], app, env);
        const after = footprint(app, manager);
        rows.push({ manager, before, after });
      }
    } finally {
      await registry.close();
    }
    const mb = (bytes) => (bytes / 1e6).toFixed(1);
    console.log(`App with typescript@${APP_TYPESCRIPT}, then retable added (MB = 10^6 bytes of node_modules):`);
    console.log('| installer | before | after | added |');
    console.log('|---|---|---|---|');
    for (const { manager, before, after } of rows) {
      console.log(
        `| ${manager} | ${mb(before.bytes)} MB, ${before.packages} packages | ${mb(after.bytes)} MB, ${after.packages} packages | ${mb(after.bytes - before.bytes)} MB, ${after.packages - before.packages} packages |`,
      );
    }
  } finally {
    if (keep) console.log(`kept ${work}`);
    else rmSync(work, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  await mainScript();
}
