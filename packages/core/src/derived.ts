/**
 * Derived names: the names of objects Postgres (or the Supabase dashboard, or a naming habit) built
 * from a table's name when they were created, and which a table rename leaves behind. One rule set,
 * used by `plan --rename-derived` (renames them), verify-db (warns about the ones left) and the
 * codemod (rewrites PostgREST FK hints `!orders_buyer_fkey` to the renamed constraint): whatever one
 * of them calls derived, the others do too.
 *
 * Derived, for a table `old` renamed to `next` in schema `s`:
 * - constraints `old_…_pkey|_fkey|_key|_check|_excl`, and the dashboard's foreign keys `s_old_…_fkey`;
 * - indexes `old_…_idx` and `idx_old_…`;
 * - owned sequences `old_…_seq`;
 * - policies `old_…` whose name is an identifier (`orders_select_own`); a policy named by a sentence
 *   ("Users can read their own orders") is prose, not a derived name, and is never renamed.
 * Never derived: trigger names (renaming them changes the order they fire in, which is by name).
 */

export type DerivedKind = 'constraint' | 'index' | 'sequence' | 'policy' | 'trigger';

const CONSTRAINT_SUFFIXES = ['_pkey', '_fkey', '_key', '_check', '_excl'] as const;
/** A name that reads as one identifier, as a naming convention writes it (no spaces, no punctuation). */
const IDENTIFIER_LIKE = /^[A-Za-z_][A-Za-z0-9_$]*$/;

/**
 * The name `name` (of kind `kind`, on the table renamed from `oldName` to `newName` in `schema`)
 * takes after the rename, or undefined when it is not a derived name. The result may exceed 63 bytes:
 * callers decide what to do then (plan keeps the name and warns; verify-db asks for a shorter one).
 */
export function derivedRename(kind: DerivedKind, name: string, oldName: string, newName: string, schema = 'public'): string | undefined {
  switch (kind) {
    case 'trigger':
      return undefined;
    case 'constraint': {
      if (!CONSTRAINT_SUFFIXES.some((suffix) => name.endsWith(suffix))) return undefined;
      const plain = replacePrefix(name, `${oldName}_`, `${newName}_`);
      if (plain !== undefined) return plain;
      // The Supabase dashboard names foreign keys <schema>_<table>_<column>_fkey.
      return name.endsWith('_fkey') ? replacePrefix(name, `${schema}_${oldName}_`, `${schema}_${newName}_`) : undefined;
    }
    case 'index':
      if (name.endsWith('_idx')) {
        const plain = replacePrefix(name, `${oldName}_`, `${newName}_`);
        if (plain !== undefined) return plain;
      }
      return replacePrefix(name, `idx_${oldName}_`, `idx_${newName}_`);
    case 'sequence':
      return name.endsWith('_seq') ? replacePrefix(name, `${oldName}_`, `${newName}_`) : undefined;
    case 'policy':
      return IDENTIFIER_LIKE.test(name) ? replacePrefix(name, `${oldName}_`, `${newName}_`) : undefined;
  }
}

/**
 * The constraint name a PostgREST FK hint (`!orders_buyer_fkey`) must use after the renames: the hint
 * names a foreign key, so only the foreign-key rules apply. The longest old name whose rule matches
 * wins (`order_items_…` before `order_…`). Undefined when the hint is not a derived FK name.
 */
export function derivedForeignKeyRename(hint: string, renames: ReadonlyMap<string, string>, schema = 'public'): string | undefined {
  if (!hint.endsWith('_fkey')) return undefined;
  const olds = [...renames.keys()].sort((a, b) => b.length - a.length);
  for (const old of olds) {
    const renamed = derivedRename('constraint', hint, old, renames.get(old)!, schema);
    if (renamed !== undefined) return renamed;
  }
  return undefined;
}

/** `name` with `from` at its start replaced by `to`; undefined when it does not start so, or already reads `to`. */
function replacePrefix(name: string, from: string, to: string): string | undefined {
  // `orders` → `orders_archive`: `orders_archive_pkey` already carries the new name.
  if (name.startsWith(to)) return undefined;
  // The part after the prefix must be non-empty: `orders_` alone derives nothing.
  if (!name.startsWith(from) || name.length === from.length) return undefined;
  return to + name.slice(from.length);
}
