import { mentionsAny } from '@retable/sql';
import type { CatalogFunction } from './catalog.js';
import { PlanError } from './errors.js';
import { rewriteDefinitionHead, rewritePlpgsqlBody, rewriteSqlBody, type RewriteNames } from './rewrite.js';
import { dollarTag } from './sql-text.js';

/** A function body expand rewrites. */
export interface FunctionRewrite {
  readonly signature: string;
  readonly replaced: number;
  readonly before: string;
  readonly after: string;
  /** Its body already failed Postgres' body check before the rename: expand creates it with the check off. */
  readonly invalid?: string;
}

/** Something in a function body that names a renamed table and was not rewritten. */
export interface ReviewItem {
  readonly signature: string;
  /** 1-based line in the function body. */
  readonly line: number;
  readonly message: string;
}

export function rewriteFunctions(list: readonly CatalogFunction[], names: RewriteNames) {
  const functions: FunctionRewrite[] = [];
  const review: ReviewItem[] = [];
  for (const fn of list) {
    // BEGIN ATOMIC bodies are stored parsed: they follow the rename by themselves.
    if (fn.atomic) continue;
    if (!mentionsAny(fn.source, names.tables.keys())) continue;
    const own: RewriteNames = { ...names, unqualified: fn.searchPath === undefined || fn.searchPath.includes(names.schema) };
    let result;
    if (fn.language === 'sql') result = rewriteSqlBody(fn.source, own);
    else if (fn.language === 'plpgsql') result = rewritePlpgsqlBody(fn.definition, fn.source, own);
    else {
      review.push({ signature: fn.signature, line: 1, message: `LANGUAGE ${fn.language} mentions a renamed table and cannot be parsed: check by hand` });
      continue;
    }
    for (const note of result.review) review.push({ signature: fn.signature, line: note.line, message: note.message });
    if (fn.invalid !== undefined) {
      const then = result.replaced > 0 ? ': expand re-creates it with check_function_bodies off' : '';
      review.push({ signature: fn.signature, line: 1, message: `its body already fails Postgres' body check (${fn.invalid})${then}; fix it by hand` });
    }
    if (result.replaced === 0) continue;
    const { after, headReview } = replaceBody(fn, result.body, names);
    for (const message of headReview) review.push({ signature: fn.signature, line: 1, message });
    const rewrite = { signature: fn.signature, replaced: result.replaced, before: fn.definition, after };
    functions.push(fn.invalid === undefined ? rewrite : { ...rewrite, invalid: fn.invalid });
  }
  return { functions, review };
}

/**
 * pg_get_functiondef ends with `AS $tag$<prosrc>$tag$`: put the new body in its place, and the new
 * type names in the head (arguments, RETURNS), which name the renamed tables as they are now.
 */
function replaceBody(fn: CatalogFunction, body: string, names: RewriteNames): { after: string; headReview: string[] } {
  const match = /\$([A-Za-z_]*)\$\s*$/.exec(fn.definition);
  const tag = match ? `$${match[1]}$` : undefined;
  const end = tag ? fn.definition.lastIndexOf(tag) : -1;
  const start = end - fn.source.length;
  if (!tag || start < tag.length || fn.definition.slice(start, end) !== fn.source || fn.definition.slice(start - tag.length, start) !== tag) {
    throw new PlanError(`${fn.signature}: cannot find its body in pg_get_functiondef's output`);
  }
  const { head, review } = rewriteDefinitionHead(fn.definition, start - tag.length, names);
  const newTag = `${body}${tag}`.indexOf(tag) < body.length ? dollarTag(body) : tag;
  return {
    after: `${head}${newTag}${body}${newTag}${fn.definition.slice(end + tag.length)}`,
    headReview: review.map((note) => `in the function's signature: ${note.message}`),
  };
}
