import { instanceProblem } from '../platform/contracts.ts';
import { type Body, DEFAULT_WINDOW_SECONDS, type NonceStore, type VerifyFailure, verifyRequest } from './signing.ts';

/**
 * A step service's callback, checked in the order that spends the least on a forgery: size, then
 * signature and time, then the nonce (recorded only for an authentic request, so a flood of forged
 * requests cannot fill the store), then the payload.
 *
 * The route around it (docs/integration-architecture/custom-steps.md, "Callback flow"): the key id
 * names the install, and so the tenant; the run is looked up by the hash of the URL's token within
 * that tenant only, so an unknown token or another tenant's run is a 404 before any signature is
 * checked, and says nothing about runs elsewhere. After an accepted callback, the delivery id makes
 * completion idempotent: a service retrying a delivery signs it again (new nonce and timestamp)
 * with the same delivery_id, which is acknowledged without effect; any other delivery to a used
 * token is a 404.
 */

const MAX_CALLBACK_BYTES = 256 * 1024;
const DELIVERY_ID = /^[\x21-\x7e]{1,200}$/;
const MAX_ERROR_CHARS = 2000;

export interface CallbackInput {
  method: string;
  pathAndQuery: string;
  body: Body;
  headers: Parameters<typeof verifyRequest>[0]['headers'];
  /** The install's callback secret by key id (two during a rotation). */
  secretFor: (keyId: string) => string | null;
  /** Unix seconds. */
  now: number;
  nonceStore: NonceStore;
  outputSchema: unknown;
  maxBytes?: number;
}

type CallbackPayload =
  | { deliveryId: string; status: 'succeeded'; output: Record<string, unknown> }
  | { deliveryId: string; status: 'failed'; error?: string };

export type CallbackResult =
  | ({ ok: true; keyId: string } & CallbackPayload)
  | { ok: false; httpStatus: 401; reason: VerifyFailure | 'replayed'; message: string }
  | { ok: false; httpStatus: 413; reason: 'too_large'; message: string }
  | { ok: false; httpStatus: 400; reason: 'not_json'; message: string }
  | { ok: false; httpStatus: 422; reason: 'invalid_payload'; field: string; message: string };

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** '<pointer>: problem' for the first thing wrong with a payload, or the payload read. */
function readPayload(value: unknown, outputSchema: unknown): CallbackPayload | { field: string; problem: string } {
  const bad = (field: string, problem: string) => ({ field, problem });
  if (!isObject(value)) return bad('/', 'must be a JSON object');
  const allowed = ['delivery_id', 'status', 'output', 'error'];
  const extra = Object.keys(value).find((k) => !allowed.includes(k));
  if (extra !== undefined) return bad('/', `the property "${extra}" is not allowed`);
  const { delivery_id: deliveryId, status, output, error } = value;
  if (typeof deliveryId !== 'string' || !DELIVERY_ID.test(deliveryId))
    return bad('/delivery_id', 'must be 1 to 200 printable ASCII characters without spaces');
  if (status === 'succeeded') {
    if (error !== undefined) return bad('/error', 'only a failed callback carries an error');
    if (!isObject(output)) return bad('/output', 'a succeeded callback carries its output, a JSON object');
    const problem = instanceProblem(outputSchema, output);
    if (problem) {
      // instanceProblem answers '<pointer within output>: problem'; the field is named from the payload's root.
      const at = problem.indexOf(': ');
      const inner = problem.slice(0, at);
      return bad(inner === '/' ? '/output' : `/output${inner}`, problem.slice(at + 2));
    }
    return { deliveryId, status, output };
  }
  if (status === 'failed') {
    if (output !== undefined) return bad('/output', 'only a succeeded callback carries an output');
    if (error !== undefined && (typeof error !== 'string' || error.length > MAX_ERROR_CHARS))
      return bad('/error', `must be a string of at most ${MAX_ERROR_CHARS} characters`);
    return error === undefined ? { deliveryId, status } : { deliveryId, status, error };
  }
  return bad('/status', 'must be "succeeded" or "failed"');
}

export async function verifyCallback(input: CallbackInput): Promise<CallbackResult> {
  const max = input.maxBytes ?? MAX_CALLBACK_BYTES;
  const size = typeof input.body === 'string' ? Buffer.byteLength(input.body, 'utf8') : input.body.byteLength;
  if (size > max)
    return { ok: false, httpStatus: 413, reason: 'too_large', message: `the body is larger than ${max} bytes` };

  const verified = verifyRequest({ ...input, windowSeconds: DEFAULT_WINDOW_SECONDS });
  if (!verified.ok) return { ok: false, httpStatus: 401, reason: verified.reason, message: verified.detail };
  const expiresAt = new Date((verified.timestamp + DEFAULT_WINDOW_SECONDS) * 1000);
  if (await input.nonceStore.seen(verified.keyId, verified.nonce, expiresAt))
    return { ok: false, httpStatus: 401, reason: 'replayed', message: 'this request was already received' };

  let value: unknown;
  try {
    value = JSON.parse(typeof input.body === 'string' ? input.body : Buffer.from(input.body).toString('utf8'));
  } catch {
    return { ok: false, httpStatus: 400, reason: 'not_json', message: 'the body is not JSON' };
  }
  const payload = readPayload(value, input.outputSchema);
  if ('problem' in payload)
    return {
      ok: false,
      httpStatus: 422,
      reason: 'invalid_payload',
      field: payload.field,
      message: `${payload.field}: ${payload.problem}`,
    };
  return { ok: true, keyId: verified.keyId, ...payload };
}
