import type { TrustedKey } from '../audit/keys.ts';
import { type ChainReport, verifyChains } from '../audit/verify.ts';
import type { Database } from '../db/types.ts';
import { open, VaultError } from '../vault/cipher.ts';
import { withService } from '../vault/elevate.ts';
import type { KeyRing } from '../vault/keyring.ts';
import type { SecretRow } from '../vault/rotate.ts';
import { rowCounts } from './inventory.ts';
import type { Manifest } from './manifest.ts';

type Progress = (done: number, total: number) => void;

export interface CountCheck {
  tables: number;
  rows: number;
  /** Tables whose count differs from the manifest, or that are missing (actual null) or extra (expected null). */
  differences: { table: string; expected: number | null; actual: number | null }[];
}

/** Counts every table of the backed-up schemas now and compares with the manifest. */
export async function compareCounts(db: Database, manifest: Manifest, onProgress?: Progress): Promise<CountCheck> {
  // With row_security off, a table whose policies would hide rows from this role is an error, not a short count.
  const actual = await db.transaction(async (tx) => {
    await tx.exec('set local row_security = off');
    return rowCounts(tx, manifest.schemas, onProgress);
  });
  const names = [...new Set([...Object.keys(manifest.tables), ...Object.keys(actual)])].sort();
  const differences = names
    .map((table) => ({ table, expected: manifest.tables[table] ?? null, actual: actual[table] ?? null }))
    .filter((d) => d.expected !== d.actual);
  return {
    tables: Object.keys(actual).length,
    rows: Object.values(actual).reduce((s, n) => s + n, 0),
    differences,
  };
}

export interface AuditCheck {
  ok: boolean;
  chains: number;
  entries: number;
  broken: Pick<ChainReport, 'orgId' | 'chain' | 'broken'>[];
  /** Anchors compared but not authenticated: no trusted key for them. */
  unchecked: number;
}

/** `palisade audit verify` on the restored database: every chain, against its stored anchors. */
export async function checkAudit(
  db: Database,
  keys: Map<string, TrustedKey>,
  onProgress?: Progress,
): Promise<AuditCheck> {
  let total = 0;
  const result = await verifyChains(db, {
    keys,
    databaseAnchors: true,
    onStart: (plan) => {
      total = plan.estimatedEntries ?? 0;
      onProgress?.(0, total);
    },
    onProgress: (n) => onProgress?.(Math.min(n, total), total),
  });
  return {
    ok: result.ok,
    chains: result.reports.length,
    entries: result.entries,
    broken: result.reports
      .filter((r) => r.status === 'broken')
      .map((r) => ({ orgId: r.orgId, chain: r.chain, broken: r.broken })),
    unchecked: result.reports.reduce((n, r) => n + r.anchors.unchecked, 0),
  };
}

export interface VaultCheck {
  ok: boolean;
  secrets: number;
  opened: number;
  /** Where the ring came from; null when none was available. */
  ring: string | null;
  /** Key ids secrets are sealed with that the ring lacks, with how many secrets each. */
  missingKeyIds: Record<string, number>;
  /** Secrets whose key is in the ring but that fail authentication (wrong key material, or altered), per key id. */
  failedKeyIds: Record<string, number>;
}

const PAGE = 500;

/**
 * Opens every vault secret with the key ring, as `palisade vault rotate` would, and keeps nothing:
 * each plaintext is zeroed at once. Reports counts and key ids only.
 */
export async function checkVault(
  db: Database,
  ring: { ring: KeyRing; source: string } | null,
  onProgress?: Progress,
): Promise<VaultCheck> {
  const total = await withService(db, async (tx) => {
    const { rows } = await tx.query<{ n: number }>('select count(*)::int as n from palisade_vault.secrets');
    return rows[0]!.n;
  });
  const check: VaultCheck = {
    ok: true,
    secrets: total,
    opened: 0,
    ring: ring?.source ?? null,
    missingKeyIds: {},
    failedKeyIds: {},
  };
  let after: [string, string] | null = null;
  let done = 0;
  onProgress?.(0, total);
  for (;;) {
    const rows: SecretRow[] = await withService(db, async (tx) => {
      const res = await tx.query<SecretRow>(
        `select org_id, id, purpose, key_id, nonce, ciphertext from palisade_vault.secrets
          where ($2::uuid is null or (org_id, id) > ($2::uuid, $3::uuid))
          order by org_id, id limit $1`,
        [PAGE, after?.[0] ?? null, after?.[1] ?? null],
      );
      return res.rows;
    });
    if (!rows.length) break;
    for (const r of rows) {
      const bump = (m: Record<string, number>) => {
        m[r.key_id] = (m[r.key_id] ?? 0) + 1;
      };
      if (!ring?.ring.has(r.key_id)) {
        bump(check.missingKeyIds);
        continue;
      }
      try {
        const plain = open(
          ring.ring,
          { orgId: r.org_id, id: r.id, purpose: r.purpose },
          { keyId: r.key_id, nonce: Buffer.from(r.nonce), ciphertext: Buffer.from(r.ciphertext) },
        );
        plain.fill(0);
        check.opened++;
      } catch (err) {
        if (!(err instanceof VaultError)) throw err;
        bump(check.failedKeyIds);
      }
    }
    done += rows.length;
    onProgress?.(Math.min(done, total), total);
    const last = rows.at(-1)!;
    after = [last.org_id, last.id];
  }
  check.ok = check.opened === check.secrets;
  return check;
}
