import type ts from './typescript.js';
import type { SourceModule } from './module.js';
import type { Value } from './values.js';

/** The note of a dynamic table position. */
export const RUN_TIME = 'the table name is only known at run time';

/** The note of a table position given a value from a package (`import { TABLES } from '@acme/db'`). */
export function fromPackage(specifier: string): string {
  return `the table name comes from "${specifier}", which retable does not read: check it by hand`;
}

/** Where a value ends up: a table position, told each value the expression may have. */
export interface Target {
  /** `via`: how the value got here when it came through a call site or a default. */
  take(value: Value, expr: ts.Expression, module: SourceModule, anchor: ts.Node, via?: string): void;
  /** For notes: `the table (from) in src/a.ts:3`. */
  readonly what: string;
  /**
   * Whether a parameter is followed to its call sites. Not after a receiver that is only maybe a
   * query (`dayjs(a).from(b)`): there only a string written for that position counts.
   */
  readonly follow: boolean;
}

