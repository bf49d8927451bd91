import { cp, mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { runCodemod } from '@retable/codemod';
import { loadConfig } from '@retable/core';
import { counts, fixturesDir, removeTemps, temps, verifyDir, where } from './helpers.js';

afterAll(removeTemps);

const exampleDir = fileURLToPath(new URL('../../../../examples/crm/', import.meta.url));

async function tempCopy(source: string): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'retable-verify-agree-'));
  temps.push(dir);
  await cp(source, dir, { recursive: true, filter: (from) => !from.includes(`${path.sep}node_modules`) });
  return dir;
}

async function codemodWrite(dir: string) {
  const { root, config, map } = await loadConfig({ cwd: dir });
  return runCodemod({ root, config, map, write: true });
}

// codemod and verify share the finder: what verify counts as old is what the codemod rewrites.
describe('verify agrees with the codemod', () => {
  it('fixtures/app: 3 old before, 0 after codemod --write; the ignored one stays ignored', async () => {
    const dir = await tempCopy(path.join(fixturesDir, 'app'));
    const before = await verifyDir(dir);
    expect([before.totalOld, before.totalNew, before.passed]).toEqual([3, 5, false]);

    const codemod = await codemodWrite(dir);
    expect(codemod.problems).toEqual([]);
    expect(codemod.rewritten).toBe(3);

    const after = await verifyDir(dir);
    expect(counts(after.old)).toEqual([
      ['leads', 0],
      ['profiles', 0],
      ['messages', 0],
      ['calls', 0],
    ]);
    expect(counts(after.new)).toEqual([
      ['crm_leads', 2],
      ['user_profiles', 3],
      ['comms_messages', 1],
      ['voice_calls', 2],
    ]);
    expect(where(after.ignored)).toEqual(['src/legacy.ts:5:25 from messages old']);
    expect(after.dynamic.length).toBe(2);
    expect(after.passed).toBe(true);
    // The types file belongs to typegen: its legacy keys are still reported (as warnings).
    expect(after.legacyTypeKeys.map((k) => k.name)).toEqual(['leads', 'profiles']);
  });

  it('examples/crm: fails before the codemod, passes after, every old reference now a new one', async () => {
    const dir = await tempCopy(exampleDir);
    const before = await verifyDir(dir);
    expect(before.passed).toBe(false);
    expect(before.totalOld).toBeGreaterThan(0);
    expect(before.parseProblems).toEqual([]);

    const codemod = await codemodWrite(dir);
    expect(codemod.problems).toEqual([]);
    expect(codemod.rewritten).toBe(before.totalOld);

    const after = await verifyDir(dir);
    expect(after.totalOld).toBe(0);
    expect(after.passed).toBe(true);
    expect(after.totalNew).toBe(before.totalNew + before.totalOld);
    // Per name: each old name's count moved to its new name.
    expect(after.new.map((n) => n.count)).toEqual(
      before.new.map((n, i) => n.count + before.old[i]!.count),
    );
    expect(after.dynamic.length).toBe(before.dynamic.length);
  });
});
