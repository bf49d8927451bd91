import { MAX_IDENTIFIER_BYTES, quoteIdent, type RenameMap } from '@retable/core';
import type { SqlClient } from '@retable/db';
import {
  API_ROLES,
  dependents,
  derivedNames,
  existingRoles,
  functionSources,
  listColumns,
  listRelations,
  qualified,
  relationGrants,
  tableSecurity,
  viewReads,
  viewShape,
  type DerivedName,
  type Relation,
} from './catalog.js';
import { sortFindings, type DbFinding, type Phase, type VerifyDbResult } from './finding.js';
import { staleCronFindings, staleFunctionFindings } from './bodies.js';
import { renameDerived } from './words.js';

export interface VerifyDbOptions {
  readonly map: RenameMap;
  /** Which side of the rename to check. Default: inferred (see `inferPhase`). */
  readonly phase?: Phase;
  /** Schemas the API exposes, checked for RLS and view security. Default: public and the map's schema. */
  readonly exposedSchemas?: readonly string[];
}

/**
 * `expand` when any old name is still a view (the compat views are in place), `contract` otherwise:
 * with no compat view left, every old name must be gone.
 */
export function inferPhase(map: RenameMap, relations: readonly Relation[]): { phase: Phase; reason: string } {
  const views = [...map.oldNames].filter((old) =>
    relations.some((r) => r.schema === map.schema && r.name === old && r.kind === 'view'),
  );
  if (views.length > 0) {
    return { phase: 'expand', reason: `inferred: ${views.length} of ${map.oldNames.size} old names are views` };
  }
  return { phase: 'contract', reason: 'inferred: no old name is a view' };
}

const bytes = (name: string) => Buffer.byteLength(name, 'utf8');

