import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parentPort } from 'node:worker_threads';
import type { ScanReply, ScanRequest } from './scan-thread.js';
import { classifier, type Need } from './scan.js';

/**
 * The scan thread (see scan-thread.ts): reads and classifies its share of the files. Only the texts
 * of files that need more than nothing are sent back.
 */
const port = parentPort!;

port.on('message', (request: ScanRequest) => {
  let reply: ScanReply;
  try {
    const classify = classifier({ oldNames: new Set(request.oldNames), newNames: new Set(request.newNames) });
    const needs: Need[] = [];
    const texts: Array<string | null> = [];
    for (const file of request.files) {
      const text = readFileSync(path.join(request.root, file), 'utf8');
      const need = classify(text);
      needs.push(need);
      texts.push(need === 'nothing' ? null : text);
    }
    reply = { id: request.id, needs, texts };
  } catch {
    // The main thread reads these files itself and meets the same error, if it persists.
    reply = { id: request.id, failed: true };
  }
  port.postMessage(reply);
});
