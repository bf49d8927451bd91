import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRenameMap } from '@retable/core';
import { SUPABASE_BOOTSTRAP_SQL, applyMigrations, connect, startPostgres, type PostgresServer } from '@retable/db';
import { applyDropSet, dropSetFromMetadata, generateTypes, introspectDatabase, renderTypescript, selectViews } from '@retable/typegen';
import { resolveOptions } from '../src/commands/typegen.js';
import { MIGRATIONS, RENAMES } from '../../typegen/test/schema.js';

const bin = fileURLToPath(new URL('../bin/retable.js', import.meta.url));

let dir: string;
let project: string;
let server: PostgresServer;
let url: string;

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

function retable(args: string[], cwd = project): Promise<Run> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [bin, ...args],
      { cwd, env: { ...process.env, NO_COLOR: '1', RETABLE_CACHE_DIR: path.join(dir, 'cache') }, maxBuffer: 32 * 1024 * 1024 },
      (error, stdout, stderr) => resolve({ code: error ? ((error as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    );
  });
}

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'retable-cli-typegen-'));
  project = path.join(dir, 'app');
  const migrations = path.join(project, 'supabase', 'migrations');
  await mkdir(migrations, { recursive: true });
  for (const [file, sql] of Object.entries(MIGRATIONS)) await writeFile(path.join(migrations, file), sql);
  await writeFile(
    path.join(project, 'retable.config.json'),
    JSON.stringify({ renames: RENAMES, typesFile: 'src/types/database.types.ts' }, null, 2),
  );
  server = await startPostgres();
  await server.createDatabase('app');
  const client = await server.connect('app');
  await client.exec(SUPABASE_BOOTSTRAP_SQL);
  await applyMigrations(client, migrations);
  await client.close();
  url = server.url('app');
});

afterAll(async () => {
  await server?.stop();
  await rm(dir, { recursive: true, force: true });
});

describe('retable typegen: argv → options', () => {
  const noConfig = () => ({ cwd: path.join(dir, 'no-config'), configPath: undefined });
  const withConfig = () => ({ cwd: project, configPath: undefined });
  it.each([
    [{}, 'all', 'pglite', 'supabase/migrations'],
    [{ engine: 'postgres' }, 'all', 'postgres', 'supabase/migrations'],
    [{ migrations: 'db/migrations', 'drop-views': 'none' }, 'none', 'pglite', 'db/migrations'],
  ])('without a config: %j → drop %s, engine %s, migrations %s', async (values, drop, engine, migrations) => {
    const options = await resolveOptions(noConfig(), values);
    expect(options.dropViews).toBe(drop);
    expect(options.engine).toBe(engine);
    expect(path.relative(noConfig().cwd, options.migrations!)).toBe(migrations);
    expect(options.schemas).toEqual(['public']);
  });

  it('with a config: legacy by default, --check compares with typesFile, --schema is split', async () => {
    const options = await resolveOptions(withConfig(), { check: true, schema: 'public, reporting' });
    expect(options.dropViews).toBe('legacy');
    expect(options.out).toBe(path.join(project, 'src/types/database.types.ts'));
    expect(options.schemas).toEqual(['public', 'reporting']);
    expect(options.config?.map.oldNames.has('leads')).toBe(true);
  });

  it.each([
    [{ 'db-url': 'x', migrations: 'y' }, '--db-url and --migrations cannot be combined; give one source'],
    [{ engine: 'sqlite' }, '--engine: unknown engine "sqlite"; use pglite or postgres'],
    [{ 'db-url': 'x', engine: 'postgres' }, '--engine applies to --migrations only, not --db-url'],
    [{ 'drop-views': 'some' }, '--drop-views: unknown mode "some"; use legacy, all or none'],
    [{ 'drop-views': 'legacy' }, '--drop-views legacy needs the renames of retable.config.json; create it, pass --config FILE, or use --drop-views all'],
    [{ check: true }, '--check needs the file to compare: pass --out FILE (or set "typesFile" in the config)'],
    [{ 'from-file': 'a.ts', schema: 'x' }, '--schema cannot be used with --from-file (the file has the schemas it was generated with)'],
  ])('%j → %s', async (values, message) => {
    await expect(resolveOptions(noConfig(), values)).rejects.toThrow(message);
  });
});

