const WORD_CHAR = /[A-Za-z0-9_$]/;

/**
 * Remove SQL comments, keeping every newline so line numbers still hold. String literals stay:
 * `execute 'select … from leads'` is a real reference.
 */
export function stripSqlComments(source: string): string {
  let out = '';
  let i = 0;
  let quote: string | undefined;
  while (i < source.length) {
    const ch = source[i]!;
    if (quote) {
      out += ch;
      if (ch === quote) quote = undefined;
      i++;
    } else if (ch === "'" || ch === '"') {
      quote = ch;
      out += ch;
      i++;
    } else if (source.startsWith('--', i)) {
      while (i < source.length && source[i] !== '\n') i++;
    } else if (source.startsWith('/*', i)) {
      const end = source.indexOf('*/', i + 2);
      const stop = end === -1 ? source.length : end + 2;
      out += source.slice(i, stop).replace(/[^\n]/g, ' ');
      i = stop;
    } else {
      out += ch;
      i++;
    }
  }
  return out;
}

/**
 * 1-based line of the first place `word` appears as a whole SQL identifier (case-insensitive,
 * so `LEADS` and `public.leads` count, `crm_leads` and `leads_count` do not), or undefined.
 */
export function findWord(text: string, word: string): number | undefined {
  const lower = text.toLowerCase();
  const needle = word.toLowerCase();
  let from = 0;
  for (;;) {
    const at = lower.indexOf(needle, from);
    if (at === -1) return undefined;
    const before = at > 0 ? text[at - 1]! : '';
    const after = text[at + needle.length] ?? '';
    if (!WORD_CHAR.test(before) && !WORD_CHAR.test(after)) {
      let line = 1;
      for (let k = 0; k < at; k++) if (text[k] === '\n') line++;
      return line;
    }
    from = at + 1;
  }
}
