import { runCleanups } from '@retable/core/base';

/**
 * What the bin does on SIGINT/SIGTERM: undo what is half done (temporary files being written, the
 * project lock, a throwaway PostgreSQL server and its folder), say so on one line, and return the
 * exit code (128 + the signal's number). Files already written stay written; commands that write
 * list each file on stdout as soon as it is written.
 */
export async function interrupted(signal: 'SIGINT' | 'SIGTERM', stderr: NodeJS.WritableStream = process.stderr): Promise<number> {
  await runCleanups();
  stderr.write(
    `retable: interrupted (${signal}): stopped; temporary files, the project lock and any throwaway database were removed; files listed on stdout were written, no other file was changed\n`,
  );
  return signal === 'SIGINT' ? 130 : 143;
}

/** `| head` closes stdout early: that is not an error, the rest of the output is just not wanted. */
export function ignoreClosedPipe(stream: NodeJS.WritableStream): void {
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE') throw error;
  });
}
