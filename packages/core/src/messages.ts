import type { Reference } from './reference.js';

/**
 * The sentences every report gives for a reference, so verify's annotations and the ESLint rule
 * say the same thing about the same place.
 */

/** A dynamic reference's expression on one line, at most 60 characters. */
export function expressionText(source: string): string {
  const flat = source.replace(/\s+/g, ' ').trim();
  return flat.length > 60 ? `${flat.slice(0, 57)}...` : flat;
}

/** `"leads" was renamed to "crm_leads" (from); run retable codemod --write, …` */
export function oldReferenceMessage(reference: Pick<Reference, 'table' | 'newName' | 'kind'>): string {
  return `"${reference.table}" was renamed to "${reference.newName ?? '?'}" (${reference.kind}); run retable codemod --write, or mark a deliberate use with // retable-ignore-next-line`;
}

/** `Table name not known statically: table (from); check by hand that it is never an old name` */
export function dynamicReferenceMessage(reference: Pick<Reference, 'table' | 'kind'>): string {
  return `Table name not known statically: ${expressionText(reference.table)} (${reference.kind}); check by hand that it is never an old name`;
}
