import { z } from 'zod';
import { accessTokenFrom, join, judge, secretString, serviceUrl } from './common.ts';
import { defineIntegrationType } from './define.ts';

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
    const token = await http.request({
      url: join(config.portalUrl, 'services/api/oauth2/token'),
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify({
        clientId: credentials.clientId,
        clientSecret: credentials.clientSecret,
        grantType: 'client_credentials',
        scope: config.scope,
      }),
    });
    if (token.status === 400)
      return { ok: false, code: 'auth_failed', message: 'Cornerstone refused the client credentials (HTTP 400)' };
    const obtained = judge(token, 'Cornerstone', 'token obtained');
    if (!obtained.ok) return obtained;
    const accessToken = accessTokenFrom(token);
    if (!accessToken)
      return { ok: false, code: 'unexpected_response', message: 'Cornerstone answered without an access token' };
    const probe = await http.request({
      url: join(config.portalUrl, 'services/api/x/users/v2/employees?pageSize=1'),
      headers: { authorization: `Bearer ${accessToken}`, accept: 'application/json' },
    });
    return judge(probe, 'Cornerstone', 'Cornerstone accepted the client credentials');
  },
});
