import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll } from 'vitest';
import { generateApiKey } from '../apikeys/keys.ts';
import type { Database } from '../db/types.ts';
import { billingRoutes } from '../revenue/billing/routes.ts';
import { type FakeStripe, startFakeStripe } from '../revenue/testing/fake-stripe.ts';
import { DEMO } from '../seed/ids.ts';
import { bearer, userToken, useServer } from '../server/testing.ts';
import { creditRoutes } from './routes.ts';

/** A server for the credits tests (no tests here). */

const A = DEMO.orgs.a;
const B = DEMO.orgs.b;
type Who = 'owner' | 'admin' | 'member' | 'viewer' | 'ownerB' | 'keyA';

/**
 * The credits routes and the revenue module's billing routes (its Stripe webhook), their Stripe
 * SDK pointed at a local fake; user tokens of A's people and B's owner, and a member key of A.
 */
export function useCreditsServer(ctx: { readonly db: Database }) {
  const state = { webhookSecret: `whsec_${randomBytes(24).toString('hex')}` } as {
    webhookSecret: string;
    fake: FakeStripe;
    headers: Record<Who, Record<string, string>>;
  };
  beforeAll(async () => {
    state.fake = await startFakeStripe();
    const key = generateApiKey();
    await ctx.db.query(
      `insert into public.api_keys (org_id, name, role, key_hash, prefix, created_by)
       values ($1, 'credits test', 'member', $2, $3, $4)`,
      [A.id, key.hash, key.prefix, A.users.owner.id],
    );
    const as = async (u: { id: string }) => bearer(await userToken(u.id));
    state.headers = {
      owner: await as(A.users.owner),
      admin: await as(A.users.admin),
      member: await as(A.users.member),
      viewer: await as(A.users.viewer),
      ownerB: await as(B.users.owner),
      keyA: { 'x-api-key': key.plaintext },
    };
  });
  afterAll(() => state.fake?.close());
  const server = useServer(ctx, () => {
    const settings = {
      secretKey: state.fake.secretKey,
      webhookSecret: state.webhookSecret,
      api: state.fake.api,
      maxNetworkRetries: 0,
    };
    return {
      routes: [async () => ({ default: billingRoutes(settings) }), async () => ({ default: creditRoutes(settings) })],
    };
  });
  return {
    server,
    state,
    get: (who: Who, url: string) => server.inject({ method: 'GET', url, headers: state.headers[who] }),
    post: (who: Who, url: string, payload: object) =>
      server.inject({ method: 'POST', url, headers: state.headers[who], payload }),
    /** A webhook delivery: these bytes, with this Stripe-Signature header. */
    deliver: (body: string, signature: string) =>
      server.inject({
        method: 'POST',
        url: '/v1/webhooks/stripe',
        headers: { 'content-type': 'application/json', 'stripe-signature': signature },
        payload: body,
      }),
  };
}
