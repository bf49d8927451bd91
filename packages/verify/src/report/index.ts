export { buildReport, type DbReport, type ReportDomain, type ReportOptions, type ReportTable, type ReportView } from './report.js';
export { domainMatcher } from './domains.js';
export { percent, prettySize } from './size.js';
