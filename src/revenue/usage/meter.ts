import type { Logger } from 'pino';
import type { Database } from '../../db/types.ts';
import { PalisadeError } from '../../errors/error.ts';
import type { RequestMeter } from '../../http/types.ts';
import { withService } from '../../vault/elevate.ts';

/**
 * API requests against the plan, without a write per request. Each admitted request adds one to
 * an in-memory count for its organisation; every `flushMs` the counts go to the database in one
 * statement (app.record_api_requests, as the service), which answers each organisation's month
 * total and limit. A request is refused (PS402) when that answer plus what this server counted
 * since has reached the limit.
 *
 * What keeps it honest:
 * - only requests by members are counted (run() and runRead() call admit() after membership is
 *   proven), so nobody can spend another organisation's allowance or learn it is spent;
 * - refused requests are not counted; an organisation refused is still asked about at each flush
 *   (a count of 0), so a new month or a bigger plan lifts the refusal within one flush;
 * - a failed flush puts its counts back for the next one: requests are never lost, only late.
 * It is approximate by design: until an organisation's first flush on this server, and between
 * flushes across several servers, up to (servers × requests per flush interval) can pass the limit.
 */
export class ApiRequestMeter implements RequestMeter {
  private pending = new Map<string, number>();
  private known = new Map<string, { used: number; limit: number }>();
  private timer: NodeJS.Timeout | null = null;
  private flushing: Promise<void> | null = null;

  constructor(
    private readonly db: Database,
    private readonly opts: { flushMs?: number; log?: Pick<Logger, 'warn'> } = {},
  ) {}

  start(): this {
    this.timer ??= setInterval(() => void this.flush(), this.opts.flushMs ?? 5000);
    this.timer.unref();
    return this;
  }

  admit(orgId: string): void {
    const seen = this.known.get(orgId);
    const counted = this.pending.get(orgId) ?? 0;
    if (seen && seen.used + counted >= seen.limit) {
      if (!this.pending.has(orgId)) this.pending.set(orgId, 0);
      throw limitReached(seen.limit);
    }
    this.pending.set(orgId, counted + 1);
  }

  /** Sends what was counted; safe to call at any time (calls made while one runs wait for it). */
  async flush(): Promise<void> {
    while (this.flushing) await this.flushing;
    if (this.pending.size === 0) return;
    const batch = this.pending;
    this.pending = new Map();
    this.flushing = this.send(batch).finally(() => {
      this.flushing = null;
    });
    await this.flushing;
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.flush();
  }

  private async send(batch: Map<string, number>): Promise<void> {
    try {
      const rows = await withService(this.db, async (tx) => {
        const { rows } = await tx.query<{ org_id: string; used: string; usage_limit: string }>(
          'select org_id, used, usage_limit from app.record_api_requests($1)',
          [JSON.stringify(Object.fromEntries(batch))],
        );
        return rows;
      });
      for (const r of rows) this.known.set(r.org_id, { used: Number(r.used), limit: Number(r.usage_limit) });
    } catch (err) {
      for (const [org, n] of batch) this.pending.set(org, (this.pending.get(org) ?? 0) + n);
      this.opts.log?.warn({ err: (err as Error).message }, 'API request counts not recorded; kept for the next flush');
    }
  }
}

function limitReached(limit: number): PalisadeError {
  const now = new Date();
  const reset = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + 1, 1)).toISOString().replace('.000Z', 'Z');
  return new PalisadeError(
    'PS402',
    `the plan's limit of ${limit} api requests a month is reached: it resets at ${reset}`,
    'api_requests',
    JSON.stringify({ metric: 'api_requests', limit, reset_at: reset }),
  );
}
