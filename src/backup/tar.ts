import { createHash } from 'node:crypto';
import type { FileHandle } from 'node:fs/promises';

/**
 * Just enough tar (POSIX ustar) for a backup archive: `tar tf` and `tar xf` read what this writes,
 * and this reads what PGlite's dumpDataDir writes. Every header's checksum is checked on reading,
 * so a damaged archive is refused rather than half-read.
 */

const BLOCK = 512;
/** Sizes up to 8 GiB fit 11 octal digits; larger ones use the base-256 form GNU tar and bsdtar read. */
const OCTAL_SIZE_LIMIT = 8 ** 11;

export interface TarEntry {
  name: string;
  /** '0' a file, '5' a folder (PGlite writes both); others are kept as they are. */
  type: string;
  size: number;
  /** Where the header starts, and where the data starts (header + 512). */
  headerOffset: number;
  dataOffset: number;
}

export class TarError extends Error {
  override name = 'TarError';
}

function octal(buf: Buffer, offset: number, length: number, value: number) {
  buf.write(value.toString(8).padStart(length - 1, '0'), offset, length - 1, 'ascii');
  buf[offset + length - 1] = 0;
}

/** A header for a regular file of `size` bytes, mode 0600. */
export function fileHeader(name: string, size: number, mtime = new Date()): Buffer {
  if (Buffer.byteLength(name) > 100) throw new TarError(`tar entry name too long: ${name}`);
  const h = Buffer.alloc(BLOCK);
  h.write(name, 0, 100, 'utf8');
  octal(h, 100, 8, 0o600);
  octal(h, 108, 8, 0);
  octal(h, 116, 8, 0);
  if (size < OCTAL_SIZE_LIMIT) octal(h, 124, 12, size);
  else {
    h[124] = 0x80;
    h.writeBigUInt64BE(BigInt(size), 128);
  }
  octal(h, 136, 12, Math.floor(mtime.getTime() / 1000));
  h.fill(0x20, 148, 156);
  h.write('0', 156, 'ascii');
  h.write('ustar\0', 257, 'ascii');
  h.write('00', 263, 'ascii');
  let sum = 0;
  for (const b of h) sum += b;
  h.write(`${sum.toString(8).padStart(6, '0')}\0 `, 148, 8, 'ascii');
  return h;
}

function field(h: Buffer, offset: number, length: number): string {
  const raw = h.subarray(offset, offset + length);
  const end = raw.indexOf(0);
  return raw.subarray(0, end < 0 ? length : end).toString('utf8');
}

/** The entry a header describes, or null for the zero block that ends an archive. */
export function parseHeader(h: Buffer, headerOffset: number): TarEntry | null {
  if (h.length < BLOCK) throw new TarError(`the archive ends inside a header at byte ${headerOffset}`);
  if (h.every((b) => b === 0)) return null;
  let sum = 0;
  for (let i = 0; i < BLOCK; i++) sum += i >= 148 && i < 156 ? 0x20 : h[i]!;
  const stored = Number.parseInt(field(h, 148, 8).trim() || 'x', 8);
  if (stored !== sum) throw new TarError(`the tar header at byte ${headerOffset} is damaged (checksum mismatch)`);
  let size: number;
  if (h[124]! & 0x80) size = Number(h.readBigUInt64BE(128));
  else size = Number.parseInt(field(h, 124, 12).trim() || '0', 8);
  if (!Number.isSafeInteger(size) || size < 0) throw new TarError(`the tar header at byte ${headerOffset} has no size`);
  // ustar's prefix field; PGlite's writer (tinytar) keeps times at its end, so read only its first 131 bytes.
  const prefix = field(h, 345, 131);
  const name = prefix ? `${prefix}/${field(h, 0, 100)}` : field(h, 0, 100);
  return {
    name,
    type: h[156] === 0 ? '0' : String.fromCharCode(h[156]!),
    size,
    headerOffset,
    dataOffset: headerOffset + BLOCK,
  };
}

const padding = (size: number) => (BLOCK - (size % BLOCK)) % BLOCK;
const next = (e: TarEntry) => e.dataOffset + e.size + padding(e.size);

/** The entries of a tar held in memory. */
export function listBuffer(tar: Buffer): TarEntry[] {
  const out: TarEntry[] = [];
  for (let at = 0; at + BLOCK <= tar.length; ) {
    const e = parseHeader(tar.subarray(at, at + BLOCK), at);
    if (!e) return out;
    if (e.dataOffset + e.size > tar.length) throw new TarError(`${e.name}: the archive ends inside its data`);
    out.push(e);
    at = next(e);
  }
  throw new TarError('the archive has no end marker: it was cut short');
}

/** The entries of a tar file, reading only its headers. */
export async function listFile(fh: FileHandle): Promise<TarEntry[]> {
  const { size: total } = await fh.stat();
  const out: TarEntry[] = [];
  const h = Buffer.alloc(BLOCK);
  for (let at = 0; at + BLOCK <= total; ) {
    await fh.read(h, 0, BLOCK, at);
    const e = parseHeader(h, at);
    if (!e) return out;
    if (e.dataOffset + e.size > total) throw new TarError(`${e.name}: the archive ends inside its data`);
    out.push(e);
    at = next(e);
  }
  throw new TarError('the archive has no end marker: it was cut short');
}

/** A new tar holding only the entries `keep` accepts, their headers and data copied unchanged. */
export function filterBuffer(tar: Buffer, keep: (e: TarEntry) => boolean): { tar: Buffer; dropped: TarEntry[] } {
  const kept: Buffer[] = [];
  const dropped: TarEntry[] = [];
  for (const e of listBuffer(tar)) {
    if (keep(e)) kept.push(tar.subarray(e.headerOffset, next(e)));
    else dropped.push(e);
  }
  kept.push(Buffer.alloc(2 * BLOCK));
  return { tar: Buffer.concat(kept), dropped };
}

/**
 * Writes an archive to a file handle, front to back. `stream` takes data of unknown length (pg_dump's
 * output): it writes a placeholder header, the data, then the real header in its place.
 */
export class TarWriter {
  #at = 0;
  constructor(private readonly fh: FileHandle) {}

  async file(name: string, data: Buffer): Promise<void> {
    await this.#write(fileHeader(name, data.length));
    await this.#write(data);
    await this.#write(Buffer.alloc(padding(data.length)));
  }

  async stream(
    name: string,
    source: AsyncIterable<Buffer> | Iterable<Buffer>,
    onBytes?: (total: number) => void,
  ): Promise<{ size: number; sha256: string }> {
    const headerAt = this.#at;
    await this.#write(Buffer.alloc(BLOCK));
    const hash = createHash('sha256');
    let size = 0;
    for await (const chunk of source) {
      hash.update(chunk);
      size += chunk.length;
      await this.#write(chunk);
      onBytes?.(size);
    }
    await this.#write(Buffer.alloc(padding(size)));
    await this.fh.write(fileHeader(name, size), 0, BLOCK, headerAt);
    return { size, sha256: hash.digest('hex') };
  }

  async end(): Promise<void> {
    await this.#write(Buffer.alloc(2 * BLOCK));
  }

  async #write(buf: Buffer) {
    if (!buf.length) return;
    await this.fh.write(buf, 0, buf.length, this.#at);
    this.#at += buf.length;
  }
}
