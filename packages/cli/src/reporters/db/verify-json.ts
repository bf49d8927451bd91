import type { VerifyDbResult } from '@retable/verify';

/** Machine output, `"version": 1`: the phase, the verdict and every finding. */
export function verifyDbJson(result: VerifyDbResult): string {
  const document = {
    version: 1,
    phase: result.phase,
    phaseReason: result.phaseReason,
    schema: result.schema,
    exposedSchemas: result.exposedSchemas,
    passed: result.errors === 0,
    errors: result.errors,
    warnings: result.warnings,
    findings: result.findings.map((f) => ({ id: f.id, level: f.level, object: f.object, message: f.message, fix: f.fix })),
  };
  return `${JSON.stringify(document, null, 2)}\n`;
}
