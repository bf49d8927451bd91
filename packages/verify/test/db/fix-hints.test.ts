import { createRenameMap } from '@retable/core';
import { openPglite, pgliteClient } from '@retable/db';
import { verifyDb } from '@retable/verify';
import { describe, expect, it } from 'vitest';

// A fix hint is SQL to paste: reserved words must come out quoted, as quote_ident quotes them.
describe('fix hints quote reserved words', () => {
  it('alter table public."select" rename to …, and the new name quoted when it is a keyword', async () => {
    const client = pgliteClient(await openPglite());
    try {
      await client.exec('create table "select" (id int primary key); create table "order" (id int primary key);');
      const map = createRenameMap({ select: 'picks', order: 'user' });
      const result = await verifyDb(client, { map, phase: 'expand' });
      const fixes = result.findings.filter((f) => f.id === 'new-table-missing').map((f) => f.fix);
      expect(fixes).toEqual([
        'apply the expand migration: alter table public."order" rename to "user";',
        'apply the expand migration: alter table public."select" rename to picks;',
      ]);
      // And they run as printed.
      for (const fix of fixes) await client.exec(fix!.replace(/^apply the expand migration: /, ''));
      const { rows } = await client.query<{ relname: string }>(
        `select relname from pg_class where relnamespace = 'public'::regnamespace and relkind = 'r' order by 1`,
      );
      expect(rows.map((row) => row.relname)).toEqual(['picks', 'user']);
    } finally {
      await client.close();
    }
  }, 240_000);
});
