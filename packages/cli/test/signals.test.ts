import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { chmod, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { binary, runBinary } from './helpers.js';

// Signals, closed pipes and a bare `retable`, on the built binary. The interrupt lands at a known
// point: the writer's test pause (RETABLE_TEST_PAUSE_BEFORE_RENAME) or a migration that sleeps.
const OLD = "db.from('orders')\n";
const NEW = "db.from('sales_orders')\n";
let root: string;

beforeEach(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), 'retable-signals-'));
  await mkdir(path.join(root, 'src'));
  await writeFile(path.join(root, 'retable.config.json'), JSON.stringify({ renames: { orders: 'sales_orders' } }));
});
afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

interface Running {
  /** Resolves once `pattern` shows up on stderr. */
  waitFor(pattern: RegExp | ((stderr: string) => boolean)): Promise<void>;
  kill(signal: NodeJS.Signals): void;
  done: Promise<{ code: number | null; stdout: string; stderr: string }>;
}

function start(args: string[], env: NodeJS.ProcessEnv = {}): Running {
  const child = spawn(process.execPath, [binary, ...args], { cwd: root, env: { ...process.env, NO_COLOR: '1', ...env } });
  let stdout = '';
  let stderr = '';
  const waiters: Array<() => void> = [];
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
    for (const check of [...waiters]) check();
  });
  const done = new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) =>
    child.on('close', (code) => resolve({ code, stdout, stderr })),
  );
  return {
    waitFor(pattern) {
      const test = typeof pattern === 'function' ? pattern : (text: string) => pattern.test(text);
      return new Promise((resolve, reject) => {
        const check = () => {
          if (test(stderr)) resolve();
        };
        waiters.push(check);
        check();
        void done.then(() => (test(stderr) ? resolve() : reject(new Error(`exited before ${String(pattern)}: ${stderr}`))));
      });
    },
    kill: (signal) => child.kill(signal),
    done,
  };
}

describe('interrupts', () => {
  it('SIGINT in the middle of --write: the temp file and the lock are removed, the files written were listed', async () => {
    for (const name of ['a', 'b', 'c']) await writeFile(path.join(root, `src/${name}.ts`), OLD);
    const run = start(['codemod', '--write'], { RETABLE_TEST_PAUSE_BEFORE_RENAME: 'src/b.ts' });
    await run.waitFor(/paused before renaming src\/b\.ts\n/);
    // At the pause: b's new text sits in its temp file, the lock is held.
    expect((await readdir(path.join(root, 'src'))).filter((name) => name.endsWith('.tmp'))).toHaveLength(1);
    expect(existsSync(path.join(root, '.retable.lock'))).toBe(true);
    run.kill('SIGINT');
    const result = await run.done;
    expect(result.code).toBe(130);
    expect(result.stdout).toBe('src/a.ts\n');
    expect(result.stderr).toBe(
      'paused before renaming src/b.ts\n' +
        'retable: interrupted (SIGINT): stopped; temporary files, the project lock and any throwaway database were removed; files listed on stdout were written, no other file was changed\n',
    );
    expect((await readdir(path.join(root, 'src'))).sort()).toEqual(['a.ts', 'b.ts', 'c.ts']);
    expect(await readFile(path.join(root, 'src/a.ts'), 'utf8')).toBe(NEW);
    expect(await readFile(path.join(root, 'src/b.ts'), 'utf8')).toBe(OLD);
    expect(await readFile(path.join(root, 'src/c.ts'), 'utf8')).toBe(OLD);
    expect((await readdir(root)).sort()).toEqual(['retable.config.json', 'src']);
  });

  it('SIGTERM during typegen --engine postgres stops the throwaway server and removes its folder', async () => {
    const tmp = path.join(root, 'tmp');
    await mkdir(tmp);
    // As root the server runs as retable-pg, which must reach its folder.
    await chmod(root, 0o755);
    await chmod(tmp, 0o755);
    await mkdir(path.join(root, 'supabase/migrations'), { recursive: true });
    await writeFile(path.join(root, 'supabase/migrations/0001_slow.sql'), 'create table orders (id int);\nselect pg_sleep(120);\n');
    const run = start(['typegen', '--engine', 'postgres'], { TMPDIR: tmp });
    // Once it says it applies the migration, the server is up; the migration then sleeps for two minutes.
    await run.waitFor(/applying 1 migration/);
    const dataDir = path.join(tmp, readdirSync(tmp).find((name) => name.startsWith('retable-pg-'))!, 'data');
    expect(readFileSync(path.join(dataDir, '..', 'server.log'), 'utf8')).toContain('ready to accept connections');
    expect(dataDir).not.toBe('');
    run.kill('SIGTERM');
    const result = await run.done;
    expect(result.code).toBe(143);
    expect(result.stderr.trim().split('\n').at(-1)).toMatch(/^retable: interrupted \(SIGTERM\): stopped;/);
    expect(readdirSync(tmp)).toEqual([]);
    expect(spawnSync('pgrep', ['-f', dataDir]).status).toBe(1); // no process left with that data folder
  }, 120_000);
});

describe('output', () => {
  it('`| head` closing the pipe early is not an error', async () => {
    const lines = Array.from({ length: 20_000 }, (_, i) => `export const q${i} = () => db.from('orders');`).join('\n');
    await writeFile(path.join(root, 'src/big.ts'), `${lines}\n`);
    const result = spawnSync('bash', ['-c', `"${process.execPath}" "${binary}" codemod | head -n 2; echo "status \${PIPESTATUS[0]}" >&2`], {
      cwd: root,
      encoding: 'utf8',
      env: { ...process.env, NO_COLOR: '1' },
    });
    expect(result.stdout).toBe('diff --git a/src/big.ts b/src/big.ts\n--- a/src/big.ts\n');
    expect(result.stderr).toBe(
      'retable codemod (dry run): 1 file to change, 20000 references to rewrite, 0 dynamic references; run with --write to apply\nstatus 0\n',
    );
  });

  it('`retable` alone prints the usage on stderr and exits 2; --help prints it on stdout', () => {
    const bare = runBinary([], root);
    expect(bare.code).toBe(2);
    expect(bare.stdout).toBe('');
    expect(bare.stderr).toMatch(/^Usage: retable <command> \[options\]\n/);
    const help = runBinary(['--help'], root);
    expect(help.code).toBe(0);
    expect(help.stdout).toBe(bare.stderr);
    expect(help.stderr).toBe('');
  });
});
