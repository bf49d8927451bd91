import { UsageError } from '@retable/core/base';

/** `--threads N`: a whole number ≥ 1, or undefined for the default. */
export function parseThreads(given: string | undefined): number | undefined {
  if (given === undefined) return undefined;
  const n = Number(given.trim());
  if (!/^\d+$/.test(given.trim()) || !Number.isSafeInteger(n) || n < 1) {
    throw new UsageError(`--threads ${given}: expected a whole number ≥ 1, e.g. --threads 2`);
  }
  return n;
}
