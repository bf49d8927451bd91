import { execFileSync } from 'node:child_process';
import { mkdir, mkdtemp, rm, symlink, unlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseCommandLine } from '../src/index.js';
import { runBinary } from './helpers.js';

// `retable verify --changed [BASE]` on real git repositories in temp dirs, the built binary spawned.
const temps: string[] = [];

afterAll(async () => {
  await Promise.all(temps.map((dir) => rm(dir, { recursive: true, force: true })));
});

function git(dir: string, ...args: string[]): string {
  return execFileSync('git', ['-c', 'commit.gpgsign=false', ...args], {
    cwd: dir,
    encoding: 'utf8',
    env: { ...process.env, GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@t', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@t' },
  });
}

async function write(dir: string, files: Record<string, string>): Promise<void> {
  for (const [file, text] of Object.entries(files)) {
    await mkdir(path.dirname(path.join(dir, file)), { recursive: true });
    await writeFile(path.join(dir, file), text);
  }
}

/**
 * A repository whose `main` has an app with old references already (the migration is under way:
 * --max-old would allow them on main), and a branch `feature` checked out on top of it.
 */
async function repository(): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'retable-changed-'));
  temps.push(dir);
  git(dir, 'init', '-q', '-b', 'main');
  await write(dir, {
    'retable.config.json': JSON.stringify({ renames: { orders: 'purchases', leads: 'crm_leads' } }, null, 2),
    '.gitignore': 'ignored/\n',
    'src/client.ts': "export const supabase = createClient('url', 'key');\ndeclare function createClient(a: string, b: string): any;\n",
    // Untouched by the branch: its old reference is main's business.
    'src/legacy.ts': "import { supabase } from './client';\nexport const legacy = () => supabase.from('leads').select('*');\n",
    'src/tables.ts': "export const ORDERS = 'purchases';\n",
    'src/orders.ts': "import { supabase } from './client';\nimport { ORDERS } from './tables';\nexport const listOrders = () => supabase.from(ORDERS).select('*');\n",
    'src/query.ts': "import { supabase } from './client';\nexport function rows(table: string) {\n  return supabase.from(table).select('*');\n}\n",
    'src/report.ts': "import { rows } from './query';\nexport const report = () => rows('purchases');\n",
    'src/page.ts': "export const title = 'Orders';\n",
    // An old name that no table position uses on main.
    'src/names.ts': "export const LEGACY = 'orders';\n",
    // A wrapper of the wrapper, and a caller of it that does not import query.ts (an old reference on main).
    'src/table-rows.ts': "import { rows } from './query';\nexport function tableRows(name: string) {\n  return rows(name);\n}\n",
    'src/dashboard.ts': "import { tableRows } from './table-rows';\nexport const dashboard = () => tableRows('orders');\n",
  });
  git(dir, 'add', '-A');
  git(dir, 'commit', '-q', '-m', 'main');
  git(dir, 'checkout', '-q', '-b', 'feature');
  return dir;
}

function commit(dir: string, message: string): void {
  git(dir, 'add', '-A');
  git(dir, 'commit', '-q', '-m', message);
}

interface Report {
  totalOld: number;
  references: Array<{ file: string; line: number; table: string; status: string }>;
  filesScanned: number;
  changed?: { base: string; mergeBase: string; changedFiles: number; checked: number; of: number; fullRun: string | null };
}

function verify(dir: string, ...args: string[]): { code: number | null; report: Report; stderr: string } {
  const { code, stdout, stderr } = runBinary(['verify', '--format', 'json', ...args], dir);
  return { code, report: JSON.parse(stdout || '{}') as Report, stderr };
}

const oldFiles = (report: Report) => [...new Set(report.references.filter((r) => r.status === 'old').map((r) => `${r.file}:${r.line}`))];

