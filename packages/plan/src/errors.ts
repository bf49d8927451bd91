import { RetableError } from '@retable/core/base';

/** The plan cannot be written: the message says what to fix. The CLI exits 2. */
export class PlanError extends RetableError {
  override name = 'PlanError';
}
