/**
 * What must not outlive an interrupted run: temporary files being written, a held lock, a
 * throwaway database server. Libraries register an undo step while the resource exists; the CLI
 * runs them all when it gets SIGINT or SIGTERM, before it exits. Nothing here touches the process.
 */
const steps = new Set<() => void | Promise<void>>();

/** Register `step`; the returned function unregisters it (call it once the resource is gone). */
export function registerCleanup(step: () => void | Promise<void>): () => void {
  steps.add(step);
  return () => {
    steps.delete(step);
  };
}

/** Run every registered step, newest first, each at most once; a failing step does not stop the others. */
export async function runCleanups(): Promise<void> {
  const pending = [...steps].reverse();
  steps.clear();
  for (const step of pending) {
    try {
      await step();
    } catch {
      // Best effort: the process is going away; the next run removes stale temporary files.
    }
  }
}
