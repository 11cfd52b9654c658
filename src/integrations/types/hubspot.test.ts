import { expect, it } from 'vitest';
import { sendJson } from '../testing.ts';
import { describeIntegrationType } from './conformance.ts';
import { hubspot } from './hubspot.ts';

const crm = describeIntegrationType(hubspot, {
  fake(req, res, secret) {
    if (req.bearer !== secret) return sendJson(res, 401, { message: `bad token ${req.headers.authorization}` });
    if (req.path === '/crm/v3/objects/contacts' || req.path === '/crm/v3/objects/deals')
      return sendJson(res, 200, { results: [] });
    sendJson(res, 404, { message: 'no such object type' });
  },
  config: (url) => ({ apiUrl: url, objectType: 'contacts' }),
  credentials: (secret) => ({ accessToken: secret }),
});

it('reads one object of the configured type, and nothing more', async () => {
  const seen = crm.system.requests.length;
  await crm.test({ config: { ...crm.config(), objectType: 'deals' } });
  expect(crm.system.requests.slice(seen).map((r) => `${r.method} ${r.url}`)).toEqual([
    'GET /crm/v3/objects/deals?limit=1',
  ]);
});
