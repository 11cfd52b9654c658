/**
 * Anchors: signed chain heads. `anchorChains` signs the current last entry of every chain (or one
 * organisation's), stores the signatures in palisade_audit.anchors and optionally writes them to a JSON
 * file to keep elsewhere. docs/audit.md "Anchors" specifies the signed message.
 */
import { sign, verify } from 'node:crypto';
import { closeSync, openSync, readFileSync, writeSync } from 'node:fs';
import { z } from 'zod';
import { withPrincipal } from '../db/principal.ts';
import type { Database } from '../db/types.ts';
import { CHAINS, type Chain, hex } from './canonical.ts';
import type { SigningKey, TrustedKey } from './keys.ts';

const ANCHOR_FILE_FORMAT = 'palisade-audit-anchors/v1';

interface AnchorHead {
  chain: Chain;
  orgId: string;
  seq: number;
  /** Hex of the entry's 32-byte hash. */
  hash: string;
}

export interface Anchor extends AnchorHead {
  /** ISO 8601 UTC with milliseconds, as signed. */
  signedAt: string;
  keyId: string;
  /** Base64 of the 64-byte Ed25519 signature. */
  signature: string;
  /** Where it came from: `database #<id>` or a file path, for reports. */
  source: string;
}

/** The exact bytes signed: UTF-8 of these six lines joined by "\n" (no trailing newline). */
function anchorMessage(h: AnchorHead & { signedAt: string }): Buffer {
  return Buffer.from(
    [
      'palisade-audit-anchor/v1',
      `chain=${h.chain}`,
      `org_id=${h.orgId}`,
      `seq=${h.seq}`,
      `hash=${h.hash}`,
      `signed_at=${h.signedAt}`,
    ].join('\n'),
    'utf8',
  );
}

export type SignatureStatus = 'valid' | 'invalid' | 'unchecked';

/** valid/invalid against a trusted key; unchecked when no trusted key has this key id. */
export function checkAnchor(a: Anchor, keys: Map<string, TrustedKey>): SignatureStatus {
  const key = keys.get(a.keyId);
  if (!key) return 'unchecked';
  const sig = Buffer.from(a.signature, 'base64');
  return sig.length === 64 && verify(null, anchorMessage(a), key.publicKey, sig) ? 'valid' : 'invalid';
}

const anchorFileSchema = z.object({
  format: z.literal(ANCHOR_FILE_FORMAT),
  signed_at: z.string(),
  key_id: z.string().regex(/^[0-9a-f]{16}$/),
  public_key: z.string(),
  heads: z.array(
    z.object({
      chain: z.enum(CHAINS),
      org_id: z.uuid(),
      seq: z.number().int().positive(),
      hash: z.string().regex(/^[0-9a-f]{64}$/),
      signature: z.string(),
    }),
  ),
});

export interface AnchorFile {
  path: string;
  publicKey: string;
  keyId: string;
  anchors: Anchor[];
}

export function readAnchorFile(file: string): AnchorFile {
  let parsed: z.infer<typeof anchorFileSchema>;
  try {
    parsed = anchorFileSchema.parse(JSON.parse(readFileSync(file, 'utf8')));
  } catch (err) {
    throw new Error(
      `${file} is not a Palisade anchor file (${ANCHOR_FILE_FORMAT}): ${(err as Error).message.split('\n')[0]}`,
    );
  }
  return {
    path: file,
    publicKey: parsed.public_key,
    keyId: parsed.key_id,
    anchors: parsed.heads.map((h) => ({
      chain: h.chain,
      orgId: h.org_id,
      seq: h.seq,
      hash: h.hash,
      signedAt: parsed.signed_at,
      keyId: parsed.key_id,
      signature: h.signature,
      source: file,
    })),
  };
}

export interface AnchorOptions {
  key: SigningKey;
  /** Only this organisation's chains. */
  orgId?: string;
  /** Also write the signed heads to this JSON file (mode 0600 is not needed: it holds no secret). */
  out?: string;
  /** Organisations fetched per round trip. */
  batchSize?: number;
  onHead?: (head: AnchorHead, stored: boolean) => void;
}

interface ChainHeadProblem {
  chain: Chain;
  orgId: string;
  detail: string;
}

export interface AnchorResult {
  signedAt: string;
  keyId: string;
  /** Heads signed in this run (also those whose anchor already existed). */
  signed: number;
  /** New rows in palisade_audit.anchors (a head already anchored with this key is not stored twice). */
  stored: number;
  /** Chains whose head row and last entry disagree: a tail was deleted. Not anchored. */
  problems: ChainHeadProblem[];
  out?: string;
}

interface HeadRow {
  org_id: string;
  head_seq: string;
  head_hash: Uint8Array;
  seq: string | null;
  hash: Uint8Array | null;
  anchored: boolean;
}

