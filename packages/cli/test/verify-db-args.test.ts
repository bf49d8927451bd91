import { describe, expect, it } from 'vitest';
import { UsageError } from '@retable/core';
import { parseCommandLine } from '../src/index.js';

// argv → option values for verify-db and report.
const table: Array<[string[], { command: string; values: Record<string, unknown> }]> = [
  [['verify-db', '--db-url', 'postgresql://h/db'], { command: 'verify-db', values: { 'db-url': 'postgresql://h/db' } }],
  [['verify-db', '--db-url=pglite:./data', '--phase', 'contract'], { command: 'verify-db', values: { 'db-url': 'pglite:./data', phase: 'contract' } }],
  [['--cwd', 'app', 'verify-db', '--format', 'github', '--db-url', 'u'], { command: 'verify-db', values: { cwd: 'app', format: 'github', 'db-url': 'u' } }],
  [['report', '--db-url', 'u', '--format', 'json'], { command: 'report', values: { 'db-url': 'u', format: 'json' } }],
  [['report', '--config', 'r.json', '--db-url', 'u'], { command: 'report', values: { config: 'r.json', 'db-url': 'u' } }],
];

describe('parseCommandLine: verify-db and report', () => {
  it.each(table)('%j', async (argv, expected) => {
    const parsed = await parseCommandLine(argv);
    expect({ command: parsed.command, values: { ...parsed.values }, positionals: parsed.positionals }).toEqual({ ...expected, positionals: [] });
  });

  it.each([
    [['verify-db', 'extra'], 'retable verify-db takes no file or folder arguments; unexpected "extra" (see retable verify-db --help)'],
    [['report', '--phase', 'expand'], 'retable report has no option --phase (see retable report --help)'],
    [['verify-db', '--db-url'], '--db-url needs a value (see retable verify-db --help)'],
  ])('%j → UsageError', async (argv, message) => {
    const error = await parseCommandLine(argv).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(UsageError);
    expect((error as Error).message).toBe(message);
  });
});
