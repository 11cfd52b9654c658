import Stripe from 'stripe';
import { expect, it } from 'vitest';
import { captureLogs, json } from '../../server/testing.ts';
import { describeEngines } from '../../testing/engines.ts';
import { signedEvent } from '../testing/fake-stripe.ts';
import { A, B, useBillingServer } from './testing.ts';

const now = () => Math.floor(Date.now() / 1000);
const GENERIC = 'the Stripe signature is missing, invalid or outside its time window';

/** A subscription object as Stripe sends it (current_period_end on the item, as API versions since 2025 do). */
function subscription(org: string | null, o: Partial<Record<string, unknown>> & { id: string; price?: string }) {
  const { price = 'price_pro123', ...rest } = o;
  return {
    object: 'subscription',
    customer: 'cus_Acme123',
    status: 'active',
    cancel_at_period_end: false,
    metadata: org ? { org_id: org } : {},
    items: { object: 'list', data: [{ id: 'si_1', price: { id: price }, current_period_end: now() + 30 * 86400 }] },
    ...rest,
  };
}

describeEngines('Stripe webhook: verified on the raw body, applied once, in order, as the service', (ctx) => {
  const logs = captureLogs('info');
  const { server, state, checkout, deliver } = useBillingServer(ctx, { logger: logs.logger });
  const send = async (type: string, object: object, opts: Parameters<typeof signedEvent>[3] = {}) => {
    const e = signedEvent(state.webhookSecret, type, object as Record<string, unknown>, opts);
    const res = await deliver(e.body, e.signature);
    expect(res.statusCode, res.body).toBe(200);
    return { id: e.id, status: json(res).status as string };
  };
  const event = async (id: string) =>
    (await ctx.db.query('select org_id, status, error, type from public.billing_events where event_id = $1', [id]))
      .rows[0];
  const sub = async (org = A.id) =>
    (
      await ctx.db.query(
        `select plan_id, status, cancel_at_period_end, stripe_customer_id, stripe_subscription_id,
                extract(epoch from stripe_event_created)::int as created
         from public.subscriptions where org_id = $1`,
        [org],
      )
    ).rows[0];

  it('a signed checkout.session.completed completes the checkout the server started', async () => {
    const started = json(
      await checkout('owner', {
        plan_id: 'pro',
        success_url: 'https://a.example/ok',
        cancel_url: 'https://a.example/no',
      }),
    );
    const session = state.fake.received.at(-1)!.params;
    const e = await send('checkout.session.completed', {
      id: started.checkout_url.match(/cs_test_\w+/)[0],
      object: 'checkout.session',
      client_reference_id: A.id,
      customer: 'cus_Acme123',
      metadata: session.metadata,
    });
    expect(e.status).toBe('processed');
    const { rows } = await ctx.db.query(
      'select status, stripe_customer_id from public.checkout_sessions where id = $1',
      [started.id],
    );
    expect(rows[0]).toEqual({ status: 'complete', stripe_customer_id: 'cus_Acme123' });
    expect(await event(e.id)).toMatchObject({ org_id: A.id, status: 'processed', error: null });
    // A later "expired" for the same session changes nothing: it is complete.
    const late = await send('checkout.session.expired', { id: 'cs_test_other', metadata: session.metadata });
    expect(late.status).toBe('ignored');
  });

  it('a bad, missing or tampered signature is 400 with one generic message, stores nothing, and is logged without secrets', async () => {
    const e = signedEvent(
      state.webhookSecret,
      'customer.subscription.updated',
      subscription(A.id, { id: 'sub_forged' }),
    );
    const other = signedEvent(
      `whsec_${'0'.repeat(48)}`,
      'customer.subscription.updated',
      subscription(A.id, { id: 'sub_forged' }),
    );
    const attempts: [string, string | undefined][] = [
      [e.body, undefined],
      [e.body, other.signature],
      [e.body.replace('"active"', '"canceled"'), e.signature],
      [e.body, e.signature.replace(/v1=\w+/, 'v1=')],
      [e.body, 'garbage'],
      [e.body, e.signature.replace(/^t=\d+/, 't=soon')],
    ];
    for (const [body, signature] of attempts) {
      const res = await deliver(body, signature);
      expect(res.statusCode, signature).toBe(400);
      expect(json(res).error).toMatchObject({ code: 'PS400', message: GENERIC, field: 'stripe-signature' });
    }
    expect(await event(e.id)).toBeUndefined();
    const logged = logs.lines.filter((l) => l.includes('Stripe webhook refused'));
    expect(logged.length).toBeGreaterThanOrEqual(attempts.length);
    const all = logs.lines.join('\n');
    for (const secret of [state.webhookSecret, e.signature, other.signature, 'sub_forged'])
      expect(all).not.toContain(secret);
  });

  it('a signature older than 300 s is refused, and so is one dated more than 300 s ahead (which stripe-node alone accepts)', async () => {
    const object = subscription(A.id, { id: 'sub_clock' });
    for (const [signedAt, ok] of [
      [now() - 301, false],
      [now() + 330, false],
      [now() + 3600, false],
      [now() - 290, true],
      [now() + 290, true],
    ] as const) {
      const e = signedEvent(state.webhookSecret, 'ping.test', object, { signedAt });
      const res = await deliver(e.body, e.signature);
      expect(res.statusCode, `signed at now${signedAt - now()}`).toBe(ok ? 200 : 400);
      if (!ok) expect(json(res).error.message).toBe(GENERIC);
    }
    const future = signedEvent(state.webhookSecret, 'ping.test', object, { signedAt: now() + 3600 });
    expect(Stripe.webhooks.constructEvent(future.body, future.signature, state.webhookSecret, 300).id).toBe(future.id);
  });

  it('the same event delivered twice, even at once, has one effect and one audit entry; the second is acknowledged', async () => {
    const e = signedEvent(
      state.webhookSecret,
      'customer.subscription.created',
      subscription(A.id, { id: 'sub_Replay1' }),
    );
    const audited = async () =>
      (
        await ctx.db.query<{ action: string; data: string }>(
          "select action, new_data::text as data from public.audit_log where org_id = $1 and target_table = 'public.subscriptions' order by seq",
          [A.id],
        )
      ).rows;
    const before = (await audited()).length;
    const first = await Promise.all([deliver(e.body, e.signature), deliver(e.body, e.signature)]);
    expect(first.map((r) => r.statusCode)).toEqual([200, 200]);
    expect(first.map((r) => json(r).status).sort()).toEqual(['duplicate', 'processed']);
    const again = await deliver(e.body, e.signature);
    expect(json(again).status).toBe('duplicate');
    expect(await sub()).toMatchObject({ plan_id: 'pro', status: 'active', stripe_subscription_id: 'sub_Replay1' });
    // One entry for the one effect (an update: the demo seed gave A a subscription), without Stripe's ids.
    const rows = (await audited()).slice(before);
    expect(rows.map((r) => r.action)).toEqual(['subscriptions.update']);
    expect(rows[0]!.data).not.toMatch(/cus_|sub_/);
    const n = await ctx.db.query<{ n: number }>(
      'select count(*)::int as n from public.billing_events where event_id = $1',
      [e.id],
    );
    expect(n.rows[0]!.n).toBe(1);
  });

  it('out of order: an older subscription.updated delivered after a newer one never overwrites it, and is kept as ignored', async () => {
    const t = now();
    const newer = await send(
      'customer.subscription.updated',
      subscription(A.id, { id: 'sub_Replay1', price: 'price_scale456', cancel_at_period_end: true }),
      { created: t + 20 },
    );
    const older = await send(
      'customer.subscription.updated',
      subscription(A.id, { id: 'sub_Replay1', status: 'past_due' }),
      {
        created: t + 10,
      },
    );
    expect([newer.status, older.status]).toEqual(['processed', 'ignored']);
    expect(await sub()).toMatchObject({
      plan_id: 'scale',
      status: 'active',
      cancel_at_period_end: true,
      created: t + 20,
    });
    expect(await event(older.id)).toMatchObject({ status: 'ignored', error: expect.stringMatching(/older/) });
    const deleted = await send(
      'customer.subscription.deleted',
      subscription(A.id, { id: 'sub_Replay1', status: 'canceled', price: 'price_scale456' }),
      {
        created: t + 30,
      },
    );
    expect(deleted.status).toBe('processed');
    expect(await sub()).toMatchObject({ status: 'canceled' });
    const seen = json(
      await server.inject({
        method: 'GET',
        url: `/v1/orgs/${A.id}/billing/subscription`,
        headers: state.headers.viewer,
      }),
    );
    expect(seen).toMatchObject({ plan_id: 'free', subscription: { plan_id: 'scale', status: 'canceled' } });
  });

  it('unknown event types and events naming no organisation of this installation are stored as ignored and acknowledged', async () => {
    const unknown = await send('invoice.paid', { id: 'in_1', object: 'invoice', metadata: { org_id: A.id } });
    expect(unknown.status).toBe('ignored');
    expect(await event(unknown.id)).toMatchObject({ org_id: A.id, status: 'ignored', type: 'invoice.paid' });
    const platform = '00000000-0000-0000-0000-000000000001';
    for (const org of [null, '5b1e6d1c-0000-4000-8000-000000000000', 'not-a-uuid']) {
      const e = await send('customer.subscription.created', subscription(org, { id: 'sub_Nobody1' }));
      expect(e.status).toBe('ignored');
      expect(await event(e.id)).toMatchObject({ org_id: platform, status: 'ignored' });
    }
    expect(
      (await ctx.db.query("select 1 from public.subscriptions where stripe_subscription_id = 'sub_Nobody1'")).rows,
    ).toEqual([]);
  });

  it('a price no plan sells, or a subscription already recorded for another organisation, is stored as failed and applied when Stripe resends it', async () => {
    const e = signedEvent(
      state.webhookSecret,
      'customer.subscription.created',
      subscription(B.id, { id: 'sub_Globex1', price: 'price_new999' }),
    );
    expect(json(await deliver(e.body, e.signature)).status).toBe('failed');
    expect(await event(e.id)).toMatchObject({
      org_id: B.id,
      status: 'failed',
      error: expect.stringMatching(/no plan/),
    });
    await ctx.db.query("update platform.plans set stripe_price_id = 'price_new999' where id = 'legacy'");
    expect(json(await deliver(e.body, e.signature)).status).toBe('processed');
    expect(await sub(B.id)).toMatchObject({ plan_id: 'legacy', stripe_subscription_id: 'sub_Globex1' });
    const stolen = await send('customer.subscription.updated', subscription(A.id, { id: 'sub_Globex1' }));
    expect(stolen.status).toBe('failed');
    expect(await sub(B.id)).toMatchObject({ stripe_subscription_id: 'sub_Globex1' });
  });
});
