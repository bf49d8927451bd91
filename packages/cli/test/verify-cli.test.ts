import { cp, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { parseMaxOld } from '../src/commands/verify.js';
import { parseCommandLine } from '../src/index.js';
import { runBinary } from './helpers.js';

// The built binary (packages/cli/dist, `tsc -b`), spawned with NO_COLOR=1.
const app = fileURLToPath(new URL('../../verify/test/code/fixtures/app/', import.meta.url));
const example = fileURLToPath(new URL('../../../examples/crm/', import.meta.url));
const temps: string[] = [];

afterAll(async () => {
  await Promise.all(temps.map((dir) => rm(dir, { recursive: true, force: true })));
});

async function tempCopy(source: string): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'retable-cli-verify-'));
  temps.push(dir);
  await cp(source, dir, { recursive: true, filter: (from) => !from.includes(`${path.sep}node_modules`) });
  return dir;
}

const lastLine = (text: string) => text.trimEnd().split('\n').at(-1);

describe('retable verify (spawned)', () => {
  it('exit 1 with old references; the text report ends with the verdict', () => {
    const { code, stdout, stderr } = runBinary(['verify'], app);
    expect(stderr).toBe('');
    expect(stdout.startsWith('Old names (should be 0):\n  leads           1  ✖\n')).toBe(true);
    expect(lastLine(stdout)).toBe(
      '✖ verify failed: 3 old references in 2 files (allowed: 0), 5 new, 2 dynamic, 1 ignored; 7 files checked; run retable codemod --write',
    );
    expect(code).toBe(1);
  });

  it('exit 0 when old references do not exceed --max-old', () => {
    const { code, stdout } = runBinary(['verify', '--max-old', '3'], app);
    expect(stdout.startsWith('Old names (3 allowed in all):\n')).toBe(true);
    expect(lastLine(stdout)).toBe('✔ verify passed: 3 old references in 2 files (allowed: 3), 5 new, 2 dynamic, 1 ignored; 7 files checked');
    expect(code).toBe(0);
  });

  it('paths narrow the run: --cwd and a positional', () => {
    const { code, stdout } = runBinary(['--cwd', app, 'verify', '--format', 'json', 'src/dynamic.ts'], os.tmpdir());
    const json = JSON.parse(stdout) as { totalOld: number; totalNew: number; dynamic: number; passed: boolean };
    expect([json.totalOld, json.totalNew, json.dynamic, json.passed]).toEqual([0, 1, 2, true]);
    expect(code).toBe(0);
  });

  it('json: only JSON on stdout', () => {
    const { code, stdout, stderr } = runBinary(['verify', '--format', 'json', '--mentions'], app);
    const json = JSON.parse(stdout) as { version: number; totalOld: number; mentions: unknown[] };
    expect([json.version, json.totalOld, json.mentions.length]).toEqual([1, 3, 9]);
    expect(stderr).toBe('');
    expect(code).toBe(1);
  });

  const usage: Array<[string[], string]> = [
    [['verify', '--format', 'xml'], 'retable: --format xml: unknown format; use text, json, github or sarif\n'],
    [['verify', '--max-old', 'lots'], 'retable: --max-old lots: expected a whole number ≥ 0, e.g. --max-old 0\n'],
    [['verify', '--max-old=-1'], 'retable: --max-old -1: expected a whole number ≥ 0, e.g. --max-old 0\n'],
    [['verify', '--frobnicate'], 'retable: retable verify has no option --frobnicate (see retable verify --help)\n'],
    [['verify', 'src/nope.ts'], `retable: src/nope.ts: no such file or directory (paths are relative to ${app.replace(/\/$/, '')})\n`],
    [['verify', '--config', 'missing.json'], `retable: missing.json: not found (${path.join(app, 'missing.json')}); fix the --config path\n`],
    [['verify', 'docs/README.md'], 'retable: docs/README.md: retable reads .ts .tsx .mts .cts .js .jsx .mjs .cjs .vue .svelte .astro .prisma files; it cannot check this one\n'],
  ];
  it.each(usage)('%j → exit 2, one line on stderr, nothing on stdout', (argv, message) => {
    const { code, stdout, stderr } = runBinary(argv, app);
    expect(stderr).toBe(message);
    expect(stdout).toBe('');
    expect(code).toBe(2);
  });

  it('an include that matches no file is a config error, as in ESLint', async () => {
    const dir = await tempCopy(app);
    await writeFile(path.join(dir, 'retable.config.json'), JSON.stringify({ renames: { leads: 'crm_leads' }, include: ['scr/**'] }));
    const { code, stdout, stderr } = runBinary(['verify'], dir);
    expect(stderr).toBe(`retable: include: "scr/**" matches no .ts .tsx .mts .cts .js .jsx .mjs .cjs .vue .svelte .astro .prisma file under ${dir} (after exclude); fix or remove the pattern\n`);
    expect(stdout).toBe('');
    expect(code).toBe(2);
  });

  it('a missing typesFile is a config error', async () => {
    const dir = await tempCopy(app);
    await rm(path.join(dir, 'src/types/database.types.ts'));
    const { code, stdout, stderr } = runBinary(['verify'], dir);
    expect(stderr).toBe(
      'retable: typesFile: src/types/database.types.ts not found; generate it (retable typegen --out src/types/database.types.ts) or fix "typesFile" in the config\n',
    );
    expect(stdout).toBe('');
    expect(code).toBe(2);
  });

  it('--help shows the usage and the exit codes', () => {
    const { code, stdout } = runBinary(['verify', '--help'], app);
    expect(stdout.startsWith('Usage: retable verify [--format text|json|github|sarif] [--max-old N] [--mentions] [--changed [BASE]] [paths…]\n')).toBe(true);
    expect(stdout).toContain('Exit codes: 0 no more old references than --max-old, 1 more (or a file that does not parse),\n2 usage or config error.\n');
    expect(code).toBe(0);
  });

  it('examples/crm: verify fails before `retable codemod --write` and passes after it', async () => {
    const dir = await tempCopy(example);
    const before = runBinary(['verify', '--format', 'github'], dir);
    expect(before.code).toBe(1);
    const errors = before.stdout.split('\n').filter((line) => line.startsWith('::error '));
    expect(errors.length).toBeGreaterThan(0);
    const failed = lastLine(before.stdout)!.match(/^✖ verify failed: (\d+) old references in \d+ files \(allowed: 0\), (\d+) new, /);
    expect(failed).not.toBeNull();
    expect(Number(failed![1])).toBe(errors.length);

    const codemod = runBinary(['codemod', '--write'], dir);
    expect(codemod.code).toBe(0);

    const after = runBinary(['verify'], dir);
    expect(after.stderr).toBe('');
    const passed = lastLine(after.stdout)!.match(/^✔ verify passed: 0 old references \(allowed: 0\), (\d+) new, /);
    expect(passed).not.toBeNull();
    expect(Number(passed![1])).toBe(Number(failed![1]) + Number(failed![2]));
    expect(after.code).toBe(0);

    const github = runBinary(['verify', '--format', 'github'], dir);
    expect(github.stdout.split('\n').filter((line) => line.startsWith('::error '))).toEqual([]);
    expect(github.code).toBe(0);
  });
});

