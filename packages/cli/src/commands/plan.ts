import path from 'node:path';
import { loadConfig, RetableError, toPosix, UsageError, writeFileAtomic } from '@retable/core/base';
import type { Command } from '../command.js';
import { openDbUrl } from '../db-url.js';
import { plural } from '../format.js';

const help = `Usage: retable plan [--db-url URL | --migrations DIR] [--out DIR] [--no-compat-views] [--rename-derived]

Write the rename migration from retable.config.json as three files, each one transaction with
SET LOCAL lock_timeout:

  expand.sql     renames the tables; rewrites the text bodies of functions and pg_cron job
                 commands that name them (parsed by the Postgres parser; a function whose body
                 already failed Postgres' check is re-created unchecked, as the dump did, and
                 listed); creates compatibility views under the old names
                 (security_invoker, with the tables' grants for anon/authenticated/service_role);
                 NOTIFY pgrst, 'reload schema'
  contract.sql   drops the compatibility views; fails, naming them, while anything depends on them
  rollback.sql   undoes expand (views first, names back, function bodies and cron commands as
                 they were)

The sequence: run expand.sql, deploy the code that uses the new names (retable codemod), check
it (retable verify), then run contract.sql.

  --db-url URL        read the catalog (functions, grants, derived names, publications, triggers)
                      to write exact SQL; without it the SQL is what the map alone decides and
                      the files and stderr say what could not be checked
  --migrations DIR    read the catalog from the migrations instead, applied (name order) to an
                      embedded PGlite after a small Supabase bootstrap: exact SQL without a
                      database; check it against production with --db-url before running it
  --out DIR           where to write the three files (default: retable-plan, relative to --cwd)
  --no-compat-views   rename only: no views under the old names (contract.sql has nothing to drop)
  --rename-derived    also rename <old>_pkey, _fkey, _key, _check, _excl, _idx and _seq names
                      (needs --db-url or --migrations; trigger names are never renamed:
                      that would change their firing order)
  --lock-timeout T    SET LOCAL lock_timeout of each file (default: 5s)

stdout lists the files written; stderr gets warnings (publications, trigger order, views over
views, row-type functions), what needs review, and a summary.

Exit codes: 0 written, 1 written but something in a function body needs review by hand (listed in
expand.sql and on stderr), 2 usage, config or database error (nothing written).
`;

const plan: Command = {
  name: 'plan',
  summary: 'write expand.sql, contract.sql and rollback.sql for the renames (compat views, function bodies)',
  help,
  options: {
    'db-url': { type: 'string' },
    migrations: { type: 'string' },
    out: { type: 'string' },
    'no-compat-views': { type: 'boolean' },
    'rename-derived': { type: 'boolean' },
    'lock-timeout': { type: 'string' },
  },
  allowPositionals: false,
  async run(context, values) {
    const dbUrl = values['db-url'] as string | undefined;
    const migrations = values.migrations as string | undefined;
    const renameDerived = values['rename-derived'] === true;
    if (dbUrl && migrations) throw new UsageError('--db-url and --migrations are two catalogs: pass one');
    if (renameDerived && !dbUrl && !migrations) {
      throw new UsageError('--rename-derived reads the derived names from the catalog: pass --db-url URL (or --migrations DIR)');
    }
    const { root, configPath, map } = await loadConfig({
      cwd: context.cwd,
      ...(context.configPath !== undefined ? { configPath: context.configPath } : {}),
    });
    const { planFromDatabase, planRename } = await import('@retable/plan');
    const options = {
      compatViews: values['no-compat-views'] !== true,
      renameDerived,
      configName: toPosix(path.relative(root, configPath)),
      ...(values['lock-timeout'] !== undefined ? { lockTimeout: values['lock-timeout'] as string } : {}),
    };
    let result;
    if (dbUrl) {
      const client = await openDbUrl(dbUrl);
      try {
        result = await planFromDatabase(client, map, options);
      } finally {
        await client.close();
      }
    } else if (migrations) {
      const { defaultCacheDir, openMigratedDatabase } = await import('@retable/db');
      const dir = path.resolve(root, migrations);
      const shownDir = toPosix(path.relative(root, dir)) || '.';
      const database = await openMigratedDatabase(dir, {
        engine: 'pglite',
        cacheDir: defaultCacheDir(root, context.env),
        displayPath: (file) => toPosix(path.relative(root, file)),
        missingExtensionHint: (extension) =>
          `PGlite does not ship it and retable has no stand-in for "${extension}": plan with --db-url against a database that has it (e.g. \`supabase start\`: postgresql://postgres:postgres@127.0.0.1:54322/postgres)`,
        // Progress stays quiet; the Supabase extensions replaced by catalog stand-ins are named.
        onProgress: (message) => {
          if (message.startsWith('stand-in:')) context.stderr.write(`plan: ${message}\n`);
        },
      });
      try {
        result = await planFromDatabase(database.client, map, {
          ...options,
          catalogSource: `${shownDir} applied to an embedded PGlite (--migrations); written for PostgreSQL 15 or later`,
          targetServerVersion: 150000,
        });
      } finally {
        await database.close();
      }
    } else {
      result = await planRename(map, undefined, options);
    }

    const outDir = path.resolve(root, (values.out as string | undefined) ?? 'retable-plan');
    const written: string[] = [];
    for (const name of ['expand', 'contract', 'rollback'] as const) {
      const file = path.join(outDir, `${name}.sql`);
      await writeFileAtomic(file, result.files[name]);
      const relative = path.relative(root, file);
      written.push(relative.startsWith('..') || path.isAbsolute(relative) ? toPosix(file) : toPosix(relative));
    }
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
    context.stderr.write(lines.map((line) => `${line}\n`).join(''));
    return result.review.length > 0 ? 1 : 0;
  },
};

export default plan;

