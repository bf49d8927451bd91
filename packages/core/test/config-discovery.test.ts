import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, test } from 'vitest';
import { ConfigError, findConfig, loadConfigSync, parseConfig } from '@retable/core/base';

const dirs: string[] = [];
afterEach(async () => {
  await Promise.all(dirs.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
});

/** A temp tree: path → content (a string, or an object written as JSON). `.git/` marks the repository root. */
async function tree(files: Record<string, string | object>): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'retable-discovery-'));
  dirs.push(dir);
  for (const [file, content] of Object.entries(files)) {
    const full = path.join(dir, file);
    if (file.endsWith('/')) {
      await mkdir(full, { recursive: true });
      continue;
    }
    await mkdir(path.dirname(full), { recursive: true });
    await writeFile(full, typeof content === 'string' ? content : JSON.stringify(content));
  }
  return dir;
}

function refusal(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as Error).message;
  }
  throw new Error('accepted');
}

const renames = { renames: { leads: 'crm_leads' } };

describe('findConfig: upward from the working directory to the repository root', () => {
  test('a config in a parent directory is found, and its directory is the root', async () => {
    const dir = await tree({ '.git/': '', 'retable.config.json': renames, 'apps/web/src/a.ts': '' });
    const cwd = path.join(dir, 'apps/web/src');
    expect(findConfig({ cwd })).toEqual({ path: path.join(dir, 'retable.config.json'), kind: 'json' });
    const loaded = loadConfigSync({ cwd });
    expect(loaded.root).toBe(dir);
    expect(loaded.map.renames.get('leads')).toBe('crm_leads');
  });

  test('the nearest config wins', async () => {
    const dir = await tree({
      '.git/': '',
      'retable.config.json': renames,
      'apps/web/retable.config.jsonc': '{ "renames": { "ai_jobs": "assistant_jobs" } }',
    });
    const loaded = loadConfigSync({ cwd: path.join(dir, 'apps/web') });
    expect(loaded.source).toEqual({ path: path.join(dir, 'apps/web/retable.config.jsonc'), kind: 'jsonc' });
    expect([...loaded.map.oldNames]).toEqual(['ai_jobs']);
  });

  test('the search stops at the repository root (a .git folder or file)', async () => {
    const dir = await tree({ 'retable.config.json': renames, 'repo/.git': 'gitdir: elsewhere', 'repo/src/a.ts': '' });
    const cwd = path.join(dir, 'repo/src');
    expect(findConfig({ cwd })).toBeUndefined();
    expect(refusal(() => loadConfigSync({ cwd }))).toBe(
      `no retable.config.json, retable.config.jsonc or "retable" key in package.json from ${cwd} up to ${path.join(dir, 'repo')}; create retable.config.json with a "renames" object, or pass --config FILE`,
    );
  });

  test('a "retable" key in package.json; a package.json without one is passed over', async () => {
    const dir = await tree({
      '.git/': '',
      'package.json': { name: 'monorepo', retable: { renames: { profiles: 'user_profiles' } } },
      'apps/web/package.json': { name: 'web', dependencies: { retable: '1.0.0' } },
    });
    const loaded = loadConfigSync({ cwd: path.join(dir, 'apps/web') });
    expect(loaded.source).toEqual({ path: path.join(dir, 'package.json'), kind: 'package.json' });
    expect(loaded.root).toBe(dir);
    expect([...loaded.map.renames]).toEqual([['profiles', 'user_profiles']]);
  });

  test('a refusal in package.json names the key', async () => {
    const dir = await tree({ '.git/': '', 'package.json': { retable: { renames: { a: 1 } } } });
    expect(refusal(() => loadConfigSync({ cwd: dir }))).toBe(
      `package.json "retable": renames.a: expected the new table name as a string, found a number (1)`,
    );
  });

  test('two configs in one directory are refused', async () => {
    const dir = await tree({ '.git/': '', 'retable.config.json': renames, 'package.json': { retable: renames } });
    expect(refusal(() => findConfig({ cwd: dir }))).toBe(
      `${dir}: retable.config.json and the "retable" key of package.json are both retable configs; keep one`,
    );
  });

  test('--config is taken as given, relative to cwd, and the root stays cwd', async () => {
    const dir = await tree({ '.git/': '', 'config/retable.jsonc': '// the map\n{ "renames": { "leads": "crm_leads" } }' });
    const loaded = loadConfigSync({ cwd: dir, configPath: 'config/retable.jsonc' });
    expect(loaded.root).toBe(dir);
    expect(loaded.source.kind).toBe('jsonc');
  });
});

