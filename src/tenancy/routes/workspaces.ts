import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { setList } from '../../db/fragments.ts';
import { forbidden, invalid, notFound, PalisadeError } from '../../errors/error.ts';
import { explainMiss, ifMatch, setEtag, versionParam } from '../../http/concurrency.ts';
import { decodeCursor, PageQuery, page, pageOf } from '../../http/pagination.ts';
import { run, runRead } from '../../http/run.ts';
import { Description, IfMatchHeaders, isoRequired, Name, OrgParams, Timestamp, Uuid } from '../../http/schemas.ts';
import type { RouteModule } from '../../http/types.ts';
import {
  createWorkspace,
  deleteWorkspace,
  getWorkspace,
  listWorkspaces,
  updateWorkspace,
  type WorkspaceRow,
  workspaceVersion,
} from '../queries/workspaces.ts';

export const Workspace = z
  .object({
    id: Uuid,
    name: z.string(),
    description: z.string().nullable(),
    is_default: z.boolean(),
    created_by: Uuid.nullable(),
    created_at: Timestamp,
    updated_at: Timestamp,
  })
  .meta({ id: 'Workspace' });

const WorkspaceParams = OrgParams.extend({ workspaceId: Uuid });

/** A row as the API shows it (exported for the benchmark's baseline route, which must answer alike). */
export const toWorkspace = (w: WorkspaceRow) => ({
  id: w.id,
  name: w.name,
  description: w.description,
  is_default: w.is_default,
  created_by: w.created_by,
  created_at: isoRequired(w.created_at),
  updated_at: isoRequired(w.updated_at),
});

const missing = () => notFound('workspace', 'workspace_id');

const routes: RouteModule = async (app) => {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['workspaces'];

  r.get(
    '/v1/orgs/:orgId/workspaces',
    {
      schema: {
        operationId: 'listWorkspaces',
        tags,
        summary: 'Workspaces of an organisation',
        params: OrgParams,
        querystring: PageQuery,
        response: { 200: pageOf(Workspace) },
      },
    },
    async (req) => {
      const cursor = decodeCursor(req.query.cursor);
      const rows = await runRead(req, (tx) => listWorkspaces(tx, req.params.orgId, cursor, req.query.limit), {
        orgId: req.params.orgId,
      });
      return page(rows, req.query.limit, (w) => w.id, toWorkspace);
    },
  );

  r.post(
    '/v1/orgs/:orgId/workspaces',
    {
      schema: {
        operationId: 'createWorkspace',
        tags,
        summary: 'Create a workspace (owners and admins)',
        params: OrgParams,
        body: z.object({ name: Name, description: Description.optional() }).strict(),
        response: { 201: Workspace },
      },
    },
    async (req, reply) => {
      const { orgId } = req.params;
      const w = await run(
        req,
        async (tx) =>
          getWorkspace(tx, orgId, await createWorkspace(tx, orgId, req.body.name, req.body.description ?? null)),
        {
          orgId,
          audit: (w) => ({ table: 'public.workspaces', targetId: w!.id }),
        },
      );
      setEtag(reply, w!.v);
      return reply.code(201).header('location', `/v1/orgs/${orgId}/workspaces/${w!.id}`).send(toWorkspace(w!));
    },
  );

  r.get(
    '/v1/orgs/:orgId/workspaces/:workspaceId',
    {
      schema: {
        tags,
        operationId: 'getWorkspace',
        summary: 'One workspace',
        params: WorkspaceParams,
        response: { 200: Workspace },
      },
    },
    async (req, reply) => {
      const w = await runRead(req, (tx) => getWorkspace(tx, req.params.orgId, req.params.workspaceId), {
        orgId: req.params.orgId,
      });
      if (!w) throw missing();
      setEtag(reply, w.v);
      return toWorkspace(w);
    },
  );

  r.patch(
    '/v1/orgs/:orgId/workspaces/:workspaceId',
    {
      schema: {
        operationId: 'updateWorkspace',
        tags,
        summary: 'Rename or describe a workspace (owners and admins)',
        params: WorkspaceParams,
        headers: IfMatchHeaders,
        body: z.object({ name: Name.optional(), description: Description.optional() }).strict(),
        response: { 200: Workspace },
      },
    },
    async (req, reply) => {
      const versions = ifMatch(req);
      const set = setList({ name: req.body.name, description: req.body.description }, 1);
      if (set.params.length === 0) throw invalid('send at least one field to change');
      const { orgId, workspaceId } = req.params;
      const w = await run(
        req,
        async (tx) => {
          if (!(await updateWorkspace(tx, orgId, workspaceId, set, versionParam(versions)))) {
            await explainMiss(tx, workspaceVersion(orgId, workspaceId), versions, {
              notFound: missing(),
              forbidden: forbidden('only owners and admins can edit workspaces'),
            });
          }
          return getWorkspace(tx, orgId, workspaceId);
        },
        { orgId, audit: { table: 'public.workspaces' } },
      );
      setEtag(reply, w!.v);
      return toWorkspace(w!);
    },
  );

  r.delete(
    '/v1/orgs/:orgId/workspaces/:workspaceId',
    {
      schema: {
        operationId: 'deleteWorkspace',
        tags,
        summary: 'Delete a workspace and its projects (owners and admins; never the default one)',
        params: WorkspaceParams,
        headers: IfMatchHeaders,
        response: { 204: z.null() },
      },
    },
    async (req, reply) => {
      const versions = ifMatch(req);
      const { orgId, workspaceId } = req.params;
      await run(
        req,
        async (tx) => {
          if (await deleteWorkspace(tx, orgId, workspaceId, versionParam(versions))) return;
          const { rows } = await tx.query<{ is_default: boolean }>(workspaceVersion(orgId, workspaceId).sql, [
            orgId,
            workspaceId,
          ]);
          if (rows[0]?.is_default)
            throw new PalisadeError('PS409', 'the default workspace cannot be deleted', 'workspace_id');
          await explainMiss(tx, workspaceVersion(orgId, workspaceId), versions, {
            notFound: missing(),
            forbidden: forbidden('only owners and admins can delete workspaces'),
          });
        },
        { orgId, audit: { table: 'public.workspaces' } },
      );
      return reply.code(204).send(null);
    },
  );
};

export default routes;
