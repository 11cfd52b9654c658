import { z } from 'zod';
import { inBatches, refuseAuth, send } from '../sync/http.ts';
import { ExportAbort } from '../sync/result.ts';
import { judge, secretString, serviceUrl } from './common.ts';
import { defineIntegrationType } from './define.ts';

/** Xledger's limit for the nodes of one mass mutation. */
const BATCH = 500;

/**
 * A GraphQL input literal. Keys are this file's own identifiers; every value is JSON-encoded, which
 * is a valid GraphQL string or number, so nothing from a record can change the query's shape.
 */
function literal(v: unknown): string {
  if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') return JSON.stringify(v);
  if (Array.isArray(v)) return `[${v.map(literal).join(', ')}]`;
  const entries = Object.entries(v as Record<string, unknown>).filter(([, x]) => x !== undefined);
  return `{${entries.map(([k, x]) => `${k}: ${literal(x)}`).join(', ')}}`;
}

const ref = (code: unknown) => (code === undefined ? undefined : { code });

interface GraphQLAnswer {
  data?: { addGLImportItems?: { edges?: unknown[] } | null } | null;
  errors?: Array<{ path?: unknown[]; extensions?: { code?: unknown } }>;
}

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
  // One addGLImportItems mass mutation per batch. Import items are always new lines, so everything
  // accepted counts as created. A GraphQL error whose path names a position in the inputs fails
  // that line; an error without one fails the batch, since Xledger then posts none of it.
  async exportRecords({ config, credentials, http, items }) {
    return inBatches(items, BATCH, async (batch, offset, tally) => {
      const inputs = batch.map((item) => ({
        node: {
          owner: { dbId: config.entityId },
          transactionSource: { code: config.voucherType },
          postedDate: item.posting_date,
          account: ref(item.account_code),
          amount: String(item.amount),
          employee: ref(item.employee_code),
          project: ref(item.project_code),
          text: item.description,
        },
      }));
      const query = `mutation { addGLImportItems(inputs: ${literal(inputs)}) { edges { node { dbId } } } }`;
      const res = await send(
        http,
        {
          url: config.apiUrl,
          method: 'POST',
          headers: {
            authorization: `token ${credentials.apiToken}`,
            'content-type': 'application/json',
            accept: 'application/json',
          },
          body: JSON.stringify({ query }),
        },
        'Xledger',
      );
      refuseAuth(res, 'Xledger');
      if (res.status !== 200) throw new ExportAbort('unexpected_response', `Xledger answered HTTP ${res.status}`);
      tally.sent(batch.length);
      const body = (res.json() ?? {}) as GraphQLAnswer;
      let whole = 0;
      for (const e of body.errors ?? []) {
        const at = e.path?.find((p): p is number => typeof p === 'number');
        const code =
          typeof e.extensions?.code === 'string' && /^[A-Z_]{1,60}$/.test(e.extensions.code)
            ? e.extensions.code
            : 'GraphQL error';
        if (at === undefined) whole++;
        else tally.reject(offset + at, 'rejected', `Xledger rejected the line (${code})`);
      }
      const posted = !whole && Array.isArray(body.data?.addGLImportItems?.edges);
      const why = whole
        ? `Xledger refused the batch the line was in (${whole} GraphQL errors)`
        : 'Xledger answered without the posted lines';
      for (let i = 0; i < batch.length; i++) {
        if (posted) tally.ok(offset + i, 'created');
        else tally.reject(offset + i, 'rejected', why);
      }
    });
  },
});
