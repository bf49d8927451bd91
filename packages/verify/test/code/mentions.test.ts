import { afterAll, describe, expect, it } from 'vitest';
import { scanMentions, wholeWordPattern } from '@retable/verify';
import { config, project, removeTemps, verifyDir } from './helpers.js';

afterAll(removeTemps);

const pattern = wholeWordPattern(['leads', 'profiles'])!;

function scan(text: string, file = 'src/x.tsx', skip?: Set<string>) {
  return scanMentions({ file, text, kind: 'code', pattern, ...(skip ? { skip } : {}) }).map(
    (m) => `${m.line}:${m.column} ${m.name} ${m.context}`,
  );
}

describe('scanMentions', () => {
  it('matches whole words only: crm_leads, leads_owner_id_fkey, leadsCount and $leads are not leads', () => {
    expect(scan('const a = "crm_leads leads_owner_id_fkey leadsCount $leads leads2";\n')).toEqual([]);
    expect(scan('const a = "leads, profiles.";\n')).toEqual(['1:12 leads string', '1:19 profiles string']);
  });

  it('tells strings, comments, JSX text and code apart', () => {
    const text = [
      '// leads at the top',
      'import { leads } from "./profiles";',
      'export function Page() {',
      '  const t = `All ${count} leads`;',
      '  call(x /* leads */);',
      '  const o = { profiles: 1 };',
      '  return <h1 title="leads">Your leads</h1>;',
      '}',
      '/** profiles */',
    ].join('\n');
    expect(scan(text)).toEqual([
      '1:4 leads comment',
      '2:10 leads code',
      '2:26 profiles string',
      '4:27 leads string',
      '5:13 leads comment',
      '6:15 profiles code',
      '7:21 leads string',
      '7:33 leads jsx',
      '9:5 profiles comment',
    ]);
  });

  it('skips table positions it is told about', () => {
    expect(scan('from("leads"); from("leads");\n', 'a.ts', new Set(['1:7']))).toEqual(['1:22 leads string']);
  });

  it('keeps the line as an excerpt, cut at 160 characters', () => {
    const [short] = scanMentions({ file: 'a.md', text: 'x\n  the leads page  \r\ny', kind: 'markdown', pattern });
    expect(short).toEqual({ file: 'a.md', line: 2, column: 7, name: 'leads', context: 'markdown', text: 'the leads page' });
    const [long] = scanMentions({ file: 'a.sql', text: `leads ${'x'.repeat(300)}`, kind: 'sql', pattern });
    expect(long?.text.length).toBe(160);
    expect(long?.text.endsWith('…')).toBe(true);
  });
});

describe('verify --mentions over a project', () => {
  it('searches code, .md and .sql, but not migrations, node_modules, build output or excluded globs', async () => {
    const dir = await project({
      'retable.config.json': config({ leads: 'crm_leads' }, { exclude: ['legacy/**'] }),
      'src/a.ts': "export const label = 'leads';\nexport const q = () => db.from('crm_leads');\n",
      'README.md': '# leads\n',
      'db/report.sql': 'select count(*) from leads;\n',
      'supabase/migrations/0001.sql': 'create table leads ();\n',
      'node_modules/pkg/index.js': "module.exports = 'leads';\n",
      'node_modules/pkg/README.md': 'leads\n',
      'dist/a.js': "'leads'\n",
      'legacy/notes.md': 'leads\n',
      'legacy/old.ts': "db.from('leads');\n",
    });
    const result = await verifyDir(dir, { mentions: true });
    expect(result.mentions?.map((m) => `${m.file}:${m.line}:${m.column} ${m.context}`)).toEqual([
      'README.md:1:3 markdown',
      'db/report.sql:1:22 sql',
      'src/a.ts:1:23 string',
    ]);
    expect([result.totalOld, result.totalNew, result.passed]).toEqual([0, 1, true]);
  });

  it('puts query-shaped strings no table position reads in their own category, and skips retable plan files', async () => {
    const dir = await project({
      'retable.config.json': config({ leads: 'crm_leads', profiles: 'user_profiles' }),
      'src/a.ts': [
        // Select and SQL strings that nothing passes to .select() or a query: found only here.
        "export const COLUMNS = 'id, owner:profiles(name), leads!inner(id)';",
        'export const SQL = `select * from public.leads join "profiles" p on true`;',
        "export const copy = 'Your leads and profiles';",
        "export const route = '/leads/new';",
        '',
      ].join('\n'),
      'retable-plan/expand.sql': 'alter table leads rename to crm_leads;\n',
      'supabase/retable/contract.sql': 'drop view leads;\n',
      'supabase/migrations/20250101000000_retable_expand.sql': 'alter table leads rename to crm_leads;\n',
      'db/report.sql': 'select count(*) from leads;\n',
    });
    const result = await verifyDir(dir, { mentions: true });
    expect(result.mentions?.map((m) => `${m.file}:${m.line}:${m.column} ${m.name} ${m.context}`)).toEqual([
      'db/report.sql:1:22 leads sql',
      'src/a.ts:1:35 profiles query',
      'src/a.ts:1:51 leads query',
      'src/a.ts:2:42 leads query',
      'src/a.ts:2:54 profiles query',
      'src/a.ts:3:27 leads string',
      'src/a.ts:3:37 profiles string',
      'src/a.ts:4:24 leads string',
    ]);
  });
});
