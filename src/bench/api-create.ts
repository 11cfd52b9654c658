import { randomBytes } from 'node:crypto';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Database } from '../db/types.ts';
import { notFound } from '../errors/error.ts';
import { OrgParams, Uuid } from '../http/schemas.ts';
import type { RouteModule } from '../http/types.ts';
import { ROUTE_MODULES } from '../server/routes.ts';
import { startServer } from '../server/serve.ts';
import { getProject } from '../tenancy/queries/projects.ts';
import { Project, toProject } from '../tenancy/routes/projects.ts';
import { type ApiBenchOptions, type ApiBenchResult, alternateLoad, benchServerConfig, benchToken } from './api.ts';

/**
 * A create: `POST /v1/orgs/:orgId/projects` with a valid JWT (verification, principal, role, claims
 * and acting organisation, the membership check, public.create_project's role check, RLS on the
 * read back) against a route in the same server that makes the same rows in one transaction as
 * the table owner: the project, its creator as project owner, the audit entries the row triggers
 * append on both sides, and the same read back, validation and serialisation.
 */
export async function benchApiCreate(
  db: Database,
  seeded: { user: string; org: string },
  opts: ApiBenchOptions,
): Promise<ApiBenchResult> {
  const { rows } = await db.query<{ id: string }>(
    `insert into public.workspaces (org_id, name) values ($1, 'Bench create workspace') returning id`,
    [seeded.org],
  );
  const workspace = rows[0]!.id;
  const Body = z.object({ workspace_id: Uuid, name: z.string().min(1).max(200), description: z.string().optional() });
  const baselineRoute: RouteModule = async (app) => {
    app.withTypeProvider<ZodTypeProvider>().post(
      '/bench/baseline/orgs/:orgId/projects',
      {
        config: { auth: 'public' },
        schema: { hide: true, params: OrgParams, body: Body, response: { 201: Project } },
      },
      async (req, reply) => {
        const { orgId } = req.params;
        const p = await db.transaction(async (tx) => {
          const made = await tx.query<{ id: string }>(
            `insert into public.projects (org_id, workspace_id, name, description, created_by)
             select w.org_id, w.id, $3, $4, $5 from public.workspaces w where w.org_id = $1 and w.id = $2
             returning id`,
            [orgId, req.body.workspace_id, req.body.name, req.body.description ?? null, seeded.user],
          );
          const id = made.rows[0]?.id;
          if (!id) throw notFound('workspace', 'workspace_id');
          await tx.query(
            `insert into public.project_members (org_id, project_id, user_id, role, added_by)
             values ($1, $2, $3, 'owner', $3)`,
            [orgId, id, seeded.user],
          );
          return getProject(tx, orgId, id);
        });
        return reply.code(201).send(toProject(p!));
      },
    );
  };
  const secret = randomBytes(32).toString('hex');
  const server = await startServer({
    db,
    config: benchServerConfig(secret),
    routes: [...ROUTE_MODULES, async () => ({ default: baselineRoute })],
  });
  try {
    const token = await benchToken(secret, seeded.user);
    const body = JSON.stringify({ workspace_id: workspace, name: 'Bench project' });
    const json = { 'content-type': 'application/json' };
    const caseSpec = {
      url: `${server.url}/v1/orgs/${seeded.org}/projects`,
      method: 'POST' as const,
      headers: { ...json, authorization: `Bearer ${token}` },
      body,
    };
    const baselineSpec = {
      url: `${server.url}/bench/baseline/orgs/${seeded.org}/projects`,
      method: 'POST' as const,
      headers: json,
      body,
    };
    // Both sides answer 201 with the same fields before anything is timed.
    const shape = async (s: typeof baselineSpec) => {
      const res = await fetch(s.url, { method: 'POST', headers: s.headers, body: s.body });
      if (res.status !== 201) throw new Error(`${s.url} answered ${res.status}: ${await res.text()}`);
      const p = (await res.json()) as Record<string, unknown>;
      return JSON.stringify({ ...p, id: null, created_at: null, updated_at: null });
    };
    if ((await shape(caseSpec)) !== (await shape(baselineSpec)))
      throw new Error('the baseline route does not answer as the benchmarked route does');
    return await alternateLoad('API: POST projects, 10 connections', opts, baselineSpec, caseSpec);
  } finally {
    await server.app.close();
  }
}
