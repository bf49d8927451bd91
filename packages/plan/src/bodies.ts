import type { SqlClient } from '@retable/db';
import { findRelations, mentionsAny, quoteIdentifier, quoteLiteral, replaceRefs } from '@retable/sql';
import type { RewriteNames } from './rewrite.js';

/**
 * Why a `LANGUAGE sql` function's current body does not pass Postgres' own body check
 * (`check_function_bodies`), or undefined when it does. Dumps create functions with the check off,
 * so a database can hold functions that name a table or column that no longer exists; expand must
 * re-create those with the check off too, or its whole transaction fails. The check is Postgres'
 * validator itself, run under the function's own search_path; it changes nothing.
 */
export async function sqlBodyProblem(client: SqlClient, oid: number, config: readonly string[] | null): Promise<string | undefined> {
  const path = config?.find((item) => item.startsWith('search_path='))?.slice('search_path='.length);
  try {
    // set_config(…, true) lasts for this statement's own transaction; the target list runs in order.
    await client.query(
      path === undefined
        ? `select pg_catalog.fmgr_sql_validator($1::oid)`
        : `select pg_catalog.set_config('search_path', $2, true), pg_catalog.fmgr_sql_validator($1::oid)`,
      path === undefined ? [oid] : [oid, path],
    );
    return undefined;
  } catch (error) {
    // Not allowed to run the validator (no EXECUTE on the function): no answer, the body stays checked.
    if ((error as { code?: string }).code === '42501') return undefined;
    return String((error as Error).message ?? error).split('\n')[0];
  }
}

/** A pg_cron job of this database whose command mentions an old name. */
export interface CronJob {
  readonly jobid: number;
  readonly jobname: string | null;
  readonly command: string;
}

/** pg_cron's jobs (`cron.job`, when the extension or a stand-in is there) that run in this database and mention an old name. */
export async function readCronJobs(client: SqlClient, oldNames: readonly string[]): Promise<CronJob[]> {
  const exists = await client.query<{ found: boolean }>(`select to_regclass('cron.job') is not null as found`);
  if (!exists.rows[0]?.found) return [];
  const { rows } = await client.query<{ jobid: string; jobname: string | null; command: string }>(
    `select jobid::text as jobid, jobname::text as jobname, command
       from cron.job
      where database = current_database()
      order by jobid`,
  );
  return rows
    .filter((row) => mentionsAny(row.command, oldNames))
    .map((row) => ({ jobid: Number(row.jobid), jobname: row.jobname, command: row.command }));
}

export interface CronRewrite {
  readonly jobid: number;
  readonly jobname: string | null;
  readonly replaced: number;
  readonly before: string;
  readonly after: string;
}

/**
 * A job's command is SQL text run as it is: the same analysis as a `LANGUAGE sql` body rewrites it;
 * expand sets the new command with `cron.alter_job`, rollback sets the old one back.
 */
export function rewriteCronJobs(jobs: readonly CronJob[], names: RewriteNames) {
  const rewrites: CronRewrite[] = [];
  const review: Array<{ signature: string; line: number; message: string }> = [];
  for (const job of jobs) {
    const signature = `cron job ${job.jobid}${job.jobname ? ` (${job.jobname})` : ''}`;
    const found = findRelations(job.command, {
      schema: names.schema,
      names: names.tables.keys(),
      unqualified: names.unqualified !== false,
      constraints: names.constraints.keys(),
    });
    const lineOf = (offset: number) => job.command.slice(0, offset).split('\n').length;
    if (found.error) {
      review.push({ signature, line: 1, message: `SQL the parser rejects (${found.error.message}): rewrite by hand` });
      continue;
    }
    for (const note of found.review) review.push({ signature, line: lineOf(note.start), message: note.message });
    const rename = (name: string, kind: string) => (kind === 'constraint' ? names.constraints.get(name) : names.tables.get(name));
    const refs = found.refs.filter((ref) => rename(ref.name, ref.kind) !== undefined);
    if (refs.length === 0) continue;
    const after = replaceRefs(job.command, refs, (ref) => quoteIdentifier(rename(ref.name, ref.kind)!));
    rewrites.push({ jobid: job.jobid, jobname: job.jobname, replaced: refs.length, before: job.command, after });
  }
  return { rewrites, review };
}

/** `SELECT cron.alter_job(42, command := '…');` */
export function alterJob(jobid: number, command: string): string {
  return `SELECT cron.alter_job(${jobid}, command := ${quoteLiteral(command)});`;
}
