import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { setList } from '../../db/fragments.ts';
import { forbidden, invalid, notFound } from '../../errors/error.ts';
import { explainMiss, ifMatch, setEtag, versionParam } from '../../http/concurrency.ts';
import { decodeCursor, PageQuery, page, pageOf } from '../../http/pagination.ts';
import { run, runRead } from '../../http/run.ts';
import { Description, IfMatchHeaders, isoRequired, Name, OrgParams, Timestamp, Uuid } from '../../http/schemas.ts';
import type { RouteModule } from '../../http/types.ts';
import {
  createProject,
  deleteProject,
  getProject,
  listProjects,
  type ProjectRow,
  projectVersion,
  updateProject,
} from '../queries/projects.ts';

export const Project = z
  .object({
    id: Uuid,
    workspace_id: Uuid,
    name: z.string(),
    description: z.string().nullable(),
    created_by: Uuid.nullable(),
    created_at: Timestamp,
    updated_at: Timestamp,
  })
  .meta({ id: 'Project' });

export const ProjectParams = OrgParams.extend({ projectId: Uuid });

export const toProject = (p: ProjectRow) => ({
  id: p.id,
  workspace_id: p.workspace_id,
  name: p.name,
  description: p.description,
  created_by: p.created_by,
  created_at: isoRequired(p.created_at),
  updated_at: isoRequired(p.updated_at),
});

const missing = () => notFound('project', 'project_id');

const routes: RouteModule = async (app) => {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['projects'];

  r.get(
    '/v1/orgs/:orgId/projects',
    {
      schema: {
        operationId: 'listProjects',
        tags,
        summary: 'Projects of an organisation, optionally of one workspace',
        params: OrgParams,
        querystring: PageQuery.extend({ workspace_id: Uuid.optional() }),
        response: { 200: pageOf(Project) },
      },
    },
    async (req) => {
      const cursor = decodeCursor(req.query.cursor);
      const rows = await runRead(
        req,
        (tx) => listProjects(tx, req.params.orgId, req.query.workspace_id ?? null, cursor, req.query.limit),
        { orgId: req.params.orgId },
      );
      return page(rows, req.query.limit, (p) => p.id, toProject);
    },
  );

  r.post(
    '/v1/orgs/:orgId/projects',
    {
      schema: {
        operationId: 'createProject',
        tags,
        summary: 'Create a project in a workspace (owners, admins, members); a person creating it owns it',
        params: OrgParams,
        body: z.object({ workspace_id: Uuid, name: Name, description: Description.optional() }).strict(),
        response: { 201: Project },
      },
    },
    async (req, reply) => {
      const { orgId } = req.params;
      const p = await run(
        req,
        async (tx) =>
          getProject(
            tx,
            orgId,
            await createProject(tx, orgId, req.body.workspace_id, req.body.name, req.body.description ?? null),
          ),
        {
          orgId,
          audit: (p) => ({ table: 'public.projects', targetId: p!.id }),
        },
      );
      setEtag(reply, p!.v);
      return reply.code(201).header('location', `/v1/orgs/${orgId}/projects/${p!.id}`).send(toProject(p!));
    },
  );

  r.get(
    '/v1/orgs/:orgId/projects/:projectId',
    {
      schema: {
        tags,
        operationId: 'getProject',
        summary: 'One project',
        params: ProjectParams,
        response: { 200: Project },
      },
    },
    async (req, reply) => {
      const p = await runRead(req, (tx) => getProject(tx, req.params.orgId, req.params.projectId), {
        orgId: req.params.orgId,
      });
      if (!p) throw missing();
      setEtag(reply, p.v);
      return toProject(p);
    },
  );

  r.patch(
    '/v1/orgs/:orgId/projects/:projectId',
    {
      schema: {
        operationId: 'updateProject',
        tags,
        summary: 'Rename or describe a project (owners, admins, project owners and managers)',
        params: ProjectParams,
        headers: IfMatchHeaders,
        body: z.object({ name: Name.optional(), description: Description.optional() }).strict(),
        response: { 200: Project },
      },
    },
    async (req, reply) => {
      const versions = ifMatch(req);
      const set = setList({ name: req.body.name, description: req.body.description }, 1);
      if (set.params.length === 0) throw invalid('send at least one field to change');
      const { orgId, projectId } = req.params;
      const p = await run(
        req,
        async (tx) => {
          if (!(await updateProject(tx, orgId, projectId, set, versionParam(versions)))) {
            await explainMiss(tx, projectVersion(orgId, projectId), versions, {
              notFound: missing(),
              forbidden: forbidden("only owners, admins and the project's owners and managers can edit it"),
            });
          }
          return getProject(tx, orgId, projectId);
        },
        { orgId, audit: { table: 'public.projects' } },
      );
      setEtag(reply, p!.v);
      return toProject(p!);
    },
  );

  r.delete(
    '/v1/orgs/:orgId/projects/:projectId',
    {
      schema: {
        operationId: 'deleteProject',
        tags,
        summary: 'Delete a project (owners and admins)',
        params: ProjectParams,
        headers: IfMatchHeaders,
        response: { 204: z.null() },
      },
    },
    async (req, reply) => {
      const versions = ifMatch(req);
      const { orgId, projectId } = req.params;
      await run(
        req,
        async (tx) => {
          if (await deleteProject(tx, orgId, projectId, versionParam(versions))) return;
          await explainMiss(tx, projectVersion(orgId, projectId), versions, {
            notFound: missing(),
            forbidden: forbidden('only owners and admins can delete projects'),
          });
        },
        { orgId, audit: { table: 'public.projects' } },
      );
      return reply.code(204).send(null);
    },
  );
};

export default routes;
