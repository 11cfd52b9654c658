import Stripe from 'stripe';
import { type Env, readEnv } from '../../config/index.ts';
import { PalisadeError } from '../../errors/error.ts';

/**
 * Stripe's secrets come from the environment (STRIPE_SECRET_KEY, STRIPE_WEBHOOK_SECRET; their
 * format is checked at start-up by readEnv, which never quotes them). They are held here and
 * handed to the SDK only: never logged, never in a response or an error.
 */
export interface StripeSettings {
  secretKey?: string;
  webhookSecret?: string;
  /** Where the SDK sends its calls; default Stripe's API. Tests point it at the local fake. */
  api?: { host: string; port: number; protocol: 'http' | 'https' };
  /** The SDK retries a failed call with the same idempotency key; default 1. */
  maxNetworkRetries?: number;
  timeoutMs?: number;
}

export function stripeSettings(env: Env = readEnv()): StripeSettings {
  return {
    ...(env.STRIPE_SECRET_KEY ? { secretKey: env.STRIPE_SECRET_KEY } : {}),
    ...(env.STRIPE_WEBHOOK_SECRET ? { webhookSecret: env.STRIPE_WEBHOOK_SECRET } : {}),
  };
}

const notConfigured = (variable: string, what: string) =>
  new PalisadeError('PS503', `Stripe billing is not configured: ${what} needs ${variable} to be set`);

/** The SDK client for API calls, or a 503 naming the variable to set. */
export function stripeClient(s: StripeSettings): Stripe {
  if (!s.secretKey) throw notConfigured('STRIPE_SECRET_KEY', 'a checkout');
  return new Stripe(s.secretKey, {
    maxNetworkRetries: s.maxNetworkRetries ?? 1,
    timeout: s.timeoutMs ?? 20_000,
    telemetry: false,
    ...(s.api ?? {}),
  });
}

/** The webhook signing secret, or a 503 naming the variable to set. */
export function webhookSecret(s: StripeSettings): string {
  if (!s.webhookSecret) throw notConfigured('STRIPE_WEBHOOK_SECRET', 'the webhook');
  return s.webhookSecret;
}
