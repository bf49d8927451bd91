import type { RenameMap } from '../config.js';

/**
 * One regex for every old and new name, matching whole words only: letters, digits, `_` and `$`
 * count as word characters, so `crm_leads` and `leads_owner_id_fkey` do not match `leads`.
 */
export function namesPattern(map: RenameMap): RegExp {
  const names = [...new Set([...map.oldNames, ...map.newNames])].sort((a, b) => b.length - a.length || (a < b ? -1 : 1));
  const alternatives = names.map((name) => name.replace(/[$]/g, '\\$')).join('|');
  return new RegExp(`(?<![A-Za-z0-9_$])(?:${alternatives})(?![A-Za-z0-9_$])`);
}

/**
 * Relative module specifiers a file imports or re-exports (a cheap scan, not a parse: a specifier
 * inside a comment is a harmless extra). `reexport` marks `export … from`, which lets a barrel pass
 * another module's constants through.
 */
export interface ImportEdge {
  readonly specifier: string;
  readonly reexport: boolean;
}

const IMPORT_EDGE = /\b(export|from|import|require)\s*\(?\s*(['"])(\.{1,2}\/[^'"\n\r]*)\2/g;

export function relativeImports(text: string): ImportEdge[] {
  const edges: ImportEdge[] = [];
  if (!text.includes('./')) return edges;
  IMPORT_EDGE.lastIndex = 0;
  for (let m = IMPORT_EDGE.exec(text); m; m = IMPORT_EDGE.exec(text)) {
    let reexport = false;
    if (m[1] === 'from') {
      // `export { a } from './x'` (maybe over several lines) / `export * from './x'`: the nearest
      // statement keyword before `from` is `export`, with no `;` in between.
      const exportAt = text.lastIndexOf('export', m.index);
      const importAt = text.lastIndexOf('import', m.index);
      reexport = exportAt > importAt && !text.slice(exportAt, m.index).includes(';');
    }
    edges.push({ specifier: m[3]!, reexport });
  }
  return edges;
}

/** A file that might use an imported constant as a table: it has a call or key where one can go. */
const TABLE_POSITION = /\.\s*(?:from|select)\s*\(|\btable\b/;

export function hasTablePosition(text: string): boolean {
  return TABLE_POSITION.test(text);
}
