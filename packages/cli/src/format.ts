/** Small text helpers shared by the commands and the reporters. */

/** `1 file`, `2 files`; `many` for irregular plurals (`function bodies`). */
export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

/** `file:line:column`, the location form every text report uses. */
export function at(location: { file: string; line: number; column: number }): string {
  return `${location.file}:${location.line}:${location.column}`;
}
