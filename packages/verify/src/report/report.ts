import type { RenameMap } from '@retable/core';
import type { SqlClient } from '@retable/db';
import { domainMatcher } from './domains.js';
import { percent, prettySize } from './size.js';

export interface ReportOptions {
  /** Schemas to report on. Default: the map's schema, else `public`. */
  readonly schemas?: readonly string[];
  /** The config's `domains` (domain → table names or `prefix_*` patterns). Default: group by prefix. */
  readonly domains?: Record<string, readonly string[]>;
  /** Marks views named by an old name as compat views. */
  readonly map?: RenameMap;
}

export interface ReportTable {
  readonly schema: string;
  readonly name: string;
  /** Its domain, or null when domains are declared and none lists it. */
  readonly domain: string | null;
  /**
   * pg_total_relation_size: heap, indexes and TOAST; for a partitioned table, of all its partitions.
   * Partitions are not listed as tables of their own: they belong with their parent (and its domain).
   */
  readonly sizeBytes: number;
  readonly size: string;
  readonly rls: boolean;
  readonly policies: number;
}

export interface ReportDomain {
  /** The domain name, or null for the tables outside every declared domain. */
  readonly name: string | null;
  readonly tables: readonly ReportTable[];
  readonly sizeBytes: number;
  readonly size: string;
  readonly rlsEnabled: number;
  readonly policies: number;
}

export interface ReportView {
  readonly schema: string;
  readonly name: string;
  readonly materialized: boolean;
  readonly securityInvoker: boolean;
  /** For a compat view, the table it stands for. */
  readonly compatFor: string | null;
}

export interface DbReport {
  readonly schemas: readonly string[];
  /** `config` when the config declares domains, `prefix` when tables are grouped by name prefix. */
  readonly grouping: 'config' | 'prefix';
  readonly domains: readonly ReportDomain[];
  readonly totals: {
    readonly tables: number;
    readonly domains: number;
    readonly sizeBytes: number;
    readonly size: string;
    readonly rlsEnabled: number;
    /** Tables with RLS enabled, in percent (one decimal); null without tables. */
    readonly rlsCoverage: number | null;
    readonly policies: number;
  };
  readonly tablesWithoutPolicies: readonly ReportTable[];
  readonly views: readonly ReportView[];
  /** Naming-convention compliance; null when no domains are declared. */
  readonly naming: {
    readonly compliant: number;
    readonly total: number;
    readonly compliance: number | null;
    readonly outside: readonly string[];
  } | null;
}

/** Read the catalog and build the domain report. Read-only; the same on PostgreSQL and PGlite. */
export async function buildReport(client: SqlClient, options: ReportOptions = {}): Promise<DbReport> {
  const schemas = [...new Set(options.schemas ?? [options.map?.schema ?? 'public'])];
  const { rows: tableRows } = await client.query<{ schema: string; name: string; rls: boolean; policies: number; size: number }>(
    `select n.nspname::text as schema, c.relname::text as name, c.relrowsecurity as rls,
            (select count(*)::int from pg_policy p where p.polrelid = c.oid) as policies,
            (case when c.relkind = 'p'
                  then (select coalesce(sum(pg_total_relation_size(t.relid)), 0) from pg_partition_tree(c.oid) t)
                  else pg_total_relation_size(c.oid) end)::float8 as size
       from pg_class c
       join pg_namespace n on n.oid = c.relnamespace
      where n.nspname = any($1::text[]) and c.relkind in ('r', 'p') and not c.relispartition
      order by 1, 2`,
    [schemas],
  );
  const { rows: viewRows } = await client.query<{ schema: string; name: string; relkind: string; options: string[] | null }>(
    `select n.nspname::text as schema, c.relname::text as name, c.relkind::text as relkind, c.reloptions::text[] as options
       from pg_class c
       join pg_namespace n on n.oid = c.relnamespace
      where n.nspname = any($1::text[]) and c.relkind in ('v', 'm')
        and not exists (select 1 from pg_depend d
                         where d.classid = 'pg_class'::regclass and d.objid = c.oid and d.deptype = 'e')
      order by 1, 2`,
    [schemas],
  );

  const declared = options.domains !== undefined && Object.keys(options.domains).length > 0;
  const domainOf = domainMatcher(options.domains);
  const tables: ReportTable[] = tableRows.map((row) => ({
    schema: row.schema,
    name: row.name,
    domain: domainOf(row.name),
    sizeBytes: Number(row.size),
    size: prettySize(Number(row.size)),
    rls: row.rls,
    policies: Number(row.policies),
  }));

  const order: Array<string | null> = declared
    ? [...Object.keys(options.domains!), null]
    : [...new Set(tables.map((t) => t.domain))].sort();
  const domains: ReportDomain[] = order
    .map((name) => summarise(name, tables.filter((t) => t.domain === name)))
    .filter((domain) => domain.tables.length > 0 || domain.name !== null);

  const sizeBytes = sum(tables.map((t) => t.sizeBytes));
  const rlsEnabled = tables.filter((t) => t.rls).length;
  const outside = tables.filter((t) => t.domain === null).map((t) => t.name);
  const compat = new Map(options.map ? [...options.map.renames].map(([o, n]) => [`${options.map!.schema}.${o}`, n]) : []);

  return {
    schemas,
    grouping: declared ? 'config' : 'prefix',
    domains,
    totals: {
      tables: tables.length,
      domains: domains.filter((d) => d.name !== null && d.tables.length > 0).length,
      sizeBytes,
      size: prettySize(sizeBytes),
      rlsEnabled,
      rlsCoverage: percent(rlsEnabled, tables.length),
      policies: sum(tables.map((t) => t.policies)),
    },
    tablesWithoutPolicies: tables.filter((t) => t.policies === 0),
    views: viewRows.map((row) => {
      const option = (row.options ?? []).find((o) => o.toLowerCase().startsWith('security_invoker='));
      const value = option?.slice('security_invoker='.length).toLowerCase();
      return {
        schema: row.schema,
        name: row.name,
        materialized: row.relkind === 'm',
        securityInvoker: value !== undefined && ['true', 'on', 'yes', '1'].includes(value),
        compatFor: compat.get(`${row.schema}.${row.name}`) ?? null,
      };
    }),
    naming: declared
      ? {
          compliant: tables.length - outside.length,
          total: tables.length,
          compliance: percent(tables.length - outside.length, tables.length),
          outside,
        }
      : null,
  };
}

function summarise(name: string | null, tables: ReportTable[]): ReportDomain {
  const sizeBytes = sum(tables.map((t) => t.sizeBytes));
  return {
    name,
    tables,
    sizeBytes,
    size: prettySize(sizeBytes),
    rlsEnabled: tables.filter((t) => t.rls).length,
    policies: sum(tables.map((t) => t.policies)),
  };
}

function sum(values: readonly number[]): number {
  return values.reduce((total, value) => total + value, 0);
}
