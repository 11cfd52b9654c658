import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import type { EgressClient } from '../../net/egress.ts';
import { inBatches, TokenCache } from '../sync/http.ts';
import { batchBody, boundaryOf, splitParts } from '../sync/multipart.ts';
import { ExportAbort } from '../sync/result.ts';
import { clientCredentialsToken, join, judge, secretString, serviceUrl } from './common.ts';
import { defineIntegrationType } from './define.ts';

/**
 * Requests per $batch. Dataverse allows 1000; a smaller batch keeps each answer far below the
 * egress cap and each call well inside Dataverse's two-minute request limit.
 */
const BATCH = 100;
/** Rows per page of the lookup of existing contacts (Prefer: odata.maxpagesize). */
const PAGE = 50;
const MAX_PAGES = 100;

const ODATA = { 'OData-Version': '4.0', 'OData-MaxVersion': '4.0', accept: 'application/json' };

/** An OData string literal: single quotes, a quote doubled. */
const quoted = (s: string) => `'${s.replaceAll("'", "''")}'`;

/**
 * The contactid of each existing contact whose emailaddress1 is among `emails`, following
 * @odata.nextLink page by page, and only ever to the environment itself: a next link elsewhere
 * would carry the token off to another host.
 */
async function existingContacts(
  http: EgressClient,
  tokens: TokenCache,
  api: string,
  emails: readonly string[],
): Promise<Map<string, string>> {
  const found = new Map<string, string>();
  if (emails.length === 0) return found;
  const filter = `Microsoft.Dynamics.CRM.In(PropertyName='emailaddress1',PropertyValues=[${emails.map(quoted).join(',')}])`;
  let url: string | undefined = `${api}/contacts?$select=contactid,emailaddress1&$filter=${encodeURIComponent(filter)}`;
  for (let page = 0; url; page++) {
    if (page >= MAX_PAGES)
      throw new ExportAbort('unexpected_response', 'Dynamics 365 paged the contact lookup without end');
    const target: string = url;
    const res = await tokens.send(http, (token) => ({
      url: target,
      headers: { ...ODATA, authorization: `Bearer ${token}`, Prefer: `odata.maxpagesize=${PAGE}` },
    }));
    if (res.status !== 200)
      throw new ExportAbort('unexpected_response', `Dynamics 365 answered the contact lookup with HTTP ${res.status}`);
    const body = (res.json() ?? {}) as {
      value?: Array<{ contactid?: unknown; emailaddress1?: unknown }>;
      '@odata.nextLink'?: unknown;
    };
    for (const c of body.value ?? [])
      if (
        typeof c.contactid === 'string' &&
        typeof c.emailaddress1 === 'string' &&
        !found.has(c.emailaddress1.toLowerCase())
      )
        found.set(c.emailaddress1.toLowerCase(), c.contactid);
    const next = body['@odata.nextLink'];
    if (typeof next === 'string' && new URL(next).origin !== new URL(api).origin)
      throw new ExportAbort(
        'unexpected_response',
        'Dynamics 365 answered with a next page on another host: not followed',
      );
    url = typeof next === 'string' ? next : undefined;
  }
  return found;
}

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
  // Contacts are matched on emailaddress1, which a stock environment has no alternate key for: so a
  // lookup of the batch's addresses first (paged), then one $batch of POSTs (new contacts) and
  // PATCHes with If-Match: * (existing ones, never an accidental create). No change set: each
  // request stands alone, and odata.continue-on-error lets one refused contact not stop the rest.
  async exportRecords({ config, credentials, http, items }) {
    const environment = config.environmentUrl.replace(/\/+$/, '');
    const api = `${environment}/api/data/v${config.apiVersion}`;
    const tokens = new TokenCache(async () => {
      const t = await clientCredentialsToken(http, {
        system: 'Entra ID',
        tokenUrl: join(config.authorityUrl, `${config.tenantId}/oauth2/v2.0/token`),
        clientId: credentials.clientId,
        clientSecret: credentials.clientSecret,
        scope: `${environment}/.default`,
        clientAuth: 'form',
      });
      if (!t.ok) throw new ExportAbort(t.code === 'auth_failed' ? 'auth_failed' : 'unexpected_response', t.message);
      return t;
    }, 'Dynamics 365');
    return inBatches(items, BATCH, async (batch, offset, tally) => {
      const emails = batch.map((item) => String(item.emailaddress1 ?? '').toLowerCase());
      const existing = await existingContacts(http, tokens, api, [...new Set(emails.filter(Boolean))]);
      const boundary = `batch_${randomUUID()}`;
      const parts = batch.map((item, i) => {
        const id = existing.get(emails[i]!);
        return {
          method: id ? 'PATCH' : 'POST',
          url: id ? `${api}/contacts(${id})` : `${api}/contacts`,
          headers: { 'Content-Type': 'application/json; type=entry', ...(id ? { 'If-Match': '*' } : {}) },
          body: JSON.stringify(item),
        };
      });
      const res = await tokens.send(http, (token) => ({
        url: `${api}/$batch`,
        method: 'POST',
        headers: {
          ...ODATA,
          authorization: `Bearer ${token}`,
          'content-type': `multipart/mixed; boundary=${boundary}`,
          Prefer: 'odata.continue-on-error',
        },
        body: batchBody(boundary, parts),
      }));
      const answer = boundaryOf(res.headers['content-type']);
      if (res.status !== 200 || !answer)
        throw new ExportAbort('unexpected_response', `Dynamics 365 answered the batch with HTTP ${res.status}`);
      tally.sent(batch.length);
      splitParts(res.text(), answer).forEach((part, i) => {
        const status = Number(/^HTTP\/1\.1 (\d{3})/.exec(part.start)?.[1]);
        if (status >= 200 && status < 300) tally.ok(offset + i, parts[i]?.method === 'PATCH' ? 'updated' : 'created');
        else tally.reject(offset + i, 'rejected', `Dynamics 365 refused the contact (HTTP ${status || 'unknown'})`);
      });
      for (let i = 0; i < batch.length; i++)
        tally.reject(offset + i, 'unexpected_response', 'Dynamics 365 did not answer for the contact');
    });
  },
});
