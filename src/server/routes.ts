/**
 * Every HTTP route of Palisade is registered from the list below, in order. A module adds its
 * routes with ONE line here:
 *
 *     () => import('../audit/routes.ts'),
 *
 * where that file default-exports a RouteModule: `async (app) => { app.get(…); app.post(…) }`.
 * Inside, a route:
 * - declares who may call it with `config: { auth: 'public' | 'any' | 'person' | 'user' | 'admin' }`
 *   (omitted means 'any': a signed-in person, API key or admin token — never public);
 * - validates with zod schemas (`schema: { params, querystring, body, response }`), which also
 *   produce its OpenAPI entry: give it `operationId: 'verbNoun'` (unique, camelCase) and
 *   `tags: ['…']` (one of TAGS in src/server/plugins/openapi.ts); error statuses are added for it;
 * - touches the database only through `run(req, fn, { orgId })` from src/http/run.ts: one
 *   transaction as the caller, RLS deciding, membership asserted for tenant routes, admin writes
 *   recorded in admin_actions;
 * - throws PalisadeError (src/errors/error.ts, codes in src/errors/codes.ts) or lets SQL errors propagate: the one error
 *   mapping (src/http/error-map.ts) turns them into `{ error: { code, message, field?, requestId } }`.
 * Then add one line per operation to src/server/sweep-probes.ts: src/server/sweep.test.ts walks
 * /openapi.json, attacks every operation with bad credentials and another organisation's ids,
 * and fails for an operation without a probe.
 */
import type { RouteModule } from '../http/types.ts';

export type RouteLoader = () => Promise<{ default: RouteModule }>;

export const ROUTE_MODULES: RouteLoader[] = [
  () => import('./health.ts'),
  () => import('../tenancy/routes/me.ts'),
  () => import('../tenancy/routes/orgs.ts'),
  () => import('../tenancy/routes/members.ts'),
  () => import('../tenancy/routes/invitations.ts'),
  () => import('../tenancy/routes/workspaces.ts'),
  () => import('../tenancy/routes/projects.ts'),
  () => import('../tenancy/routes/project-members.ts'),
  () => import('../providers/routes/delegations.ts'),
  () => import('../providers/routes/clients.ts'),
  () => import('../apikeys/routes.ts'),
  () => import('../auth/routes.ts'),
  () => import('../audit/routes.ts'),
  () => import('../platform/routes.ts'),
  () => import('../integrations/routes.ts'),
  () => import('../integrations/sync-routes.ts'),
  () => import('../runtime/routes.ts'),
  () => import('../runtime/callbacks.ts'),
  () => import('../revenue/leads/routes.ts'),
  () => import('../revenue/leads/capture.ts'),
  () => import('../revenue/usage/routes.ts'),
  () => import('../revenue/requests/routes.ts'),
  () => import('../revenue/hubspot/routes.ts'),
  () => import('../revenue/billing/routes.ts'),
  () => import('../revenue/qualify/routes.ts'),
  () => import('../connections/api/routes.ts'),
  () => import('../credits/routes.ts'),
  () => import('../connections/oauth2/routes.ts'),
  () => import('../connections/oauth2/flow-routes.ts'),
];
