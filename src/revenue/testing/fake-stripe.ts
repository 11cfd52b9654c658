import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import Stripe from 'stripe';

/**
 * Stripe's API on 127.0.0.1, for the endpoints Palisade calls (POST /v1/checkout/sessions), checking
 * what Stripe checks: a Bearer secret key (sk_test_…/rk_test_…, and the one it was started with), a
 * form-encoded body in Stripe's bracket notation, the required parameters, URL and metadata limits,
 * and idempotency keys (the same key with other parameters is refused). It answers with Stripe's
 * object and error shapes, so the official SDK, pointed here with its host/port/protocol options,
 * behaves as it would against Stripe. Tests then sign webhook events with signedEvent().
 */

type Params = Record<string, unknown>;

interface Received {
  method: string;
  path: string;
  params: Params;
  idempotencyKey: string | undefined;
}

export interface FakeStripe {
  api: { host: string; port: number; protocol: 'http' };
  secretKey: string;
  received: Received[];
  /** Answer every API call with this status and a Stripe error, or hang up ('reset'); null: behave. */
  failWith(failure: number | 'reset' | null): void;
  close(): Promise<void>;
}

/** `a[b][0][c]=v` pairs to nested objects; objects keyed 0..n-1 become arrays. */
function parseForm(body: string): Params {
  const root: Params = {};
  for (const [key, value] of new URLSearchParams(body)) {
    const path = key.replace(/\]/g, '').split('[');
    let at = root;
    for (const [i, k] of path.entries()) {
      if (i === path.length - 1) {
        at[k] = value;
        continue;
      }
      at[k] ??= {};
      at = at[k] as Params;
    }
  }
  const arrays = (v: unknown): unknown => {
    if (!v || typeof v !== 'object') return v;
    const o = v as Params;
    const keys = Object.keys(o);
    const mapped = Object.fromEntries(keys.map((k) => [k, arrays(o[k])]));
    return keys.length > 0 && keys.every((k, i) => k === String(i)) ? keys.map((k) => mapped[k]) : mapped;
  };
  return arrays(root) as Params;
}

class StripeFailure extends Error {
  constructor(
    readonly status: number,
    readonly body: { type: string; code?: string; param?: string; message: string },
  ) {
    super(body.message);
  }
}

const invalid = (param: string, message: string, code = 'parameter_invalid_string') =>
  new StripeFailure(400, { type: 'invalid_request_error', code, param, message });
const missing = (param: string) =>
  new StripeFailure(400, {
    type: 'invalid_request_error',
    code: 'parameter_missing',
    param,
    message: `Missing required param: ${param}.`,
  });

