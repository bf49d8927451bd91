import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import v8 from 'node:v8';
import { fsReason, loadConfig, toPosix, UsageError, writeFilesAtomic } from '@retable/core/base';
import { DEFAULT_MIGRATIONS, defaultMigrations, openCatalogSource } from '../catalog-source.js';
import type { Command } from '../command.js';
import { plural } from '../format.js';
import { createProgress } from '../terminal.js';

const help = `Usage: retable plan [--db-url URL | --migrations DIR] [--out DIR | --supabase] [--no-compat-views] [--rename-derived]

Write the rename migration from retable.config.json as three files, each one transaction with
SET LOCAL lock_timeout:

  expand      renames the tables; rewrites the text bodies of functions and pg_cron job commands
              that name them (parsed by the Postgres parser; a function whose body already failed
              Postgres' check is re-created unchecked, as the dump did, and listed); creates
              compatibility views under the old names (security_invoker, with the tables' grants
              for every grantee, column grants too); NOTIFY pgrst, 'reload schema'
  contract    drops the compatibility views; fails, naming them, while anything depends on them
  rollback    undoes expand (views first, names back, function bodies and cron commands as they
              were)

The sequence: run expand, deploy the code that uses the new names (retable codemod), check it
(retable verify), then run contract.

Catalog (functions, grants, derived names, publications, triggers), one of:
  --db-url URL        a live database
  --migrations DIR    the migrations applied (name order) to an embedded PGlite after a small
                      Supabase bootstrap; check the plan against production with --db-url
  (default)           --migrations supabase/migrations when the project has it, as typegen does;
                      otherwise no catalog: the SQL is what the map alone decides, and the files
                      and stderr say what could not be checked

Where the files go:
  --supabase          supabase/migrations/<version>_retable_expand.sql (applied by the next
                      supabase db push), supabase/retable/<version+1>_retable_contract.sql (move it
                      into supabase/migrations after the deploy) and <version+2>_retable_rollback.sql
                      beside it. Versions are UTC YYYYMMDDHHMMSS, after every existing migration.
                      The default when supabase/migrations exists and --out is not given
  --out DIR           expand.sql, contract.sql, rollback.sql in DIR (default: retable-plan)

  --no-compat-views   rename only: no views under the old names (contract has nothing to drop)
  --rename-derived    also rename the names derived from the tables' (<old>_pkey, _fkey, _key,
                      _check, _excl, _idx, _seq, idx_<old>_…, <schema>_<old>_…_fkey, <old>_…
                      policies); the config's "renameDerived": true does the same. Needs a
                      catalog; trigger names are never renamed (that changes their firing order)
  --lock-timeout T    SET LOCAL lock_timeout of each file (default: 5s)

stdout lists the files written; stderr gets warnings (publications, trigger order, views over
views, row-type functions, column-only grants), what needs review, and a summary; with
--migrations on a terminal, also progress.

Exit codes: 0 written, 1 written but something in a function body needs review by hand (listed in
expand and on stderr), 2 usage, config or database error (nothing written).
`;

