import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parentPort } from 'node:worker_threads';
import { claimBack } from './claims.js';
import type { ScanReply, ScanRequest } from './scan-thread.js';
import { classifier, type Need } from './scan.js';

/**
 * The scan thread (see scan-thread.ts): reads and classifies files from the back of the list until
 * it meets the main thread. Only the texts of files that need more than nothing are sent back.
 */
const port = parentPort!;
const CHUNK = 32;

port.on('message', (request: ScanRequest) => {
  let reply: ScanReply;
  try {
    const classify = classifier({ oldNames: new Set(request.oldNames), newNames: new Set(request.newNames) });
    const needs: Need[] = [];
    const texts: Array<string | null> = [];
    let from = request.files.length;
    for (let claim = claimBack(request.claims, CHUNK); claim; claim = claimBack(request.claims, CHUNK)) {
      for (let index = claim[1] - 1; index >= claim[0]; index -= 1) {
        const text = readFileSync(path.join(request.root, request.files[index]!), 'utf8');
        const need = classify(text);
        needs.push(need);
        texts.push(need === 'nothing' ? null : text);
      }
      from = claim[0];
    }
    reply = { id: request.id, from, needs: needs.reverse(), texts: texts.reverse() };
  } catch {
    // The main thread reads these files itself and meets the same error, if it persists.
    reply = { id: request.id, failed: true };
  }
  port.postMessage(reply);
});
