import { createHash } from 'node:crypto';
import { deflateSync } from 'node:zlib';

/**
 * A git binary patch (`GIT binary patch`, full blob ids, both directions), for files whose text is
 * not UTF-8 (UTF-16 by BOM): git treats them as binary, and this is what `git diff --binary`
 * prints for them, so the dry run's output still applies with `git apply`.
 */
export function renderBinaryPatch(file: string, before: Buffer, after: Buffer): string {
  return [
    `diff --git a/${file} b/${file}`,
    `index ${blobId(before)}..${blobId(after)}`,
    'GIT binary patch',
    `literal ${after.length}`,
    base85Lines(deflateSync(after)),
    '',
    `literal ${before.length}`,
    base85Lines(deflateSync(before)),
    '',
    '',
  ].join('\n');
}

function blobId(bytes: Buffer): string {
  return createHash('sha1').update(`blob ${bytes.length}\0`).update(bytes).digest('hex');
}

const ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz!#$%&()*+-;<=>?@^_`{|}~';

/** git's base85: lines of up to 52 bytes, each led by its length (A-Z 1-26, a-z 27-52). */
function base85Lines(data: Buffer): string {
  const lines: string[] = [];
  for (let at = 0; at < data.length; at += 52) {
    const chunk = data.subarray(at, Math.min(at + 52, data.length));
    const n = chunk.length;
    let line = n <= 26 ? String.fromCharCode(64 + n) : String.fromCharCode(96 + n - 26);
    for (let i = 0; i < n; i += 4) {
      let value = 0;
      for (let k = 0; k < 4; k += 1) value = value * 256 + (chunk[i + k] ?? 0);
      let group = '';
      for (let k = 0; k < 5; k += 1) {
        group = ALPHABET[value % 85]! + group;
        value = Math.floor(value / 85);
      }
      line += group;
    }
    lines.push(line);
  }
  return lines.join('\n');
}
