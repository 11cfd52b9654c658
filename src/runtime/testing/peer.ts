import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';

/**
 * The signing scheme as a step service implements it from the documentation
 * (docs/integration-architecture/custom-steps.md, "Verifying Palisade's requests"), written
 * independently of src/runtime/signing.ts on purpose: the fake step service verifies with this
 * copy, so a change to one side that the other does not share fails the tests instead of
 * agreeing with itself.
 */

const WINDOW_SECONDS = 300;

export type PeerRefusal =
  | 'missing_header'
  | 'malformed'
  | 'unknown_key'
  | 'body_mismatch'
  | 'bad_signature'
  | 'stale'
  | 'future'
  | 'replayed';

const canonical = (method: string, target: string, ts: string, nonce: string, bodyHash: string) =>
  ['palisade-signature-v1', method.toUpperCase(), target, ts, nonce, bodyHash].join('\n');

/** null when the request is Palisade's, signed with one of `secrets`, fresh and not seen before. */
export function peerVerify(
  req: { method: string; url: string; headers: IncomingHttpHeaders; body: Buffer },
  secrets: Map<string, string>,
  seen: Set<string>,
): PeerRefusal | null {
  const h = (name: string) => {
    const v = req.headers[name];
    return typeof v === 'string' ? v : null;
  };
  const keyId = h('palisade-key-id');
  const ts = h('palisade-timestamp');
  const nonce = h('palisade-nonce');
  const hash = h('palisade-content-sha256');
  const sig = h('palisade-signature');
  if (!keyId || !ts || !nonce || !hash || !sig) return 'missing_header';
  if (!/^\d{1,12}$/.test(ts) || !/^[A-Za-z0-9_-]{22,128}$/.test(nonce) || !/^v1=[0-9a-f]{64}$/.test(sig))
    return 'malformed';
  const secret = secrets.get(keyId);
  if (!secret) return 'unknown_key';
  const bodyHash = createHash('sha256').update(req.body).digest('hex');
  if (bodyHash !== hash) return 'body_mismatch';
  const expected = Buffer.from(
    `v1=${createHmac('sha256', secret)
      .update(canonical(req.method, req.url, ts, nonce, bodyHash))
      .digest('hex')}`,
  );
  const given = Buffer.from(sig);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return 'bad_signature';
  const age = Math.floor(Date.now() / 1000) - Number(ts);
  if (age > WINDOW_SECONDS) return 'stale';
  if (age < -WINDOW_SECONDS) return 'future';
  if (seen.has(`${keyId} ${nonce}`)) return 'replayed';
  seen.add(`${keyId} ${nonce}`);
  return null;
}

/** The palisade-* headers a step service puts on its callback. */
export function peerSign(method: string, target: string, body: string, keyId: string, secret: string) {
  const ts = String(Math.floor(Date.now() / 1000));
  const nonce = randomBytes(16).toString('base64url');
  const bodyHash = createHash('sha256').update(body).digest('hex');
  const mac = createHmac('sha256', secret)
    .update(canonical(method, target, ts, nonce, bodyHash))
    .digest('hex');
  return {
    'palisade-key-id': keyId,
    'palisade-timestamp': ts,
    'palisade-nonce': nonce,
    'palisade-content-sha256': bodyHash,
    'palisade-signature': `v1=${mac}`,
  };
}
