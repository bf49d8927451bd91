import { unlinkSync } from 'node:fs';
import { open, readFile, unlink } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { registerCleanup } from './cleanup.js';
import { RetableError } from './errors.js';

/** The lock file at the project's root while a retable run writes files there. */
export const LOCK_FILE_NAME = '.retable.lock';

/** Another retable run holds the project's lock. The CLI exits 2 with the message. */
export class LockedError extends RetableError {
  override name = 'LockedError';
}

export interface ProjectLock {
  readonly file: string;
  release(): Promise<void>;
}

interface LockOwner {
  pid: number;
  host: string;
  since: string;
}

/**
 * Take the project's write lock: `<root>/.retable.lock`, created exclusively, holding the pid and
 * host of the run. Two retable runs writing the same project would each check a file, then replace
 * it with their own edit of the old text: the second run waits for nothing, it is refused.
 * A lock left by a process that no longer exists on this host is taken over. The lock is released
 * by `release()` or, on an interrupt, by runCleanups.
 */
export async function acquireProjectLock(root: string): Promise<ProjectLock> {
  const file = path.join(root, LOCK_FILE_NAME);
  const owner: LockOwner = { pid: process.pid, host: os.hostname(), since: new Date().toISOString() };
  for (let attempt = 0; ; attempt++) {
    try {
      const handle = await open(file, 'wx', 0o644);
      try {
        await handle.writeFile(`${JSON.stringify(owner)}\n`);
      } finally {
        await handle.close();
      }
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST' || attempt > 0) {
        if ((error as NodeJS.ErrnoException).code === 'EEXIST') throw lockedBy(file, await readOwner(file));
        throw error;
      }
      const holder = await readOwner(file);
      if (!holder || holder.host !== owner.host || alive(holder.pid)) throw lockedBy(file, holder);
      // The run that took it is gone (killed with SIGKILL, a crash): take it over, once.
      await unlink(file).catch(() => undefined);
    }
  }
  const unregister = registerCleanup(() => unlinkSync(file));
  return {
    file,
    async release() {
      unregister();
      await unlink(file).catch(() => undefined);
    },
  };
}

async function readOwner(file: string): Promise<LockOwner | undefined> {
  try {
    const owner = JSON.parse(await readFile(file, 'utf8')) as LockOwner;
    return typeof owner.pid === 'number' && typeof owner.host === 'string' ? owner : undefined;
  } catch {
    return undefined;
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function lockedBy(file: string, owner: LockOwner | undefined): LockedError {
  const who = owner ? `pid ${owner.pid} on ${owner.host}, since ${owner.since}` : 'unknown owner';
  return new LockedError(
    `another retable run is writing this project (${who}); wait for it to finish, or delete ${path.basename(file)} if no retable run is left`,
  );
}
