import type { FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { setList } from '../../db/fragments.ts';
import { forbidden, invalid, notFound, preconditionFailed } from '../../errors/error.ts';
import { explainMiss, ifMatch, matches, setEtag, versionParam } from '../../http/concurrency.ts';
import { decodeCursor, PageQuery, page, pageOf } from '../../http/pagination.ts';
import { run, runRead } from '../../http/run.ts';
import { IfMatchHeaders, isoRequired, Name, OrgParams, Timestamp, Uuid } from '../../http/schemas.ts';
import type { RouteModule } from '../../http/types.ts';
import {
  createOrg,
  type DeletedOrgRow,
  deleteOrg,
  getOrg,
  listMyDeletedOrgs,
  listMyOrgs,
  type OrgRow,
  orgVersion,
  restoreOrg,
  updateOrg,
} from '../queries/organisations.ts';

const Slug = z
  .string()
  .regex(/^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/, 'lowercase letters, digits and inner hyphens, at most 63');

export const Organisation = z
  .object({
    id: Uuid,
    name: z.string(),
    slug: z.string().nullable(),
    my_role: z
      .string()
      .nullable()
      .describe(
        "the caller's role here (for an API key, what it can do: the lower of its role and its creator's); null for platform admins without membership",
      ),
    created_at: Timestamp,
    updated_at: Timestamp,
  })
  .meta({ id: 'Organisation' });

export const DeletedOrganisation = z
  .object({
    id: Uuid,
    name: z.string(),
    slug: z.string().nullable(),
    created_at: Timestamp,
    updated_at: Timestamp,
    deleted_at: Timestamp.nullable().describe('when an owner deleted it; null once restored'),
    purge_after: Timestamp.nullable().describe(
      'until then an owner can restore it; after it `palisade orgs purge` removes it and its data',
    ),
  })
  .meta({ id: 'DeletedOrganisation' });

const toDeleted = (r: DeletedOrgRow) => ({
  id: r.id,
  name: r.name,
  slug: r.slug,
  created_at: isoRequired(r.created_at),
  updated_at: isoRequired(r.updated_at),
  deleted_at: r.deleted_at ? isoRequired(r.deleted_at) : null,
  purge_after: r.purge_after ? isoRequired(r.purge_after) : null,
});

export function toOrganisation(req: FastifyRequest, r: OrgRow) {
  const p = req.principal;
  return {
    id: r.id,
    name: r.name,
    slug: r.slug,
    my_role: p.kind === 'api_key' ? p.role : r.my_role,
    created_at: isoRequired(r.created_at),
    updated_at: isoRequired(r.updated_at),
  };
}

const routes: RouteModule = async (app) => {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['organisations'];

  r.get(
    '/v1/orgs',
    {
      schema: {
        operationId: 'listOrgs',
        tags,
        summary: 'Organisations I belong to',
        querystring: PageQuery,
        response: { 200: pageOf(Organisation) },
      },
    },
    async (req) => {
      const cursor = decodeCursor(req.query.cursor);
      const rows = await runRead(req, (tx) => listMyOrgs(tx, cursor, req.query.limit));
      return page(
        rows,
        req.query.limit,
        (o) => o.id,
        (o) => toOrganisation(req, o),
      );
    },
  );

  r.post(
    '/v1/orgs',
    {
      config: { auth: 'person' },
      schema: {
        operationId: 'createOrg',
        tags,
        summary: 'Create an organisation: I become its owner, and it gets a default workspace',
        body: z.object({ name: Name, slug: Slug.optional() }).strict(),
        response: { 201: Organisation },
      },
    },
    async (req, reply) => {
      const row = await run(req, async (tx) => getOrg(tx, await createOrg(tx, req.body.name, req.body.slug ?? null)), {
        audit: (o) => ({ table: 'public.organisations', targetId: o!.id, orgId: o!.id }),
      });
      setEtag(reply, row!.v);
      return reply.code(201).header('location', `/v1/orgs/${row!.id}`).send(toOrganisation(req, row!));
    },
  );

  r.get(
    '/v1/orgs/:orgId',
    {
      schema: {
        tags,
        operationId: 'getOrg',
        summary: 'One organisation',
        params: OrgParams,
        response: { 200: Organisation },
      },
    },
    async (req, reply) => {
      const row = await runRead(req, (tx) => getOrg(tx, req.params.orgId), { orgId: req.params.orgId });
      if (!row) throw notFound('organisation', 'org_id');
      setEtag(reply, row.v);
      return toOrganisation(req, row);
    },
  );

  r.patch(
    '/v1/orgs/:orgId',
    {
      schema: {
        operationId: 'updateOrg',
        tags,
        summary: 'Rename an organisation (owners and admins)',
        params: OrgParams,
        headers: IfMatchHeaders,
        body: z.object({ name: Name.optional(), slug: Slug.nullable().optional() }).strict(),
        response: { 200: Organisation },
      },
    },
    async (req, reply) => {
      const versions = ifMatch(req);
      const set = setList({ name: req.body.name, slug: req.body.slug }, 1);
      if (set.params.length === 0) throw invalid('send at least one field to change');
      const { orgId } = req.params;
      const row = await run(
        req,
        async (tx) => {
          if (!(await updateOrg(tx, orgId, set, versionParam(versions)))) {
            await explainMiss(tx, orgVersion(orgId), versions, {
              notFound: notFound('organisation', 'org_id'),
              forbidden: forbidden('only owners and admins can rename the organisation'),
            });
          }
          return getOrg(tx, orgId);
        },
        { orgId, audit: { table: 'public.organisations', targetId: orgId } },
      );
      setEtag(reply, row!.v);
      return toOrganisation(req, row!);
    },
  );

  r.get(
    '/v1/me/deleted-orgs',
    {
      config: { auth: 'person' },
      schema: {
        tags,
        operationId: 'listDeletedOrgs',
        summary: 'Deleted organisations I own (restorable until purge_after)',
        response: { 200: pageOf(DeletedOrganisation) },
      },
    },
    async (req) => {
      const rows = await runRead(req, (tx) => listMyDeletedOrgs(tx));
      return { data: rows.map(toDeleted), next_cursor: null };
    },
  );

  r.delete(
    '/v1/orgs/:orgId',
    {
      config: { auth: 'person' },
      schema: {
        tags,
        operationId: 'deleteOrg',
        summary:
          'Delete an organisation (owners): members lose access at once, API keys and invitations are revoked for good; restorable until purge_after',
        params: OrgParams,
        headers: IfMatchHeaders,
        response: { 200: DeletedOrganisation },
      },
    },
    async (req) => {
      const versions = ifMatch(req);
      const { orgId } = req.params;
      const row = await run(
        req,
        async (tx) => {
          // The precondition is read as the caller, like every If-Match; app.delete_organisation
          // then decides (owner, not yet deleted) under the organisation's row lock.
          if (versionParam(versions)) {
            const { rows } = await tx.query<{ v: string }>(orgVersion(orgId).sql, orgVersion(orgId).params);
            if (rows[0] && !matches(versions, rows[0].v)) throw preconditionFailed();
          }
          return deleteOrg(tx, orgId);
        },
        { orgId },
      );
      return toDeleted(row);
    },
  );

  r.post(
    '/v1/orgs/:orgId/restore',
    {
      config: { auth: 'person' },
      schema: {
        tags,
        operationId: 'restoreOrg',
        summary:
          'Restore a deleted organisation before purge_after (owners); its revoked keys and invitations stay revoked',
        params: OrgParams,
        response: { 200: DeletedOrganisation },
      },
    },
    async (req) => {
      // No membership assertion first (run's orgId): a deleted organisation is in nobody's
      // membership set, so app.restore_organisation checks the caller's ownership itself (404 otherwise).
      const row = await run(req, (tx) => restoreOrg(tx, req.params.orgId));
      return toDeleted(row);
    },
  );

  r.post(
    '/v1/orgs/:orgId/leave',
    {
      config: { auth: 'person' },
      schema: {
        operationId: 'leaveOrg',
        tags,
        summary: 'Leave an organisation (the last owner cannot: 409)',
        params: OrgParams,
        response: { 204: z.null() },
      },
    },
    async (req, reply) => {
      await run(req, (tx) => tx.query('select public.leave_organisation($1)', [req.params.orgId]), {
        orgId: req.params.orgId,
      });
      return reply.code(204).send(null);
    },
  );
};

export default routes;
