import { dynamicReferenceMessage, oldReferenceMessage } from '@retable/core/base';
import type { MentionContext, VerifyResult } from '@retable/verify/code';
import type { ReportContext } from './reporter.js';
import { sentence, verdict } from './text.js';

export interface Annotation {
  readonly level: 'error' | 'warning' | 'notice';
  readonly file: string;
  readonly line: number;
  readonly column: number;
  readonly title: string;
  readonly message: string;
}

/**
 * GitHub Actions workflow commands: each annotation becomes a comment on the pull request's diff.
 * Escaping follows @actions/core (`%`, CR, LF everywhere; `:` and `,` in properties too).
 */
export function annotation(a: Annotation): string {
  const properties = `file=${escapeProperty(a.file)},line=${a.line},col=${a.column},title=${escapeProperty(a.title)}`;
  return `::${a.level} ${properties}::${escapeData(a.message)}`;
}

export function escapeData(value: string): string {
  return value.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

export function escapeProperty(value: string): string {
  return escapeData(value).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

const MENTION_PLACES: Record<MentionContext, string> = {
  query: 'a query string no table position reads',
  string: 'a string',
  comment: 'a comment',
  jsx: 'JSX text',
  code: 'code',
  markdown: 'Markdown',
  sql: 'SQL',
};

/**
 * `::error` per old reference and unparsable file, `::warning` per dynamic reference and legacy type
 * key, `::notice` per mention. Paths are prefixed with `context.pathPrefix`: Actions resolves them
 * from the repository root.
 */
export function github(result: VerifyResult, context: ReportContext): string {
  const annotations: Annotation[] = [
    ...result.oldReferences.map((r) => ({
      level: 'error' as const,
      file: r.file,
      line: r.line,
      column: r.column,
      title: `Old table name ${r.table}`,
      message: oldReferenceMessage(r),
    })),
    ...result.dynamic.map((r) => ({
      level: 'warning' as const,
      file: r.file,
      line: r.line,
      column: r.column,
      title: 'Dynamic table name',
      message: dynamicReferenceMessage(r),
    })),
    ...result.parseProblems.map((p) => ({
      level: 'error' as const,
      file: p.file,
      line: p.line,
      column: p.column,
      title: 'File does not parse',
      message: `${sentence(p.message)} retable verify could not check this file`,
    })),
    ...result.legacyTypeKeys.map((k) => ({
      level: 'warning' as const,
      file: k.file,
      line: k.line,
      column: k.column,
      title: `Old table name ${k.name} in the types file`,
      message: `${k.schema}.${k.section}.${k.name} is still in the generated types (renamed to "${k.newName}"); regenerate them so TypeScript rejects the old name`,
    })),
    ...(result.mentions ?? []).map((m) => ({
      level: 'notice' as const,
      file: m.file,
      line: m.line,
      column: m.column,
      title: `Mention of old table name ${m.name}`,
      message: `"${m.name}" in ${MENTION_PLACES[m.context]} outside a table position: ${m.text}`,
    })),
  ];
  const prefix = context.pathPrefix ?? '';
  const lines = annotations.sort(byLocation).map((a) => annotation({ ...a, file: prefix + a.file }));
  lines.push(verdict(result));
  return `${lines.join('\n')}\n`;
}

function byLocation(a: Annotation, b: Annotation): number {
  return a.file < b.file ? -1 : a.file > b.file ? 1 : a.line - b.line || a.column - b.column;
}
