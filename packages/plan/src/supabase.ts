/**
 * Where a plan goes in a Supabase project: expand joins `supabase/migrations` (applied by the next
 * `supabase db push` or `supabase migration up`), contract and rollback wait in `supabase/retable`
 * until the code that uses the new names is deployed. File names carry Supabase's version: a UTC
 * `YYYYMMDDHHMMSS` timestamp, strictly after every existing one, so the order holds and nothing collides.
 */

export const SUPABASE_MIGRATIONS_DIR = 'supabase/migrations';
export const SUPABASE_PENDING_DIR = 'supabase/retable';

export interface SupabasePlanFiles {
  /** `<version>_retable_expand.sql`, for supabase/migrations. */
  readonly expand: string;
  /** `<version + 1 s>_retable_contract.sql`, for supabase/retable until after the deploy. */
  readonly contract: string;
  /** `<version + 2 s>_retable_rollback.sql`, beside the contract (it also undoes a contract). */
  readonly rollback: string;
}

/** The version of a Supabase migration file name (`20240318102000_init.sql` → `20240318102000`), or undefined. */
export function migrationVersion(fileName: string): string | undefined {
  return /^(\d+)_[^/]*\.sql$/.exec(fileName)?.[1];
}

/** `YYYYMMDDHHMMSS` in UTC. */
export function supabaseTimestamp(date: Date): string {
  const pad = (n: number, width = 2) => String(n).padStart(width, '0');
  return (
    pad(date.getUTCFullYear(), 4) +
    pad(date.getUTCMonth() + 1) +
    pad(date.getUTCDate()) +
    pad(date.getUTCHours()) +
    pad(date.getUTCMinutes()) +
    pad(date.getUTCSeconds())
  );
}

/** A `YYYYMMDDHHMMSS` version as a date, or undefined when it is not one. */
function parseTimestamp(version: string): Date | undefined {
  const m = /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})$/.exec(version);
  if (!m) return undefined;
  const [year, month, day, hour, minute, second] = m.slice(1).map(Number) as [number, number, number, number, number, number];
  const date = new Date(Date.UTC(year, month - 1, day, hour, minute, second));
  return supabaseTimestamp(date) === version ? date : undefined;
}

/**
 * The three file names for a plan written at `now`, after every version in `existing` (file names
 * from supabase/migrations and supabase/retable). When the newest existing version is at or after
 * `now` (clock skew, a hand-made future version), the files follow it one second at a time.
 */
export function supabasePlanFiles(existing: readonly string[], now: Date): SupabasePlanFiles {
  const versions = existing.map(migrationVersion).filter((v): v is string => v !== undefined);
  let newest: bigint | undefined;
  let newestVersion = '';
  for (const version of versions) {
    const value = BigInt(version);
    if (newest === undefined || value > newest) {
      newest = value;
      newestVersion = version;
    }
  }
  let start = new Date(Math.floor(now.getTime() / 1000) * 1000);
  if (newest !== undefined && BigInt(supabaseTimestamp(start)) <= newest) {
    const after = parseTimestamp(newestVersion);
    if (after) start = new Date(after.getTime() + 1000);
    else {
      // Not a timestamp (e.g. 0001_init.sql past a 14-digit now): count on from it as a number.
      const next = (offset: number) => (newest! + BigInt(offset + 1)).toString().padStart(newestVersion.length, '0');
      return { expand: `${next(0)}_retable_expand.sql`, contract: `${next(1)}_retable_contract.sql`, rollback: `${next(2)}_retable_rollback.sql` };
    }
  }
  const at = (seconds: number) => supabaseTimestamp(new Date(start.getTime() + seconds * 1000));
  return {
    expand: `${at(0)}_retable_expand.sql`,
    contract: `${at(1)}_retable_contract.sql`,
    rollback: `${at(2)}_retable_rollback.sql`,
  };
}

/** The three names for an expand file already written (`<version>_retable_expand.sql`), or undefined. */
export function planFilesFor(expandName: string): SupabasePlanFiles | undefined {
  const version = /^(\d{14})_retable_expand\.sql$/.exec(expandName)?.[1];
  const start = version === undefined ? undefined : parseTimestamp(version);
  if (!start) return undefined;
  const at = (seconds: number) => supabaseTimestamp(new Date(start.getTime() + seconds * 1000));
  return { expand: expandName, contract: `${at(1)}_retable_contract.sql`, rollback: `${at(2)}_retable_rollback.sql` };
}
