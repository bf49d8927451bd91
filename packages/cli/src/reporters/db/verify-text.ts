import { styleText } from 'node:util';
import type { DbFinding, VerifyDbResult } from '@retable/verify';
import type { ReportContext } from '../reporter.js';
import { plural } from '../../format.js';

type Style = Parameters<typeof styleText>[0];

/** The human report: the phase, each finding with its fix, one verdict line. */
export function verifyDbText(result: VerifyDbResult, context: ReportContext): string {
  // The CLI already decided (TTY, NO_COLOR): don't let styleText second-guess it per stream.
  const paint = (style: Style, value: string) => (context.color ? styleText(style, value, { validateStream: false }) : value);
  const out: string[] = [header(result), ''];
  for (const finding of result.findings) {
    const level = finding.level === 'error' ? paint('red', 'error') : paint('yellow', 'warn ');
    out.push(`${level}  ${paint('bold', finding.object)}  ${paint('dim', finding.id)}`);
    out.push(`  ${finding.message}`);
    out.push(`  fix: ${finding.fix}`);
    out.push('');
  }
  const line = verifyDbVerdict(result);
  out.push(result.errors === 0 ? paint('green', line) : paint('red', line));
  return `${out.join('\n')}\n`;
}

export function header(result: VerifyDbResult): string {
  return `verify-db: phase ${result.phase} (${result.phaseReason}); schema ${result.schema}; exposed: ${result.exposedSchemas.join(', ')}`;
}

/** The one-line verdict shared by the human formats. */
export function verifyDbVerdict(result: VerifyDbResult): string {
  const counts = `${plural(result.errors, 'error')}, ${plural(result.warnings, 'warning')}`;
  if (result.errors === 0) return `✔ verify-db passed: ${counts} (phase ${result.phase})`;
  const ids = [...new Set(result.findings.filter((f: DbFinding) => f.level === 'error').map((f) => f.id))].join(', ');
  return `✖ verify-db failed: ${counts} (phase ${result.phase}: ${ids})`;
}
