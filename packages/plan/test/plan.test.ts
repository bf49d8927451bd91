import { describe, expect, it } from 'vitest';
import { createRenameMap } from '@retable/core';
import { planRename, type Catalog, type CatalogTable } from '@retable/plan';

// planRename on hand-made catalogs: the decisions that do not need a database.
function table(name: string, extra: Partial<CatalogTable> = {}): CatalogTable {
  return {
    name,
    kind: 'r',
    owner: 'postgres',
    grants: new Map([['authenticated', ['SELECT']]]),
    columnGrants: new Map(),
    constraints: [],
    indexes: [],
    sequences: [],
    policies: [],
    triggers: [],
    publications: [],
    dependentViews: [],
    rowTypeFunctions: [],
    ...extra,
  };
}

function catalog(tables: CatalogTable[], other: string[] = []): Catalog {
  return {
    schema: 'public',
    tables: new Map(tables.map((t) => [t.name, t])),
    relationNames: new Set([...tables.map((t) => t.name), ...other]),
    roles: ['anon', 'authenticated', 'service_role'],
    functions: [],
  };
}

describe('planRename', () => {
  it('refuses derived names over 63 bytes and names already taken, and keeps the rest', async () => {
    const longNew = `a_rather_long_table_name_for_the_new_schema_of_leads_x`; // 54 bytes
    const map = createRenameMap({ leads: longNew, notes: 'crm_notes' });
    const plan = await planRename(
      map,
      catalog(
        [
          table('leads', {
            constraints: [
              { name: 'leads_pkey', type: 'p', hasIndex: true },
              { name: 'leads_workspace_id_fkey', type: 'f', hasIndex: false },
              { name: 'leads_custom', type: 'c', hasIndex: false },
            ],
            sequences: ['leads_id_seq'],
          }),
          table('notes', { indexes: ['notes_body_idx', 'notes_lower'], constraints: [{ name: 'notes_pkey', type: 'p', hasIndex: true }] }),
        ],
        ['crm_notes_body_idx'],
      ),
      { renameDerived: true },
    );
    expect(plan.derived.map((d) => `${d.from} → ${d.to}`)).toEqual([`leads_pkey → ${longNew}_pkey`, `leads_id_seq → ${longNew}_id_seq`, 'notes_pkey → crm_notes_pkey']);
    expect(plan.warnings).toEqual([
      `kept constraint leads_workspace_id_fkey: ${longNew}_workspace_id_fkey would be 72 bytes, over Postgres' 63 (it would be cut)`,
      'kept index notes_body_idx: the name crm_notes_body_idx is already taken',
    ]);
  });

  it('uses the statement for the relation kind and quotes names Postgres would', async () => {
    const plan = await planRename(createRenameMap({ lead_summary: 'user', Orders: 'crm_orders' }), catalog([table('lead_summary', { kind: 'v' }), table('Orders')]));
    expect(plan.files.expand).toContain('ALTER VIEW public.lead_summary RENAME TO "user";\nALTER TABLE public."Orders" RENAME TO crm_orders;\n');
    expect(plan.files.expand).toContain('CREATE VIEW public."Orders" WITH (security_invoker = true) AS SELECT * FROM public.crm_orders;');
    expect(plan.files.rollback).toContain('ALTER TABLE public.crm_orders RENAME TO "Orders";\nALTER VIEW public."user" RENAME TO lead_summary;\n');
  });

  it('says why it cannot plan: missing table, taken name, expand already applied', async () => {
    const map = createRenameMap({ leads: 'crm_leads' });
    await expect(planRename(map, catalog([]))).rejects.toThrow('public.leads: no such table in the database; check the renames in the config and --db-url');
    await expect(planRename(map, catalog([table('leads')], ['crm_leads']))).rejects.toThrow(
      'public.crm_leads already exists: pick another new name for leads',
    );
    await expect(planRename(map, catalog([table('leads', { kind: 'v' })], ['crm_leads']))).rejects.toThrow(
      'public.leads is a view and public.crm_leads exists: expand.sql looks applied already (contract.sql finishes it, rollback.sql undoes it)',
    );
    await expect(planRename(map, catalog([], ['crm_leads']))).rejects.toThrow(
      'public.leads does not exist but public.crm_leads does: was expand.sql already applied? (rollback.sql undoes it)',
    );
    await expect(planRename(map, undefined, { renameDerived: true })).rejects.toThrow('--rename-derived reads the derived names from the catalog: pass --db-url');
  });

  it('without a catalog copies grants at apply time and lists what it could not check', async () => {
    const plan = await planRename(createRenameMap({ leads: 'crm_leads' }), undefined);
    expect(plan.catalogRead).toBe(false);
    expect(plan.files.expand).toContain("FOREACH pair SLICE 1 IN ARRAY ARRAY[['public.leads', 'public.crm_leads']] LOOP");
    expect(plan.files.expand.split('\n').slice(0, 3)).toEqual([
      '-- retable plan expand: rename the tables, keep the old names working',
      '-- Rename map, schema public: leads → crm_leads',
      '-- Catalog: not read (no --db-url): the SQL is what the map alone decides',
    ]);
    expect(plan.files.rollback).toContain('-- NOT CHECKED (no --db-url): function bodies rewritten after expand are not restored.');
  });
});
