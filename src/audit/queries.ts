/**
 * The reads the verifier streams: keyset pages (never OFFSET, never one huge result), so memory is
 * one page whatever the chain's length. Each page is its own statement, run as `principal` when
 * given (RLS then decides what the caller may verify) or as the connecting role.
 */
import { type Principal, withPrincipal } from '../db/principal.ts';
import type { Database, Queryable } from '../db/types.ts';
import type { Anchor } from './anchors.ts';
import { CHAIN_TABLE, type Chain, hex } from './canonical.ts';
import { decodePage, pageQuery } from './page.ts';

export type Runner = <T>(fn: (q: Queryable) => Promise<T>) => Promise<T>;

export function runnerFor(db: Database, principal?: Principal): Runner {
  return principal ? (fn) => withPrincipal(db, principal, fn) : (fn) => fn(db);
}

/** Pages aim at this many bytes: large enough that a page's round trip is noise, small enough to hold two. */
const PAGE_TARGET_BYTES = 4 * 1024 * 1024;
// The first page is small so hashing starts early; later ones grow (doubling) while the server
// prepares each next page during the hashing of the current one.
const FIRST_WINDOW = 256;

/**
 * Entries with seq >= from, as pages (src/audit/page.ts, which says what `order` promises). Each
 * page is a bounded seq window, not "the next N rows": its cost stays one index range even when
 * the planner's statistics are stale (a fresh chain), where ORDER BY … LIMIT may turn into
 * sorting the whole rest of the chain.
 *
 * The window adapts to the entries' size (at most `maxWindow` seqs, about PAGE_TARGET_BYTES), so
 * memory stays flat whether entries are 200 bytes or 64 KiB. And the next page is requested before
 * this one is handed over: PostgreSQL reads and encodes page k+1 while Node hashes page k.
 */
export async function* entryPages(
  run: Runner,
  chain: Chain,
  orgId: string,
  from: number,
  maxWindow: number,
  order: 'index' | 'strict' = 'index',
): AsyncGenerator<Buffer> {
  const sql = pageQuery(chain, order);
  const fetch = (after: number, window: number) =>
    run((q) => q.query<{ page: string | null; n: number }>(sql, [orgId, after, window])).then(({ rows: [r] }) => ({
      page: r?.page ? decodePage(r.page) : undefined,
      count: r?.n ?? 0,
    }));
  let after = from - 1;
  let window = Math.min(maxWindow, FIRST_WINDOW);
  let pending = fetch(after, window);
  for (;;) {
    const { page, count } = await pending;
    if (count === window) {
      after += window;
      window = nextWindow(window, page!.length / count, maxWindow);
      pending = fetch(after, window);
      // The consumer may stop at a broken entry and never come back for this one.
      pending.catch(() => {});
      yield page!;
      continue;
    }
    if (page) yield page;
    // A short window: the end of the chain, or a gap in it. One probe tells which.
    const next = await run((q) =>
      q.query<{ seq: string | null }>(
        `select min(e.seq)::text as seq from ${CHAIN_TABLE[chain]} e where e.org_id = $1 and e.seq > $2::bigint`,
        [orgId, after + window],
      ),
    );
    if (next.rows[0]?.seq == null) return;
    after = Number(next.rows[0].seq) - 1;
    pending = fetch(after, window);
  }
}

function nextWindow(window: number, bytesPerEntry: number, maxWindow: number): number {
  return Math.max(1, Math.min(maxWindow, window * 2, Math.floor(PAGE_TARGET_BYTES / bytesPerEntry)));
}

/** The last entry before `from`: the verifier takes its hash on trust when starting mid-chain. */
export async function entryBefore(run: Runner, chain: Chain, orgId: string, from: number) {
  const { rows } = await run((q) =>
    q.query<{ seq: string; hash: Uint8Array }>(
      `select e.seq::text as seq, e.hash from ${CHAIN_TABLE[chain]} e where e.org_id = $1 and e.seq < $2 order by e.seq desc limit 1`,
      [orgId, from],
    ),
  );
  return rows[0] ? { seq: Number(rows[0].seq), hash: rows[0].hash } : undefined;
}

interface AnchorRow {
  id: string;
  seq: string;
  hash: Uint8Array;
  signed_at: string;
  key_id: string;
  signature: Uint8Array;
}

/** Stored anchors of one chain with seq >= from, in (seq, id) order, a page at a time. */
export async function* databaseAnchors(
  run: Runner,
  chain: Chain,
  orgId: string,
  from: number,
  pageSize: number,
): AsyncGenerator<Anchor> {
  let afterSeq = from - 1;
  // (from - 1, max bigint) as the starting key means: every anchor with seq >= from.
  let afterId = '9223372036854775807';
  for (;;) {
    const { rows } = await run((q) =>
      q.query<AnchorRow>(
        `select a.id::text as id, a.seq::text as seq, a.hash, a.key_id, a.signature,
                to_char(a.signed_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') as signed_at
         from palisade_audit.anchors a
         where a.org_id = $1 and a.chain = $2 and (a.seq, a.id) > ($3::bigint, $4::bigint)
         order by a.seq, a.id limit $5`,
        [orgId, chain, afterSeq, afterId, pageSize],
      ),
    );
    for (const r of rows) {
      yield {
        chain,
        orgId,
        seq: Number(r.seq),
        hash: hex(r.hash),
        signedAt: r.signed_at,
        keyId: r.key_id,
        signature: Buffer.from(r.signature).toString('base64'),
        source: `palisade_audit.anchors #${r.id}`,
      };
    }
    if (rows.length < pageSize) return;
    afterSeq = Number(rows[rows.length - 1]!.seq);
    afterId = rows[rows.length - 1]!.id;
  }
}

// A loose index scan: one probe per distinct organisation, not a pass over every entry.
const distinctOrgs = (table: string) => `(
  with recursive t as (
    (select org_id from ${table} order by org_id limit 1)
    union all
    select (select x.org_id from ${table} x where x.org_id > t.org_id order by x.org_id limit 1) from t where t.org_id is not null
  ) select org_id from t where org_id is not null)`;

/**
 * Every organisation with a chain, an anchor or a head row. Anchors and head rows count: an
 * organisation whose entries were all deleted must still be reported.
 */
export async function chainOrgs(run: Runner, withHeads: boolean): Promise<string[]> {
  const { rows } = await run((q) =>
    q.query<{ id: string }>(
      `select distinct id::text as id from (
         select org_id as id from ${distinctOrgs('public.audit_log')} a
         union select org_id from ${distinctOrgs('public.admin_actions')} b
         union select org_id from ${distinctOrgs('palisade_audit.anchors')} c
         ${withHeads ? 'union select org_id from palisade_audit.chain_heads' : ''}
       ) o order by 1`,
    ),
  );
  return rows.map((r) => r.id);
}

/** Sum of chain lengths from the head rows: the progress bar's total (an estimate, not trusted). */
export async function estimateEntries(run: Runner, orgId: string | undefined, from: number): Promise<number> {
  const { rows } = await run((q) =>
    q.query<{ n: string | null }>(
      `select sum(greatest(seq - $2 + 1, 0))::text as n from palisade_audit.chain_heads where $1::uuid is null or org_id = $1::uuid`,
      [orgId ?? null, from],
    ),
  );
  return Number(rows[0]?.n ?? 0);
}

export async function orgName(run: Runner, orgId: string): Promise<string | null> {
  const { rows } = await run((q) =>
    q.query<{ name: string }>('select name from public.organisations where id = $1', [orgId]),
  );
  return rows[0]?.name ?? null;
}
