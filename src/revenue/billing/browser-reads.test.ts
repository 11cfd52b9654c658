import { expect, it } from 'vitest';
import { claimsFor, withPrincipal } from '../../db/principal.ts';
import { json } from '../../server/testing.ts';
import { describeEngines } from '../../testing/engines.ts';
import { signedEvent } from '../testing/fake-stripe.ts';
import { A, useBillingServer } from './testing.ts';

const PROVIDER_VALUES = /cus_|sub_|cs_test_|checkout\.stripe\.com|price_|whsec_|sk_test_/;

describeEngines('billing: no Stripe id, session or checkout URL reaches a browser role', (ctx) => {
  const { server, state, checkout, deliver } = useBillingServer(ctx);

  it('after a checkout and a subscription, SQL as A’s owner cannot read a provider column, and no GET returns one', async () => {
    const started = await checkout('owner', {
      plan_id: 'pro',
      success_url: 'https://a.example/ok',
      cancel_url: 'https://a.example/no',
    });
    expect(started.statusCode).toBe(201);
    const e = signedEvent(state.webhookSecret, 'customer.subscription.created', {
      id: 'sub_Browser1',
      customer: 'cus_Browser1',
      status: 'active',
      metadata: { org_id: A.id },
      items: { data: [{ price: { id: 'price_pro123' }, current_period_end: 1_900_000_000 }] },
    });
    const delivered = await deliver(e.body, e.signature);
    expect(json(delivered).status).toBe('processed');

    const owner = claimsFor({ kind: 'user', userId: A.users.owner.id });
    const attempt = (sql: string) =>
      withPrincipal(ctx.db, owner, (tx) => tx.query(sql)).then(
        (r) => ({ rows: r.rows }),
        (err: { code?: string }) => ({ code: err.code }),
      );
    for (const sql of [
      'select stripe_customer_id from public.subscriptions',
      'select stripe_subscription_id from public.subscriptions',
      'select * from public.subscriptions',
      'select provider_session_id from public.checkout_sessions',
      'select checkout_url from public.checkout_sessions',
      'select stripe_customer_id from public.checkout_sessions',
      'select * from public.checkout_sessions',
      'select payload from public.billing_events',
      'select stripe_price_id from platform.plans',
    ])
      expect(await attempt(sql), sql).toEqual({ code: '42501' });
    // The safe columns are readable, and hold nothing of Stripe's.
    const safe = await attempt(
      `select s.plan_id, s.status, s.current_period_end, s.cancel_at_period_end, c.status as checkout
       from public.subscriptions s, public.checkout_sessions c`,
    );
    expect(JSON.stringify(safe)).not.toMatch(PROVIDER_VALUES);
    expect((safe as { rows: unknown[] }).rows.length).toBeGreaterThan(0);

    for (const url of [`/v1/orgs/${A.id}/billing/subscription`, '/v1/plans']) {
      for (const who of ['owner', 'viewer'] as const) {
        const res = await server.inject({ method: 'GET', url, headers: state.headers[who] });
        expect(res.statusCode, url).toBe(200);
        expect(res.body, url).not.toMatch(PROVIDER_VALUES);
      }
    }
    const sub = json(
      await server.inject({
        method: 'GET',
        url: `/v1/orgs/${A.id}/billing/subscription`,
        headers: state.headers.viewer,
      }),
    );
    expect(sub).toMatchObject({
      plan_id: 'pro',
      subscription: { status: 'active', current_period_end: '2030-03-17T17:46:40.000Z' },
    });
  });
});
