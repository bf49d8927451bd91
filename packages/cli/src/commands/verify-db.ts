import { loadConfig, UsageError } from '@retable/core';
import { verifyDb, type Phase } from '@retable/verify';
import type { Command } from '../command.js';
import { VERSION } from '../index.js';
import { catalogFlags, openCatalogSource } from '../catalog-source.js';
import { verifyDbReporters } from '../reporters/db/index.js';
import { pickReporter } from '../reporters/reporter.js';

const help = `Usage: retable verify-db (--db-url URL | --local | --migrations DIR) [--phase expand|contract] [--format text|json|github]

Check a live database against retable.config.json "renames", the way a DBA reviews a rename.
Each finding has an id, a level, the object and a one-line fix; any error exits 1.

  every new name exists and is a table                                  new-table-missing
  contract: no old name exists                                           old-name-remains
  expand: each old name is a view reading exactly its new table          compat-view-missing,
          (pg_depend of its rewrite rule) as a plain select *: no        compat-view-target,
          filter, no computed column, writable; with the table's         compat-view-columns
          current columns
  grants on each compat view = grants on its table, for every grantee    compat-view-grants
    (PUBLIC, API roles, any other role; SELECT/INSERT/UPDATE/DELETE,
    columns too)
  a role that can read only some columns of the table cannot read       compat-view-column-readers
    through the select * compat view (warning)
  nothing depends on a compat view (warn in expand, error in contract)   compat-view-dependents
  no view without security_invoker in an exposed schema (RLS bypass)     view-not-security-invoker
  no materialized view anon/authenticated can read in an exposed        matview-readable
    schema (no RLS; warning)
  no SQL/plpgsql function body (stored as text; not BEGIN ATOMIC, not    stale-function-body
    extension-owned) references an old table (read with the Postgres
    parser): error for trigger functions and in contract, warning
    otherwise; strings naming one and EXECUTE SQL are warnings
  no pg_cron job command of this database references an old table       stale-cron-command
    (error in contract, warning otherwise)
  RLS disabled on a table anon/authenticated can read                    rls-disabled-readable
  RLS enabled with no policy (warning)                                   rls-no-policy
  a policy on a table with RLS disabled                                  policy-rls-disabled
  derived names of a new table still carrying the old one, by the rule   derived-name-stale
    set plan --rename-derived renames by (warning; never triggers,
    never policies named by a sentence)
  a new name over 63 bytes                                               name-too-long

  --db-url URL      postgresql://user:password@host:port/database, or pglite:DIR (a PGlite data dir)
  --local           the local Supabase database (\`supabase start\`; port from supabase/config.toml)
  --migrations DIR  the migrations applied (name order) to an embedded PGlite after a small
                    Supabase bootstrap, as typegen does: check what the migrations build
  --phase PHASE     expand (compat views in place) or contract (old names gone). Default: inferred,
                    expand when any old name is a view in the config's schema, else contract
  --format text     (default) findings with their fixes and a one-line verdict
  --format json     machine output ("version": 1) on stdout, nothing else
  --format github   GitHub Actions annotations (::error / ::warning per finding)

Exposed schemas (checked for RLS and views): public and the config's "schema". Supabase-managed
schemas (auth, storage, realtime, …) are not checked for function bodies.

Exit codes: 0 no error (warnings allowed), 1 errors, 2 usage, config or connection error.
`;

const verifyDbCommand: Command = {
  name: 'verify-db',
  summary: 'check a live database for the rename: compat views, grants, RLS, stale functions and names',
  help,
  options: {
    'db-url': { type: 'string' },
    migrations: { type: 'string' },
    local: { type: 'boolean' },
    phase: { type: 'string' },
    format: { type: 'string' },
  },
  allowPositionals: false,
  async run(context, values) {
    const reporter = pickReporter(verifyDbReporters, (values.format as string | undefined) ?? 'text');
    const phase = parsePhase(values.phase as string | undefined);
    const { root, map } = await loadConfig({
      cwd: context.cwd,
      ...(context.configPath !== undefined ? { configPath: context.configPath } : {}),
    });
    const flags = await catalogFlags(root, values, 'verify-db');
    const source = await openCatalogSource(context, root, flags, { command: 'verify-db' });
    let result;
    try {
      result = await verifyDb(source.client, { map, ...(phase ? { phase } : {}) });
    } finally {
      await source.close();
    }
    context.stdout.write(reporter(result, { color: context.color, version: VERSION }));
    return result.errors > 0 ? 1 : 0;
  },
};

export default verifyDbCommand;

/** `--phase expand|contract`, or undefined to infer it. */
export function parsePhase(given: string | undefined): Phase | undefined {
  if (given === undefined) return undefined;
  if (given !== 'expand' && given !== 'contract') {
    throw new UsageError(`--phase ${given}: unknown phase; use expand or contract (or leave it out to infer it)`);
  }
  return given;
}
