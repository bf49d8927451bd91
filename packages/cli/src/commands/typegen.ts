import { existsSync } from 'node:fs';
import path from 'node:path';
import v8 from 'node:v8';
import { CONFIG_FILE_NAME, findConfig, loadConfig, toPosix, UsageError, type LoadedConfig } from '@retable/core/base';
import type { DropViewsMode, Engine, RelationName } from '@retable/typegen';
import type { Command, CommandContext, OptionValues } from '../command.js';

const help = `Usage: retable typegen [source] [options]

Generate database.types.ts the way \`supabase gen types typescript\` does (byte for byte), without
Docker, and leave out views (e.g. the compatibility views of renamed tables) so TypeScript only
offers the new names.

Sources (one; default: --migrations supabase/migrations):
  --db-url URL           a live database
  --migrations DIR       apply the migrations (name order) to a throwaway database after a small
                         Supabase bootstrap; DIR is relative to --cwd
  --engine NAME          for --migrations: pglite (embedded, default) or postgres (local binaries)
  --from-file FILE       an existing generated file: remove the view entries, keep every other byte

Options:
  --schema LIST          schemas to generate, comma-separated (default: public)
  --drop-views MODE      legacy: views named by old names of the config's renames (default with a
                         config); all: every view (default without one); none
  --out FILE             write the file atomically instead of printing it
  --check                compare with --out (default: the config's typesFile); exit 1 with a
                         short diff when it is stale (for CI)
  --postgrest-version V  emit __InternalSupabase.PostgrestVersion (supabase gen types --local does)

Progress goes to stderr. Exit codes: 0 written or up to date, 1 --check found the file stale,
2 usage, config, connection or migration error (one line, nothing written).
`;

const DROP_MODES: readonly DropViewsMode[] = ['legacy', 'all', 'none'];
const ENGINE_NAMES: readonly Engine[] = ['pglite', 'postgres'];

const typegen: Command = {
  name: 'typegen',
  summary: 'generate database.types.ts like supabase gen types, without Docker and without legacy views',
  help,
  options: {
    'db-url': { type: 'string' },
    migrations: { type: 'string' },
    engine: { type: 'string' },
    'from-file': { type: 'string' },
    schema: { type: 'string' },
    'drop-views': { type: 'string' },
    out: { type: 'string' },
    check: { type: 'boolean' },
    'postgrest-version': { type: 'string' },
  },
  allowPositionals: false,
  async run(context, values) {
    const options = await resolveOptions(context, values);
    if (options.migrations && !options.dbUrl && !options.fromFile) {
      // PGlite and the SQL parser are WebAssembly run once per process: V8's baseline compiler
      // alone starts them about twice as fast as tiering up to the optimising one (measured on
      // examples/crm), which only pays off in long-lived processes.
      v8.setFlagsFromString('--liftoff-only');
    }
    const lib = await import('@retable/typegen');
    const progress = (message: string) => context.stderr.write(`typegen: ${message}\n`);
    const shown = (file: string) => toPosix(path.relative(context.cwd, file)) || file;

    let text: string;
    let dropped: readonly RelationName[];
    let cascaded: readonly RelationName[] = [];
    if (options.fromFile) {
      const result = await lib.dropViewsFromFile(options.fromFile, {
        dropViews: options.dropViews,
        map: options.config?.map,
        displayPath: shown,
      });
      text = result.text;
      dropped = result.droppedViews;
      progress(`${shown(options.fromFile)}: formatted by ${result.formatter}`);
    } else {
      const result = await lib.generateTypes({
        source: options.dbUrl
          ? { kind: 'db-url', url: options.dbUrl }
          : { kind: 'migrations', dir: options.migrations!, engine: options.engine },
        schemas: options.schemas,
        dropViews: options.dropViews,
        map: options.config?.map,
        postgrestVersion: options.postgrestVersion,
        displayPath: shown,
        onProgress: progress,
        cacheDir: lib.defaultCacheDir(context.cwd, context.env),
      });
      text = result.text;
      dropped = result.droppedViews;
      cascaded = result.cascadedViews;
    }
    progress(droppedSummary(dropped, options.dropViews));
    if (cascaded.length > 0) {
      progress(`also left out, as DROP … CASCADE would: ${cascaded.map(qualified).join(', ')} (built on a dropped view)`);
    }

    if (options.check) {
      const file = options.out!;
      const current = await lib.readIfExists(file);
      if (current === text) {
        progress(`${shown(file)} is up to date`);
        return 0;
      }
      context.stdout.write(
        current === undefined
          ? `${shown(file)}: missing; run retable typegen --out ${shown(file)}\n`
          : `${shown(file)}: stale; run retable typegen --out ${shown(file)}\n${await shortDiff(shown(file), current, text)}`,
      );
      return 1;
    }
    if (options.out) {
      await lib.writeFileAtomic(options.out, text);
      progress(`wrote ${shown(options.out)}`);
      return 0;
    }
    context.stdout.write(text);
    return 0;
  },
};

