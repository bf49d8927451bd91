import { MAX_IDENTIFIER_BYTES, RetableError, type RenameMap } from '@retable/core/base';
import type { SqlClient } from '@retable/db';
import { API_ROLES, readCatalog, type Catalog, type CatalogFunction, type CatalogTable } from './catalog.js';
import { loadParser, mentionsAny, qualified, quoteIdentifier, quoteLiteral } from '@retable/sql';
import { alterJob, rewriteCronJobs, type CronRewrite } from './bodies.js';
import { rewriteDefinitionHead, rewritePlpgsqlBody, rewriteSqlBody, type RewriteNames } from './rewrite.js';

/** The plan cannot be written: the message says what to fix. The CLI exits 2. */
export class PlanError extends RetableError {
  override name = 'PlanError';
}

export interface PlanOptions {
  /** Create `CREATE VIEW old … AS SELECT * FROM new` compatibility views (default true). */
  compatViews?: boolean;
  /** Also rename `<old>_pkey`, `_fkey`, `_key`, `_check`, `_excl`, `_idx`, `_seq` (needs the catalog). */
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

/** A derived name expand renames (and rollback renames back). */
export interface DerivedRename {
  readonly table: string;
  readonly kind: 'constraint' | 'index' | 'sequence';
  readonly from: string;
  readonly to: string;
}

/** A function body expand rewrites. */
export interface FunctionRewrite {
  readonly signature: string;
  readonly replaced: number;
  readonly before: string;
  readonly after: string;
  /** Its body already failed Postgres' body check before the rename: expand creates it with the check off. */
  readonly invalid?: string;
}

/** Something in a function body that names a renamed table and was not rewritten. */
export interface ReviewItem {
  readonly signature: string;
  /** 1-based line in the function body. */
  readonly line: number;
  readonly message: string;
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
          `${schema}.${old} is in publication ${publication}: a view cannot join a publication, so realtime subscriptions on "${old}" stop at expand; subscribe to "${next}" in the code you deploy`,
        );
      }
      const order = triggerOrderChange(table.triggers, old, next);
      if (order) {
        warnings.push(
          `${schema}.${old}: trigger names keep their old names (${order.named.join(', ')}); renaming them to ${next}_… by hand would change the order they fire in (${order.before.join(', ')} → ${order.after.join(', ')})`,
        );
      }
      for (const view of table.dependentViews) {
        if (view.via === undefined) continue;
        const reads = viewChains.get(`${view.schema}.${view.name}`) ?? { via: view.via, tables: [] };
        reads.tables.push(old);
        viewChains.set(`${view.schema}.${view.name}`, reads);
      }
      if (compatViews) {
        for (const [role, byPrivilege] of table.columnGrants) {
          if (byPrivilege.has('SELECT') && !table.grants.get(role)?.includes('SELECT')) {
            const columns = byPrivilege.get('SELECT')!;
            warnings.push(
              `${role} has only column grants on ${schema}.${old} (SELECT on ${columns.join(', ')}): the compatibility view selects every column, so those reads fail through "${old}" until the code uses "${next}"`,
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
        `view ${view} reads ${read.join(', ')} through view ${via}: both follow the rename (views are stored by OID), but recreate them from their current definitions, not from old migrations`,
      );
    }
  } else {
    unchecked.push(
      'that the tables exist and the new names are free',
      'function bodies that name the renamed tables (SQL and PL/pgSQL text bodies keep old names and fail at call time): plan with --db-url or --migrations to rewrite them',
      'publications: realtime subscriptions on an old name stop at expand',
      'grants: expand.sql copies each table\'s grants for anon, authenticated and service_role onto its compatibility view when it runs',
      'derived names (constraints, indexes, sequences) and triggers',
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
      const statement = [`-- ${fn.signature}: ${fn.replaced} ${fn.replaced === 1 ? 'name' : 'names'} replaced`, `${fn.after.trimEnd()};`];
      // Postgres still checks every other body; this one failed the check before the rename too.
      if (fn.invalid !== undefined) {
        expand.push(`-- ${fn.signature} already fails the body check (${fn.invalid}): created unchecked, as the dump did.`);
        expand.push('SET LOCAL check_function_bodies = off;', ...statement, 'SET LOCAL check_function_bodies = on;');
      } else {
        expand.push(...statement);
      }
    }
  }
  if (cron.rewrites.length > 0) {
    expand.push('', '-- pg_cron job commands that name a renamed table (cron.job.command is SQL text).');
    for (const job of cron.rewrites) expand.push(`-- job ${job.jobid}${job.jobname ? ` (${job.jobname})` : ''}: ${job.replaced} ${job.replaced === 1 ? 'name' : 'names'} replaced`, alterJob(job.jobid, job.after));
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
    for (const fn of functions) rollback.push(`-- ${fn.signature}`, `${fn.before.trimEnd()};`);
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

function checkTables(catalog: Catalog, renames: ReadonlyArray<readonly [string, string]>): void {
  for (const [old, next] of renames) {
    const where = `${catalog.schema}.${old}`;
    if (!catalog.tables.has(old)) {
      if (catalog.relationNames.has(next)) {
        throw new PlanError(`${where} does not exist but ${catalog.schema}.${next} does: was expand.sql already applied? (rollback.sql undoes it)`);
      }
      throw new PlanError(`${where}: no such table in the database; check the renames in the config and --db-url`);
    }
    if (catalog.relationNames.has(next)) {
      if (catalog.tables.get(old)?.kind === 'v') {
        throw new PlanError(
          `${where} is a view and ${catalog.schema}.${next} exists: expand.sql looks applied already (contract.sql finishes it, rollback.sql undoes it)`,
        );
      }
      throw new PlanError(`${catalog.schema}.${next} already exists: pick another new name for ${old}`);
    }
  }
}

const CONSTRAINT_SUFFIX: Record<string, RegExp> = {
  p: /_pkey$/,
  f: /_fkey$/,
  u: /_key$/,
  c: /_check$/,
  x: /_excl$/,
};

/** The derived names that follow Postgres' own patterns, from the catalog. Never trigger names. */
function deriveNames(catalog: Catalog, renames: ReadonlyArray<readonly [string, string]>, warnings: string[]): DerivedRename[] {
  const derived: DerivedRename[] = [];
  const taken = new Set(catalog.relationNames);
  for (const [old] of renames) taken.delete(old);
  for (const [, next] of renames) taken.add(next);
  for (const [old, next] of renames) {
    const table = catalog.tables.get(old)!;
    const prefix = `${old}_`;
    const candidates: Array<{ kind: DerivedRename['kind']; name: string; relation: boolean }> = [];
    for (const constraint of table.constraints) {
      const suffix = CONSTRAINT_SUFFIX[constraint.type];
      if (suffix?.test(constraint.name) && constraint.name.startsWith(prefix)) {
        candidates.push({ kind: 'constraint', name: constraint.name, relation: constraint.hasIndex });
      }
    }
    for (const index of table.indexes) {
      if (index.startsWith(prefix) && index.endsWith('_idx')) candidates.push({ kind: 'index', name: index, relation: true });
    }
    for (const sequence of table.sequences) {
      if (sequence.startsWith(prefix) && sequence.endsWith('_seq')) candidates.push({ kind: 'sequence', name: sequence, relation: true });
    }
    const constraintNames = new Set(table.constraints.map((c) => c.name));
    for (const candidate of candidates) {
      const to = next + candidate.name.slice(old.length);
      const bytes = Buffer.byteLength(to, 'utf8');
      if (bytes > MAX_IDENTIFIER_BYTES) {
        warnings.push(`kept ${candidate.kind} ${candidate.name}: ${to} would be ${bytes} bytes, over Postgres' ${MAX_IDENTIFIER_BYTES} (it would be cut)`);
        continue;
      }
      const clash = candidate.relation ? taken.has(to) : constraintNames.has(to);
      if (clash || (candidate.kind === 'constraint' && constraintNames.has(to))) {
        warnings.push(`kept ${candidate.kind} ${candidate.name}: the name ${to} is already taken`);
        continue;
      }
      if (candidate.relation) {
        taken.delete(candidate.name);
        taken.add(to);
      }
      if (candidate.kind === 'constraint') {
        constraintNames.delete(candidate.name);
        constraintNames.add(to);
      }
      derived.push({ table: old, kind: candidate.kind, from: candidate.name, to });
    }
  }
  return derived;
}

function derivedStatement(schema: string, table: string, kind: DerivedRename['kind'], from: string, to: string): string {
  switch (kind) {
    case 'constraint':
      return `ALTER TABLE ${qualified(schema, table)} RENAME CONSTRAINT ${quoteIdentifier(from)} TO ${quoteIdentifier(to)};`;
    case 'index':
      return `ALTER INDEX ${qualified(schema, from)} RENAME TO ${quoteIdentifier(to)};`;
    case 'sequence':
      return `ALTER SEQUENCE ${qualified(schema, from)} RENAME TO ${quoteIdentifier(to)};`;
  }
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

function rewriteFunctions(list: readonly CatalogFunction[], names: RewriteNames) {
  const functions: FunctionRewrite[] = [];
  const review: ReviewItem[] = [];
  for (const fn of list) {
    // BEGIN ATOMIC bodies are stored parsed: they follow the rename by themselves.
    if (fn.atomic) continue;
    if (!mentionsAny(fn.source, names.tables.keys())) continue;
    const own: RewriteNames = { ...names, unqualified: fn.searchPath === undefined || fn.searchPath.includes(names.schema) };
    let result;
    if (fn.language === 'sql') result = rewriteSqlBody(fn.source, own);
    else if (fn.language === 'plpgsql') result = rewritePlpgsqlBody(fn.definition, fn.source, own);
    else {
      review.push({ signature: fn.signature, line: 1, message: `LANGUAGE ${fn.language} mentions a renamed table and cannot be parsed: check by hand` });
      continue;
    }
    for (const note of result.review) review.push({ signature: fn.signature, line: note.line, message: note.message });
    if (fn.invalid !== undefined) {
      const then = result.replaced > 0 ? ': expand re-creates it with check_function_bodies off' : '';
      review.push({ signature: fn.signature, line: 1, message: `its body already fails Postgres' body check (${fn.invalid})${then}; fix it by hand` });
    }
    if (result.replaced === 0) continue;
    const { after, headReview } = replaceBody(fn, result.body, names);
    for (const message of headReview) review.push({ signature: fn.signature, line: 1, message });
    const rewrite = { signature: fn.signature, replaced: result.replaced, before: fn.definition, after };
    functions.push(fn.invalid === undefined ? rewrite : { ...rewrite, invalid: fn.invalid });
  }
  return { functions, review };
}

/**
 * pg_get_functiondef ends with `AS $tag$<prosrc>$tag$`: put the new body in its place, and the new
 * type names in the head (arguments, RETURNS), which name the renamed tables as they are now.
 */
function replaceBody(fn: CatalogFunction, body: string, names: RewriteNames): { after: string; headReview: string[] } {
  const match = /\$([A-Za-z_]*)\$\s*$/.exec(fn.definition);
  const tag = match ? `$${match[1]}$` : undefined;
  const end = tag ? fn.definition.lastIndexOf(tag) : -1;
  const start = end - fn.source.length;
  if (!tag || start < tag.length || fn.definition.slice(start, end) !== fn.source || fn.definition.slice(start - tag.length, start) !== tag) {
    throw new PlanError(`${fn.signature}: cannot find its body in pg_get_functiondef's output`);
  }
  const { head, review } = rewriteDefinitionHead(fn.definition, start - tag.length, names);
  let newTag = tag;
  for (let n = 1; body.includes(newTag); n++) newTag = `$retable${n}$`;
  return {
    after: `${head}${newTag}${body}${newTag}${fn.definition.slice(end + tag.length)}`,
    headReview: review.map((note) => `in the function's signature: ${note.message}`),
  };
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

/** The compatibility view gets exactly the table's grants for the API roles. */
function viewGrants(schema: string, old: string, table: CatalogTable, roles: readonly string[], target = 150000): string[] {
  const view = qualified(schema, old);
  const known = (privilege: string) => privilege !== 'MAINTAIN' || target >= 170000;
  const lines: string[] = [];
  if (roles.length > 0) lines.push(`REVOKE ALL ON ${view} FROM ${roles.map(quoteIdentifier).join(', ')};`);
  for (const role of roles) {
    const privileges = (table.grants.get(role) ?? []).filter(known);
    if (privileges.length > 0) lines.push(`GRANT ${privileges.join(', ')} ON ${view} TO ${quoteIdentifier(role)};`);
    for (const [privilege, columns] of table.columnGrants.get(role) ?? []) {
      if (!known(privilege)) continue;
      lines.push(`GRANT ${privilege} (${columns.map(quoteIdentifier).join(', ')}) ON ${view} TO ${quoteIdentifier(role)};`);
    }
  }
  return lines;
}

/** Without the catalog, one DO block gives each view its table's grants (and column grants) when expand runs. */
function copyGrantsAtApplyTime(schema: string, renames: ReadonlyArray<readonly [string, string]>): string[] {
  const roles = API_ROLES.map(quoteLiteral).join(', ');
  const pairs = renames.map(([old, next]) => `[${quoteLiteral(qualified(schema, old))}, ${quoteLiteral(qualified(schema, next))}]`);
  return [
    '-- Each view gets its table\'s grants for the API roles, read from the catalog when this runs.',
    'DO $retable$',
    'DECLARE',
    '  pair text[];',
    '  g record;',
    'BEGIN',
    `  FOREACH pair SLICE 1 IN ARRAY ARRAY[${pairs.join(', ')}] LOOP`,
    `    FOR g IN SELECT rolname FROM pg_roles WHERE rolname IN (${roles}) LOOP`,
    "      EXECUTE format('REVOKE ALL ON %s FROM %I', pair[1], g.rolname);",
    '    END LOOP;',
    '    FOR g IN',
    '      SELECT r.rolname, a.privilege_type, NULL::name AS attname',
    "        FROM pg_class c, aclexplode(coalesce(c.relacl, acldefault('r', c.relowner))) a JOIN pg_roles r ON r.oid = a.grantee",
    `       WHERE c.oid = pair[2]::regclass AND r.rolname IN (${roles})`,
    '      UNION ALL',
    '      SELECT r.rolname, a.privilege_type, att.attname',
    '        FROM pg_attribute att, aclexplode(att.attacl) a JOIN pg_roles r ON r.oid = a.grantee',
    `       WHERE att.attrelid = pair[2]::regclass AND att.attnum > 0 AND NOT att.attisdropped AND r.rolname IN (${roles})`,
    '    LOOP',
    '      IF g.attname IS NULL THEN',
    "        EXECUTE format('GRANT %s ON %s TO %I', g.privilege_type, pair[1], g.rolname);",
    '      ELSE',
    "        EXECUTE format('GRANT %s (%I) ON %s TO %I', g.privilege_type, g.attname, pair[1], g.rolname);",
    '      END IF;',
    '    END LOOP;',
    '  END LOOP;',
    'END',
    '$retable$;',
  ];
}

/** A DO block that stops the transaction, naming them, while anything depends on the compatibility views. */
function dependentsCheck(schema: string, views: readonly string[], file: string): string {
  const list = views.map((old) => quoteLiteral(qualified(schema, old))).join(', ');
  return [
    'DO $retable$',
    'DECLARE',
    '  views regclass[] := array_remove(ARRAY[' + views.map((old) => `to_regclass(${quoteLiteral(qualified(schema, old))})`).join(', ') + '], NULL);',
    '  not_views text;',
    '  dependents text;',
    'BEGIN',
    "  SELECT string_agg(c.oid::regclass::text, ', ') INTO not_views FROM pg_class c WHERE c.oid = ANY (views) AND c.relkind <> 'v';",
    '  IF not_views IS NOT NULL THEN',
    `    RAISE EXCEPTION 'retable ${file}: % is not a compatibility view (expected views named ${list.replaceAll("'", "''")})', not_views;`,
    '  END IF;',
    "  SELECT string_agg(DISTINCT pg_describe_object(d.classid, d.objid, d.objsubid), ', ') INTO dependents",
    '    FROM pg_depend d',
    "   WHERE d.refclassid = 'pg_class'::regclass AND d.refobjid = ANY (views) AND d.deptype = 'n'",
    "     AND NOT (d.classid = 'pg_rewrite'::regclass AND EXISTS (SELECT 1 FROM pg_rewrite r WHERE r.oid = d.objid AND r.ev_class = d.refobjid));",
    '  IF dependents IS NOT NULL THEN',
    `    RAISE EXCEPTION 'retable ${file}: the compatibility views are still used by: %', dependents`,
    "      USING HINT = 'Move those objects to the new table names, then run this file again.';",
    '  END IF;',
    'END',
    '$retable$;',
  ].join('\n');
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
    `-- retable plan ${title}`,
    `-- Rename map${configName ? ` (${configName})` : ''}, schema ${schema}: ${renames.map(([a, b]) => `${a} → ${b}`).join(', ')}`,
    `-- Catalog: ${catalogLine}`,
    ...lines.map((line) => `-- ${line}`),
    '',
  ];
}
