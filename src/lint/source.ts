/**
 * libpg_query reports `location` as a byte offset into the UTF-8 text it parsed, while editors count
 * lines and characters. A comment with "→" or "é" before a statement would shift every column, so
 * positions are converted here, once, from bytes.
 */
export interface Position {
  file: string;
  line: number;
  col: number;
}

export class SourceText {
  readonly bytes: Buffer;
  private readonly lineStarts: number[] = [0];

  constructor(
    readonly file: string,
    readonly text: string,
  ) {
    this.bytes = Buffer.from(text, 'utf8');
    for (let i = 0; i < this.bytes.length; i++) if (this.bytes[i] === 0x0a) this.lineStarts.push(i + 1);
  }

  /** 1-based line and column (in characters) of a byte offset; offsets past the end clamp to it. */
  position(byteOffset: number): Position {
    const off = Math.max(0, Math.min(byteOffset, this.bytes.length));
    let lo = 0;
    let hi = this.lineStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.lineStarts[mid]! <= off) lo = mid;
      else hi = mid - 1;
    }
    const start = this.lineStarts[lo]!;
    return { file: this.file, line: lo + 1, col: this.bytes.subarray(start, off).toString('utf8').length + 1 };
  }

  /** Byte offset where a 1-based line starts. */
  lineStart(line: number): number {
    return this.lineStarts[Math.max(0, Math.min(line - 1, this.lineStarts.length - 1))]!;
  }

  /** Byte offset of the first non-blank character on a line (for positions known only by line). */
  lineFirstNonBlank(line: number): number {
    let i = this.lineStart(line);
    while (i < this.bytes.length && (this.bytes[i] === 0x20 || this.bytes[i] === 0x09)) i++;
    return i;
  }

  /** The byte offset of `needle` at or after `fromByte`, or -1. */
  indexOf(needle: string, fromByte: number): number {
    return this.bytes.indexOf(Buffer.from(needle, 'utf8'), fromByte);
  }
}
