import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';

/**
 * Request signing between Palisade and custom-step services, both directions: Palisade signs the
 * calls it makes, a step service signs the callbacks it sends. The signature covers everything
 * an attacker on the path could usefully change: method, path with query, time, a nonce and the
 * body's hash. docs/integration-architecture/custom-steps.md states the scheme for implementers;
 * the canonical string here and there must stay identical.
 *
 * What keeps it correct:
 * - the canonical string joins fixed fields with newlines, and no field may contain one (method
 *   and path are checked, the others are digits, base64url or hex), so two different requests
 *   can never produce the same string;
 * - every header is parsed strictly: one value, exact syntax; a duplicated header (which Node
 *   joins with ", ") is malformed, never "the first one wins";
 * - secrets are compared by HMAC output only, in constant time, lengths checked first;
 * - freshness is checked both ways: a request from the future is refused like a stale one, so a
 *   signer with a skewed clock cannot mint requests that stay valid for longer than the window.
 */

const SIGNATURE_VERSION = 'v1';
const CANONICAL_PREFIX = 'palisade-signature-v1';
export const DEFAULT_WINDOW_SECONDS = 300;

const HEADER = {
  keyId: 'palisade-key-id',
  timestamp: 'palisade-timestamp',
  nonce: 'palisade-nonce',
  contentSha256: 'palisade-content-sha256',
  signature: 'palisade-signature',
} as const;

const METHOD = /^[A-Z]{1,16}$/;
// A request target as it travels: starts with /, printable ASCII only (no space, no controls).
const PATH_AND_QUERY = /^\/[\x21-\x7e]{0,8191}$/;
const KEY_ID = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$/;
const TIMESTAMP = /^[0-9]{1,12}$/;
const NONCE = /^[A-Za-z0-9_-]{22,128}$/; // ≥ 22 base64url characters: ≥ 128 bits
const HEX_SHA256 = /^[0-9a-f]{64}$/;
const SIGNATURE = /^v1=([0-9a-f]{64})$/;

export type Body = string | Uint8Array;

const sha256Hex = (body: Body): string => createHash('sha256').update(body).digest('hex');
const unixNow = () => Math.floor(Date.now() / 1000);

function canonical(method: string, pathAndQuery: string, timestamp: string, nonce: string, bodyHash: string): string {
  return [CANONICAL_PREFIX, method, pathAndQuery, timestamp, nonce, bodyHash].join('\n');
}

const hmacHex = (secret: string, text: string) => createHmac('sha256', secret).update(text, 'utf8').digest('hex');

export interface SignInput {
  method: string;
  pathAndQuery: string;
  body: Body;
  keyId: string;
  secret: string;
  /** Unix seconds; now when omitted. */
  timestamp?: number;
  /** base64url, ≥ 128 bits; fresh random when omitted. */
  nonce?: string;
}

/** The five palisade-* headers for one request. Throws (naming the field, never a value) on input that cannot be signed unambiguously. */
export function signRequest(input: SignInput): Record<string, string> {
  const method = input.method.toUpperCase();
  if (!METHOD.test(method)) throw new Error('signRequest: the method must be letters only');
  if (!PATH_AND_QUERY.test(input.pathAndQuery))
    throw new Error(
      'signRequest: the path must start with / and hold printable ASCII only (no spaces, newlines or NUL)',
    );
  if (!KEY_ID.test(input.keyId)) throw new Error('signRequest: the key id is malformed');
  if (input.secret.length < 16) throw new Error('signRequest: the secret is shorter than 16 characters');
  const timestamp = String(input.timestamp ?? unixNow());
  if (!TIMESTAMP.test(timestamp)) throw new Error('signRequest: the timestamp must be whole unix seconds');
  const nonce = input.nonce ?? randomBytes(24).toString('base64url');
  if (!NONCE.test(nonce)) throw new Error('signRequest: the nonce must be base64url of at least 128 bits');
  const bodyHash = sha256Hex(input.body);
  const mac = hmacHex(input.secret, canonical(method, input.pathAndQuery, timestamp, nonce, bodyHash));
  return {
    [HEADER.keyId]: input.keyId,
    [HEADER.timestamp]: timestamp,
    [HEADER.nonce]: nonce,
    [HEADER.contentSha256]: bodyHash,
    [HEADER.signature]: `${SIGNATURE_VERSION}=${mac}`,
  };
}

export type VerifyFailure =
  | 'missing_header'
  | 'malformed'
  | 'unknown_key'
  | 'body_mismatch'
  | 'bad_signature'
  | 'stale'
  | 'future';

