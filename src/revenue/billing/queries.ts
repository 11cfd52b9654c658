import type { Queryable } from '../../db/types.ts';
import type { ServiceTx } from '../../vault/elevate.ts';

/**
 * The SQL of checkouts, subscriptions and plans as the routes run it. Statements run as the
 * caller unless they take a ServiceTx; the webhook's own statements are in apply.ts.
 */

/** Records a checkout as the caller: the insert policy admits owners and admins only, the trigger plans on sale only. */
export async function insertCheckout(tx: Queryable, orgId: string, planId: string): Promise<string> {
  const { rows } = await tx.query<{ id: string }>(
    'insert into public.checkout_sessions (org_id, plan_id) values ($1, $2) returning id',
    [orgId, planId],
  );
  return rows[0]!.id;
}

/** The Stripe price of a plan on sale; browsers cannot read the column, so this runs as the service. */
export async function planPrice(svc: ServiceTx, planId: string): Promise<string | null> {
  const { rows } = await svc.query<{ stripe_price_id: string }>(
    'select stripe_price_id from platform.plans where id = $1 and published and stripe_price_id is not null',
    [planId],
  );
  return rows[0]?.stripe_price_id ?? null;
}

/** What Stripe answered, filled in as the service; a webhook that already completed the checkout keeps its status. */
export async function openCheckout(
  svc: Queryable,
  orgId: string,
  id: string,
  s: { sessionId: string; url: string; expiresAt: number },
): Promise<string> {
  const { rows } = await svc.query<{ status: string }>(
    `update public.checkout_sessions
     set provider_session_id = $3, checkout_url = $4, expires_at = to_timestamp($5),
         status = case when status = 'pending' then 'open' else status end
     where org_id = $1 and id = $2 returning status`,
    [orgId, id, s.sessionId, s.url, s.expiresAt],
  );
  return rows[0]?.status ?? 'open';
}

export async function failCheckout(svc: Queryable, orgId: string, id: string): Promise<void> {
  await svc.query(
    "update public.checkout_sessions set status = 'failed' where org_id = $1 and id = $2 and status = 'pending'",
    [orgId, id],
  );
}

export interface SubscriptionRow {
  plan_id: string;
  status: string;
  current_period_end: Date | string | null;
  cancel_at_period_end: boolean;
  created_at: Date | string;
  updated_at: Date | string;
}

/** The organisation's subscription, through the browser-readable columns only. */
export async function getSubscription(tx: Queryable, orgId: string): Promise<SubscriptionRow | null> {
  const { rows } = await tx.query<SubscriptionRow>(
    `select plan_id, status, current_period_end, cancel_at_period_end, created_at, updated_at
     from public.subscriptions where org_id = $1`,
    [orgId],
  );
  return rows[0] ?? null;
}

export interface PlanRow {
  id: string;
  name: string;
  limits: Record<string, number>;
  published: boolean;
  position: number;
}

/** Published plans, through the columns every signed-in caller may read. */
export async function listPlans(tx: Queryable): Promise<PlanRow[]> {
  const { rows } = await tx.query<PlanRow>(
    'select id, name, limits, published, position from platform.plans where published order by position, id',
  );
  return rows;
}

export interface PlanInput {
  name: string;
  limits: Record<string, number>;
  stripe_price_id: string | null;
  published: boolean;
  position: number;
}

/** Creates or replaces a plan (platform admins: the policy admits operators only). */
export async function upsertPlan(
  tx: Queryable,
  id: string,
  p: PlanInput,
): Promise<PlanRow & { stripe_price_id: string | null; created: boolean }> {
  const { rows } = await tx.query<PlanRow & { stripe_price_id: string | null; created: boolean }>(
    `insert into platform.plans as p (id, name, limits, stripe_price_id, published, position)
     values ($1, $2, $3, $4, $5, $6)
     on conflict (id) do update set name = excluded.name, limits = excluded.limits,
       stripe_price_id = excluded.stripe_price_id, published = excluded.published, position = excluded.position
     returning p.id, p.name, p.limits, p.stripe_price_id, p.published, p.position, (p.xmax = 0) as created`,
    [id, p.name, JSON.stringify(p.limits), p.stripe_price_id, p.published, p.position],
  );
  return rows[0]!;
}
