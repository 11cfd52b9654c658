import { expect, it } from 'vitest';
import { captureLogs, json } from '../../server/testing.ts';
import { describeEngines } from '../../testing/engines.ts';
import { A, useBillingServer } from './testing.ts';

const URLS = { success_url: 'https://app.example.com/billing/done', cancel_url: 'https://app.example.com/billing' };

describeEngines('Stripe checkout: started as the caller, created through the SDK against a local Stripe', (ctx) => {
  const logs = captureLogs('info');
  const { state, checkout } = useBillingServer(ctx, { logger: logs.logger });
  const rows = async () =>
    (await ctx.db.query<{ n: number }>('select count(*)::int as n from public.checkout_sessions')).rows[0]!.n;

  it("an owner or admin starts a checkout: Stripe gets the plan's price and the organisation, the caller gets the URL once", async () => {
    for (const who of ['owner', 'admin'] as const) {
      const res = await checkout(who, { plan_id: 'pro', ...URLS });
      expect(res.statusCode, res.body).toBe(201);
      const out = json(res);
      expect(out).toMatchObject({
        status: 'open',
        checkout_url: expect.stringMatching(/^https:\/\/checkout\.stripe\.com\//),
      });
      const sent = state.fake.received.at(-1)!;
      const metadata = { org_id: A.id, checkout_id: out.id, plan_id: 'pro' };
      expect(sent).toMatchObject({
        method: 'POST',
        path: '/v1/checkout/sessions',
        idempotencyKey: `palisade-checkout-${out.id}`,
        params: {
          mode: 'subscription',
          line_items: [{ price: 'price_pro123', quantity: '1' }],
          client_reference_id: A.id,
          metadata,
          subscription_data: { metadata },
          ...URLS,
        },
      });
      const found = await ctx.db.query<{ expires_at: Date | string }>(
        'select status, provider_session_id, checkout_url, created_by, expires_at from public.checkout_sessions where id = $1',
        [out.id],
      );
      const row = found.rows[0]!;
      expect(row).toMatchObject({
        status: 'open',
        provider_session_id: expect.stringMatching(/^cs_test_/),
        checkout_url: out.checkout_url,
        created_by: A.users[who].id,
      });
      expect(new Date(row.expires_at).toISOString()).toBe(out.expires_at);
    }
  });

  it('members, viewers and other organisations cannot; a plan not on sale is not found; bad URLs are 422 naming the field; nothing is left behind', async () => {
    const before = await rows();
    const sentBefore = state.fake.received.length;
    for (const who of ['member', 'viewer'] as const) {
      const res = await checkout(who, { plan_id: 'pro', ...URLS });
      expect(res.statusCode, who).toBe(403);
    }
    const other = await checkout('ownerB', { plan_id: 'pro', ...URLS });
    expect(other.statusCode).toBe(404);
    expect(json(other).error).toMatchObject({ code: 'PS404', field: 'org_id' });
    for (const plan_id of ['enterprise', 'legacy', 'free']) {
      const res = await checkout('owner', { plan_id, ...URLS });
      expect(res.statusCode, plan_id).toBe(404);
      expect(json(res).error).toMatchObject({ code: 'PS404', field: 'plan_id' });
    }
    const bad: [object, string][] = [
      [{ plan_id: 'pro', ...URLS, success_url: 'javascript:alert(1)' }, 'success_url'],
      [{ plan_id: 'pro', ...URLS, cancel_url: 'ftp://files.example.com/x' }, 'cancel_url'],
      [{ plan_id: 'pro', ...URLS, success_url: `https://a.example/${'x'.repeat(2048)}` }, 'success_url'],
      [{ plan_id: 'pro', ...URLS, cancel_url: 'https://user:pw@evil.example/' }, 'cancel_url'],
      [{ plan_id: 'PRO!', ...URLS }, 'plan_id'],
      [{ plan_id: 'pro', success_url: URLS.success_url }, 'cancel_url'],
    ];
    for (const [body, field] of bad) {
      const res = await checkout('owner', body);
      expect(res.statusCode, field).toBe(422);
      expect(json(res).error.field).toBe(field);
    }
    expect(await rows()).toBe(before);
    expect(state.fake.received.length).toBe(sentBefore);
  });

  it('when Stripe fails or hangs up, the checkout is recorded as failed and the answer is a 503 without provider detail', async () => {
    for (const failure of [500, 'reset', 401] as const) {
      state.fake.failWith(failure);
      const res = await checkout('owner', { plan_id: 'scale', ...URLS });
      state.fake.failWith(null);
      expect(res.statusCode, String(failure)).toBe(503);
      expect(json(res).error).toEqual({
        code: 'PS503',
        message: 'the payment provider could not start the checkout: try again in a moment',
        requestId: expect.any(String),
      });
      const { rows: last } = await ctx.db.query(
        'select status, provider_session_id, checkout_url from public.checkout_sessions order by created_at desc limit 1',
      );
      expect(last[0]).toEqual({ status: 'failed', provider_session_id: null, checkout_url: null });
    }
    const logged = logs.lines.join('\n');
    expect(logged).toMatch(/Stripe checkout not created/);
    for (const secret of [state.fake.secretKey, state.webhookSecret, 'Something went wrong'])
      expect(logged).not.toContain(secret);
  });
});

describeEngines('Stripe billing without its configuration', (ctx) => {
  const { checkout, deliver } = useBillingServer(ctx, { settings: () => ({}) });

  it('a checkout is 503 naming STRIPE_SECRET_KEY and leaves no row; the webhook is 503 naming STRIPE_WEBHOOK_SECRET', async () => {
    const res = await checkout('owner', { plan_id: 'pro', ...URLS });
    expect(res.statusCode).toBe(503);
    expect(json(res).error.message).toBe(
      'Stripe billing is not configured: a checkout needs STRIPE_SECRET_KEY to be set',
    );
    expect((await ctx.db.query('select 1 from public.checkout_sessions')).rows).toEqual([]);
    // Refusals that need no configuration come first: a viewer is still 403.
    expect((await checkout('viewer', { plan_id: 'pro', ...URLS })).statusCode).toBe(403);
    const hook = await deliver('{"id":"evt_1","type":"ping"}', 't=1,v1=00');
    expect(hook.statusCode).toBe(503);
    expect(json(hook).error.message).toBe(
      'Stripe billing is not configured: the webhook needs STRIPE_WEBHOOK_SECRET to be set',
    );
  });
});
