/**
 * The parser speaks UTF-8 byte offsets; JS strings (and every caller of this package) speak
 * UTF-16 code unit offsets. One map converts, built once per text and only when the text is not
 * plain ASCII (where both are the same).
 */
export class ByteOffsets {
  private readonly table: Uint32Array | undefined;

  constructor(readonly text: string) {
    const bytes = Buffer.byteLength(text, 'utf8');
    if (bytes === text.length) return;
    // table[byte] = the UTF-16 offset of the character that byte belongs to (or starts).
    const table = new Uint32Array(bytes + 1);
    let byte = 0;
    for (let i = 0; i < text.length; i++) {
      const code = text.charCodeAt(i);
      let size: number;
      let units = 1;
      if (code < 0x80) size = 1;
      else if (code < 0x800) size = 2;
      else if (code >= 0xd800 && code < 0xdc00 && i + 1 < text.length) {
        const next = text.charCodeAt(i + 1);
        if (next >= 0xdc00 && next < 0xe000) {
          size = 4;
          units = 2;
        } else size = 3;
      } else size = 3;
      for (let k = 0; k < size; k++) table[byte + k] = i;
      byte += size;
      i += units - 1;
    }
    table[byte] = text.length;
    this.table = table;
  }

  /** The JS string offset of a UTF-8 byte offset. */
  toUtf16(byteOffset: number): number {
    if (!this.table) return Math.max(0, Math.min(byteOffset, this.text.length));
    return this.table[Math.max(0, Math.min(byteOffset, this.table.length - 1))]!;
  }
}

/** The UTF-8 byte length of a JS string prefix (for offsets going the other way). */
export function byteLength(text: string): number {
  return Buffer.byteLength(text, 'utf8');
}
