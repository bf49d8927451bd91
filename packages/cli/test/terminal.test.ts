import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../src/index.js';
import { createProgress, useColor } from '../src/terminal.js';
import { capture } from './helpers.js';

describe('colour', () => {
  const tty = { isTTY: true };
  const pipe = { isTTY: false };
  it.each([
    ['a terminal', tty, {}, undefined, true],
    ['a pipe', pipe, {}, undefined, false],
    ['NO_COLOR on a terminal', tty, { NO_COLOR: '1' }, undefined, false],
    ['an empty NO_COLOR', tty, { NO_COLOR: '' }, undefined, true],
    ['TERM=dumb', tty, { TERM: 'dumb' }, undefined, false],
    ['FORCE_COLOR on a pipe', pipe, { FORCE_COLOR: '1' }, undefined, true],
    ['FORCE_COLOR=0 on a terminal', tty, { FORCE_COLOR: '0' }, undefined, false],
    ['NO_COLOR over FORCE_COLOR', pipe, { NO_COLOR: '1', FORCE_COLOR: '1' }, undefined, false],
    ['--color on a pipe', pipe, { NO_COLOR: '1' }, true, true],
    ['--no-color on a terminal', tty, { FORCE_COLOR: '1' }, false, false],
  ] as const)('%s', (_name, stream, env, flag, expected) => {
    expect(useColor(stream, env, flag)).toBe(expected);
  });
});

describe('progress lines', () => {
  it('draw and clear one line on a terminal', () => {
    const stream = Object.assign(capture(), { isTTY: true, columns: 30 });
    const progress = createProgress(stream, {});
    progress.update('codemod: reading 10,000 files and more than fits');
    progress.update('codemod: parsing');
    progress.done();
    expect(stream.text()).toBe('\r\u001b[2Kcodemod: reading 10,000 file…\r\u001b[2Kcodemod: parsing\r\u001b[2K');
  });

  it('print nothing on a pipe or with TERM=dumb', () => {
    for (const [isTTY, env] of [[false, {}], [true, { TERM: 'dumb' }]] as const) {
      const stream = Object.assign(capture(), { isTTY });
      const progress = createProgress(stream, env);
      progress.update('plan: applying supabase/migrations…');
      progress.done();
      expect(stream.text()).toBe('');
    }
  });
});

describe('the CLI', () => {
  it('retable help <command> prints the command help', async () => {
    const stdout = capture();
    expect(await main(['help', 'verify'], { stdout, stderr: capture(), env: {} })).toBe(0);
    expect(stdout.text()).toMatch(/^Usage: retable verify /);
  });

  it('--color forces colour on a pipe, --no-color turns it off on a terminal, FORCE_COLOR forces it', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'retable-color-'));
    try {
      await writeFile(path.join(dir, 'retable.config.json'), '{ "renames": { "orders": "sales_orders" } }');
      await writeFile(path.join(dir, 'a.ts'), "supabase.from('orders');\n");
      const run = async (argv: string[], isTTY: boolean, env: NodeJS.ProcessEnv = {}) => {
        const stdout = Object.assign(capture(), { isTTY });
        await main(argv, { stdout, stderr: capture(), cwd: dir, env });
        return stdout.text();
      };
      expect(await run(['codemod'], true)).toContain('\u001b[32m+supabase.from');
      expect(await run(['codemod'], false)).not.toContain('\u001b[');
      expect(await run(['codemod', '--color'], false)).toContain('\u001b[32m+supabase.from');
      expect(await run(['codemod', '--no-color'], true)).not.toContain('\u001b[');
      expect(await run(['codemod'], false, { FORCE_COLOR: '1' })).toContain('\u001b[32m+supabase.from');
      expect(await run(['codemod'], true, { TERM: 'dumb' })).not.toContain('\u001b[');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
