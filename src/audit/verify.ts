/**
 * The streaming verifier. For each organisation and chain it walks the entries in seq order a page
 * at a time, recomputing every hash in Node (node:crypto, never trusting SQL's sha256), and checks
 * the chain against every anchor met on the way. It stops a chain at its first broken seq.
 *
 *   missing    seq N absent where N was due: entries deleted (or renumbered)
 *   relinked   prev_hash is not the previous entry's hash: deleted, inserted or reordered here
 *   edited     the entry's content no longer hashes to its stored hash
 *   truncated  an anchor records a seq past the chain's end: the tail was deleted
 *   rewritten  the chain is internally consistent but differs from an anchor: rewritten from
 *              somewhere after the last anchor that still holds
 *   bad_anchor an anchor's signature fails against the trusted key that claims it
 */
import type { Principal } from '../db/principal.ts';
import type { Database } from '../db/types.ts';
import { type Anchor, type AnchorFile, checkAnchor } from './anchors.ts';
import { CHAINS, type Chain, type Format, GENESIS_HASH, hex } from './canonical.ts';
import { EntryEncoder } from './encoder.ts';
import type { TrustedKey } from './keys.ts';
import { PageReader } from './page.ts';
import {
  chainOrgs,
  databaseAnchors,
  entryBefore,
  entryPages,
  estimateEntries,
  orgName,
  type Runner,
  runnerFor,
} from './queries.ts';

type Problem = 'missing' | 'relinked' | 'edited' | 'truncated' | 'rewritten' | 'bad_anchor';

export interface ChainReport {
  orgId: string;
  orgName: string | null;
  chain: Chain;
  status: 'ok' | 'broken';
  /** First seq checked (1 unless --from). */
  fromSeq: number;
  /** Last seq that verified (fromSeq - 1 when none did). */
  lastSeq: number;
  entries: number;
  anchors: {
    /** Anchors whose signature verified against a trusted key. */
    verified: number;
    /** Anchors compared but whose signature could not be checked (no trusted key with that id). */
    unchecked: number;
    /** Highest anchored seq whose hash matched. */
    heldAt: number | null;
  };
  broken?: {
    /** The first seq that does not hold (for `rewritten`: the first seq not covered by a holding anchor). */
    seq: number;
    /** For `rewritten`: the anchored seq whose hash differs; the rewrite starts in [seq, throughSeq]. */
    throughSeq?: number;
    problem: Problem;
    detail: string;
  };
}

export interface VerifyOptions {
  orgId?: string;
  /** Start at this seq, taking the previous entry's hash on trust. */
  from?: number;
  chains?: readonly Chain[];
  /** Keys whose signatures make anchors trustworthy (src/audit/keys.ts trustedKeys()). */
  keys?: Map<string, TrustedKey>;
  /** Anchors kept outside the database (`palisade audit anchor --out`). */
  anchorFiles?: AnchorFile[];
  /** Compare against palisade_audit.anchors too (default true). */
  databaseAnchors?: boolean;
  /** Read as this principal, so RLS decides what may be verified (the HTTP route does this). */
  principal?: Principal;
  pageSize?: number;
  onStart?: (plan: { chains: number; estimatedEntries?: number }) => void;
  onProgress?: (entriesSoFar: number) => void;
  onReport?: (report: ChainReport) => void;
}

export interface VerifyResult {
  ok: boolean;
  entries: number;
  reports: ChainReport[];
}

/** Merges sorted anchor sources into one stream ordered by seq. */
async function* mergeAnchors(db: AsyncGenerator<Anchor> | undefined, files: Anchor[]): AsyncGenerator<Anchor> {
  let next = db ? await db.next() : undefined;
  let i = 0;
  for (;;) {
    const fromDb = next && !next.done ? next.value : undefined;
    const fromFile = files[i];
    if (!fromDb && !fromFile) return;
    if (fromDb && (!fromFile || fromDb.seq <= fromFile.seq)) {
      yield fromDb;
      next = await db!.next();
    } else {
      yield fromFile!;
      i++;
    }
  }
}