describe('retable verify --changed', () => {
  it('finds an old reference in a changed file, not the one in a file the branch did not touch', async () => {
    const dir = await repository();
    await write(dir, { 'src/page.ts': "import { supabase } from './client';\nexport const title = () => supabase.from('orders').select('id');\n" });
    commit(dir, 'page queries orders');

    const full = verify(dir);
    expect(oldFiles(full.report)).toEqual(['src/dashboard.ts:2', 'src/legacy.ts:2', 'src/page.ts:2']);

    const { code, report, stderr } = verify(dir, '--changed');
    expect(oldFiles(report)).toEqual(['src/page.ts:2']);
    expect(code).toBe(1);
    expect(report.changed).toMatchObject({ base: 'main', changedFiles: 1, of: 10, fullRun: null });
    expect(report.changed!.mergeBase).toBe(git(dir, 'rev-parse', 'main').trim());
    // page.ts; the client it imports is read for what it lends page.ts, not checked.
    expect(report.changed!.checked).toBe(1);
    expect(report.filesScanned).toBe(1);
    expect(stderr).toBe(
      `retable verify --changed: 1 changed file since the merge-base with main (default branch, from the first of main, master, origin/main, origin/master that exists), ${report.changed!.mergeBase.slice(0, 12)}; checked 1 of 10 files (with their importers and the callers of their wrappers)\n`,
    );
    const text = runBinary(['verify', '--changed'], dir);
    expect(text.stdout.trimEnd().split('\n').at(-1)).toBe(
      '✖ verify failed: 1 old reference in 1 file (allowed: 0), 0 new, 0 dynamic, 0 ignored; 1 of 10 files checked (--changed since main); run retable codemod --write',
    );
  });

  it('--mentions searches the changed docs only', async () => {
    const dir = await repository();
    await write(dir, { 'docs/old.md': 'The orders table.\n' });
    commit(dir, 'docs');
    await write(dir, { 'docs/new.md': 'Read from orders.\n' });
    const { stdout } = runBinary(['verify', '--changed', '--mentions', '--format', 'json'], dir);
    const mentions = (JSON.parse(stdout) as { mentions: Array<{ file: string }> }).mentions.map((m) => m.file);
    expect(mentions).toEqual(['docs/new.md', 'docs/old.md']);
    git(dir, 'add', '-A');
    git(dir, 'commit', '-q', '-m', 'more docs');
    git(dir, 'checkout', '-q', '-b', 'later');
    await write(dir, { 'docs/new.md': 'Read from orders, twice: orders.\n' });
    const later = runBinary(['verify', '--changed=feature', '--mentions', '--format', 'json'], dir);
    expect((JSON.parse(later.stdout) as { mentions: Array<{ file: string }> }).mentions.map((m) => m.file)).toEqual(['docs/new.md', 'docs/new.md']);
  });

  it('checks the files that import a changed constant module', async () => {
    const dir = await repository();
    await write(dir, { 'src/tables.ts': "export const ORDERS = 'orders';\n" });
    commit(dir, 'back to the old name');
    const { code, report } = verify(dir, '--changed', 'main');
    // The reference is the constant's, found through orders.ts's .from(ORDERS).
    expect(oldFiles(report)).toEqual(['src/tables.ts:1']);
    expect(report.references.find((r) => r.file === 'src/tables.ts')).toMatchObject({ table: 'orders', status: 'old' });
    expect(code).toBe(1);
  });

  it('checks the callers of a changed wrapper and of its wrappers, in files the branch did not touch', async () => {
    const dir = await repository();
    await write(dir, {
      'src/query.ts': "import { supabase } from './client';\n// rows of any table\nexport function rows(table: string) {\n  return supabase.from(table).select('id');\n}\n",
    });
    commit(dir, 'select ids');
    // dashboard.ts imports neither query.ts nor a barrel of it: it calls tableRows(), which calls rows().
    const { code, report } = verify(dir, '--changed');
    expect(report.changed).toMatchObject({ changedFiles: 1 });
    expect(oldFiles(report)).toEqual(['src/dashboard.ts:2']);
    expect(code).toBe(1);
  });

  it('follows a changed file into the unchanged constant and wrapper it now uses', async () => {
    const dir = await repository();
    expect(oldFiles(verify(dir).report)).toEqual(['src/dashboard.ts:2', 'src/legacy.ts:2']);
    await write(dir, {
      'src/page.ts': "import { supabase } from './client';\nimport { LEGACY } from './names';\nimport { rows } from './query';\nexport const a = () => supabase.from(LEGACY);\nexport const b = () => rows('leads');\n",
    });
    commit(dir, 'page uses the constant and the wrapper');
    const { report } = verify(dir, '--changed');
    // The constant's reference is in names.ts, which the branch did not touch.
    expect(oldFiles(report)).toEqual(['src/names.ts:1', 'src/page.ts:5']);
    expect(oldFiles(verify(dir).report)).toEqual(['src/dashboard.ts:2', 'src/legacy.ts:2', 'src/names.ts:1', 'src/page.ts:5']);
  });

  it('does not report the own old references of a module a changed file imports', async () => {
    const dir = await repository();
    // legacy.ts (an old reference on main) now lends page.ts a function: it is read, not checked.
    await write(dir, { 'src/page.ts': "import { legacy } from './legacy';\nexport const page = () => legacy();\n" });
    commit(dir, 'page uses legacy');
    const { code, report } = verify(dir, '--changed');
    expect(oldFiles(report)).toEqual([]);
    expect(report.changed).toMatchObject({ changedFiles: 1, checked: 1 });
    expect(code).toBe(0);
  });

  it('checks every file when the config changed, and says why', async () => {
    const dir = await repository();
    await write(dir, { 'retable.config.json': JSON.stringify({ renames: { orders: 'purchases', leads: 'crm_leads' }, exclude: ['ignored/**'] }) });
    commit(dir, 'config');
    const { code, report, stderr } = verify(dir, '--changed');
    expect(report.changed).toMatchObject({ changedFiles: 0, checked: 10, of: 10 });
    expect(report.changed!.fullRun).toBe('retable.config.json changed (the rename map may have)');
    expect(oldFiles(report)).toEqual(['src/dashboard.ts:2', 'src/legacy.ts:2']);
    expect(stderr).toBe('retable verify --changed: retable.config.json changed (the rename map may have): checked every file (10) instead\n');
    expect(code).toBe(1);
  });

  it('on a clean checkout of the default branch checks every file; a named base is taken at its word', async () => {
    const dir = await repository();
    git(dir, 'checkout', '-q', 'main');
    const onMain = verify(dir, '--changed');
    expect(onMain.report.changed).toMatchObject({ base: 'main', checked: 10, of: 10, fullRun: 'HEAD is main itself, with no change to compare' });
    expect(oldFiles(onMain.report)).toEqual(['src/dashboard.ts:2', 'src/legacy.ts:2']);
    // What is not committed yet.
    await write(dir, { 'src/page.ts': "import { supabase } from './client';\nexport const w = () => supabase.from('leads');\n" });
    expect(verify(dir, '--changed').report.changed).toMatchObject({ changedFiles: 1, checked: 1, fullRun: null });
    const uncommitted = verify(dir, '--changed=HEAD');
    expect(uncommitted.report.changed).toMatchObject({ changedFiles: 1, checked: 1, fullRun: null });
    expect(oldFiles(uncommitted.report)).toEqual(['src/page.ts:2']);
  });

  it('includes untracked, staged and unstaged files; leaves deleted and ignored ones out', async () => {
    const dir = await repository();
    await write(dir, {
      'src/new.ts': "import { supabase } from './client';\nexport const x = () => supabase.from('orders');\n",
      'src/staged.ts': "import { supabase } from './client';\nexport const y = () => supabase.from('leads');\n",
      'ignored/skip.ts': "import { supabase } from '../src/client';\nexport const z = () => supabase.from('orders');\n",
    });
    git(dir, 'add', 'src/staged.ts');
    await write(dir, { 'src/page.ts': "import { supabase } from './client';\nexport const w = () => supabase.from('leads');\n" });
    await unlink(path.join(dir, 'src/legacy.ts'));
    const { report } = verify(dir, '--changed');
    // ignored/skip.ts is scanned by a full verify (the config does not exclude it) but git ignores it: not a change.
    expect(oldFiles(report)).toEqual(['src/new.ts:2', 'src/page.ts:2', 'src/staged.ts:2']);
    expect(report.changed).toMatchObject({ changedFiles: 3 });
  });

  it('follows a renamed file to its new name', async () => {
    const dir = await repository();
    git(dir, 'mv', 'src/legacy.ts', 'src/old-queries.ts');
    commit(dir, 'rename');
    expect(git(dir, 'diff', '--name-status', '-M', 'main')).toBe('R100\tsrc/legacy.ts\tsrc/old-queries.ts\n');
    const { report } = verify(dir, '--changed');
    expect(report.changed).toMatchObject({ changedFiles: 1, checked: 1 });
    expect(oldFiles(report)).toEqual(['src/old-queries.ts:2']);
  });

  it('works from a path through a symlink (git names the real paths)', async () => {
    const dir = await repository();
    await write(dir, { 'src/page.ts': "import { supabase } from './client';\nexport const w = () => supabase.from('leads');\n" });
    const link = path.join(await mkdtemp(path.join(os.tmpdir(), 'retable-changed-link-')), 'app');
    temps.push(path.dirname(link));
    await symlink(dir, link);
    const { report } = verify(os.tmpdir(), '--cwd', link, '--changed');
    expect(report.changed).toMatchObject({ changedFiles: 1, checked: 1 });
    expect(oldFiles(report)).toEqual(['src/page.ts:2']);
  });

  it('exit 2 with one line for a base that is not a git revision', async () => {
    const dir = await repository();
    const { code, stdout, stderr } = runBinary(['verify', '--changed', 'xyz'], dir);
    expect(stdout).toBe('');
    expect(stderr).toBe(
      "retable: --changed: 'xyz' is not a git revision (a branch, tag or commit of this repository); fetch it first (git fetch origin) or name another, e.g. --changed origin/main\n",
    );
    expect(code).toBe(2);
  });

  it('exit 2 when the word after --changed is both a revision and a path; a path alone is a path', async () => {
    const dir = await repository();
    await mkdir(path.join(dir, 'main'));
    await write(dir, { 'main/x.ts': "export const x = 'orders';\n" });
    const both = runBinary(['verify', '--changed', 'main'], dir);
    expect(both.stderr).toBe(
      "retable: --changed main: 'main' is both a git revision and a file or folder; write --changed=main for the revision, or --changed -- main for the path\n",
    );
    expect(both.code).toBe(2);
    const attached = verify(dir, '--changed=main');
    expect(attached.report.changed).toMatchObject({ base: 'main', changedFiles: 1 });
    const asPath = verify(dir, '--changed', 'src');
    expect(asPath.report.changed).toMatchObject({ base: 'main', changedFiles: 0, checked: 0, of: 10 });
    expect(asPath.code).toBe(0);
  });

  it('exit 2 outside a git repository, and in a shallow clone without the base', async () => {
    const plain = await mkdtemp(path.join(os.tmpdir(), 'retable-changed-plain-'));
    temps.push(plain);
    await write(plain, { 'retable.config.json': '{"renames":{"orders":"purchases"}}', 'a.ts': 'export const a = 1;\n' });
    const outside = runBinary(['verify', '--changed'], plain);
    expect(outside.stderr).toBe(`retable: --changed: ${plain} is not inside a git repository; run verify without --changed to check every file\n`);
    expect(outside.code).toBe(2);

    const dir = await repository();
    await write(dir, { 'src/page.ts': "export const title = 'Order list';\n" });
    commit(dir, 'one');
    await write(dir, { 'src/page.ts': "export const title = 'Order list!';\n" });
    commit(dir, 'two');
    const clone = await mkdtemp(path.join(os.tmpdir(), 'retable-changed-shallow-'));
    temps.push(clone);
    git(clone, 'clone', '-q', '--depth', '1', '--branch', 'feature', `file://${dir}`, '.');
    const advice = 'this clone is shallow: fetch the history first (actions/checkout with fetch-depth: 0, or git fetch --unshallow)';
    // As actions/checkout leaves a pull request by default: the base branch was not fetched.
    const missing = runBinary(['verify', '--changed', 'origin/main'], clone);
    expect(missing.stderr).toBe(`retable: --changed: 'origin/main' is not a git revision (a branch, tag or commit of this repository); ${advice}\n`);
    expect(missing.code).toBe(2);
    // Fetched, but without the history that joins it to HEAD.
    git(clone, 'fetch', '-q', '--depth', '1', 'origin', 'main:refs/remotes/origin/main');
    const cut = runBinary(['verify', '--changed', 'origin/main'], clone);
    expect(cut.stderr).toBe(`retable: --changed: origin/main and HEAD have no common ancestor; ${advice}\n`);
    expect(cut.code).toBe(2);
  });

  it('parses --changed alone, with a value and before a flag', async () => {
    const parse = async (argv: string[]) => {
      const { values, positionals } = await parseCommandLine(argv);
      return { changed: values.changed, separate: values['changed:separate'] === true, positionals };
    };
    expect(await parse(['verify', '--changed'])).toEqual({ changed: '', separate: false, positionals: [] });
    expect(await parse(['verify', '--changed', '--format', 'json'])).toEqual({ changed: '', separate: false, positionals: [] });
    expect(await parse(['verify', '--changed', 'origin/main', 'src'])).toEqual({ changed: 'origin/main', separate: true, positionals: ['src'] });
    expect(await parse(['verify', '--changed=HEAD~3', 'src'])).toEqual({ changed: 'HEAD~3', separate: false, positionals: ['src'] });
    expect(await parse(['verify', '--changed', '--', 'src'])).toEqual({ changed: '', separate: false, positionals: ['src'] });
  });
});
