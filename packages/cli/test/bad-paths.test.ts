import { existsSync } from 'node:fs';
import { chmod, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { binary, runBinary, snapshot } from './helpers.js';

// Paths the user gives that cannot be used: exit 2, one line naming the flag, the path and why,
// nothing written. plan's three files are written all or none.
let app: string;

beforeEach(async () => {
  app = await mkdtemp(path.join(os.tmpdir(), 'retable-paths-'));
  await mkdir(path.join(app, 'src'));
  await writeFile(path.join(app, 'retable.config.json'), JSON.stringify({ renames: { leads: 'crm_leads' } }));
  await writeFile(path.join(app, 'src/a.ts'), "db.from('leads')\n");
  await writeFile(path.join(app, 'a-file'), 'x');
});
afterEach(async () => {
  await rm(app, { recursive: true, force: true });
});

describe('--cwd', () => {
  it.each([
    ['verify', ['verify']],
    ['codemod', ['codemod', '--write']],
    ['plan', ['plan']],
  ])('%s with a missing --cwd and an absolute --config: exit 2, nothing created', async (_name, args) => {
    const missing = path.join(app, 'no', 'such');
    const result = runBinary([...args, '--cwd', missing, '--config', path.join(app, 'retable.config.json')], app);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toBe(`retable: --cwd ${missing}: no such directory\n`);
    expect(existsSync(path.join(app, 'no'))).toBe(false);
  });

  it('a --cwd that is a file', () => {
    const result = runBinary(['verify', '--cwd', 'a-file'], app);
    expect(result.code).toBe(2);
    expect(result.stderr).toBe('retable: --cwd a-file: is a file, not a directory\n');
  });
});

describe('plan --out and --migrations', () => {
  it('--out under a file: exit 2, one line, nothing written', async () => {
    const before = await snapshot(app);
    const result = runBinary(['plan', '--out', 'a-file/plan'], app);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toBe('retable: --out a-file/plan: a part of the path is a file, not a directory; nothing written\n');
    expect(await snapshot(app)).toEqual(before);
  });

  it('a directory in the way of contract.sql: none of the three files is written or changed', async () => {
    await mkdir(path.join(app, 'out'));
    await writeFile(path.join(app, 'out/expand.sql'), '-- an older plan\n');
    await mkdir(path.join(app, 'out/contract.sql'));
    const result = runBinary(['plan', '--out', 'out'], app);
    expect(result.code).toBe(2);
    expect(result.stderr).toBe('retable: --out out: out/contract.sql: a directory is in the way; nothing written\n');
    expect(await readFile(path.join(app, 'out/expand.sql'), 'utf8')).toBe('-- an older plan\n');
    expect((await readdir(path.join(app, 'out'))).sort()).toEqual(['contract.sql', 'expand.sql']);
  });

  it('--out in a read-only directory (not as root: root writes anyway)', async (context) => {
    if (process.getuid?.() === 0) context.skip();
    await mkdir(path.join(app, 'locked'));
    await chmod(path.join(app, 'locked'), 0o555);
    const result = runBinary(['plan', '--out', 'locked'], app);
    expect(result.code).toBe(2);
    expect(result.stderr).toBe('retable: --out locked: permission denied; nothing written\n');
    expect(await readdir(path.join(app, 'locked'))).toEqual([]);
  });

  it('the three files are written together, replacing an older set', async () => {
    await mkdir(path.join(app, 'retable-plan'));
    for (const name of ['expand', 'contract', 'rollback']) await writeFile(path.join(app, `retable-plan/${name}.sql`), 'old\n');
    const result = runBinary(['plan'], app);
    expect(result.code).toBe(0);
    expect(result.stdout).toBe('retable-plan/expand.sql\nretable-plan/contract.sql\nretable-plan/rollback.sql\n');
    for (const name of ['expand', 'contract', 'rollback']) {
      expect(await readFile(path.join(app, `retable-plan/${name}.sql`), 'utf8')).toMatch(new RegExp(`^-- retable plan ${name}: `));
    }
    expect((await readdir(path.join(app, 'retable-plan'))).sort()).toEqual(['contract.sql', 'expand.sql', 'rollback.sql']);
  });

  it.each([
    ['plan', ['plan', '--migrations', 'a-file'], 'retable: --migrations a-file: is a file, not a directory of migrations\n'],
    ['typegen', ['typegen', '--migrations', 'a-file'], 'retable: --migrations a-file: is a file, not a directory of migrations\n'],
  ])('%s --migrations naming a file', async (_name, args, message) => {
    const before = await snapshot(app);
    const result = runBinary(args, app);
    expect(result.code).toBe(2);
    expect(result.stderr).toBe(message);
    expect(await snapshot(app)).toEqual(before);
  });
});

describe('files under the root that cannot be read', () => {
  it('are reported as not checked, the rest is processed, exit 1 (run as another user)', async (context) => {
    if (process.getuid?.() !== 0) context.skip();
    // A file only root may read, and retable run as retable-pg (a volume owned by another uid).
    await chmod(app, 0o755);
    await chmod(path.join(app, 'src'), 0o755);
    await writeFile(path.join(app, 'src/secret.ts'), "db.from('leads')\n");
    await chmod(path.join(app, 'src/secret.ts'), 0o000);
    for (const file of ['retable.config.json', 'src/a.ts', 'a-file']) await chmod(path.join(app, file), 0o644);
    const as = (args: string[]) =>
      spawnSync('runuser', ['-u', 'retable-pg', '--', process.execPath, binary, ...args], {
        cwd: app,
        encoding: 'utf8',
        env: { ...process.env, NO_COLOR: '1', HOME: app },
      });
    const codemod = as(['codemod']);
    expect(codemod.status).toBe(1);
    expect(codemod.stdout).toContain('diff --git a/src/a.ts b/src/a.ts');
    expect(codemod.stderr).toBe(
      'src/secret.ts:1:1: cannot be read (EACCES); not checked, left unchanged\n' +
        'retable codemod (dry run): 1 file to change, 1 reference to rewrite, 0 dynamic references, 1 file left unchanged; run with --write to apply\n',
    );
    const verify = as(['verify']);
    expect(verify.status).toBe(1);
    expect(verify.stdout + verify.stderr).toContain('cannot be read (EACCES); not checked');
  });
});
