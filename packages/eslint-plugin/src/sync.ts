import { MessageChannel, receiveMessageOnPort, Worker, type MessagePort } from 'node:worker_threads';
import type { LintRequest, LintResponse } from './project.js';
import { stampOf } from './stamp.js';
import type { WorkerReply } from './worker.js';

/**
 * ESLint calls rules synchronously; core's finder and config loader are asynchronous. The analysis
 * runs in a worker thread (which also keeps the per-run caches), and the rule blocks on a shared
 * flag until the answer is on the port: the same technique as eslint-plugin-prettier's synckit,
 * with Node's own `receiveMessageOnPort`.
 */
interface Channel {
  readonly worker: Worker;
  readonly port: MessagePort;
  readonly flag: Int32Array;
  next: number;
}

let channel: Channel | undefined;

// The worker next to this module: in dist/ (tsc) and in the published bundle; when this module runs
// from src/ (tests), the compiled one (src/../dist is dist).
const WORKER_URL = new URL(import.meta.url.endsWith('.ts') ? '../dist/worker.js' : './worker.js', import.meta.url);
// The first request of a run analyses the whole project; a stuck worker must not hang ESLint.
const TIMEOUT_MS = 10 * 60 * 1000;

function open(): Channel {
  if (channel) return channel;
  const { port1, port2 } = new MessageChannel();
  const flag = new Int32Array(new SharedArrayBuffer(4));
  const worker = new Worker(WORKER_URL, { workerData: { port: port2, flag }, transferList: [port2] });
  // ESLint's process ends when its work is done, whatever the worker holds.
  worker.unref();
  port1.unref();
  channel = { worker, port: port1, flag, next: 1 };
  return channel;
}

/**
 * Start the worker now: it loads the finder (TypeScript) on the other core while ESLint reads its
 * config and parses the first files. Called when the plugin is loaded.
 */
export function startWorker(): void {
  open();
}

function ask(request: LintRequest): LintResponse {
  const { port, flag } = open();
  const id = channel!.next++;
  port.postMessage({ id, request });
  const deadline = Date.now() + TIMEOUT_MS;
  for (;;) {
    // Read the flag before looking at the port: a reply that lands in between changes the flag,
    // so the wait below returns at once instead of sleeping through it.
    const seen = Atomics.load(flag, 0);
    const reply = receiveMessageOnPort(port)?.message as WorkerReply | undefined;
    if (reply && reply.id === id) {
      if ('ok' in reply) return reply.ok;
      const error = new Error(reply.error.message);
      error.name = reply.error.name;
      throw error;
    }
    if (reply) continue; // an answer to an abandoned request
    const left = deadline - Date.now();
    if (left <= 0) throw new Error(`eslint-plugin-retable: no answer from the analysis after ${TIMEOUT_MS / 1000} s`);
    Atomics.wait(flag, 0, seen, Math.min(left, 1000));
  }
}

interface Remembered {
  readonly request: LintRequest;
  readonly response: LintResponse;
  readonly at: number;
}

// An editor lints the open files again and again (on focus, after another file is saved): the
// same text gets the same answer without a trip to the worker, for as long as the project's
// analysis would be reused and the config file is unchanged.
const remembered = new Map<string, Remembered>();
const REMEMBERED_FILES = 64;

/** The analysis of one linted text (see project.ts), synchronously. */
export function lintSync(request: LintRequest): LintResponse {
  const key = `${request.cwd}\0${request.configFile ?? ''}\0${request.filename}`;
  const last = remembered.get(key);
  if (
    last &&
    last.request.text === request.text &&
    last.request.hasBOM === request.hasBOM &&
    Date.now() - last.at <= request.cacheLifetime * 1000 &&
    stampOf(last.response.configPath) === last.response.configStamp
  ) {
    return last.response;
  }
  const response = ask(request);
  remembered.delete(key);
  remembered.set(key, { request, response, at: Date.now() });
  if (remembered.size > REMEMBERED_FILES) remembered.delete(remembered.keys().next().value!);
  return response;
}
