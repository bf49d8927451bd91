import { statSync } from 'node:fs';

/** What tells a changed config file: its size and modification time ('missing' when it is gone). */
export function stampOf(file: string): string {
  try {
    const { size, mtimeMs } = statSync(file);
    return `${size}\0${mtimeMs}`;
  } catch {
    return 'missing';
  }
}
