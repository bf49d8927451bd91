/** Postgres truncates identifiers to NAMEDATALEN - 1 bytes (63), with only a NOTICE. */
export const MAX_IDENTIFIER_BYTES = 63;

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_$]*$/;

/** Why `name` cannot be used as a table name, or undefined when it can. */
export function identifierProblem(name: string): string | undefined {
  if (!IDENTIFIER.test(name)) {
    return `"${name}" is not a valid Postgres identifier (letters, digits, _ and $; not starting with a digit)`;
  }
  const bytes = Buffer.byteLength(name, 'utf8');
  if (bytes > MAX_IDENTIFIER_BYTES) {
    return `"${name}" is ${bytes} bytes long; Postgres identifiers are at most ${MAX_IDENTIFIER_BYTES} bytes`;
  }
  return undefined;
}

/** Quote an identifier for SQL only when Postgres needs it (upper case, `$`, keywords are quoted by the caller's choice). */
export function quoteIdent(name: string): string {
  return /^[a-z_][a-z0-9_]*$/.test(name) ? name : `"${name.replaceAll('"', '""')}"`;
}
