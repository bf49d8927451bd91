import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

// `pnpm demo` runs the built CLI and @retable/db (dist); `pnpm test` builds first.
const repo = fileURLToPath(new URL('../../../', import.meta.url));

describe('scripts/demo.mjs', () => {
  it('takes a temporary copy of the example through codemod, plan, expand, verify-db, typegen, tsc, verify, contract and report, and cleans up', async () => {
    const tables = path.join(repo, 'examples/crm/src/lib/tables.ts');
    const before = await readFile(tables, 'utf8');
    const result = spawnSync(process.execPath, [path.join(repo, 'scripts/demo.mjs')], {
      cwd: repo,
      encoding: 'utf8',
      env: { ...process.env, NO_COLOR: '1' },
    });
    const { stdout, stderr } = result;
    expect(result.status, stdout + stderr).toBe(0);

    // One stream in order: the commands' notes come with the headings, none empty, each note once.
    expect(stderr).toBe('');
    const sections = stdout.split(/^== .*$/m).slice(1);
    expect(sections.filter((text) => text.trim() === '')).toEqual([]);
    expect(stdout.match(/dynamic table name `table` \(from\)/g)).toHaveLength(1);
    const headings = stdout.split('\n').filter((line) => line.startsWith('== '));
    expect(headings.map((line) => line.replace(/^== \d+\/\d+ {2}/, '').split(':')[0])).toEqual([
      'The example app',
      'The database',
      'retable codemod',
      'retable plan',
      'Expand',
      'retable verify-db --phase expand',
      'retable codemod --write',
      'retable typegen',
      'tsc --noEmit',
      'retable verify',
      'Contract',
      'retable verify-db --phase contract',
      'retable typegen --check',
      'retable report',
    ]);
    expect(stdout).toContain('  leads               →  crm_leads\n');
    expect(stdout).toContain('  applied supabase/migrations/20240318102000_comms_calls_billing.sql\n');

    // The dry-run diff, summarised: every file with its counts, a few hunks (a constant, an embed
    // keeping its response key, a realtime filter, a type literal), and where the whole patch is.
    expect(stdout).toContain('12 files change:\n  src/features/assistant/jobs.ts');
    expect(stdout).toMatch(/^ {2}src\/lib\/tables\.ts +\+\d+ -\d+$/m);
    expect(stdout).toContain('4 of the hunks:\n');
    expect(stdout).toContain('The whole diff: .cache/demo/renames.patch (git apply it in a copy of examples/crm)\n');
    expect(stdout.split('\n').filter((line) => /^[-+](?![-+])/.test(line)).length).toBeLessThan(40);
    const patch = await readFile(path.join(repo, '.cache/demo/renames.patch'), 'utf8');
    expect(patch.match(/^diff --git /gm)).toHaveLength(12);
    expect(patch).toContain("-export const LEADS_TABLE = 'leads';\n+export const LEADS_TABLE = 'crm_leads';\n");
    expect(stdout).toContain('--- a/src/lib/tables.ts\n+++ b/src/lib/tables.ts\n');
    expect(stdout).toContain("-export const LEADS_TABLE = 'leads';\n+export const LEADS_TABLE = 'crm_leads';\n");
    expect(stdout).toContain('+      lead_contacts:crm_lead_contacts (\n');
    expect(stdout).toContain("table: 'comms_messages', filter: `lead_id=eq.${leadId}`");
    expect(stdout).toContain("+export type Profile = Tables<'user_profiles'>;\n");
    // Look-alikes are not in the diff: storage buckets, channels, routes, UI copy, a page name.
    expect(stdout).not.toContain('src/routes.ts');
    expect(stdout).not.toContain('src/features/messages/attachments.ts');
    for (const lookalike of ["storage.from('user_profiles')", "channel('crm_leads", 'No crm_leads', "NAV_SECTION = 'crm_leads'"]) {
      expect(patch).not.toContain(lookalike);
    }
    expect(stdout).toContain('src/lib/rows.ts:8:48: dynamic table name `table` (from); not rewritten, check it by hand\n');
    expect(stdout).toContain('retable codemod (dry run): 12 files to change, 75 references to rewrite, 1 dynamic reference');

    expect(stdout).toContain('supabase/rename/expand.sql\nsupabase/rename/contract.sql\nsupabase/rename/rollback.sql\n');
    // plan read the embedded database's catalog: function bodies and derived names, nothing left to review.
    expect(stdout).toMatch(/13 tables renamed, 3 function bodies rewritten, \d+ derived names renamed, 13 compatibility views, 0 items to review\n/);
    expect(stdout).toMatch(/✔ verify-db passed: 0 errors, \d+ warnings? \(phase expand\)\n/);
    expect(stdout).toMatch(/✔ verify-db passed: 0 errors, \d+ warnings? \(phase contract\)\n/);
    expect(stdout).toContain('  src/types/database.types.ts is current\n');
    expect(stdout).toContain('retable codemod --write: 12 files written, 75 references rewritten, 1 dynamic reference\n');
    expect(stdout).toMatch(/left out 13 views \(--drop-views legacy\): ai_jobs, calls, .*, workspace\n/);
    expect(stdout).toContain('  0 errors\n');
    expect(stdout).toMatch(/✔ verify passed: 0 old references \(allowed: 0\), 75 new, 1 dynamic/);
    expect(stdout).toContain('RLS enabled on **17 of 17** tables (100%)');
    expect(stdout).toContain('All 17 tables belong to a declared domain (100%).');

    const copy = /^Working copy: (.+)$/m.exec(stdout)?.[1];
    expect(copy).toBeDefined();
    expect(existsSync(copy!)).toBe(false);
    expect(await readFile(tables, 'utf8')).toBe(before);
  }, 300_000);
});
