import { randomBytes } from 'node:crypto';
import autocannon from 'autocannon';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { SignJWT } from 'jose';
import type { ServerConfig } from '../config/index.ts';
import type { Database } from '../db/types.ts';
import { decodeCursor, PageQuery, page, pageOf } from '../http/pagination.ts';
import { OrgParams } from '../http/schemas.ts';
import type { RouteModule } from '../http/types.ts';
import { ROUTE_MODULES } from '../server/routes.ts';
import { startServer } from '../server/serve.ts';
import { listWorkspaces } from '../tenancy/queries/workspaces.ts';
import { toWorkspace, Workspace } from '../tenancy/routes/workspaces.ts';
import { type Comparison, fromRounds, summarise } from './stats.ts';

export interface ApiBenchOptions {
  rounds: number;
  durationSeconds: number;
  connections: number;
}

export interface ApiBenchResult extends Comparison {
  baselineRps: number;
  caseRps: number;
  baselineP99: number;
  caseP99: number;
}

/**
 * `GET /v1/orgs/:orgId/workspaces` with a valid JWT (verification, principal, role and claims with
 * the statement, RLS) against a route in the same server that runs the same SQL on the pool with
 * no authentication and no claims. The baseline validates the same path and query, maps the rows
 * and serialises the answer with the same schemas, so the two differ by what security costs and
 * nothing else. Runs alternate to cancel drift.
 */
export async function benchApi(
  db: Database,
  seeded: { user: string; org: string },
  opts: ApiBenchOptions,
): Promise<ApiBenchResult> {
  for (let i = 0; i < 20; i++) {
    await db.query(`insert into public.workspaces (org_id, name) values ($1, $2)`, [
      seeded.org,
      `Bench workspace ${i}`,
    ]);
  }
  const secret = randomBytes(32).toString('hex');
  const config = benchServerConfig(secret);
  const baselineRoute: RouteModule = async (app) => {
    app.withTypeProvider<ZodTypeProvider>().get(
      '/bench/baseline/orgs/:orgId/workspaces',
      {
        config: { auth: 'public' },
        schema: { hide: true, params: OrgParams, querystring: PageQuery, response: { 200: pageOf(Workspace) } },
      },
      async (req) => {
        const rows = await listWorkspaces(db, req.params.orgId, decodeCursor(req.query.cursor), req.query.limit);
        return page(rows, req.query.limit, (w) => w.id, toWorkspace);
      },
    );
  };
  const server = await startServer({
    db,
    config,
    routes: [...ROUTE_MODULES, async () => ({ default: baselineRoute })],
  });
  try {
    const token = await benchToken(secret, seeded.user);
    const caseUrl = `${server.url}/v1/orgs/${seeded.org}/workspaces?limit=50`;
    const baselineUrl = `${server.url}/bench/baseline/orgs/${seeded.org}/workspaces?limit=50`;
    const check = await fetch(caseUrl, { headers: { authorization: `Bearer ${token}` } });
    if (check.status !== 200) throw new Error(`the benchmarked route answered ${check.status}: ${await check.text()}`);
    const baselineCheck = await fetch(baselineUrl);
    if (JSON.stringify(await baselineCheck.json()) !== JSON.stringify(await check.json()))
      throw new Error('the baseline route does not answer as the benchmarked route does');
    return await alternateLoad(
      'API: GET workspaces, 10 connections',
      opts,
      { url: baselineUrl },
      {
        url: caseUrl,
        headers: { authorization: `Bearer ${token}` },
      },
    );
  } finally {
    // app.close, not stop(): stop() also closes the database, which the next cases still use.
    await server.app.close();
  }
}

/** One side of an API comparison: what autocannon sends. */
export interface LoadSpec {
  url: string;
  method?: 'GET' | 'POST';
  headers?: Record<string, string>;
  body?: string;
}

/**
 * autocannon against the baseline and the case in turns, round by round (ABBA across rounds) after
 * a warm-up of the baseline; any non-2xx answer or error fails the case. The figure is the case's
 * rate over the baseline's, with p99 latencies.
 */
export async function alternateLoad(
  name: string,
  opts: ApiBenchOptions,
  baseline: LoadSpec,
  kase: LoadSpec,
): Promise<ApiBenchResult> {
  const load = (s: LoadSpec) =>
    autocannon({
      url: s.url,
      method: s.method ?? 'GET',
      connections: opts.connections,
      duration: opts.durationSeconds,
      headers: s.headers ?? {},
      ...(s.body === undefined ? {} : { body: s.body }),
    });
  const base: { rps: number; p99: number }[] = [];
  const cas: { rps: number; p99: number }[] = [];
  await load(baseline); // warm-up
  for (let r = 0; r < opts.rounds; r++) {
    const order = r % 2 === 0 ? ['b', 'c'] : ['c', 'b'];
    for (const side of order) {
      const res = await load(side === 'b' ? baseline : kase);
      if (res.non2xx > 0 || res.errors > 0)
        throw new Error(
          `${side === 'b' ? 'baseline' : 'case'} run had ${res.non2xx} non-2xx responses and ${res.errors} errors`,
        );
      (side === 'b' ? base : cas).push({ rps: res.requests.average, p99: res.latency.p99 });
    }
  }
  const cmp = fromRounds(
    name,
    'req/s',
    base.map((b, i) => ({ baseline: [b.rps], case: [cas[i]!.rps] })),
  );
  return {
    ...cmp,
    baselineRps: cmp.baseline.median,
    caseRps: cmp.case.median,
    baselineP99: summarise(base.map((x) => x.p99)).median,
    caseP99: summarise(cas.map((x) => x.p99)).median,
  };
}

/** The in-process server's configuration for a bench: silent, and no rate limit to measure. */
export function benchServerConfig(jwtSecret: string): ServerConfig {
  return {
    host: '127.0.0.1',
    port: 0,
    auth: {
      jwtSecret,
      clockSkewSeconds: 30,
      adminSecret: randomBytes(32).toString('hex'),
      adminTokenTtlSeconds: 900,
      maxTokenBytes: 8192,
    },
    rateLimit: { max: 10_000_000, timeWindowMs: 60_000 },
    bodyLimit: 256 * 1024,
    trustProxy: false,
    corsOrigins: [],
    logLevel: 'silent',
    shutdownTimeoutMs: 5_000,
  };
}

/** A person's access token for an hour, signed with the bench server's secret. */
export function benchToken(jwtSecret: string, userId: string): Promise<string> {
  return new SignJWT({ role: 'authenticated' })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setSubject(userId)
    .setIssuedAt()
    .setExpirationTime('1h')
    .sign(new TextEncoder().encode(jwtSecret));
}