describe('retable typegen, spawned', () => {
  let legacy: string;
  beforeAll(async () => {
    legacy = (await generateTypes({ source: { kind: 'db-url', url }, dropViews: 'legacy', map: createRenameMap(RENAMES) })).text;
  });

  it('--db-url prints the types without the legacy views; progress on stderr', async () => {
    const result = await retable(['typegen', '--db-url', url]);
    expect(result).toEqual({
      code: 0,
      stdout: legacy,
      stderr: [
        'typegen: reading the schema',
        'typegen: left out 2 views (--drop-views legacy): companies, leads',
        'typegen: also left out, as DROP … CASCADE would: recent_leads (built on a dropped view)',
        '',
      ].join('\n'),
    });
  });

  it('--migrations (the default source) on postgres and PGlite print the same', async () => {
    for (const engine of ['postgres', 'pglite']) {
      const result = await retable(['typegen', '--engine', engine]);
      expect(result.code, result.stderr).toBe(0);
      expect(result.stdout).toBe(legacy);
      expect(result.stderr).toContain('typegen: applying 2 migrations\n');
    }
  }, 240_000);

  it('--out writes the file; --check passes, then exits 1 with a short diff when it is stale', async () => {
    const file = path.join(project, 'src/types/database.types.ts');
    const written = await retable(['typegen', '--db-url', url, '--out', 'src/types/database.types.ts']);
    expect(written.code).toBe(0);
    expect(written.stdout).toBe('');
    expect(written.stderr).toContain('typegen: wrote src/types/database.types.ts\n');
    expect(await readFile(file, 'utf8')).toBe(legacy);

    const fresh = await retable(['typegen', '--db-url', url, '--check']);
    expect(fresh.code).toBe(0);
    expect(fresh.stdout).toBe('');
    expect(fresh.stderr).toContain('typegen: src/types/database.types.ts is up to date\n');

    await writeFile(file, legacy.replace('      crm_companies: {\n', '      old_companies: {\n'));
    const stale = await retable(['typegen', '--db-url', url, '--check']);
    expect(stale.code).toBe(1);
    const line = legacy.split('\n').indexOf('      crm_companies: {') + 1;
    expect(stale.stdout.split('\n').slice(0, 5)).toEqual([
      'src/types/database.types.ts: stale; run retable typegen --out src/types/database.types.ts',
      'diff --git a/src/types/database.types.ts b/src/types/database.types.ts',
      '--- a/src/types/database.types.ts',
      '+++ b/src/types/database.types.ts',
      `@@ -${line - 3},7 +${line - 3},7 @@`,
    ]);
    expect(stale.stdout).toContain('\n-      old_companies: {\n+      crm_companies: {\n');
    expect(await readFile(file, 'utf8')).not.toBe(legacy);
  });

  it('--from-file drops the view entries of a file the engine wrote', async () => {
    const all = await retable(['typegen', '--db-url', url, '--drop-views', 'none']);
    await writeFile(path.join(dir, 'full.types.ts'), all.stdout);
    const result = await retable(['typegen', '--from-file', path.join(dir, 'full.types.ts'), '--drop-views', 'all']);
    expect(result.stderr).toContain('typegen: ../full.types.ts: formatted by oxfmt\n');
    expect(result.code).toBe(0);
    // A file cannot show a SQL-standard function body that uses a view: the reference is the
    // engine's output with what the metadata shows dropped.
    const client = await connect(url);
    const metadata = await introspectDatabase(client);
    await client.close();
    const expected = await renderTypescript(applyDropSet(metadata, dropSetFromMetadata(metadata, selectViews(metadata, 'all'))));
    expect(result.stdout).toBe(expected);
    expect(result.stdout).not.toContain('Views: {\n      leads');
  });

  it.each([
    [['--db-url', 'postgresql://postgres:secret@127.0.0.1:1/app'], 'retable: --db-url: cannot connect to postgresql://postgres:***@127.0.0.1:1/app: connect ECONNREFUSED 127.0.0.1:1\n'],
    [['--schema', 'public,nope'], 'retable: --schema: no schema "nope" in the database (it has: auth, extensions, graphql, graphql_public, net, public, realtime, reporting, storage, supabase_functions, vault)\n'],
    [['--from-file', 'missing.ts'], 'retable: --from-file missing.ts: not found\n'],
    [['--migrations', 'db/none'], 'retable: db/none: migrations directory not found; pass --migrations DIR, --db-url URL or --from-file FILE\n'],
  ])('errors exit 2 with one line: %j', async (args, stderr) => {
    const withUrl = args[0] === '--schema' ? ['--db-url', url, ...args] : args;
    const result = await retable(['typegen', ...withUrl]);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr.split('\n').filter((l) => !l.startsWith('typegen: ')).join('\n')).toBe(stderr);
  });

  it('a failing migration exits 2 naming the file, the line and the error', async () => {
    const broken = path.join(dir, 'broken');
    await mkdir(path.join(broken, 'supabase', 'migrations'), { recursive: true });
    await writeFile(path.join(broken, 'supabase/migrations/001_ok.sql'), 'create table a (id int);\n');
    await writeFile(path.join(broken, 'supabase/migrations/002_bad.sql'), '-- note\n\ncreate view b as select * from missing;\n');
    for (const engine of ['pglite', 'postgres']) {
      const result = await retable(['typegen', '--engine', engine], broken);
      expect(result.code).toBe(2);
      expect(result.stdout).toBe('');
      expect(result.stderr.split('\n').filter((l) => l.startsWith('retable:'))).toEqual([
        'retable: supabase/migrations/002_bad.sql:3: relation "missing" does not exist',
      ]);
    }
  }, 240_000);
});
