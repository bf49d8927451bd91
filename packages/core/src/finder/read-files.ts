import os from 'node:os';
import path from 'node:path';
import { MessageChannel, receiveMessageOnPort, Worker, type MessagePort } from 'node:worker_threads';
import { readSourceText } from '../encoding.js';
import { decider, type ClassifyNames, type Need } from './classify.js';

/** Error codes that make one listed file unreadable (reported, not checked) rather than the run fail. */
const UNREADABLE = ['EACCES', 'EPERM', 'ENOENT', 'EISDIR', 'ELOOP', 'EIO'];

/**
 * Reads `files[from..to)` synchronously, in order. A file that cannot be read (no permission, gone
 * since the listing) is passed to `unreadable` with the error's code and scanned as empty, so the
 * other files are still checked; without `unreadable` the error is thrown.
 */
export function readRangeSync(
  root: string,
  files: readonly string[],
  from: number,
  to: number,
  keep: (index: number, text: string) => unknown,
  unreadable?: (file: string, code: string) => void,
): void {
  // Most listed paths are plain posix paths below an absolute root: joined without path.join's
  // normalisation (10,000 files: two path.join calls per file were ~30 ms of a run's profile).
  const plain = path.sep === '/' && root !== '/';
  for (let index = from; index < to; index += 1) {
    const rel = files[index]!;
    let text: string;
    try {
      text = readSourceText(plain && isPlainRelative(rel) ? `${root}/${rel}` : path.join(root, rel));
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (!unreadable || !code || !UNREADABLE.includes(code)) throw error;
      unreadable(rel, code);
      text = '';
    }
    keep(index, text);
  }
}

/** A relative path that `path.join` would leave as it is: no `.`/`..` segment, no doubled or trailing slash. */
export function isPlainRelative(rel: string): boolean {
  return rel !== '' && !rel.startsWith('/') && !rel.endsWith('/') && !rel.includes('//') && !/(^|\/)\.\.?(\/|$)/.test(rel);
}

/** Files per unit of work a thread takes: small enough to balance, large enough that messages stay few. */
const CHUNK = 256;
/** Below this many files per thread a worker's start-up (~30-50 ms) costs more than it saves. */
const MIN_FILES_PER_THREAD = 2500;
/**
 * On 2 cores, one worker only for a big tree: the process's other threads (the garbage collector's,
 * V8's compiler threads while TypeScript's parser warms up) already use the second core on a small
 * one. Measured on the bench corpus, 2 threads against 1, this thread parsing while the worker reads
 * (medians of 3-8 runs): 10,000 files 1.36 s vs 1.26 s, 25,000 1.95 s vs 1.94 s, 50,000 3.20 s vs
 * 3.95 s, 100,000 5.37 s vs 6.96 s.
 */
const MIN_FILES_ON_TWO_CORES = 40_000;
const NEEDS: readonly Need[] = ['nothing', 'names', 'dynamic', 'imports'];

/**
 * How many threads read and pre-filter `files` files: `requested`, or by the files and the cores
 * (`cores`: the machine's, `os.availableParallelism()`).
 */
export function readThreads(files: number, requested: number | undefined, cores = availableCores()): number {
  if (requested !== undefined) return Math.max(1, Math.floor(requested));
  if (cores <= 1) return 1;
  if (cores === 2) return files >= MIN_FILES_ON_TWO_CORES ? 2 : 1;
  return Math.max(1, Math.min(cores, 4, Math.floor(files / MIN_FILES_PER_THREAD)));
}

function availableCores(): number {
  return typeof os.availableParallelism === 'function' ? os.availableParallelism() : os.cpus().length;
}

/** One chunk's outcome from a worker: each file's need (index in NEEDS), the texts of the files to keep. */
interface ChunkResult {
  readonly chunk: number;
  readonly needs: Uint8Array;
  readonly texts: Array<string | undefined>;
  readonly unreadable: Array<[number, string]>;
}

export interface ReadParallelInput {
  readonly root: string;
  readonly files: readonly string[];
  readonly names: ClassifyNames;
  /** Threads in all, this one included (see `readThreads`). */
  readonly threads: number;
  /** Each file's text; `need` when a worker already classified it (its text then only if needed). */
  readonly keep: (index: number, text: string, need?: Need) => void;
  readonly unreadable: (file: string, code: string) => void;
}

/**
 * Reads and pre-filters the files on this thread and `threads - 1` worker threads, which take chunks
 * of files from a shared counter: a worker that starts late, or not at all (no worker file next to
 * this module, as when running from sources), takes fewer chunks and this thread the rest, so the
 * outcome never depends on the workers. A chunk a worker took but did not report is read here.
 * Between its own chunks this thread hands the workers' chunks to `keep`, so that what `keep` does
 * with them (findReferences parses the files to parse) overlaps the workers' reading.
 */
