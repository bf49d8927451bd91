import { styleText } from 'node:util';
import { expressionText } from '@retable/core/base';
import type { Mention, MentionContext, NameCount, VerifyResult } from '@retable/verify/code';
import { at, plural } from '../format.js';
import type { ReportContext } from './reporter.js';

type Style = Parameters<typeof styleText>[0];

/**
 * The human report: the seed's table (old names with their counts, should be 0; new names), then
 * where the old, dynamic and ignored references are, and one verdict line.
 */
export function text(result: VerifyResult, context: ReportContext): string {
  // The CLI decided (TTY, NO_COLOR) in context.color; styleText must not second-guess it per stream.
  const paint = (style: Style, value: string) => (context.color ? styleText(style, value, { validateStream: false }) : value);
  const width = Math.max(...[...result.old, ...result.new].map((n) => n.name.length));
  const countWidth = Math.max(1, ...[...result.old, ...result.new].map((n) => String(n.count).length));
  const row = (n: NameCount, mark: string) =>
    `  ${n.name.padEnd(width)}  ${String(n.count).padStart(countWidth)}${mark ? `  ${mark}` : ''}`;

  const out: string[] = [];
  out.push(paint('bold', result.maxOld === 0 ? 'Old names (should be 0):' : `Old names (${result.maxOld} allowed in all):`));
  for (const n of result.old) out.push(row(n, n.count === 0 ? paint('green', '✔') : paint('red', '✖')));
  out.push('', paint('bold', 'New names:'));
  for (const n of result.new) out.push(row(n, ''));

  // Each section is a small table: location, then the columns, padded so they line up.
  const section = (title: string, rows: string[][], highlight?: Style) => {
    if (rows.length === 0) return;
    const widths = rows[0]!.map((_, i) => Math.max(...rows.map((cells) => cells[i]!.length)));
    out.push('', paint('bold', title));
    for (const cells of rows) {
      const padded = cells.map((cell, i) => {
        const text = i === cells.length - 1 ? cell : cell.padEnd(widths[i]!);
        return highlight && i === 1 ? paint(highlight, text) : text;
      });
      out.push(`  ${padded.join('  ')}`);
    }
  };
  section(
    'Old references:',
    result.oldReferences.map((r) => [at(r), `${r.table} → ${r.newName ?? '?'}`, `(${r.kind})`]),
    'red',
  );
  section(
    'Dynamic references (the name is not known statically; check by hand):',
    result.dynamic.map((r) => [at(r), expression(r.table), `(${r.kind})`]),
    'yellow',
  );
  section(
    `Ignored by retable-ignore comments, or in migration files, which are history (${plural(result.ignored.length, 'reference')}):`,
    result.ignored.map((r) => [at(r), r.status === 'dynamic' ? expression(r.table) : r.table, `(${r.kind}, ${r.status})`]),
  );
  section(
    'Files that do not parse (not checked):',
    result.parseProblems.map((p) => [at(p), p.message]),
  );
  section(
    `Old names still keys in the types file ${result.typesFile ?? ''} (regenerate it):`,
    result.legacyTypeKeys.map((k) => [at(k), `${k.schema}.${k.section}.${k.name} → ${k.newName}`]),
  );
  if (result.mentions) mentions(result.mentions, out, section, paint);
  const line = verdict(result);
  out.push('', result.passed ? paint('green', line) : paint('red', line));
  return `${out.join('\n')}\n`;
}

/** Categories in the order they are worth a look: a query string first, copy and comments last. */
const MENTION_ORDER: readonly MentionContext[] = ['query', 'sql', 'string', 'code', 'jsx', 'comment', 'markdown'];
const MENTION_TITLES: Record<MentionContext, string> = {
  query: 'in a string shaped like a query (a select embed or SQL) that no table position reads: check these',
  sql: 'in .sql files',
  string: 'in other strings (copy, routes, keys, messages)',
  code: 'in identifiers and keys',
  jsx: 'in JSX text',
  comment: 'in comments',
  markdown: 'in Markdown',
};
/** Per category, the mentions listed in the text report; JSON lists every one. */
const MENTIONS_LISTED = 20;

/**
 * Mentions by category, counts first (a large app has thousands): every query-shaped one, then the
 * first few of each other category.
 */
function mentions(
  list: readonly Mention[],
  out: string[],
  section: (title: string, rows: string[][]) => void,
  paint: (style: Style, value: string) => string,
): void {
  const groups = new Map<MentionContext, Mention[]>();
  for (const m of list) {
    let group = groups.get(m.context);
    if (!group) groups.set(m.context, (group = []));
    group.push(m);
  }
  out.push('', paint('bold', `Mentions of old names outside table positions (information, not counted: ${plural(list.length, 'mention')}):`));
  for (const context of MENTION_ORDER) {
    const group = groups.get(context);
    if (group) out.push(`  ${String(group.length).padStart(5)}  ${MENTION_TITLES[context]}`);
  }
  for (const context of MENTION_ORDER) {
    const group = groups.get(context);
    if (!group) continue;
    const shown = context === 'query' ? group : group.slice(0, MENTIONS_LISTED);
    const more = group.length - shown.length;
    section(
      `Mentions ${MENTION_TITLES[context].split(':')[0]} (${group.length}${more > 0 ? `, first ${shown.length}; --format json lists all` : ''}):`,
      shown.map((m) => [at(m), m.name, m.text]),
    );
  }
}

/** The one-line verdict shared by the human formats. */
export function verdict(result: VerifyResult): string {
  const files = new Set(result.oldReferences.map((r) => r.file)).size;
  const old = `${plural(result.totalOld, 'old reference')}${files > 0 ? ` in ${plural(files, 'file')}` : ''} (allowed: ${result.maxOld})`;
  const parts = [old];
  if (result.parseProblems.length > 0) {
    parts.push(`${plural(result.parseProblems.length, 'file')} not parsed`);
  }
  parts.push(`${result.totalNew} new`, `${result.dynamic.length} dynamic`, `${result.ignored.length} ignored`);
  const narrowed = result.changed && !result.changed.fullRun ? result.changed : undefined;
  const scanned = narrowed
    ? `${narrowed.checked} of ${plural(narrowed.of, 'file')} checked (--changed since ${narrowed.base})`
    : `${plural(result.filesScanned, 'file')} checked`;
  if (result.passed) return `✔ verify passed: ${parts.join(', ')}; ${scanned}`;
  // Syntax errors first: the codemod leaves a file that does not parse unchanged.
  const fixes: string[] = [];
  if (result.parseProblems.length > 0) fixes.push('fix the syntax errors');
  if (result.totalOld > result.maxOld) fixes.push('run retable codemod --write');
  return `✖ verify failed: ${parts.join(', ')}; ${scanned}; ${fixes.join(', then ')}`;
}


/** A message as a sentence: with its final period. */
export function sentence(message: string): string {
  return /[.!?]$/.test(message) ? message : `${message}.`;
}

/** A dynamic reference's expression (its source text) on one line, cut at 60 characters. */
export const expression = expressionText;
