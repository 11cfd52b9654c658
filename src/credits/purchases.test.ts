import { expect, it } from 'vitest';
import { signedEvent } from '../revenue/testing/fake-stripe.ts';
import { DEMO } from '../seed/ids.ts';
import { json } from '../server/testing.ts';
import { describeEngines } from '../testing/engines.ts';
import { DEMO_CREDITS } from './seed.ts';
import { useCreditsServer } from './test-server.ts';
import { sums } from './testing.ts';

const A = DEMO.orgs.a;
const B = DEMO.orgs.b;
const URLS = { success_url: 'https://app.example.com/credits/done', cancel_url: 'https://app.example.com/credits' };
const { small, large, archived } = DEMO_CREDITS.packs;
const purchases = (org = A.id) => `/v1/orgs/${org}/credits/purchases`;

describeEngines(
  'buying token packs: a Stripe Checkout in payment mode, credited once from the verified webhook',
  (ctx) => {
    const { state, get, post, deliver } = useCreditsServer(ctx);
    const rowsOf = async () =>
      Number((await ctx.db.query<{ n: string }>('select count(*) as n from public.token_purchases')).rows[0]!.n);
    const purchaseRow = async (id: string) =>
      (
        await ctx.db.query(
          `select status, token_amount::int as token_amount, amount_paid::int as amount_paid, currency,
                stripe_payment_intent_id, provider_session_id, created_by
         from public.token_purchases where id = $1`,
          [id],
        )
      ).rows[0];
    /** A purchase started through the API, and the session Stripe was asked for. */
    const buy = async (pack: string = small, who: 'owner' | 'admin' = 'owner') => {
      const res = await post(who, purchases(), { pack_id: pack, ...URLS });
      expect(res.statusCode, res.body).toBe(201);
      const purchase = json(res);
      const sessionId = purchase.checkout_url.match(/cs_test_\w+/)[0] as string;
      return { purchase, sessionId, metadata: state.fake.received.at(-1)!.params.metadata as Record<string, string> };
    };
    const send = async (type: string, object: object, id?: string) => {
      const e = signedEvent(state.webhookSecret, type, object as Record<string, unknown>, id ? { id } : {});
      const res = await deliver(e.body, e.signature);
      expect(res.statusCode, res.body).toBe(200);
      return json(res).status as string;
    };
    const paidSession = (sessionId: string, metadata: object, pi: string, extra: object = {}) => ({
      id: sessionId,
      object: 'checkout.session',
      mode: 'payment',
      payment_status: 'paid',
      client_reference_id: A.id,
      customer: 'cus_Acme123',
      payment_intent: pi,
      amount_total: 500,
      currency: 'usd',
      metadata,
      ...extra,
    });
    const paymentIntent = (pi: string, metadata: object) => ({
      id: pi,
      object: 'payment_intent',
      status: 'succeeded',
      amount_received: 500,
      currency: 'usd',
      metadata,
    });

    it("an owner or admin buys a pack: Stripe gets the pack's price in payment mode and the purchase in both metadata; the caller gets the URL once", async () => {
      for (const who of ['owner', 'admin'] as const) {
        const { purchase, metadata } = await buy(small, who);
        expect(purchase).toMatchObject({
          pack_id: small,
          token_amount: 100_000,
          status: 'pending',
          created_by: A.users[who].id,
          checkout_url: expect.stringMatching(/^https:\/\/checkout\.stripe\.com\//),
        });
        expect(metadata).toEqual({ org_id: A.id, purchase_id: purchase.id, pack_id: small });
        expect(state.fake.received.at(-1)).toMatchObject({
          path: '/v1/checkout/sessions',
          idempotencyKey: `palisade-token-purchase-${purchase.id}`,
          params: {
            mode: 'payment',
            line_items: [{ price: 'price_demoTokens100k', quantity: '1' }],
            client_reference_id: A.id,
            payment_intent_data: { metadata },
            ...URLS,
          },
        });
        expect(await purchaseRow(purchase.id)).toMatchObject({
          status: 'pending',
          provider_session_id: expect.stringMatching(/^cs_test_/),
          created_by: A.users[who].id,
        });
      }
    });

    it('members, viewers and keys cannot; another organisation is 404; a pack not on sale is 404, a missing one 422; nothing is left, Stripe is not asked', async () => {
      const before = await rowsOf();
      const asked = state.fake.received.length;
      for (const who of ['member', 'viewer', 'keyA'] as const)
        expect((await post(who, purchases(), { pack_id: small, ...URLS })).statusCode, who).toBe(403);
      expect(json(await post('ownerB', purchases(), { pack_id: small, ...URLS })).error).toMatchObject({
        code: 'PS404',
        field: 'org_id',
      });
      const notOnSale = await post('owner', purchases(), { pack_id: archived, ...URLS });
      expect([notOnSale.statusCode, json(notOnSale).error.field]).toEqual([404, 'pack_id']);
      const missing = await post('owner', purchases(), { pack_id: 'tokens-none', ...URLS });
      expect([missing.statusCode, json(missing).error.field]).toEqual([422, 'pack_id']);
      const badUrl = await post('owner', purchases(), { pack_id: small, ...URLS, success_url: 'javascript:alert(1)' });
      expect([badUrl.statusCode, json(badUrl).error.field]).toEqual([422, 'success_url']);
      expect(await rowsOf()).toBe(before);
      expect(state.fake.received.length).toBe(asked);
    });

    it('when Stripe fails, the purchase is recorded as failed and the answer is 503 without provider detail', async () => {
      state.fake.failWith(500);
      const res = await post('owner', purchases(), { pack_id: large, ...URLS });
      state.fake.failWith(null);
      expect(res.statusCode).toBe(503);
      expect(json(res).error.message).toBe('the payment provider could not start the checkout: try again in a moment');
      const { rows } = await ctx.db.query(
        'select status from public.token_purchases where org_id = $1 and pack_id = $2 order by created_at desc limit 1',
        [A.id, large],
      );
      expect(rows[0]).toEqual({ status: 'failed' });
    });

    it('checkout.session.completed credits the pack once: a redelivery is a duplicate, the payment intent’s succeeded changes nothing', async () => {
      const before = await sums(ctx.db, A.id);
      const { purchase, sessionId, metadata } = await buy();
      const completed = signedEvent(
        state.webhookSecret,
        'checkout.session.completed',
        paidSession(sessionId, metadata, 'pi_Once1'),
      );
      expect(json(await deliver(completed.body, completed.signature)).status).toBe('processed');
      expect(json(await deliver(completed.body, completed.signature)).status).toBe('duplicate');
      expect(await send('payment_intent.succeeded', paymentIntent('pi_Once1', metadata))).toBe('ignored');
      expect(await purchaseRow(purchase.id)).toMatchObject({
        status: 'completed',
        amount_paid: 500,
        currency: 'usd',
        stripe_payment_intent_id: 'pi_Once1',
      });
      const after = await sums(ctx.db, A.id);
      expect(after.row).toEqual(after.ledger);
      expect(after.row.purchased).toBe(before.row.purchased + 100_000);
      const entries = await ctx.db.query(
        'select amount::int as amount from public.credit_ledger where org_id = $1 and purchase_id = $2',
        [A.id, purchase.id],
      );
      expect(entries.rows).toEqual([{ amount: 100_000 }]);
      // In the organisation's chain: the purchase's changes and its ledger entry, without Stripe's ids.
      const { rows } = await ctx.db.query<{ action: string; data: string }>(
        `select action, coalesce(new_data::text, '') as data from public.audit_log
       where org_id = $1
         and target_id in ($2::text, (select l.id::text from public.credit_ledger l where l.purchase_id = $2::uuid))
       order by seq`,
        [A.id, purchase.id],
      );
      expect(rows.map((r) => r.action)).toEqual([
        'token_purchases.insert',
        'token_purchases.update',
        'token_purchases.update',
        'credit_ledger.insert',
      ]);
      expect(rows.map((r) => r.data).join('')).not.toMatch(/pi_|cs_|cus_/);
      const seen = json(await get('viewer', `/v1/orgs/${A.id}/credits`));
      expect(seen.purchased).toBe(after.row.purchased);
    });

    it('two deliveries at once, of one event or of the session’s and the payment intent’s, credit once', async () => {
      const before = await sums(ctx.db, A.id);
      const one = await buy();
      const e = signedEvent(
        state.webhookSecret,
        'checkout.session.completed',
        paidSession(one.sessionId, one.metadata, 'pi_Twice1'),
      );
      const same = await Promise.all([deliver(e.body, e.signature), deliver(e.body, e.signature)]);
      expect(same.map((r) => json(r).status).sort()).toEqual(['duplicate', 'processed']);
      const two = await buy();
      const session = signedEvent(
        state.webhookSecret,
        'checkout.session.completed',
        paidSession(two.sessionId, two.metadata, 'pi_Twice2'),
      );
      const intent = signedEvent(
        state.webhookSecret,
        'payment_intent.succeeded',
        paymentIntent('pi_Twice2', two.metadata),
      );
      const both = await Promise.all([
        deliver(session.body, session.signature),
        deliver(intent.body, intent.signature),
      ]);
      expect(both.map((r) => json(r).status).sort()).toEqual(['ignored', 'processed']);
      const after = await sums(ctx.db, A.id);
      expect(after.row).toEqual(after.ledger);
      expect(after.row.purchased).toBe(before.row.purchased + 200_000);
    });

    it('a delayed payment: completed unpaid keeps the purchase pending with its payment intent; only that intent succeeding credits it', async () => {
      const before = await sums(ctx.db, A.id);
      const { purchase, sessionId, metadata } = await buy();
      const unpaid = paidSession(sessionId, metadata, 'pi_Later1', { payment_status: 'unpaid' });
      expect(await send('checkout.session.completed', unpaid)).toBe('processed');
      expect(await purchaseRow(purchase.id)).toMatchObject({
        status: 'pending',
        stripe_payment_intent_id: 'pi_Later1',
      });
      expect(await send('payment_intent.succeeded', paymentIntent('pi_Other1', metadata))).toBe('ignored');
      expect((await sums(ctx.db, A.id)).row).toEqual(before.row);
      expect(
        await send('checkout.session.async_payment_succeeded', paidSession(sessionId, metadata, 'pi_Later1')),
      ).toBe('processed');
      expect(await purchaseRow(purchase.id)).toMatchObject({ status: 'completed' });
      expect((await sums(ctx.db, A.id)).row.purchased).toBe(before.row.purchased + 100_000);
    });

    it('an expired or failed checkout fails the purchase and credits nothing; a completed purchase stays completed', async () => {
      const before = await sums(ctx.db, A.id);
      const expired = await buy(large);
      expect(await send('checkout.session.expired', { id: expired.sessionId, metadata: expired.metadata })).toBe(
        'processed',
      );
      expect(await purchaseRow(expired.purchase.id)).toMatchObject({ status: 'failed' });
      const failed = await buy(large);
      expect(
        await send('checkout.session.async_payment_failed', paidSession(failed.sessionId, failed.metadata, 'pi_Fail1')),
      ).toBe('processed');
      expect(await purchaseRow(failed.purchase.id)).toMatchObject({ status: 'failed' });
      expect((await sums(ctx.db, A.id)).row).toEqual(before.row);
      const paid = DEMO_CREDITS.org(A).purchase;
      const late = { id: 'cs_test_late', metadata: { org_id: A.id, purchase_id: paid } };
      expect(await send('checkout.session.expired', late)).toBe('ignored');
      expect(await purchaseRow(paid)).toMatchObject({ status: 'completed' });
      // The database refuses it too: a completed purchase is final.
      const err = await ctx.db.query("update public.token_purchases set status = 'failed' where id = $1", [paid]).then(
        () => null,
        (e: { code?: string }) => e.code,
      );
      expect(err).toBe('PS409');
    });

    it("an event naming one organisation and another's purchase credits nobody", async () => {
      const before = { a: await sums(ctx.db, A.id), b: await sums(ctx.db, B.id) };
      const { sessionId, metadata } = await buy();
      const crossed = { ...metadata, org_id: B.id };
      expect(
        await send(
          'checkout.session.completed',
          paidSession(sessionId, crossed, 'pi_Cross1', { client_reference_id: B.id }),
        ),
      ).toBe('ignored');
      expect((await sums(ctx.db, A.id)).row).toEqual(before.a.row);
      expect((await sums(ctx.db, B.id)).row).toEqual(before.b.row);
    });
  },
);
