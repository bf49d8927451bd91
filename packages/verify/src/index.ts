export * from './code.js';
export { DB_CHECK_IDS, inferPhase, openDatabase, redactUrl, sortFindings, verifyDb, type DbCheckId, type DbFinding, type FindingLevel, type Phase, type VerifyDbOptions, type VerifyDbResult } from './db/index.js';
export { buildReport, domainMatcher, percent, prettySize, type DbReport, type ReportDomain, type ReportOptions, type ReportTable, type ReportView } from './report/index.js';
