/**
 * The one description of "code names a table here", produced by the reference finder and consumed
 * by the codemod (edits), verify (counts and reporters) and anything else that renders findings.
 */
export type ReferenceKind =
  /** `.from('t')` on a query builder (optionally after `.schema('…')`). */
  | 'from'
  /** A resource embedded in a `.select()` string: `t(cols)`, `alias:t(cols)`, `t!inner(cols)`. */
  | 'embed'
  /** A spread embed in a `.select()` string: `...t(cols)`. */
  | 'spread'
  /** A `!hint` in a `.select()` string that names a table (a join table). */
  | 'hint'
  /** A realtime `postgres_changes` filter: `{ table: 't' }`. */
  | 'realtime'
  /** A type position: `Tables<'t'>`, `Database['public']['Tables']['t']`, … */
  | 'type'
  /**
   * A constant or a call's argument whose value flows into a table position (`const T = 't'`,
   * `TABLES.t`, `useLive({ table: 't' })` of a function that passes it to `.from()`).
   */
  | 'constant'
  /** A `.select()` argument: only ever dynamic (a select string known only at run time). */
  | 'select'
  /** A select-string filter path that names a spread embed (needs a human). */
  | 'review'
  /**
   * An ORM's or query builder's table name: Drizzle `pgTable('t', …)`, Kysely `selectFrom('t')`,
   * knex `knex('t')`, a Prisma model's table (`@@map("t")`, or the model's name).
   */
  | 'orm'
  /** A relation named in SQL held in a string or a `sql` template: `pool.query('… FROM t')`. */
  | 'sql';

/** old: names an old table; new: names a new table; dynamic: the name is not known statically. */
export type ReferenceStatus = 'old' | 'new' | 'dynamic';

export interface TextEdit {
  /** UTF-16 offsets into the file's text (as read, BOM included), end exclusive. */
  readonly start: number;
  readonly end: number;
  readonly text: string;
}

export interface Reference {
  readonly kind: ReferenceKind;
  /** Path relative to the project root, posix separators. */
  readonly file: string;
  /** 1-based line and column (UTF-16 code units) of the name. */
  readonly line: number;
  readonly column: number;
  /** The table name as written; for dynamic references, the expression's source text. */
  readonly table: string;
  readonly status: ReferenceStatus;
  /** For old references: the new name. */
  readonly newName?: string;
  /** For old references that the codemod can rewrite: the splice. */
  readonly edit?: TextEdit;
  /**
   * Further splices of the same name, when it is split over concatenated literals (`'ord' + 'ers'`):
   * `edit` puts the new name in the first piece, these cut the rest from the others.
   */
  readonly moreEdits?: readonly TextEdit[];
  /** Silenced by `// retable-ignore-next-line` or `/* retable-ignore-file *\/`, or in a migration file. */
  readonly ignored?: boolean;
  /** Ignored as it lies in a migration file (`isMigrationFile`): history, left as it is. */
  readonly history?: boolean;
  /** Why a human should look (review kind, dynamic references). */
  readonly note?: string;
}

/** A file the finder could not parse: reported and left alone. */
export interface ParseProblem {
  readonly file: string;
  readonly line: number;
  readonly column: number;
  readonly message: string;
}

/** Sort by file, line, column: the order every reporter prints. */
export function compareByLocation(
  a: { file: string; line: number; column: number },
  b: { file: string; line: number; column: number },
): number {
  return a.file < b.file ? -1 : a.file > b.file ? 1 : a.line - b.line || a.column - b.column;
}
