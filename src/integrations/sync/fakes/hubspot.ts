import { type FakeSystem, fakeSystem, sendJson } from '../../testing.ts';
import { isJson, Throttle } from './common.ts';

/**
 * HubSpot's CRM v3 batch endpoints as its reference documents them: a private app token as
 * Bearer on every call; inputs at most 100 a batch (more, or none: 400 VALIDATION_ERROR); upsert
 * inputs carry id and idProperty; results echo objectWriteTraceId and `new`; invalid inputs are
 * errors in a 207 answer, with context naming the trace ids and properties (and, as HubSpot's
 * messages do, quoting the value).
 */
export interface HubSpotFake extends FakeSystem {
  throttle: Throttle;
  /** Contacts by email, as stored. */
  contacts: Map<string, Record<string, unknown>>;
  batches: number[];
  /** Private app tokens the fake knows, each with its portal (account) id: the one it was created with, and any a test adds. */
  accounts: Map<string, number>;
  /** While true, every connection is dropped unanswered, as when HubSpot cannot be reached. */
  down: boolean;
}

export async function hubspotFake(
  accessToken: string,
  existing: readonly string[] = [],
  portalId = 1,
): Promise<HubSpotFake> {
  const throttle = new Throttle();
  const contacts = new Map<string, Record<string, unknown>>(existing.map((e) => [e, { email: e }]));
  const batches: number[] = [];
  const accounts = new Map<string, number>([[accessToken, portalId]]);
  let fake: HubSpotFake | undefined;
  const system = await fakeSystem((req, res) => {
    if (fake?.down) return void res.socket?.destroy();
    const portal = req.bearer === undefined ? undefined : accounts.get(req.bearer);
    if (portal === undefined)
      return sendJson(res, 401, {
        status: 'error',
        category: 'INVALID_AUTHENTICATION',
        message: `Authentication credentials not found: ${req.headers.authorization}`,
      });
    if (throttle.answer(res, { status: 'error', category: 'RATE_LIMITS', policyName: 'TEN_SECONDLY_ROLLING' })) return;
    // Account info: the portal the token belongs to (https://developers.hubspot.com/docs/api/settings/account-information-api).
    if (req.method === 'GET' && req.path === '/account-info/v3/details')
      return sendJson(res, 200, {
        portalId: portal,
        accountType: 'STANDARD',
        timeZone: 'Europe/Oslo',
        companyCurrency: 'NOK',
        uiDomain: 'app.hubspot.com',
        dataHostingLocation: 'eu1',
      });
    const m = /^\/crm\/v3\/objects\/(contacts|companies|deals)\/batch\/(upsert|create)$/.exec(req.path);
    if (req.method === 'GET' && /^\/crm\/v3\/objects\/(contacts|companies|deals)$/.test(req.path))
      return sendJson(res, 200, { results: [] });
    if (req.method !== 'POST' || !m) return sendJson(res, 404, { status: 'error', message: 'not found' });
    if (!isJson(req.headers['content-type']))
      return sendJson(res, 415, { status: 'error', category: 'UNSUPPORTED_MEDIA_TYPE' });
    const inputs = (JSON.parse(req.body) as { inputs?: unknown }).inputs;
    if (!Array.isArray(inputs) || inputs.length === 0 || inputs.length > 100)
      return sendJson(res, 400, {
        status: 'error',
        category: 'VALIDATION_ERROR',
        message: 'inputs must hold 1 to 100 entries',
      });
    batches.push(inputs.length);
    const upsert = m[2] === 'upsert';
    const results: unknown[] = [];
    const errors: unknown[] = [];
    for (const raw of inputs as Array<Record<string, unknown>>) {
      const props = (raw.properties ?? {}) as Record<string, unknown>;
      const trace = raw.objectWriteTraceId;
      if (upsert && (raw.idProperty !== 'email' || typeof raw.id !== 'string' || raw.id !== props.email))
        return sendJson(res, 400, { status: 'error', category: 'VALIDATION_ERROR', message: 'id and idProperty' });
      const email = String(props.email ?? '');
      if (!/^[^@\s]+@[^@\s]+$/.test(email)) {
        errors.push({
          status: 'error',
          category: 'VALIDATION_ERROR',
          message: `Property values were not valid: Email address ${email} is invalid`,
          context: { objectWriteTraceId: [trace], propertyName: ['email'] },
        });
        continue;
      }
      const isNew = !contacts.has(email);
      contacts.set(email, props);
      results.push({
        id: String(contacts.size),
        properties: props,
        new: upsert ? isNew : true,
        objectWriteTraceId: trace,
      });
    }
    sendJson(res, errors.length ? 207 : upsert ? 200 : 201, {
      status: 'COMPLETE',
      results,
      ...(errors.length ? { errors, numErrors: errors.length } : {}),
    });
  });
  fake = Object.assign(system, { throttle, contacts, batches, accounts, down: false });
  return fake;
}
