import { findPlpgsqlRelations, findRelations, type FindResult } from './find.js';

/** A function as the catalog has it. */
export interface FunctionText {
  /** pg_language.lanname: `sql`, `plpgsql`, … */
  readonly language: string;
  /** pg_get_functiondef(oid): the whole CREATE OR REPLACE FUNCTION statement. */
  readonly definition: string;
  /** prosrc: the body text. */
  readonly source: string;
  /** pg_proc.proconfig: its `SET` options (`search_path=…`). */
  readonly config?: readonly string[] | null;
}

/** The schemas of a `search_path=…` entry in pg_proc.proconfig, or undefined when it has none. */
export function searchPathOf(config: readonly string[] | null | undefined): string[] | undefined {
  const entry = config?.find((item) => item.startsWith('search_path='));
  if (entry === undefined) return undefined;
  return entry
    .slice('search_path='.length)
    .split(',')
    .map((part) => part.trim())
    .filter((part) => part.length > 0)
    .map((part) => (part.startsWith('"') && part.endsWith('"') ? part.slice(1, -1).replaceAll('""', '"') : part))
    .filter((part) => part.length > 0);
}

/**
 * The references in a function's text body (offsets in `source`), read as its language says:
 * `sql` statement by statement, `plpgsql` with PL/pgSQL's grammar. Unqualified names count only
 * when the function's own search_path (if it sets one) includes `schema`. Undefined for other
 * languages (C, internal, plv8…): their bodies are not SQL.
 */
export function findFunctionRelations(
  fn: FunctionText,
  options: { readonly schema: string; readonly names: Iterable<string>; readonly constraints?: Iterable<string> },
): FindResult | undefined {
  const path = searchPathOf(fn.config);
  const own = { ...options, unqualified: path === undefined || path.includes(options.schema) };
  if (fn.language === 'sql') return findRelations(fn.source, own);
  if (fn.language === 'plpgsql') return findPlpgsqlRelations(fn.definition, fn.source, own);
  return undefined;
}
