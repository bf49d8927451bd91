import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRenameMap } from '@retable/core';
import { SUPABASE_BOOTSTRAP_SQL, applyMigrations, startPostgres, type PostgresServer } from '@retable/db';
import {
  applyDropSet,
  dropSetFromDatabase,
  dropSetFromMetadata,
  dropViewsFromText,
  generateTypes,
  introspectDatabase,
  renderTypescript,
  selectViews,
  type GeneratorMetadata,
} from '@retable/typegen';
import { MIGRATIONS, RENAMES } from './schema.js';

const run = promisify(execFile);
const require = createRequire(import.meta.url);
const map = createRenameMap(RENAMES);

let dir: string;
let migrations: string;
let server: PostgresServer;
let url: string;

/** The views of the schema, by what `--drop-views` selects (recent_leads is built on leads). */
const LEGACY = ['leads', 'companies'];
const ALL_PUBLIC = ['leads', 'companies', 'lead_report', 'recent_leads'];

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'retable-typegen-test-'));
  migrations = path.join(dir, 'supabase', 'migrations');
  await mkdir(migrations, { recursive: true });
  for (const [file, sql] of Object.entries(MIGRATIONS)) await writeFile(path.join(migrations, file), sql);
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

/** A copy of `app` (CREATE DATABASE … TEMPLATE) where the views are really dropped. */
async function reallyDropped(name: string, sql: string): Promise<string> {
  await server.createDatabase(name, 'app');
  const client = await server.connect(name);
  await client.exec(sql);
  await client.close();
  return server.url(name);
}

const generate = async (source: string, dropViews: 'legacy' | 'all' | 'none', schemas?: string[]) =>
  generateTypes({ source: { kind: 'db-url', url: source }, dropViews, map, ...(schemas ? { schemas } : {}) });

