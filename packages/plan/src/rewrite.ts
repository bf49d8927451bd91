import { findPlpgsqlRelations, findRelations, mentionsAny, quoteIdentifier, replaceRefs, type FindOptions, type FindResult, type SqlRef } from '@retable/sql';

/** What a function body rewrite needs to know: which names change. */
export interface RewriteNames {
  /** The schema the renamed tables live in. */
  readonly schema: string;
  /**
   * Whether unqualified names resolve to `schema` (default true). False for a function whose own
   * `SET search_path` leaves the schema out: its unqualified `leads` is some other table.
   */
  readonly unqualified?: boolean;
  /** old table name → new table name. */
  readonly tables: ReadonlyMap<string, string>;
  /** old constraint name → new (the derived names expand renames), for ON CONFLICT ON CONSTRAINT. */
  readonly constraints: ReadonlyMap<string, string>;
}

/** A place in a body that names a renamed table but cannot be rewritten safely. */
export interface ReviewNote {
  /** 1-based line in the body. */
  readonly line: number;
  readonly message: string;
}

export interface BodyRewrite {
  /** The body with every table name the parser placed replaced. */
  readonly body: string;
  /** How many identifiers were replaced. */
  readonly replaced: number;
  readonly review: ReviewNote[];
}

/**
 * Rewrite a `LANGUAGE sql` body (not BEGIN ATOMIC: those are stored parsed and follow renames):
 * every reference @retable/sql finds is replaced by the new name.
 */
export function rewriteSqlBody(body: string, names: RewriteNames): BodyRewrite {
  const found = findRelations(body, findOptions(names));
  if (found.error) {
    const review = mentionsAny(body, names.tables.keys()) ? [{ line: 1, message: `SQL the parser rejects (${found.error.message}): rewrite by hand` }] : [];
    return { body, replaced: 0, review };
  }
  return finish(body, found, names);
}

/**
 * Rewrite a PL/pgSQL body. `definition` is the whole CREATE FUNCTION statement and `body` its AS
 * text; @retable/sql places every embedded statement, expression and declared type.
 */
export function rewritePlpgsqlBody(definition: string, body: string, names: RewriteNames): BodyRewrite {
  const found = findPlpgsqlRelations(definition, body, findOptions(names));
  if (found.error) {
    return { body, replaced: 0, review: [{ line: 1, message: `PL/pgSQL parser failed (${found.error.message}): rewrite by hand` }] };
  }
  return finish(body, found, names);
}

/**
 * The signature and RETURNS clause of a CREATE FUNCTION statement name types by their current name
 * (`f(l leads) RETURNS SETOF leads`): when expand replaces a function, its head must use the new
 * names too, or CREATE OR REPLACE would not find the type (or make an overload). `headLength` is
 * the head's length in characters: references beyond it (the body) are not taken.
 */
export function rewriteDefinitionHead(definition: string, headLength: number, names: RewriteNames): { head: string; review: ReviewNote[] } {
  const found = findRelations(definition, { ...findOptions(names), typesOnly: true });
  const head = definition.slice(0, headLength);
  const result = finish(head, {
    refs: found.refs.filter((ref) => ref.end <= headLength),
    review: found.review.filter((note) => note.start < headLength),
  }, names);
  return { head: result.body, review: result.review };
}

function findOptions(names: RewriteNames): FindOptions {
  return {
    schema: names.schema,
    names: names.tables.keys(),
    unqualified: names.unqualified !== false,
    constraints: names.constraints.keys(),
  };
}

function newName(ref: SqlRef, names: RewriteNames): string | undefined {
  const renamed = ref.kind === 'constraint' ? names.constraints.get(ref.name) : names.tables.get(ref.name);
  return renamed === undefined ? undefined : quoteIdentifier(renamed);
}

function finish(body: string, found: Pick<FindResult, 'refs' | 'review'>, names: RewriteNames): BodyRewrite {
  const lineStarts = [0];
  for (let i = 0; i < body.length; i++) if (body.charCodeAt(i) === 0x0a) lineStarts.push(i + 1);
  const lineOf = (offset: number) => {
    let line = 1;
    for (let i = 1; i < lineStarts.length && lineStarts[i]! <= offset; i++) line = i + 1;
    return line;
  };
  const seen = new Set<string>();
  const review: ReviewNote[] = [];
  for (const note of found.review) {
    const line = lineOf(note.start);
    const key = `${line}:${note.message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    review.push({ line, message: note.message });
  }
  const refs = found.refs.filter((ref) => newName(ref, names) !== undefined);
  return { body: replaceRefs(body, refs, (ref) => newName(ref, names)), replaced: refs.length, review };
}
