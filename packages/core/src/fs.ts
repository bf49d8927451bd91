import { randomBytes } from 'node:crypto';
import { chmod, mkdir, open, rename, unlink } from 'node:fs/promises';
import path from 'node:path';

/** A path with posix separators, as every report and message shows it. */
export function toPosix(file: string): string {
  return file.split(path.sep).join('/');
}

export interface WriteFileAtomicOptions {
  /** The file's permission bits (e.g. those of the file being replaced); default: 0o666 less the umask. */
  readonly mode?: number;
}

/**
 * Write a file so that readers see the old content or the new one, never a part: a temporary file
 * beside it (same directory, so the rename stays on one file system), flushed, then renamed over it.
 * The parent directory is created if needed; on failure the temporary file is removed.
 */
export async function writeFileAtomic(
  file: string,
  data: string | Uint8Array,
  options: WriteFileAtomicOptions = {},
): Promise<void> {
  const dir = path.dirname(file);
  await mkdir(dir, { recursive: true });
  const temp = path.join(dir, `.${path.basename(file)}.retable-${randomBytes(6).toString('hex')}.tmp`);
  try {
    const handle = await open(temp, 'wx', options.mode ?? 0o666);
    try {
      await handle.writeFile(data);
      await handle.sync();
    } finally {
      await handle.close();
    }
    // open()'s mode is filtered by the umask; a given mode is set exactly.
    if (options.mode !== undefined) await chmod(temp, options.mode);
    await rename(temp, file);
  } catch (error) {
    await unlink(temp).catch(() => undefined);
    throw error;
  }
}