/**
 * Hashing a page is synchronous; without a pause the event loop could neither send the request
 * for the next page nor read its reply until the whole page is done, and PostgreSQL would sit idle
 * meanwhile. Pausing every few hundred entries lets both sides work at once.
 */
const YIELD_EVERY = 256;
const breathe = () => new Promise<void>((resolve) => setImmediate(resolve));

function missingDetail(expected: number, seq: number): string {
  const range = seq - 1 > expected ? `${expected}–${seq - 1} are` : `${expected} is`;
  return `seq ${range} missing (the next entry is seq ${Number.isNaN(seq) ? 'beyond 2^53' : seq}): entries were deleted or renumbered`;
}

interface ChainContext {
  run: Runner;
  keys: Map<string, TrustedKey>;
  pageSize: number;
  useDatabaseAnchors: boolean;
  fileAnchors: Anchor[];
  tick: (n: number) => void;
}

async function verifyChain(
  ctx: ChainContext,
  chain: Chain,
  orgId: string,
  name: string | null,
  from: number,
): Promise<ChainReport> {
  const report: ChainReport = {
    orgId,
    orgName: name,
    chain,
    status: 'ok',
    fromSeq: from,
    lastSeq: from - 1,
    entries: 0,
    anchors: { verified: 0, unchecked: 0, heldAt: null },
  };
  const fail = (b: NonNullable<ChainReport['broken']>) => ({ ...report, status: 'broken' as const, broken: b });

  const prefix = from > 1 ? await entryBefore(ctx.run, chain, orgId, from) : undefined;
  // Without an entry before `from`, seq 1 onwards is due: a gap there is reported, not skipped.
  let expected = prefix ? prefix.seq + 1 : 1;
  let prevHash: Uint8Array = prefix?.hash ?? GENESIS_HASH;

  const fileAnchors = ctx.fileAnchors
    .filter((a) => a.orgId === orgId && a.chain === chain && a.seq >= from)
    .sort((a, b) => a.seq - b.seq);
  const anchors = mergeAnchors(
    ctx.useDatabaseAnchors ? databaseAnchors(ctx.run, chain, orgId, from, ctx.pageSize) : undefined,
    fileAnchors,
  );
  let anchor = (await anchors.next()).value as Anchor | undefined;

  // Signature first: a forged anchor is reported as such, never used to judge the chain.
  const judge = (a: Anchor): ChainReport['broken'] | undefined => {
    const status = checkAnchor(a, ctx.keys);
    if (status === 'invalid') {
      return {
        seq: a.seq,
        problem: 'bad_anchor',
        detail: `the anchor for seq ${a.seq} (${a.source}, signed ${a.signedAt}) does not verify with trusted key ${a.keyId}: the anchor itself was altered or forged`,
      };
    }
    if (status === 'valid') report.anchors.verified++;
    else report.anchors.unchecked++;
    return undefined;
  };
  const unverified = (a: Anchor) =>
    checkAnchor(a, ctx.keys) === 'unchecked' ? ` (its signature could not be checked: no trusted key ${a.keyId})` : '';

  const encoder = new EntryEncoder(chain, orgId);
  let format: Format = 'v2';
  // Pages come in the order the index yields, which SQL does not promise: an entry is accepted only
  // as the next seq, and anything else is judged on a strictly ordered re-read from that point.
  let strict = false;
  let pages = entryPages(ctx.run, chain, orgId, from, ctx.pageSize);
  try {
    // Stryker disable next-line ConditionalExpression: Stryker would wrap the loop and leave the label on an `if`
    reading: for (;;) {
      const next = await pages.next();
      if (next.done) break;
      const page = new PageReader(next.value);
      let n = 0;
      while (page.next()) {
        const seq = page.seq;
        if (seq !== expected) {
          if (!strict) {
            ctx.tick(n);
            await pages.return(undefined);
            strict = true;
            pages = entryPages(ctx.run, chain, orgId, expected, ctx.pageSize, 'strict');
            continue reading;
          }
          return fail({ seq: expected, problem: 'missing', detail: missingDetail(expected, seq) });
        }
        if (!page.prevHashEquals(prevHash)) {
          return fail({
            seq,
            problem: 'relinked',
            detail: `prev_hash does not match the hash of seq ${seq - 1}: entries were deleted, inserted or reordered here`,
          });
        }
        // Either encoding (v2 now, v1 before the JSON-array encoding), the previous entry's first: a chain
        // is v1 up to some seq and v2 after it, so the second is tried once per chain in practice.
        if (!page.hashEquals(encoder.hash(page, seq, prevHash, format))) {
          const other: Format = format === 'v2' ? 'v1' : 'v2';
          if (!page.hashEquals(encoder.hash(page, seq, prevHash, other))) {
            return fail({
              seq,
              problem: 'edited',
              detail: `hash mismatch: the entry's content does not hash to its stored hash, so it was edited after it was written`,
            });
          }
          format = other;
        }
        while (anchor && anchor.seq <= seq) {
          const bad = judge(anchor);
          if (bad) return fail(bad);
          if (anchor.hash !== hex(page.hash())) {
            const start = (report.anchors.heldAt ?? from - 1) + 1;
            return fail({
              seq: start,
              throughSeq: seq,
              problem: 'rewritten',
              detail: `seq ${seq} differs from the anchor signed ${anchor.signedAt} (${anchor.source})${unverified(anchor)} although the chain is internally consistent: it was rewritten from some seq in ${start}–${seq} on`,
            });
          }
          report.anchors.heldAt = seq;
          anchor = (await anchors.next()).value as Anchor | undefined;
        }
        prevHash = page.hash(); // equal to the recomputed one, just checked
        expected = seq + 1;
        report.lastSeq = seq;
        report.entries++;
        if (++n % YIELD_EVERY === 0) await breathe();
      }
      ctx.tick(n);
    }
  } finally {
    await pages.return(undefined); // stops the prefetch of a chain that broke early
  }

  if (anchor) {
    const bad = judge(anchor);
    if (bad) return fail(bad);
    return fail({
      seq: expected,
      problem: 'truncated',
      detail: `the chain ends at seq ${expected - 1} but the anchor signed ${anchor.signedAt} (${anchor.source})${unverified(anchor)} records seq ${anchor.seq}: the tail was deleted`,
    });
  }
  return report;
}

