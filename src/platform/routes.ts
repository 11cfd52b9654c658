/**
 * HTTP for the platform registries and tenant overlays, registered with one line in
 * src/server/routes.ts. Admin routes (/v1/admin/…) take an admin token only; tenant routes run as
 * the caller, under /v1/orgs/:orgId/… with membership asserted, and the catalog under /v1/catalog.
 */
import type { RouteModule } from '../http/types.ts';
import adminRules from './routes/admin-rules.ts';
import adminStepTypes from './routes/admin-step-types.ts';
import tenantInstalls from './routes/tenant-installs.ts';
import workflows from './routes/workflows.ts';

const routes: RouteModule = async (app) => {
  for (const module of [adminStepTypes, adminRules, tenantInstalls, workflows]) await module(app);
};

export default routes;
