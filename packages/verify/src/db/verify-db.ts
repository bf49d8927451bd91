import { MAX_IDENTIFIER_BYTES, type RenameMap } from '@retable/core';
import { loadParser, quoteIdentifier as quoteIdent } from '@retable/sql';
import type { SqlClient } from '@retable/db';
import { dependents, functionSources, listRelations, qualified, readableMaterializedViews, tableSecurity, type Relation } from './catalog.js';
import { checkCompatView } from './compat-view.js';
import { staleDerivedNames } from './derived-names.js';
import { sortFindings, type DbFinding, type Phase, type VerifyDbResult } from './finding.js';
import { staleCronFindings, staleFunctionFindings } from './bodies.js';

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
  // The fix hints quote names with the Postgres scanner's keyword list (`public."select"`).
  await loadParser();
  const { map } = options;
  const exposed = [...new Set(options.exposedSchemas ?? ['public', map.schema])];
  const relations = await listRelations(client, [...new Set([...exposed, map.schema])]);
  const byName = new Map(relations.map((r) => [`${r.schema}.${r.name}`, r]));
  const find = (name: string) => byName.get(`${map.schema}.${name}`);
  const inferred = inferPhase(map, relations);
  const phase = options.phase ?? inferred.phase;
  const phaseReason = options.phase ? 'given' : inferred.reason;
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
      findings.push(...(await checkCompatView(client, old, target, q)));
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
        fix: `create policy ${quoteIdent(`${table.name}_select_own`)} on ${name} for select to authenticated using (<condition on auth.uid()>); -- the policies clients need; for server-only tables nothing is needed (service_role bypasses RLS)`,
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

  for (const view of await readableMaterializedViews(client, exposed)) {
    const name = qualified(view.schema, view.name);
    add({
      id: 'matview-readable',
      level: 'warn',
      object: name,
      message: `materialized view ${name} is readable by ${view.readers.join(', ')}: it has no RLS, so every row it stores is readable through the API`,
      fix: `revoke select on ${name} from ${view.readers.join(', ')}; -- then serve it through a security_invoker view or function that filters, or move it to a schema the API does not expose`,
    });
  }

  findings.push(...(await staleDerivedNames(client, map, find)));

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
