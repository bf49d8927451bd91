import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';

/**
 * Source files are UTF-8 unless a byte order mark says otherwise: a generated `types_db.ts` saved
 * by some Windows tools is UTF-16 LE with a BOM. Texts keep the BOM as U+FEFF (as UTF-8 texts
 * do), so offsets into them are the same as for any other file and writing back the same
 * encoding restores every byte.
 */
export type TextEncodingName = 'utf8' | 'utf16le' | 'utf16be';

/** The encoding a file's bytes declare by their BOM (UTF-8 when there is none). */
export function encodingOf(bytes: Uint8Array): TextEncodingName {
  if (bytes.length >= 2) {
    if (bytes[0] === 0xff && bytes[1] === 0xfe) return 'utf16le';
    if (bytes[0] === 0xfe && bytes[1] === 0xff) return 'utf16be';
  }
  return 'utf8';
}

/** The text of a file's bytes, decoded as their BOM says (the BOM kept as U+FEFF). */
export function decodeText(bytes: Buffer): string {
  // The first byte of a UTF-16 BOM is never the first byte of a UTF-8 text that is valid.
  const first = bytes[0];
  if (first !== 0xff && first !== 0xfe) return bytes.toString('utf8');
  const encoding = encodingOf(bytes);
  if (encoding === 'utf16le') return bytes.toString('utf16le');
  if (encoding === 'utf16be') return swapPairs(bytes).toString('utf16le');
  return bytes.toString('utf8');
}

/** The bytes of `text` in `encoding` (the inverse of `decodeText` for a file that is valid in it). */
export function encodeText(text: string, encoding: TextEncodingName): Buffer {
  if (encoding === 'utf8') return Buffer.from(text, 'utf8');
  const bytes = Buffer.from(text, 'utf16le');
  return encoding === 'utf16be' ? swapPairs(bytes) : bytes;
}

/** A copy with each byte pair swapped (big- to little-endian); an odd last byte is dropped. */
function swapPairs(bytes: Buffer): Buffer {
  const copy = Buffer.from(bytes.subarray(0, bytes.length - (bytes.length % 2)));
  return copy.swap16();
}

/** How messages name an encoding. */
export function encodingLabel(encoding: TextEncodingName): string {
  return encoding === 'utf8' ? 'UTF-8' : encoding === 'utf16le' ? 'UTF-16 LE' : 'UTF-16 BE';
}

/**
 * Whether `text` is exactly what `bytes` hold: false when the bytes are not valid in their
 * encoding (decoding replaced or dropped something), so writing the text back would change bytes
 * outside any edit.
 */
export function isFaithful(text: string, bytes: Buffer): boolean {
  const encoding = encodingOf(bytes);
  // Valid UTF-8 decodes without U+FFFD unless the file spells one: compare only then.
  if (encoding === 'utf8' && !text.includes('\uFFFD')) return true;
  return encodeText(text, encoding).equals(bytes);
}

// An options object rather than 'utf8': Node then does not build one per call (10,000 reads of the
// bench corpus: ~47 instead of ~55 ms, measured in-process).
const UTF8 = { encoding: 'utf8' } as const;

/** Read a source file as text, decoded by its BOM. */
export function readSourceText(file: string): string {
  // Decoding straight to a string is faster than a Buffer first (10,000 files: ~10-30%). The bytes
  // of a UTF-16 BOM are not UTF-8 and decode to U+FFFD, which then sends the file the slow way.
  const text = readFileSync(file, UTF8);
  return text.charCodeAt(0) === 0xfffd ? decodeText(readFileSync(file)) : text;
}

export async function readSourceTextAsync(file: string): Promise<string> {
  return decodeText(await readFile(file));
}
