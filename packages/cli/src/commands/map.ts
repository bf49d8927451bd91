import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { ConfigError, parseConfig, toPosix, UsageError } from '@retable/core/base';
import type { Command } from '../command.js';

const help = `Usage: retable map --from-sql FILE|DIR…

Read ALTER TABLE … RENAME TO … statements (also ALTER VIEW / MATERIALIZED VIEW / FOREIGN TABLE)
from existing migrations with the Postgres parser and print the config they amount to, ready to
save as retable.config.json:

  retable map --from-sql supabase/migrations > retable.config.json

Files are read in the order given (a directory: its *.sql files in name order); a table renamed twice maps from its first name to its last,
and a rename undone later drops out. stderr lists each rename found (file:line).

Exit codes: 0 printed, 1 no rename found, 2 usage error, unreadable file or SQL the parser rejects.
`;

const map: Command = {
  name: 'map',
  summary: 'print the renames config from existing ALTER TABLE … RENAME TO migrations (--from-sql FILE…)',
  help,
  options: {
    'from-sql': { type: 'boolean' },
  },
  allowPositionals: true,
  async run(context, values, positionals) {
    if (values['from-sql'] !== true) throw new UsageError('pass --from-sql FILE… (see retable map --help)');
    if (positionals.length === 0) throw new UsageError('--from-sql needs at least one SQL file');
    const { renamesFromSql } = await import('@retable/plan');
    const files: Array<{ path: string; shown: string }> = [];
    for (const given of positionals) {
      const full = path.resolve(context.cwd, given);
      // A directory stands for its *.sql files in name order (Supabase's migration order).
      const inside = await readdir(full).catch(() => undefined);
      const paths = inside ? inside.filter((name) => name.endsWith('.sql')).sort().map((name) => path.join(full, name)) : [full];
      for (const file of paths) files.push({ path: file, shown: toPosix(path.relative(context.cwd, file)) });
    }
    const result = await renamesFromSql(files);
    context.stderr.write(result.found.map((r) => `${r.file}:${r.line}: ${r.schema ? `${r.schema}.` : ''}${r.from} → ${r.to}\n`).join(''));
    if (Object.keys(result.renames).length === 0) {
      context.stderr.write(`no table renames in ${files.map((f) => f.shown).join(', ')}\n`);
      return 1;
    }
    const config = result.schema === 'public' ? { renames: result.renames } : { renames: result.renames, schema: result.schema };
    // Print only what the config loader accepts: the same rules (identifiers, chains, swaps, …).
    try {
      parseConfig(config, 'the renames found');
    } catch (error) {
      if (error instanceof ConfigError) throw new UsageError(`${error.message}; nothing printed, write the config by hand`);
      throw error;
    }
    context.stdout.write(`${JSON.stringify(config, null, 2)}\n`);
    return 0;
  },
};

export default map;
