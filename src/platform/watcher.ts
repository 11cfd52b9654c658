/**
 * The freshness watcher: a worker that runs as the service role, polls the rule
 * sources that are due, and hands each result to the database (platform.record_rule_source_fetch /
 * _failure), which snapshots, detects and proposes in one transaction per source. HTTP happens
 * outside any transaction, so a slow source never holds a lock or a connection.
 *
 * Sources are claimed with a lease (claim_due_rule_sources), so several watchers can run at once
 * without polling the same source twice; a watcher that dies leaves its sources due again when
 * the lease ends.
 */
import { type Principal, withPrincipal } from '../db/principal.ts';
import type { Database } from '../db/types.ts';
import { EgressError, guardedGet } from '../net/egress.ts';

export class WatcherError extends Error {
  override name = 'WatcherError';
}

export interface RuleSourceRow {
  id: string;
  key: string;
  url: string;
  etag: string | null;
  last_modified: string | null;
  failure_count: number;
}

type PollStatus = 'not_modified' | 'unchanged' | 'baseline' | 'detected' | 'proposed' | 'failed';

export interface PollOutcome {
  sourceId: string;
  key: string;
  status: PollStatus;
  httpStatus?: number;
  error?: string;
  snapshotId?: string;
  detectionId?: string;
  proposalId?: string;
}

export interface WatcherOptions {
  /** Sources claimed per run (default 50). */
  limit?: number;
  /** Sources fetched at the same time (default 4). */
  concurrency?: number;
  timeoutMs?: number;
  maxBytes?: number;
  /** Defaults to PALISADE_ALLOW_PRIVATE_EGRESS. */
  allowPrivate?: boolean;
  /** Who records the results: the service role, unless an admin polls by hand. */
  principal?: Principal;
  onClaimed?: (count: number) => void;
  onPolled?: (outcome: PollOutcome) => void;
}

const SERVICE: Principal = { kind: 'service' };

/** Fail fast, with the fix, when the database has not been migrated (or not far enough). */
export async function assertPlatformSchema(db: Database): Promise<void> {
  const { rows } = await db.query<{ t: string | null; f: string | null }>(
    `select to_regclass('platform.rule_sources')::text as t,
            to_regprocedure('platform.record_rule_source_fetch(uuid, integer, text, text, text)')::text as f`,
  );
  if (!rows[0]?.t || !rows[0]?.f) {
    throw new WatcherError(
      `the platform schema is missing from ${db.location} (no ${rows[0]?.t ? 'platform.record_rule_source_fetch' : 'platform.rule_sources'}): run \`palisade migrate\` against this database first`,
    );
  }
}

function conditionalHeaders(s: RuleSourceRow): Record<string, string> {
  const h: Record<string, string> = {};
  if (s.etag) h['if-none-match'] = s.etag;
  if (s.last_modified) h['if-modified-since'] = s.last_modified;
  return h;
}

const header = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v) ?? null;

/** Fetches one source and records what happened; never throws for the source's own failures. */
export async function pollSource(db: Database, source: RuleSourceRow, opts: WatcherOptions = {}): Promise<PollOutcome> {
  const principal = opts.principal ?? SERVICE;
  const base = { sourceId: source.id, key: source.key };
  let res: Awaited<ReturnType<typeof guardedGet>>;
  try {
    res = await guardedGet(source.url, {
      headers: conditionalHeaders(source),
      ...(opts.timeoutMs ? { timeoutMs: opts.timeoutMs } : {}),
      ...(opts.maxBytes ? { maxBytes: opts.maxBytes } : {}),
      ...(opts.allowPrivate !== undefined ? { allowPrivate: opts.allowPrivate } : {}),
    });
  } catch (err) {
    const message = err instanceof EgressError ? err.message : `fetch failed: ${(err as Error).message}`;
    await withPrincipal(db, principal, (tx) =>
      tx.query('select 1 from platform.record_rule_source_failure($1, $2, null)', [source.id, message]),
    );
    return { ...base, status: 'failed', error: message };
  }
  if (res.status !== 200 && res.status !== 304) {
    const message = `HTTP ${res.status} from ${res.url}`;
    await withPrincipal(db, principal, (tx) =>
      tx.query('select 1 from platform.record_rule_source_failure($1, $2, $3)', [source.id, message, res.status]),
    );
    return { ...base, status: 'failed', httpStatus: res.status, error: message };
  }
  type Recorded = { status: PollStatus; snapshot_id?: string; detection_id?: string; proposal_id?: string };
  let result: Recorded;
  try {
    result = await withPrincipal(db, principal, async (tx) => {
      const { rows } = await tx.query<{ r: Recorded }>(
        'select platform.record_rule_source_fetch($1, $2, $3, $4, $5) as r',
        [
          source.id,
          res.status,
          res.status === 200 ? res.body : null,
          header(res.headers.etag),
          header(res.headers['last-modified']),
        ],
      );
      return rows[0]!.r;
    });
  } catch (err) {
    // The lease runs out and the source is due again: nothing is lost but this pass.
    return {
      ...base,
      status: 'failed',
      httpStatus: res.status,
      error: `could not record the result: ${(err as Error).message}`,
    };
  }
  return {
    ...base,
    status: result.status,
    httpStatus: res.status,
    ...(result.snapshot_id ? { snapshotId: result.snapshot_id } : {}),
    ...(result.detection_id ? { detectionId: result.detection_id } : {}),
    ...(result.proposal_id ? { proposalId: result.proposal_id } : {}),
  };
}

/** One pass: claim the due sources, poll them a few at a time, report each. */
export async function runOnce(db: Database, opts: WatcherOptions = {}): Promise<PollOutcome[]> {
  await assertPlatformSchema(db);
  const principal = opts.principal ?? SERVICE;
  const claimed = await withPrincipal(
    db,
    principal,
    async (tx) =>
      (
        await tx.query<RuleSourceRow>(
          'select id, key, url, etag, last_modified, failure_count from platform.claim_due_rule_sources($1)',
          [opts.limit ?? 50],
        )
      ).rows,
  );
  opts.onClaimed?.(claimed.length);
  const outcomes: PollOutcome[] = [];
  let next = 0;
  const worker = async () => {
    while (next < claimed.length) {
      const source = claimed[next++]!;
      const outcome = await pollSource(db, source, opts);
      outcomes.push(outcome);
      opts.onPolled?.(outcome);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(opts.concurrency ?? 4, claimed.length)) }, worker));
  return outcomes;
}

/** The long-running worker: a pass every `intervalMs`, until stopped. Passes never overlap. */
export function startWatcher(
  db: Database,
  opts: WatcherOptions & { intervalMs?: number; onError?: (err: unknown) => void } = {},
) {
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let current: Promise<unknown> = Promise.resolve();
  const tick = () => {
    current = runOnce(db, opts)
      .catch((err) => opts.onError?.(err))
      .finally(() => {
        if (!stopped) timer = setTimeout(tick, opts.intervalMs ?? 60_000);
      });
  };
  tick();
  return {
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      await current;
    },
  };
}
