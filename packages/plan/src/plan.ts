import type { RenameMap } from '@retable/core/base';
import type { SqlClient } from '@retable/db';
import { loadParser, qualified, quoteIdentifier, quoteLiteral } from '@retable/sql';
import { readCatalog, type Catalog, type CatalogTable } from './catalog.js';
import { sqlComment } from './sql-text.js';
import { alterJob, rewriteCronJobs, type CronRewrite } from './bodies.js';
import type { RewriteNames } from './rewrite.js';
import { copyGrantsAtApplyTime, dependentsCheck, viewGrants } from './compat-views.js';
import { checkTables, deriveNames, derivedStatement, type DerivedRename } from './derived-names.js';
import { PlanError } from './errors.js';
import { rewriteFunctions, type FunctionRewrite, type ReviewItem } from './functions.js';

export { PlanError } from './errors.js';
export type { DerivedRename } from './derived-names.js';
export type { FunctionRewrite, ReviewItem } from './functions.js';

export interface PlanOptions {
  /** Create `CREATE VIEW old … AS SELECT * FROM new` compatibility views (default true). */
  compatViews?: boolean;
  /** Also rename the derived names (core's `derivedRename` rules; needs the catalog). Never triggers. */
  renameDerived?: boolean;
  /** `SET LOCAL lock_timeout` of each file (default `5s`). */
  lockTimeout?: string;
  /** Names the config in the files' headers. */
  configName?: string;
  /** Where the catalog was read, for the files' headers (default: the database (--db-url)). */
  catalogSource?: string;
  /**
   * server_version_num of the database the files will run on (default: the catalog's). Privileges
   * it does not know (MAINTAIN before 17) are left out of the copied grants.
   */
  targetServerVersion?: number;
}

export interface RenamePlan {
  readonly schema: string;
  readonly renames: ReadonlyArray<readonly [string, string]>;
  readonly files: { readonly expand: string; readonly contract: string; readonly rollback: string };
  readonly derived: readonly DerivedRename[];
  /** pg_cron job commands expand rewrites (cron.alter_job). */
  readonly cronJobs: readonly CronRewrite[];
  readonly functions: readonly FunctionRewrite[];
  /** Must be checked by hand: the command exits 1 when there are any. */
  readonly review: readonly ReviewItem[];
  /** Things that still work but need attention at cutover (publications, trigger order, …). */
  readonly warnings: readonly string[];
  /** What could not be checked without the catalog. */
  readonly unchecked: readonly string[];
  /** Whether the catalog of a live database was read. */
  readonly catalogRead: boolean;
}

/** Read the catalog over `client`, then plan. */
export async function planFromDatabase(client: SqlClient, map: RenameMap, options: PlanOptions = {}): Promise<RenamePlan> {
  const catalog = await readCatalog(client, map.schema, [...map.renames.keys()]);
  const version = await client.query<{ v: string }>(`select current_setting('server_version_num') as v`);
  const serverVersion = Number(version.rows[0]?.v ?? 0);
  if ((options.compatViews ?? true) && serverVersion < 150000) {
    throw new PlanError(
      `the database is PostgreSQL ${version.rows[0]?.v}: compatibility views need security_invoker (PostgreSQL 15 or later); pass --no-compat-views`,
    );
  }
  return planRename(map, catalog, { targetServerVersion: serverVersion, ...options });
}

/**
 * The expand, contract and rollback SQL for a rename map. With a catalog the SQL is exact (grants,
 * function bodies, derived names); without one it is what the map alone decides, and `unchecked`
 * says what was left out.
 */
