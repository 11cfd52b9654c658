import type Stripe from 'stripe';
import { applyTokenPurchaseEvent, tokenPurchaseOf } from '../../credits/stripe-events.ts';
import type { Database, Queryable } from '../../db/types.ts';
import { withService } from '../../vault/elevate.ts';

/**
 * A verified Stripe event, recorded and applied in ONE transaction as the service role:
 * - billing_events is unique by (provider, event_id), so a redelivery finds its row and changes
 *   nothing (a concurrent one waits on the first's row lock, then finds it too); an event that
 *   failed to apply is applied again when Stripe resends it.
 * - an event older (`created`) than the state a row was last written from never overwrites it:
 *   Stripe does not deliver in order.
 * - the organisation is the event's metadata.org_id (client_reference_id for a checkout), and must
 *   exist; an event that names none is kept under the reserved platform organisation, ignored.
 * Subscriptions carry the audit trigger: each change is in the organisation's audit chain.
 * Events about a token pack's purchase (metadata.purchase_id) go to src/credits/stripe-events.ts.
 */

export type Outcome = 'processed' | 'ignored' | 'failed' | 'duplicate';
type Applied = { status: Exclude<Outcome, 'duplicate'>; error?: string };

type Obj = Record<string, unknown>;
/** Stripe's subscription statuses, as subscriptions_status_check lists them. */
export const SUBSCRIPTION_STATUSES = [
  'incomplete',
  'incomplete_expired',
  'trialing',
  'active',
  'past_due',
  'canceled',
  'unpaid',
  'paused',
] as const;
/** The statuses that give the subscription's plan (app.org_usage_limit); any other leaves the free plan. */
export const LIVE_STATUSES: readonly string[] = ['active', 'trialing', 'past_due'];
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const str = (v: unknown, pattern: RegExp): string | null => (typeof v === 'string' && pattern.test(v) ? v : null);
const idOf = (v: unknown, pattern: RegExp) => str(typeof v === 'object' && v ? (v as Obj).id : v, pattern);
const meta = (o: Obj, key: string) => ((o.metadata ?? {}) as Obj)[key];

async function orgExists(tx: Queryable, id: string | null): Promise<string | null> {
  if (!id) return null;
  const { rows } = await tx.query<{ id: string }>('select id from public.organisations where id = $1', [id]);
  return rows[0]?.id ?? null;
}

/** The subscription's fields as this Stripe API version or an older one sends them. */
function subscriptionFields(sub: Obj) {
  const items = (((sub.items ?? {}) as Obj).data ?? []) as Obj[];
  const ends = [sub.current_period_end, ...items.map((i) => i.current_period_end)].filter(
    (v): v is number => typeof v === 'number',
  );
  return {
    id: str(sub.id, /^sub_[A-Za-z0-9]{1,100}$/),
    customer: idOf(sub.customer, /^cus_[A-Za-z0-9]{1,100}$/),
    price: idOf(items[0]?.price, /^price_[A-Za-z0-9]{1,100}$/),
    status:
      typeof sub.status === 'string' && (SUBSCRIPTION_STATUSES as readonly string[]).includes(sub.status)
        ? sub.status
        : null,
    periodEnd: ends.length > 0 ? Math.max(...ends) : null,
    cancelAtPeriodEnd: sub.cancel_at_period_end === true,
  };
}

async function applySubscription(tx: Queryable, org: string, sub: Obj, created: number): Promise<Applied> {
  const f = subscriptionFields(sub);
  if (!f.id || !f.status || !f.price) return { status: 'failed', error: 'the subscription has no id, status or price' };
  const plan = await tx.query<{ id: string }>(
    'select id from platform.plans where stripe_price_id = $1 order by published desc, position, id limit 1',
    [f.price],
  );
  if (!plan.rows[0]) return { status: 'failed', error: "no plan has the subscription's price (stripe_price_id)" };
  const other = await tx.query(
    'select 1 from public.subscriptions where stripe_subscription_id = $1 and org_id <> $2',
    [f.id, org],
  );
  if (other.rows.length > 0)
    return { status: 'failed', error: 'the subscription is recorded for another organisation' };
  // Older than the row's state: ignored. Another subscription than the row's (a new one after a
  // cancellation) replaces it only if it is live or the row's is not.
  const { rows } = await tx.query(
    `insert into public.subscriptions as s (org_id, plan_id, status, current_period_end, cancel_at_period_end,
       stripe_customer_id, stripe_subscription_id, stripe_event_created)
     values ($1, $2, $3, to_timestamp($4), $5, $6, $7, to_timestamp($8))
     on conflict (org_id) do update set plan_id = excluded.plan_id, status = excluded.status,
       current_period_end = excluded.current_period_end, cancel_at_period_end = excluded.cancel_at_period_end,
       stripe_customer_id = coalesce(excluded.stripe_customer_id, s.stripe_customer_id),
       stripe_subscription_id = excluded.stripe_subscription_id, stripe_event_created = excluded.stripe_event_created
     where (s.stripe_event_created is null or s.stripe_event_created <= excluded.stripe_event_created)
       and (s.stripe_subscription_id is not distinct from excluded.stripe_subscription_id
            or excluded.status = any ($9::text[]) or not s.status = any ($9::text[]))
     returning s.id`,
    [org, plan.rows[0].id, f.status, f.periodEnd, f.cancelAtPeriodEnd, f.customer, f.id, created, LIVE_STATUSES],
  );
  return rows.length > 0
    ? { status: 'processed' }
    : { status: 'ignored', error: 'older than the subscription state already recorded' };
}

