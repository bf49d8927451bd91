import path from 'node:path';
import v8 from 'node:v8';
import { toPosix, UsageError } from '@retable/core/base';
import type { DropViewsMode, RelationName } from '@retable/typegen';
import type { Command } from '../command.js';
import { resolveOptions } from './typegen-options.js';

export { resolveOptions, type TypegenOptions } from './typegen-options.js';

const help = `Usage: retable typegen [typescript] [options]

Generate database.types.ts the way \`supabase gen types typescript\` does (byte for byte), without
Docker, and leave out views (e.g. the compatibility views of renamed tables) so TypeScript only
offers the new names. The Supabase CLI's flags work the same (swap the binary name).

Sources (one; default: supabase/migrations, or the declarative schemas of supabase/config.toml):
  --db-url URL           a live database
  --local                the local Supabase database (\`supabase start\`; port from supabase/config.toml)
  --project-id REF       a hosted project, through the Supabase Management API (SUPABASE_ACCESS_TOKEN)
  --linked               the project \`supabase link\` linked (supabase/.temp/project-ref)
  --migrations DIR       apply the migrations (name order) to a throwaway Supabase database; DIR is
                         relative to --cwd
  --engine NAME          for migrations: pglite (embedded, default) or postgres (local binaries)
  --from-file FILE       an existing generated file: remove the view entries, keep every other byte

Options:
  -s, --schema LIST      schemas to generate, comma-separated or repeated (default: public and
                         supabase/config.toml's [api] schemas)
  --lang typescript      the only language (also accepted as the first argument)
  --drop-views MODE      legacy: views named by old names of the config's renames (default with a
                         config); all: every view (default without one); none
  --out FILE             write the file atomically instead of printing it
  --check                compare with --out (default: the config's typesFile); exit 1 with a
                         short diff when it is stale (for CI)
  --postgrest-version V  emit __InternalSupabase.PostgrestVersion (supabase gen types --local does)

Supabase-managed extensions the embedded database lacks get a catalog stand-in, named on stderr
(\`stand-in: pg_net\`). Progress goes to stderr. Exit codes: 0 written or up to date, 1 --check
found the file stale, 2 usage, config, connection or migration error (one line, nothing written).
`;

const typegen: Command = {
  name: 'typegen',
  summary: 'generate database.types.ts like supabase gen types, without Docker and without legacy views',
  help,
  options: {
    'db-url': { type: 'string' },
    migrations: { type: 'string' },
    engine: { type: 'string' },
    'from-file': { type: 'string' },
    schema: { type: 'string', short: 's', multiple: true },
    lang: { type: 'string' },
    local: { type: 'boolean' },
    'project-id': { type: 'string' },
    linked: { type: 'boolean' },
    'drop-views': { type: 'string' },
    out: { type: 'string' },
    check: { type: 'boolean' },
    'postgrest-version': { type: 'string' },
  },
  allowPositionals: true,
  async run(context, values, positionals) {
    const options = await resolveOptions(context, values, positionals);
    if (options.migrations) {
      // PGlite and the SQL parser are WebAssembly run once per process: V8's baseline compiler
      // alone starts them about twice as fast as tiering up to the optimising one (measured on
      // examples/crm), which only pays off in long-lived processes.
      v8.setFlagsFromString('--liftoff-only');
    }
    const lib = await import('@retable/typegen');
    const progress = (message: string) => context.stderr.write(`typegen: ${message}\n`);
    const shown = (file: string) => toPosix(path.relative(context.cwd, file)) || file;
    for (const note of options.notes) progress(note);

    let text: string;
    let dropped: readonly RelationName[];
    let cascaded: readonly RelationName[] = [];
    if (options.projectRef) {
      progress(`fetching the types of project ${options.projectRef} from the Supabase Management API`);
      const fetched = await lib.fetchProjectTypes({
        projectRef: options.projectRef,
        schemas: options.schemas,
        accessToken: options.accessToken!,
        apiUrl: context.env.RETABLE_SUPABASE_API_URL || undefined,
        userAgent: `retable/${(await import('../index.js')).VERSION}`,
      });
      const result = await lib.dropViewsFromText(fetched, {
        dropViews: options.dropViews,
        map: options.config?.map,
        label: `--project-id ${options.projectRef}`,
      });
      text = result.text;
      dropped = result.droppedViews;
    } else if (options.fromFile) {
      const result = await lib.dropViewsFromFile(options.fromFile, {
        dropViews: options.dropViews,
        map: options.config?.map,
        displayPath: shown,
      });
      text = result.text;
      dropped = result.droppedViews;
      progress(`${shown(options.fromFile)}: formatted by ${result.formatter}`);
    } else {
      if (options.local) progress(`reading the local Supabase database (${options.dbUrl!.replace(/:[^:@/]*@/, ':***@')})`);
      const generate = lib.generateTypes({
        source: options.dbUrl
          ? { kind: 'db-url', url: options.dbUrl }
          : {
              kind: 'migrations',
              dir: options.migrations!,
              engine: options.engine,
              ...(options.schemaFiles ? { files: options.schemaFiles } : {}),
            },
        schemas: options.schemas,
        allowMissingSchemas: options.schemasFromConfig,
        dropViews: options.dropViews,
        map: options.config?.map,
        postgrestVersion: options.postgrestVersion,
        displayPath: shown,
        onProgress: progress,
        cacheDir: lib.defaultCacheDir(context.cwd, context.env),
      });
      const result = await generate.catch((error: unknown) => {
        // The URL came from --local: say so, and how to start the database.
        if (options.local && error instanceof Error && error.message.startsWith('--db-url: cannot connect')) {
          throw new UsageError(`--local: ${error.message.slice('--db-url: '.length)}; start it with supabase start`);
        }
        throw error;
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
