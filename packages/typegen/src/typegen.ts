import type { RenameMap } from '@retable/core';
import { UsageError } from '@retable/core/errors';
import { applyDropSet, dropSetFromDatabase, selectViews, type DropViewsMode, type RelationName } from './drop-views.js';
import { renderTypescript } from './generate.js';
import { introspectDatabase, type GeneratorMetadata } from './introspect.js';
import { PARITY_PROFILE } from './profile.js';
import { openMigrations, openUrl, type Engine, type OpenedDatabase } from './sources.js';

export type TypegenSource =
  | { readonly kind: 'db-url'; readonly url: string }
  | {
      readonly kind: 'migrations';
      readonly dir: string;
      readonly engine: Engine;
      /** The files to apply instead of the directory's (declarative schemas). */
      readonly files?: readonly string[];
    };

export interface GenerateTypesOptions {
  source: TypegenSource;
  /** Default `['public']`. */
  schemas?: readonly string[];
  dropViews: DropViewsMode;
  /** Needed for `dropViews: 'legacy'`. */
  map?: RenameMap;
  postgrestVersion?: string;
  /** Schemas that are not in the database are left out instead of refused (defaults read from supabase/config.toml). */
  allowMissingSchemas?: boolean;
  displayPath?: (file: string) => string;
  onProgress?: (message: string) => void;
  cacheDir?: string;
}

export interface GenerateTypesResult {
  /** The `database.types.ts` text. */
  readonly text: string;
  /** The views and materialized views left out, in the order of their names. */
  readonly droppedViews: readonly RelationName[];
  /** Views that went only because they are built on a dropped view (as DROP … CASCADE would). */
  readonly cascadedViews: readonly RelationName[];
}

/** Introspect a database (live or built from migrations), drop the selected views, render TypeScript. */
export async function generateTypes(options: GenerateTypesOptions): Promise<GenerateTypesResult> {
  const schemas = options.schemas ?? PARITY_PROFILE.defaultSchemas;
  const opened: OpenedDatabase =
    options.source.kind === 'db-url'
      ? await openUrl(options.source.url)
      : await openMigrations(options.source.dir, {
          engine: options.source.engine,
          ...(options.source.files ? { files: options.source.files } : {}),
          displayPath: options.displayPath,
          onProgress: options.onProgress,
          cacheDir: options.cacheDir,
        });
  let metadata: GeneratorMetadata;
  let droppedViews: RelationName[];
  let cascadedViews: RelationName[];
  try {
    options.onProgress?.('reading the schema');
    metadata = await introspectDatabase(opened.client, { schemas });
    if (!options.allowMissingSchemas) await checkSchemas(opened, metadata, schemas);
    const selected = selectViews(metadata, options.dropViews, options.map);
    const set = await dropSetFromDatabase(opened.client, metadata, selected);
    const selectedKeys = new Set(selected.map((view) => `${view.schema}.${view.name}`));
    droppedViews = selected;
    cascadedViews = [...set.relations.values()]
      .filter((view) => !selectedKeys.has(`${view.schema}.${view.name}`))
      .sort((a, b) => `${a.schema}.${a.name}`.localeCompare(`${b.schema}.${b.name}`));
    metadata = applyDropSet(metadata, set);
  } finally {
    await opened.close();
  }
  const text = await renderTypescript(metadata, { postgrestVersion: options.postgrestVersion });
  return { text, droppedViews, cascadedViews };
}

async function checkSchemas(opened: OpenedDatabase, metadata: GeneratorMetadata, schemas: readonly string[]): Promise<void> {
  const found = new Set(metadata.schemas.map((schema) => schema.name));
  const missing = schemas.filter((schema) => !found.has(schema));
  if (missing.length > 0) {
    const { rows } = await opened.client.query<{ name: string }>(
      `select nspname as name from pg_namespace where nspname not like 'pg\\_%' and nspname <> 'information_schema' order by 1`,
    );
    const list = rows.map((row) => row.name).join(', ');
    throw new UsageError(
      `--schema: no schema ${missing.map((s) => `"${s}"`).join(', ')} in the database (it has: ${list || 'none'})`,
    );
  }
}
