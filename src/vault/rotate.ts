import type { Database } from '../db/types.ts';
import { open, seal, VaultError } from './cipher.ts';
import { type ServiceTx, withService } from './elevate.ts';
import type { KeyRing } from './keyring.ts';
import { secretsPerKey } from './secrets.ts';

export interface RotateOptions {
  /** Secrets re-encrypted per transaction (default 100). */
  batchSize?: number;
  onProgress?: (done: number, total: number) => void;
  /**
   * Called after each row is rewritten, inside its batch's transaction. Tests throw from here to
   * simulate a crash mid-batch: that batch rolls back, earlier batches stay committed.
   */
  afterRow?: (rowsThisRun: number) => void;
}

interface RotateFailure {
  orgId: string;
  id: string;
  keyId: string;
  reason: string;
}

export interface RotateSummary {
  newestKeyId: string;
  /** Secrets not on the newest key when the run started. */
  pending: number;
  rotated: number;
  /** Secrets that could not be opened (their key is missing, or they fail authentication). */
  failed: RotateFailure[];
  batches: number;
  /** After the run: secrets per key id. A ring key with none left can be dropped. */
  perKey: Record<string, number>;
  /** Ring keys no secret uses any more (never the newest). */
  droppableKeyIds: string[];
}

/** A row of palisade_vault.secrets as rotation (and the backup check, src/backup/verify.ts) reads it. */
export interface SecretRow {
  org_id: string;
  id: string;
  purpose: string;
  key_id: string;
  nonce: Uint8Array;
  ciphertext: Uint8Array;
}

async function nextBatch(
  tx: ServiceTx,
  newest: string,
  after: [string, string] | null,
  limit: number,
): Promise<SecretRow[]> {
  // Keyset pagination in primary-key order; rows a concurrent writer holds are skipped (it writes
  // with the newest key anyway) and rows that failed are left behind the cursor, never retried in a loop.
  const { rows } = await tx.query<SecretRow>(
    `select org_id, id, purpose, key_id, nonce, ciphertext from palisade_vault.secrets
     where key_id <> $1 ${after ? 'and (org_id, id) > ($3::uuid, $4::uuid)' : ''}
     order by org_id, id limit $2
     for update skip locked`,
    after ? [newest, limit, after[0], after[1]] : [newest, limit],
  );
  return rows;
}

/**
 * Re-encrypts every secret that is not sealed with the newest key, in batches of one transaction
 * each. Resumable by construction: progress is the key_id stored on each row, so a run that dies
 * halfway (its current batch rolled back) is simply run again and finds only what is left.
 * Running two at once is safe: each row is rewritten only while it still has its old key id.
 */
export async function rotateVault(db: Database, ring: KeyRing, opts: RotateOptions = {}): Promise<RotateSummary> {
  const batchSize = opts.batchSize ?? 100;
  if (!Number.isInteger(batchSize) || batchSize < 1 || batchSize > 10_000)
    throw new RangeError('batchSize must be 1-10000');
  const newest = ring.newestId;
  const before = await withService(db, secretsPerKey);
  const pending = [...before].filter(([k]) => k !== newest).reduce((n, [, c]) => n + c, 0);
  const summary: RotateSummary = {
    newestKeyId: newest,
    pending,
    rotated: 0,
    failed: [],
    batches: 0,
    perKey: {},
    droppableKeyIds: [],
  };
  let cursor: [string, string] | null = null;
  let done = 0;
  opts.onProgress?.(0, pending);
  for (;;) {
    const batch = await withService(db, async (tx) => {
      const rows = await nextBatch(tx, newest, cursor, batchSize);
      const failed: RotateFailure[] = [];
      let rotated = 0;
      for (const r of rows) {
        const ref = { orgId: r.org_id, id: r.id, purpose: r.purpose };
        try {
          const plain = open(ring, ref, {
            keyId: r.key_id,
            nonce: Buffer.from(r.nonce),
            ciphertext: Buffer.from(r.ciphertext),
          });
          const next = seal(ring, ref, plain);
          plain.fill(0);
          const res = await tx.query(
            `update palisade_vault.secrets set key_id = $3, nonce = $4, ciphertext = $5, rotated_at = now()
             where org_id = $1 and id = $2 and key_id = $6`,
            [r.org_id, r.id, next.keyId, next.nonce, next.ciphertext, r.key_id],
          );
          rotated += res.rowCount;
          opts.afterRow?.(summary.rotated + rotated);
        } catch (err) {
          if (!(err instanceof VaultError)) throw err;
          failed.push({ orgId: r.org_id, id: r.id, keyId: r.key_id, reason: err.message });
        }
      }
      const last = rows.at(-1);
      return { count: rows.length, rotated, failed, last: last ? ([last.org_id, last.id] as [string, string]) : null };
    });
    if (batch.count === 0) break;
    summary.batches++;
    summary.rotated += batch.rotated;
    summary.failed.push(...batch.failed);
    cursor = batch.last;
    done += batch.count;
    opts.onProgress?.(Math.min(done, pending), pending);
  }
  const after = await withService(db, secretsPerKey);
  summary.perKey = Object.fromEntries(after);
  summary.droppableKeyIds = ring.ids.filter((k) => k !== newest && !after.has(k));
  return summary;
}
