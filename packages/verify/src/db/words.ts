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
