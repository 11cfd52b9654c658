import type { Queryable } from '../db/types.ts';

/**
 * The Stripe events that move a token purchase, applied by the revenue module's webhook
 * (src/revenue/billing/apply.ts: verified, recorded once by event id, in its transaction as the
 * service). A purchase's Checkout Session and its payment intent both carry metadata.purchase_id;
 * only events that do are handed here.
 *
 * Completion is an UPDATE of a purchase that is not completed yet: the row lock orders two
 * deliveries (the session's completed and the payment intent's succeeded, or one event twice), the
 * second finds it completed and changes nothing. The purchase's trigger credits the ledger (once per
 * purchase: its unique purchase_id). A payment intent other than the one the purchase recorded
 * never completes it.
 */

type Obj = Record<string, unknown>;
export type PurchaseOutcome = { status: 'processed' | 'ignored' | 'failed'; error?: string };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const str = (v: unknown, pattern: RegExp): string | null => (typeof v === 'string' && pattern.test(v) ? v : null);
const idOf = (v: unknown, pattern: RegExp) => str(typeof v === 'object' && v ? (v as Obj).id : v, pattern);
const int = (v: unknown): number | null => (typeof v === 'number' && Number.isSafeInteger(v) && v >= 0 ? v : null);
const PI = /^pi_[A-Za-z0-9]{1,100}$/;

const EVENTS = new Set([
  'checkout.session.completed',
  'checkout.session.async_payment_succeeded',
  'checkout.session.async_payment_failed',
  'checkout.session.expired',
  'payment_intent.succeeded',
]);

/** The purchase an event is about, or null when it is not a token purchase's. */
export function tokenPurchaseOf(type: string, object: Obj): string | null {
  if (!EVENTS.has(type)) return null;
  return str(((object.metadata ?? {}) as Obj).purchase_id, UUID);
}

interface Payment {
  intent: string | null;
  customer: string | null;
  session: string | null;
  amount: number | null;
  currency: string | null;
}

function paymentOf(type: string, o: Obj): Payment {
  const session = type.startsWith('checkout.session.');
  return {
    intent: session ? idOf(o.payment_intent, PI) : str(o.id, PI),
    customer: idOf(o.customer, /^cus_[A-Za-z0-9]{1,100}$/),
    session: session ? str(o.id, /^cs_[A-Za-z0-9_]{1,250}$/) : null,
    amount: int(session ? o.amount_total : o.amount_received),
    currency: str(o.currency, /^[a-z]{3}$/),
  };
}

const COLUMNS = `stripe_payment_intent_id = coalesce(p.stripe_payment_intent_id, $3),
  stripe_customer_id = coalesce($4, p.stripe_customer_id), provider_session_id = coalesce(p.provider_session_id, $5),
  stripe_event_created = to_timestamp($6)`;
/** The purchase of the organisation, and the payment intent it recorded if any is this one. */
const MATCH =
  'p.org_id = $1 and p.id = $2 and ($3::text is null or p.stripe_payment_intent_id is null or p.stripe_payment_intent_id = $3)';

async function complete(tx: Queryable, org: string, id: string, pay: Payment, created: number) {
  const { rows } = await tx.query(
    `update public.token_purchases p set status = 'completed', completed_at = now(),
       amount_paid = coalesce($7, p.amount_paid), currency = coalesce($8, p.currency), ${COLUMNS}
     where ${MATCH} and p.status <> 'completed'
     returning p.id`,
    [org, id, pay.intent, pay.customer, pay.session, created, pay.amount, pay.currency],
  );
  return rows.length > 0;
}

/** A checkout completed but not paid yet (a bank debit): the payment intent is kept, the purchase waits. */
async function awaitPayment(tx: Queryable, org: string, id: string, pay: Payment, created: number) {
  const { rows } = await tx.query(
    `update public.token_purchases p set ${COLUMNS} where ${MATCH} and p.status = 'pending' returning p.id`,
    [org, id, pay.intent, pay.customer, pay.session, created],
  );
  return rows.length > 0;
}

async function fail(tx: Queryable, org: string, id: string, pay: Payment, created: number) {
  const { rows } = await tx.query(
    `update public.token_purchases p set status = 'failed', ${COLUMNS} where ${MATCH} and p.status = 'pending' returning p.id`,
    [org, id, pay.intent, pay.customer, pay.session, created],
  );
  return rows.length > 0;
}

export async function applyTokenPurchaseEvent(
  tx: Queryable,
  org: string,
  purchaseId: string,
  type: string,
  o: Obj,
  created: number,
): Promise<PurchaseOutcome> {
  const pay = paymentOf(type, o);
  let moved: boolean;
  let missed = 'no pending purchase of the organisation matches (already completed, or another payment intent)';
  if (type === 'checkout.session.completed' && o.payment_status === 'unpaid') {
    moved = await awaitPayment(tx, org, purchaseId, pay, created);
  } else if (type === 'checkout.session.expired' || type === 'checkout.session.async_payment_failed') {
    moved = await fail(tx, org, purchaseId, pay, created);
    missed = 'no pending purchase of the organisation matches';
  } else {
    moved = await complete(tx, org, purchaseId, pay, created);
  }
  return moved ? { status: 'processed' } : { status: 'ignored', error: missed };
}
