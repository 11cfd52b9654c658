import { randomBytes } from 'node:crypto';
import type { Logger } from 'pino';
import { afterAll, beforeAll } from 'vitest';
import type { Database } from '../../db/types.ts';
import { DEMO } from '../../seed/ids.ts';
import { bearer, userToken, useServer } from '../../server/testing.ts';
import { type FakeStripe, startFakeStripe } from '../testing/fake-stripe.ts';
import type { StripeSettings } from './config.ts';
import { billingRoutes } from './routes.ts';

/** Test helpers of billing (no tests here). */

export const A = DEMO.orgs.a;
export const B = DEMO.orgs.b;
export const LIMITS = {
  leads: 5,
  ai_qualifications: 5,
  api_requests: 500,
  members: 30,
  workspaces: 5,
  integrations: 5,
};

/** Plans as an operator would set them up: two on sale, one unpublished, free without a price. */
async function seedPlans(db: Database): Promise<void> {
  await db.query(
    `insert into platform.plans (id, name, limits, stripe_price_id, published, position) values
       ('pro', 'Pro', $1, 'price_pro123', true, 1),
       ('scale', 'Scale', $1, 'price_scale456', true, 2),
       ('legacy', 'Legacy', $1, 'price_legacy789', false, 3)
     on conflict (id) do nothing`,
    [JSON.stringify(LIMITS)],
  );
}

/**
 * A server with only the billing routes, its Stripe SDK pointed at a local fake, and user
 * tokens of A's people and B's owner.
 */
export function useBillingServer(
  ctx: { readonly db: Database },
  opts: { logger?: Logger; settings?: (fake: FakeStripe) => StripeSettings } = {},
) {
  const state = { webhookSecret: `whsec_${randomBytes(24).toString('hex')}` } as {
    webhookSecret: string;
    fake: FakeStripe;
    headers: Record<'owner' | 'admin' | 'member' | 'viewer' | 'ownerB', Record<string, string>>;
  };
  beforeAll(async () => {
    state.fake = await startFakeStripe();
    await seedPlans(ctx.db);
    const as = async (u: { id: string }) => bearer(await userToken(u.id));
    const { owner, admin, member, viewer } = A.users;
    state.headers = {
      owner: await as(owner),
      admin: await as(admin),
      member: await as(member),
      viewer: await as(viewer),
      ownerB: await as(B.users.owner),
    };
  });
  afterAll(() => state.fake?.close());
  const server = useServer(ctx, () => {
    const settings = opts.settings?.(state.fake) ?? {
      secretKey: state.fake.secretKey,
      webhookSecret: state.webhookSecret,
      api: state.fake.api,
      maxNetworkRetries: 0,
    };
    return {
      routes: [async () => ({ default: billingRoutes(settings) })],
      ...(opts.logger ? { logger: opts.logger } : {}),
    };
  });
  type Who = keyof typeof state.headers;
  return {
    server,
    state,
    /** POST …/billing/checkout as `who`. */
    checkout: (who: Who, body: object, org = A.id) =>
      server.inject({
        method: 'POST',
        url: `/v1/orgs/${org}/billing/checkout`,
        headers: state.headers[who],
        payload: body,
      }),
    /** A webhook delivery: these bytes, with this Stripe-Signature header (none if undefined). */
    deliver: (body: string, signature?: string) =>
      server.inject({
        method: 'POST',
        url: '/v1/webhooks/stripe',
        headers: { 'content-type': 'application/json', ...(signature ? { 'stripe-signature': signature } : {}) },
        payload: body,
      }),
  };
}
