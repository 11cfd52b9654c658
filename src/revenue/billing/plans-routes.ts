/**
 * The plan catalog (platform.plans): every signed-in caller reads the published plans and their
 * limits; platform admins create or replace a plan, its Stripe price included (admin token only,
 * recorded in admin_actions by run()). The price id is never shown to tenants.
 */
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { run, runRead } from '../../http/run.ts';
import { hasControlCharacter, SINGLE_LINE } from '../../http/schemas.ts';
import type { RouteModule } from '../../http/types.ts';
import { listPlans, type PlanRow, upsertPlan } from './queries.ts';

export const PlanId = z
  .string()
  .regex(/^[a-z][a-z0-9_-]{1,39}$/, 'lower case letters, digits, "_" and "-", starting with a letter (2-40)');

const Limit = z.int().min(0).max(1e15);
const Limits = z
  .object({
    leads: Limit,
    ai_qualifications: Limit,
    api_requests: Limit,
    members: Limit,
    workspaces: Limit,
    integrations: Limit,
  })
  .strict()
  .describe('the most of each metric an organisation on the plan may use (flows a month, stocks at once)');

const Plan = z.object({ id: PlanId, name: z.string(), limits: Limits, position: z.int() }).meta({ id: 'Plan' });

const AdminPlan = Plan.extend({
  stripe_price_id: z.string().nullable(),
  published: z.boolean(),
}).meta({ id: 'AdminPlan' });

const PlanBody = z
  .object({
    name: z
      .string()
      .refine((s) => !hasControlCharacter(s), { error: SINGLE_LINE })
      .trim()
      .min(1)
      .max(100),
    limits: Limits,
    stripe_price_id: z
      .string()
      .regex(/^price_[A-Za-z0-9]{1,100}$/, 'a Stripe price id (price_…)')
      .nullable()
      .describe('the Stripe price a checkout for this plan buys; null: not sold through checkout'),
    published: z.boolean(),
    position: z.int().min(0).max(10_000),
  })
  .strict();

const toPlan = (p: PlanRow) => ({
  id: p.id,
  name: p.name,
  limits: p.limits as z.infer<typeof Limits>,
  position: p.position,
});

export const plansRoutes: RouteModule = async (app) => {
  const r = app.withTypeProvider<ZodTypeProvider>();
  r.get(
    '/v1/plans',
    {
      schema: {
        operationId: 'listPlans',
        tags: ['revenue'],
        summary: 'The plans on offer, with their limits',
        response: { 200: z.object({ data: z.array(Plan) }) },
      },
    },
    async (req) => ({ data: (await runRead(req, (tx) => listPlans(tx))).map(toPlan) }),
  );

  r.put(
    '/v1/admin/plans/:planId',
    {
      config: { auth: 'admin' },
      schema: {
        operationId: 'putPlan',
        tags: ['admin'],
        summary: 'Create or replace a plan: its name, limits, Stripe price, whether it is offered, and its place',
        params: z.object({ planId: PlanId }),
        body: PlanBody,
        response: { 200: AdminPlan, 201: AdminPlan },
      },
    },
    async (req, reply) => {
      const { created, ...plan } = await run(req, (tx) => upsertPlan(tx, req.params.planId, req.body), {
        audit: { table: 'platform.plans', targetId: req.params.planId },
      });
      return reply
        .code(created ? 201 : 200)
        .send({ ...toPlan(plan), stripe_price_id: plan.stripe_price_id, published: plan.published });
    },
  );
};
