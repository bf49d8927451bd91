import { derivedRename, MAX_IDENTIFIER_BYTES, quoteIdent, type RenameMap } from '@retable/core';
import type { SqlClient } from '@retable/db';
import { derivedNames, qualified, type DerivedName, type Relation } from './catalog.js';
import type { DbFinding } from './finding.js';

const bytes = (name: string) => Buffer.byteLength(name, 'utf8');

/**
 * The derived names of each renamed table that still carry its old name, by core's rule set (the one
 * `retable plan --rename-derived` renames by): never trigger names, never policies named by a sentence.
 */
export async function staleDerivedNames(client: SqlClient, map: RenameMap, find: (name: string) => Relation | undefined): Promise<DbFinding[]> {
  const findings: DbFinding[] = [];
  for (const [oldName, newName] of map.renames) {
    const table = find(newName);
    if (table?.kind !== 'table') continue;
    for (const derived of await derivedNames(client, table.oid)) {
      const renamed = derivedRename(derived.kind, derived.name, oldName, newName, map.schema);
      if (renamed !== undefined) findings.push(staleDerived(derived, table, oldName, renamed));
    }
  }
  return findings;
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
