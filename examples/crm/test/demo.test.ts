import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

// `pnpm demo` runs the built CLI (packages/cli/dist); `pnpm test` builds first.
const repo = fileURLToPath(new URL('../../../', import.meta.url));

describe('scripts/demo.mjs', () => {
  it('runs the codemod on a temporary copy of the example, prints the diff and summary, and cleans up', async () => {
    const tables = path.join(repo, 'examples/crm/src/lib/tables.ts');
    const before = await readFile(tables, 'utf8');
    const result = spawnSync(process.execPath, [path.join(repo, 'scripts/demo.mjs')], {
      cwd: repo,
      encoding: 'utf8',
      env: { ...process.env, NO_COLOR: '1' },
    });
    const output = result.stdout + result.stderr;
    expect(result.status, output).toBe(0);

    const headings = result.stdout.split('\n').filter((line) => line.startsWith('== '));
    expect(headings[0]).toMatch(/^== 1\/\d+ {2}The example app/);
    expect(headings[1]).toMatch(/^== 2\/\d+ {2}retable codemod/);
    expect(result.stdout).toContain('  leads               →  crm_leads\n');

    // The diff: a constant, an embed keeping its response key, a realtime filter, a type literal.
    expect(result.stdout).toContain("--- a/src/lib/tables.ts\n+++ b/src/lib/tables.ts\n");
    expect(result.stdout).toContain("-export const LEADS_TABLE = 'leads';\n+export const LEADS_TABLE = 'crm_leads';\n");
    expect(result.stdout).toContain('+      lead_contacts:crm_lead_contacts (\n');
    expect(result.stdout).toContain("table: 'comms_messages', filter: `lead_id=eq.${leadId}`");
    expect(result.stdout).toContain("+export type Profile = Tables<'user_profiles'>;\n");
    // Look-alikes are not in the diff: storage buckets, channels, routes, UI copy.
    expect(result.stdout).not.toContain('src/routes.ts');
    expect(result.stdout).not.toContain('src/features/messages/attachments.ts');
    expect(result.stdout).not.toContain("storage.from('user_profiles')");
    expect(result.stdout).not.toContain("channel('crm_leads");
    expect(result.stdout).not.toContain('No crm_leads');
    expect(result.stdout).not.toContain("NAV_SECTION = 'crm_leads'");

    expect(result.stderr).toContain(
      'src/lib/rows.ts:8:48: dynamic table name `table` (from); not rewritten, check it by hand\n',
    );
    expect(result.stderr).toMatch(/retable codemod \(dry run\): 12 files to change, 74 references to rewrite, 1 dynamic reference/);

    const copy = /^Working copy: (.+)$/m.exec(result.stdout)?.[1];
    expect(copy).toBeDefined();
    expect(existsSync(copy!)).toBe(false);
    expect(await readFile(tables, 'utf8')).toBe(before);
  });
});
