import ts from './typescript.js';
import type { RenameMap } from '../config.js';
import type { ReferenceKind } from '../reference.js';
import type { SourceModule } from './module.js';
import { joinPieces, lineOfNode, onePiece, type ReferenceSink, type TextPieces } from './emit.js';
import { literalText } from './literal.js';
import { parseTableString, qualifiesWith, type OrmPosition } from './orm.js';
import { fromPackage, RUN_TIME, type Target } from './target.js';
import type { ModelTable } from './orm-models.js';

// ORM and query-builder table positions: only the table-name string changes.

/** An ORM's table position; a query builder's string is `[schema.]t[ as a]`. */
export function ormTarget(position: OrmPosition, aliasable: boolean, map: RenameMap, sink: ReferenceSink): Target {
  return {
    what: 'the table (orm)',
    follow: true,
    take: (value, expr, module, anchor, via) => {
      if (value.kind === 'string') {
        const constant = value.viaConstant || via !== undefined;
        const note = constant ? (via ?? `used as a table (orm) in ${module.rel}:${lineOfNode(expr, module)}`) : undefined;
        const text = onePiece(literalText(value.node, value.module.text), value.module);
        // A constant may be used elsewhere too (an insert takes no alias): only a literal gets one.
        if (position.column) columnTable(map, sink, text, constant ? 'constant' : 'orm', anchor, module, note);
        else builderTable(map, sink, text, position.builder, aliasable && position.aliasable && !constant, constant ? 'constant' : 'orm', anchor, module, note);
      } else if (value.kind === 'concat' && !position.column) {
        builderTable(map, sink, joinPieces(value.pieces), position.builder, false, 'orm', anchor, module, via);
      } else if (value.kind === 'dynamic' && !position.column) {
        // A subquery put in as text (`.from(\`(${sub.getQuery()})\`, 'x')`) is not a table name.
        if (ts.isTemplateExpression(expr) && expr.head.text.trimStart().startsWith('(')) return;
        // A call (`eb.selectFrom(…).as('x')`, a subquery) is not a table name: only a variable is.
        sink.dynamic('orm', expr, module, anchor, via ? `${RUN_TIME} (${via})` : RUN_TIME);
      } else if (value.kind === 'external' && value.specifier !== undefined) {
        // These positions take a table's name: one from a package retable does not read is reported.
        const why = fromPackage(value.specifier);
        sink.dynamic('orm', expr, module, anchor, via ? `${why} (${via})` : why);
      }
    },
  };
}

/** `[schema.]t.column`: the table `t` (a column without a table, `.references('id')`, names none). */
function columnTable(map: RenameMap, sink: ReferenceSink, text: TextPieces, kind: ReferenceKind, anchor: ts.Node, useModule: SourceModule, note: string | undefined): void {
  const match = /^(?:([A-Za-z_][A-Za-z0-9_$]*)\.)?([A-Za-z_][A-Za-z0-9_$]*)\.[A-Za-z_][A-Za-z0-9_$]*$/.exec(text.value);
  if (!match || (match[1] !== undefined && match[1] !== map.schema)) return;
  const start = match[1] === undefined ? 0 : match[1].length + 1;
  sink.name(kind, match[2]!, text, start, start + match[2]!.length, anchor, useModule, undefined, note);
}

/** Only the table name changes; an unaliased builder table keeps `t.col` working with an alias. */
function builderTable(
  map: RenameMap,
  sink: ReferenceSink,
  text: TextPieces,
  builder: boolean,
  aliasable: boolean,
  kind: ReferenceKind,
  anchor: ts.Node,
  useModule: SourceModule,
  note: string | undefined,
): void {
  const parsed = builder ? parseTableString(text.value) : { start: 0, end: text.value.length };
  if (!parsed || ('schema' in parsed && parsed.schema !== undefined && parsed.schema !== map.schema)) return;
  const name = text.value.slice(parsed.start, parsed.end);
  const renamed = map.renames.get(name);
  const alias = renamed !== undefined && aliasable && !('alias' in parsed && parsed.alias) && qualifiesWith(anchor, name);
  sink.name(kind, name, text, parsed.start, parsed.end, anchor, useModule, alias ? `${renamed} as ${name}` : renamed, note);
}

/** A model whose table is named after it (`@Entity() class User`): where that name is an old one, a review item. */
export function implicitModel(table: Extract<ModelTable, { kind: 'implicit' }>, map: RenameMap, sink: ReferenceSink, module: SourceModule): void {
  const old = table.names.find((name) => map.oldNames.has(name));
  if (old === undefined) return;
  sink.flagNode('orm', old, table.node, module, `${table.how}, "${old}": give the model its table's new name "${map.renames.get(old)}" by hand`);
}
