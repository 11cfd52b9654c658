import { createHash } from 'node:crypto';
import { existsSync, statSync } from 'node:fs';
import { type FileHandle, open, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { ConfigError } from '../config/error.ts';
import {
  BackupError,
  ENTRIES,
  formatSums,
  type Manifest,
  type ManifestFacts,
  makeManifest,
  parseManifest,
  parseSums,
  sha256,
} from './manifest.ts';
import { listFile, type TarEntry, TarError, TarWriter } from './tar.ts';

/** A time for file names: 20250131T120000Z. */
export function timeStamp(at = new Date()): string {
  return at
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d+Z$/, 'Z');
}

/** `--out`: a file to create, or an existing folder to create a dated file in. Never overwrites. */
export function resolveOut(out: string, engine: Manifest['engine']): string {
  const full = path.resolve(out);
  if (existsSync(full) && statSync(full).isDirectory()) return path.join(full, `palisade-${engine}-${timeStamp()}.tar`);
  if (existsSync(full)) throw new ConfigError(`${full} exists: a backup never overwrites a file; name a new one.`);
  if (!existsSync(path.dirname(full))) throw new ConfigError(`${path.dirname(full)} does not exist.`);
  return full;
}

export interface DumpSource {
  entry: Manifest['dump']['entry'];
  format: Manifest['dump']['format'];
  data: AsyncIterable<Buffer> | Iterable<Buffer>;
}

/**
 * Writes the archive under a temporary name beside `out` (mode 0600: it holds every tenant's data)
 * and renames it into place once complete, so `out` is a whole backup or nothing.
 */
export async function writeArchive(
  out: string,
  dump: DumpSource,
  facts: ManifestFacts,
  createdAt: Date,
  onBytes?: (n: number) => void,
): Promise<Manifest> {
  const partial = `${out}.partial-${process.pid}`;
  const fh = await open(partial, 'wx', 0o600);
  try {
    const tar = new TarWriter(fh);
    const written = await tar.stream(dump.entry, dump.data, onBytes);
    const manifest = makeManifest(
      facts,
      { entry: dump.entry, format: dump.format, bytes: written.size, sha256: written.sha256 },
      createdAt,
    );
    const text = Buffer.from(`${JSON.stringify(manifest, null, 2)}\n`);
    await tar.file(ENTRIES.manifest, text);
    await tar.file(
      ENTRIES.sums,
      Buffer.from(formatSums({ [dump.entry]: written.sha256, [ENTRIES.manifest]: sha256(text) })),
    );
    await tar.end();
    await fh.sync();
    await fh.close();
    await rename(partial, out);
    return manifest;
  } catch (err) {
    await fh.close().catch(() => {});
    await rm(partial, { force: true });
    throw err;
  }
}

export interface OpenedArchive {
  file: string;
  manifest: Manifest;
  /** The dump's bytes, streamed from the archive already checked. */
  dumpStream(): Readable;
  /** The dump's bytes in memory (the embedded data dir, which PGlite loads whole anyway). */
  dumpBuffer(): Promise<Buffer<ArrayBuffer>>;
  close(): Promise<void>;
}

async function readEntry(fh: FileHandle, e: TarEntry): Promise<Buffer<ArrayBuffer>> {
  const buf = Buffer.alloc(e.size);
  const { bytesRead } = await fh.read(buf, 0, e.size, e.dataOffset);
  if (bytesRead !== e.size) throw new BackupError(`${e.name} is cut short: the backup is damaged.`);
  return buf;
}

function rangeStream(fh: FileHandle, e: TarEntry): Readable {
  return fh.createReadStream({ start: e.dataOffset, end: e.dataOffset + e.size - 1, autoClose: false });
}

/**
 * Opens a backup and proves it whole before anything uses it: the manifest matches its checksum in
 * SHA256SUMS and is a manifest this version reads; the dump matches both SHA256SUMS and the
 * manifest. Any difference is a BackupError, and nothing is restored.
 */
export async function openArchive(
  file: string,
  onProgress?: (done: number, total: number) => void,
): Promise<OpenedArchive> {
  let fh: FileHandle;
  try {
    fh = await open(file, 'r');
  } catch (err) {
    throw new ConfigError(`cannot read ${file}: ${(err as Error).message}`);
  }
  try {
    let entries: TarEntry[];
    try {
      entries = await listFile(fh);
    } catch (err) {
      if (err instanceof TarError) throw new BackupError(`${file} is not a readable backup: ${err.message}.`);
      throw err;
    }
    const byName = new Map(entries.map((e) => [e.name, e]));
    const unknown = entries.filter(
      (e) => !([ENTRIES.manifest, ENTRIES.sums, ENTRIES.serverDump, ENTRIES.dataDir] as string[]).includes(e.name),
    );
    const sumsEntry = byName.get(ENTRIES.sums);
    const manifestEntry = byName.get(ENTRIES.manifest);
    if (!sumsEntry || !manifestEntry || unknown.length || entries.length !== 3) {
      throw new BackupError(
        `${file} is not a Palisade backup: it must hold exactly a dump, ${ENTRIES.manifest} and ${ENTRIES.sums}.`,
      );
    }
    const sums = parseSums((await readEntry(fh, sumsEntry)).toString('utf8'));
    const manifestBytes = await readEntry(fh, manifestEntry);
    if (sums.get(ENTRIES.manifest) !== sha256(manifestBytes)) {
      throw new BackupError(
        `${ENTRIES.manifest} does not match its checksum in ${ENTRIES.sums}: the backup was altered or damaged. Nothing was restored.`,
      );
    }
    const manifest = parseManifest(manifestBytes.toString('utf8'));
    const dump = byName.get(manifest.dump.entry);
    if (!dump) throw new BackupError(`${file} lacks ${manifest.dump.entry}, which its manifest names.`);
    if (dump.size !== manifest.dump.bytes) {
      throw new BackupError(
        `${dump.name} is ${dump.size} bytes, its manifest says ${manifest.dump.bytes}: the backup was altered or damaged. Nothing was restored.`,
      );
    }
    const hash = createHash('sha256');
    let done = 0;
    onProgress?.(0, dump.size);
    for await (const chunk of rangeStream(fh, dump)) {
      hash.update(chunk as Buffer);
      done += (chunk as Buffer).length;
      onProgress?.(done, dump.size);
    }
    const actual = hash.digest('hex');
    if (actual !== manifest.dump.sha256 || actual !== sums.get(dump.name)) {
      throw new BackupError(
        `${dump.name} does not match its checksum (sha256 ${actual.slice(0, 16)}…, the manifest says ${manifest.dump.sha256.slice(0, 16)}…): the backup was altered or damaged. Nothing was restored.`,
      );
    }
    const opened = fh;
    return {
      file,
      manifest,
      dumpStream: () => rangeStream(opened, dump),
      // Read again after the check: it is compared again, so what is loaded is what was checked.
      dumpBuffer: async () => {
        const buf = await readEntry(opened, dump);
        if (sha256(buf) !== manifest.dump.sha256)
          throw new BackupError(`${dump.name} changed while it was being read.`);
        return buf;
      },
      close: () => opened.close(),
    };
  } catch (err) {
    await fh.close().catch(() => {});
    throw err;
  }
}
