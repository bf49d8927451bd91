/**
 * Text that goes into the plan's SQL from outside: the config's file name, catalog names quoted in
 * warnings, function signatures, review notes. A `--` comment ends at CR or LF, so a name holding
 * a line break would start a real SQL line (the headers sit before BEGIN): every such text is made
 * one line here. U+2028/U+2029 and the other control characters are escaped too, so an editor or a
 * terminal shows the line as psql reads it.
 */

// C0 controls (tab aside), DEL, C1 controls, and the Unicode line/paragraph separators.
const UNSAFE = /[\u0000-\u0008\u000a-\u001f\u007f-\u009f\u2028\u2029]/g;

/** `text` on one line: line breaks and other control characters as `\n`, `\r`, `\u2028`, … */
export function oneLine(text: string): string {
  return text.replace(UNSAFE, (char) => {
    if (char === '\n') return '\\n';
    if (char === '\r') return '\\r';
    return `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`;
  });
}

/** A `-- ` comment line that cannot end early. */
export function sqlComment(text: string): string {
  return `-- ${oneLine(text)}`;
}

/**
 * A dollar-quote tag that does not occur in `body`, nor across its end: a name such as
 * `crm$retable$leads` would otherwise end a `$retable$` block early. `$retable$`, else `$retable1$`, ….
 */
export function dollarTag(body: string, name = 'retable'): string {
  let tag = `$${name}$`;
  // The scanner ends the block at the first occurrence of the tag, which may start inside the body.
  for (let n = 1; `${body}${tag}`.indexOf(tag) < body.length; n++) tag = `$${name}${n}$`;
  return tag;
}

/** A text for a PL/pgSQL RAISE format string (inside a literal already quoted): `%` is a placeholder. */
export function raiseFormat(text: string): string {
  return text.replaceAll('%', '%%');
}
