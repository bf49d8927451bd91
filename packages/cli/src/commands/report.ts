import { findConfig, loadConfig } from '@retable/core';
import { buildReport, type ReportOptions } from '@retable/verify';
import type { Command, CommandContext } from '../command.js';
import { VERSION } from '../index.js';
import { catalogFlags, openCatalogSource } from '../catalog-source.js';
import { reportReporters } from '../reporters/db/index.js';
import { pickReporter } from '../reporters/reporter.js';

const help = `Usage: retable report (--db-url URL | --local | --migrations DIR) [--format markdown|json]

The schema's tables from the live catalog, never counted by hand: grouped by domain (the config's
"domains", domain → table names or "prefix_*" patterns; without them, the part of the name before
the first _), with size (pg_total_relation_size, as pg_size_pretty writes it), RLS on/off and policy
count per table; totals per domain; RLS coverage; tables with 0 policies; the views that remain and
whether each is security_invoker; tables outside every declared domain. A partitioned table is one
table: its size is its partitions', which are not listed apart.

  --db-url URL        postgresql://user:password@host:port/database, or pglite:DIR
  --local             the local Supabase database (\`supabase start\`; port from supabase/config.toml)
  --migrations DIR    the migrations applied (name order) to an embedded PGlite after a small
                      Supabase bootstrap, as typegen does (sizes are those of that database)
  --format markdown   (default) for a pull request or the docs
  --format json       machine output ("version": 1) on stdout, nothing else

The config (retable.config.json, or --config) is optional: it gives the schema (default public),
the domains, and marks compat views (old names). Exit codes: 0 report printed, 2 usage, config or
connection error.
`;

const reportCommand: Command = {
  name: 'report',
  summary: 'tables by domain with size, RLS and policies; coverage, views, naming (markdown, json)',
  help,
  options: {
    'db-url': { type: 'string' },
    migrations: { type: 'string' },
    local: { type: 'boolean' },
    format: { type: 'string' },
  },
  allowPositionals: false,
  async run(context, values) {
    const reporter = pickReporter(reportReporters, (values.format as string | undefined) ?? 'markdown');
    const flags = await catalogFlags(context.cwd, values, 'report');
    const options = await reportOptions(context);
    const source = await openCatalogSource(context, context.cwd, flags, { command: 'report' });
    let report;
    try {
      report = await buildReport(source.client, options);
    } finally {
      await source.close();
    }
    context.stdout.write(reporter(report, { color: context.color, version: VERSION }));
    return 0;
  },
};

export default reportCommand;

/** The config when there is one (required only when --config names it). */
async function reportOptions(context: CommandContext): Promise<ReportOptions> {
  if (context.configPath === undefined && !findConfig({ cwd: context.cwd })) return {};
  const { config, map } = await loadConfig({
    cwd: context.cwd,
    ...(context.configPath !== undefined ? { configPath: context.configPath } : {}),
  });
  return { map, ...(config.domains ? { domains: config.domains } : {}) };
}