describe('JSON and JSONC', () => {
  test('retable.config.jsonc allows // and /* */ comments and trailing commas', async () => {
    const dir = await tree({
      '.git/': '',
      'retable.config.jsonc': '{\n  // legacy names\n  "renames": { "leads": "crm_leads", /* more later */ },\n  "include": ["src/**", "http://x//y",],\n}\n',
    });
    const loaded = loadConfigSync({ cwd: dir });
    expect(loaded.config.include).toEqual(['src/**', 'http://x//y']);
  });

  test('a JSON error names the file, line and column', async () => {
    const dir = await tree({ '.git/': '', 'retable.config.json': '{\n  "renames": {\n    "leads" "crm_leads"\n  }\n}\n' });
    expect(refusal(() => loadConfigSync({ cwd: dir }))).toBe(
      "retable.config.json:3:13: is not valid JSON (unexpected '\"'; expected ':' after the key)",
    );
  });

  test('a comment in a .json file says where comments are allowed', async () => {
    const dir = await tree({ '.git/': '', 'retable.config.json': '{\n  // legacy\n  "renames": {}\n}' });
    expect(refusal(() => loadConfigSync({ cwd: dir }))).toMatch(/^retable\.config\.json:2:3: is not valid JSON \(unexpected '\/'; expected a double-quoted key\); comments need retable\.config\.jsonc$/);
  });

  test('a JSONC error keeps the position of the original text', async () => {
    const dir = await tree({ '.git/': '', 'retable.config.jsonc': '/* a\n   b */ { "renames": { "leads": } }' });
    expect(refusal(() => loadConfigSync({ cwd: dir }))).toMatch(/^retable\.config\.jsonc:2:33: is not valid JSON \(unexpected '}'\)$/);
  });
});

describe('messages say what was expected and what was found', () => {
  const cases: Array<[unknown, string]> = [
    [{ renames: ['leads'] }, 'renames: expected an object of "old_name": "new_name" pairs, found an array (["leads"])'],
    [{ renames: 'leads' }, 'renames: expected an object of "old_name": "new_name" pairs, found a string ("leads")'],
    [{ renames: { leads: null } }, 'renames.leads: expected the new table name as a string, found null'],
    [{ ...renames, schema: 1 }, 'schema: expected a Postgres schema name as a string, found a number (1)'],
    [{ ...renames, include: 'src/**' }, 'include: expected an array of glob strings, found a string ("src/**")'],
    [{ ...renames, exclude: [true] }, 'exclude.0: expected a glob string, found true'],
    [{ ...renames, typesFile: ['a.ts'] }, 'typesFile: expected a path relative to the project root as a string, found an array (["a.ts"])'],
    [{ ...renames, domains: { crm: 'crm_*' } }, 'domains.crm: expected an array of table names or prefix patterns, found a string ("crm_*")'],
    [[], 'expected a JSON object with a "renames" key, found an empty array'],
    [{ ...renames, typesfile: 'x.ts' }, 'unknown key "typesfile" (did you mean "typesFile"?); allowed keys are renames, schema, include, exclude, typesFile, domains, renameDerived'],
    [{ ...renames, exlcude: [] }, 'unknown key "exlcude" (did you mean "exclude"?); allowed keys are renames, schema, include, exclude, typesFile, domains, renameDerived'],
    [{ ...renames, colour: 'red' }, 'unknown key "colour"; allowed keys are renames, schema, include, exclude, typesFile, domains, renameDerived'],
  ];
  test.each(cases)('%j', (value, message) => {
    expect(refusal(() => parseConfig(value))).toBe(`retable.config.json: ${message}`);
  });

  test('a "__proto__" key is refused, not dropped', () => {
    expect(refusal(() => parseConfig(JSON.parse('{ "renames": { "leads": "crm_leads" }, "__proto__": { "x": 1 } }')))).toBe(
      'retable.config.json: the key "__proto__" is not allowed; remove it',
    );
    expect(refusal(() => parseConfig(JSON.parse('{ "renames": { "leads": "crm_leads", "__proto__": "x" } }')))).toBe(
      'retable.config.json: renames: the key "__proto__" is not allowed; remove it',
    );
  });
});