describe('retable verify argv → options', () => {
  const table: Array<[string[], Record<string, unknown>, string[]]> = [
    [['verify'], {}, []],
    [['verify', '--format', 'sarif'], { format: 'sarif' }, []],
    [['verify', '--format=github', '--max-old', '2'], { format: 'github', 'max-old': '2' }, []],
    [['verify', '--mentions', 'src', 'lib/a.ts'], { mentions: true }, ['src', 'lib/a.ts']],
    [['--cwd', 'app', 'verify', 'src', '--format', 'json'], { cwd: 'app', format: 'json' }, ['src']],
  ];
  it.each(table)('%j', async (argv, values, positionals) => {
    const parsed = await parseCommandLine(argv);
    expect({ command: parsed.command, values: { ...parsed.values }, positionals: parsed.positionals }).toEqual({ command: 'verify', values, positionals });
  });
});

describe('parseMaxOld', () => {
  it.each([
    [undefined, 0],
    ['0', 0],
    ['12', 12],
  ])('%j → %j', (given, expected) => {
    expect(parseMaxOld(given)).toBe(expected);
  });
  it.each(['-1', '1.5', 'x', '', '99999999999999999999'])('%j → usage error', (given) => {
    expect(() => parseMaxOld(given)).toThrow(`--max-old ${given}: expected a whole number ≥ 0, e.g. --max-old 0`);
  });
});
