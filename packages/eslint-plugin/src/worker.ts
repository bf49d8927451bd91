import { workerData, type MessagePort } from 'node:worker_threads';
import type { LintRequest, LintResponse } from './project.js';

/**
 * The worker thread behind `lintSync`: ESLint rules are synchronous, the finder is asynchronous.
 * Each request is answered on the port, then the shared flag is raised so the waiting rule wakes.
 */
const { port, flag } = workerData as { port: MessagePort; flag: Int32Array };

export type WorkerReply =
  | { readonly id: number; readonly ok: LintResponse }
  | { readonly id: number; readonly error: { readonly name: string; readonly message: string; readonly stack?: string } };

// Loaded at once (TypeScript is most of it), while ESLint itself starts; a module that fails to
// load is answered as an error for each request, not a silent hang.
const loading = import('./project.js');
loading.catch(() => undefined);

port.on('message', (message: { id: number; request: LintRequest }) => {
  const reply = (value: WorkerReply): void => {
    port.postMessage(value);
    Atomics.store(flag, 0, message.id);
    Atomics.notify(flag, 0);
  };
  loading.then(({ lintText }) => lintText(message.request)).then(
    (ok) => reply({ id: message.id, ok }),
    (error: unknown) => {
      const { name, message: text, stack } = error instanceof Error ? error : new Error(String(error));
      reply({ id: message.id, error: { name, message: text, ...(stack ? { stack } : {}) } });
    },
  );
});
