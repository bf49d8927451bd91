import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRenameMap } from '@retable/core';
import { startPostgres, type PostgresServer } from '@retable/db';
import { planFromDatabase, planRename } from '@retable/plan';
import { createFixture, schemaDump } from '../../plan/test/helpers.js';
import { runBinary } from './helpers.js';

// `retable plan` end to end: the built binary against a throwaway PostgreSQL 15.
const renames = { leads: 'crm_leads', lead_notes: 'crm_lead_notes' };
let server: PostgresServer;
let app: string;
const temps: string[] = [];

beforeAll(async () => {
  app = await mkdtemp(path.join(os.tmpdir(), 'retable-cli-plan-'));
  temps.push(app);
  await writeFile(path.join(app, 'retable.config.json'), JSON.stringify({ renames }));
  server = await startPostgres();
  await server.createDatabase('app');
  const client = await server.connect('app');
  try {
    await createFixture(client);
  } finally {
    await client.close();
  }
}, 240_000);

afterAll(async () => {
  await server?.stop();
  for (const dir of temps) await rm(dir, { recursive: true, force: true });
});

describe('retable plan', () => {
  it('writes the three files from the catalog, warns, lists what needs review and exits 1', async () => {
    const result = runBinary(['plan', '--db-url', server.url('app'), '--rename-derived'], app);
    expect(result.stdout).toBe('retable-plan/expand.sql\nretable-plan/contract.sql\nretable-plan/rollback.sql\n');
    expect(result.stderr).toBe(
      [
        'warning: public.leads is in publication supabase_realtime: a view cannot join a publication, so realtime subscriptions on "leads" stop at expand; subscribe to "crm_leads" in the code you deploy',
        'warning: public.leads: trigger names keep their old names (leads_touch); renaming them to crm_leads_… by hand would change the order they fire in (d_touch, leads_touch → leads_touch, d_touch)',
        'warning: anon can read only some columns of public.leads (SELECT on id, name): the compatibility view gets the same column grants, but PostgreSQL checks every column a security_invoker view reads against the caller, so anon\'s reads through "leads" fail; move them to "crm_leads" (its column grants follow the rename) before expand',
        'warning: public.lead_label(l leads) takes the row type of leads: it follows the rename, but calls through the compatibility view leads (PostgREST computed columns) will not find it; move those callers to crm_leads',
        'warning: public.note_count(l leads) takes the row type of leads: it follows the rename, but calls through the compatibility view leads (PostgREST computed columns) will not find it; move those callers to crm_leads',
        'warning: view public.lead_overview_names reads leads, lead_notes through view lead_overview: both follow the rename (views are stored by OID), but recreate them from their current definitions, not from old migrations',
        'review: public.purge_leads(days integer) line 3: SQL run by EXECUTE names leads inside a string: rewrite by hand',
        '2 tables renamed, 5 function bodies rewritten, 9 derived names renamed, 2 compatibility views, 1 item to review',
        '',
      ].join('\n'),
    );
    expect(result.code).toBe(1);

    // The files are the library's plan, and they round-trip on a copy of the database.
    const client = await server.connect('app');
    const expected = await planFromDatabase(client, createRenameMap(renames), { renameDerived: true, configName: 'retable.config.json' });
    await client.close();
    const files = Object.fromEntries(
      await Promise.all(['expand', 'contract', 'rollback'].map(async (name) => [name, await readFile(path.join(app, 'retable-plan', `${name}.sql`), 'utf8')])),
    );
    expect(files).toEqual(expected.files);
    expect(files.expand!.split('\n')[1]).toBe('-- Rename map (retable.config.json), schema public: leads → crm_leads, lead_notes → crm_lead_notes');

    await server.createDatabase('copy', 'app');
    const copy = await server.connect('copy');
    const original = await schemaDump(server, 'copy');
    await copy.exec(files.expand!);
    await copy.exec(files.rollback!);
    expect(await schemaDump(server, 'copy')).toBe(original);

    // Planning again once expand is applied is refused, nothing written.
    await copy.exec(files.expand!);
    await copy.close();
    const again = runBinary(['plan', '--db-url', server.url('copy'), '--out', 'again'], app);
    expect(again).toEqual({
      code: 2,
      stdout: '',
      stderr: 'retable: public.leads is a view and public.crm_leads exists: expand.sql looks applied already (contract.sql finishes it, rollback.sql undoes it)\n',
    });
    expect(existsSync(path.join(app, 'again'))).toBe(false);
  });

  it('without --db-url writes what the map decides and says what it could not check', async () => {
    const result = runBinary(['plan', '--out', 'sql/rename', '--no-compat-views', '--lock-timeout', '2s'], app);
    expect(result.stdout).toBe('sql/rename/expand.sql\nsql/rename/contract.sql\nsql/rename/rollback.sql\n');
    const expected = await planRename(createRenameMap(renames), undefined, { compatViews: false, lockTimeout: '2s', configName: 'retable.config.json' });
    expect(result.stderr).toBe(
      [...expected.unchecked.map((item) => `not checked (no --db-url): ${item}`), '2 tables renamed, no compatibility views, 0 items to review', ''].join('\n'),
    );
    expect(result.code).toBe(0);
    const expand = await readFile(path.join(app, 'sql/rename/expand.sql'), 'utf8');
    expect(expand).toBe(expected.files.expand);
    expect(expand).toContain("BEGIN;\nSET LOCAL lock_timeout = '2s';\n");
    expect(expand).not.toContain('CREATE VIEW');
  });

  it('--migrations names the migration that does not apply', async () => {
    await mkdir(path.join(app, 'broken-migrations'));
    await writeFile(path.join(app, 'broken-migrations', '001_init.sql'), 'create table leads (id int);\n\ncreate table leads (id int);\n');
    expect(runBinary(['plan', '--migrations', 'broken-migrations', '--out', 'nope'], app)).toEqual({
      code: 2,
      stdout: '',
      stderr: 'retable: broken-migrations/001_init.sql:3: relation "leads" already exists\n',
    });
  });

  it('refuses usage errors with one line and writes nothing', () => {
    expect(runBinary(['plan', '--rename-derived', '--out', 'nope'], app)).toEqual({
      code: 2,
      stdout: '',
      stderr: 'retable: --rename-derived reads the derived names from the catalog: pass --db-url URL (or --migrations DIR)\n',
    });
    expect(runBinary(['plan', '--db-url', 'postgresql://x@127.0.0.1/x', '--migrations', 'm', '--out', 'nope'], app)).toEqual({
      code: 2,
      stdout: '',
      stderr: 'retable: --db-url and --migrations are two catalogs: pass one\n',
    });
    const unreachable = runBinary(['plan', '--db-url', 'postgresql://postgres@127.0.0.1:1/none', '--out', 'nope'], app);
    expect(unreachable.code).toBe(2);
    expect(unreachable.stderr).toMatch(/^retable: --db-url: cannot connect to postgresql:.+\n$/);
    expect(runBinary(['plan', '--lock-timeout', 'soon', '--out', 'nope'], app)).toEqual({
      code: 2,
      stdout: '',
      stderr: 'retable: --lock-timeout soon: use a number with ms, s or min (e.g. 5s)\n',
    });
    expect(existsSync(path.join(app, 'nope'))).toBe(false);
  });
});
