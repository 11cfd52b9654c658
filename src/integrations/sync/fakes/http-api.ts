import { type FakeSystem, fakeSystem, sendJson } from '../../testing.ts';
import { isJson, Throttle } from './common.ts';

/**
 * A generic JSON API at /api/records, bearer-authenticated: one record a request, the body as the
 * integration's template makes it. 201 for a new contact.email, 200 for a known one, 422 for an
 * address it refuses (a validation error quoting the value back, as careless APIs do).
 */
export interface HttpApiFake extends FakeSystem {
  throttle: Throttle;
  received: Array<Record<string, unknown>>;
}

export async function httpApiFake(token: string): Promise<HttpApiFake> {
  const throttle = new Throttle();
  const received: Array<Record<string, unknown>> = [];
  const known = new Set<string>();
  const system = await fakeSystem((req, res) => {
    if (req.path !== '/api/records') return sendJson(res, 404, { error: 'no such path' });
    if (req.bearer !== token) return sendJson(res, 401, { error: 'invalid token', youSent: req.headers.authorization });
    if (throttle.answer(res)) return;
    if (req.method === 'GET') return sendJson(res, 200, { items: [] });
    if (!isJson(req.headers['content-type'])) return sendJson(res, 415, { error: 'JSON only' });
    const body = JSON.parse(req.body) as { contact?: { email?: unknown } };
    const email = body.contact?.email;
    if (typeof email !== 'string' || email.includes('reject'))
      return sendJson(res, 422, { error: `contact.email ${String(email)} is not accepted` });
    received.push(body);
    const isNew = !known.has(email);
    known.add(email);
    sendJson(res, isNew ? 201 : 200, { id: received.length });
  });
  return Object.assign(system, { throttle, received });
}
