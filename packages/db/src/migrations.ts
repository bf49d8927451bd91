import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { RetableError } from '@retable/core/errors';
import type { SqlClient } from './client.js';
import type { StatementRewrite } from './extensions.js';
import { SqlSyntaxError, splitStatements } from './statements.js';

/** A migration that did not apply: names the file, the statement's line and the database's error. */
export class MigrationError extends RetableError {
  override name = 'MigrationError';
  constructor(
    readonly file: string,
    readonly line: number,
    readonly reason: string,
    hint?: string,
  ) {
    super(`${file}:${line}: ${reason}${hint ? ` (${hint})` : ''}`);
  }
}

export interface ApplyMigrationsOptions {
  /** Called before each file, for progress lines. */
  onFile?: (file: string, index: number, total: number) => void;
  /** Extra advice when a migration needs an extension the engine lacks. */
  missingExtensionHint?: (extension: string) => string;
  /** How files are named in errors (default: relative to the current directory). */
  displayPath?: (file: string) => string;
  /** Runs before each statement: SQL to run instead ('' skips it), e.g. `supabaseExtensionRewrite`. */
  rewrite?: StatementRewrite;
}

/** The `*.sql` files of a migrations directory, in name order (Supabase's order). */
export async function listMigrations(dir: string): Promise<string[]> {
  let entries: string[];
  try {
    entries = await readdir(dir);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
      throw new RetableError(`${dir}: migrations directory not found; pass --migrations DIR`);
    }
    throw error;
  }
  return entries
    .filter((name) => name.endsWith('.sql'))
    .sort()
    .map((name) => path.join(dir, name));
}

/**
 * Apply SQL files in order, one statement at a time so a failure can name its line.
 * Returns the number of statements applied.
 */
export async function applySqlFiles(
  client: SqlClient,
  files: readonly string[],
  options: ApplyMigrationsOptions = {},
): Promise<number> {
  const shown = options.displayPath ?? ((file: string) => path.relative(process.cwd(), file) || file);
  let applied = 0;
  for (const [index, file] of files.entries()) {
    options.onFile?.(file, index, files.length);
    const sql = await readFile(file, 'utf8');
    let statements;
    try {
      statements = await splitStatements(sql);
    } catch (error) {
      if (error instanceof SqlSyntaxError) throw new MigrationError(shown(file), error.line, error.message);
      throw error;
    }
    for (const statement of statements) {
      try {
        const replacement = await options.rewrite?.(statement.text);
        if (replacement === undefined) await client.exec(statement.text);
        else if (replacement !== '') await client.exec(replacement);
      } catch (error) {
        const reason = (error as Error).message;
        const extension = /extension "([^"]+)"/.exec(reason)?.[1];
        const hint =
          extension && /not available|could not open extension control file/.test(reason)
            ? options.missingExtensionHint?.(extension)
            : undefined;
        throw new MigrationError(shown(file), statement.line, reason, hint);
      }
      applied++;
    }
  }
  return applied;
}

/** Apply every migration in `dir` (see `applySqlFiles`). */
export async function applyMigrations(
  client: SqlClient,
  dir: string,
  options: ApplyMigrationsOptions = {},
): Promise<number> {
  return applySqlFiles(client, await listMigrations(dir), options);
}
