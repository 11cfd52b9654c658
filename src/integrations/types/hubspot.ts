import { z } from 'zod';
import { join, judge, secretString, serviceUrl } from './common.ts';
import { defineIntegrationType } from './define.ts';

/** HubSpot CRM: contacts, companies or deals, with a private app access token. */
export const hubspot = defineIntegrationType({
  key: 'hubspot',
  label: 'HubSpot',
  version: 1,
  description: 'Creates and updates HubSpot CRM records with a private app token.',
  config: z.strictObject({
    apiUrl: serviceUrl('HubSpot API base, https://api.hubapi.com'),
    objectType: z.enum(['contacts', 'companies', 'deals']).describe('The CRM object records are written to'),
  }),
  credentials: z.strictObject({
    accessToken: secretString('Private app access token (Settings → Integrations → Private apps), pat-…'),
  }),
  defaultConfig: { apiUrl: 'https://api.hubapi.com', objectType: 'contacts' },
  targets: [
    { name: 'email', type: 'string', required: true, description: 'Email; HubSpot deduplicates contacts on it' },
    { name: 'firstname', type: 'string', required: false, description: 'First name' },
    { name: 'lastname', type: 'string', required: false, description: 'Last name' },
    { name: 'company', type: 'string', required: false, description: 'Company name' },
    { name: 'lifecyclestage', type: 'string', required: false, description: 'Lifecycle stage, e.g. lead' },
  ],
  defaultMappings: {
    schema_version: 2,
    mappings: [
      { source: 'lead.email', target: 'email', transform: { kind: 'lowercase' }, required: true },
      { source: 'lead.first_name', target: 'firstname' },
      { source: 'lead.last_name', target: 'lastname' },
      { source: 'lead.company', target: 'company' },
      { source: 'lead.stage', target: 'lifecyclestage', transform: { kind: 'default', value: 'lead' } },
    ],
  },
  defaultSchedule: { kind: 'interval', minutes: 15 },
  async testConnection({ config, credentials, http }) {
    const res = await http.request({
      url: join(config.apiUrl, `crm/v3/objects/${config.objectType}?limit=1`),
      headers: { authorization: `Bearer ${credentials.accessToken}`, accept: 'application/json' },
    });
    return judge(res, 'HubSpot', `HubSpot accepted the token and can read ${config.objectType}`);
  },
});
