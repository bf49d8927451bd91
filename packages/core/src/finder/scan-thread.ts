import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker, isMainThread } from 'node:worker_threads';
import type { Need } from './scan.js';

/**
 * The scan thread: a worker that reads and pre-filters files on the second core, taking them from
 * the back of the list while the main thread takes them from the front (claims.ts), until they meet.
 *
 * It starts when this module is evaluated (core's entry imports it first), so its start-up overlaps
 * with the main thread loading zod and TypeScript; it is unref'd while idle, so it never keeps the
 * process alive. Without the built worker script (tests run from the sources), with
 * `RETABLE_NO_THREADS=1`, or if the worker fails, the main thread reads everything itself.
 */
export interface ScanRequest {
  readonly id: number;
  readonly root: string;
  readonly files: readonly string[];
  readonly oldNames: readonly string[];
  readonly newNames: readonly string[];
  /** Shared claims on `files` (claims.ts). */
  readonly claims: BigInt64Array;
}

export type ScanReply =
  | { readonly id: number; readonly from: number; readonly needs: Need[]; readonly texts: Array<string | null>; readonly failed?: undefined }
  | { readonly id: number; readonly failed: true };

export interface Classified {
  /** The first index the scan thread classified: it did every file from there to the end. */
  readonly from: number;
  readonly needs: readonly Need[];
  /** The text of each file, null when it needs nothing. */
  readonly texts: ReadonlyArray<string | null>;
}

export interface ScanThread {
  /**
   * Start reading and classifying `files` from the back. `result()` waits for what the thread did
   * (undefined if it failed: then read its share yourself); `forget()` when it claimed nothing.
   */
  classify(request: Omit<ScanRequest, 'id'>): { result(): Promise<Classified | undefined>; forget(): void };
}

let thread: ScanThread | undefined = start();

/** The running scan thread, if any. */
export function scanThread(): ScanThread | undefined {
  return thread;
}

function start(): ScanThread | undefined {
  if (!isMainThread || process.env.RETABLE_NO_THREADS) return undefined;
  const script = new URL('./scan-worker.js', import.meta.url);
  if (script.protocol !== 'file:' || !existsSync(fileURLToPath(script))) return undefined;
  let worker: Worker;
  try {
    // No inherited node flags: `--input-type`, loaders or `--eval` make no sense for this script.
    worker = new Worker(script, { execArgv: [] });
  } catch {
    return undefined;
  }
  const pending = new Map<number, (reply: ScanReply | undefined) => void>();
  let nextId = 1;
  const gone = (): void => {
    thread = undefined;
    for (const resolve of pending.values()) resolve(undefined);
    pending.clear();
  };
  worker.on('error', gone);
  worker.on('exit', gone);
  worker.on('message', (reply: ScanReply) => {
    const resolve = pending.get(reply.id);
    pending.delete(reply.id);
    if (pending.size === 0) worker.unref();
    resolve?.(reply);
  });
  // After the listeners: adding a 'message' listener refs the worker again.
  worker.unref();
  return {
    classify(request) {
      const id = nextId++;
      const reply = new Promise<ScanReply | undefined>((resolve) => {
        if (thread === undefined) return resolve(undefined);
        pending.set(id, resolve);
        // Referenced while a request runs: the process must wait for the answer.
        worker.ref();
        worker.postMessage({ id, ...request } satisfies ScanRequest);
      });
      return {
        result: async () => {
          const answer = await reply;
          return answer && !answer.failed ? answer : undefined;
        },
        forget: () => {
          if (pending.delete(id) && pending.size === 0) worker.unref();
        },
      };
    },
  };
}
