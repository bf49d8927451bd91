import { randomBytes } from 'node:crypto';
import { unlinkSync, type BigIntStats } from 'node:fs';
import { access, chmod, constants, mkdir, open, readdir, readFile, realpath, rename, stat, unlink, type FileHandle } from 'node:fs/promises';
import path from 'node:path';
import { registerCleanup } from './cleanup.js';

/** A path with posix separators, as every report and message shows it. */
export function toPosix(file: string): string {
  return file.split(path.sep).join('/');
}

export interface WriteFileAtomicOptions {
  /** The file's permission bits (e.g. those of the file being replaced); default: 0o666 less the umask. */
  readonly mode?: number;
  /** Owner and group the new file gets (those of the file being replaced); default: the process's. */
  readonly owner?: { readonly uid: number; readonly gid: number };
}

/** `.<name>.retable-<12 hex>.tmp`: the temporary files this module writes, and only those. */
const TEMP_NAME = /^\..+\.retable-[0-9a-f]{12}\.tmp$/s;

/**
 * Write a file so that readers see the old content or the new one, never a part: a temporary file
 * beside it (same directory, so the rename stays on one file system), flushed, then renamed over it.
 * The parent directory is created if needed; on failure, or when the run is interrupted
 * (runCleanups), the temporary file is removed.
 */
export async function writeFileAtomic(file: string, data: string | Uint8Array, options: WriteFileAtomicOptions = {}): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true });
  const temp = await writeTemp(file, data, options);
  try {
    await rename(temp.path, file);
  } finally {
    await temp.dispose();
  }
}

interface TempFile {
  readonly path: string;
  /** The temporary file's inode, to recognise it after the rename. */
  readonly ino: bigint;
  /** Remove it if it is still there, and stop tracking it. */
  dispose(): Promise<void>;
}

async function writeTemp(file: string, data: string | Uint8Array, options: WriteFileAtomicOptions): Promise<TempFile> {
  const temp = path.join(path.dirname(file), `.${path.basename(file)}.retable-${randomBytes(6).toString('hex')}.tmp`);
  const unregister = registerCleanup(() => unlinkSync(temp));
  const dispose = async () => {
    unregister();
    await unlink(temp).catch(() => undefined);
  };
  try {
    const handle: FileHandle = await open(temp, 'wx', options.mode ?? 0o666);
    let ino: bigint;
    try {
      await handle.writeFile(data);
      await handle.sync();
      if (options.owner && (options.owner.uid !== process.getuid?.() || options.owner.gid !== process.getgid?.())) {
        await handle.chown(options.owner.uid, options.owner.gid);
      }
      ino = (await handle.stat({ bigint: true })).ino;
    } finally {
      await handle.close();
    }
    // open()'s mode is filtered by the umask, and chown clears set-id bits: a given mode is set exactly.
    if (options.mode !== undefined) await chmod(temp, options.mode);
    return { path: temp, ino, dispose };
  } catch (error) {
    await dispose();
    throw error;
  }
}

export interface ReplaceFileOptions {
  /** The bytes the file was read with: it is replaced only if it still holds exactly these. */
  readonly expected: Uint8Array;
  /**
   * Runs after the new text is written to the temporary file, right before the last check and the
   * rename: where a test makes a concurrent edit happen deterministically.
   */
  readonly beforeRename?: () => void | Promise<void>;
}

/** What replaceFile did: written, or left unchanged with the reason (one phrase, for a report line). */
export type ReplaceOutcome = { readonly written: true } | { readonly written: false; readonly reason: string };

/**
 * Replace an existing file's content atomically, only if that is safe: the file (through
 * symlinks) is a regular file with one link, writable by this user, still holds `expected`, and
 * keeps its mode, owner and group. The file's identity (device, inode, size, change and
 * modification times) is checked again right before the rename, and after it the file must be the
 * one written, so `written` means the file holds this run's text. What stays open is the time
 * between that last check and the rename (microseconds): an edit landing there is lost.
 */
