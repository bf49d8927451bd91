import type { VerifyResult } from '@retable/verify/code';
import { github } from './github.js';
import { json } from './json.js';
import type { ReporterRegistry } from './reporter.js';
import { sarif } from './sarif.js';
import { text } from './text.js';

/**
 * One registry per command that reports findings; one file per reporter. A new command (e.g.
 * verify-db) adds its reporter files and its own registry here, reusing the helpers in
 * reporter.ts (`pickReporter`), github.ts (`annotation`) and sarif.ts (`sarifLog`).
 */
export const verifyReporters: ReporterRegistry<VerifyResult> = { text, json, github, sarif };

export { pickReporter, type ReportContext, type Reporter, type ReporterRegistry } from './reporter.js';
