/** Every check verify-db runs, in the order findings are listed. */
export const DB_CHECK_IDS = [
  'name-too-long',
  'new-table-missing',
  'old-name-remains',
  'compat-view-missing',
  'compat-view-target',
  'compat-view-columns',
  'compat-view-grants',
  'compat-view-dependents',
  'view-not-security-invoker',
  'stale-function-body',
  'stale-cron-command',
  'rls-disabled-readable',
  'rls-no-policy',
  'policy-rls-disabled',
  'derived-name-stale',
] as const;

export type DbCheckId = (typeof DB_CHECK_IDS)[number];

export type FindingLevel = 'error' | 'warn';

/** One problem in the live database, with the one statement (or step) that fixes it. */
export interface DbFinding {
  readonly id: DbCheckId;
  readonly level: FindingLevel;
  /** The object at fault, schema-qualified: `public.leads`, `public.touch_leads()`, `public.crm_leads.leads_pkey`. */
  readonly object: string;
  readonly message: string;
  /** One line: usually the SQL statement that fixes it. */
  readonly fix: string;
}

export type Phase = 'expand' | 'contract';

export interface VerifyDbResult {
  readonly phase: Phase;
  /** Why the phase was chosen: `given` (--phase) or the inference's reason. */
  readonly phaseReason: string;
  readonly schema: string;
  /** The schemas checked for RLS and view security (public and the config's schema). */
  readonly exposedSchemas: readonly string[];
  readonly findings: readonly DbFinding[];
  readonly errors: number;
  readonly warnings: number;
}

/** Findings in check order, then by object and message, so output never depends on catalog order. */
export function sortFindings(findings: readonly DbFinding[]): DbFinding[] {
  const rank = new Map<string, number>(DB_CHECK_IDS.map((id, index) => [id, index]));
  return [...findings].sort(
    (a, b) =>
      rank.get(a.id)! - rank.get(b.id)! ||
      compareText(a.object, b.object) ||
      compareText(a.message, b.message),
  );
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