export default typegen;

export interface TypegenOptions {
  dbUrl?: string;
  migrations?: string;
  engine: Engine;
  fromFile?: string;
  schemas: string[];
  dropViews: DropViewsMode;
  out?: string;
  check: boolean;
  postgrestVersion?: string;
  config?: LoadedConfig;
}

/** argv values → checked options (absolute paths). Throws UsageError/ConfigError. */
export async function resolveOptions(context: Pick<CommandContext, 'cwd' | 'configPath'>, values: OptionValues): Promise<TypegenOptions> {
  const str = (name: string) => (typeof values[name] === 'string' ? (values[name] as string) : undefined);
  const sources = (['db-url', 'migrations', 'from-file'] as const).filter((name) => str(name) !== undefined);
  if (sources.length > 1) {
    throw new UsageError(`${sources.map((s) => `--${s}`).join(' and ')} cannot be combined; give one source`);
  }
  const engine = str('engine');
  if (engine !== undefined && !ENGINE_NAMES.includes(engine as Engine)) {
    throw new UsageError(`--engine: unknown engine "${engine}"; use pglite or postgres`);
  }
  if (engine !== undefined && sources.length === 1 && sources[0] !== 'migrations') {
    throw new UsageError(`--engine applies to --migrations only, not --${sources[0]}`);
  }
  const drop = str('drop-views');
  if (drop !== undefined && !DROP_MODES.includes(drop as DropViewsMode)) {
    throw new UsageError(`--drop-views: unknown mode "${drop}"; use legacy, all or none`);
  }
  const schemaList = str('schema');
  if (schemaList !== undefined && sources[0] === 'from-file') {
    throw new UsageError('--schema cannot be used with --from-file (the file has the schemas it was generated with)');
  }
  const schemas = schemaList === undefined ? ['public'] : schemaList.split(',').map((s) => s.trim()).filter(Boolean);
  if (schemas.length === 0) throw new UsageError('--schema: give at least one schema name, e.g. --schema public');

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
  const postgrestVersion = str('postgrest-version');
  if (postgrestVersion !== undefined && sources[0] === 'from-file') {
    throw new UsageError('--postgrest-version cannot be used with --from-file (the file keeps what it has)');
  }
  const resolve = (file: string | undefined) => (file === undefined ? undefined : path.resolve(context.cwd, file));
  return {
    dbUrl: str('db-url'),
    migrations: sources.length === 0 ? path.resolve(context.cwd, 'supabase/migrations') : resolve(str('migrations')),
    engine: (engine as Engine | undefined) ?? 'pglite',
    fromFile: resolve(str('from-file')),
    schemas,
    dropViews,
    out: resolve(out),
    check,
    postgrestVersion,
    config,
  };
}

function qualified(view: RelationName): string {
  return view.schema === 'public' ? view.name : `${view.schema}.${view.name}`;
}

function droppedSummary(dropped: readonly RelationName[], mode: DropViewsMode): string {
  if (mode === 'none') return 'kept every view (--drop-views none)';
  if (dropped.length === 0) return `no view to leave out (--drop-views ${mode})`;
  const noun = dropped.length === 1 ? 'view' : 'views';
  return `left out ${dropped.length} ${noun} (--drop-views ${mode}): ${dropped.map(qualified).join(', ')}`;
}

const MAX_DIFF_LINES = 40;

/** The first lines of a unified diff between the committed file and the fresh output. */
async function shortDiff(file: string, current: string, fresh: string): Promise<string> {
  const { renderFileDiff } = await import('@retable/codemod');
  const lines = renderFileDiff({ file, original: current, text: fresh }).split('\n');
  if (lines.at(-1) === '') lines.pop();
  const rest = lines.length - MAX_DIFF_LINES;
  const shown = rest > 0 ? [...lines.slice(0, MAX_DIFF_LINES), `… ${rest} more diff line${rest === 1 ? '' : 's'}`] : lines;
  return `${shown.join('\n')}\n`;
}
