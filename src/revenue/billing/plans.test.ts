import { beforeAll, expect, it } from 'vitest';
import { DEMO } from '../../seed/ids.ts';
import { bearer, json, userToken, useServer } from '../../server/testing.ts';
import { describeEngines } from '../../testing/engines.ts';
import { billingRoutes } from './routes.ts';
import { LIMITS } from './testing.ts';

const A = DEMO.orgs.a;
const plan = (o: Record<string, unknown> = {}) => ({
  name: 'Growth',
  limits: LIMITS,
  stripe_price_id: 'price_growth1',
  published: true,
  position: 4,
  ...o,
});

describeEngines('plans: platform admins manage them, every signed-in caller reads the published ones', (ctx) => {
  const server = useServer(ctx, () => ({
    routes: [() => import('../../auth/routes.ts'), async () => ({ default: billingRoutes({}) })],
  }));
  const h = {} as Record<'admin' | 'owner', Record<string, string>>;
  beforeAll(async () => {
    h.owner = bearer(await userToken(A.users.owner.id));
    const operator = bearer(await userToken(DEMO.platformAdmin.id, { email: DEMO.platformAdmin.email }));
    const minted = await server.inject({ method: 'POST', url: '/v1/admin/token', headers: operator });
    expect(minted.statusCode, minted.body).toBe(201);
    h.admin = bearer(json(minted).token);
  });
  const put = (who: 'admin' | 'owner', id: string, body: object) =>
    server.inject({ method: 'PUT', url: `/v1/admin/plans/${id}`, headers: h[who], payload: body });

  it('an admin creates (201) then replaces (200) a plan, recorded in admin_actions; tenants and bad input are refused', async () => {
    const created = await put('admin', 'growth', plan());
    expect(created.statusCode, created.body).toBe(201);
    expect(json(created)).toEqual({ id: 'growth', ...plan() });
    const replaced = await put('admin', 'growth', plan({ name: 'Growth 2', stripe_price_id: null }));
    expect(replaced.statusCode).toBe(200);
    expect(json(replaced)).toMatchObject({ name: 'Growth 2', stripe_price_id: null });
    const { rows } = await ctx.db.query(
      "select action, target_table, target_id from public.admin_actions where target_table = 'platform.plans' order by seq",
    );
    expect(rows).toEqual([
      { action: 'PUT /v1/admin/plans/:planId', target_table: 'platform.plans', target_id: 'growth' },
      { action: 'PUT /v1/admin/plans/:planId', target_table: 'platform.plans', target_id: 'growth' },
    ]);
    expect((await put('owner', 'growth', plan())).statusCode).toBe(403);
    const bad: [string, object, string][] = [
      ['growth', plan({ limits: { ...LIMITS, leads: -1 } }), 'limits.leads'],
      ['growth', plan({ limits: { ...LIMITS, seats: 3 } }), 'limits'],
      ['growth', plan({ limits: { leads: 1 } }), 'limits.ai_qualifications'],
      ['growth', plan({ stripe_price_id: 'prod_123' }), 'stripe_price_id'],
      ['growth', plan({ name: 'Two\nlines' }), 'name'],
      ['growth', plan({ name: 'x'.repeat(101) }), 'name'],
    ];
    for (const [id, body, field] of bad) {
      const res = await put('admin', id, body);
      expect(res.statusCode, field).toBe(422);
      expect(json(res).error.field).toBe(field);
    }
    expect((await put('admin', 'Not_A_Plan', plan())).statusCode).toBe(400);
  });

  it('GET /v1/plans lists published plans with their limits, in order, and never a Stripe price', async () => {
    await put('admin', 'hidden', plan({ name: 'Hidden', published: false }));
    await put('admin', 'growth', plan({ position: 7 }));
    const res = await server.inject({ method: 'GET', url: '/v1/plans', headers: h.owner });
    expect(res.statusCode).toBe(200);
    const ids = json(res).data.map((p: { id: string }) => p.id);
    expect(ids).toContain('free');
    expect(ids).toContain('growth');
    expect(ids).not.toContain('hidden');
    expect(ids.indexOf('free')).toBeLessThan(ids.indexOf('growth'));
    expect(json(res).data.find((p: { id: string }) => p.id === 'growth')).toEqual({
      id: 'growth',
      name: 'Growth',
      limits: LIMITS,
      position: 7,
    });
    expect(res.body).not.toContain('price_');
    expect((await server.inject({ method: 'GET', url: '/v1/plans' })).statusCode).toBe(401);
  });
});
