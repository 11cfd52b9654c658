import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { run } from '../../http/run.ts';
import { iso, OrgParams, Timestamp } from '../../http/schemas.ts';
import type { RouteModule } from '../../http/types.ts';

export const METRICS = ['ai_qualifications', 'api_requests', 'integrations', 'leads', 'members', 'workspaces'] as const;

const Usage = z
  .object({
    period_start: z.iso.date().describe('the first day (UTC) of the month the monthly metrics count'),
    metrics: z.array(
      z.object({
        metric: z.enum(METRICS),
        used: z.number().int(),
        limit: z.number().int(),
        resets_at: Timestamp.nullable().describe(
          'when a monthly metric starts again at zero; null for what exists at once',
        ),
      }),
    ),
  })
  .meta({ id: 'Usage' });

interface UsageRow {
  metric: (typeof METRICS)[number];
  used: string;
  usage_limit: string;
  period_start: string | Date;
  resets_at: Date | null;
}

const day = (d: string | Date) => (typeof d === 'string' ? d.slice(0, 10) : d.toISOString().slice(0, 10));

const routes: RouteModule = async (app) => {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.get(
    '/v1/orgs/:orgId/usage',
    {
      schema: {
        operationId: 'getUsage',
        tags: ['revenue'],
        summary: "What the organisation has used this month against its plan's limits (members)",
        params: OrgParams,
        response: { 200: Usage },
      },
    },
    async (req) => {
      const { orgId } = req.params;
      const rows = await run(
        req,
        async (tx) =>
          (
            await tx.query<UsageRow>(
              'select metric, used, usage_limit, period_start::text as period_start, resets_at from public.usage_summary($1)',
              [orgId],
            )
          ).rows,
        { orgId },
      );
      return {
        period_start: day(rows[0]!.period_start),
        metrics: rows.map((u) => ({
          metric: u.metric,
          used: Number(u.used),
          limit: Number(u.usage_limit),
          resets_at: iso(u.resets_at),
        })),
      };
    },
  );
};

export default routes;
