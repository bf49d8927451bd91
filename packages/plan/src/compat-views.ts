import type { CatalogTable } from './catalog.js';
import { qualified, quoteIdentifier, quoteLiteral } from '@retable/sql';
import { dollarTag, raiseFormat } from './sql-text.js';

// The SQL of the compatibility views' grants and of the check that nothing still uses them.

/** `PUBLIC` is a keyword in GRANT and REVOKE, every other grantee a role name. */
const grantee = (role: string) => (role === 'PUBLIC' ? role : quoteIdentifier(role));

/**
 * The compatibility view gets exactly the table's grants, for every grantee (PUBLIC, a reporting
 * role, a custom API role, …), column grants included. First the privileges a new view may get by
 * default (the API roles, ALTER DEFAULT PRIVILEGES) are revoked, never from the table's owner (who
 * runs expand and owns the view: revoking would lock it out of its own view).
 */
export function viewGrants(schema: string, old: string, table: CatalogTable, roles: readonly string[], target = 150000): string[] {
  const view = qualified(schema, old);
  const known = (privilege: string) => privilege !== 'MAINTAIN' || target >= 170000;
  const grantees = [...new Set([...table.grants.keys(), ...table.columnGrants.keys()])].sort();
  const revoked = [...new Set([...roles, ...grantees])].filter((role) => role !== table.owner).sort();
  const lines: string[] = [];
  if (revoked.length > 0) lines.push(`REVOKE ALL ON ${view} FROM ${revoked.map(grantee).join(', ')};`);
  for (const role of grantees) {
    const privileges = (table.grants.get(role) ?? []).filter(known);
    if (privileges.length > 0) lines.push(`GRANT ${privileges.join(', ')} ON ${view} TO ${grantee(role)};`);
    for (const [privilege, columns] of table.columnGrants.get(role) ?? []) {
      if (!known(privilege)) continue;
      lines.push(`GRANT ${privilege} (${columns.map(quoteIdentifier).join(', ')}) ON ${view} TO ${grantee(role)};`);
    }
  }
  return lines;
}

/**
 * Without the catalog, one DO block gives each view exactly its table's grants when expand runs:
 * whatever the new view got by default is revoked, then every grantee's table and column privileges
 * but the owner's are copied.
 */
export function copyGrantsAtApplyTime(schema: string, renames: ReadonlyArray<readonly [string, string]>): string[] {
  const pairs = renames.map(([old, next]) => `[${quoteLiteral(qualified(schema, old))}, ${quoteLiteral(qualified(schema, next))}]`);
  const who = "CASE WHEN a.grantee = 0 THEN 'PUBLIC' ELSE quote_ident(r.rolname) END";
  const body = [
    'DECLARE',
    '  pair text[];',
    '  g record;',
    'BEGIN',
    `  FOREACH pair SLICE 1 IN ARRAY ARRAY[${pairs.join(', ')}] LOOP`,
    '    FOR g IN',
    `      SELECT DISTINCT ${who} AS role`,
    '        FROM pg_class c CROSS JOIN LATERAL aclexplode(c.relacl) a LEFT JOIN pg_roles r ON r.oid = a.grantee',
    '       WHERE c.oid = pair[1]::regclass AND a.grantee <> c.relowner AND (a.grantee = 0 OR r.oid IS NOT NULL)',
    '    LOOP',
    "      EXECUTE format('REVOKE ALL ON %s FROM %s', pair[1], g.role);",
    '    END LOOP;',
    '    FOR g IN',
    `      SELECT ${who} AS role, a.privilege_type, NULL::name AS attname`,
    "        FROM pg_class c CROSS JOIN LATERAL aclexplode(coalesce(c.relacl, acldefault('r', c.relowner))) a LEFT JOIN pg_roles r ON r.oid = a.grantee",
    "       WHERE c.oid = pair[2]::regclass AND a.grantee <> c.relowner AND (a.grantee = 0 OR r.oid IS NOT NULL)",
    "         AND (a.privilege_type <> 'MAINTAIN' OR current_setting('server_version_num')::int >= 170000)",
    '      UNION ALL',
    `      SELECT ${who}, a.privilege_type, att.attname`,
    '        FROM pg_attribute att JOIN pg_class c ON c.oid = att.attrelid CROSS JOIN LATERAL aclexplode(att.attacl) a LEFT JOIN pg_roles r ON r.oid = a.grantee',
    '       WHERE att.attrelid = pair[2]::regclass AND att.attnum > 0 AND NOT att.attisdropped',
    '         AND a.grantee <> c.relowner AND (a.grantee = 0 OR r.oid IS NOT NULL)',
    '    LOOP',
    '      IF g.attname IS NULL THEN',
    "        EXECUTE format('GRANT %s ON %s TO %s', g.privilege_type, pair[1], g.role);",
    '      ELSE',
    "        EXECUTE format('GRANT %s (%I) ON %s TO %s', g.privilege_type, g.attname, pair[1], g.role);",
    '      END IF;',
    '    END LOOP;',
    '  END LOOP;',
    'END',
  ].join('\n');
  const tag = dollarTag(body);
  return ["-- Each view gets its table's grants (every grantee, column grants too), read from the catalog when this runs.", `DO ${tag}`, body, `${tag};`];
}

/** A DO block that stops the transaction, naming them, while anything depends on the compatibility views. */
export function dependentsCheck(schema: string, views: readonly string[], file: string): string {
  const list = views.map((old) => quoteLiteral(qualified(schema, old))).join(', ');
  const body = [
    'DECLARE',
    '  views regclass[] := array_remove(ARRAY[' + views.map((old) => `to_regclass(${quoteLiteral(qualified(schema, old))})`).join(', ') + '], NULL);',
    '  not_views text;',
    '  dependents text;',
    'BEGIN',
    "  SELECT string_agg(c.oid::regclass::text, ', ') INTO not_views FROM pg_class c WHERE c.oid = ANY (views) AND c.relkind <> 'v';",
    '  IF not_views IS NOT NULL THEN',
    `    RAISE EXCEPTION 'retable ${file}: % is not a compatibility view (expected views named ${raiseFormat(list).replaceAll("'", "''")})', not_views;`,
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
  ].join('\n');
  const tag = dollarTag(body);
  return `DO ${tag}\n${body}\n${tag};`;
}
