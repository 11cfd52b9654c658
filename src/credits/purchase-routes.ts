/**
 * Token packs bought through Stripe Checkout, with the revenue module's billing: an owner or admin
 * starts a purchase, inserted AS THE CALLER (the insert policy is the role check, the trigger admits
 * packs on sale only), then Stripe is asked for a session in payment mode, outside any transaction,
 * and the service fills in what it answered. The checkout URL is returned to that caller once.
 * Stripe's webhook (src/revenue/billing/webhook.ts) completes the purchase, which credits the
 * ledger once (src/credits/stripe-events.ts).
 */
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type Stripe from 'stripe';
import { z } from 'zod';
import { forbidden, notFound } from '../errors/error.ts';
import { decodeCursor, PageQuery, page, pageOf } from '../http/pagination.ts';
import { run } from '../http/run.ts';
import { iso, OrgParams, Timestamp } from '../http/schemas.ts';
import type { RouteModule } from '../http/types.ts';
import { asService } from '../jobs/service.ts';
import { createCheckoutSession, ReturnUrl } from '../revenue/billing/checkout-stripe.ts';
import { type StripeSettings, stripeClient } from '../revenue/billing/config.ts';
import { hasOrgRole } from '../tenancy/queries/roles.ts';
import { asServiceFor } from '../vault/elevate.ts';
import { failPurchase, insertPurchase, listPurchases, openPurchase, packPrice } from './queries.ts';
import { PackId, TokenPurchase, toPurchase } from './schemas.ts';

const tags = ['credits'];

export function purchaseRoutes(settings: StripeSettings): RouteModule {
  let client: Stripe | undefined;
  const stripe = () => (client ??= stripeClient(settings));
  return async (app) => {
    const r = app.withTypeProvider<ZodTypeProvider>();

    r.get(
      '/v1/orgs/:orgId/credits/purchases',
      {
        schema: {
          operationId: 'listTokenPurchases',
          tags,
          summary: "The organisation's token pack purchases, oldest first (owners and admins)",
          params: OrgParams,
          querystring: PageQuery,
          response: { 200: pageOf(TokenPurchase) },
        },
      },
      async (req) => {
        const { orgId } = req.params;
        const cursor = decodeCursor(req.query.cursor);
        const rows = await run(
          req,
          async (tx) => {
            // RLS would show a member an empty list: say why instead.
            if (!(await hasOrgRole(tx, orgId, ['owner', 'admin'])))
              throw forbidden('only owners and admins see token purchases');
            return listPurchases(tx, orgId, cursor, req.query.limit);
          },
          { orgId },
        );
        return page(rows, req.query.limit, (p) => p.id, toPurchase);
      },
    );

    r.post(
      '/v1/orgs/:orgId/credits/purchases',
      {
        schema: {
          operationId: 'createTokenPurchase',
          tags,
          summary:
            'Buy a token pack: starts a Stripe Checkout in payment mode (owners and admins); the checkout URL is in this response only',
          params: OrgParams,
          body: z.object({ pack_id: PackId, success_url: ReturnUrl, cancel_url: ReturnUrl }).strict(),
          response: {
            201: TokenPurchase.extend({ checkout_url: z.string(), expires_at: Timestamp.nullable() }),
          },
        },
      },
      async (req, reply) => {
        const { orgId } = req.params;
        const { pack_id, success_url, cancel_url } = req.body;
        const { purchase, price, api } = await run(
          req,
          async (tx) => {
            const purchase = await insertPurchase(tx, orgId, pack_id);
            // Not configured: refused here, so the insert above is rolled back with it.
            const api = stripe();
            const price = await asServiceFor(tx, req.principal, (svc) => packPrice(svc, pack_id));
            if (!price) throw notFound('token pack', 'pack_id');
            return { purchase, price, api };
          },
          { orgId, audit: (o) => ({ table: 'public.token_purchases', targetId: o.purchase.id }) },
        );
        const { id } = purchase;
        const metadata = { org_id: orgId, purchase_id: id, pack_id };
        const session = await createCheckoutSession(
          api,
          {
            mode: 'payment',
            line_items: [{ price, quantity: 1 }],
            success_url,
            cancel_url,
            client_reference_id: orgId,
            metadata,
            payment_intent_data: { metadata },
          },
          {
            idempotencyKey: `palisade-token-purchase-${id}`,
            log: req.log,
            logFields: { purchaseId: id },
            onFailure: () => asService(app.palisade.db, orgId, (tx) => failPurchase(tx, orgId, id)),
          },
        );
        const opened = await asService(app.palisade.db, orgId, (tx) =>
          openPurchase(tx, orgId, id, { sessionId: session.id, url: session.url, expiresAt: session.expires_at }),
        );
        return reply.code(201).send({
          ...toPurchase(opened),
          checkout_url: session.url,
          expires_at: iso(new Date(session.expires_at * 1000)),
        });
      },
    );
  };
}
