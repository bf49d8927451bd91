import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseConfig } from '@retable/core';
import { runBinary } from './helpers.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'retable-cli-map-'));
  await writeFile(
    path.join(dir, '001_rename.sql'),
    'alter table leads rename to crm_leads;\n-- alter table fake rename to x;\nALTER TABLE public.messages RENAME TO comms_messages;\n',
  );
  await writeFile(path.join(dir, '002_more.sql'), 'create view leads as select * from crm_leads;\nalter table comms_messages rename to comms_msgs;\n');
  await writeFile(path.join(dir, '003_none.sql'), 'create table t (id int);\n');
  await writeFile(path.join(dir, '004_broken.sql'), 'alter table a rename to b;\nalter tabel c rename to d;\n');
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('retable map --from-sql', () => {
  it('prints the config the migrations amount to, ready for retable.config.json', () => {
    const result = runBinary(['map', '--from-sql', '001_rename.sql', '002_more.sql'], dir);
    expect(result).toEqual({
      code: 0,
      stdout: '{\n  "renames": {\n    "leads": "crm_leads",\n    "messages": "comms_msgs"\n  }\n}\n',
      stderr: '001_rename.sql:1: leads → crm_leads\n001_rename.sql:3: public.messages → comms_messages\n002_more.sql:2: comms_messages → comms_msgs\n',
    });
    expect(parseConfig(JSON.parse(result.stdout)).map.renames.get('messages')).toBe('comms_msgs');
  });

  it('reads a directory\'s SQL files in name order', async () => {
    const migrations = path.join(dir, 'migrations');
    await mkdir(migrations);
    await writeFile(path.join(migrations, '20240202_second.sql'), 'alter table crm_leads rename to sales_leads;\n');
    await writeFile(path.join(migrations, '20240101_first.sql'), 'alter table leads rename to crm_leads;\n');
    await writeFile(path.join(migrations, 'notes.txt'), 'alter table x rename to y;\n');
    expect(runBinary(['map', '--from-sql', 'migrations'], dir)).toEqual({
      code: 0,
      stdout: '{\n  "renames": {\n    "leads": "sales_leads"\n  }\n}\n',
      stderr: 'migrations/20240101_first.sql:1: leads → crm_leads\nmigrations/20240202_second.sql:1: crm_leads → sales_leads\n',
    });
  });

  it('exits 1 when the files rename nothing', () => {
    expect(runBinary(['map', '--from-sql', '003_none.sql'], dir)).toEqual({
      code: 1,
      stdout: '',
      stderr: 'no table renames in 003_none.sql\n',
    });
  });

  it('exits 2 on usage errors and SQL the parser rejects', () => {
    expect(runBinary(['map', '--from-sql', '004_broken.sql'], dir)).toEqual({
      code: 2,
      stdout: '',
      stderr: 'retable: 004_broken.sql:2: syntax error at or near "tabel"\n',
    });
    expect(runBinary(['map', '001_rename.sql'], dir)).toEqual({ code: 2, stdout: '', stderr: 'retable: pass --from-sql FILE… (see retable map --help)\n' });
    expect(runBinary(['map', '--from-sql'], dir)).toEqual({ code: 2, stdout: '', stderr: 'retable: --from-sql needs at least one SQL file\n' });
    expect(runBinary(['map', '--from-sql', 'missing.sql'], dir)).toEqual({ code: 2, stdout: '', stderr: 'retable: missing.sql: cannot be read (ENOENT)\n' });
  });

  it.each([
    ['a chain', 'alter table leads rename to crm_leads;\nalter table prospects rename to leads;\n'],
    ['an invalid identifier', 'alter table "Old Leads" rename to crm_leads;\n'],
  ])('prints nothing the config loader would refuse: %s (exit 2, one line)', async (_label, sql) => {
    const file = path.join(dir, `refused-${_label.replaceAll(' ', '-')}.sql`);
    await writeFile(file, sql);
    const result = runBinary(['map', '--from-sql', path.basename(file)], dir);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    const lines = result.stderr.trimEnd().split('\n');
    expect(lines.at(-1)).toMatch(/^retable: the renames found: .+; nothing printed, write the config by hand$/);
  });
});