/** Run every catalog check against a live database (PostgreSQL or PGlite). Read-only. */
export async function verifyDb(client: SqlClient, options: VerifyDbOptions): Promise<VerifyDbResult> {
  const { map } = options;
  const exposed = [...new Set(options.exposedSchemas ?? ['public', map.schema])];
  const relations = await listRelations(client, [...new Set([...exposed, map.schema])]);
  const byName = new Map(relations.map((r) => [`${r.schema}.${r.name}`, r]));
  const find = (name: string) => byName.get(`${map.schema}.${name}`);
  const inferred = inferPhase(map, relations);
  const phase = options.phase ?? inferred.phase;
  const phaseReason = options.phase ? 'given' : inferred.reason;
  const roles = await existingRoles(client, API_ROLES);
  const findings: DbFinding[] = [];
  const add = (finding: DbFinding) => findings.push(finding);
  const q = (name: string) => qualified(map.schema, name);

  for (const [oldName, newName] of map.renames) {
    if (bytes(newName) > MAX_IDENTIFIER_BYTES) {
      add({
        id: 'name-too-long',
        level: 'error',
        object: q(newName),
        message: `new name ${newName} is ${bytes(newName)} bytes; Postgres silently truncates identifiers to ${MAX_IDENTIFIER_BYTES} bytes, so code and database would disagree`,
        fix: `choose a name of at most ${MAX_IDENTIFIER_BYTES} bytes for ${oldName} in the config`,
      });
    }
    const target = find(newName);
    const old = find(oldName);
    if (!target) {
      add({
        id: 'new-table-missing',
        level: 'error',
        object: q(newName),
        message:
          old?.kind === 'table'
            ? `table ${q(newName)} does not exist; ${q(oldName)} is still a table, so the rename has not run`
            : `table ${q(newName)} does not exist`,
        fix: `apply the expand migration: alter table ${q(oldName)} rename to ${quoteIdent(newName)};`,
      });
    } else if (target.kind !== 'table') {
      add({
        id: 'new-table-missing',
        level: 'error',
        object: q(newName),
        message: `${q(newName)} is a ${target.kind}, not a table`,
        fix: `rename the table ${q(oldName)} to ${quoteIdent(newName)} instead of creating a ${target.kind} with the new name`,
      });
    }

    if (phase === 'contract') {
      if (old) {
        add({
          id: 'old-name-remains',
          level: 'error',
          object: q(oldName),
          message: `${old.kind} ${q(oldName)} still exists after the contract phase`,
          fix:
            old.kind === 'view'
              ? `drop view ${q(oldName)};`
              : `drop or rename the ${old.kind} ${q(oldName)} (the rename to ${quoteIdent(newName)} has not run)`,
        });
      }
    } else if (!old) {
      add({
        id: 'compat-view-missing',
        level: 'error',
        object: q(oldName),
        message: `compat view ${q(oldName)} does not exist; code still deployed with the old name will fail`,
        fix: `create view ${q(oldName)} with (security_invoker = true) as select * from ${q(newName)};`,
      });
    } else if (old.kind !== 'view') {
      add({
        id: 'compat-view-missing',
        level: 'error',
        object: q(oldName),
        message: `${q(oldName)} is a ${old.kind}, not a compat view over ${q(newName)}`,
        fix:
          old.kind === 'table' && !target
            ? `alter table ${q(oldName)} rename to ${quoteIdent(newName)}; then create the compat view ${q(oldName)}`
            : `replace the ${old.kind} ${q(oldName)} with: create view ${q(oldName)} with (security_invoker = true) as select * from ${q(newName)};`,
      });
    } else if (target?.kind === 'table') {
      findings.push(...(await checkCompatView(client, old, target, roles, q)));
    }

    if (old?.kind === 'view') {
      for (const dependent of await dependents(client, old.oid)) {
        add({
          id: 'compat-view-dependents',
          level: phase === 'contract' ? 'error' : 'warn',
          object: q(oldName),
          message: `${dependent} depends on compat view ${q(oldName)}; dropping the view in the contract phase fails or cascades`,
          fix: `recreate ${dependent} on ${q(newName)}`,
        });
      }
    }
  }

  const compatViews = new Map([...map.renames].map(([oldName, newName]) => [`${map.schema}.${oldName}`, newName]));
  for (const view of relations) {
    if (view.kind !== 'view' || view.securityInvoker || view.extension) continue;
    const compatFor = compatViews.get(`${view.schema}.${view.name}`);
    // Compat views are checked wherever they are; other views only where the API exposes them.
    if (!compatFor && !exposed.includes(view.schema)) continue;
    const name = qualified(view.schema, view.name);
    add({
      id: 'view-not-security-invoker',
      level: 'error',
      object: name,
      message: `${compatFor ? `compat view ${name} (for ${q(compatFor)})` : `view ${name}`} runs with its owner's rights, bypassing RLS on the tables it reads`,
      fix: `alter view ${name} set (security_invoker = true);`,
    });
  }

  // Only renames that happened: before the rename a body naming the old table is still right.
  const renamed = [...map.renames].filter(([, newName]) => find(newName)?.kind === 'table');
  if (renamed.length > 0) {
    findings.push(...(await staleFunctionFindings(await functionSources(client), map.schema, renamed, phase)));
    findings.push(...(await staleCronFindings(client, map.schema, renamed, phase)));
  }

  for (const table of await tableSecurity(client, exposed)) {
    if (table.extension) continue;
    const name = qualified(table.schema, table.name);
    if (!table.rls && table.readers.length > 0) {
      add({
        id: 'rls-disabled-readable',
        level: 'error',
        object: name,
        message: `table ${name} has RLS disabled and ${table.readers.join(', ')} can select from it: every row is readable through the API`,
        fix: `alter table ${name} enable row level security; -- then add policies, or instead: revoke select on ${name} from ${table.readers.join(', ')};`,
      });
    }
    if (table.rls && table.policies === 0) {
      add({
        id: 'rls-no-policy',
        level: 'warn',
        object: name,
        message: `table ${name} has RLS enabled but no policy: only its owner and bypassrls roles can use it`,
        fix: `create policy ${quoteIdent(`${table.name}_service_role_only`)} on ${name} for all to service_role using (true) with check (true); -- or the policies clients need`,
      });
    }
    if (!table.rls && table.policies > 0) {
      add({
        id: 'policy-rls-disabled',
        level: 'error',
        object: name,
        message: `table ${name} has ${table.policies} ${table.policies === 1 ? 'policy' : 'policies'} but RLS is disabled, so ${table.policies === 1 ? 'it has' : 'they have'} no effect`,
        fix: `alter table ${name} enable row level security;`,
      });
    }
  }

  for (const [oldName, newName] of map.renames) {
    const table = find(newName);
    if (table?.kind !== 'table') continue;
    for (const derived of await derivedNames(client, table.oid)) {
      const renamed = renameDerived(derived.name, oldName, newName);
      if (renamed !== undefined) findings.push(staleDerived(derived, table, oldName, renamed));
    }
  }

  const sorted = sortFindings(findings);
  return {
    phase,
    phaseReason,
    schema: map.schema,
    exposedSchemas: exposed,
    findings: sorted,
    errors: sorted.filter((f) => f.level === 'error').length,
    warnings: sorted.filter((f) => f.level === 'warn').length,
  };
}

