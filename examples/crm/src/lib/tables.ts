// Table names used in more than one module live here, so a rename touches one line.
export const LEADS_TABLE = 'leads';

export const TABLES = {
  contacts: 'contacts',
  emailLogs: 'email_logs',
  aiJobs: 'ai_jobs',
} as const;

// The navigation section, not a table: it names the page.
export const NAV_SECTION = 'leads';
