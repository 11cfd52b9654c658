/**
 * Checkouts and the subscription they lead to. An owner or admin starts a checkout: the row is
 * inserted AS THE CALLER (the insert policy is the role check, the trigger admits plans on sale
 * only), then Stripe is asked, outside any transaction, and the service fills in what it answered.
 * The checkout URL is returned to that caller once; browsers cannot read it (nor the session or
 * customer ids) through SQL later. Members read the subscription's status columns only.
 */

import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type Stripe from 'stripe';
import { z } from 'zod';
import { notFound } from '../../errors/error.ts';
import { run, runRead } from '../../http/run.ts';
import { iso, isoRequired, OrgParams, Timestamp, Uuid } from '../../http/schemas.ts';
import type { RouteModule } from '../../http/types.ts';
import { asService } from '../../jobs/service.ts';
import { asServiceFor } from '../../vault/elevate.ts';
import { LIVE_STATUSES, SUBSCRIPTION_STATUSES } from './apply.ts';
import { createCheckoutSession, ReturnUrl } from './checkout-stripe.ts';
import { type StripeSettings, stripeClient } from './config.ts';
import { PlanId } from './plans-routes.ts';
import { failCheckout, getSubscription, insertCheckout, openCheckout, planPrice } from './queries.ts';

const SubscriptionStatus = z.enum(SUBSCRIPTION_STATUSES);

export function checkoutRoutes(settings: StripeSettings): RouteModule {
  let client: Stripe | undefined;
  const stripe = () => (client ??= stripeClient(settings));
  return async (app) => {
    const r = app.withTypeProvider<ZodTypeProvider>();
    r.post(
      '/v1/orgs/:orgId/billing/checkout',
      {
        schema: {
          operationId: 'createCheckout',
          tags: ['revenue'],
          summary: 'Start a Stripe Checkout for a plan (owners and admins); the checkout URL is in this response only',
          params: OrgParams,
          body: z.object({ plan_id: PlanId, success_url: ReturnUrl, cancel_url: ReturnUrl }).strict(),
          response: {
            201: z.object({
              id: Uuid,
              status: z.enum(['open', 'complete', 'expired']),
              checkout_url: z.string(),
              expires_at: Timestamp.nullable(),
            }),
          },
        },
      },
      async (req, reply) => {
        const { orgId } = req.params;
        const { plan_id, success_url, cancel_url } = req.body;
        const { id, price, api } = await run(
          req,
          async (tx) => {
            const id = await insertCheckout(tx, orgId, plan_id);
            // Not configured: refused here, so the insert above is rolled back with it.
            const api = stripe();
            const price = await asServiceFor(tx, req.principal, (svc) => planPrice(svc, plan_id));
            if (!price) throw notFound('plan', 'plan_id');
            return { id, price, api };
          },
          { orgId },
        );
        const metadata = { org_id: orgId, checkout_id: id, plan_id };
        const session = await createCheckoutSession(
          api,
          {
            mode: 'subscription',
            line_items: [{ price, quantity: 1 }],
            success_url,
            cancel_url,
            client_reference_id: orgId,
            metadata,
            subscription_data: { metadata },
          },
          {
            idempotencyKey: `palisade-checkout-${id}`,
            log: req.log,
            logFields: { checkoutId: id },
            onFailure: () => asService(app.palisade.db, orgId, (tx) => failCheckout(tx, orgId, id)),
          },
        );
        const status = await asService(app.palisade.db, orgId, (tx) =>
          openCheckout(tx, orgId, id, { sessionId: session.id, url: session.url, expiresAt: session.expires_at }),
        );
        return reply.code(201).send({
          id,
          status: status as 'open' | 'complete' | 'expired',
          checkout_url: session.url,
          expires_at: iso(new Date(session.expires_at * 1000)),
        });
      },
    );

    r.get(
      '/v1/orgs/:orgId/billing/subscription',
      {
        schema: {
          operationId: 'getSubscription',
          tags: ['revenue'],
          summary: "The organisation's plan and subscription status (every member)",
          params: OrgParams,
          response: {
            200: z.object({
              plan_id: z
                .string()
                .describe(
                  "the plan whose limits apply now: the subscription's while active, trialing or past due, else free",
                ),
              subscription: z
                .object({
                  plan_id: z.string(),
                  status: SubscriptionStatus,
                  current_period_end: Timestamp.nullable(),
                  cancel_at_period_end: z.boolean(),
                  created_at: Timestamp,
                  updated_at: Timestamp,
                })
                .nullable(),
            }),
          },
        },
      },
      async (req) => {
        const s = await runRead(req, (tx) => getSubscription(tx, req.params.orgId), { orgId: req.params.orgId });
        return {
          plan_id: s && LIVE_STATUSES.includes(s.status) ? s.plan_id : 'free',
          subscription: s && {
            plan_id: s.plan_id,
            status: s.status as z.infer<typeof SubscriptionStatus>,
            current_period_end: iso(s.current_period_end),
            cancel_at_period_end: s.cancel_at_period_end,
            created_at: isoRequired(s.created_at),
            updated_at: isoRequired(s.updated_at),
          },
        };
      },
    );
  };
}
