// A worker thread of `readInParallel` (read-files.ts): reads and pre-filters chunks of the scanned
// files. It loads no TypeScript: only the text tests.
import { parentPort, workerData } from 'node:worker_threads';
import { workChunks } from './read-files.js';

workChunks(workerData, (result) => parentPort!.postMessage(result));
parentPort!.postMessage('done');
