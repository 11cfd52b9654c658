import { randomBytes } from 'node:crypto';
import type { Database } from '../db/types.ts';
import { ROUTE_MODULES } from '../server/routes.ts';
import { startServer } from '../server/serve.ts';
import { benchServerConfig, benchToken } from './api.ts';
import { type CompareOptions, type Comparison, compareAlternating } from './stats.ts';

interface Page {
  data: unknown[];
  next_cursor: string | null;
}

/**
 * `GET /v1/orgs` (the caller's organisations, 50 a page) through the whole server, one request at a
 * time: a caller in `many` organisations against one in `few`, taking turns request by request. Two
 * pages each: the first, and one reached by a cursor (the large caller's second page, the small
 * caller's page after its first organisation), so a cursor's cost is in both.
 */
export async function benchOrgsList(
  db: Database,
  callers: { few: string; fewCount: number; many: string; manyCount: number },
  opts: CompareOptions,
): Promise<{ first: Comparison; later: Comparison }> {
  const secret = randomBytes(32).toString('hex');
  const server = await startServer({ db, config: benchServerConfig(secret), routes: ROUTE_MODULES });
  try {
    const headers = (token: string) => ({ authorization: `Bearer ${token}` });
    const few = headers(await benchToken(secret, callers.few));
    const many = headers(await benchToken(secret, callers.many));
    const get = async (query: string, h: Record<string, string>): Promise<Page> => {
      const res = await fetch(`${server.url}/v1/orgs?${query}`, { headers: h });
      if (res.status !== 200) throw new Error(`GET /v1/orgs?${query} answered ${res.status}: ${await res.text()}`);
      return (await res.json()) as Page;
    };
    // The later pages' cursors, as a client finds them: the large caller's second page, and the
    // small caller's page after its first organisation. The first request also probes the cost.
    const probe = performance.now();
    const manyCursor = (await get('limit=50', many)).next_cursor;
    const probeMs = performance.now() - probe;
    const fewCursor = (await get('limit=1', few)).next_cursor;
    if (!fewCursor || !manyCursor) throw new Error('a caller has too few organisations for a second page');
    const fewLater = `limit=50&cursor=${fewCursor}`;
    const manyLater = `limit=50&cursor=${manyCursor}`;
    // A request that takes seconds needs no hundred samples to be told from one that takes
    // milliseconds: the batch shrinks so that the large caller's timed requests of a comparison
    // take about a minute, and never below one a round.
    const batch = Math.max(1, Math.min(opts.batch, Math.floor(60_000 / opts.rounds / probeMs)));
    const cmp = { rounds: opts.rounds, batch };
    const first = await compareAlternating(
      `GET /v1/orgs first page: ${callers.manyCount.toLocaleString('en')} orgs vs ${callers.fewCount}`,
      () => get('limit=50', few),
      () => get('limit=50', many),
      cmp,
    );
    const later = await compareAlternating(
      `GET /v1/orgs later page: ${callers.manyCount.toLocaleString('en')} orgs vs ${callers.fewCount}`,
      () => get(fewLater, few),
      () => get(manyLater, many),
      cmp,
    );
    return { first, later };
  } finally {
    // app.close, not stop(): stop() also closes the database, which the next cases still use.
    await server.app.close();
  }
}
