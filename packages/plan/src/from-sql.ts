import { readFile } from 'node:fs/promises';
import { RetableError } from '@retable/core/base';
import { loadParser, parseSql, SqlParseFailure } from '@retable/sql';

/** One `ALTER TABLE … RENAME TO …` found in a migration. */
export interface FoundRename {
  readonly file: string;
  /** 1-based line of the statement. */
  readonly line: number;
  readonly schema: string | undefined;
  readonly from: string;
  readonly to: string;
}

export interface RenamesFromSql {
  /** The schema of the renamed tables (unqualified names count as `defaultSchema`). */
  readonly schema: string;
  /** old → new, chains collapsed (a → b then b → c is a → c), renames undone later dropped. */
  readonly renames: Record<string, string>;
  readonly found: readonly FoundRename[];
}

const RELATION_RENAMES = new Set(['OBJECT_TABLE', 'OBJECT_VIEW', 'OBJECT_MATVIEW', 'OBJECT_FOREIGN_TABLE']);

/**
 * Read the table renames from SQL files with the real Postgres parser: `ALTER TABLE [IF EXISTS]
 * [schema.]old RENAME TO new` (and the VIEW / MATERIALIZED VIEW / FOREIGN TABLE forms), in file order.
 * `files` are `{ path, shown }`: `shown` names the file in errors.
 */
export async function renamesFromSql(
  files: ReadonlyArray<{ path: string; shown: string }>,
  defaultSchema = 'public',
): Promise<RenamesFromSql> {
  await loadParser();
  const found: FoundRename[] = [];
  for (const file of files) {
    let text: string;
    try {
      text = await readFile(file.path, 'utf8');
    } catch (error) {
      throw new RetableError(`${file.shown}: cannot be read (${(error as NodeJS.ErrnoException).code ?? String(error)})`);
    }
    const bytes = Buffer.from(text, 'utf8');
    let tree;
    try {
      tree = parseSql(text);
    } catch (error) {
      const position = (error instanceof SqlParseFailure ? error.byteOffset : undefined) ?? 0;
      throw new RetableError(`${file.shown}:${lineAt(bytes, position)}: ${(error as Error).message.split('\n')[0]}`);
    }
    for (const { stmt, stmt_location } of tree.stmts ?? []) {
      const rename = stmt.RenameStmt as Record<string, unknown> | undefined;
      if (!rename || !RELATION_RENAMES.has(String(rename.renameType))) continue;
      const relation = rename.relation as { schemaname?: string; relname: string; location?: number } | undefined;
      if (!relation || typeof rename.newname !== 'string') continue;
      found.push({
        file: file.shown,
        line: lineAt(bytes, relation.location ?? stmt_location ?? 0),
        schema: relation.schemaname,
        from: relation.relname,
        to: rename.newname,
      });
    }
  }
  const schemas = [...new Set(found.map((rename) => rename.schema ?? defaultSchema))];
  if (schemas.length > 1) {
    const where = found.map((rename) => `${rename.file}:${rename.line} (${rename.schema ?? defaultSchema})`).join(', ');
    throw new RetableError(`the renames are in several schemas (${schemas.join(', ')}: ${where}); a config covers one schema: pass the files of one schema at a time`);
  }
  // Follow each table through the files: the map goes from its first name to its last.
  const current = new Map<string, string>(); // current name → first name
  for (const rename of found) {
    const origin = current.get(rename.from) ?? rename.from;
    current.delete(rename.from);
    current.set(rename.to, origin);
  }
  const renames: Record<string, string> = {};
  for (const [name, origin] of current) if (origin !== name) renames[origin] = name;
  return { schema: schemas[0] ?? defaultSchema, renames, found };
}

function lineAt(bytes: Buffer, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset && i < bytes.length; i++) if (bytes[i] === 0x0a) line++;
  return line;
}
