import { derivedRename, MAX_IDENTIFIER_BYTES } from '@retable/core/base';
import { qualified, quoteIdentifier } from '@retable/sql';
import type { Catalog } from './catalog.js';
import { PlanError } from './errors.js';

/** A derived name expand renames (and rollback renames back). */
export interface DerivedRename {
  readonly table: string;
  readonly kind: 'constraint' | 'index' | 'sequence' | 'policy';
  readonly from: string;
  readonly to: string;
}

/** The map against the catalog: every old table exists and no new name is taken (else a PlanError saying what to fix). */
export function checkTables(catalog: Catalog, renames: ReadonlyArray<readonly [string, string]>): void {
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

/** The derived names core's rule set renames, from the catalog. Never trigger names. */
export function deriveNames(catalog: Catalog, renames: ReadonlyArray<readonly [string, string]>, warnings: string[]): DerivedRename[] {
  const derived: DerivedRename[] = [];
  const taken = new Set(catalog.relationNames);
  for (const [old] of renames) taken.delete(old);
  for (const [, next] of renames) taken.add(next);
  for (const [old, next] of renames) {
    const table = catalog.tables.get(old)!;
    const candidates: Array<{ kind: DerivedRename['kind']; name: string; relation: boolean }> = [
      // NOT NULL constraints are named only from PostgreSQL 18 (PGlite), and nothing refers to those names.
      ...table.constraints.filter((c) => c.type !== 'n').map((c) => ({ kind: 'constraint' as const, name: c.name, relation: c.hasIndex })),
      ...table.indexes.map((name) => ({ kind: 'index' as const, name, relation: true })),
      ...table.sequences.map((name) => ({ kind: 'sequence' as const, name, relation: true })),
      ...table.policies.map((name) => ({ kind: 'policy' as const, name, relation: false })),
    ];
    const constraintNames = new Set(table.constraints.map((c) => c.name));
    const policyNames = new Set(table.policies);
    for (const candidate of candidates) {
      const to = derivedRename(candidate.kind, candidate.name, old, next, catalog.schema);
      if (to === undefined) continue;
      const bytes = Buffer.byteLength(to, 'utf8');
      if (bytes > MAX_IDENTIFIER_BYTES) {
        warnings.push(`kept ${candidate.kind} ${quoteIdentifier(candidate.name)}: ${to} would be ${bytes} bytes, over Postgres' ${MAX_IDENTIFIER_BYTES} (it would be cut)`);
        continue;
      }
      const own = candidate.kind === 'constraint' ? constraintNames : candidate.kind === 'policy' ? policyNames : undefined;
      if ((candidate.relation && taken.has(to)) || own?.has(to)) {
        warnings.push(`kept ${candidate.kind} ${quoteIdentifier(candidate.name)}: the name ${to} is already taken`);
        continue;
      }
      if (candidate.relation) {
        taken.delete(candidate.name);
        taken.add(to);
      }
      own?.delete(candidate.name);
      own?.add(to);
      derived.push({ table: old, kind: candidate.kind, from: candidate.name, to });
    }
  }
  return derived;
}

export function derivedStatement(schema: string, table: string, kind: DerivedRename['kind'], from: string, to: string): string {
  switch (kind) {
    case 'constraint':
      return `ALTER TABLE ${qualified(schema, table)} RENAME CONSTRAINT ${quoteIdentifier(from)} TO ${quoteIdentifier(to)};`;
    case 'index':
      return `ALTER INDEX ${qualified(schema, from)} RENAME TO ${quoteIdentifier(to)};`;
    case 'sequence':
      return `ALTER SEQUENCE ${qualified(schema, from)} RENAME TO ${quoteIdentifier(to)};`;
    case 'policy':
      return `ALTER POLICY ${quoteIdentifier(from)} ON ${qualified(schema, table)} RENAME TO ${quoteIdentifier(to)};`;
  }
}