export type VerifyResult =
  | { ok: true; keyId: string; nonce: string; timestamp: number }
  | { ok: false; reason: VerifyFailure; detail: string };

export interface VerifyInput {
  method: string;
  pathAndQuery: string;
  body: Body;
  headers: IncomingHttpHeaders | Record<string, string | string[] | undefined>;
  /** The secret for a key id, or null. During a rotation two key ids answer, each with its secret. */
  secretFor: (keyId: string) => string | null;
  /** Unix seconds; now when omitted. */
  now?: number;
  windowSeconds?: number;
}

/** Constant time for equal lengths; unequal lengths are refused before any byte is compared. */
export function constantTimeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a, 'utf8');
  const y = Buffer.from(b, 'utf8');
  return x.length === y.length && timingSafeEqual(x, y);
}

const fail = (reason: VerifyFailure, detail: string): VerifyResult => ({ ok: false, reason, detail });

/** The one value of a header, looked up case-insensitively; null when it is given more than once. */
function single(headers: VerifyInput['headers'], name: string): string | undefined | null {
  const given = Object.keys(headers)
    .filter((k) => k.toLowerCase() === name)
    .map((k) => headers[k])
    .filter((v) => v !== undefined);
  if (given.length === 0) return undefined;
  return given.length === 1 && typeof given[0] === 'string' ? given[0] : null;
}

/**
 * Checks a signed request. Nonce replay is not checked here: the caller records the returned
 * nonce (NonceStore) once the request is accepted, so a store is only ever written for requests
 * that were signed by a known key.
 */
export function verifyRequest(input: VerifyInput): VerifyResult {
  const values = {} as Record<keyof typeof HEADER, string>;
  for (const [field, name] of Object.entries(HEADER) as [keyof typeof HEADER, string][]) {
    const v = single(input.headers, name);
    if (v === undefined) return fail('missing_header', `${name} is missing`);
    if (v === null) return fail('malformed', `${name} is given more than once`);
    values[field] = v;
  }
  const method = input.method.toUpperCase();
  if (!METHOD.test(method)) return fail('malformed', 'the method is not letters only');
  if (!PATH_AND_QUERY.test(input.pathAndQuery)) return fail('malformed', 'the path is not printable ASCII');
  if (!KEY_ID.test(values.keyId)) return fail('malformed', `${HEADER.keyId} is malformed`);
  if (!TIMESTAMP.test(values.timestamp))
    return fail('malformed', `${HEADER.timestamp} must be unix seconds, digits only`);
  if (!NONCE.test(values.nonce)) return fail('malformed', `${HEADER.nonce} must be base64url of at least 128 bits`);
  if (!HEX_SHA256.test(values.contentSha256))
    return fail('malformed', `${HEADER.contentSha256} must be 64 lower-case hex digits`);
  const sig = SIGNATURE.exec(values.signature);
  if (!sig) return fail('malformed', `${HEADER.signature} must be v1=<64 lower-case hex digits>`);

  const secret = input.secretFor(values.keyId);
  if (typeof secret !== 'string' || secret === '') return fail('unknown_key', `no secret for key id ${values.keyId}`);
  const bodyHash = sha256Hex(input.body);
  if (!constantTimeEqual(bodyHash, values.contentSha256))
    return fail('body_mismatch', `the body does not match ${HEADER.contentSha256}`);
  const expected = hmacHex(secret, canonical(method, input.pathAndQuery, values.timestamp, values.nonce, bodyHash));
  if (!constantTimeEqual(expected, sig[1]!)) return fail('bad_signature', 'the signature does not match');

  // Freshness after authenticity: only a correctly signed request learns that its clock is off.
  const timestamp = Number(values.timestamp);
  const now = input.now ?? unixNow();
  const window = input.windowSeconds ?? DEFAULT_WINDOW_SECONDS;
  if (now - timestamp > window) return fail('stale', `signed more than ${window} s ago`);
  if (timestamp - now > window) return fail('future', `signed more than ${window} s in the future`);
  return { ok: true, keyId: values.keyId, nonce: values.nonce, timestamp };
}

/**
 * Where accepted nonces are remembered until their request could no longer pass the window
 * (timestamp + window). The database table is the production store; one shared by every
 * instance, or a replay sent to another instance would pass.
 */
export interface NonceStore {
  /** Records the nonce and answers false; answers true when it was already recorded (a replay). */
  seen(keyId: string, nonce: string, expiresAt: Date): Promise<boolean>;
}
