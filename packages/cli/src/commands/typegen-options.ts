import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { CONFIG_FILE_NAME, findConfig, loadConfig, toPosix, UsageError, type LoadedConfig } from '@retable/core/base';
import type { DropViewsMode, Engine } from '@retable/typegen';
import type { CommandContext, OptionValues } from '../command.js';

const DROP_MODES: readonly DropViewsMode[] = ['legacy', 'all', 'none'];
const ENGINE_NAMES: readonly Engine[] = ['pglite', 'postgres'];
const SOURCES = ['db-url', 'migrations', 'from-file', 'local', 'project-id', 'linked'] as const;
type SourceFlag = (typeof SOURCES)[number];
/** `supabase link` keeps the linked project's reference here. */
const LINKED_REF_FILE = 'supabase/.temp/project-ref';

export interface TypegenOptions {
  dbUrl?: string;
  /** `--local`: the URL is the local Supabase database of config.toml. */
  local: boolean;
  migrations?: string;
  /** Declarative schema files applied instead of the migrations (config.toml `schema_paths`). */
  schemaFiles?: string[];
  engine: Engine;
  fromFile?: string;
  /** `--project-id` / `--linked`: the hosted project's reference, for the Management API. */
  projectRef?: string;
  accessToken?: string;
  schemas: string[];
  /** The schemas are config.toml's defaults: the ones the database lacks are left out, as the Supabase CLI does. */
  schemasFromConfig: boolean;
  dropViews: DropViewsMode;
  out?: string;
  check: boolean;
  postgrestVersion?: string;
  config?: LoadedConfig;
  /** Lines for stderr about what was read from supabase/config.toml. */
  notes: string[];
}

type Context = Pick<CommandContext, 'cwd' | 'configPath'> & { env?: NodeJS.ProcessEnv };

