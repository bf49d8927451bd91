/**
 * Terminal conventions, decided once here: colour and progress lines.
 *
 * Colour: `--color` / `--no-color` win; then NO_COLOR (any non-empty value) turns it off;
 * FORCE_COLOR (anything but 0/false) turns it on; TERM=dumb turns it off; otherwise only when the
 * stream is a TTY.
 */
export function useColor(stream: { isTTY?: boolean }, env: NodeJS.ProcessEnv, flag?: boolean): boolean {
  if (flag !== undefined) return flag;
  if (env.NO_COLOR) return false;
  if (env.FORCE_COLOR !== undefined) return env.FORCE_COLOR !== '0' && env.FORCE_COLOR !== 'false';
  if (env.TERM === 'dumb') return false;
  return Boolean(stream.isTTY);
}

export interface Progress {
  /** Replace the progress line with `text`. */
  update(text: string): void;
  /** Clear the line (call before printing anything else to the same stream). */
  done(): void;
}

const silent: Progress = { update: () => {}, done: () => {} };

/**
 * One transient status line on stderr for work that can take more than a second ("reading 9,812
 * files…"), redrawn in place. Only on a TTY and not with TERM=dumb: logs and pipes get nothing.
 */
export function createProgress(stream: NodeJS.WritableStream, env: NodeJS.ProcessEnv): Progress {
  const tty = stream as NodeJS.WritableStream & { isTTY?: boolean; columns?: number };
  if (!tty.isTTY || env.TERM === 'dumb') return silent;
  let shown = false;
  return {
    update(text) {
      const width = Math.max(20, (tty.columns ?? 80) - 1);
      const line = text.length > width ? `${text.slice(0, width - 1)}…` : text;
      stream.write(`\r\u001b[2K${line}`);
      shown = true;
    },
    done() {
      if (shown) stream.write('\r\u001b[2K');
      shown = false;
    },
  };
}
