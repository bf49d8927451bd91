import path from 'node:path';
import ts from './typescript.js';
import type { ParseProblem } from '../reference.js';
import { plainCodeView } from './script-blocks.js';

/** A file the finder read: one of the scanned files, or a module one of them imports. */
export interface SourceModule {
  /** Absolute path (platform separators). */
  readonly abs: string;
  /** Posix path relative to the root: what references and problems carry. */
  readonly rel: string;
  /** What the analysis reads: the file's text, or for a component file its code view (script-blocks.ts). */
  readonly text: string;
  /** The file's text as read, when `text` is a code view of it. */
  readonly raw?: string;
  /** One of the files being scanned: only these get references. */
  readonly inScope: boolean;
  /** Set by parseModule. */
  source?: ts.SourceFile | null;
  problem?: ParseProblem;
  /** 1-based lines silenced by `// retable-ignore-next-line`; undefined until computed. */
  ignoredLines?: ReadonlySet<number>;
  ignoreFile?: boolean;
}

export function scriptKindFor(file: string): ts.ScriptKind {
  const ext = path.extname(file).toLowerCase();
  switch (ext) {
    case '.tsx':
      return ts.ScriptKind.TSX;
    case '.jsx':
      return ts.ScriptKind.JSX;
    case '.js':
    case '.mjs':
    case '.cjs':
      return ts.ScriptKind.JS;
    case '.json':
      return ts.ScriptKind.JSON;
    default:
      return ts.ScriptKind.TS;
  }
}

/** Parse once; a file with syntax errors gets `problem` and no source. */
export function parseModule(module: SourceModule): ts.SourceFile | undefined {
  if (module.source !== undefined) return module.source ?? undefined;
  // JSDoc is never a table position: skipping its parsing saves time on commented code.
  const options = { languageVersion: ts.ScriptTarget.Latest, jsDocParsingMode: ts.JSDocParsingMode.ParseNone };
  const source = ts.createSourceFile(module.rel, module.text, options, true, scriptKindFor(module.rel));
  // parseDiagnostics is internal API but stable across 5.x: the syntax errors of this file alone.
  const diagnostics = (source as unknown as { parseDiagnostics?: readonly ts.DiagnosticWithLocation[] }).parseDiagnostics ?? [];
  const first = diagnostics[0];
  // A component's markup handler that is no expression (module.text has them, script-blocks.ts): the script blocks alone.
  if (first && module.raw !== undefined) {
    const plain = plainCodeView(module.rel, module.raw);
    if (plain !== module.text) {
      (module as { text: string }).text = plain;
      return parseModule(module);
    }
  }
  if (first) {
    const { line, character } = source.getLineAndCharacterOfPosition(first.start);
    module.problem = {
      file: module.rel,
      line: line + 1,
      column: character + 1,
      message: ts.flattenDiagnosticMessageText(first.messageText, '\n').split('\n')[0]!,
    };
    module.source = null;
    return undefined;
  }
  module.source = source;
  return source;
}

/**
 * A migration of a query builder or ORM (knex, Kysely, TypeORM, Sequelize, MikroORM): a file whose name starts
 * with a digit (or is MikroORM's `Migration20251030150038.ts`) in a folder named `migrations`, `migration` or `…_migrations` (`migrations/20241223_create_users.js`,
 * `db/knex_migrations/2023-08-18-0301-heartbeat.js`). It is history: it
 * ran before the rename, and a fresh database runs it before the rename's own migration, so its
 * table names must stay as they are. Its references are ignored, as with `retable-ignore-file`.
 */
export function isMigrationFile(rel: string): boolean {
  return MIGRATION_FILE.test(rel);
}

/**
 * A file that holds a TypeORM or MikroORM migration class wherever it lives (`class SeerrMigration1759769291608
 * implements MigrationInterface`, `class Migration2025… extends Migration`): history as a whole, like a migration file.
 */
export function holdsMigration(text: string): boolean {
  return text.includes('Migration') && MIGRATION_CLASS.test(text);
}

const MIGRATION_CLASS = /\bclass\s+[A-Za-z_$][\w$]*\s+(?:implements\s+MigrationInterface\b|extends\s+Migration\s*\{)/;

const MIGRATION_FILE = /(?:^|\/)[^/]*migrations?\/(?:[^/]+\/)*(?:Migration)?[0-9][^/]*$/;

const IGNORE_NEXT_LINE = 'retable-ignore-next-line';
const IGNORE_FILE = 'retable-ignore-file';

/** Whether a reference on `line` (or whose statement starts on `anchorLine`) is silenced. */
export function isIgnored(module: SourceModule, line: number, anchorLine?: number): boolean {
  if (module.ignoredLines === undefined) computeIgnores(module);
  if (module.ignoreFile) return true;
  return module.ignoredLines!.has(line) || (anchorLine !== undefined && module.ignoredLines!.has(anchorLine));
}

function computeIgnores(module: SourceModule): void {
  const { text } = module;
  const lines = new Set<number>();
  let ignoreFile = isMigrationFile(module.rel) || holdsMigration(text);
  if (!ignoreFile && text.includes('retable-ignore')) {
    for (let at = text.indexOf(IGNORE_NEXT_LINE); at !== -1; at = text.indexOf(IGNORE_NEXT_LINE, at + 1)) {
      if (inComment(text, at)) lines.add(lineOf(text, at) + 1);
    }
    for (let at = text.indexOf(IGNORE_FILE); at !== -1; at = text.indexOf(IGNORE_FILE, at + 1)) {
      if (inComment(text, at)) ignoreFile = true;
    }
  }
  module.ignoredLines = lines;
  module.ignoreFile = ignoreFile;
}

/** A directive counts when the text before it on its line opens a comment (`//`, `/*`, `{/*`, ` *`). */
function inComment(text: string, at: number): boolean {
  const lineStart = text.lastIndexOf('\n', at) + 1;
  const before = text.slice(lineStart, at);
  return before.includes('//') || before.includes('/*') || /^\s*\*/.test(before);
}

/** 1-based line of an offset. */
export function lineOf(text: string, offset: number): number {
  let line = 1;
  for (let at = text.indexOf('\n'); at !== -1 && at < offset; at = text.indexOf('\n', at + 1)) line += 1;
  return line;
}
