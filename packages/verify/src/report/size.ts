/**
 * Bytes as PostgreSQL's pg_size_pretty writes them (`8192 bytes`, `16 kB`, `39 MB`): same
 * thresholds and rounding, so a table's size in the report matches what a DBA sees in psql.
 */
export function prettySize(bytes: number): string {
  const limit = 10 * 1024;
  const limit2 = limit * 2 - 1;
  let size = Math.trunc(bytes);
  if (Math.abs(size) < limit) return `${size} bytes`;
  size = Math.trunc(size / 512); // keep one extra bit for rounding
  for (const unit of ['kB', 'MB', 'GB', 'TB']) {
    if (Math.abs(size) < limit2 || unit === 'TB') return `${halfRounded(size)} ${unit}`;
    size = Math.trunc(size / 1024);
  }
  return `${halfRounded(size)} TB`;
}

function halfRounded(x: number): number {
  return Math.trunc((x + (x < 0 ? -1 : 1)) / 2);
}

/** A percentage with at most one decimal (91.7, 100), or null when there is nothing to count. */
export function percent(part: number, whole: number): number | null {
  if (whole === 0) return null;
  return Math.round((part / whole) * 1000) / 10;
}
