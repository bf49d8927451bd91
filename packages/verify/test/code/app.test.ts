import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { counts, fixturesDir, verifyDir, where } from './helpers.js';

// fixtures/app: four renames, every kind of finding once or twice; see its files for each count.
const app = path.join(fixturesDir, 'app');

describe('verify on fixtures/app', () => {
  it('counts every old and new name of the map, zeros included, in config order', async () => {
    const result = await verifyDir(app);
    expect(counts(result.old)).toEqual([
      ['leads', 1],
      ['profiles', 1],
      ['messages', 0],
      ['calls', 1],
    ]);
    expect(counts(result.new)).toEqual([
      ['crm_leads', 1],
      ['user_profiles', 2],
      ['comms_messages', 1],
      ['voice_calls', 1],
    ]);
    expect(result.old.map((n) => n.counterpart)).toEqual(['crm_leads', 'user_profiles', 'comms_messages', 'voice_calls']);
    expect(result.new.map((n) => n.counterpart)).toEqual(['leads', 'profiles', 'messages', 'calls']);
    expect([result.totalOld, result.totalNew, result.dynamic.length, result.ignored.length]).toEqual([3, 5, 2, 1]);
    expect(result.passed).toBe(false);
    expect(result.maxOld).toBe(0);
    // client, dynamic, leads, legacy, profiles, storage, and the types file (code written below the
    // generated type is the project's; the generated keys are typegen's).
    expect(result.filesScanned).toBe(7);
    // client.ts names no table and imports nothing that does: the pre-filter skips it.
    expect(result.filesParsed).toBe(6);
  });

  it('lists the counted references sorted by file, line, column', async () => {
    const result = await verifyDir(app);
    expect(where(result.references)).toEqual([
      'src/dynamic.ts:4:24 from table dynamic',
      'src/dynamic.ts:8:24 from `${kind}_archive` dynamic',
      'src/dynamic.ts:12:25 from voice_calls new',
      'src/leads.ts:5:41 from leads old',
      'src/leads.ts:5:73 embed profiles old',
      'src/leads.ts:10:25 from comms_messages new',
      'src/profiles.ts:4:31 type user_profiles new',
      'src/profiles.ts:7:25 from user_profiles new',
      'src/profiles.ts:7:52 embed crm_leads new',
      'src/profiles.ts:13:69 realtime calls old',
    ]);
    expect(where(result.oldReferences)).toEqual([
      'src/leads.ts:5:41 from leads old',
      'src/leads.ts:5:73 embed profiles old',
      'src/profiles.ts:13:69 realtime calls old',
    ]);
    expect(result.oldReferences.map((r) => r.newName)).toEqual(['crm_leads', 'user_profiles', 'voice_calls']);
    expect(where(result.ignored)).toEqual(['src/legacy.ts:5:25 from messages old']);
    expect(result.parseProblems).toEqual([]);
  });

  it('reports old names still keys of Views in the types file (quoted keys too)', async () => {
    const result = await verifyDir(app);
    expect(result.typesFile).toBe('src/types/database.types.ts');
    expect(result.legacyTypeKeys).toEqual([
      { file: 'src/types/database.types.ts', line: 20, column: 7, schema: 'public', section: 'Views', name: 'leads', newName: 'crm_leads' },
      { file: 'src/types/database.types.ts', line: 24, column: 8, schema: 'public', section: 'Views', name: 'profiles', newName: 'user_profiles' },
    ]);
  });

  it('collects mentions only when asked: strings, comments, Markdown and SQL outside the migrations', async () => {
    expect((await verifyDir(app)).mentions).toBeUndefined();
    const result = await verifyDir(app, { mentions: true });
    expect(result.mentions?.map((m) => `${m.file}:${m.line}:${m.column} ${m.name} ${m.context}`)).toEqual([
      'docs/README.md:3:5 leads markdown',
      'src/leads.ts:3:8 leads comment',
      'src/leads.ts:3:30 leads comment',
      'src/leads.ts:13:32 leads string',
      'src/profiles.ts:12:15 calls string',
      'src/storage.ts:4:33 leads string',
      'src/storage.ts:7:41 leads string',
      'src/storage.ts:7:50 profiles string',
      'supabase/seed.sql:1:13 leads sql',
    ]);
    expect(result.mentions?.[3]?.text).toBe("export const pageTitle = 'Open leads';");
    // Mentions are information: the counts and the verdict do not change.
    expect([result.totalOld, result.totalNew, result.passed]).toEqual([3, 5, false]);
  });

  it('--max-old: the run passes while old references do not exceed it', async () => {
    expect((await verifyDir(app, { maxOld: 3 })).passed).toBe(true);
    expect((await verifyDir(app, { maxOld: 2 })).passed).toBe(false);
    await expect(verifyDir(app, { maxOld: -1 })).rejects.toThrow('maxOld: -1 is not a whole number ≥ 0');
  });

  it('paths narrow the check, the types file included only when inside them', async () => {
    const result = await verifyDir(app, { paths: ['src/profiles.ts'], mentions: true });
    expect(counts(result.old)).toEqual([
      ['leads', 0],
      ['profiles', 0],
      ['messages', 0],
      ['calls', 1],
    ]);
    expect(counts(result.new)).toEqual([
      ['crm_leads', 1],
      ['user_profiles', 2],
      ['comms_messages', 0],
      ['voice_calls', 0],
    ]);
    expect(result.filesScanned).toBe(1);
    expect(result.typesFile).toBeUndefined();
    expect(result.legacyTypeKeys).toEqual([]);
    expect(result.mentions?.map((m) => `${m.file}:${m.line}:${m.column}`)).toEqual(['src/profiles.ts:12:15']);

    const types = await verifyDir(app, { paths: ['src/types'] });
    expect(types.filesScanned).toBe(1);
    expect(types.legacyTypeKeys.map((k) => k.name)).toEqual(['leads', 'profiles']);
  });

  it('refuses paths outside the root or missing, as usage errors', async () => {
    await expect(verifyDir(app, { paths: ['../elsewhere'] })).rejects.toThrow(/is outside the project root/);
    await expect(verifyDir(app, { paths: ['src/nope.ts'] })).rejects.toThrow(/no such file or directory/);
  });
});
