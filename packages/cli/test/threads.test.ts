import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseThreads } from '../src/threads.js';
import { runBinary } from './helpers.js';

// The built binary (packages/cli/dist, `tsc -b`), spawned with NO_COLOR=1.
const app = fileURLToPath(new URL('../../verify/test/code/fixtures/app/', import.meta.url));

describe('--threads N (verify, codemod)', () => {
  it('the same report and diff with 1 and 3 threads', () => {
    const verify = (threads: string) => runBinary(['verify', '--format', 'json', '--threads', threads], app);
    const one = verify('1');
    expect(one.code).toBe(1);
    expect(JSON.parse(one.stdout).totalOld).toBe(3);
    expect(verify('3')).toEqual(one);
    const codemod = (threads: string) => runBinary(['codemod', '--threads', threads], app);
    const diff = codemod('1');
    expect(diff.stdout).toContain('+++ b/');
    expect(codemod('3')).toEqual(diff);
  });

  it('anything but a whole number ≥ 1 is a usage error (exit 2, one line)', () => {
    for (const command of ['verify', 'codemod']) {
      const { code, stdout, stderr } = runBinary([command, '--threads', '0'], app);
      expect({ code, stdout, stderr }).toEqual({ code: 2, stdout: '', stderr: 'retable: --threads 0: expected a whole number ≥ 1, e.g. --threads 2\n' });
    }
  });
});

describe('parseThreads', () => {
  it.each([
    [undefined, undefined],
    ['1', 1],
    [' 4 ', 4],
  ])('%j → %j', (given, expected) => {
    expect(parseThreads(given)).toBe(expected);
  });
  it.each(['0', '-1', '1.5', 'x', '', '99999999999999999999'])('%j → usage error', (given) => {
    expect(() => parseThreads(given)).toThrow(`--threads ${given}: expected a whole number ≥ 1, e.g. --threads 2`);
  });
});
