import { expect, it } from 'vitest';
import { sendJson } from '../testing.ts';
import { describeIntegrationType } from './conformance.ts';
import { xledger } from './xledger.ts';

const ledger = describeIntegrationType(xledger, {
  fake(req, res, secret) {
    if (req.method !== 'POST') return sendJson(res, 405, { error: 'GraphQL takes POST' });
    if (req.headers.authorization !== `token ${secret}`)
      return sendJson(res, 401, { error: 'invalid token', youSent: req.headers.authorization });
    if (req.path === '/graphql') return sendJson(res, 200, { data: { __typename: 'Query' } });
    if (req.path === '/graphql-denied') return sendJson(res, 200, { errors: [{ message: 'no access to entity' }] });
    sendJson(res, 404, { error: 'no such path' });
  },
  config: (url) => ({ apiUrl: `${url}/graphql`, entityId: 1, voucherType: 'GL' }),
  credentials: (secret) => ({ apiToken: secret }),
});

it('the test is the smallest GraphQL query there is, reading none of the company’s data', async () => {
  const seen = ledger.system.requests.length;
  await ledger.test();
  expect(ledger.system.requests.slice(seen).map((r) => JSON.parse(r.body))).toEqual([{ query: '{ __typename }' }]);
});

it('GraphQL errors in a 200 answer are reported as auth_failed', async () => {
  const config = { ...ledger.config(), apiUrl: `${ledger.system.url}/graphql-denied` };
  expect(await ledger.test({ config })).toMatchObject({ ok: false, code: 'auth_failed' });
});