export async function planRename(map: RenameMap, catalog: Catalog | undefined, options: PlanOptions = {}): Promise<RenamePlan> {
  await loadParser();
  const compatViews = options.compatViews ?? true;
  const lockTimeout = options.lockTimeout ?? '5s';
  if (!/^\d+(ms|s|min)?$/.test(lockTimeout)) {
    throw new PlanError(`--lock-timeout ${lockTimeout}: use a number with ms, s or min (e.g. 5s)`);
  }
  if (options.renameDerived && !catalog) {
    throw new PlanError('--rename-derived reads the derived names from the catalog: pass --db-url');
  }
  const schema = map.schema;
  const renames = [...map.renames.entries()];
  const warnings: string[] = [];
  const unchecked: string[] = [];

  if (catalog) checkTables(catalog, renames);
  const tables = (old: string) => catalog?.tables.get(old);

  const derived = options.renameDerived && catalog ? deriveNames(catalog, renames, warnings) : [];
  const names: RewriteNames = {
    schema,
    tables: map.renames,
    constraints: new Map(derived.filter((d) => d.kind === 'constraint').map((d) => [d.from, d.to])),
  };
  const { functions, review } = catalog ? rewriteFunctions(catalog.functions, names) : { functions: [], review: [] };
  const cron = rewriteCronJobs(catalog?.cronJobs ?? [], names);
  review.push(...cron.review);

  if (catalog) {
    const viewChains = new Map<string, { via: string; tables: string[] }>();
    for (const [old, next] of renames) {
      const table = tables(old)!;
      for (const publication of table.publications) {
        warnings.push(
          `${schema}.${old} is in publication ${quoteIdentifier(publication)}: a view cannot join a publication, so realtime subscriptions on "${old}" stop at expand; subscribe to "${next}" in the code you deploy`,
        );
      }
      const order = triggerOrderChange(table.triggers, old, next);
      if (order) {
        warnings.push(
          `${schema}.${old}: trigger names keep their old names (${order.named.map(quoteIdentifier).join(', ')}); renaming them to ${next}_… by hand would change the order they fire in (${order.before.map(quoteIdentifier).join(', ')} → ${order.after.map(quoteIdentifier).join(', ')})`,
        );
      }
      for (const view of table.dependentViews) {
        if (view.via === undefined) continue;
        const reads = viewChains.get(qualified(view.schema, view.name)) ?? { via: view.via, tables: [] };
        reads.tables.push(old);
        viewChains.set(qualified(view.schema, view.name), reads);
      }
      if (compatViews) {
        for (const [role, byPrivilege] of table.columnGrants) {
          if (byPrivilege.has('SELECT') && !table.grants.get(role)?.includes('SELECT')) {
            const columns = byPrivilege.get('SELECT')!;
            warnings.push(
              `${quoteIdentifier(role)} can read only some columns of ${schema}.${old} (SELECT on ${columns.map(quoteIdentifier).join(', ')}): the compatibility view gets the same column grants, but PostgreSQL checks every column a security_invoker view reads against the caller, so ${quoteIdentifier(role)}'s reads through "${old}" fail; move them to "${next}" (its column grants follow the rename) before expand`,
            );
          }
        }
      }
      for (const fn of table.rowTypeFunctions) {
        warnings.push(
          `${fn} takes the row type of ${old}: it follows the rename, but calls through the compatibility view ${old} (PostgREST computed columns) will not find it; move those callers to ${next}`,
        );
      }
    }
    for (const [view, { via, tables: read }] of viewChains) {
      warnings.push(
        `view ${view} reads ${read.map(quoteIdentifier).join(', ')} through view ${quoteIdentifier(via)}: both follow the rename (views are stored by OID), but recreate them from their current definitions, not from old migrations`,
      );
    }
  } else {
    unchecked.push(
      'that the tables exist and the new names are free',
      'function bodies that name the renamed tables (SQL and PL/pgSQL text bodies keep old names and fail at call time): plan with --db-url or --migrations to rewrite them',
      'publications: realtime subscriptions on an old name stop at expand',
      'grants: expand.sql copies each table\'s grants (every grantee, column grants too) onto its compatibility view when it runs',
      'derived names (constraints, indexes, sequences, policies) and triggers',
    );
  }

  const catalogLine = catalog
    ? `read from ${options.catalogSource ?? 'the database (--db-url)'}`
    : 'not read (no --db-url): the SQL is what the map alone decides';
  const header = (title: string, lines: string[]) => headerLines(title, schema, renames, options.configName, catalogLine, lines);
  const notes: string[] = [];
  for (const item of review) notes.push(`REVIEW ${item.signature} line ${item.line}: ${item.message}`);
  for (const warning of warnings) notes.push(`WARNING ${warning}`);
  for (const item of unchecked) notes.push(`NOT CHECKED (no --db-url): ${item}`);
  if (compatViews) {
    notes.push("A compatibility view's columns are fixed when it is created: columns added to the new table later do not appear under the old name.");
  }

  const expand: string[] = [
    ...header('expand: rename the tables, keep the old names working', [
      'Run it, deploy the code that uses the new names, then run contract.sql. rollback.sql undoes it.',
      ...notes,
    ]),
    'BEGIN;',
    `SET LOCAL lock_timeout = ${quoteLiteral(lockTimeout)};`,
    '',
    '-- Renames: foreign keys, indexes, policies, triggers, grants and views follow by themselves.',
    ...renames.map(([old, next]) => `${alterPrefix(tables(old))} ${qualified(schema, old)} RENAME TO ${quoteIdentifier(next)};`),
  ];
  if (derived.length > 0) {
    expand.push('', '-- Derived names (--rename-derived). Trigger names are kept: their order decides firing order.');
    for (const d of derived) expand.push(derivedStatement(schema, map.renames.get(d.table)!, d.kind, d.from, d.to));
  }
  if (functions.length > 0) {
    expand.push('', '-- Function bodies that name a renamed table (text bodies do not follow renames).');
    for (const fn of functions) {
      const statement = [sqlComment(`${fn.signature}: ${fn.replaced} ${fn.replaced === 1 ? 'name' : 'names'} replaced`), `${fn.after.trimEnd()};`];
      // Postgres still checks every other body; this one failed the check before the rename too.
      if (fn.invalid !== undefined) {
        expand.push(sqlComment(`${fn.signature} already fails the body check (${fn.invalid}): created unchecked, as the dump did.`));
        expand.push('SET LOCAL check_function_bodies = off;', ...statement, 'SET LOCAL check_function_bodies = on;');
      } else {
        expand.push(...statement);
      }
    }
  }
  if (cron.rewrites.length > 0) {
    expand.push('', '-- pg_cron job commands that name a renamed table (cron.job.command is SQL text).');
    for (const job of cron.rewrites) expand.push(sqlComment(`job ${job.jobid}${job.jobname ? ` (${job.jobname})` : ''}: ${job.replaced} ${job.replaced === 1 ? 'name' : 'names'} replaced`), alterJob(job.jobid, job.after));
  }
  if (compatViews) {
    expand.push('', '-- Compatibility views: the old names keep working, with the caller\'s rights (RLS applies).');
    for (const [old, next] of renames) {
      expand.push(
        `CREATE VIEW ${qualified(schema, old)} WITH (security_invoker = true) AS SELECT * FROM ${qualified(schema, next)};`,
        `COMMENT ON VIEW ${qualified(schema, old)} IS ${quoteLiteral(`retable: compatibility view for ${schema}.${next}; dropped by contract.sql`)};`,
        ...(catalog ? viewGrants(schema, old, tables(old)!, catalog.roles, options.targetServerVersion) : []),
      );
    }
    if (!catalog) expand.push(...copyGrantsAtApplyTime(schema, renames));
  }
  expand.push('', "NOTIFY pgrst, 'reload schema';", 'COMMIT;', '');

  const viewNames = renames.map(([old]) => qualified(schema, old));
  const contract: string[] = [
    ...header('contract: drop the compatibility views', [
      'Run it once the deployed code uses only the new names (retable verify).',
      'It fails, changing nothing, while anything still depends on a compatibility view.',
    ]),
    'BEGIN;',
    `SET LOCAL lock_timeout = ${quoteLiteral(lockTimeout)};`,
    '',
  ];
  if (compatViews) {
    contract.push(dependentsCheck(schema, renames.map(([old]) => old), 'contract'), `DROP VIEW ${viewNames.join(', ')};`);
  } else {
    contract.push('-- Nothing to drop: expand.sql was planned with --no-compat-views.');
  }
  contract.push('', "NOTIFY pgrst, 'reload schema';", 'COMMIT;', '');

  const rollback: string[] = [
    ...header('rollback: undo expand.sql (also after contract.sql)', [
      catalog
        ? 'Function bodies are restored as they were when this plan was written.'
        : 'NOT CHECKED (no --db-url): function bodies rewritten after expand are not restored.',
    ]),
    'BEGIN;',
    `SET LOCAL lock_timeout = ${quoteLiteral(lockTimeout)};`,
    '',
  ];
  if (compatViews) {
    rollback.push(
      '-- Compatibility views first: the old names must be free.',
      dependentsCheck(schema, renames.map(([old]) => old), 'rollback'),
      `DROP VIEW IF EXISTS ${viewNames.join(', ')};`,
      '',
    );
  }
  if (derived.length > 0) {
    rollback.push('-- Derived names back.');
    for (const d of [...derived].reverse()) rollback.push(derivedStatement(schema, map.renames.get(d.table)!, d.kind, d.to, d.from));
    rollback.push('');
  }
  rollback.push(
    '-- Names back.',
    ...[...renames].reverse().map(([old, next]) => `${alterPrefix(tables(old))} ${qualified(schema, next)} RENAME TO ${quoteIdentifier(old)};`),
  );
  if (functions.length > 0) {
    rollback.push('', '-- Function bodies as they were.', 'SET LOCAL check_function_bodies = off;');
    for (const fn of functions) rollback.push(sqlComment(fn.signature), `${fn.before.trimEnd()};`);
  }
  if (cron.rewrites.length > 0) {
    rollback.push('', '-- pg_cron job commands as they were.');
    for (const job of cron.rewrites) rollback.push(alterJob(job.jobid, job.before));
  }
  rollback.push('', "NOTIFY pgrst, 'reload schema';", 'COMMIT;', '');

  return {
    schema,
    renames,
    files: { expand: expand.join('\n'), contract: contract.join('\n'), rollback: rollback.join('\n') },
    derived,
    cronJobs: cron.rewrites,
    functions,
    review,
    warnings,
    unchecked,
    catalogRead: catalog !== undefined,
  };
}

