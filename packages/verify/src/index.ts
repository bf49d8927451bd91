export { verify, type VerifyOptions } from './code/verify.js';
export { summarize, type SummarizeInput } from './code/summarize.js';
export { findLegacyTypeKeys } from './code/types-file.js';
export { scanMentions, wholeWordPattern, type MentionFileKind, type ScanMentionsInput } from './code/mentions.js';
export type { LegacyTypeKey, Mention, MentionContext, NameCount, VerifyResult } from './code/result.js';
export { DB_CHECK_IDS, inferPhase, openDatabase, redactUrl, sortFindings, verifyDb, type DbCheckId, type DbFinding, type FindingLevel, type Phase, type VerifyDbOptions, type VerifyDbResult } from './db/index.js';
export { buildReport, domainMatcher, percent, prettySize, type DbReport, type ReportDomain, type ReportOptions, type ReportTable, type ReportView } from './report/index.js';
