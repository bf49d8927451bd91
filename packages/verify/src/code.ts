// `@retable/verify/code`: the code check alone, so `retable verify` does not load the database
// checks (pg, the SQL parser) that the package's main entry also exports.
export { verify, type VerifyOptions } from './code/verify.js';
export { summarize, type SummarizeInput } from './code/summarize.js';
export { findLegacyTypeKeys } from './code/types-file.js';
export { scanMentions, wholeWordPattern, type MentionFileKind, type ScanMentionsInput } from './code/mentions.js';
export type { ChangedOptions } from './code/changed.js';
export { changedSince, isRevision, type ChangedSince } from './code/git.js';
export type { ChangedScope, LegacyTypeKey, Mention, MentionContext, NameCount, VerifyResult } from './code/result.js';
