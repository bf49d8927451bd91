import { execFileSync } from 'node:child_process';
import { chmod, chown, link, mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCodemod } from '@retable/codemod';
import { acquireProjectLock, loadConfig, LockedError } from '@retable/core';
import { runBinary } from './helpers.js';

// codemod --write against other writers and odd files: each case asserts the exit code, the one
// line, and the files on disk afterwards. Races are made to happen at a fixed point with the
// writer's beforeRename hook, not with sleeps.
const OLD = "db.from('orders')\n";
const NEW = "db.from('sales_orders')\n";
let root: string;

beforeEach(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), 'retable-safety-'));
  await mkdir(path.join(root, 'src'));
  await writeFile(path.join(root, 'retable.config.json'), JSON.stringify({ renames: { orders: 'sales_orders' } }));
  await writeFile(path.join(root, 'src/a.ts'), OLD);
  await writeFile(path.join(root, 'src/b.ts'), OLD);
});
afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

const read = (file: string) => readFile(path.join(root, file), 'utf8');
const write = async (hooks: Parameters<typeof runCodemod>[0]['apply']) => {
  const { config, map } = await loadConfig({ cwd: root });
  return runCodemod({ root, config, map, write: true, ...(hooks ? { apply: hooks } : {}) });
};

describe('codemod --write and other writers', () => {
  it('an edit made while the new text is being written wins: the file is left unchanged and not listed', async () => {
    const theirs = "db.from('orders') // edited by hand meanwhile\n";
    const result = await write({
      beforeRename: async (file) => {
        if (file === 'src/a.ts') await writeFile(path.join(root, file), theirs);
      },
    });
    expect(result.written).toEqual(['src/b.ts']);
    expect(result.problems).toEqual([
      { file: 'src/a.ts', line: 1, column: 10, message: 'changed while it was being written; left unchanged, run the codemod again' },
    ]);
    expect(await read('src/a.ts')).toBe(theirs);
    expect(await read('src/b.ts')).toBe(NEW);
    expect((await readdir(path.join(root, 'src'))).sort()).toEqual(['a.ts', 'b.ts']);
  });

  it('a second run on the same project is refused while the first one writes, and changes nothing', async () => {
    let second: unknown;
    const result = await write({
      beforeRename: async (file) => {
        if (file !== 'src/a.ts') return;
        second = await write(undefined).catch((error: unknown) => error);
        // The same refusal from the CLI: exit 2, one line, nothing written.
        const cli = runBinary(['codemod', '--write'], root);
        expect(cli.code).toBe(2);
        expect(cli.stdout).toBe('');
        expect(cli.stderr).toMatch(/^retable: another retable run is writing this project \(pid \d+ on .+, since .+\); wait for it to finish, or delete \.retable\.lock if no retable run is left\n$/);
      },
    });
    expect(second).toBeInstanceOf(LockedError);
    expect(result.written).toEqual(['src/a.ts', 'src/b.ts']);
    expect(await read('src/a.ts')).toBe(NEW);
    // The lock is gone once the run ends.
    expect((await readdir(root)).sort()).toEqual(['retable.config.json', 'src']);
  });

  it('takes over a lock left by a process that is gone, and removes temp files an interrupted run left', async () => {
    const dead = execFileSync(process.execPath, ['-p', 'process.pid'], { encoding: 'utf8' }).trim();
    await writeFile(path.join(root, '.retable.lock'), JSON.stringify({ pid: Number(dead), host: os.hostname(), since: 'then' }));
    await writeFile(path.join(root, 'src/.a.ts.retable-0123456789ab.tmp'), 'half a file');
    const result = runBinary(['codemod', '--write'], root);
    expect(result.code).toBe(0);
    expect(result.stdout).toBe('src/a.ts\nsrc/b.ts\n');
    expect(result.stderr).toBe(
      'src/.a.ts.retable-0123456789ab.tmp: removed, a temporary file an interrupted run left\n' +
        'retable codemod --write: 2 files written, 2 references rewritten, 0 dynamic references\n',
    );
    expect((await readdir(path.join(root, 'src'))).sort()).toEqual(['a.ts', 'b.ts']);
    expect((await readdir(root)).sort()).toEqual(['retable.config.json', 'src']);
  });

  it('a live lock held by another process: exit 2, one line, nothing written', async () => {
    const lock = await acquireProjectLock(root);
    try {
      const result = runBinary(['codemod', '--write'], root);
      expect(result.code).toBe(2);
      expect(result.stderr).toBe(
        `retable: another retable run is writing this project (pid ${process.pid} on ${os.hostname()}, since ${JSON.parse(await read('.retable.lock')).since}); wait for it to finish, or delete .retable.lock if no retable run is left\n`,
      );
      expect(await read('src/a.ts')).toBe(OLD);
    } finally {
      await lock.release();
    }
  });
});

describe('codemod --write and odd files', () => {
  it('keeps the owner, group and mode of a file owned by another user (run as root)', async (context) => {
    if (process.getuid?.() !== 0) context.skip();
    const user = execFileSync('id', ['-u', 'retable-pg'], { encoding: 'utf8' }).trim();
    const group = execFileSync('id', ['-g', 'retable-pg'], { encoding: 'utf8' }).trim();
    await chown(path.join(root, 'src/a.ts'), Number(user), Number(group));
    await chmod(path.join(root, 'src/a.ts'), 0o664);
    const result = runBinary(['codemod', '--write'], root);
    expect(result.code).toBe(0);
    const after = await stat(path.join(root, 'src/a.ts'));
    expect([after.uid, after.gid, after.mode & 0o7777]).toEqual([Number(user), Number(group), 0o664]);
    expect(await read('src/a.ts')).toBe(NEW);
  });

  it('refuses a file with two hard links and a read-only file, reports each, writes the rest', async () => {
    await link(path.join(root, 'src/a.ts'), path.join(root, 'a-link.txt'));
    await writeFile(path.join(root, 'src/c.ts'), OLD);
    await chmod(path.join(root, 'src/c.ts'), 0o444);
    const result = runBinary(['codemod', '--write'], root);
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('src/b.ts\n');
    expect(result.stderr).toBe(
      [
        'src/a.ts:1:10: has 2 hard links: replacing it would split them; left unchanged',
        'src/c.ts:1:10: is read-only (mode 0444); left unchanged',
        'retable codemod --write: 1 file written, 1 reference rewritten, 0 dynamic references, 2 files left unchanged',
        '',
      ].join('\n'),
    );
    expect(await read('src/a.ts')).toBe(OLD);
    expect(await read('a-link.txt')).toBe(OLD);
    expect(await read('src/c.ts')).toBe(OLD);
    expect((await stat(path.join(root, 'src/c.ts'))).mode & 0o777).toBe(0o444);
    expect(await read('src/b.ts')).toBe(NEW);
  });
});
