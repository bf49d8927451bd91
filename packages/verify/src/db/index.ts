export { verifyDb, inferPhase, type VerifyDbOptions } from './verify-db.js';
export { DB_CHECK_IDS, sortFindings, type DbCheckId, type DbFinding, type FindingLevel, type Phase, type VerifyDbResult } from './finding.js';
export { openDatabase, redactUrl } from './connect.js';
