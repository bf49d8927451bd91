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

/**
 * A derived name (constraint, index, sequence, policy, trigger) that still carries `oldName` as a
 * part of its name (between `_`, spaces or the ends), ignoring where it is part of `newName`
 * (`crm_leads_pkey` is fine for leads → crm_leads). Returns the name with the new table name in
 * its place, or undefined when the name is clean.
 */
export function renameDerived(name: string, oldName: string, newName: string): string | undefined {
  const lower = name.toLowerCase();
  const oldLower = oldName.toLowerCase();
  const newLower = newName.toLowerCase();
  // Mask the new name's occurrences so its old-name tail does not count.
  let masked = lower;
  for (let at = masked.indexOf(newLower); at !== -1; at = masked.indexOf(newLower, at + newLower.length)) {
    masked = masked.slice(0, at) + '\u0000'.repeat(newLower.length) + masked.slice(at + newLower.length);
  }
  const part = /[a-z0-9$]/;
  const hits: number[] = [];
  for (let at = masked.indexOf(oldLower); at !== -1; at = masked.indexOf(oldLower, at + oldLower.length)) {
    const before = at > 0 ? masked[at - 1]! : '';
    const after = masked[at + oldLower.length] ?? '';
    if (!part.test(before) && before !== '\u0000' && !part.test(after) && after !== '\u0000') hits.push(at);
  }
  if (hits.length === 0) return undefined;
  let result = '';
  let last = 0;
  for (const at of hits) {
    result += name.slice(last, at) + newName;
    last = at + oldName.length;
  }
  return result + name.slice(last);
}