async function checkCompatView(
  client: SqlClient,
  view: Relation,
  table: Relation,
  roles: readonly string[],
  q: (name: string) => string,
): Promise<DbFinding[]> {
  const findings: DbFinding[] = [];
  const viewName = q(view.name);
  const tableName = qualified(table.schema, table.name);
  const recreate = `create or replace view ${viewName} with (security_invoker = true) as select * from ${tableName};`;

  const reads = (await viewReads(client, view.oid)).map((r) => qualified(r.schema, r.name));
  if (reads.length !== 1 || reads[0] !== tableName) {
    findings.push({
      id: 'compat-view-target',
      level: 'error',
      object: viewName,
      message: `compat view ${viewName} reads ${reads.length === 0 ? 'no table' : reads.join(', ')}, not exactly ${tableName}`,
      fix: reads.includes(tableName) || reads.length === 0 ? recreate : `drop view ${viewName}; ${recreate}`,
    });
  } else {
    const shape = await viewShape(client, view.oid);
    const problems = [
      shape.filtered ? 'filters its rows (a WHERE or join condition), so old code sees fewer rows' : '',
      shape.computed ? 'computes some columns instead of passing them through' : '',
      shape.writable ? '' : 'cannot take INSERT, UPDATE and DELETE, so writes by old code fail',
    ].filter(Boolean);
    if (problems.length > 0) {
      findings.push({
        id: 'compat-view-target',
        level: 'error',
        object: viewName,
        message: `compat view ${viewName} is not a plain select * from ${tableName}: it ${problems.join('; it ')}`,
        fix: `drop view ${viewName}; ${recreate}`,
      });
    }
    const [viewColumns, tableColumns] = await Promise.all([listColumns(client, view.oid), listColumns(client, table.oid)]);
    const show = (columns: readonly { name: string; type: string }[]) => columns.map((c) => `${c.name} ${c.type}`).join(', ');
    if (show(viewColumns) !== show(tableColumns)) {
      const missing = tableColumns.filter((c) => !viewColumns.some((v) => v.name === c.name)).map((c) => c.name);
      const extra = viewColumns.filter((c) => !tableColumns.some((t) => t.name === c.name)).map((c) => c.name);
      const detail = [
        missing.length > 0 ? `lacks ${missing.join(', ')}` : '',
        extra.length > 0 ? `adds ${extra.join(', ')}` : '',
      ]
        .filter(Boolean)
        .join(' and ');
      findings.push({
        id: 'compat-view-columns',
        level: 'error',
        object: viewName,
        message: `compat view ${viewName} does not show the columns of ${tableName} as select * would${detail ? ` (it ${detail})` : ' (order or types differ)'}`,
        fix: missing.length > 0 && extra.length === 0 ? recreate : `drop view ${viewName}; ${recreate}`,
      });
    }
  }

  const [viewGrants, tableGrants] = await Promise.all([
    relationGrants(client, view.oid, roles),
    relationGrants(client, table.oid, roles),
  ]);
  for (const role of roles) {
    const onView = viewGrants.get(role) ?? [];
    const onTable = tableGrants.get(role) ?? [];
    const missing = onTable.filter((p) => !onView.includes(p));
    const extra = onView.filter((p) => !onTable.includes(p));
    if (missing.length === 0 && extra.length === 0) continue;
    const parts: string[] = [];
    const fixes: string[] = [];
    if (missing.length > 0) {
      parts.push(`lacks ${missing.join(', ')}`);
      fixes.push(`grant ${privilegeList(missing)} on ${viewName} to ${quoteIdent(role)};`);
    }
    if (extra.length > 0) {
      parts.push(`has ${extra.join(', ')} beyond the table's`);
      fixes.push(`revoke ${privilegeList(extra)} on ${viewName} from ${quoteIdent(role)};`);
    }
    findings.push({
      id: 'compat-view-grants',
      level: 'error',
      object: viewName,
      message: `${role} on compat view ${viewName} ${parts.join(' and ')} (${tableName} grants ${role} ${onTable.length > 0 ? onTable.join(', ') : 'nothing'})`,
      fix: fixes.join(' '),
    });
  }
  return findings;
}