// The last entry of each chain, beside the head row app.audit_append keeps. The table never ends
// below the head unless someone deleted its tail; anchoring would then bless the truncation, so
// such a chain is refused.
const headsSql = (chain: Chain) => `
  select h.org_id::text as org_id, h.seq::text as head_seq, h.hash as head_hash, e.seq::text as seq, e.hash,
         exists (select 1 from palisade_audit.anchors a where a.org_id = h.org_id and a.chain = h.chain
                   and a.seq = e.seq and a.hash = e.hash and a.key_id = $3) as anchored
  from palisade_audit.chain_heads h
  left join lateral (
    select l.seq, l.hash from public.${chain} l where l.org_id = h.org_id order by l.seq desc limit 1
  ) e on true
  where h.chain = '${chain}' and ($1::uuid is null or h.org_id > $1::uuid) and ($2::uuid is null or h.org_id = $2::uuid)
  order by h.org_id
  limit $4`;

const insertSql = `
  insert into palisade_audit.anchors (org_id, chain, seq, hash, signed_at, key_id, signature)
  select x.org_id, x.chain, x.seq, decode(x.hash, 'hex'), $2::timestamptz, $3, decode(x.signature, 'base64')
  from jsonb_to_recordset($1::jsonb) as x(org_id uuid, chain text, seq bigint, hash text, signature text)`;

/**
 * Signs every chain head. Runs as the service role (the role the server's periodic anchoring
 * has), in one transaction per batch of organisations, so memory stays flat however many there are.
 */
export async function anchorChains(db: Database, opts: AnchorOptions): Promise<AnchorResult> {
  const signedAt = new Date().toISOString();
  const batch = opts.batchSize ?? 500;
  const result: AnchorResult = {
    signedAt,
    keyId: opts.key.keyId,
    signed: 0,
    stored: 0,
    problems: [],
    ...(opts.out ? { out: opts.out } : {}),
  };
  const fd = opts.out ? openSync(opts.out, 'w') : undefined;
  let first = true;
  const write = (s: string) => fd !== undefined && writeSync(fd, s);
  write(
    `{"format":${JSON.stringify(ANCHOR_FILE_FORMAT)},"signed_at":${JSON.stringify(signedAt)},"key_id":${JSON.stringify(opts.key.keyId)},` +
      `"public_key":${JSON.stringify(opts.key.publicKeyB64)},"heads":[`,
  );
  try {
    for (const chain of CHAINS) {
      let after: string | null = null;
      for (;;) {
        const rows = await withPrincipal(
          db,
          { kind: 'service' },
          async (tx) =>
            (await tx.query<HeadRow>(headsSql(chain), [after, opts.orgId ?? null, opts.key.keyId, batch])).rows,
        );
        await handle(chain, rows);
        if (rows.length < batch) break;
        after = rows[rows.length - 1]!.org_id;
      }
    }
  } finally {
    write(']}\n');
    if (fd !== undefined) closeSync(fd);
  }
  return result;

  async function handle(chain: Chain, rows: HeadRow[]) {
    const toStore: { org_id: string; chain: Chain; seq: number; hash: string; signature: string }[] = [];
    for (const r of rows) {
      // The head row lags by at most one transaction's appends; it never runs ahead of the table.
      const headSeq = Number(r.head_seq);
      const lastSeq = r.seq === null ? 0 : Number(r.seq);
      if (
        r.seq === null ||
        r.hash === null ||
        lastSeq < headSeq ||
        (lastSeq === headSeq && hex(r.hash) !== hex(r.head_hash))
      ) {
        result.problems.push({
          chain,
          orgId: r.org_id,
          detail: `the chain had reached seq ${headSeq} but the table ends at ${r.seq ?? 'nothing'}${lastSeq === headSeq ? ' with another hash' : ''}: entries were deleted or replaced; not anchored (run \`palisade audit verify --org ${r.org_id}\`)`,
        });
        continue;
      }
      const head: AnchorHead = { chain, orgId: r.org_id, seq: Number(r.seq), hash: hex(r.hash) };
      const signature = sign(null, anchorMessage({ ...head, signedAt }), opts.key.privateKey).toString('base64');
      write(
        `${first ? '' : ','}\n${JSON.stringify({ chain, org_id: head.orgId, seq: head.seq, hash: head.hash, signature })}`,
      );
      first = false;
      result.signed++;
      if (!r.anchored) toStore.push({ org_id: head.orgId, chain, seq: head.seq, hash: head.hash, signature });
      opts.onHead?.(head, !r.anchored);
    }
    if (toStore.length) {
      await withPrincipal(db, { kind: 'service' }, (tx) =>
        tx.query(insertSql, [JSON.stringify(toStore), signedAt, opts.key.keyId]),
      );
      result.stored += toStore.length;
    }
  }
}
