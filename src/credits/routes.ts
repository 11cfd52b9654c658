/**
 * AI token credits over HTTP (docs/credits.md): the balance and the usage every member reads, the
 * debit members, admins and their keys record, the token packs on sale, and the purchases
 * (purchase-routes.ts). Registered with one line in src/server/routes.ts; the Stripe settings come
 * from the environment unless a test passes its own (the local fake's address).
 */
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { decodeCursor, PageQuery, page, pageOf } from '../http/pagination.ts';
import { run, runRead } from '../http/run.ts';
import { OrgParams, Uuid } from '../http/schemas.ts';
import type { RouteModule } from '../http/types.ts';
import { type StripeSettings, stripeSettings } from '../revenue/billing/config.ts';
import { purchaseRoutes } from './purchase-routes.ts';
import { creditSummary, listPacks, listUsage, recordUsage } from './queries.ts';
import { Credits, Model, TokenPack, TokenUsage, toCredits, toPack, toUsage, USAGE_TYPES } from './schemas.ts';

const tags = ['credits'];

const balanceRoutes: RouteModule = async (app) => {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.get(
    '/v1/orgs/:orgId/credits',
    {
      schema: {
        operationId: 'getCredits',
        tags,
        summary: "The organisation's token credits: balance, this month's grant and what is left of it (members)",
        params: OrgParams,
        response: { 200: Credits },
      },
    },
    async (req) => {
      const { orgId } = req.params;
      return toCredits(await runRead(req, (tx) => creditSummary(tx, orgId), { orgId }));
    },
  );

  r.get(
    '/v1/orgs/:orgId/credits/usage',
    {
      schema: {
        operationId: 'listTokenUsage',
        tags,
        summary: 'Token usage recorded in the organisation, oldest first; optionally of one project (members)',
        params: OrgParams,
        querystring: PageQuery.extend({ project_id: Uuid.optional() }),
        response: { 200: pageOf(TokenUsage) },
      },
    },
    async (req) => {
      const { orgId } = req.params;
      const cursor = decodeCursor(req.query.cursor);
      const rows = await runRead(
        req,
        (tx) => listUsage(tx, orgId, req.query.project_id ?? null, cursor, req.query.limit),
        { orgId },
      );
      return page(rows, req.query.limit, (u) => u.id, toUsage);
    },
  );

  r.post(
    '/v1/orgs/:orgId/credits/usage',
    {
      schema: {
        operationId: 'recordTokenUsage',
        tags,
        summary:
          'Record tokens used and debit them from the credits, atomically (owners, admins, members and their keys); 402 when too few are left',
        params: OrgParams,
        body: z
          .object({
            project_id: Uuid.nullable()
              .default(null)
              .describe('a project of the organisation; null: organisation-wide'),
            chat_id: Uuid.nullable().default(null),
            tokens_used: z.int().min(1).max(1e12),
            usage_type: z.enum(USAGE_TYPES),
            model: Model,
          })
          .strict(),
        response: { 201: z.object({ usage: TokenUsage, credits: Credits }) },
      },
    },
    async (req, reply) => {
      const { orgId } = req.params;
      const out = await run(
        req,
        async (tx) => ({ usage: await recordUsage(tx, orgId, req.body), credits: await creditSummary(tx, orgId) }),
        { orgId, audit: (o) => ({ table: 'public.token_usage', targetId: o.usage.id }) },
      );
      return reply.code(201).send({ usage: toUsage(out.usage), credits: toCredits(out.credits) });
    },
  );

  r.get(
    '/v1/token-packs',
    {
      schema: {
        operationId: 'listTokenPacks',
        tags,
        summary: 'The token packs on sale (every signed-in caller)',
        response: { 200: z.object({ data: z.array(TokenPack) }) },
      },
    },
    async (req) => ({ data: (await runRead(req, (tx) => listPacks(tx))).map(toPack) }),
  );
};

export function creditRoutes(settings: StripeSettings = stripeSettings()): RouteModule {
  return async (app) => {
    for (const module of [balanceRoutes, purchaseRoutes(settings)]) await module(app);
  };
}

const routes: RouteModule = async (app) => creditRoutes()(app);

export default routes;
