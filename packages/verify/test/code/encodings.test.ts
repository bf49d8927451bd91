import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { config, project, removeTemps, verifyDir } from './helpers.js';

afterAll(removeTemps);

const utf16le = (text: string) => Buffer.from(`\uFEFF${text}`, 'utf16le');
const utf16be = (text: string) => Buffer.from(`\uFEFF${text}`, 'utf16le').swap16();

describe('files saved as UTF-16 (a BOM says so)', () => {
  it('are read as what they are: references in a UTF-16 LE or BE file and old keys of a UTF-16 typesFile are counted', async () => {
    const dir = await project({
      'retable.config.json': config({ orders: 'sales_orders' }, { typesFile: 'src/types_db.ts' }),
    });
    await mkdir(path.join(dir, 'src'));
    await writeFile(path.join(dir, 'src/le.ts'), utf16le("export const q = () => supabase.from('orders');\n"));
    await writeFile(path.join(dir, 'src/be.ts'), utf16be("export type O = Tables<'orders'>;\n"));
    await writeFile(
      path.join(dir, 'src/types_db.ts'),
      utf16le('export type Database = {\n  public: {\n    Tables: {\n      orders: { Row: { id: number } }\n    }\n  }\n}\n'),
    );
    const result = await verifyDir(dir);
    expect(result.references.map((r) => `${r.file}:${r.line}:${r.column} ${r.kind} ${r.table}`)).toEqual([
      'src/be.ts:1:26 type orders',
      'src/le.ts:1:40 from orders',
    ]);
    expect(result.legacyTypeKeys.map((k) => `${k.file}:${k.line}:${k.column} ${k.name}`)).toEqual(['src/types_db.ts:4:7 orders']);
    expect(result.passed).toBe(false);
  });
});
