import type { RenameMap } from '@retable/core';
import type { SqlClient } from '@retable/db';
import type { GeneratorMetadata } from './introspect.js';

/** Which views leave the types: `legacy` = views named by old names of the rename map. */
export type DropViewsMode = 'legacy' | 'all' | 'none';

export const DROP_VIEWS_MODES: readonly DropViewsMode[] = ['legacy', 'all', 'none'];

/** A view or materialized view, as `schema.name`. */
export interface RelationName {
  readonly schema: string;
  readonly name: string;
}

/**
 * Everything that goes when views are dropped, as DROP VIEW … CASCADE would take it: the
 * relations, the functions and types that depend on them, and table columns of their row types.
 */
export interface DropSet {
  /** Views and materialized views (pg_class oids). */
  readonly relations: Map<number, RelationName>;
  readonly functions: Set<number>;
  /** Row types and their array types (pg_type oids). */
  readonly types: Set<number>;
  /** Table columns as `<table oid>.<attnum>` (the metadata's column id). */
  readonly columns: Set<string>;
}

/** The views and materialized views the mode selects, in the schemas being generated. */
export function selectViews(metadata: GeneratorMetadata, mode: DropViewsMode, map?: RenameMap): RelationName[] {
  if (mode === 'none') return [];
  const relations = [...metadata.views, ...metadata.materializedViews];
  const selected =
    mode === 'all'
      ? relations
      : relations.filter((view) => map !== undefined && view.schema === map.schema && map.oldNames.has(view.name));
  return selected
    .map(({ schema, name }) => ({ schema, name }))
    .sort((a, b) => (a.schema === b.schema ? compare(a.name, b.name) : compare(a.schema, b.schema)));
}

const compare = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/**
 * What dropping `views` takes with it, read from the metadata alone: the views, their row and
 * array types, the functions taking or returning those types, and columns typed with them.
 */
export function dropSetFromMetadata(metadata: GeneratorMetadata, views: readonly RelationName[]): DropSet {
  const wanted = new Set(views.map((view) => `${view.schema}.${view.name}`));
  const relations = new Map<number, RelationName>();
  for (const view of [...metadata.views, ...metadata.materializedViews]) {
    if (wanted.has(`${view.schema}.${view.name}`)) relations.set(view.id, { schema: view.schema, name: view.name });
  }
  const set: DropSet = { relations, functions: new Set(), types: new Set(), columns: new Set() };
  completeDropSet(metadata, set);
  return set;
}

/** Add the types, functions and columns implied by the relations and types already in `set`. */
function completeDropSet(metadata: GeneratorMetadata, set: DropSet): void {
  const rowTypes = metadata.types.filter((type) => type.type_relation_id !== null && set.relations.has(type.type_relation_id));
  for (const type of rowTypes) set.types.add(type.id);
  // Array types carry no element id in the metadata; format_type names them `<row type>[]`.
  const arrayFormats = new Set(rowTypes.map((type) => `${type.format}[]`));
  for (const type of metadata.types) if (arrayFormats.has(type.format)) set.types.add(type.id);
  for (const fn of metadata.functions) {
    if (
      set.types.has(fn.return_type_id) ||
      (fn.return_type_relation_id !== null && set.relations.has(fn.return_type_relation_id)) ||
      fn.args.some((arg) => set.types.has(arg.type_id))
    ) {
      set.functions.add(fn.id);
    }
  }
  const droppedTypeNames = new Set(
    metadata.types.filter((type) => set.types.has(type.id)).map((type) => `${type.schema}.${type.name}`),
  );
  for (const column of metadata.columns) {
    if (!set.relations.has(column.table_id) && droppedTypeNames.has(`${column.type_schema}.${column.format}`)) {
      set.columns.add(column.id);
    }
  }
}

/**
 * What `DROP VIEW … CASCADE` of these views would remove, asked of the database itself (pg_depend):
 * besides what the metadata shows, views built on the dropped views and SQL-standard functions
 * (`BEGIN ATOMIC`) whose bodies use them. Read-only: nothing is dropped or locked.
 */