describe('typegen against PostgreSQL 15', () => {
  it('prints what postgres-meta 0.99.0 (the Supabase CLI) prints, byte for byte', async () => {
    const bin = require.resolve('@supabase/postgres-meta/dist/server/server.js');
    for (const schemas of [['public'], ['public', 'reporting']]) {
      const { stdout } = await run(process.execPath, [bin], {
        env: {
          ...process.env,
          PG_META_DB_URL: url,
          PG_META_GENERATE_TYPES: 'typescript',
          PG_META_GENERATE_TYPES_INCLUDED_SCHEMAS: schemas.join(','),
          PG_META_GENERATE_TYPES_DETECT_ONE_TO_ONE_RELATIONSHIPS: 'true',
        },
        maxBuffer: 32 * 1024 * 1024,
      });
      const ours = await generate(url, 'none', schemas);
      expect(ours.droppedViews).toEqual([]);
      expect(ours.text).toBe(stdout);
      expect(ours.text).toContain('leads: {');
    }
  });

  it('--drop-views legacy equals generating after really dropping the compat views', async () => {
    const dropped = await reallyDropped('app_legacy', 'drop view leads, companies cascade');
    const expected = (await generate(dropped, 'none')).text;
    const result = await generate(url, 'legacy');
    expect(result.droppedViews.map((v) => v.name)).toEqual(['companies', 'leads']);
    expect(result.cascadedViews.map((v) => v.name)).toEqual(['recent_leads']);
    expect(result.text).toBe(expected);
    // The drop reaches past the views: relationships, functions and computed fields using them.
    const all = (await generate(url, 'none')).text;
    for (const gone of ['referencedRelation: "leads"', 'open_leads', 'lead_label', 'leads_of', 'first_ids', 'open_count']) {
      expect(all).toContain(gone);
      expect(result.text).not.toContain(gone);
    }
    // What does not depend on the compat views stays: other views, plain SQL bodies, other schemas' views.
    for (const kept of ['lead_report: {', 'lead_totals: {', 'plain_count', 'search:', 'referencedRelation: "crm_leads"']) {
      expect(result.text).toContain(kept);
    }
    const withReporting = await generate(url, 'legacy', ['public', 'reporting']);
    expect(withReporting.droppedViews.map((v) => `${v.schema}.${v.name}`)).toEqual(['public.companies', 'public.leads']);
    expect(withReporting.text).toBe((await generate(dropped, 'none', ['public', 'reporting'])).text);
  });

  it('--drop-views all equals generating after really dropping every view and materialized view', async () => {
    const dropped = await reallyDropped(
      'app_all',
      'drop view leads, companies, lead_report, recent_leads, reporting.leads cascade; drop materialized view lead_totals cascade',
    );
    const result = await generate(url, 'all', ['public', 'reporting']);
    expect(result.droppedViews.map((v) => `${v.schema}.${v.name}`)).toEqual([
      ...[...ALL_PUBLIC, 'lead_totals'].sort().map((name) => `public.${name}`),
      'reporting.leads',
    ]);
    expect(result.text).toBe((await generate(dropped, 'none', ['public', 'reporting'])).text);
    expect(result.text).toMatch(/Views: \{\n\s+\[_ in never\]: never\n\s+\}/);
    expect(result.text).not.toContain('report_for');
    expect(result.text).not.toContain('totals_for');
  });

  it('the metadata filter alone (no database) gives the same text when nothing is built on the views', async () => {
    const dropped = await reallyDropped('app_companies', 'drop view companies');
    const { connect } = await import('@retable/db');
    const client = await connect(url);
    try {
      const metadata = await introspectDatabase(client);
      const views = selectViews(metadata, 'legacy', map).filter((v) => v.name === 'companies');
      const set = await dropSetFromDatabase(client, metadata, views);
      expect([...set.relations.values()].map((v) => v.name)).toEqual(['companies']);
      expect(await renderTypescript(applyDropSet(metadata, set))).toBe((await generate(dropped, 'none')).text);
    } finally {
      await client.close();
    }
  });

  it('--migrations on PGlite and on PostgreSQL equal the live-URL output', async () => {
    const live = await generate(url, 'legacy');
    const cacheDir = path.join(dir, 'cache');
    for (const engine of ['postgres', 'pglite', 'pglite'] as const) {
      const progress: string[] = [];
      const result = await generateTypes({
        source: { kind: 'migrations', dir: migrations, engine },
        dropViews: 'legacy',
        map,
        cacheDir,
        onProgress: (message) => progress.push(message),
      });
      expect(result.text, engine).toBe(live.text);
      expect(progress).toContain('applying 2 migrations');
    }
  }, 240_000);

  it('errors: a bad URL, a failing migration, an unknown schema, an extension PGlite lacks', async () => {
    await expect(generate('postgresql://postgres@127.0.0.1:1/app', 'all')).rejects.toThrow(
      /^--db-url: cannot connect to postgresql:\/\/postgres@127\.0\.0\.1:1\/app: connect ECONNREFUSED 127\.0\.0\.1:1$/,
    );
    await expect(generate(url, 'all', ['public', 'nope'])).rejects.toThrow(/^--schema: no schema "nope" in the database \(it has: /);
    const broken = path.join(dir, 'broken');
    await mkdir(broken);
    await writeFile(path.join(broken, '001_ok.sql'), 'create table a (id int);\n');
    await writeFile(path.join(broken, '002_bad.sql'), '-- a comment\n\ncreate view b as select * from missing;\n');
    for (const engine of ['pglite', 'postgres'] as const) {
      await expect(
        generateTypes({ source: { kind: 'migrations', dir: broken, engine }, dropViews: 'all', displayPath: (f) => path.basename(f), cacheDir: path.join(dir, 'cache') }),
      ).rejects.toThrow(/^002_bad\.sql:3: relation "missing" does not exist$/);
    }
    const extension = path.join(dir, 'extension');
    await mkdir(extension);
    // pg_cron gets a catalog stand-in; an extension nobody ships still fails, saying what to do.
    await writeFile(path.join(extension, '001_cron.sql'), 'create extension if not exists pg_cron;\ncreate extension if not exists pg_unheard_of;\n');
    await expect(
      generateTypes({ source: { kind: 'migrations', dir: extension, engine: 'pglite' }, dropViews: 'all', displayPath: (f) => path.basename(f), cacheDir: path.join(dir, 'cache') }),
    ).rejects.toThrow(/^001_cron\.sql:2: .*pg_unheard_of.* \(PGlite does not ship it and retable has no stand-in for "pg_unheard_of"; .* --from-file\)$/);
  }, 240_000);
});

describe('--from-file on files the engine produced', () => {
  let metadata: GeneratorMetadata;
  beforeAll(async () => {
    const { connect } = await import('@retable/db');
    const client = await connect(url);
    metadata = await introspectDatabase(client, { schemas: ['public', 'reporting'] });
    await client.close();
  });

  // A file shows neither views built on the dropped ones nor SQL-standard function bodies, so the
  // reference is the engine's output without what only the catalog's dependencies reveal.
  it('oxfmt files: removing the view entries gives the text generated without the views', async () => {
    const full = (await generate(url, 'none', ['public', 'reporting'])).text;
    for (const mode of ['legacy', 'all'] as const) {
      const expected = await renderTypescript(applyDropSet(metadata, dropSetFromMetadata(metadata, selectViews(metadata, mode, map))));
      const result = await dropViewsFromText(full, { dropViews: mode, map });
      expect(result.formatter).toBe('oxfmt');
      expect(result.text, mode).toBe(expected);
    }
  });

  it('keeps __InternalSupabase (--postgrest-version) and an unchanged file when no view is selected', async () => {
    const withVersion = await generateTypes({ source: { kind: 'db-url', url }, dropViews: 'none', postgrestVersion: '12.2.3' });
    expect(withVersion.text).toContain('__InternalSupabase: {\n    PostgrestVersion: "12.2.3"\n  }');
    const result = await dropViewsFromText(withVersion.text, { dropViews: 'legacy', map });
    const expected = await generateTypes({ source: { kind: 'db-url', url }, dropViews: 'legacy', map, postgrestVersion: '12.2.3' });
    // Only the cascade-only objects differ from the database's answer (see above).
    expect(result.text.includes('recent_leads: {')).toBe(true);
    expect(expected.text.includes('recent_leads: {')).toBe(false);
    expect(result.text).toContain('PostgrestVersion: "12.2.3"');
    const untouched = await dropViewsFromText(expected.text, { dropViews: 'legacy', map });
    expect(untouched).toEqual({ text: expected.text, droppedViews: [], formatter: 'oxfmt' });
  });

  it('prettier files: keeps prettier layout; refuses an overload it cannot lay out', async () => {
    const prettier = await import('prettier');
    const format = (code: string) => prettier.format(code, { parser: 'typescript', semi: false });
    const { generateTypescript } = await import('@supabase/postgrest-typegen/generation');
    const render = async (m: GeneratorMetadata) => `${await generateTypescript(m, { detectOneToOneRelationships: true, format })}\n`;
    const full = await render(metadata);
    await expect(dropViewsFromText(full, { dropViews: 'legacy', map })).rejects.toThrow(/function public\.search \(line \d+\) loses some of its overloads, and the prettier layout/);
    // Without the overloaded function, the edits are line removals prettier would make the same way.
    const noSearch = { ...metadata, functions: metadata.functions.filter((fn) => fn.name !== 'search') };
    for (const mode of ['legacy', 'all'] as const) {
      const set = dropSetFromMetadata(noSearch, selectViews(noSearch, mode, map));
      const result = await dropViewsFromText(await render(noSearch), { dropViews: mode, map });
      expect(result.formatter).toBe('prettier');
      expect(result.text, mode).toBe(await render(applyDropSet(noSearch, set)));
    }
  });
});
