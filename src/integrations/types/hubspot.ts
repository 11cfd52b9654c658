import { z } from 'zod';
import type { EgressClient } from '../../net/egress.ts';
import { inBatches, refuseAuth, send } from '../sync/http.ts';
import { ExportAbort } from '../sync/result.ts';
import { join, judge, secretString, serviceUrl } from './common.ts';
import { defineIntegrationType } from './define.ts';

/** HubSpot's documented limit for CRM v3 batch endpoints. */
const BATCH = 100;

interface BatchAnswer {
  results?: Array<{ new?: unknown; objectWriteTraceId?: unknown }>;
  errors?: Array<{ category?: unknown; context?: { objectWriteTraceId?: unknown; propertyName?: unknown } }>;
  category?: unknown;
}

const names = (v: unknown) =>
  Array.isArray(v) && v.every((x) => typeof x === 'string' && /^[a-z0-9_]{1,100}$/.test(x)) ? ` (${v.join(', ')})` : '';
const category = (v: unknown) => (typeof v === 'string' && /^[A-Z_]{1,60}$/.test(v) ? v : 'error');

/** HubSpot CRM: contacts, companies or deals, with a private app access token. */
export const hubspot = defineIntegrationType({
  key: 'hubspot',
  label: 'HubSpot',
  version: 1,
  description: 'Creates and updates HubSpot CRM records with a private app token.',
  config: z.strictObject({
    apiUrl: serviceUrl('HubSpot API base, https://api.hubapi.com'),
    objectType: z.enum(['contacts', 'companies', 'deals']).describe('The CRM object records are written to'),
    portalId: z
      .number()
      .int()
      .min(1)
      .max(Number.MAX_SAFE_INTEGER)
      .optional()
      .describe('HubSpot account (portal) id whose webhook events update this organisation’s leads (docs/revenue.md)'),
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
  // Contacts are upserted by email (batch/upsert, idProperty email), so a rerun updates rather than
  // duplicates; companies and deals have no unique property among the targets, so they are created.
  // Each input carries its position as objectWriteTraceId, which HubSpot echoes in results and errors.
  async exportRecords({ config, credentials, http, items }) {
    const upsert = config.objectType === 'contacts';
    return inBatches(items, BATCH, async (batch, offset, tally) => {
      const inputs = batch.map((item, i) => ({
        ...(upsert ? { id: item.email, idProperty: 'email' } : {}),
        properties: item,
        objectWriteTraceId: String(offset + i),
      }));
      const res = await send(
        http,
        {
          url: join(config.apiUrl, `crm/v3/objects/${config.objectType}/batch/${upsert ? 'upsert' : 'create'}`),
          method: 'POST',
          headers: {
            authorization: `Bearer ${credentials.accessToken}`,
            'content-type': 'application/json',
            accept: 'application/json',
          },
          body: JSON.stringify({ inputs }),
        },
        'HubSpot',
      );
      refuseAuth(res, 'HubSpot');
      const body = (res.json() ?? {}) as BatchAnswer;
      if (res.status === 400 || res.status === 409) {
        // The whole batch was refused (one invalid input fails a batch); its message quotes values.
        tally.sent(batch.length);
        for (let i = 0; i < batch.length; i++)
          tally.reject(
            offset + i,
            'rejected',
            `HubSpot refused the batch (HTTP ${res.status}, ${category(body.category)})`,
          );
        return;
      }
      if (![200, 201, 207].includes(res.status))
        throw new ExportAbort('unexpected_response', `HubSpot answered HTTP ${res.status}`);
      tally.sent(batch.length);
      for (const r of body.results ?? [])
        tally.ok(Number(r.objectWriteTraceId), upsert && r.new === false ? 'updated' : 'created');
      for (const e of body.errors ?? []) {
        const ids = Array.isArray(e.context?.objectWriteTraceId) ? e.context.objectWriteTraceId : [];
        for (const id of ids)
          tally.reject(
            Number(id),
            'rejected',
            `HubSpot rejected the record: ${category(e.category)}${names(e.context?.propertyName)}`,
          );
      }
      for (let i = 0; i < batch.length; i++)
        tally.reject(offset + i, 'unexpected_response', 'HubSpot did not report on the record');
    });
  },
});

/** What HubSpot's account-info API says of a token: the portal it belongs to, or that it was refused. */
export type HubSpotAccount = { portalId: number } | { refused: string };

/**
 * GET account-info/v3/details with `accessToken`, through the egress guard: the portal (account) the
 * token belongs to. A 401, 403 or an answer without a portal id is `refused` (the reason names the
 * status only); a 429, a 5xx or a network failure throws (EgressError, or Error naming the status),
 * as a later attempt may succeed.
 */
export async function hubspotAccount(
  http: EgressClient,
  apiUrl: string,
  accessToken: string,
  timeoutMs?: number,
): Promise<HubSpotAccount> {
  const res = await http.request({
    url: join(apiUrl, 'account-info/v3/details'),
    headers: { authorization: `Bearer ${accessToken}`, accept: 'application/json' },
    ...(timeoutMs ? { timeoutMs } : {}),
  });
  if (res.status === 429 || res.status >= 500) throw new Error(`HubSpot answered HTTP ${res.status}`);
  if (res.status !== 200) return { refused: `HubSpot refused the credentials (HTTP ${res.status})` };
  const portalId = (res.json() as { portalId?: unknown } | undefined)?.portalId;
  return typeof portalId === 'number' && Number.isSafeInteger(portalId)
    ? { portalId }
    : { refused: 'HubSpot answered without a portal id' };
}
