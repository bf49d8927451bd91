import type { DbReport } from '@retable/verify';

/** Machine output, `"version": 1`: the whole report as data. */
export function reportJson(report: DbReport): string {
  return `${JSON.stringify({ version: 1, ...report }, null, 2)}\n`;
}
