import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { ConfigError, configJsonSchema, createRenameMap, loadConfig, parseConfig } from '@retable/core';

const where = 'retable.config.json';

function refusal(value: unknown): string {
  try {
    parseConfig(value);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as Error).message;
  }
  throw new Error('the config was accepted');
}

describe('parseConfig refuses, naming the key', () => {
  test('an unknown key', () => {
    expect(refusal({ renames: { a: 'b' }, rename: {} })).toBe(
      `${where}: unknown key "rename" (did you mean "renames"?); allowed keys are renames, schema, include, exclude, typesFile, domains`,
    );
  });

  test('missing renames', () => {
    expect(refusal({ schema: 'public' })).toBe(`${where}: renames: is required (an object of "old_name": "new_name" pairs)`);
  });

  test('empty renames', () => {
    expect(refusal({ renames: {} })).toBe(`${where}: renames: is empty; add at least one "old_name": "new_name" pair`);
  });

  test('an old name that is not a valid identifier', () => {
    expect(refusal({ renames: { 'crm-leads': 'leads' } })).toBe(
      `${where}: renames: key "crm-leads" is not a valid Postgres identifier (letters, digits, _ and $; not starting with a digit)`,
    );
  });

  test('a new name that is not a valid identifier', () => {
    expect(refusal({ renames: { leads: '2leads' } })).toBe(
      `${where}: renames.leads: "2leads" is not a valid Postgres identifier (letters, digits, _ and $; not starting with a digit)`,
    );
  });

  test('a name longer than 63 bytes', () => {
    const long = `a${'b'.repeat(63)}`;
    expect(refusal({ renames: { leads: long } })).toBe(
      `${where}: renames.leads: "${long}" is 64 bytes long; Postgres identifiers are at most 63 bytes`,
    );
    expect(refusalOrOk({ leads: 'a'.repeat(63) })).toBe('the config was accepted');
  });

  test('a rename to the same name', () => {
    expect(refusal({ renames: { leads: 'leads' } })).toBe(`${where}: renames.leads: renames "leads" to itself; remove the entry`);
  });

  test('two old names onto one new name', () => {
    expect(refusal({ renames: { leads: 'crm_leads', prospects: 'crm_leads' } })).toBe(
      `${where}: renames.prospects: "prospects" and "leads" are both renamed to "crm_leads"; a new name can have only one old name`,
    );
  });

  test('a chain', () => {
    expect(refusal({ renames: { leads: 'prospects', prospects: 'crm_prospects' } })).toBe(
      `${where}: renames.leads: "prospects" is both a new name and renamed itself (a chain); do it as two steps with two configs`,
    );
  });

  test('a swap', () => {
    expect(refusal({ renames: { leads: 'contacts', contacts: 'leads' } })).toBe(
      `${where}: renames.leads: "contacts" is both a new name and renamed itself (a swap); do it as two steps with two configs`,
    );
  });

  test('an invalid schema name', () => {
    expect(refusal({ renames: { a: 'b' }, schema: 'my schema' })).toBe(
      `${where}: schema: "my schema" is not a valid Postgres identifier (letters, digits, _ and $; not starting with a digit)`,
    );
  });

  test('a wrong type', () => {
    expect(refusal({ renames: { a: 'b' }, include: 'src/**' })).toMatch(/^retable\.config\.json: include: /);
  });
});

/** The refusal, or 'the config was accepted': lets one test state both sides of a limit. */
function refusalOrOk(renames: Record<string, string>): string {
  try {
    parseConfig({ renames });
    return 'the config was accepted';
  } catch (error) {
    return (error as Error).message;
  }
}

describe('the rename map', () => {
  test('defaults and lookups', () => {
    const { config, map } = parseConfig({ renames: { leads: 'crm_leads', profiles: 'user_profiles' } });
    expect(config.schema).toBe('public');
    expect(map.schema).toBe('public');
    expect([...map.renames]).toEqual([
      ['leads', 'crm_leads'],
      ['profiles', 'user_profiles'],
    ]);
    expect(map.reverse.get('crm_leads')).toBe('leads');
    expect([...map.oldNames]).toEqual(['leads', 'profiles']);
    expect([...map.newNames]).toEqual(['crm_leads', 'user_profiles']);
  });

  test('createRenameMap names the given source in its messages', () => {
    expect(() => createRenameMap({ a: 'a' }, 'public', 'other.json')).toThrow('other.json: renames.a: renames "a" to itself; remove the entry');
  });
});

describe('loadConfig', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'retable-config-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  test('reads retable.config.json from the root, BOM and all', async () => {
    await writeFile(path.join(dir, 'retable.config.json'), `\uFEFF${JSON.stringify({ renames: { leads: 'crm_leads' }, schema: 'crm' })}`);
    const loaded = await loadConfig({ cwd: dir });
    expect(loaded.root).toBe(dir);
    expect(loaded.configPath).toBe(path.join(dir, 'retable.config.json'));
    expect(loaded.map.schema).toBe('crm');
    expect(loaded.map.renames.get('leads')).toBe('crm_leads');
  });

  test('a missing file', async () => {
    const empty = await mkdtemp(path.join(os.tmpdir(), 'retable-config-empty-'));
    try {
      await expect(loadConfig({ cwd: empty, stopAt: empty })).rejects.toThrow(
        new ConfigError(
          `no retable.config.json, retable.config.jsonc or "retable" key in package.json in ${empty}; create retable.config.json with a "renames" object, or pass --config FILE`,
        ),
      );
      expect(await readdir(empty)).toEqual([]);
    } finally {
      await rm(empty, { recursive: true, force: true });
    }
  });

  test('bad JSON', async () => {
    await writeFile(path.join(dir, 'bad.json'), '{ "renames": { "leads": "crm_leads", } }');
    const error = await loadConfig({ cwd: dir, configPath: 'bad.json' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as Error).message).toBe(`bad.json:1:38: is not valid JSON (unexpected '}'; expected a double-quoted key)`);
  });

  test('a refusal names the file given with --config', async () => {
    await writeFile(path.join(dir, 'custom.json'), JSON.stringify({ renames: { leads: 'leads' } }));
    await expect(loadConfig({ cwd: dir, configPath: 'custom.json' })).rejects.toThrow(
      'custom.json: renames.leads: renames "leads" to itself; remove the entry',
    );
  });
});

describe('schema.json', () => {
  test('the committed schema matches the config schema (regenerate: node packages/core/scripts/write-schema.mjs)', async () => {
    const committed = await readFile(new URL('../schema.json', import.meta.url), 'utf8');
    expect(committed).toBe(`${JSON.stringify(configJsonSchema(), null, 2)}\n`);
  });

  test('it describes every key and requires only renames', () => {
    const schema = configJsonSchema() as { properties: Record<string, unknown>; required: string[]; additionalProperties: boolean };
    expect(Object.keys(schema.properties)).toEqual(['$schema', 'renames', 'schema', 'include', 'exclude', 'typesFile', 'domains']);
    expect(schema.required).toEqual(['renames']);
    expect(schema.additionalProperties).toBe(false);
  });
});