/** Would renaming the triggers named after the table change the order they fire in (alphabetical)? */
function triggerOrderChange(triggers: readonly string[], old: string, next: string) {
  const named = triggers.filter((name) => name.startsWith(`${old}_`));
  if (named.length === 0) return undefined;
  const renamed = (name: string) => (name.startsWith(`${old}_`) ? next + name.slice(old.length) : name);
  const byName = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
  const before = [...triggers].sort(byName);
  const after = [...triggers].sort((a, b) => byName(renamed(a), renamed(b)));
  if (before.every((name, i) => name === after[i])) return undefined;
  return { named, before, after };
}

function alterPrefix(table: CatalogTable | undefined): string {
  switch (table?.kind) {
    case 'v':
      return 'ALTER VIEW';
    case 'm':
      return 'ALTER MATERIALIZED VIEW';
    case 'f':
      return 'ALTER FOREIGN TABLE';
    default:
      return 'ALTER TABLE';
  }
}

function headerLines(
  title: string,
  schema: string,
  renames: ReadonlyArray<readonly [string, string]>,
  configName: string | undefined,
  catalogLine: string,
  lines: readonly string[],
): string[] {
  return [
    sqlComment(`retable plan ${title}`),
    renameMapLine(schema, renames, configName),
    sqlComment(`Catalog: ${catalogLine}`),
    ...lines.map(sqlComment),
    '',
  ];
}

/** The header line naming the rename map, the same in the three files: it tells one plan's files from another's. */
export function renameMapLine(schema: string, renames: ReadonlyArray<readonly [string, string]>, configName?: string): string {
  return sqlComment(`Rename map${configName ? ` (${configName})` : ''}, schema ${schema}: ${renames.map(([a, b]) => `${a} → ${b}`).join(', ')}`);
}