/** argv values → checked options (absolute paths). Throws UsageError/ConfigError. */
export async function resolveOptions(context: Context, values: OptionValues, positionals: readonly string[] = []): Promise<TypegenOptions> {
  const env = context.env ?? {};
  const str = (name: string) => (typeof values[name] === 'string' ? (values[name] as string) : undefined);
  const given = (name: SourceFlag) => (name === 'local' || name === 'linked' ? values[name] === true : str(name) !== undefined);
  checkLanguage(str('lang'), positionals);
  const sources = SOURCES.filter(given);
  if (sources.length > 1) {
    throw new UsageError(`${sources.map((s) => `--${s}`).join(' and ')} cannot be combined; give one source`);
  }
  const source = sources[0];
  const engine = str('engine');
  if (engine !== undefined && !ENGINE_NAMES.includes(engine as Engine)) {
    throw new UsageError(`--engine: unknown engine "${engine}"; use pglite or postgres`);
  }
  if (engine !== undefined && source !== undefined && source !== 'migrations') {
    throw new UsageError(`--engine applies to --migrations only, not --${source}`);
  }
  const drop = str('drop-views');
  if (drop !== undefined && !DROP_MODES.includes(drop as DropViewsMode)) {
    throw new UsageError(`--drop-views: unknown mode "${drop}"; use legacy, all or none`);
  }
  const schemaValues = schemaFlag(values.schema);
  if (schemaValues !== undefined && source === 'from-file') {
    throw new UsageError('--schema cannot be used with --from-file (the file has the schemas it was generated with)');
  }
  const postgrestVersion = str('postgrest-version');
  if (postgrestVersion !== undefined && (source === 'from-file' || source === 'project-id' || source === 'linked')) {
    throw new UsageError(`--postgrest-version cannot be used with --${source} (the file keeps what it has)`);
  }

  const { readSupabaseConfig, declarativeSchemaFiles } = await import('@retable/typegen');
  const shown = (file: string) => toPosix(path.relative(context.cwd, file)) || file;
  const supabase = await readSupabaseConfig(context.cwd, shown);
  const notes: string[] = [];
  let schemas = schemaValues;
  const schemasFromConfig = schemas === undefined && supabase?.apiSchemas !== undefined;
  if (schemas === undefined) {
    // As `supabase gen types` does: public, then the schemas the API exposes.
    schemas = [...new Set(['public', ...(supabase?.apiSchemas ?? [])])];
    if (schemasFromConfig && source !== 'from-file') notes.push(`schemas from ${shown(supabase!.file)} [api] schemas: ${schemas.join(', ')}`);
  }

  let dbUrl = str('db-url');
  if (source === 'local') {
    const port = supabase?.dbPort ?? 54322;
    dbUrl = `postgresql://postgres:postgres@127.0.0.1:${port}/postgres`;
  }
  let projectRef: string | undefined;
  let accessToken: string | undefined;
  if (source === 'project-id' || source === 'linked') {
    const { isProjectRef } = await import('@retable/typegen');
    projectRef = source === 'project-id' ? str('project-id')! : await linkedRef(context.cwd);
    if (!isProjectRef(projectRef)) {
      throw new UsageError(`--${source}: "${projectRef}" is not a project reference (20 lowercase letters, as in <ref>.supabase.co)`);
    }
    accessToken = env.SUPABASE_ACCESS_TOKEN;
    if (!accessToken) {
      throw new UsageError(`--${source} needs SUPABASE_ACCESS_TOKEN (a personal access token from the dashboard's account settings)`);
    }
  }
  let migrations: string | undefined;
  let schemaFiles: string[] | undefined;
  if (source === 'migrations') migrations = path.resolve(context.cwd, str('migrations')!);
  if (source === undefined) {
    migrations = path.resolve(context.cwd, 'supabase/migrations');
    const declared = await declarativeSchemaFiles(context.cwd, supabase);
    if (declared.length > 0) {
      schemaFiles = declared;
      const from = supabase?.schemaPaths.length ? `${shown(supabase.file)} [db.migrations] schema_paths` : 'supabase/schemas';
      notes.push(`declarative schemas: ${declared.length} file${declared.length === 1 ? '' : 's'} from ${from}`);
    }
  }
  if (supabase?.majorVersion !== undefined && (source === undefined || source === 'migrations')) {
    const db = await import('@retable/db');
    const pglite = (engine ?? 'pglite') === 'pglite';
    const engineMajor = pglite ? db.PGLITE_POSTGRES_MAJOR : db.localPostgresMajorVersion();
    if (engineMajor !== undefined && engineMajor !== supabase.majorVersion) {
      const other = pglite ? '--engine postgres for a local PostgreSQL' : 'a PostgreSQL of that version on PATH';
      notes.push(
        `${shown(supabase.file)} [db] major_version is ${supabase.majorVersion}; ${pglite ? 'PGlite' : 'the local PostgreSQL'} is PostgreSQL ${engineMajor} (the types rarely differ; use ${other}, or --local)`,
      );
    }
  }

  // The config is optional: without one there is no rename map, so every view goes by default.
  const configGiven = context.configPath !== undefined;
  const config =
    configGiven || findConfig({ cwd: context.cwd })
      ? await loadConfig({ cwd: context.cwd, ...(configGiven ? { configPath: context.configPath } : {}) })
      : undefined;
  const dropViews = (drop as DropViewsMode | undefined) ?? (config ? 'legacy' : 'all');
  if (dropViews === 'legacy' && !config) {
    throw new UsageError(`--drop-views legacy needs the renames of ${CONFIG_FILE_NAME}; create it, pass --config FILE, or use --drop-views all`);
  }
  const check = values.check === true;
  let out = str('out');
  if (check && out === undefined && config?.config.typesFile) out = path.resolve(config.root, config.config.typesFile);
  if (check && out === undefined) {
    throw new UsageError('--check needs the file to compare: pass --out FILE (or set "typesFile" in the config)');
  }
  const resolve = (file: string | undefined) => (file === undefined ? undefined : path.resolve(context.cwd, file));
  return {
    dbUrl,
    local: source === 'local',
    migrations,
    schemaFiles,
    engine: (engine as Engine | undefined) ?? 'pglite',
    fromFile: resolve(str('from-file')),
    projectRef,
    accessToken,
    schemas,
    schemasFromConfig,
    dropViews,
    out: resolve(out),
    check,
    postgrestVersion,
    config,
    notes,
  };
}

/** `supabase gen types typescript` / `--lang typescript`: the only language retable writes. */
function checkLanguage(lang: string | undefined, positionals: readonly string[]): void {
  if (positionals.length > 1) {
    throw new UsageError(`typegen takes one language, not ${positionals.map((p) => `"${p}"`).join(' ')}; e.g. retable typegen typescript`);
  }
  for (const [where, value] of [['--lang', lang], ['language', positionals[0]]] as const) {
    if (value !== undefined && value !== 'typescript') {
      throw new UsageError(
        `${where} "${value}": retable generates TypeScript only (supabase gen types ${value} has no retable equivalent); use typescript`,
      );
    }
  }
}

/** `--schema a,b -s c` → [a, b, c], each once; undefined when not given. */
function schemaFlag(value: OptionValues[string]): string[] | undefined {
  if (value === undefined) return undefined;
  const list = (Array.isArray(value) ? value : [value]).flatMap((v) => String(v).split(',')).map((s) => s.trim());
  const schemas = [...new Set(list.filter(Boolean))];
  if (schemas.length === 0) throw new UsageError('--schema: give at least one schema name, e.g. --schema public');
  return schemas;
}

async function linkedRef(cwd: string): Promise<string> {
  const file = path.join(cwd, LINKED_REF_FILE);
  try {
    return (await readFile(file, 'utf8')).trim();
  } catch {
    throw new UsageError(`--linked: no linked project (${LINKED_REF_FILE} not found); run supabase link --project-ref REF, or pass --project-id REF`);
  }
}
