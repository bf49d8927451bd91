import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { RetableError } from '@retable/core/errors';

/** What retable reads from a project's `supabase/config.toml` (the Supabase CLI's settings). */
export interface SupabaseConfig {
  /** The file, absolute. */
  readonly file: string;
  /** `project_id`. */
  readonly projectId?: string;
  /** `[db] major_version`: the Postgres major version of the project. */
  readonly majorVersion?: number;
  /** `[db] port`: the local database's port (`supabase start`), default 54322. */
  readonly dbPort: number;
  /** `[api] schemas`: the schemas the API exposes (the CLI's `gen types` default adds them to public). */
  readonly apiSchemas?: readonly string[];
  /** `[db.migrations] schema_paths`: declarative schema files, globs relative to `supabase/`. */
  readonly schemaPaths: readonly string[];
}

export const SUPABASE_CONFIG_FILE = 'supabase/config.toml';
export const DEFAULT_LOCAL_DB_PORT = 54322;

/** `supabase/config.toml` under `root`, or undefined when there is none. Throws RetableError naming the line when it is malformed. */
export async function readSupabaseConfig(root: string, shown: (file: string) => string = (f) => f): Promise<SupabaseConfig | undefined> {
  const file = path.join(root, SUPABASE_CONFIG_FILE);
  if (!existsSync(file)) return undefined;
  const { parse } = await import('smol-toml');
  let doc: Record<string, unknown>;
  try {
    doc = parse(await readFile(file, 'utf8')) as Record<string, unknown>;
  } catch (error) {
    const line = (error as { line?: number }).line;
    const reason = (error as Error).message.split('\n')[0]!.replace(/^Invalid TOML document: /, '');
    throw new RetableError(`${shown(file)}${line ? `:${line}` : ''}: ${reason}; fix the TOML (the Supabase CLI reads it too)`);
  }
  const bad = (key: string, want: string): never => {
    throw new RetableError(`${shown(file)}: ${key} must be ${want}`);
  };
  const table = (value: unknown, key: string): Record<string, unknown> => {
    if (value === undefined) return {};
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return bad(key, 'a table');
    return value as Record<string, unknown>;
  };
  const strings = (value: unknown, key: string): string[] | undefined => {
    if (value === undefined) return undefined;
    if (!Array.isArray(value) || value.some((v) => typeof v !== 'string')) return bad(key, 'a list of strings');
    return value as string[];
  };
  const integer = (value: unknown, key: string): number | undefined => {
    if (value === undefined) return undefined;
    if (typeof value !== 'number' || !Number.isInteger(value) || value <= 0) return bad(key, 'a positive integer');
    return value as number;
  };
  const db = table(doc.db, '[db]');
  const migrations = table(db.migrations, '[db.migrations]');
  const api = table(doc.api, '[api]');
  const projectId = typeof doc.project_id === 'string' ? doc.project_id : undefined;
  return {
    file,
    ...(projectId ? { projectId } : {}),
    ...(db.major_version !== undefined ? { majorVersion: integer(db.major_version, '[db] major_version') } : {}),
    dbPort: integer(db.port, '[db] port') ?? DEFAULT_LOCAL_DB_PORT,
    ...(api.schemas !== undefined ? { apiSchemas: strings(api.schemas, '[api] schemas') } : {}),
    schemaPaths: strings(migrations.schema_paths, '[db.migrations] schema_paths') ?? [],
  };
}

/**
 * The declarative schema files of a project, in the order the Supabase CLI applies them: each
 * `schema_paths` glob (relative to `supabase/`) in turn, its matches sorted, each file once.
 * Without `schema_paths`, every `.sql` file under `supabase/schemas`, sorted. Empty when the
 * project has none.
 */
export async function declarativeSchemaFiles(root: string, config: SupabaseConfig | undefined): Promise<string[]> {
  const { default: fg } = await import('fast-glob');
  const base = path.join(root, 'supabase');
  const patterns = config?.schemaPaths.length ? config.schemaPaths : ['schemas/**/*.sql'];
  const seen = new Set<string>();
  const files: string[] = [];
  for (const pattern of patterns) {
    const normalized = pattern.replace(/^(\.\/)+/, '');
    const matches = fg.sync(normalized, { cwd: base, onlyFiles: true, absolute: true, unique: true });
    for (const match of matches.sort()) {
      const file = path.normalize(match);
      if (!seen.has(file)) {
        seen.add(file);
        files.push(file);
      }
    }
  }
  return files;
}
