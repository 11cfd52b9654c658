import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Queryable } from '../../db/types.ts';
import { forbidden, notFound } from '../../errors/error.ts';
import { explainMiss, ifMatch, setEtag, versionParam } from '../../http/concurrency.ts';
import { decodeCursor, PageQuery, page, pageOf } from '../../http/pagination.ts';
import { run } from '../../http/run.ts';
import { IfMatchHeaders, isoRequired, ProjectRole, Timestamp, Uuid } from '../../http/schemas.ts';
import type { RouteModule } from '../../http/types.ts';
import {
  addProjectMember,
  getProjectMember,
  listProjectMembers,
  type ProjectMemberRow,
  projectMemberVersion,
  removeProjectMember,
  updateProjectMemberRole,
} from '../queries/project-members.ts';
import { getProject } from '../queries/projects.ts';
import { ProjectParams } from './projects.ts';

const ProjectMember = z
  .object({
    id: Uuid,
    user_id: Uuid,
    role: ProjectRole,
    added_by: Uuid.nullable(),
    created_at: Timestamp,
    updated_at: Timestamp,
  })
  .meta({ id: 'ProjectMember' });

const MemberParams = ProjectParams.extend({ userId: Uuid });

const toProjectMember = (m: ProjectMemberRow) => ({
  id: m.id,
  user_id: m.user_id,
  role: m.role as z.infer<typeof ProjectRole>,
  added_by: m.added_by,
  created_at: isoRequired(m.created_at),
  updated_at: isoRequired(m.updated_at),
});

async function requireProject(tx: Queryable, orgId: string, projectId: string) {
  if (!(await getProject(tx, orgId, projectId))) throw notFound('project', 'project_id');
}

const missing = () => notFound('project member', 'user_id');
const managersOnly = () =>
  forbidden("only owners, admins and the project's owners and managers can change its members");

const routes: RouteModule = async (app) => {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['project members'];

  r.get(
    '/v1/orgs/:orgId/projects/:projectId/members',
    {
      schema: {
        operationId: 'listProjectMembers',
        tags,
        summary: "A project's members and their project roles",
        params: ProjectParams,
        querystring: PageQuery,
        response: { 200: pageOf(ProjectMember) },
      },
    },
    async (req) => {
      const { orgId, projectId } = req.params;
      const cursor = decodeCursor(req.query.cursor);
      const rows = await run(
        req,
        async (tx) => {
          await requireProject(tx, orgId, projectId);
          return listProjectMembers(tx, orgId, projectId, cursor, req.query.limit);
        },
        { orgId },
      );
      return page(rows, req.query.limit, (m) => m.id, toProjectMember);
    },
  );

  r.post(
    '/v1/orgs/:orgId/projects/:projectId/members',
    {
      schema: {
        operationId: 'addProjectMember',
        tags,
        summary: 'Add an active member of the organisation to a project',
        params: ProjectParams,
        body: z.object({ user_id: Uuid, role: ProjectRole }).strict(),
        response: { 201: ProjectMember },
      },
    },
    async (req, reply) => {
      const { orgId, projectId } = req.params;
      const m = await run(
        req,
        async (tx) => {
          await addProjectMember(tx, orgId, projectId, req.body.user_id, req.body.role);
          return getProjectMember(tx, orgId, projectId, req.body.user_id);
        },
        { orgId, audit: { table: 'public.project_members', targetId: req.body.user_id } },
      );
      setEtag(reply, m!.v);
      return reply.code(201).send(toProjectMember(m!));
    },
  );

  r.patch(
    '/v1/orgs/:orgId/projects/:projectId/members/:userId',
    {
      schema: {
        operationId: 'updateProjectMember',
        tags,
        summary: "Change someone's project role",
        params: MemberParams,
        headers: IfMatchHeaders,
        body: z.object({ role: ProjectRole }).strict(),
        response: { 200: ProjectMember },
      },
    },
    async (req, reply) => {
      const versions = ifMatch(req);
      const { orgId, projectId, userId } = req.params;
      const m = await run(
        req,
        async (tx) => {
          if (!(await updateProjectMemberRole(tx, orgId, projectId, userId, req.body.role, versionParam(versions)))) {
            await explainMiss(tx, projectMemberVersion(orgId, projectId, userId), versions, {
              notFound: missing(),
              forbidden: managersOnly(),
            });
          }
          return getProjectMember(tx, orgId, projectId, userId);
        },
        { orgId, audit: { table: 'public.project_members' } },
      );
      setEtag(reply, m!.v);
      return toProjectMember(m!);
    },
  );

  r.delete(
    '/v1/orgs/:orgId/projects/:projectId/members/:userId',
    {
      schema: {
        operationId: 'removeProjectMember',
        tags,
        summary: 'Take someone off a project',
        params: MemberParams,
        headers: IfMatchHeaders,
        response: { 204: z.null() },
      },
    },
    async (req, reply) => {
      const versions = ifMatch(req);
      const { orgId, projectId, userId } = req.params;
      await run(
        req,
        async (tx) => {
          if (await removeProjectMember(tx, orgId, projectId, userId, versionParam(versions))) return;
          await explainMiss(tx, projectMemberVersion(orgId, projectId, userId), versions, {
            notFound: missing(),
            forbidden: managersOnly(),
          });
        },
        { orgId, audit: { table: 'public.project_members' } },
      );
      return reply.code(204).send(null);
    },
  );
};

export default routes;
