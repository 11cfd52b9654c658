import { createHmac } from 'node:crypto';

/**
 * A HubSpot webhook delivery as HubSpot would send it: the body's bytes, the millisecond
 * timestamp and X-HubSpot-Signature-v3 computed the way HubSpot's documentation states it
 * (HMAC-SHA256 with the app's client secret over method + full URI + body + timestamp, base64),
 * written out here rather than borrowed from the code under test.
 */
export function hubspotDelivery(opts: {
  secret: string;
  /** The full URL HubSpot posts to (PALISADE_PUBLIC_URL + /v1/webhooks/hubspot). */
  uri: string;
  body: unknown;
  /** Milliseconds since the epoch; default now. */
  timestamp?: number;
}) {
  const payload = typeof opts.body === 'string' ? opts.body : JSON.stringify(opts.body);
  const timestamp = String(opts.timestamp ?? Date.now());
  const signature = createHmac('sha256', opts.secret)
    .update(`POST${opts.uri}${payload}${timestamp}`, 'utf8')
    .digest('base64');
  return {
    payload,
    headers: {
      'content-type': 'application/json',
      'x-hubspot-signature-v3': signature,
      'x-hubspot-request-timestamp': timestamp,
    },
  };
}

let nextEventId = 1_000;

/** A contact event of `portalId` as HubSpot words it; each call gets a new eventId. */
export function contactEvent(
  portalId: number,
  objectId: number,
  change: { property: string; value: string } | 'creation' | 'deletion',
  occurredAt = Date.now(),
) {
  const base = {
    eventId: nextEventId++,
    subscriptionId: 4242,
    portalId,
    appId: 99,
    occurredAt,
    attemptNumber: 0,
    objectId,
    changeSource: 'CRM',
  };
  if (change === 'creation') return { ...base, subscriptionType: 'contact.creation', changeFlag: 'NEW' };
  if (change === 'deletion') return { ...base, subscriptionType: 'contact.deletion', changeFlag: 'DELETED' };
  return {
    ...base,
    subscriptionType: 'contact.propertyChange',
    propertyName: change.property,
    propertyValue: change.value,
  };
}
