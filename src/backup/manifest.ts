import { createHash } from 'node:crypto';
import { z } from 'zod';

/**
 * A backup is one tar file (`tar tf` lists it):
 *
 *   database.dump | pgdata.tar.gz   pg_dump's custom format (server), or the embedded data dir (PGlite)
 *   manifest.json                   what the backup holds: versions, migrations, row counts, vault key ids
 *   SHA256SUMS                      `sha256sum -c` format, for the two entries above
 *
 * The dump comes first so it can be streamed straight from pg_dump; the manifest follows, naming
 * the dump's size and sha256. Restore checks both checksums before it touches any database.
 * Checksums catch damage and edits, not a forger who rewrites the sums too: keep backups where
 * they cannot be rewritten (docs/operations/backup.md).
 */
export const ENTRIES = {
  serverDump: 'database.dump',
  dataDir: 'pgdata.tar.gz',
  manifest: 'manifest.json',
  sums: 'SHA256SUMS',
} as const;

const FORMAT = 'palisade-backup';
const FORMAT_VERSION = 1;

const hex64 = z.string().regex(/^[0-9a-f]{64}$/);
const count = z.number().int().nonnegative();

const manifestSchema = z.strictObject({
  format: z.literal(FORMAT),
  formatVersion: z.literal(FORMAT_VERSION),
  engine: z.enum(['postgres', 'pglite']),
  createdAt: z.iso.datetime(),
  palisadeVersion: z.string(),
  postgres: z.strictObject({
    /** server_version of the database backed up (PGlite: the PostgreSQL it embeds). */
    version: z.string(),
    versionNum: z.number().int().positive(),
    /** `pg_dump --version` of the tool that wrote the dump (server engine). */
    pgDump: z.string().optional(),
    /** The @electric-sql/pglite version that wrote the data dir (embedded engine). */
    pglite: z.string().optional(),
  }),
  /** The database backed up: the URL without its password, or the data dir. */
  source: z.string(),
  /** Schemas in the dump (server engine; the embedded data dir holds the whole database). */
  schemas: z.array(z.string()),
  /** What was deliberately left out, and why. */
  excluded: z.array(z.strictObject({ what: z.string(), why: z.string() })),
  /** The server's login role the migrations granted to (palisade.login_role), if any. */
  loginRole: z.string().nullable(),
  migrations: z.array(z.strictObject({ name: z.string(), checksum: hex64, appliedAt: z.string() })),
  /** Exact row counts, `schema.table` → rows, read in the dump's own snapshot. */
  tables: z.record(z.string(), count),
  /** Vault secrets per key id: which keys a restore needs. Key ids only, never key material. */
  vault: z.strictObject({ secrets: count, keyIds: z.record(z.string(), count) }),
  dump: z.strictObject({
    entry: z.enum([ENTRIES.serverDump, ENTRIES.dataDir]),
    format: z.enum(['pg_dump-custom', 'pglite-data-dir']),
    bytes: count,
    sha256: hex64,
  }),
});

export type Manifest = z.infer<typeof manifestSchema>;
export type ManifestFacts = Omit<Manifest, 'format' | 'formatVersion' | 'createdAt' | 'dump'>;

/** A backup that must not be restored: damaged, altered, or not a Palisade backup. Exit code 1. */
export class BackupError extends Error {
  override name = 'BackupError';
}

export function sha256(data: Buffer | string): string {
  return createHash('sha256').update(data).digest('hex');
}

export function makeManifest(facts: ManifestFacts, dump: Manifest['dump'], createdAt: Date): Manifest {
  return { format: FORMAT, formatVersion: FORMAT_VERSION, createdAt: createdAt.toISOString(), ...facts, dump };
}

export function parseManifest(text: string): Manifest {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    throw new BackupError(`${ENTRIES.manifest} is not JSON: this is not a Palisade backup, or it is damaged.`);
  }
  const head = raw as { format?: unknown; formatVersion?: unknown };
  if (head?.format !== FORMAT) throw new BackupError(`${ENTRIES.manifest} is not a Palisade backup manifest.`);
  if (head.formatVersion !== FORMAT_VERSION) {
    throw new BackupError(
      `this backup has format version ${String(head.formatVersion)}; this Palisade reads version ${FORMAT_VERSION}: restore it with the Palisade that wrote it.`,
    );
  }
  const parsed = manifestSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new BackupError(`${ENTRIES.manifest} is malformed at ${issue.path.join('.') || '(top)'}: ${issue.message}.`);
  }
  return parsed.data;
}

/** SHA256SUMS, as `sha256sum` writes it. */
export function formatSums(sums: Record<string, string>): string {
  return Object.entries(sums)
    .map(([name, hash]) => `${hash}  ${name}\n`)
    .join('');
}

export function parseSums(text: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const line of text.split('\n')) {
    if (!line.trim()) continue;
    const m = /^([0-9a-f]{64}) [ *](.+)$/.exec(line);
    if (!m) throw new BackupError(`${ENTRIES.sums} is malformed: the backup is damaged.`);
    out.set(m[2]!, m[1]!);
  }
  return out;
}
