import { execFile, spawnSync } from 'node:child_process';
import { cp, mkdtemp, readFile, rm, symlink } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '@retable/core';
import { SUPABASE_BOOTSTRAP_SQL, applyMigrations, startPostgres, type PostgresServer } from '@retable/db';
import { planFromDatabase } from '@retable/plan';

const repo = fileURLToPath(new URL('../../../', import.meta.url));
const example = path.join(repo, 'examples/crm');
const bin = path.join(repo, 'packages/cli/bin/retable.js');
const tsc = path.join(repo, 'node_modules/typescript/bin/tsc');

let dir: string;
let copy: string;
let server: PostgresServer;

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

function retable(args: string[]): Promise<Run> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [bin, ...args],
      { cwd: repo, env: { ...process.env, NO_COLOR: '1', RETABLE_CACHE_DIR: path.join(dir, 'cache') }, maxBuffer: 32 * 1024 * 1024 },
      (error, stdout, stderr) => resolve({ code: error ? ((error as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    );
  });
}

function typecheck(project: string) {
  const result = spawnSync(process.execPath, [tsc, '--noEmit', '-p', project], { encoding: 'utf8' });
  return { status: result.status, output: result.stdout + result.stderr };
}

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'retable-typegen-example-'));
  copy = path.join(dir, 'crm');
  await cp(example, copy, { recursive: true, filter: (source) => path.relative(example, source).split(path.sep)[0] !== 'test' });
  await symlink(path.join(repo, 'node_modules'), path.join(copy, 'node_modules'), 'dir');

  // The database after the expand phase: the example's migrations, then retable's expand.sql
  // (tables renamed, compatibility views under the old names).
  server = await startPostgres();
  await server.createDatabase('crm');
  const client = await server.connect('crm');
  try {
    await client.exec(SUPABASE_BOOTSTRAP_SQL);
    await applyMigrations(client, path.join(example, 'supabase/migrations'));
    const { map } = await loadConfig({ cwd: example });
    const plan = await planFromDatabase(client, map);
    await client.exec(plan.files.expand);
  } finally {
    await client.close();
  }
});

afterAll(async () => {
  await server?.stop();
  await rm(dir, { recursive: true, force: true });
});

describe('examples/crm', () => {
  it('its committed database.types.ts is what retable typegen generates from its migrations', async () => {
    const result = await retable(['typegen', '--cwd', 'examples/crm', '--check']);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain('typegen: src/types/database.types.ts is up to date\n');
    expect(result.code).toBe(0);
  }, 240_000);

  it('expand, types without the legacy views, codemod: tsc passes again, and fails without the codemod', async () => {
    const { map } = await loadConfig({ cwd: example });
    const generated = await retable(['typegen', '--cwd', copy, '--db-url', server.url('crm'), '--out', 'src/types/database.types.ts']);
    expect(generated.code, generated.stderr).toBe(0);
    const oldNames = [...map.oldNames].sort();
    expect(generated.stderr).toContain(`typegen: left out ${oldNames.length} views (--drop-views legacy): ${oldNames.join(', ')}\n`);
    const types = await readFile(path.join(copy, 'src/types/database.types.ts'), 'utf8');
    for (const [from, to] of map.renames) {
      expect(types).toContain(`\n      ${to}: {\n`);
      expect(types).not.toContain(`\n      ${from}: {\n`);
    }

    // The code still uses the old names: TypeScript now rejects them.
    const before = typecheck(copy);
    expect(before.status).toBe(2);
    expect(before.output).toMatch(/Argument of type '"leads"' is not assignable/);

    const codemod = await retable(['codemod', '--cwd', copy, '--write']);
    expect(codemod.code, codemod.stderr).toBe(0);
    expect(typecheck(copy)).toEqual({ status: 0, output: '' });
  }, 240_000);
});
