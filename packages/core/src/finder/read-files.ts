import os from 'node:os';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
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
 * Workers only with a core to spare for them: on 2 cores (measured on the bench corpus, 10,000 and
 * 50,000 files, with other processes running) a worker made no difference, as the process's other
 * threads (the garbage collector's, the file system's) already use the second core.
 */
const MIN_CORES = 3;
const NEEDS: readonly Need[] = ['nothing', 'names', 'dynamic', 'imports'];

/** How many threads read and pre-filter `files` files: `requested`, or by the files and the cores. */
export function readThreads(files: number, requested: number | undefined): number {
  if (requested !== undefined) return Math.max(1, Math.floor(requested));
  const cores = typeof os.availableParallelism === 'function' ? os.availableParallelism() : os.cpus().length;
  if (cores < MIN_CORES) return 1;
  return Math.max(1, Math.min(cores, 4, Math.floor(files / MIN_FILES_PER_THREAD)));
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
  const settled: Array<Promise<void>> = [];
  if (!import.meta.url.endsWith('.ts')) {
    for (let i = 1; i < input.threads; i += 1) {
      let worker: Worker;
      try {
        worker = new Worker(workerFile, { workerData: { root, files, names, counter, chunkSize: CHUNK } });
      } catch {
        break;
      }
      workers.push(worker);
      settled.push(
        new Promise<void>((resolve) => {
          worker.on('message', (result: ChunkResult | 'done') => {
            if (result === 'done') return resolve();
            for (const [index, code] of result.unreadable) unreadable(files[index]!, code);
            for (let i = 0; i < result.needs.length; i += 1) {
              const index = result.chunk * CHUNK + i;
              keep(index, result.texts[i] ?? '', NEEDS[result.needs[i]!]!);
            }
            mark(result.chunk);
          });
          // A worker that fails leaves its chunks to this thread (read below, errors and all).
          worker.on('error', () => resolve());
          worker.on('exit', () => resolve());
        }),
      );
    }
  }
  for (let chunk = Atomics.add(counter, 0, 1); chunk < chunks; chunk = Atomics.add(counter, 0, 1)) {
    readRangeSync(root, files, chunk * CHUNK, Math.min(files.length, (chunk + 1) * CHUNK), keep, unreadable);
    mark(chunk);
  }
  // Wait only for the chunks the workers took: not for a worker still starting, which now finds
  // no chunk left and is stopped.
  if (doneCount < chunks) await Promise.race([finished, Promise.all(settled)]);
  for (const worker of workers) void worker.terminate();
  for (let chunk = 0; chunk < chunks; chunk += 1) {
    if (!done[chunk]) readRangeSync(root, files, chunk * CHUNK, Math.min(files.length, (chunk + 1) * CHUNK), keep, unreadable);
  }
}

/** A worker's loop (scan-worker.ts): take chunks, read and classify their files, post each chunk. */
export function workChunks(
  data: { root: string; files: readonly string[]; names: ClassifyNames; counter: Int32Array; chunkSize: number },
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
