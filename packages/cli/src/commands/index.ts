import type { Command } from '../command.js';

/**
 * The command registry. Each command lives in its own module and is loaded only when it runs,
 * so `retable verify` never pays for typegen's or plan's dependencies.
 */
export const commands: Record<string, { summary: string; load: () => Promise<Command> }> = {
  codemod: { summary: 'rewrite table references in code (dry-run diff; --write applies, --check for CI)', load: async () => (await import('./codemod.js')).default },
  verify: { summary: 'count old and new table references; exit 1 on any old one (text, json, github, sarif)', load: async () => (await import('./verify.js')).default },
  typegen: { summary: 'generate database.types.ts like supabase gen types, without Docker and without legacy views', load: async () => (await import('./typegen.js')).default },
  'verify-db': { summary: 'check a live database for the rename: compat views, grants, RLS, stale functions and names', load: async () => (await import('./verify-db.js')).default },
  plan: { summary: 'write expand.sql, contract.sql and rollback.sql for the renames (compat views, function bodies)', load: async () => (await import('./plan.js')).default },
  map: { summary: 'print the renames config from existing ALTER TABLE … RENAME TO migrations (--from-sql FILE…)', load: async () => (await import('./map.js')).default },
  report: { summary: 'tables by domain with size, RLS and policies; coverage, views, naming (markdown, json)', load: async () => (await import('./report.js')).default },
};
