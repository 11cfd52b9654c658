import { randomUUID } from 'node:crypto';
import { expect, it } from 'vitest';
import { sendJson } from '../testing.ts';
import { describeIntegrationType } from './conformance.ts';
import { cornerstone } from './cornerstone.ts';

const TOKEN = `at-${randomUUID()}`;

const csod = describeIntegrationType(cornerstone, {
  fake(req, res, secret) {
    if (req.method === 'POST' && req.path === '/services/api/oauth2/token') {
      // Cornerstone takes the client-credentials grant as JSON, not as a form.
      const body = JSON.parse(req.body) as { clientId?: string; clientSecret?: string; grantType?: string };
      return body.clientSecret === secret && body.clientId === 'cs-client' && body.grantType === 'client_credentials'
        ? sendJson(res, 200, { access_token: TOKEN })
        : sendJson(res, 400, { error: `bad secret ${body.clientSecret}` });
    }
    if (req.path === '/services/api/x/users/v2/employees')
      return req.bearer === TOKEN ? sendJson(res, 200, { data: [] }) : sendJson(res, 401, { error: 'bad token' });
    sendJson(res, 404, { error: 'no such path' });
  },
  config: (url) => ({ portalUrl: url, scope: 'employee:read' }),
  credentials: (secret) => ({ clientId: 'cs-client', clientSecret: secret }),
});

it('asks for the configured scopes, then reads one page of employees', async () => {
  const seen = csod.system.requests.length;
  await csod.test({ config: { ...csod.config(), scope: 'employee:read transcript:create' } });
  const [token, probe] = csod.system.requests.slice(seen);
  expect(JSON.parse(token!.body)).toMatchObject({ scope: 'employee:read transcript:create' });
  expect(`${probe!.method} ${probe!.url}`).toBe('GET /services/api/x/users/v2/employees?pageSize=1');
});
