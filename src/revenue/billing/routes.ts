/**
 * Billing with Stripe (docs/revenue.md, "Billing (Stripe)"): the plan catalog, checkouts, the
 * subscription's status and Stripe's webhook. Registered with one line in src/server/routes.ts;
 * the settings come from the environment unless a test passes its own (the local fake's address).
 */
import type { RouteModule } from '../../http/types.ts';
import { checkoutRoutes } from './checkout-routes.ts';
import { type StripeSettings, stripeSettings } from './config.ts';
import { plansRoutes } from './plans-routes.ts';
import { webhookRoutes } from './webhook.ts';

export function billingRoutes(settings: StripeSettings = stripeSettings()): RouteModule {
  return async (app) => {
    for (const module of [plansRoutes, checkoutRoutes(settings), webhookRoutes(settings)]) await module(app);
  };
}

const routes: RouteModule = async (app) => billingRoutes()(app);

export default routes;
