// A worker thread of `readInParallel` (read-files.ts): reads and pre-filters chunks of the scanned
// files. It loads no TypeScript: only the text tests.
import { parentPort, workerData } from 'node:worker_threads';
import { workChunks } from './read-files.js';

// Chunks go to the port the main thread drains between its own chunks (its parent port without one).
const port = workerData.port ?? parentPort!;
workChunks(workerData, (result) => port.postMessage(result));
port.postMessage('done');