const plan: Command = {
  name: 'plan',
  summary: 'write expand, contract and rollback SQL for the renames (compat views, function bodies)',
  help,
  options: {
    'db-url': { type: 'string' },
    migrations: { type: 'string' },
    out: { type: 'string' },
    supabase: { type: 'boolean' },
    'no-compat-views': { type: 'boolean' },
    'rename-derived': { type: 'boolean' },
    'lock-timeout': { type: 'string' },
  },
  allowPositionals: false,
  async run(context, values) {
    const dbUrl = values['db-url'] as string | undefined;
    const out = values.out as string | undefined;
    if (dbUrl !== undefined && values.migrations !== undefined) throw new UsageError('--db-url and --migrations are two catalogs: pass one');
    if (out !== undefined && values.supabase === true) throw new UsageError('--out and --supabase are two places for the files: pass one');
    const { root, configPath, config, map } = await loadConfig({
      cwd: context.cwd,
      ...(context.configPath !== undefined ? { configPath: context.configPath } : {}),
    });
    const configName = toPosix(path.relative(root, configPath));
    const given = values.migrations as string | undefined;
    // Flags are relative to --cwd; the root is the config's directory, which may be above it.
    const migrations = given !== undefined ? path.relative(root, path.resolve(context.cwd, given)) || '.' : dbUrl === undefined ? defaultMigrations(root) : undefined;
    const renameDerived = values['rename-derived'] === true || config.renameDerived === true;
    if (renameDerived && dbUrl === undefined && migrations === undefined) {
      throw new UsageError(
        `${values['rename-derived'] === true ? '--rename-derived' : `${configName}: renameDerived`} reads the derived names from the catalog: pass --db-url URL (or --migrations DIR)`,
      );
    }
    const supabase = values.supabase === true || (out === undefined && defaultMigrations(root) !== undefined);
    if (supabase && defaultMigrations(root) === undefined) {
      throw new UsageError(`--supabase: ${DEFAULT_MIGRATIONS} not found under ${toPosix(root)}; pass --out DIR (or --cwd the Supabase project)`);
    }
    const progress = (context.stderr as { isTTY?: boolean }).isTTY && migrations !== undefined
      ? (message: string) => context.stderr.write(`plan: ${message}\n`)
      : undefined;

    const { oneLine, planFromDatabase, planRename, renameMapLine } = await import('@retable/plan');
    // Planning the same renames again: the expand written last time is replaced, not applied first.
    const previous = supabase ? await previousExpand(root, renameMapLine(map.schema, [...map.renames], configName)) : undefined;
    const options = {
      compatViews: values['no-compat-views'] !== true,
      renameDerived,
      configName,
      ...(values['lock-timeout'] !== undefined ? { lockTimeout: values['lock-timeout'] as string } : {}),
    };
    let result;
    // Reading a catalog or applying migrations takes seconds: a status line on a terminal.
    const status = createProgress(context.stderr, context.env);
    if (dbUrl !== undefined) status.update('plan: reading the catalog…');
    else if (migrations !== undefined) status.update(`plan: applying ${migrations} to an embedded database…`);
    try {
      if (dbUrl !== undefined || migrations !== undefined) {
        if (migrations !== undefined) {
          // PGlite and the SQL parser are WebAssembly run once per process (see typegen).
          v8.setFlagsFromString('--liftoff-only');
        }
        const source = await openCatalogSource(
          context,
          root,
          { dbUrl, migrations },
          {
            command: 'plan',
            ...(progress ? { progress: (message: string) => { status.done(); progress(message); } } : {}),
            notice: (message) => {
              status.done();
              context.stderr.write(`plan: ${message}\n`);
            },
            ...(previous ? { skip: (file: string) => file === previous.file } : {}),
          },
        );
        try {
          progress?.('reading the catalog and rewriting function bodies');
          result = await planFromDatabase(
            source.client,
            map,
            source.kind === 'migrations'
              ? { ...options, catalogSource: `${source.description}; written for PostgreSQL 15 or later`, targetServerVersion: 150000 }
              : options,
          );
        } finally {
          await source.close();
        }
      } else {
        result = await planRename(map, undefined, options);
      }
    } finally {
      status.done();
    }

    const outGiven = out ?? 'retable-plan';
    const targets = supabase
      ? await supabaseTargets(root, previous?.name)
      : (['expand', 'contract', 'rollback'] as const).map((name) => path.join(path.resolve(context.cwd, outGiven), `${name}.sql`));
    const files = (['expand', 'contract', 'rollback'] as const).map((name, i) => ({ path: targets[i]!, data: result.files[name] }));
    // All three or none: expand, contract and rollback from two different plans would not fit.
    try {
      await writeFilesAtomic(files);
    } catch (error) {
      // Name the file when one of the three is in the way, not the folder given.
      const where = files.map((file) => file.path).find((file) => file === (error as { path?: string }).path);
      const flag = supabase ? '--supabase' : `--out ${outGiven}`;
      throw new UsageError(`${flag}: ${where ? `${shown(root, where)}: ` : ''}${fsReason(error)}; nothing written`);
    }
    const written = files.map((file) => shown(root, file.path));
    context.stdout.write(written.map((file) => `${file}\n`).join(''));

    const lines: string[] = [];
    for (const item of result.unchecked) lines.push(`not checked (no --db-url): ${item}`);
    for (const warning of result.warnings) lines.push(`warning: ${warning}`);
    for (const item of result.review) lines.push(`review: ${item.signature} line ${item.line}: ${item.message}`);
    const parts = [
      `${plural(result.renames.length, 'table')} renamed`,
      ...(result.catalogRead ? [`${plural(result.functions.length, 'function body', 'function bodies')} rewritten`] : []),
      ...(result.cronJobs.length > 0 ? [`${plural(result.cronJobs.length, 'pg_cron job command')} rewritten`] : []),
      ...(renameDerived ? [`${plural(result.derived.length, 'derived name')} renamed`] : []),
      options.compatViews ? `${plural(result.renames.length, 'compatibility view')}` : 'no compatibility views',
      `${plural(result.review.length, 'item')} to review`,
    ];
    lines.push(parts.join(', '));
    if (supabase) {
      lines.push(`next: supabase db push applies expand; after the deploy, move the contract file into ${DEFAULT_MIGRATIONS} and push again`);
    }
    // Catalog names can hold line breaks: each message stays one line.
    context.stderr.write(lines.map((line) => `${oneLine(line)}\n`).join(''));
    return result.review.length > 0 ? 1 : 0;
  },
};

export default plan;


function shown(root: string, file: string): string {
  const relative = path.relative(root, file);
  return relative.startsWith('..') || path.isAbsolute(relative) ? toPosix(file) : toPosix(relative);
}

/** A `*_retable_expand.sql` in supabase/migrations written for the same rename map (its header line), if any. */
async function previousExpand(root: string, mapLine: string): Promise<{ name: string; file: string } | undefined> {
  const dir = path.join(root, DEFAULT_MIGRATIONS);
  for (const name of (await readdir(dir)).sort().reverse()) {
    if (!/^\d{14}_retable_expand\.sql$/.test(name)) continue;
    const file = path.join(dir, name);
    if ((await readFile(file, 'utf8')).split('\n').includes(mapLine)) return { name, file };
  }
  return undefined;
}

/**
 * Expand into supabase/migrations, contract and rollback into supabase/retable, with versions after
 * every existing migration; planning the same renames again keeps the versions of the expand written
 * last time (`previous`) instead of adding a second expand.
 */
async function supabaseTargets(root: string, previous: string | undefined): Promise<string[]> {
  const { planFilesFor, supabasePlanFiles, SUPABASE_PENDING_DIR } = await import('@retable/plan');
  const migrationsDir = path.join(root, DEFAULT_MIGRATIONS);
  const pendingDir = path.join(root, SUPABASE_PENDING_DIR);
  const listing = async (dir: string) => (existsSync(dir) ? (await readdir(dir)).filter((name) => name.endsWith('.sql')) : []);
  const names =
    (previous !== undefined ? planFilesFor(previous) : undefined) ??
    supabasePlanFiles([...(await listing(migrationsDir)), ...(await listing(pendingDir))], new Date());
  return [path.join(migrationsDir, names.expand), path.join(pendingDir, names.contract), path.join(pendingDir, names.rollback)];
}
