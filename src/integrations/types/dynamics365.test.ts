import { randomUUID } from 'node:crypto';
import { expect, it } from 'vitest';
import { sendJson } from '../testing.ts';
import { describeIntegrationType } from './conformance.ts';
import { dynamics365 } from './dynamics365.ts';

const TENANT = randomUUID();
const CLIENT_ID = randomUUID();
const TOKEN = `at-${randomUUID()}`;

const d365 = describeIntegrationType(dynamics365, {
  fake(req, res, secret) {
    if (req.method === 'POST' && req.path === `/${TENANT}/oauth2/v2.0/token`) {
      const { form } = req;
      return form.get('grant_type') === 'client_credentials' &&
        form.get('client_id') === CLIENT_ID &&
        form.get('client_secret') === secret
        ? sendJson(res, 200, { access_token: TOKEN, token_type: 'Bearer', expires_in: 3599 })
        : sendJson(res, 401, {
            error: 'invalid_client',
            error_description: `Invalid client secret provided: ${form.get('client_secret')}`,
          });
    }
    if (req.path === '/api/data/v9.2/WhoAmI')
      return req.bearer === TOKEN
        ? sendJson(res, 200, { UserId: randomUUID() })
        : sendJson(res, 401, { error: `bad token ${req.bearer}` });
    sendJson(res, 404, { error: 'no such path' });
  },
  config: (url) => ({ environmentUrl: url, tenantId: TENANT, authorityUrl: url, apiVersion: '9.2' }),
  credentials: (secret) => ({ clientId: CLIENT_ID, clientSecret: secret }),
});

it('asks Entra ID for a token for the environment (its .default scope), the client in the form body', async () => {
  const seen = d365.system.requests.length;
  await d365.test();
  const [token, who] = d365.system.requests.slice(seen);
  expect(token!.form.get('scope')).toBe(`${d365.system.url}/.default`);
  expect(token!.headers.authorization).toBeUndefined();
  expect(who!.path).toBe('/api/data/v9.2/WhoAmI');
});