/** `['INSERT', 'UPDATE (a)', 'UPDATE (b)']` → `insert, update (a, b)`: one GRANT/REVOKE list. */
function privilegeList(privileges: readonly string[]): string {
  const columns = new Map<string, string[]>();
  const whole: string[] = [];
  for (const privilege of privileges) {
    const match = /^(\w+) \((.*)\)$/.exec(privilege);
    if (match) columns.set(match[1]!.toLowerCase(), [...(columns.get(match[1]!.toLowerCase()) ?? []), match[2]!]);
    else whole.push(privilege.toLowerCase());
  }
  return [...whole, ...[...columns].map(([privilege, names]) => `${privilege} (${names.join(', ')})`)].join(', ');
}

function staleDerived(derived: DerivedName, table: Relation, oldName: string, renamed: string): DbFinding {
  const tableName = qualified(table.schema, table.name);
  const scoped = derived.kind === 'index' || derived.kind === 'sequence';
  const object = scoped ? qualified(derived.schema, derived.name) : `${tableName}.${quoteIdent(derived.name)}`;
  const shown = scoped ? object : quoteIdent(derived.name);
  const statement = {
    constraint: `alter table ${tableName} rename constraint ${quoteIdent(derived.name)} to ${quoteIdent(renamed)};`,
    index: `alter index ${object} rename to ${quoteIdent(renamed)};`,
    sequence: `alter sequence ${object} rename to ${quoteIdent(renamed)};`,
    policy: `alter policy ${quoteIdent(derived.name)} on ${tableName} rename to ${quoteIdent(renamed)};`,
    trigger: `alter trigger ${quoteIdent(derived.name)} on ${tableName} rename to ${quoteIdent(renamed)};`,
  }[derived.kind];
  const tooLong = bytes(renamed) > MAX_IDENTIFIER_BYTES;
  return {
    id: 'derived-name-stale',
    level: 'warn',
    object,
    message: `${derived.kind} ${shown} on ${tableName} still carries the old table name ${oldName}`,
    fix: tooLong
      ? `rename the ${derived.kind} to a name of at most ${MAX_IDENTIFIER_BYTES} bytes (${renamed} is ${bytes(renamed)} bytes and would be truncated)`
      : statement,
  };
}