async function applyCheckout(tx: Queryable, org: string, session: Obj, created: number, to: string): Promise<Applied> {
  const checkoutId = str(meta(session, 'checkout_id'), UUID);
  const sessionId = str(session.id, /^cs_[A-Za-z0-9_]{1,250}$/);
  const { rows } = await tx.query(
    `update public.checkout_sessions c
     set status = $4, stripe_customer_id = coalesce($5, c.stripe_customer_id), stripe_event_created = to_timestamp($6),
         provider_session_id = coalesce(c.provider_session_id, $3)
     where c.org_id = $1 and (c.id = $2::uuid or c.provider_session_id = $3)
       and c.status in ('pending', 'open', 'failed')
     returning c.id`,
    [org, checkoutId, sessionId, to, idOf(session.customer, /^cus_[A-Za-z0-9]{1,100}$/), created],
  );
  return rows.length > 0
    ? { status: 'processed' }
    : { status: 'ignored', error: 'no open checkout of the organisation matches the session' };
}

/** The organisation the event is about: its metadata, else (subscriptions) the row it updates. */
async function eventOrg(tx: Queryable, event: Stripe.Event): Promise<string | null> {
  const o = event.data.object as unknown as Obj;
  const named = str(meta(o, 'org_id'), UUID) ?? str(o.client_reference_id, UUID);
  const found = await orgExists(tx, named);
  if (found || !event.type.startsWith('customer.subscription.')) return found;
  const { rows } = await tx.query<{ org_id: string }>(
    'select org_id from public.subscriptions where stripe_subscription_id = $1',
    [str(o.id, /^sub_[A-Za-z0-9]{1,100}$/)],
  );
  return rows[0]?.org_id ?? null;
}

async function applyEvent(tx: Queryable, org: string, event: Stripe.Event): Promise<Applied> {
  const o = event.data.object as unknown as Obj;
  // A token pack's checkout and payment (src/credits): credits the organisation once.
  const purchase = tokenPurchaseOf(event.type, o);
  if (purchase) return applyTokenPurchaseEvent(tx, org, purchase, event.type, o, event.created);
  switch (event.type) {
    case 'customer.subscription.created':
    case 'customer.subscription.updated':
    case 'customer.subscription.deleted':
      return applySubscription(tx, org, o, event.created);
    case 'checkout.session.completed':
      return applyCheckout(tx, org, o, event.created, 'complete');
    case 'checkout.session.expired':
      return applyCheckout(tx, org, o, event.created, 'expired');
    default:
      return { status: 'ignored', error: 'an event type Palisade does not act on' };
  }
}

export function recordStripeEvent(db: Database, event: Stripe.Event): Promise<Outcome> {
  return withService(db, async (tx) => {
    let org = await eventOrg(tx, event);
    if (!org) await tx.query('select app.ensure_platform_org()');
    const { rows } = await tx.query<{ id: string; org_id: string }>(
      `insert into public.billing_events as e (org_id, event_id, type, livemode, event_created, payload)
       values (coalesce($1::uuid, app.platform_org_id()), $2, $3, $4, to_timestamp($5), $6)
       on conflict (provider, event_id) do update set status = 'received', error = null, payload = excluded.payload
       where e.status = 'failed'
       returning e.id, e.org_id`,
      [org, event.id, event.type.slice(0, 255), event.livemode === true, event.created, JSON.stringify(event)],
    );
    const row = rows[0];
    if (!row) return 'duplicate';
    org = org === null ? null : row.org_id;
    const applied: Applied = org
      ? await applyEvent(tx, org, event)
      : { status: 'ignored', error: 'the event names no organisation of this installation' };
    await tx.query(
      'update public.billing_events set status = $3, error = $4, processed_at = now() where org_id = $1 and id = $2',
      [row.org_id, row.id, applied.status, applied.error ?? null],
    );
    return applied.status;
  });
}