export async function dropSetFromDatabase(
  client: SqlClient,
  metadata: GeneratorMetadata,
  views: readonly RelationName[],
): Promise<DropSet> {
  const set = dropSetFromMetadata(metadata, views);
  if (set.relations.size === 0) return set;
  const { rows } = await client.query<{ kind: string; oid: number | string; sub: number; schema: string; name: string }>(
    CASCADE_SQL,
    [[...set.relations.keys()].map(String)],
  );
  for (const row of rows) {
    const oid = Number(row.oid);
    if (row.kind === 'relation') set.relations.set(oid, { schema: row.schema, name: row.name });
    else if (row.kind === 'column') set.columns.add(`${oid}.${row.sub}`);
    else if (row.kind === 'function') set.functions.add(oid);
    else if (row.kind === 'type') set.types.add(oid);
  }
  completeDropSet(metadata, set);
  return set;
}

// Walks pg_depend from the views the way DROP … CASCADE does. A view's dependants reach it through
// its _RETURN rule, so a dropped _RETURN rule stands for its view; a column (objsubid > 0) goes
// alone, without its table.
const CASCADE_SQL = `
with recursive dropped(classid, objid, objsubid) as (
  select 'pg_class'::regclass::oid, c.oid, 0
  from pg_class c where c.oid = any($1::oid[])
  union
  select
    case when r.rulename = '_RETURN' then 'pg_class'::regclass::oid else d.classid end,
    case when r.rulename = '_RETURN' then r.ev_class else d.objid end,
    case when r.rulename = '_RETURN' then 0 else d.objsubid end
  from pg_depend d
  join dropped x on d.refclassid = x.classid and d.refobjid = x.objid and (x.objsubid = 0 or d.refobjsubid = x.objsubid)
  left join pg_rewrite r on d.classid = 'pg_rewrite'::regclass and r.oid = d.objid
  where d.deptype in ('n', 'a', 'i')
)
select 'relation' as kind, c.oid::int8 as oid, 0 as sub, n.nspname as schema, c.relname as name
from dropped x join pg_class c on x.classid = 'pg_class'::regclass and c.oid = x.objid and x.objsubid = 0
join pg_namespace n on n.oid = c.relnamespace
where c.relkind in ('v', 'm')
union all
select 'column', x.objid::int8, x.objsubid, '', ''
from dropped x join pg_class c on x.classid = 'pg_class'::regclass and c.oid = x.objid and x.objsubid > 0
where c.relkind not in ('v', 'm')
union all
select 'function', x.objid::int8, 0, '', '' from dropped x where x.classid = 'pg_proc'::regclass
union all
select 'type', x.objid::int8, 0, '', '' from dropped x where x.classid = 'pg_type'::regclass
`;

/**
 * The metadata as if the views in `set` had been dropped: their entries and columns, the
 * relationships that start or end at them, the functions and types that depend on them, and
 * columns or composite attributes of their row types. Generating from the result gives the same
 * text as generating from a database where the views were really dropped.
 */
export function applyDropSet(metadata: GeneratorMetadata, set: DropSet): GeneratorMetadata {
  if (set.relations.size === 0 && set.functions.size === 0 && set.types.size === 0 && set.columns.size === 0) {
    return metadata;
  }
  const names = new Set([...set.relations.values()].map((r) => `${r.schema}.${r.name}`));
  return {
    ...metadata,
    views: metadata.views.filter((view) => !set.relations.has(view.id)),
    materializedViews: metadata.materializedViews.filter((view) => !set.relations.has(view.id)),
    columns: metadata.columns.filter((column) => !set.relations.has(column.table_id) && !set.columns.has(column.id)),
    relationships: metadata.relationships.filter(
      (rel) => !names.has(`${rel.schema}.${rel.relation}`) && !names.has(`${rel.referenced_schema}.${rel.referenced_relation}`),
    ),
    functions: metadata.functions.filter((fn) => !set.functions.has(fn.id)),
    types: metadata.types
      .filter((type) => !set.types.has(type.id))
      .map((type) =>
        type.attributes.some((attribute) => set.types.has(attribute.type_id))
          ? { ...type, attributes: type.attributes.filter((attribute) => !set.types.has(attribute.type_id)) }
          : type,
      ),
  };
}
