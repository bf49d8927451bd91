import { spawnSync } from 'node:child_process';
import { cp, mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const repo = fileURLToPath(new URL('../../../', import.meta.url));
const example = path.join(repo, 'examples/crm');
const tsc = path.join(repo, 'node_modules/typescript/bin/tsc');

function typecheck(project: string) {
  const result = spawnSync(process.execPath, [tsc, '--noEmit', '-p', project], { encoding: 'utf8' });
  return { status: result.status, output: result.stdout + result.stderr };
}

const temps: string[] = [];
afterAll(async () => {
  for (const dir of temps) await rm(dir, { recursive: true, force: true });
});

describe('examples/crm code against its generated types', () => {
  it('passes tsc --noEmit (strict)', () => {
    expect(typecheck(example)).toEqual({ status: 0, output: '' });
  }, 180_000);

  it('fails once the types no longer have an old table name the code uses', async () => {
    // The types say `leads` is now `crm_leads` (as after the rename) but the code was not changed.
    const dir = await mkdtemp(path.join(os.tmpdir(), 'retable-crm-types-'));
    temps.push(dir);
    await cp(example, dir, { recursive: true, filter: (source) => path.relative(example, source).split(path.sep)[0] !== 'test' });
    await symlink(path.join(repo, 'node_modules'), path.join(dir, 'node_modules'), 'dir');
    const typesFile = path.join(dir, 'src/types/database.types.ts');
    const types = await readFile(typesFile, 'utf8');
    expect(types).toContain('\n      leads: {\n');
    await writeFile(typesFile, types.replace('\n      leads: {\n', '\n      crm_leads: {\n'));

    const { status, output } = typecheck(dir);
    expect(status).toBe(2);
    expect(output).toContain(`src/features/leads/api.ts`);
    expect(output).toMatch(/Argument of type '"leads"' is not assignable/);
  }, 180_000);
});
