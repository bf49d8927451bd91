import type { RenameMap } from '../config.js';
import { namesPattern, positionPattern } from './prefilter.js';

const patterns = new WeakMap<Pick<RenameMap, 'oldNames' | 'newNames'>, { names: RegExp; positions: RegExp }>();

/**
 * The finder's first pre-filter test, for one text: whether it names an old or new table as a whole
 * word in a shape a table position can have (a whole string literal, an embed, a hint). A module
 * that fails it holds no table name that another module could use as a table (a constant, a select
 * string); the finder may still parse it for its own dynamic or imported references.
 */
export function mayNameTables(text: string, map: Pick<RenameMap, 'oldNames' | 'newNames'>): boolean {
  let compiled = patterns.get(map);
  if (!compiled) patterns.set(map, (compiled = { names: namesPattern(map), positions: positionPattern(map) }));
  return compiled.names.test(text) && compiled.positions.test(text);
}
