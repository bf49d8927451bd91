import type ts from './typescript.js';
import type { ReferenceKind } from '../reference.js';
import type { Receiver } from './chain.js';
import { joinPieces, lineOfNode, type ReferenceSink } from './emit.js';
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
  /**
   * Whether a parameter is followed to every call of a function or method of that name too, and
   * its callers searched for in every file (a receiver typed by an interface, a factory's result,
   * a destructured object). Only for SQL text, which is read as SQL whichever function runs it.
   */
  readonly byName?: boolean;
  /** Whether a parameter's declared string literal types are table names too (`table: 'orders' | 'customers'`). */
  readonly literalTypes?: boolean;
}

/**
 * A table-name position: `.from()`, a realtime filter's `table`, a `${}` in SQL where a table's name
 * goes. After a query builder's receiver (`'sql-builder'`) only a string is a table's name.
 */
export function tableTarget(sink: ReferenceSink, kind: ReferenceKind, receiver: Receiver = 'query'): Target {
  const note = receiver === 'dynamic-schema' ? 'the schema is not a constant' : undefined;
  return {
    what: `the table (${kind})`,
    follow: receiver !== 'sql-builder',
    literalTypes: true,
    take: (value, expr, module, anchor, via) => {
      // drizzle's db.select().from(table): only a string is a table name there.
      if (receiver === 'sql-builder' && value.kind !== 'string' && value.kind !== 'concat') return;
      if (value.kind === 'string') {
        const constant = value.viaConstant || via !== undefined;
        const why = note ?? (constant ? (via ?? `used as a table (${kind}) in ${module.rel}:${lineOfNode(expr, module)}`) : undefined);
        sink.literal(constant ? 'constant' : kind, value.node, value.module, anchor, module, why);
      } else if (value.kind === 'concat') {
        const text = joinPieces(value.pieces);
        const local = via === undefined && value.pieces.every((p) => p.module === module);
        sink.name(local ? kind : 'constant', text.value, text, 0, text.value.length, anchor, module, undefined, note ?? via);
      } else if (value.kind === 'dynamic' || value.kind === 'call') {
        sink.dynamic(kind, expr, module, anchor, note ?? (via ? `${RUN_TIME} (${via})` : RUN_TIME));
      } else if (value.kind === 'external' && value.specifier !== undefined && receiver !== 'sql-builder') {
        // A Supabase query's table from a package retable does not read (`@acme/db`'s constants):
        // reported, never passed over. A query builder's table object from a package is not a name.
        const why = fromPackage(value.specifier);
        sink.dynamic(kind, expr, module, anchor, note ?? (via ? `${why} (${via})` : why));
      }
    },
  };
}
