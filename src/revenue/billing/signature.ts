import Stripe from 'stripe';

/** Seconds a signature stays valid, either side of now (Stripe's default tolerance is 300 too). */
const SIGNATURE_TOLERANCE_SECONDS = 300;

const MAX_HEADER_LENGTH = 4096;

export type SignatureCheck =
  | { ok: true; event: Stripe.Event }
  /** `reason` is for the log: it names what failed, never a value of the header or the secret. */
  | { ok: false; reason: string };

/**
 * The `t=` of a Stripe-Signature header, read as stripe-node reads it (the last one wins), or null.
 * stripe-node only refuses signatures that are too OLD; one dated ahead would stay valid until
 * that moment plus the tolerance, so a signature captured once (a leaked log, a test fixture)
 * could be replayed for as long as its signer chose. This is checked here.
 */
function signedAt(header: string): number | null {
  let t: number | null = null;
  for (const item of header.split(',')) {
    const [k, v] = item.split('=');
    if (k === 't') t = v !== undefined && /^\d{1,12}$/.test(v) ? Number(v) : null;
  }
  return t;
}

/**
 * Verifies a webhook delivery on the exact bytes Stripe sent: the HMAC-SHA256 signature with the
 * endpoint's secret (stripe-node's constructEvent, a constant-time compare), a timestamp no more
 * than SIGNATURE_TOLERANCE_SECONDS old, and none more than that ahead of this server's clock.
 */
export function verifyStripeEvent(
  raw: Buffer,
  header: unknown,
  secret: string,
  nowMs: number = Date.now(),
): SignatureCheck {
  if (typeof header !== 'string' || header.length === 0 || header.length > MAX_HEADER_LENGTH)
    return { ok: false, reason: 'no Stripe-Signature header' };
  const t = signedAt(header);
  if (t === null) return { ok: false, reason: 'the Stripe-Signature header has no valid timestamp' };
  if (t > Math.floor(nowMs / 1000) + SIGNATURE_TOLERANCE_SECONDS)
    return { ok: false, reason: 'the signature is dated in the future, beyond the tolerance' };
  try {
    const event = Stripe.webhooks.constructEvent(raw, header, secret, SIGNATURE_TOLERANCE_SECONDS, undefined, nowMs);
    const e = event as Partial<Stripe.Event> | null;
    if (
      typeof e?.id !== 'string' ||
      !/^evt_[A-Za-z0-9_]{1,250}$/.test(e.id) ||
      typeof e.type !== 'string' ||
      !Number.isSafeInteger(e.created) ||
      typeof e.data?.object !== 'object'
    )
      return { ok: false, reason: 'the signed payload is not a Stripe event' };
    return { ok: true, event };
  } catch (err) {
    if (!(err instanceof Stripe.errors.StripeSignatureVerificationError))
      return { ok: false, reason: 'the signed payload is not JSON' };
    return {
      ok: false,
      reason: /tolerance/i.test(err.message)
        ? 'the signature is older than the tolerance'
        : 'no signature matches the payload',
    };
  }
}
