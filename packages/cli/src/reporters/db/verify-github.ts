import type { VerifyDbResult } from '@retable/verify';
import { escapeData, escapeProperty } from '../github.js';
import { verifyDbVerdict } from './verify-text.js';

/**
 * GitHub Actions annotations: `::error` / `::warning` per finding. Database objects have no file,
 * so the annotations show on the run's summary, titled with the check and the object.
 */
export function verifyDbGithub(result: VerifyDbResult): string {
  const lines = result.findings.map((f) => {
    const title = escapeProperty(`verify-db ${f.id}: ${f.object}`);
    return `::${f.level === 'error' ? 'error' : 'warning'} title=${title}::${escapeData(`${f.message}. Fix: ${f.fix}`)}`;
  });
  lines.push(verifyDbVerdict(result));
  return `${lines.join('\n')}\n`;
}
