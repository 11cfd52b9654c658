import { z } from 'zod';
import { clientCredentialsToken, join, judge, secretString, serviceUrl } from './common.ts';
import { defineIntegrationType } from './define.ts';

/**
 * Microsoft Dynamics 365 (Dataverse Web API): contacts, authenticated as an Entra ID app
 * registration with the OAuth 2.0 client-credentials grant.
 */
export const dynamics365 = defineIntegrationType({
  key: 'dynamics365',
  label: 'Microsoft Dynamics 365',
  version: 1,
  description: 'Creates and updates contacts in a Dynamics 365 / Dataverse environment.',
  config: z.strictObject({
    environmentUrl: serviceUrl('The environment, e.g. https://contoso.crm4.dynamics.com'),
    tenantId: z.uuid().describe('Entra ID (Azure AD) tenant id of the app registration'),
    authorityUrl: serviceUrl('Token authority (https://login.microsoftonline.com; sovereign clouds differ)'),
    apiVersion: z
      .string()
      .regex(/^9\.[0-9]$/)
      .describe('Dataverse Web API version, e.g. 9.2'),
  }),
  credentials: z.strictObject({
    clientId: z
      .uuid({ error: 'must be the application (client) id, a UUID' })
      .describe('Application (client) id of the app registration'),
    clientSecret: secretString('A client secret of the app registration'),
  }),
  defaultConfig: { authorityUrl: 'https://login.microsoftonline.com', apiVersion: '9.2' },
  targets: [
    { name: 'emailaddress1', type: 'string', required: true, description: 'Primary email; matches existing contacts' },
    { name: 'lastname', type: 'string', required: true, description: 'Last name' },
    { name: 'firstname', type: 'string', required: false, description: 'First name' },
    { name: 'jobtitle', type: 'string', required: false, description: 'Job title' },
    { name: 'telephone1', type: 'string', required: false, description: 'Business phone' },
  ],
  defaultMappings: {
    schema_version: 2,
    mappings: [
      { source: 'person.email', target: 'emailaddress1', transform: { kind: 'lowercase' }, required: true },
      { source: 'person.last_name', target: 'lastname', required: true },
      { source: 'person.first_name', target: 'firstname' },
      { source: 'person.title', target: 'jobtitle', transform: { kind: 'truncate', length: 100 } },
    ],
  },
  defaultSchedule: { kind: 'interval', minutes: 60 },
  async testConnection({ config, credentials, http }) {
    const token = await clientCredentialsToken(http, {
      system: 'Entra ID',
      tokenUrl: join(config.authorityUrl, `${config.tenantId}/oauth2/v2.0/token`),
      clientId: credentials.clientId,
      clientSecret: credentials.clientSecret,
      scope: `${config.environmentUrl.replace(/\/+$/, '')}/.default`,
      clientAuth: 'form',
    });
    if (!token.ok) return token;
    // WhoAmI reads nothing but the caller's own identity.
    const who = await http.request({
      url: join(config.environmentUrl, `api/data/v${config.apiVersion}/WhoAmI`),
      headers: { authorization: `Bearer ${token.accessToken}`, accept: 'application/json', 'OData-Version': '4.0' },
    });
    const verdict = judge(who, 'Dynamics 365', 'Dynamics 365 accepted the app registration');
    if (!verdict.ok) return verdict;
    const body = who.json() as { UserId?: unknown } | undefined;
    return typeof body?.UserId === 'string'
      ? verdict
      : { ok: false, code: 'unexpected_response', message: 'Dynamics 365 WhoAmI answered without a UserId' };
  },
});
