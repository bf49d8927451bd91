import type { DbReport, ReportTable, ReportView } from '@retable/verify';
import { plural } from '../../format.js';

/**
 * The report as GitHub-flavoured Markdown, to paste in (or post to) a pull request: a summary
 * line, the domains with totals, each domain's tables, the gaps (0 policies, definer views,
 * tables outside every declared domain).
 */
export function reportMarkdown(report: DbReport): string {
  const { totals } = report;
  const qualify = report.schemas.length > 1;
  const tableName = (t: { schema: string; name: string }) => code(qualify ? `${t.schema}.${t.name}` : t.name);
  const domainLabel = (name: string | null) => name ?? '_outside every domain_';
  const out: string[] = [];

  out.push('## Database report', '');
  out.push(
    [
      `${report.schemas.length > 1 ? 'Schemas' : 'Schema'} ${report.schemas.map(code).join(', ')}: **${plural(totals.tables, 'table')}** in **${plural(totals.domains, 'domain')}**, ${totals.size}`,
      `RLS enabled on **${totals.rlsEnabled} of ${totals.tables}** tables (${pct(totals.rlsCoverage)})`,
      `**${totals.policies} ${totals.policies === 1 ? 'policy' : 'policies'}**`,
      plural(report.views.length, 'view'),
    ].join(' · '),
    '',
  );

  out.push('### Domains', '');
  if (report.grouping === 'prefix') {
    out.push('Grouped by the prefix before the first `_` (no `domains` in the config).', '');
  }
  out.push('| Domain | Tables | Size | RLS on | Policies |', '| :-- | --: | --: | --: | --: |');
  for (const domain of report.domains) {
    out.push(
      `| ${domainLabel(domain.name)} | ${domain.tables.length} | ${domain.size} | ${domain.rlsEnabled}/${domain.tables.length} | ${domain.policies} |`,
    );
  }
  out.push(
    `| **Total** | **${totals.tables}** | **${totals.size}** | **${totals.rlsEnabled}/${totals.tables} (${pct(totals.rlsCoverage)})** | **${totals.policies}** |`,
    '',
  );

  out.push('### Tables', '');
  for (const domain of report.domains) {
    if (domain.tables.length === 0) continue;
    out.push(`#### ${domainLabel(domain.name)} (${domain.tables.length})`, '');
    out.push('| Table | Size | RLS | Policies |', '| :-- | --: | :-: | --: |');
    for (const table of domain.tables) {
      out.push(`| ${tableName(table)} | ${table.size} | ${table.rls ? 'on' : '**off**'} | ${table.policies} |`);
    }
    out.push('');
  }

  out.push(`### Tables with 0 policies (${report.tablesWithoutPolicies.length})`, '');
  if (report.tablesWithoutPolicies.length === 0) out.push('Every table has at least one policy.');
  for (const table of report.tablesWithoutPolicies) out.push(`- ${tableName(table)}: ${zeroPolicyNote(table)}`);
  out.push('');

  out.push(`### Views (${report.views.length})`, '');
  if (report.views.length === 0) {
    out.push('No views remain.');
  } else {
    out.push('| View | security_invoker | Note |', '| :-- | :-: | :-- |');
    for (const view of report.views) {
      out.push(`| ${tableName(view)} | ${view.securityInvoker ? 'yes' : '**no**'} | ${viewNote(view)} |`);
    }
  }
  out.push('');

  out.push('### Naming convention', '');
  if (!report.naming) {
    out.push('No `domains` declared in the config, so there is no convention to check against.');
  } else if (report.naming.outside.length === 0) {
    out.push(`All ${plural(report.naming.total, 'table')} belong to a declared domain (${pct(report.naming.compliance)}).`);
  } else {
    out.push(
      `${report.naming.compliant} of ${plural(report.naming.total, 'table')} (${pct(report.naming.compliance)}) belong to a declared domain. Outside every domain: ${report.naming.outside.map(code).join(', ')}.`,
    );
  }
  return `${out.join('\n')}\n`;
}

function zeroPolicyNote(table: ReportTable): string {
  return table.rls
    ? 'RLS on, no policy: only its owner and bypassrls roles (service_role) can use it'
    : 'RLS **off**: policies would have no effect; whoever is granted access reads every row';
}

function viewNote(view: ReportView): string {
  const notes: string[] = [];
  if (view.compatFor) notes.push(`compat view for ${code(view.compatFor)}`);
  if (view.materialized) notes.push('materialized');
  if (!view.securityInvoker) notes.push('runs as its owner: bypasses RLS');
  return notes.join('; ');
}

function pct(value: number | null): string {
  return value === null ? 'n/a' : `${value}%`;
}

function code(text: string): string {
  return `\`${text}\``;
}
