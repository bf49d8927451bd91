import type { DbReport, VerifyDbResult } from '@retable/verify';
import type { ReporterRegistry } from '../reporter.js';
import { reportJson } from './report-json.js';
import { reportMarkdown } from './report-markdown.js';
import { verifyDbGithub } from './verify-github.js';
import { verifyDbJson } from './verify-json.js';
import { verifyDbText } from './verify-text.js';

/** `retable verify-db --format …`: one file per reporter. */
export const verifyDbReporters: ReporterRegistry<VerifyDbResult> = {
  text: verifyDbText,
  json: verifyDbJson,
  github: verifyDbGithub,
};

/** `retable report --format …`. */
export const reportReporters: ReporterRegistry<DbReport> = {
  markdown: reportMarkdown,
  json: reportJson,
};