export async function readInParallel(input: ReadParallelInput): Promise<void> {
  const { root, files, keep, unreadable } = input;
  const chunks = Math.ceil(files.length / CHUNK);
  const counter = new Int32Array(new SharedArrayBuffer(4));
  const done = new Uint8Array(chunks);
  let doneCount = 0;
  let allDone: () => void = () => undefined;
  const finished = new Promise<void>((resolve) => (allDone = resolve));
  const mark = (chunk: number): void => {
    done[chunk] = 1;
    doneCount += 1;
    if (doneCount === chunks) allDone();
  };
  const workerFile = new URL('./scan-worker.js', import.meta.url);
  const { oldNames, newNames, renameDerived, schema } = input.names;
  const names: ClassifyNames = { oldNames, newNames, ...(renameDerived === undefined ? {} : { renameDerived }), ...(schema === undefined ? {} : { schema }) };
  const workers: Worker[] = [];
  const ports: MessagePort[] = [];
  const settled: Array<Promise<void>> = [];
  const take = (result: ChunkResult): void => {
    for (const [index, code] of result.unreadable) unreadable(files[index]!, code);
    for (let i = 0; i < result.needs.length; i += 1) {
      const index = result.chunk * CHUNK + i;
      keep(index, result.texts[i] ?? '', NEEDS[result.needs[i]!]!);
    }
    mark(result.chunk);
  };
  if (!import.meta.url.endsWith('.ts')) {
    for (let i = 1; i < input.threads; i += 1) {
      let worker: Worker;
      // Chunks come back on a port of their own, which this thread drains between its own chunks:
      // what `keep` does with a worker's files (the caller parses them) overlaps the reading.
      const { port1, port2 } = new MessageChannel();
      try {
        worker = new Worker(workerFile, { workerData: { root, files, names, counter, chunkSize: CHUNK, port: port2 }, transferList: [port2] });
      } catch {
        port1.close();
        break;
      }
      workers.push(worker);
      ports.push(port1);
      settled.push(
        new Promise<void>((resolve) => {
          port1.on('message', (result: ChunkResult | 'done') => {
            if (result === 'done') return resolve();
            take(result);
          });
          // A worker that fails leaves its chunks to this thread (read below, errors and all).
          worker.on('error', () => resolve());
          worker.on('exit', () => resolve());
        }),
      );
    }
  }
  const drain = (): void => {
    for (const port of ports) {
      for (let message = receiveMessageOnPort(port); message; message = receiveMessageOnPort(port)) {
        if (message.message !== 'done') take(message.message as ChunkResult);
      }
    }
  };
  try {
    for (let chunk = Atomics.add(counter, 0, 1); chunk < chunks; chunk = Atomics.add(counter, 0, 1)) {
      readRangeSync(root, files, chunk * CHUNK, Math.min(files.length, (chunk + 1) * CHUNK), keep, unreadable);
      mark(chunk);
      drain();
    }
    drain();
    // Wait only for the chunks the workers took: not for a worker still starting, which now finds
    // no chunk left and is stopped.
    if (doneCount < chunks) await Promise.race([finished, Promise.all(settled)]);
  } finally {
    // Also when reading or keeping fails here: the workers would otherwise read on to the end.
    for (const worker of workers) void worker.terminate();
    for (const port of ports) port.close();
  }
  for (let chunk = 0; chunk < chunks; chunk += 1) {
    if (!done[chunk]) readRangeSync(root, files, chunk * CHUNK, Math.min(files.length, (chunk + 1) * CHUNK), keep, unreadable);
  }
}

/** A worker's loop (scan-worker.ts): take chunks, read and classify their files, post each chunk. */
export function workChunks(
  data: { root: string; files: readonly string[]; names: ClassifyNames; counter: Int32Array; chunkSize: number; port?: MessagePort },
  post: (result: ChunkResult) => void,
): void {
  const { root, files, counter, chunkSize } = data;
  const decide = decider(data.names);
  const chunks = Math.ceil(files.length / chunkSize);
  for (let chunk = Atomics.add(counter, 0, 1); chunk < chunks; chunk = Atomics.add(counter, 0, 1)) {
    const from = chunk * chunkSize;
    const to = Math.min(files.length, from + chunkSize);
    const needs = new Uint8Array(to - from);
    const texts: Array<string | undefined> = new Array(to - from);
    const unreadable: Array<[number, string]> = [];
    readRangeSync(
      root,
      files,
      from,
      to,
      (index, raw) => {
        const need = decide(files[index]!, raw).need;
        needs[index - from] = NEEDS.indexOf(need);
        if (need !== 'nothing') texts[index - from] = raw;
      },
      (file, code) => unreadable.push([files.indexOf(file, from), code]),
    );
    post({ chunk, needs, texts, unreadable });
  }
}