function checkUrl(params: Params, name: string) {
  const v = params[name];
  if (v === undefined) throw missing(name);
  if (typeof v !== 'string' || v.length > 5000 || !/^https?:\/\/[^\s/?#]+/.test(v))
    throw invalid(name, 'Not a valid URL', 'url_invalid');
}

function checkMetadata(m: unknown, name: string) {
  if (m === undefined) return;
  if (!m || typeof m !== 'object' || Array.isArray(m)) throw invalid(name, 'Invalid hash');
  const entries = Object.entries(m as Params);
  if (entries.length > 50) throw invalid(name, 'Metadata can have at most 50 keys');
  for (const [k, v] of entries) {
    if (k.length > 40) throw invalid(`${name}[${k}]`, 'Metadata keys can be at most 40 characters');
    if (typeof v !== 'string' || v.length > 500)
      throw invalid(`${name}[${k}]`, 'Metadata values can be at most 500 characters');
  }
}

function createCheckoutSession(p: Params, livemode: boolean): Params {
  if (p.mode === undefined) throw missing('mode');
  if (!['payment', 'setup', 'subscription'].includes(p.mode as string))
    throw invalid('mode', 'Invalid mode: must be one of payment, setup, or subscription');
  const items = p.line_items;
  if (p.mode !== 'setup') {
    if (items === undefined) throw missing('line_items');
    if (!Array.isArray(items) || items.length === 0) throw invalid('line_items', 'Invalid array');
    for (const [i, item] of items.entries()) {
      const it = item as Params;
      if (typeof it?.price !== 'string' || !/^price_[A-Za-z0-9]+$/.test(it.price))
        throw invalid(`line_items[${i}][price]`, `No such price: '${String(it?.price)}'`, 'resource_missing');
      if (!/^[1-9][0-9]{0,5}$/.test(String(it.quantity ?? '')))
        throw invalid(`line_items[${i}][quantity]`, 'Invalid positive integer');
    }
  }
  checkUrl(p, 'success_url');
  checkUrl(p, 'cancel_url');
  if (typeof p.client_reference_id === 'string' && p.client_reference_id.length > 200)
    throw invalid('client_reference_id', 'client_reference_id can be at most 200 characters');
  checkMetadata(p.metadata, 'metadata');
  checkMetadata((p.subscription_data as Params | undefined)?.metadata, 'subscription_data[metadata]');
  if (p.payment_intent_data !== undefined && p.mode !== 'payment')
    throw invalid('payment_intent_data', 'You can only specify `payment_intent_data` in `payment` mode.');
  checkMetadata((p.payment_intent_data as Params | undefined)?.metadata, 'payment_intent_data[metadata]');
  const id = `cs_${livemode ? 'live' : 'test'}_${randomBytes(24).toString('base64url').replace(/[-_]/g, 'x')}`;
  const now = Math.floor(Date.now() / 1000);
  return {
    id,
    object: 'checkout.session',
    livemode,
    mode: p.mode,
    status: 'open',
    payment_status: 'unpaid',
    url: `https://checkout.stripe.com/c/pay/${id}#fidkdWxOYHwnPyd1blpxYHZxWjA0`,
    success_url: p.success_url,
    cancel_url: p.cancel_url,
    client_reference_id: p.client_reference_id ?? null,
    customer: null,
    subscription: null,
    payment_intent: null,
    metadata: p.metadata ?? {},
    created: now,
    expires_at: now + 24 * 3600,
  };
}

function send(res: ServerResponse, status: number, body: unknown) {
  res.writeHead(status, { 'content-type': 'application/json', 'request-id': `req_${randomBytes(8).toString('hex')}` });
  res.end(JSON.stringify(body));
}

export async function startFakeStripe(secretKey = `sk_test_${randomBytes(16).toString('hex')}`): Promise<FakeStripe> {
  const received: Received[] = [];
  const idempotent = new Map<string, { params: string; status: number; body: unknown }>();
  let failure: number | 'reset' | null = null;

  const handle = (req: IncomingMessage, body: string): { status: number; body: unknown; key?: string } => {
    const auth = req.headers.authorization ?? '';
    if (!auth.startsWith('Bearer '))
      throw new StripeFailure(401, {
        type: 'invalid_request_error',
        message: 'You did not provide an API key. Provide it in the Authorization header as a Bearer token.',
      });
    const key = auth.slice('Bearer '.length);
    if (!/^(sk|rk)_(test|live)_[A-Za-z0-9]+$/.test(key) || key !== secretKey)
      throw new StripeFailure(401, {
        type: 'invalid_request_error',
        message: `Invalid API Key provided: ${key.slice(0, 8)}${'*'.repeat(8)}${key.slice(-4)}`,
      });
    if (typeof failure === 'number')
      throw new StripeFailure(failure, { type: 'api_error', message: 'Something went wrong on our end.' });
    const type = (req.headers['content-type'] ?? '').split(';')[0]!.trim();
    if (req.method === 'POST' && body.length > 0 && type !== 'application/x-www-form-urlencoded')
      throw new StripeFailure(400, {
        type: 'invalid_request_error',
        message: 'Invalid request: send parameters form-encoded (application/x-www-form-urlencoded).',
      });
    const params = parseForm(body);
    const idempotencyKey = req.headers['idempotency-key'] as string | undefined;
    received.push({ method: req.method ?? '', path: req.url ?? '', params, idempotencyKey });
    if (req.method !== 'POST' || req.url !== '/v1/checkout/sessions')
      throw new StripeFailure(404, {
        type: 'invalid_request_error',
        message: `Unrecognized request URL (${req.method}: ${req.url}).`,
      });
    const earlier = idempotencyKey ? idempotent.get(idempotencyKey) : undefined;
    if (earlier && earlier.params !== body)
      throw new StripeFailure(400, {
        type: 'idempotency_error',
        message: 'Keys for idempotent requests can only be used with the same parameters they were first used with.',
      });
    if (earlier) return earlier;
    return { status: 200, body: createCheckoutSession(params, key.includes('_live_')), key: idempotencyKey };
  };

  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      if (failure === 'reset') {
        req.socket.destroy();
        return;
      }
      const body = Buffer.concat(chunks).toString('utf8');
      try {
        const out = handle(req, body);
        if (out.key) idempotent.set(out.key, { params: body, status: out.status, body: out.body });
        send(res, out.status, out.body);
      } catch (err) {
        if (!(err instanceof StripeFailure)) throw err;
        send(res, err.status, { error: err.body });
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    api: { host: '127.0.0.1', port, protocol: 'http' },
    secretKey,
    received,
    failWith(next) {
      failure = next;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** A Stripe event as Stripe delivers it, its body and a Stripe-Signature header made with `secret`. */
export function signedEvent(
  secret: string,
  type: string,
  object: Params,
  opts: { id?: string; created?: number; signedAt?: number } = {},
): { body: string; signature: string; id: string } {
  const id = opts.id ?? `evt_${randomBytes(12).toString('hex')}`;
  const created = opts.created ?? Math.floor(Date.now() / 1000);
  const body = JSON.stringify({
    id,
    object: 'event',
    api_version: Stripe.API_VERSION,
    created,
    livemode: false,
    pending_webhooks: 1,
    request: { id: null, idempotency_key: null },
    type,
    data: { object },
  });
  const signature = Stripe.webhooks.generateTestHeaderString({
    payload: body,
    secret,
    ...(opts.signedAt === undefined ? {} : { timestamp: opts.signedAt }),
  });
  return { body, signature, id };
}
