import type { Reference } from '@retable/core';

/**
 * A reference to the `occurrence`-th `needle` in `text` (0-based), replaced by `replacement`, with
 * line/column computed from the text: what the finder would hand the codemod.
 */
export function referenceAt(
  file: string,
  text: string,
  needle: string,
  replacement: string,
  options: { occurrence?: number; kind?: Reference['kind']; ignored?: boolean } = {},
): Reference {
  let start = -1;
  for (let i = 0; i <= (options.occurrence ?? 0); i++) {
    start = text.indexOf(needle, start + 1);
    if (start < 0) throw new Error(`${JSON.stringify(needle)} #${options.occurrence ?? 0} not in ${file}`);
  }
  const before = text.slice(0, start).split('\n');
  return {
    kind: options.kind ?? 'from',
    file,
    line: before.length,
    column: before.at(-1)!.length + 1,
    table: needle,
    status: 'old',
    newName: replacement,
    edit: { start, end: start + needle.length, text: replacement },
    ...(options.ignored ? { ignored: true } : {}),
  };
}
