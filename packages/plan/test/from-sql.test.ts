import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renamesFromSql } from '@retable/plan';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'retable-from-sql-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function file(name: string, sql: string) {
  const full = path.join(dir, name);
  await writeFile(full, sql);
  return { path: full, shown: name };
}

describe('renamesFromSql', () => {
  it('reads ALTER TABLE … RENAME TO with the parser, not text matching', async () => {
    const first = await file(
      '001.sql',
      [
        '-- alter table fake rename to nothing;',
        "create function f() returns text language sql as $$ select 'alter table x rename to y' $$;",
        'ALTER TABLE public.leads RENAME TO crm_leads;',
        'alter table if exists "Contacts" rename to crm_contacts;',
        'alter table crm_leads rename column name to title;',
        'alter view lead_summary rename to crm_lead_summary;',
        'alter table messages rename to comms_msgs;',
      ].join('\n'),
    );
    const second = await file('002.sql', 'alter table comms_msgs rename to comms_messages;\nalter table tmp rename to tmp2;\nalter table tmp2 rename to tmp;\n');
    const result = await renamesFromSql([first, second]);
    expect(result.schema).toBe('public');
    expect(result.renames).toEqual({
      leads: 'crm_leads',
      Contacts: 'crm_contacts',
      lead_summary: 'crm_lead_summary',
      messages: 'comms_messages',
    });
    expect(result.found.map((r) => `${r.file}:${r.line} ${r.from} → ${r.to}`)).toEqual([
      '001.sql:3 leads → crm_leads',
      '001.sql:4 Contacts → crm_contacts',
      '001.sql:6 lead_summary → crm_lead_summary',
      '001.sql:7 messages → comms_msgs',
      '002.sql:1 comms_msgs → comms_messages',
      '002.sql:2 tmp → tmp2',
      '002.sql:3 tmp2 → tmp',
    ]);
  });

  it('names the file and line of SQL the parser rejects', async () => {
    const broken = await file('broken.sql', 'alter table a rename to b;\n\nalter tabel c rename to d;\n');
    await expect(renamesFromSql([broken])).rejects.toThrow(/^broken\.sql:3: syntax error at or near "tabel"$/);
  });

  it('refuses renames spread over several schemas', async () => {
    const mixed = await file('mixed.sql', 'alter table a rename to b;\nalter table billing.c rename to d;\n');
    await expect(renamesFromSql([mixed])).rejects.toThrow(/several schemas \(public, billing/);
  });
});
