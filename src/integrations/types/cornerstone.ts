import { z } from 'zod';
import type { EgressClient } from '../../net/egress.ts';
import { inBatches, TokenCache } from '../sync/http.ts';
import { ExportAbort } from '../sync/result.ts';
import { accessTokenFrom, expiresInFrom, join, judge, secretString, serviceUrl } from './common.ts';
import { defineIntegrationType, type TestResult } from './define.ts';

/**
 * Cornerstone's token endpoint takes the client-credentials grant as JSON, not as a form. A
 * refused client is HTTP 400 there.
 */
async function token(
  http: EgressClient,
  portalUrl: string,
  scope: string,
  credentials: { clientId: string; clientSecret: string },
): Promise<{ ok: true; accessToken: string; expiresIn?: number } | Extract<TestResult, { ok: false }>> {
  const res = await http.request({
    url: join(portalUrl, 'services/api/oauth2/token'),
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json' },
    body: JSON.stringify({
      clientId: credentials.clientId,
      clientSecret: credentials.clientSecret,
      grantType: 'client_credentials',
      scope,
    }),
  });
  if (res.status === 400)
    return { ok: false, code: 'auth_failed', message: 'Cornerstone refused the client credentials (HTTP 400)' };
  const obtained = judge(res, 'Cornerstone', 'token obtained');
  if (!obtained.ok) return obtained;
  const accessToken = accessTokenFrom(res);
  if (!accessToken)
    return { ok: false, code: 'unexpected_response', message: 'Cornerstone answered without an access token' };
  const expiresIn = expiresInFrom(res);
  return expiresIn === undefined ? { ok: true, accessToken } : { ok: true, accessToken, expiresIn };
}

/** Cornerstone OnDemand (learning): training completions, via its REST API with OAuth 2.0 client credentials. */
export const cornerstone = defineIntegrationType({
  key: 'cornerstone',
  label: 'Cornerstone OnDemand',
  version: 1,
  description: 'Records training completions in Cornerstone OnDemand.',
  config: z.strictObject({
    portalUrl: serviceUrl('Your Cornerstone portal, e.g. https://acme.csod.com'),
    scope: z
      .string()
      .regex(/^[a-z_]+:[a-z_]+( [a-z_]+:[a-z_]+)*$/)
      .max(500)
      .describe('OAuth scopes granted to the client, space separated, e.g. employee:read transcript:create'),
  }),
  credentials: z.strictObject({
    clientId: secretString('OAuth client id from Cornerstone Edge (Edge → Integrations → API)', 200),
    clientSecret: secretString('OAuth client secret from Cornerstone Edge'),
  }),
  defaultConfig: { scope: 'employee:read transcript:create' },
  targets: [
    { name: 'user_id', type: 'string', required: true, description: 'Cornerstone user id' },
    { name: 'training_id', type: 'string', required: true, description: 'Learning object id' },
    { name: 'completion_date', type: 'date', required: true, description: 'Completion date' },
    { name: 'score', type: 'number', required: false, description: 'Score, 0-100' },
    { name: 'status', type: 'string', required: false, description: 'Transcript status, e.g. Completed' },
  ],
  defaultMappings: {
    schema_version: 2,
    mappings: [
      { source: 'employee.external_id', target: 'user_id', required: true },
      { source: 'course.code', target: 'training_id', required: true },
      {
        source: 'completion.date',
        target: 'completion_date',
        transform: { kind: 'date', format: 'date' },
        required: true,
      },
      { source: 'completion.score', target: 'score', transform: { kind: 'number' } },
      {
        source: 'completion.state',
        target: 'status',
        transform: { kind: 'map', values: { done: 'Completed', failed: 'Failed' } },
      },
    ],
  },
  defaultSchedule: { kind: 'interval', minutes: 240 },
  async testConnection({ config, credentials, http }) {
    const obtained = await token(http, config.portalUrl, config.scope, credentials);
    if (!obtained.ok) return obtained;
    const { accessToken } = obtained;
    const probe = await http.request({
      url: join(config.portalUrl, 'services/api/x/users/v2/employees?pageSize=1'),
      headers: { authorization: `Bearer ${accessToken}`, accept: 'application/json' },
    });
    return judge(probe, 'Cornerstone', 'Cornerstone accepted the client credentials');
  },
  // The Transcript API is user-centric: one completion a request, no batch endpoint. A 4xx for one
  // completion (unknown user or learning object, a transcript in another state) fails that record.
  async exportRecords({ config, credentials, http, items }) {
    const tokens = new TokenCache(async () => {
      const t = await token(http, config.portalUrl, config.scope, credentials);
      if (!t.ok) throw new ExportAbort(t.code === 'auth_failed' ? 'auth_failed' : 'unexpected_response', t.message);
      return t;
    }, 'Cornerstone');
    return inBatches(items, 1, async ([item], index, tally) => {
      const res = await tokens.send(http, (accessToken) => ({
        url: join(config.portalUrl, 'services/api/v1/transcripts/complete'),
        method: 'POST',
        headers: {
          authorization: `Bearer ${accessToken}`,
          'content-type': 'application/json',
          accept: 'application/json',
        },
        body: JSON.stringify({
          externalId: item?.user_id,
          learningObjectId: item?.training_id,
          completionDate: item?.completion_date,
          score: item?.score,
          status: item?.status,
        }),
      }));
      tally.sent(1);
      if (res.status >= 200 && res.status < 300) tally.ok(index, 'created');
      else if (res.status >= 400 && res.status < 500)
        tally.reject(index, 'rejected', `Cornerstone refused the completion (HTTP ${res.status})`);
      else throw new ExportAbort('unexpected_response', `Cornerstone answered HTTP ${res.status}`);
    });
  },
});
