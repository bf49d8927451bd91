import type { SqlClient } from '@retable/db';
import { findFunctionRelations, findRelations, loadParser, mentionsAny, type FindResult, type SqlReview } from '@retable/sql';
import type { FunctionSource } from './catalog.js';
import type { DbFinding, Phase } from './finding.js';

/** Review kinds that may be a use of an old name at run time; `outside` (a variable, a label) is not. */
const DOUBTFUL = new Set<SqlReview['kind']>(['string', 'dynamic', 'shadowed', 'ambiguous', 'unplaced', 'unparsed']);

/**
 * Function bodies that still name a renamed table, read with the same SQL analysis plan rewrites
 * them with (@retable/sql): a relation, type or qualifier reference to an old name is stale (an
 * error in contract and for trigger functions, a warning in expand); a string that spells an old
 * name, SQL run by EXECUTE, or a body the parser rejects is a warning to check by hand. Aliases,
 * column aliases, CTE names, parameters, variables, JSON keys, comments and RAISE messages are
 * nothing.
 */
export async function staleFunctionFindings(
  functions: readonly FunctionSource[],
  schema: string,
  renamed: ReadonlyArray<readonly [string, string]>,
  phase: Phase,
): Promise<DbFinding[]> {
  const oldNames = renamed.map(([oldName]) => oldName);
  const newName = new Map(renamed);
  const findings: DbFinding[] = [];
  if (oldNames.length === 0) return findings;
  await loadParser();
  for (const fn of functions) {
    if (!mentionsAny(fn.source, oldNames)) continue;
    const found = findFunctionRelations(fn, { schema, names: oldNames });
    if (!found) continue;
    const kind = fn.trigger ? 'trigger function' : 'function';
    const lineOf = (offset: number) => {
      let line = 1;
      for (let i = 0; i < offset && i < fn.source.length; i++) if (fn.source.charCodeAt(i) === 0x0a) line++;
      return line;
    };
    if (found.error) {
      findings.push({
        id: 'stale-function-body',
        level: 'warn',
        object: fn.signature,
        message: `${kind} ${fn.signature} mentions an old table name but its body does not parse (${found.error.message}), so it was not checked`,
        fix: `check ${fn.signature} by hand for ${oldNames.filter((name) => mentionsAny(fn.source, [name])).join(', ')}`,
      });
      continue;
    }
    const stale = new Map<string, number>();
    for (const ref of found.refs) {
      if (ref.kind === 'constraint' || stale.has(ref.name)) continue;
      stale.set(ref.name, lineOf(ref.start));
    }
    if (stale.size > 0) {
      const named = [...stale].map(([oldName, line]) => ({ oldName, line }));
      findings.push({
        id: 'stale-function-body',
        level: fn.trigger || phase === 'contract' ? 'error' : 'warn',
        object: fn.signature,
        message: `${kind} ${fn.signature} names old table ${named.map((hit) => `${hit.oldName} (body line ${hit.line})`).join(', ')}; its body is text, so the rename did not update it`,
        fix: `create or replace function ${fn.signature} with ${named.map((hit) => `${hit.oldName} → ${newName.get(hit.oldName)}`).join(', ')} in its body`,
      });
    }
    const doubtful = found.review.filter((note) => DOUBTFUL.has(note.kind) && !(note.name !== undefined && stale.has(note.name)));
    if (doubtful.length > 0) {
      const first = doubtful[0]!;
      findings.push({
        id: 'stale-function-body',
        level: 'warn',
        object: fn.signature,
        message: `${kind} ${fn.signature} may still use an old table name at run time: ${doubtful.map((note) => `body line ${lineOf(note.start)}: ${note.message}`).join('; ')}`,
        fix: `check ${fn.signature} by hand${first.name ? ` (${first.name} is now ${newName.get(first.name)})` : ''}`,
      });
    }
  }
  return findings;
}

/**
 * pg_cron jobs of this database whose command (SQL text, run as it is) still names a renamed
 * table: the same reading as a `LANGUAGE sql` body. A reference is an error in contract, a
 * warning in expand; strings and commands the parser rejects are warnings.
 */
export async function staleCronFindings(
  client: SqlClient,
  schema: string,
  renamed: ReadonlyArray<readonly [string, string]>,
  phase: Phase,
): Promise<DbFinding[]> {
  const oldNames = renamed.map(([oldName]) => oldName);
  const findings: DbFinding[] = [];
  if (oldNames.length === 0) return findings;
  const exists = await client.query<{ found: boolean }>(`select to_regclass('cron.job') is not null as found`);
  if (!exists.rows[0]?.found) return findings;
  const { rows } = await client.query<{ jobid: string; jobname: string | null; command: string }>(
    `select jobid::text as jobid, jobname::text as jobname, command from cron.job where database = current_database() order by jobid`,
  );
  await loadParser();
  const newName = new Map(renamed);
  for (const job of rows) {
    if (!mentionsAny(job.command, oldNames)) continue;
    const object = `cron.job ${job.jobid}${job.jobname ? ` (${job.jobname})` : ''}`;
    const found: FindResult = findRelations(job.command, { schema, names: oldNames });
    const fix = `select cron.alter_job(${job.jobid}, command := '…'); -- with ${oldNames.filter((name) => mentionsAny(job.command, [name])).map((name) => `${name} → ${newName.get(name)}`).join(', ')}`;
    if (found.error) {
      findings.push({ id: 'stale-cron-command', level: 'warn', object, message: `pg_cron job ${object} mentions an old table name but its command does not parse (${found.error.message}), so it was not checked`, fix });
      continue;
    }
    const stale = [...new Set(found.refs.filter((ref) => ref.kind !== 'constraint').map((ref) => ref.name))];
    if (stale.length > 0) {
      findings.push({
        id: 'stale-cron-command',
        level: phase === 'contract' ? 'error' : 'warn',
        object,
        message: `pg_cron job ${object} names old table ${stale.join(', ')}; its command is text, so the rename did not update it`,
        fix,
      });
    }
    const doubtful = found.review.filter((note) => DOUBTFUL.has(note.kind) && !(note.name !== undefined && stale.includes(note.name)));
    if (doubtful.length > 0) {
      findings.push({
        id: 'stale-cron-command',
        level: 'warn',
        object,
        message: `pg_cron job ${object} may still use an old table name at run time: ${doubtful.map((note) => note.message).join('; ')}`,
        fix,
      });
    }
  }
  return findings;
}
