import { execFileSync } from 'node:child_process';
import { cp, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, test } from 'vitest';

// The finder loads the app's own TypeScript (a peer dependency). The built loader is copied next to
// a stand-in `typescript` package of a given version, or none, and imported in a fresh Node.
const dist = fileURLToPath(new URL('../dist/', import.meta.url));
const temps: string[] = [];
afterAll(async () => {
  await Promise.all(temps.map((dir) => rm(dir, { recursive: true, force: true })));
});

async function load(version: string | undefined): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'retable-ts-peer-'));
  temps.push(dir);
  await mkdir(path.join(dir, 'core/finder'), { recursive: true });
  await cp(path.join(dist, 'errors.js'), path.join(dir, 'core/errors.js'));
  await cp(path.join(dist, 'finder/typescript.js'), path.join(dir, 'core/finder/typescript.js'));
  await writeFile(path.join(dir, 'core/package.json'), '{ "type": "module" }');
  if (version !== undefined) {
    await mkdir(path.join(dir, 'node_modules/typescript'), { recursive: true });
    await writeFile(path.join(dir, 'node_modules/typescript/package.json'), JSON.stringify({ name: 'typescript', version, main: 'index.js' }));
    await writeFile(path.join(dir, 'node_modules/typescript/index.js'), 'module.exports = { version: "stand-in" };');
  }
  const script = `import(${JSON.stringify(path.join(dir, 'core/finder/typescript.js'))}).then((m) => console.log('loaded', m.default.version), (e) => console.log(e.name + ': ' + e.message))`;
  return execFileSync(process.execPath, ['-e', script], { encoding: 'utf8', env: { ...process.env, RETABLE_NO_CACHE: '1' } }).trim();
}

describe('the app\'s TypeScript (peer dependency)', () => {
  test('5.x and 6.x load', async () => {
    expect(await load('5.4.5')).toBe('loaded stand-in');
    expect(await load('6.0.3')).toBe('loaded stand-in');
  });

  test('missing: one line that says what to install', async () => {
    expect(await load(undefined)).toBe(
      "RetableError: TypeScript is not installed: retable reads code with the app's own TypeScript 5.x or 6.x; add it with npm i -D typescript (or pnpm add -D typescript)",
    );
  });

  test('7.x has no JavaScript API; 4.x is too old', async () => {
    expect(await load('7.0.2')).toBe(
      'RetableError: TypeScript 7.0.2 has no JavaScript compiler API; retable needs TypeScript 5.x or 6.x next to it: npm i -D typescript@6',
    );
    expect(await load('4.9.5')).toBe('RetableError: TypeScript 4.9.5 is too old; retable needs TypeScript 5.x or 6.x next to it: npm i -D typescript@6');
  });
});
