import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { startPostgres, type PostgresServer } from '@retable/db';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPORT_SQL } from '../../verify/test/report/fixture.js';
import { runBinary } from './helpers.js';

const SCHEMA_SQL = REPORT_SQL;

const MARKDOWN = `## Database report

Schema \`public\`: **6 tables** in **3 domains**, 64 kB · RLS enabled on **4 of 6** tables (66.7%) · **4 policies** · 2 views

### Domains

| Domain | Tables | Size | RLS on | Policies |
| :-- | --: | --: | --: | --: |
| crm | 2 | 48 kB | 2/2 | 3 |
| comms | 1 | 8192 bytes | 1/1 | 0 |
| deals | 2 | 8192 bytes | 1/2 | 1 |
| billing | 0 | 0 bytes | 0/0 | 0 |
| _outside every domain_ | 1 | 0 bytes | 0/1 | 0 |
| **Total** | **6** | **64 kB** | **4/6 (66.7%)** | **4** |

### Tables

#### crm (2)

| Table | Size | RLS | Policies |
| :-- | --: | :-: | --: |
| \`crm_contacts\` | 16 kB | on | 1 |
| \`crm_leads\` | 32 kB | on | 2 |

#### comms (1)

| Table | Size | RLS | Policies |
| :-- | --: | :-: | --: |
| \`comms_settings\` | 8192 bytes | on | 0 |

#### deals (2)

| Table | Size | RLS | Policies |
| :-- | --: | :-: | --: |
| \`deal_events\` | 0 bytes | on | 1 |
| \`deals\` | 8192 bytes | **off** | 0 |

#### _outside every domain_ (1)

| Table | Size | RLS | Policies |
| :-- | --: | :-: | --: |
| \`misc\` | 0 bytes | **off** | 0 |

### Tables with 0 policies (3)

- \`comms_settings\`: RLS on, no policy: only its owner and bypassrls roles (service_role) can use it
- \`deals\`: RLS **off**: policies would have no effect; whoever is granted access reads every row
- \`misc\`: RLS **off**: policies would have no effect; whoever is granted access reads every row

### Views (2)

| View | security_invoker | Note |
| :-- | :-: | :-- |
| \`deal_totals\` | **no** | runs as its owner: bypasses RLS |
| \`leads\` | yes | compat view for \`crm_leads\` |

### Naming convention

5 of 6 tables (83.3%) belong to a declared domain. Outside every domain: \`misc\`.
`;

describe('retable report (built binary, PostgreSQL 15)', () => {
  let server: PostgresServer;
  let project: string;
  let bare: string;
  beforeAll(async () => {
    server = await startPostgres({ settings: { autovacuum: 'off' } });
    const client = await server.connect();
    await client.exec(SCHEMA_SQL);
    await client.close();
    project = await mkdtemp(path.join(os.tmpdir(), 'retable-cli-report-'));
    await writeFile(
      path.join(project, 'retable.config.json'),
      JSON.stringify({
        renames: { leads: 'crm_leads' },
        domains: { crm: ['crm_*'], comms: ['comms_*'], deals: ['deals', 'deal_*'], billing: ['billing_*'] },
      }),
    );
    bare = await mkdtemp(path.join(os.tmpdir(), 'retable-cli-report-bare-'));
  });
  afterAll(async () => {
    await server?.stop();
    for (const dir of [project, bare]) if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('markdown: domains from the config, exact', () => {
    expect(runBinary(['report', '--db-url', server.url()], project)).toEqual({ code: 0, stdout: MARKDOWN, stderr: '' });
  });

  it('json: version 1, the same numbers', () => {
    const result = runBinary(['report', '--db-url', server.url(), '--format', 'json'], project);
    expect(result.code).toBe(0);
    const json = JSON.parse(result.stdout);
    expect(json).toMatchObject({
      version: 1,
      schemas: ['public'],
      grouping: 'config',
      totals: { tables: 6, domains: 3, sizeBytes: 65536, size: '64 kB', rlsEnabled: 4, rlsCoverage: 66.7, policies: 4 },
      naming: { compliant: 5, total: 6, compliance: 83.3, outside: ['misc'] },
    });
    expect(json.domains.map((d: { name: string | null; tables: Array<{ name: string; policies: number }> }) => [d.name, d.tables.map((t) => `${t.name}:${t.policies}`)])).toEqual([
      ['crm', ['crm_contacts:1', 'crm_leads:2']],
      ['comms', ['comms_settings:0']],
      ['deals', ['deal_events:1', 'deals:0']],
      ['billing', []],
      [null, ['misc:0']],
    ]);
    expect(json.tablesWithoutPolicies.map((t: { name: string }) => t.name)).toEqual(['comms_settings', 'deals', 'misc']);
  });

  it('without a config: grouped by prefix, no naming verdict', () => {
    const result = runBinary(['report', '--db-url', server.url()], bare);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(
      [
        '### Domains',
        '',
        'Grouped by the prefix before the first `_` (no `domains` in the config).',
        '',
        '| Domain | Tables | Size | RLS on | Policies |',
        '| :-- | --: | --: | --: | --: |',
        '| comms | 1 | 8192 bytes | 1/1 | 0 |',
        '| crm | 2 | 48 kB | 2/2 | 3 |',
        '| deal | 1 | 0 bytes | 1/1 | 1 |',
        '| deals | 1 | 8192 bytes | 0/1 | 0 |',
        '| misc | 1 | 0 bytes | 0/1 | 0 |',
        '| **Total** | **6** | **64 kB** | **4/6 (66.7%)** | **4** |',
      ].join('\n'),
    );
    expect(result.stdout).toContain('| `leads` | yes |  |');
    expect(result.stdout.endsWith('### Naming convention\n\nNo `domains` declared in the config, so there is no convention to check against.\n')).toBe(true);
  });

  it.each([
    [['report'], 'retable: --db-url is required: retable report --db-url postgresql://user:password@host:port/database'],
    [['report', '--db-url', 'postgres://u:pw@127.0.0.1:1/db'], 'retable: --db-url: cannot connect to postgres://u:***@127.0.0.1:1/db: connect ECONNREFUSED 127.0.0.1:1'],
    [['report', '--db-url', 'postgres://u@127.0.0.1:1/db', '--format', 'text'], 'retable: --format text: unknown format; use markdown or json'],
    [['report', '--db-url', 'postgres://u@127.0.0.1:1/db', '--config', '/no/such/nope.json'], 'retable: /no/such/nope.json: not found; fix the --config path'],
  ])('%j: exit 2, one line', (argv, message) => {
    expect(runBinary(argv, bare)).toEqual({ code: 2, stdout: '', stderr: `${message}\n` });
  });
});
