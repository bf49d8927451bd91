import type { ParseProblem, Reference } from '@retable/core';

/** How often one table name is referenced in code (ignored references not counted). */
export interface NameCount {
  readonly name: string;
  /** The other side of the rename: an old name's new name, a new name's old name. */
  readonly counterpart: string;
  readonly count: number;
}

/** An old name that is still a key of `Tables` or `Views` in the configured types file. */
export interface LegacyTypeKey {
  readonly file: string;
  readonly line: number;
  readonly column: number;
  /** The schema object the key sits in (`public`). */
  readonly schema: string;
  readonly section: 'Tables' | 'Views';
  readonly name: string;
  readonly newName: string;
}

/** Where a whole-word mention of an old name sits. */
export type MentionContext =
  /**
   * A string in code shaped like a query that names the table (a select embed `orders(…)`,
   * `alias:orders`, `...orders(`, a hint `!orders`, or SQL `from orders`, `join public.orders`) but
   * that no table position reads: a query the finder could not follow. Look at these first.
   */
  | 'query'
  /** A string or template literal in code (UI copy, a route, a log message). */
  | 'string'
  /** A comment in code. */
  | 'comment'
  /** JSX text, or the markup of a `.vue`/`.svelte`/`.astro` file. */
  | 'jsx'
  /** Anything else in code: an identifier, an object key, a property name. */
  | 'code'
  /** A Markdown file. */
  | 'markdown'
  /** An SQL file outside supabase/migrations. */
  | 'sql';

/** A whole-word mention of an old name outside a table position: information, never a failure. */
export interface Mention {
  readonly file: string;
  readonly line: number;
  readonly column: number;
  readonly name: string;
  readonly context: MentionContext;
  /** The line it is on, trimmed (cut at 160 characters). */
  readonly text: string;
}

export interface VerifyResult {
  /** Absolute project root; every `file` is relative to it (posix separators). */
  readonly root: string;
  readonly schema: string;
  /** Old references allowed before the run fails (`--max-old`). */
  readonly maxOld: number;
  /** No more old references than `maxOld` and every scanned file parsed. */
  readonly passed: boolean;
  /** Every old name of the map, in the config's order, with its count (zeros included). */
  readonly old: readonly NameCount[];
  /** Every new name of the map, in the config's order, with its count (zeros included). */
  readonly new: readonly NameCount[];
  readonly totalOld: number;
  readonly totalNew: number;
  /** The counted references (old, new and dynamic; not ignored), sorted by file, line, column. */
  readonly references: readonly Reference[];
  /** The old references among them: what fails the run. */
  readonly oldReferences: readonly Reference[];
  /** Table names not known statically: not counted per name, listed for a human. */
  readonly dynamic: readonly Reference[];
  /** References silenced by `retable-ignore-next-line` / `retable-ignore-file`, sorted. */
  readonly ignored: readonly Reference[];
  /** Files the finder could not parse: nothing can be said about them, so the run fails. */
  readonly parseProblems: readonly ParseProblem[];
  /** The configured `typesFile` (relative), or undefined when none is configured or it is outside the paths. */
  readonly typesFile: string | undefined;
  /** Old names still keys of `Tables`/`Views` in the types file, sorted. Warnings: they do not fail the run. */
  readonly legacyTypeKeys: readonly LegacyTypeKey[];
  /** With `mentions: true`: whole-word mentions of old names elsewhere, sorted; otherwise undefined. */
  readonly mentions: readonly Mention[] | undefined;
  readonly filesScanned: number;
  readonly filesParsed: number;
  /** With `changed` (`verify --changed`): what was compared and how many files were checked. */
  readonly changed?: ChangedScope;
}

/** What `verify --changed` compared and checked. */
export interface ChangedScope {
  /** The revision compared with, as given or found (`origin/main`). */
  readonly base: string;
  /** How the base was found when none was given (`origin/HEAD`, `GITHUB_BASE_REF`, …). */
  readonly defaultFrom: string | undefined;
  /** The merge-base of the base and HEAD (full hash): changes since it count. */
  readonly mergeBase: string;
  /** Changed files (committed, staged, unstaged, untracked) among those verify scans. */
  readonly changedFiles: number;
  /** Files checked: the changed ones, the files that import them and the callers of their wrappers. */
  readonly checked: number;
  /** Files a full verify checks. */
  readonly of: number;
  /** Set when every file was checked instead, because a narrowed check could not be trusted: why. */
  readonly fullRun: string | undefined;
}
