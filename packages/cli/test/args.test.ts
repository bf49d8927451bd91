import { describe, expect, it } from 'vitest';
import { UsageError } from '@retable/core';
import { parseCommandLine } from '../src/index.js';

// argv → command, option values and positionals: global flags go before or after the command.
const table: Array<[string[], { command: string | undefined; values: Record<string, unknown>; positionals: string[] }]> = [
  [[], { command: undefined, values: {}, positionals: [] }],
  [['--version'], { command: undefined, values: { version: true }, positionals: [] }],
  [['-v'], { command: undefined, values: { version: true }, positionals: [] }],
  [['--help'], { command: undefined, values: { help: true }, positionals: [] }],
  [['-h'], { command: undefined, values: { help: true }, positionals: [] }],
  [['--cwd', 'app'], { command: undefined, values: { cwd: 'app' }, positionals: [] }],
  [['codemod'], { command: 'codemod', values: {}, positionals: [] }],
  [['codemod', '--write'], { command: 'codemod', values: { write: true }, positionals: [] }],
  [['codemod', '--check', 'src', 'lib/a.ts'], { command: 'codemod', values: { check: true }, positionals: ['src', 'lib/a.ts'] }],
  [['codemod', 'src', '--write'], { command: 'codemod', values: { write: true }, positionals: ['src'] }],
  [['--cwd', 'app', 'codemod', '--write'], { command: 'codemod', values: { cwd: 'app', write: true }, positionals: [] }],
  [['codemod', '--cwd', 'app'], { command: 'codemod', values: { cwd: 'app' }, positionals: [] }],
  [['--cwd=app', 'codemod'], { command: 'codemod', values: { cwd: 'app' }, positionals: [] }],
  [['--config', 'conf/r.json', 'codemod'], { command: 'codemod', values: { config: 'conf/r.json' }, positionals: [] }],
  [['--config', 'codemod', 'codemod'], { command: 'codemod', values: { config: 'codemod' }, positionals: [] }],
  [['codemod', '--config=r.json', '-h'], { command: 'codemod', values: { config: 'r.json', help: true }, positionals: [] }],
  [['--cwd', 'a', '--config', 'b.json', 'codemod', '--check', 'src'], { command: 'codemod', values: { cwd: 'a', config: 'b.json', check: true }, positionals: ['src'] }],
  [['codemod', '--', '--write'], { command: 'codemod', values: {}, positionals: ['--write'] }],
  [['help', 'codemod'], { command: 'codemod', values: { help: true }, positionals: [] }],
  [['help'], { command: undefined, values: { help: true }, positionals: [] }],
  [['--config', 'help', 'codemod'], { command: 'codemod', values: { config: 'help' }, positionals: [] }],
  [['--no-color', 'verify'], { command: 'verify', values: { color: false }, positionals: [] }],
  [['verify', '--color'], { command: 'verify', values: { color: true }, positionals: [] }],
];

describe('parseCommandLine', () => {
  it.each(table)('%j', async (argv, expected) => {
    const parsed = await parseCommandLine(argv);
    expect({ command: parsed.command, values: { ...parsed.values }, positionals: parsed.positionals }).toEqual(expected);
  });

  const errors: Array<[string[], string]> = [
    [['codemod', '--frobnicate'], 'retable codemod has no option --frobnicate (see retable codemod --help)'],
    [['codemod', '--wirte'], 'retable codemod has no option --wirte; did you mean --write? (see retable codemod --help)'],
    [['codemod', '--write=yes'], '--write is a switch and takes no value (see retable codemod --help)'],
    [['nope'], 'unknown command "nope" (run retable --help for the list)'],
    [['verfiy'], 'unknown command "verfiy"; did you mean "verify"? (run retable --help for the list)'],
    [['help', 'nope'], 'unknown command "nope" (run retable --help for the list)'],
    [['--config'], '--config needs a value (see retable --help)'],
    [['codemod', '--cwd', '--write'], '--cwd needs a value, but the next argument "--write" is a flag; for a value that starts with -, write --cwd=VALUE (see retable codemod --help)'],
    [['plan', 'src'], 'retable plan takes no file or folder arguments; unexpected "src" (see retable plan --help)'],
    [['--frobnicate'], 'retable has no option --frobnicate (see retable --help)'],
  ];
  it.each(errors)('%j → UsageError', async (argv, message) => {
    const error = await parseCommandLine(argv).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(UsageError);
    expect((error as Error).message).toBe(message);
  });
});
