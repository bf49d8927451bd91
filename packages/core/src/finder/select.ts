/**
 * A tolerant parser for PostgREST's `select` grammar, as postgrest-js reads it:
 *
 *   nodes    := node (',' node)*
 *   node     := '*' | '...' field | ident ':' field | field
 *   field    := ident ('!' ident)* '(' nodes? ')'                       -- an embedded resource
 *             | ident ('->' ident | '->>' ident)* ('::' ident)? ('.' ident '()')? ('::' ident)?
 *   ident    := [A-Za-z0-9_$]+ | '"' ([^"] | '""')* '"'
 *
 * Whitespace is allowed between tokens (postgrest-js strips it before sending). It returns only what
 * the finder needs, the embedded resources with their positions, and skips characters it does not
 * understand instead of failing, so a select string with a typo still yields its embeds.
 */

export interface SelectName {
  /** The identifier, unquoted. */
  readonly name: string;
  /** Offsets in the select string of the token as written (quotes included), end exclusive. */
  readonly start: number;
  readonly end: number;
  readonly quoted: boolean;
}

export interface SelectEmbed {
  /** The embedded table (or the relationship's column / function name, which the finder ignores). */
  readonly target: SelectName;
  /** `alias:target(…)`: the key the response uses. */
  readonly alias?: SelectName;
  /** `!hint` names: FK constraints, columns or join tables; `inner`/`left`/`right` excluded. */
  readonly hints: readonly SelectName[];
  /** `...target(…)`: the columns are spread into the parent row. */
  readonly spread: boolean;
  /** 0 for a top-level embed, 1 for an embed inside it, … */
  readonly depth: number;
}

const JOIN_MODIFIERS = new Set(['inner', 'left', 'right']);

function isIdentChar(code: number): boolean {
  return (
    (code >= 97 && code <= 122) || // a-z
    (code >= 65 && code <= 90) || // A-Z
    (code >= 48 && code <= 57) || // 0-9
    code === 95 || // _
    code === 36 // $
  );
}

function isSpace(code: number): boolean {
  return code === 32 || code === 9 || code === 10 || code === 13 || code === 12 || code === 11;
}

/** Every embedded resource in a select string, in source order (parents before children). */
export function parseSelect(input: string): SelectEmbed[] {
  const embeds: SelectEmbed[] = [];
  let pos = 0;
  const n = input.length;

  const ws = (): void => {
    while (pos < n && isSpace(input.charCodeAt(pos))) pos += 1;
  };

  const ident = (): SelectName | undefined => {
    const start = pos;
    if (input.charCodeAt(pos) === 34 /* " */) {
      let name = '';
      pos += 1;
      while (pos < n) {
        const ch = input[pos]!;
        if (ch === '"') {
          if (input[pos + 1] === '"') {
            name += '"';
            pos += 2;
            continue;
          }
          pos += 1;
          return { name, start, end: pos, quoted: true };
        }
        name += ch;
        pos += 1;
      }
      pos = start;
      return undefined;
    }
    while (pos < n && isIdentChar(input.charCodeAt(pos))) pos += 1;
    if (pos === start) return undefined;
    return { name: input.slice(start, pos), start, end: pos, quoted: false };
  };

  const nodes = (depth: number): void => {
    while (pos < n) {
      ws();
      if (pos >= n || input[pos] === ')') return;
      const before = pos;
      node(depth);
      ws();
      if (input[pos] === ',') pos += 1;
      else if (input[pos] === ')') return;
      else if (pos === before) pos += 1; // not understood: skip one character and go on
    }
  };

  const node = (depth: number): void => {
    if (input[pos] === '*') {
      pos += 1;
      return;
    }
    const spread = input.startsWith('...', pos);
    if (spread) {
      pos += 3;
      ws();
    }
    const first = ident();
    if (!first) return;
    ws();
    // `alias:target`; postgrest-js has no aliased spread, but read one whole rather than as a stray embed.
    if (input[pos] === ':' && input[pos + 1] !== ':') {
      pos += 1;
      ws();
      const target = ident();
      if (target) field(target, first, spread, depth);
      return;
    }
    field(first, undefined, spread, depth);
  };

  const field = (target: SelectName, alias: SelectName | undefined, spread: boolean, depth: number): void => {
    ws();
    const hints: SelectName[] = [];
    const save = pos;
    while (input[pos] === '!') {
      pos += 1;
      ws();
      const hint = ident();
      if (!hint) break;
      if (!JOIN_MODIFIERS.has(hint.name)) hints.push(hint);
      ws();
    }
    if (input[pos] === '(') {
      pos += 1;
      embeds.push({ target, ...(alias ? { alias } : {}), hints, spread, depth });
      nodes(depth + 1);
      if (input[pos] === ')') pos += 1;
      return;
    }
    // A plain column: a `!` here was not a hint after all. Skip JSON paths, casts and aggregates.
    if (hints.length > 0) pos = save;
    for (;;) {
      ws();
      if (input.startsWith('->>', pos)) pos += 3;
      else if (input.startsWith('->', pos)) pos += 2;
      else if (input.startsWith('::', pos)) pos += 2;
      else if (input[pos] === '.') pos += 1;
      else return;
      ws();
      ident();
      ws();
      if (input.startsWith('()', pos)) pos += 2;
    }
  };

  while (pos < n) {
    nodes(0);
    pos += 1; // an unbalanced ')' at the top level: step over it and read on
  }
  return embeds;
}
