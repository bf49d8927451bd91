import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { loadConfig } from '@retable/core';
import { verify } from '@retable/verify';
import { annotation } from '../src/reporters/github.js';
import { pickReporter, verifyReporters } from '../src/reporters/index.js';
import { relativeUri } from '../src/reporters/sarif.js';
import { sarifSchemaErrors } from '../../verify/test/code/sarif-schema.js';
import { config, project, removeTemps } from '../../verify/test/code/helpers.js';
import { repositoryPrefix } from '../src/commands/verify.js';
import { main } from '../src/index.js';
import { capture, runMain } from './helpers.js';

afterAll(removeTemps);

// The one fixture every reporter renders: 3 old, 5 new, 2 dynamic, 1 ignored, 2 legacy type keys.
const app = fileURLToPath(new URL('../../verify/test/code/fixtures/app/', import.meta.url)).replace(/\/$/, '');

const VERDICT =
  '✖ verify failed: 3 old references in 2 files (allowed: 0), 5 new, 2 dynamic, 1 ignored; 7 files checked; run retable codemod --write';

describe('verify reporters on fixtures/app', () => {
  it('text: the counts table, the locations and one verdict line', async () => {
    const { code, stdout, stderr } = await runMain(['verify'], app);
    expect(stdout).toBe(
      [
        'Old names (should be 0):',
        '  leads           1  ✖',
        '  profiles        1  ✖',
        '  messages        0  ✔',
        '  calls           1  ✖',
        '',
        'New names:',
        '  crm_leads       1',
        '  user_profiles   2',
        '  comms_messages  1',
        '  voice_calls     1',
        '',
        'Old references:',
        '  src/leads.ts:5:41      leads → crm_leads         (from)',
        '  src/leads.ts:5:73      profiles → user_profiles  (embed)',
        '  src/profiles.ts:13:69  calls → voice_calls       (realtime)',
        '',
        'Dynamic references (the name is not known statically; check by hand):',
        '  src/dynamic.ts:4:24  table              (from)',
        '  src/dynamic.ts:8:24  `${kind}_archive`  (from)',
        '',
        'Ignored by retable-ignore comments, or in migration files, which are history (1 reference):',
        '  src/legacy.ts:5:25  messages  (from, old)',
        '',
        'Old names still keys in the types file src/types/database.types.ts (regenerate it):',
        '  src/types/database.types.ts:20:7  public.Views.leads → crm_leads',
        '  src/types/database.types.ts:24:8  public.Views.profiles → user_profiles',
        '',
        VERDICT,
        '',
      ].join('\n'),
    );
    expect(stderr).toBe('');
    expect(code).toBe(1);
  });

  it('text --mentions adds the mentions as information; colours only when allowed', async () => {
    const { stdout } = await runMain(['verify', '--mentions'], app);
    const section = stdout.slice(stdout.indexOf('Mentions'), stdout.indexOf('\n\n✖'));
    // Counts per category first, then each category (a query-shaped string first, copy and comments last).
    expect(section.split('\n')).toEqual([
      'Mentions of old names outside table positions (information, not counted: 9 mentions):',
      '      1  in .sql files',
      '      5  in other strings (copy, routes, keys, messages)',
      '      2  in comments',
      '      1  in Markdown',
      '',
      'Mentions in .sql files (1):',
      "  supabase/seed.sql:1:13  leads  insert into leads (name) values ('Ada');",
      '',
      'Mentions in other strings (copy, routes, keys, messages) (5):',
      "  src/leads.ts:13:32     leads     export const pageTitle = 'Open leads';",
      "  src/profiles.ts:12:15  calls     .channel('calls')",
      "  src/storage.ts:4:33    leads     return supabase.storage.from('leads').list();",
      "  src/storage.ts:7:41    leads     export const ids = Array.from(new Set(['leads', 'profiles']));",
      "  src/storage.ts:7:50    profiles  export const ids = Array.from(new Set(['leads', 'profiles']));",
      '',
      'Mentions in comments (2):',
      "  src/leads.ts:3:8   leads  // The leads page lists open leads with their owner's profile.",
      "  src/leads.ts:3:30  leads  // The leads page lists open leads with their owner's profile.",
      '',
      'Mentions in Markdown (1):',
      '  docs/README.md:3:5  leads  The leads screen reads from `crm_leads`.',
    ]);
    expect(stdout).not.toMatch(/\u001b\[/);

    const { root, config: loaded, map } = await loadConfig({ cwd: app });
    const result = await verify({ root, config: loaded, map });
    const coloured = verifyReporters.text!(result, { color: true, version: '0.0.0' });
    expect(coloured).toContain('\u001b[31m✖\u001b[39m');
    expect(coloured).toContain('\u001b[32m✔\u001b[39m');
    expect(coloured.replace(/\u001b\[\d+m/g, '')).toBe(verifyReporters.text!(result, { color: false, version: '0.0.0' }));
  });

  it('json: version 1, the documented keys first, then what else verify knows; nothing else on stdout', async () => {
    const { code, stdout } = await runMain(['verify', '--format', 'json'], app);
    const expected = {
      version: 1,
      old: { leads: 1, profiles: 1, messages: 0, calls: 1 },
      new: { crm_leads: 1, user_profiles: 2, comms_messages: 1, voice_calls: 1 },
      totalOld: 3,
      totalNew: 5,
      dynamic: 2,
      references: [
        { file: 'src/dynamic.ts', line: 4, column: 24, kind: 'from', table: 'table', status: 'dynamic' },
        { file: 'src/dynamic.ts', line: 8, column: 24, kind: 'from', table: '`${kind}_archive`', status: 'dynamic' },
        { file: 'src/dynamic.ts', line: 12, column: 25, kind: 'from', table: 'voice_calls', status: 'new' },
        { file: 'src/leads.ts', line: 5, column: 41, kind: 'from', table: 'leads', status: 'old' },
        { file: 'src/leads.ts', line: 5, column: 73, kind: 'embed', table: 'profiles', status: 'old' },
        { file: 'src/leads.ts', line: 10, column: 25, kind: 'from', table: 'comms_messages', status: 'new' },
        { file: 'src/profiles.ts', line: 4, column: 31, kind: 'type', table: 'user_profiles', status: 'new' },
        { file: 'src/profiles.ts', line: 7, column: 25, kind: 'from', table: 'user_profiles', status: 'new' },
        { file: 'src/profiles.ts', line: 7, column: 52, kind: 'embed', table: 'crm_leads', status: 'new' },
        { file: 'src/profiles.ts', line: 13, column: 69, kind: 'realtime', table: 'calls', status: 'old' },
      ],
      passed: false,
      maxOld: 0,
      filesScanned: 7,
      ignored: 1,
      ignoredReferences: [{ file: 'src/legacy.ts', line: 5, column: 25, kind: 'from', table: 'messages', status: 'old' }],
      parseProblems: [],
      typesFile: 'src/types/database.types.ts',
      legacyTypeKeys: [
        { file: 'src/types/database.types.ts', line: 20, column: 7, schema: 'public', section: 'Views', name: 'leads', newName: 'crm_leads' },
        { file: 'src/types/database.types.ts', line: 24, column: 8, schema: 'public', section: 'Views', name: 'profiles', newName: 'user_profiles' },
      ],
    };
    expect(stdout).toBe(`${JSON.stringify(expected, null, 2)}\n`);
    expect(Object.keys(JSON.parse(stdout)).slice(0, 7)).toEqual(['version', 'old', 'new', 'totalOld', 'totalNew', 'dynamic', 'references']);
    expect(code).toBe(1);
  });

  it('github: ::error per old reference, ::warning per dynamic one and legacy type key, then the verdict', async () => {
    const { code, stdout } = await runMain(['verify', '--format', 'github'], app);
    const fix = 'run retable codemod --write, or mark a deliberate use with // retable-ignore-next-line';
    const stale = 'regenerate them so TypeScript rejects the old name';
    expect(stdout).toBe(
      [
        '::warning file=src/dynamic.ts,line=4,col=24,title=Dynamic table name::Table name not known statically: table (from); check by hand that it is never an old name',
        '::warning file=src/dynamic.ts,line=8,col=24,title=Dynamic table name::Table name not known statically: `${kind}_archive` (from); check by hand that it is never an old name',
        `::error file=src/leads.ts,line=5,col=41,title=Old table name leads::"leads" was renamed to "crm_leads" (from); ${fix}`,
        `::error file=src/leads.ts,line=5,col=73,title=Old table name profiles::"profiles" was renamed to "user_profiles" (embed); ${fix}`,
        `::error file=src/profiles.ts,line=13,col=69,title=Old table name calls::"calls" was renamed to "voice_calls" (realtime); ${fix}`,
        `::warning file=src/types/database.types.ts,line=20,col=7,title=Old table name leads in the types file::public.Views.leads is still in the generated types (renamed to "crm_leads"); ${stale}`,
        `::warning file=src/types/database.types.ts,line=24,col=8,title=Old table name profiles in the types file::public.Views.profiles is still in the generated types (renamed to "user_profiles"); ${stale}`,
        VERDICT,
        '',
      ].join('\n'),
    );
    expect(code).toBe(1);
  });

  it('github: workflow-command escaping of properties and data', () => {
    expect(annotation({ level: 'error', file: 'src/a,b:c.ts', line: 1, column: 2, title: 'T: x, y', message: '100% sure\r\nnext' })).toBe(
      '::error file=src/a%2Cb%3Ac.ts,line=1,col=2,title=T%3A x%2C y::100%25 sure%0D%0Anext',
    );
  });

  it('sarif: valid SARIF 2.1.0 with rules, physical locations relative to SRCROOT, and the ignored one suppressed', async () => {
    const { code, stdout } = await runMain(['verify', '--format', 'sarif'], app);
    expect(code).toBe(1);
    const log = JSON.parse(stdout) as SarifLog;
    expect(sarifSchemaErrors(log)).toEqual([]);
    expect(log.version).toBe('2.1.0');
    expect(log.runs).toHaveLength(1);
    const run = log.runs[0]!;
    expect(run.originalUriBaseIds).toEqual({ SRCROOT: { uri: `${pathToFileURL(app).href}/` } });
    expect(run.columnKind).toBe('utf16CodeUnits');
    expect(run.tool.driver.name).toBe('retable');
    const rules = run.tool.driver.rules;
    expect(rules.map((r) => [r.id, r.defaultConfiguration.level])).toEqual([
      ['old-table-reference', 'error'],
      ['dynamic-table-reference', 'warning'],
      ['unparsable-file', 'error'],
      ['legacy-types-key', 'warning'],
      ['old-name-mention', 'note'],
    ]);
    for (const rule of rules) {
      expect(rule.shortDescription.text.length).toBeGreaterThan(10);
      expect(rule.help.text.length).toBeGreaterThan(50);
      expect(rule.help.markdown.length).toBeGreaterThan(50);
    }
    const at = (file: string, startLine: number, startColumn: number, endColumn?: number) => [
      {
        physicalLocation: {
          artifactLocation: { uri: file, uriBaseId: 'SRCROOT' },
          region: { startLine, startColumn, ...(endColumn ? { endLine: startLine, endColumn } : {}) },
        },
      },
    ];
    const dynamic = (table: string) => `Table name not known statically: ${table} (from); check by hand that it is never an old name.`;
    expect(run.results).toEqual([
      { ruleId: 'dynamic-table-reference', ruleIndex: 1, level: 'warning', message: { text: dynamic('table') }, locations: at('src/dynamic.ts', 4, 24) },
      { ruleId: 'dynamic-table-reference', ruleIndex: 1, level: 'warning', message: { text: dynamic('`${kind}_archive`') }, locations: at('src/dynamic.ts', 8, 24) },
      { ruleId: 'old-table-reference', ruleIndex: 0, level: 'error', message: { text: '"leads" was renamed to "crm_leads" (from); write "crm_leads" here.' }, locations: at('src/leads.ts', 5, 41, 46) },
      { ruleId: 'old-table-reference', ruleIndex: 0, level: 'error', message: { text: '"profiles" was renamed to "user_profiles" (embed); write "user_profiles" here.' }, locations: at('src/leads.ts', 5, 73, 81) },
      {
        ruleId: 'old-table-reference',
        ruleIndex: 0,
        level: 'error',
        message: { text: '"messages" was renamed to "comms_messages" (from); write "comms_messages" here.' },
        locations: at('src/legacy.ts', 5, 25, 33),
        suppressions: [{ kind: 'inSource', justification: 'retable-ignore comment' }],
      },
      { ruleId: 'old-table-reference', ruleIndex: 0, level: 'error', message: { text: '"calls" was renamed to "voice_calls" (realtime); write "voice_calls" here.' }, locations: at('src/profiles.ts', 13, 69, 74) },
      {
        ruleId: 'legacy-types-key',
        ruleIndex: 3,
        level: 'warning',
        message: { text: 'public.Views.leads is still in the generated types; "leads" was renamed to "crm_leads".' },
        locations: at('src/types/database.types.ts', 20, 7, 12),
      },
      {
        ruleId: 'legacy-types-key',
        ruleIndex: 3,
        level: 'warning',
        message: { text: 'public.Views.profiles is still in the generated types; "profiles" was renamed to "user_profiles".' },
        locations: at('src/types/database.types.ts', 24, 8, 16),
      },
    ]);
  });

  it('sarif: mentions, parse problems and odd file names stay valid', async () => {
    const dir = await project({
      'retable.config.json': config({ orders: 'sales_orders' }),
      'src/my orders #1.ts': "export const a = () => db.from('orders'); // orders\n",
      'src/broken.ts': "export const b = db.from('orders'\nexport const c = 1;\n",
      'docs/notes.md': 'orders are fun\n',
    });
    const { code, stdout } = await runMain(['verify', '--format', 'sarif', '--mentions'], dir);
    expect(code).toBe(1);
    const log = JSON.parse(stdout) as SarifLog;
    expect(sarifSchemaErrors(log)).toEqual([]);
    expect(log.runs[0]!.results.map((r) => `${r.ruleId} ${r.level} ${r.locations[0]!.physicalLocation.artifactLocation.uri}`)).toEqual([
      'old-name-mention note docs/notes.md',
      // A file that does not parse yields no references, so its table name shows as a mention.
      'old-name-mention note src/broken.ts',
      'unparsable-file error src/broken.ts',
      'old-table-reference error src/my%20orders%20%231.ts',
      'old-name-mention note src/my%20orders%20%231.ts',
    ]);
    expect(relativeUri('a b/c#d?.ts')).toBe('a%20b/c%23d%3F.ts');
  });

  it('text and github: a file that does not parse fails the run and says what to do first', async () => {
    const dir = await project({
      'retable.config.json': config({ orders: 'sales_orders' }),
      'src/a.ts': "export const a = () => db.from('orders');\n",
      'src/broken.ts': "export const b = () => db.from('orders'\nexport const c = 1;\n",
    });
    const verdict =
      '✖ verify failed: 1 old reference in 1 file (allowed: 0), 1 file not parsed, 0 new, 0 dynamic, 0 ignored; 2 files checked; fix the syntax errors, then run retable codemod --write';
    const text = await runMain(['verify'], dir);
    expect(text.stdout).toBe(
      [
        'Old names (should be 0):',
        '  orders        1  ✖',
        '',
        'New names:',
        '  sales_orders  0',
        '',
        'Old references:',
        '  src/a.ts:1:33  orders → sales_orders  (from)',
        '',
        'Files that do not parse (not checked):',
        "  src/broken.ts:2:1  ',' expected.",
        '',
        verdict,
        '',
      ].join('\n'),
    );
    expect(text.code).toBe(1);
    const github = await runMain(['verify', '--format', 'github'], dir);
    expect(github.stdout).toBe(
      [
        '::error file=src/a.ts,line=1,col=33,title=Old table name orders::"orders" was renamed to "sales_orders" (from); run retable codemod --write, or mark a deliberate use with // retable-ignore-next-line',
        "::error file=src/broken.ts,line=2,col=1,title=File does not parse::',' expected. retable verify could not check this file",
        verdict,
        '',
      ].join('\n'),
    );
  });

  it('github and sarif: paths from the repository root when the app sits in a subdirectory of GITHUB_WORKSPACE', async () => {
    const workspace = path.resolve(app, '../..');
    const run = async (format: string) => {
      const stdout = capture();
      const code = await main(['verify', '--format', format], { stdout, stderr: capture(), cwd: app, env: { NO_COLOR: '1', GITHUB_WORKSPACE: workspace } });
      return { code, stdout: stdout.text() };
    };
    const github = await run('github');
    expect(github.stdout.split('\n').filter((line) => line.startsWith('::error '))).toEqual([
      expect.stringMatching(/^::error file=fixtures\/app\/src\/leads\.ts,line=5,col=41,/),
      expect.stringMatching(/^::error file=fixtures\/app\/src\/leads\.ts,line=5,col=73,/),
      expect.stringMatching(/^::error file=fixtures\/app\/src\/profiles\.ts,line=13,col=69,/),
    ]);
    const sarif = await run('sarif');
    const log = JSON.parse(sarif.stdout) as SarifLog;
    expect(sarifSchemaErrors(log)).toEqual([]);
    expect(log.runs[0]!.originalUriBaseIds).toEqual({ SRCROOT: { uri: `${pathToFileURL(workspace).href}/` } });
    expect(log.runs[0]!.results[0]!.locations[0]!.physicalLocation.artifactLocation.uri).toBe('fixtures/app/src/dynamic.ts');
  });

  it.each([
    ['/repo/apps/web', '/repo', 'apps/web/'],
    ['/repo', '/repo', ''],
    ['/repo', '/repo/', ''],
    ['/elsewhere/app', '/repo', ''],
    ['/repo/app', undefined, ''],
  ])('repositoryPrefix(%j, %j) → %j', (root, workspace, expected) => {
    expect(repositoryPrefix(root, workspace)).toBe(expected);
  });

  it('the schema check can fail: a log without a driver name or with a bad level is rejected', () => {
    expect(sarifSchemaErrors({ version: '2.1.0', runs: [{ tool: { driver: {} } }] })).toEqual(["/runs/0/tool/driver must have required property 'name'"]);
    expect(
      sarifSchemaErrors({ version: '2.1.0', runs: [{ tool: { driver: { name: 'x' } }, results: [{ level: 'fatal', message: { text: 'm' } }] }] }),
    ).toEqual(['/runs/0/results/0/level must be equal to one of the allowed values']);
  });

  it('pickReporter: an unknown format is a usage error that lists the formats', () => {
    expect(() => pickReporter(verifyReporters, 'xml')).toThrow('--format xml: unknown format; use text, json, github or sarif');
    expect(() => pickReporter(verifyReporters, 'toString')).toThrow('--format toString: unknown format');
  });
});

interface SarifLog {
  version: string;
  runs: {
    tool: {
      driver: {
        name: string;
        rules: {
          id: string;
          shortDescription: { text: string };
          help: { text: string; markdown: string };
          defaultConfiguration: { level: string };
        }[];
      };
    };
    originalUriBaseIds: unknown;
    columnKind: string;
    results: {
      ruleId: string;
      level: string;
      locations: { physicalLocation: { artifactLocation: { uri: string } } }[];
    }[];
  }[];
}
