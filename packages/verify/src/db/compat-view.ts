import { quoteIdent } from '@retable/core';
import type { SqlClient } from '@retable/db';
import { columnOnlyReaders, listColumns, qualified, relationGrants, viewReads, viewShape, type Relation } from './catalog.js';
import type { DbFinding } from './finding.js';

/** `PUBLIC` is a keyword in GRANT and REVOKE, every other grantee a role name. */
const grantee = (role: string) => (role === 'PUBLIC' ? role : quoteIdent(role));

/**
 * A compat view that exists as a view over its new table: it reads exactly that table as a plain
 * select *, with the table's columns, and every grantee has the same privileges on both.
 */
export async function checkCompatView(
  client: SqlClient,
  view: Relation,
  table: Relation,
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

  const [viewGrants, tableGrants] = await Promise.all([relationGrants(client, view.oid), relationGrants(client, table.oid)]);
  // Every grantee of either side: a reporting role or a custom API role loses access as surely as anon.
  const grantees = [...new Set([...viewGrants.keys(), ...tableGrants.keys()])].sort();
  for (const role of grantees) {
    const onView = viewGrants.get(role) ?? [];
    const onTable = tableGrants.get(role) ?? [];
    const missing = onTable.filter((p) => !onView.includes(p));
    const extra = onView.filter((p) => !onTable.includes(p));
    if (missing.length === 0 && extra.length === 0) continue;
    const parts: string[] = [];
    const fixes: string[] = [];
    if (missing.length > 0) {
      parts.push(`lacks ${missing.join(', ')}`);
      fixes.push(`grant ${privilegeList(missing)} on ${viewName} to ${grantee(role)};`);
    }
    if (extra.length > 0) {
      parts.push(`has ${extra.join(', ')} beyond the table's`);
      fixes.push(`revoke ${privilegeList(extra)} on ${viewName} from ${grantee(role)};`);
    }
    findings.push({
      id: 'compat-view-grants',
      level: 'error',
      object: viewName,
      message: `${role} on compat view ${viewName} ${parts.join(' and ')} (${tableName} grants ${role} ${onTable.length > 0 ? onTable.join(', ') : 'nothing'})`,
      fix: fixes.join(' '),
    });
  }
  // PostgreSQL checks every column a security_invoker view reads against the caller: a role that
  // may read only some columns of the table cannot read through a select * view, whatever its grants.
  for (const [role, columns] of await columnOnlyReaders(client, table.oid)) {
    findings.push({
      id: 'compat-view-column-readers',
      level: 'warn',
      object: viewName,
      message: `${role} can read only ${columns.join(', ')} of ${tableName}: through compat view ${viewName} (select *) PostgreSQL checks every column against the caller, so ${role}'s reads through the old name fail`,
      fix: `move ${role}'s reads to ${tableName} before expand (its column grants follow the rename)`,
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