export async function replaceFile(file: string, data: string | Uint8Array, options: ReplaceFileOptions): Promise<ReplaceOutcome> {
  const refuse = (reason: string): ReplaceOutcome => ({ written: false, reason });
  const target = await realpath(file);
  const before = await stat(target, { bigint: true });
  if (!before.isFile()) return refuse('is not a regular file; left unchanged');
  if (before.nlink > 1n) {
    return refuse(`has ${before.nlink} hard links: replacing it would split them; left unchanged`);
  }
  if ((before.mode & 0o222n) === 0n || !(await access(target, constants.W_OK).then(() => true, () => false))) {
    return refuse(`is read-only (mode ${(before.mode & 0o777n).toString(8).padStart(4, '0')}); left unchanged`);
  }
  if (!(await readFile(target)).equals(options.expected)) {
    return refuse('changed since it was read; left unchanged, run the codemod again');
  }
  let temp: TempFile;
  try {
    temp = await writeTemp(target, data, {
      mode: Number(before.mode & 0o7777n),
      owner: { uid: Number(before.uid), gid: Number(before.gid) },
    });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EPERM') {
      return refuse(`belongs to another user (uid ${before.uid}): replacing it would change its owner; left unchanged`);
    }
    throw error;
  }
  try {
    await options.beforeRename?.();
    const now = await stat(target, { bigint: true }).catch(() => undefined);
    if (!now || !sameFile(before, now)) return refuse('changed while it was being written; left unchanged, run the codemod again');
    await rename(temp.path, target);
  } finally {
    await temp.dispose();
  }
  const after = await stat(target, { bigint: true }).catch(() => undefined);
  if (after?.ino !== temp.ino) return refuse('was replaced by another program right after it was written; check it');
  return { written: true };
}

function sameFile(a: BigIntStats, b: BigIntStats): boolean {
  return a.dev === b.dev && a.ino === b.ino && a.size === b.size && a.mtimeNs === b.mtimeNs && a.ctimeNs === b.ctimeNs;
}

/**
 * Remove the temporary files an interrupted run left in `dirs` (`.<name>.retable-<hex>.tmp`, the
 * only names writeFileAtomic uses). Call it while holding the project's lock, so no running
 * writer's files are taken. Returns the paths removed.
 */
export async function removeStaleTempFiles(dirs: Iterable<string>): Promise<string[]> {
  const removed: string[] = [];
  for (const dir of new Set(dirs)) {
    const names = await readdir(dir).catch(() => [] as string[]);
    for (const name of names) {
      if (!TEMP_NAME.test(name)) continue;
      const file = path.join(dir, name);
      if (await unlink(file).then(() => true, () => false)) removed.push(file);
    }
  }
  return removed.sort();
}

/**
 * Write several files as one: every new text goes to a temporary file first; only when all are
 * written are they renamed into place. If a rename fails, the files already renamed get their
 * old text back (or are removed if they did not exist), so the set is the old one or the new one.
 * A path that exists and is not a regular file (a directory in the way) fails before anything is
 * written.
 */
export async function writeFilesAtomic(files: ReadonlyArray<{ readonly path: string; readonly data: string | Uint8Array }>): Promise<void> {
  for (const file of files) {
    await mkdir(path.dirname(file.path), { recursive: true });
    const info = await stat(file.path).catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') return undefined;
      throw error;
    });
    if (info && !info.isFile()) throw Object.assign(new Error(`${file.path} is not a regular file`), { code: 'EISDIR', path: file.path });
  }
  const temps: TempFile[] = [];
  const previous: Array<Buffer | undefined> = [];
  try {
    for (const file of files) {
      temps.push(await writeTemp(file.path, file.data, {}));
      previous.push(await readFile(file.path).catch(() => undefined));
    }
    let renamed = 0;
    try {
      for (const [index, file] of files.entries()) {
        await rename(temps[index]!.path, file.path);
        renamed++;
      }
    } catch (error) {
      for (const [index, file] of files.slice(0, renamed).entries()) {
        const old = previous[index];
        if (old) await writeFileAtomic(file.path, old).catch(() => undefined);
        else await unlink(file.path).catch(() => undefined);
      }
      throw error;
    }
  } finally {
    for (const temp of temps) await temp.dispose();
  }
}

/** Why a file system call failed, as a short phrase for a one-line message. */
export function fsReason(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  switch (code) {
    case 'ENOENT':
      return 'no such file or directory';
    case 'ENOTDIR':
      return 'a part of the path is a file, not a directory';
    case 'EISDIR':
      return 'a directory is in the way';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'EROFS':
      return 'read-only file system';
    case 'ENOSPC':
      return 'no space left on the device';
    case 'EEXIST':
      return 'a file is in the way';
    default:
      return code ?? (error instanceof Error ? error.message.split('\n')[0]! : String(error));
  }
}
