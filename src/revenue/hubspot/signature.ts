import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * HubSpot's request signature v3: X-HubSpot-Signature-v3 is
 * base64(HMAC-SHA256(app client secret, method + URI + raw body + X-HubSpot-Request-Timestamp)),
 * the timestamp in milliseconds since the epoch. The URI is the full URL HubSpot posted to, with a
 * fixed set of percent-encoded characters decoded (HubSpot's "Validating requests": %3A %2F %3F %40
 * %21 %24 %27 %28 %29 %2A %2C %3B). Palisade builds it from PALISADE_PUBLIC_URL and the request's
 * path and query, never from a Host or X-Forwarded-* header the caller chooses.
 */

/** How far the timestamp may be from the server's clock, either way. */
const SIGNATURE_WINDOW_MS = 5 * 60 * 1000;

const DECODED: Record<string, string> = {
  '%3A': ':',
  '%2F': '/',
  '%3F': '?',
  '%40': '@',
  '%21': '!',
  '%24': '$',
  '%27': "'",
  '%28': '(',
  '%29': ')',
  '%2A': '*',
  '%2C': ',',
  '%3B': ';',
};

/** The URI as HubSpot signs it: `base` (PALISADE_PUBLIC_URL) and the path and query received. */
export function signedUri(base: string, pathAndQuery: string): string {
  const uri = `${base.replace(/\/+$/, '')}${pathAndQuery}`;
  return uri.replace(/%(3A|2F|3F|40|21|24|27|28|29|2A|2C|3B)/gi, (m) => DECODED[m.toUpperCase()]!);
}

/** The v3 signature of a request (base64). */
function signatureV3(secret: string, method: string, uri: string, body: Buffer, timestamp: string): string {
  return createHmac('sha256', secret).update(`${method}${uri}`).update(body).update(timestamp).digest('base64');
}

type Refusal = { ok: false; field: 'x-hubspot-signature-v3' | 'x-hubspot-request-timestamp'; message: string };

const header = (v: string | string[] | undefined) => (typeof v === 'string' ? v : undefined);

/**
 * The signature headers, when both are present and the timestamp is within 5 minutes of `now`
 * either way. Needs no secret: a request without them is refused however the server is set up.
 */
export function signatureHeaders(
  headers: Record<string, string | string[] | undefined>,
  now: number,
): { ok: true; timestamp: string; signature: string } | Refusal {
  const timestamp = header(headers['x-hubspot-request-timestamp']);
  const signature = header(headers['x-hubspot-signature-v3']);
  if (!timestamp || !/^[0-9]{1,15}$/.test(timestamp))
    return {
      ok: false,
      field: 'x-hubspot-request-timestamp',
      message: 'X-HubSpot-Request-Timestamp is missing or not milliseconds since the epoch',
    };
  if (Math.abs(now - Number(timestamp)) > SIGNATURE_WINDOW_MS)
    return {
      ok: false,
      field: 'x-hubspot-request-timestamp',
      message: 'X-HubSpot-Request-Timestamp is more than 5 minutes from the server clock',
    };
  if (!signature) return { ok: false, field: 'x-hubspot-signature-v3', message: 'X-HubSpot-Signature-v3 is missing' };
  return { ok: true, timestamp, signature };
}

/** Whether `signature` is the v3 signature of the request, compared in constant time. */
export function signatureMatches(req: {
  secret: string;
  method: string;
  uri: string;
  body: Buffer;
  timestamp: string;
  signature: string;
}): boolean {
  const expected = Buffer.from(signatureV3(req.secret, req.method, req.uri, req.body, req.timestamp));
  const got = Buffer.from(req.signature);
  return got.length === expected.length && timingSafeEqual(got, expected);
}
