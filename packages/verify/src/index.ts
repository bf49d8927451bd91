export { verify, type VerifyOptions } from './code/verify.js';
export { summarize, type SummarizeInput } from './code/summarize.js';
export { findLegacyTypeKeys } from './code/types-file.js';
export { scanMentions, wholeWordPattern, type MentionFileKind, type ScanMentionsInput } from './code/mentions.js';
export type { LegacyTypeKey, Mention, MentionContext, NameCount, VerifyResult } from './code/result.js';
