import { beforeAll, expect, it } from 'vitest';
import { DEMO } from '../../seed/ids.ts';
import { bearer, json, userToken, useServer } from '../../server/testing.ts';
import { describeEngines } from '../../testing/engines.ts';
import type { ApiRequestMeter } from './meter.ts';

const A = DEMO.orgs.a;
const B = DEMO.orgs.b;

describeEngines('API requests against the plan, counted without a write per request', (ctx) => {
  // Flushed by the test, not the clock.
  const server = useServer(ctx, () => ({ meterFlushMs: 3_600_000 }));
  const meter = () => server.app.palisade.meter as ApiRequestMeter;
  const t: Record<string, string> = {};
  beforeAll(async () => {
    t.member = await userToken(A.users.member.id);
    t.ownerB = await userToken(B.users.owner.id);
  });
  const get = (who: string, org: string) =>
    server.inject({ method: 'GET', url: `/v1/orgs/${org}/leads?limit=1`, headers: bearer(t[who]!) });
  const counted = async (org: string) =>
    Number(
      (
        await ctx.db.query<{ used: string }>(
          "select used from public.usage_counters where org_id = $1 and metric = 'api_requests' and period_start = app.usage_period()",
          [org],
        )
      ).rows[0]?.used ?? 0,
    );

  it('members’ requests are counted in one write per flush; strangers’ 404s count against no one', async () => {
    await meter().flush();
    const before = await counted(A.id);
    const eventsBefore = await ctx.db.query<{ n: string }>(
      "select count(*) as n from public.usage_events where org_id = $1 and metric = 'api_requests'",
      [A.id],
    );
    for (let i = 0; i < 5; i++) expect((await get('member', A.id)).statusCode).toBe(200);
    for (let i = 0; i < 3; i++) expect((await get('ownerB', A.id)).statusCode).toBe(404);
    expect(await counted(A.id)).toBe(before);
    await meter().flush();
    expect(await counted(A.id)).toBe(before + 5);
    const eventsAfter = await ctx.db.query<{ n: string }>(
      "select count(*) as n from public.usage_events where org_id = $1 and metric = 'api_requests'",
      [A.id],
    );
    expect(Number(eventsAfter.rows[0]!.n) - Number(eventsBefore.rows[0]!.n)).toBe(1);
  });

  it('once the month’s allowance is spent the next request is 402; a bigger plan lifts it at the next flush', async () => {
    await meter().flush();
    const used = await counted(A.id);
    await ctx.db.query(
      `insert into platform.plans (id, name, limits) values ('api-tiny', 'API tiny', $1) on conflict (id) do update set limits = excluded.limits`,
      [
        JSON.stringify({
          leads: 1e6,
          ai_qualifications: 1e6,
          api_requests: used + 2,
          members: 100,
          workspaces: 100,
          integrations: 100,
        }),
      ],
    );
    await ctx.db.query(`update public.subscriptions set plan_id = 'api-tiny' where org_id = $1`, [A.id]);
    expect((await get('member', A.id)).statusCode).toBe(200);
    await meter().flush(); // the meter learns the limit: used + 1 of used + 2
    expect((await get('member', A.id)).statusCode).toBe(200);
    const refused = await get('member', A.id);
    expect(refused.statusCode).toBe(402);
    expect(json(refused).error).toMatchObject({
      code: 'PS402',
      field: 'api_requests',
      usage: { metric: 'api_requests', limit: used + 2 },
    });
    // B is not affected.
    expect((await get('ownerB', B.id)).statusCode).toBe(200);
    await ctx.db.query(`update public.subscriptions set plan_id = 'team' where org_id = $1`, [A.id]);
    expect((await get('member', A.id)).statusCode).toBe(402);
    await meter().flush();
    expect((await get('member', A.id)).statusCode).toBe(200);
    // Refused requests were not counted.
    await meter().flush();
    expect(await counted(A.id)).toBe(used + 3);
  });
});
