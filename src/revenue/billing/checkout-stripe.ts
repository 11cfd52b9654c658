/**
 * Starting a Stripe Checkout Session, shared by every checkout Palisade records first and then asks
 * Stripe for (a plan's subscription here, a token pack in src/credits): the return URLs a caller
 * may give, the SDK call with an idempotency key, and what a failure leaves behind.
 */
import type { FastifyBaseLogger } from 'fastify';
import type Stripe from 'stripe';
import { z } from 'zod';
import { PalisadeError } from '../../errors/error.ts';

export const ReturnUrl = z
  .string()
  .max(2048)
  .refine((v) => {
    try {
      const u = new URL(v);
      return (u.protocol === 'https:' || u.protocol === 'http:') && u.hostname !== '' && !u.username && !u.password;
    } catch {
      return false;
    }
  }, 'must be an http(s) URL without a user name or password (at most 2048 characters)');

/** What is safe to log of a Stripe failure: its kind, never its message (which may quote a key). */
function stripeFailure(err: unknown) {
  const e = err as Partial<Stripe.errors.StripeError>;
  return { type: e?.type ?? (err as Error)?.name, code: e?.code, statusCode: e?.statusCode, requestId: e?.requestId };
}

const providerDown = () =>
  new PalisadeError('PS503', 'the payment provider could not start the checkout: try again in a moment');

/**
 * Asks Stripe for the session, at most once per `idempotencyKey` (the recorded row's id). When
 * Stripe fails, times out or answers without a URL: logged without provider detail, `onFailure`
 * records it (the row is marked failed), and the caller gets a 503.
 */
export async function createCheckoutSession(
  api: Stripe,
  params: Stripe.Checkout.SessionCreateParams,
  opts: { idempotencyKey: string; log: FastifyBaseLogger; logFields: object; onFailure: () => Promise<void> },
): Promise<Stripe.Checkout.Session & { url: string }> {
  try {
    const session = await api.checkout.sessions.create(params, { idempotencyKey: opts.idempotencyKey });
    if (!session.url) throw new Error('Stripe answered a checkout session without a URL');
    return session as Stripe.Checkout.Session & { url: string };
  } catch (err) {
    opts.log.error({ stripe: stripeFailure(err), ...opts.logFields }, 'Stripe checkout not created');
    await opts.onFailure();
    throw providerDown();
  }
}