/**
 * Verifies every chain (or one organisation's). Returns when all are checked; reports also arrive
 * one by one through onReport. Memory: two pages of entries (one being hashed, the next in
 * flight) and one of anchors at a time, plus one small report per chain.
 */
export async function verifyChains(db: Database, opts: VerifyOptions = {}): Promise<VerifyResult> {
  const run = runnerFor(db, opts.principal);
  const from = opts.from ?? 1;
  if (!Number.isInteger(from) || from < 1) throw new RangeError('from must be a positive integer');
  const operatorView =
    !opts.principal ||
    ('kind' in opts.principal && (opts.principal.kind === 'service' || opts.principal.kind === 'platform_admin'));
  const chains = opts.chains ?? CHAINS;
  const fileAnchors = (opts.anchorFiles ?? []).flatMap((f) => f.anchors);

  const orgs = opts.orgId
    ? [opts.orgId]
    : [...new Set([...(await chainOrgs(run, operatorView)), ...fileAnchors.map((a) => a.orgId)])].sort();
  const estimatedEntries = operatorView ? await estimateEntries(run, opts.orgId, from) : undefined;
  opts.onStart?.({
    chains: orgs.length * chains.length,
    ...(estimatedEntries !== undefined ? { estimatedEntries } : {}),
  });

  let total = 0;
  const ctx: ChainContext = {
    run,
    keys: opts.keys ?? new Map(),
    pageSize: opts.pageSize ?? 4096,
    useDatabaseAnchors: opts.databaseAnchors ?? true,
    fileAnchors,
    tick: (n) => {
      total += n;
      opts.onProgress?.(total);
    },
  };
  const reports: ChainReport[] = [];
  for (const orgId of orgs) {
    const name = await orgName(run, orgId);
    for (const chain of chains) {
      const report = await verifyChain(ctx, chain, orgId, name, from);
      reports.push(report);
      opts.onReport?.(report);
    }
  }
  return { ok: reports.every((r) => r.status === 'ok'), entries: total, reports };
}
