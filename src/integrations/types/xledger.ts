import { z } from 'zod';
import { judge, secretString, serviceUrl } from './common.ts';
import { defineIntegrationType } from './define.ts';

/** Xledger (ERP): exports time and expense lines through its GraphQL API, authenticated with an API token. */
export const xledger = defineIntegrationType({
  key: 'xledger',
  label: 'Xledger',
  version: 1,
  description: 'Posts approved time and expense lines to Xledger through its GraphQL API.',
  config: z.strictObject({
    apiUrl: serviceUrl(
      'Xledger GraphQL endpoint, e.g. https://www.xledger.net/graphql (demo.xledger.net for test companies)',
    ),
    entityId: z.number().int().positive().describe('The Xledger entity (company) the lines are posted to'),
    voucherType: z
      .string()
      .regex(/^[A-Z0-9]{1,10}$/)
      .describe('Voucher type code used for the postings, e.g. GL'),
  }),
  credentials: z.strictObject({
    apiToken: secretString('API token issued in Xledger (Administration → API access)'),
  }),
  defaultConfig: { apiUrl: 'https://www.xledger.net/graphql', voucherType: 'GL' },
  targets: [
    { name: 'employee_code', type: 'string', required: true, description: 'Xledger employee code' },
    { name: 'posting_date', type: 'date', required: true, description: 'Date the line is posted on' },
    { name: 'account_code', type: 'string', required: true, description: 'General ledger account' },
    { name: 'amount', type: 'number', required: true, description: 'Amount in the entity currency' },
    { name: 'project_code', type: 'string', required: false, description: 'Project dimension' },
    { name: 'description', type: 'string', required: false, description: 'Line text (at most 250 characters)' },
  ],
  defaultMappings: {
    schema_version: 2,
    mappings: [
      { source: 'employee.number', target: 'employee_code', required: true },
      { source: 'entry.date', target: 'posting_date', transform: { kind: 'date', format: 'date' }, required: true },
      { source: 'entry.account', target: 'account_code', required: true },
      { source: 'entry.amount', target: 'amount', transform: { kind: 'number' }, required: true },
      { source: 'entry.text', target: 'description', transform: { kind: 'truncate', length: 250 } },
    ],
  },
  defaultSchedule: { kind: 'cron', expression: '0 2 * * *', timezone: 'Europe/Oslo' },
  async testConnection({ config, credentials, http }) {
    // The smallest query there is: it proves the token and reaches nothing of the company's data.
    const res = await http.request({
      url: config.apiUrl,
      method: 'POST',
      headers: {
        authorization: `token ${credentials.apiToken}`,
        'content-type': 'application/json',
        accept: 'application/json',
      },
      body: JSON.stringify({ query: '{ __typename }' }),
    });
    const verdict = judge(res, 'Xledger', 'Xledger accepted the API token');
    if (!verdict.ok) return verdict;
    const body = res.json() as { data?: { __typename?: unknown }; errors?: unknown[] } | undefined;
    if (body?.errors?.length)
      return {
        ok: false,
        code: 'auth_failed',
        message: 'Xledger answered with GraphQL errors: check the token and its access',
      };
    if (typeof body?.data?.__typename !== 'string')
      return {
        ok: false,
        code: 'unexpected_response',
        message: 'Xledger did not answer like a GraphQL API: check apiUrl',
      };
    return verdict;
  },
});
