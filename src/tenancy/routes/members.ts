import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { notFound, preconditionFailed } from '../../errors/error.ts';
import { ifMatch, matches, setEtag } from '../../http/concurrency.ts';
import { decodeCursor, PageQuery, page, pageOf } from '../../http/pagination.ts';
import { run, runRead } from '../../http/run.ts';
import { IfMatchHeaders, iso, isoRequired, OrgParams, OrgRole, Timestamp, Uuid } from '../../http/schemas.ts';
import type { RouteModule } from '../../http/types.ts';
import { changeMemberRole, getMember, listMembers, type MemberRow, memberAction } from '../queries/members.ts';

const Member = z
  .object({
    user_id: Uuid,
    role: OrgRole,
    status: z.enum(['active', 'invited', 'suspended']),
    display_name: z.string().nullable(),
    invited_by: Uuid.nullable(),
    created_at: Timestamp,
    updated_at: Timestamp,
  })
  .meta({ id: 'Member' });

const MemberParams = OrgParams.extend({ userId: Uuid });

const toMember = (m: MemberRow) => ({
  user_id: m.user_id,
  role: m.role as z.infer<typeof OrgRole>,
  status: m.status as 'active' | 'invited' | 'suspended',
  display_name: m.display_name,
  invited_by: m.invited_by,
  created_at: isoRequired(m.created_at),
  updated_at: iso(m.updated_at)!,
});

const memberNotFound = () => notFound('member', 'user_id');

const routes: RouteModule = async (app) => {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['members'];

  r.get(
    '/v1/orgs/:orgId/members',
    {
      schema: {
        operationId: 'listMembers',
        tags,
        summary: 'Members of an organisation, with their status',
        params: OrgParams,
        querystring: PageQuery,
        response: { 200: pageOf(Member) },
      },
    },
    async (req) => {
      const cursor = decodeCursor(req.query.cursor);
      const rows = await runRead(req, (tx) => listMembers(tx, req.params.orgId, cursor, req.query.limit), {
        orgId: req.params.orgId,
      });
      return page(rows, req.query.limit, (m) => m.id, toMember);
    },
  );

  r.get(
    '/v1/orgs/:orgId/members/:userId',
    {
      schema: {
        tags,
        operationId: 'getMember',
        summary: 'One member',
        params: MemberParams,
        response: { 200: Member },
      },
    },
    async (req, reply) => {
      const m = await runRead(req, (tx) => getMember(tx, req.params.orgId, req.params.userId), {
        orgId: req.params.orgId,
      });
      if (!m) throw memberNotFound();
      setEtag(reply, m.v);
      return toMember(m);
    },
  );

  r.patch(
    '/v1/orgs/:orgId/members/:userId',
    {
      schema: {
        operationId: 'updateMember',
        tags,
        summary: "Change a member's role (owners and admins; only owners touch owners)",
        params: MemberParams,
        headers: IfMatchHeaders,
        body: z.object({ role: OrgRole }).strict(),
        response: { 200: Member },
      },
    },
    async (req, reply) => {
      const versions = ifMatch(req);
      const { orgId, userId } = req.params;
      const m = await run(
        req,
        async (tx) => {
          const current = await getMember(tx, orgId, userId);
          if (!current) throw memberNotFound();
          if (!matches(versions, current.v)) throw preconditionFailed();
          await changeMemberRole(tx, orgId, userId, req.body.role);
          return getMember(tx, orgId, userId);
        },
        { orgId, audit: { table: 'public.organisation_members', targetId: userId } },
      );
      setEtag(reply, m!.v);
      return toMember(m!);
    },
  );

  for (const action of ['suspend', 'reactivate'] as const) {
    r.post(
      `/v1/orgs/:orgId/members/:userId/${action}`,
      {
        schema: {
          tags,
          operationId: action === 'suspend' ? 'suspendMember' : 'reactivateMember',
          summary:
            action === 'suspend'
              ? 'Suspend a member: they keep their row but see nothing'
              : 'Reactivate a suspended member',
          params: MemberParams,
          response: { 200: Member },
        },
      },
      async (req, reply) => {
        const { orgId, userId } = req.params;
        const m = await run(
          req,
          async (tx) => {
            await memberAction(tx, action, orgId, userId);
            return getMember(tx, orgId, userId);
          },
          { orgId, audit: { table: 'public.organisation_members', targetId: userId } },
        );
        setEtag(reply, m!.v);
        return toMember(m!);
      },
    );
  }

  r.delete(
    '/v1/orgs/:orgId/members/:userId',
    {
      schema: {
        operationId: 'removeMember',
        tags,
        summary: 'Remove a member (to leave yourself, POST /v1/orgs/:orgId/leave)',
        params: MemberParams,
        response: { 204: z.null() },
      },
    },
    async (req, reply) => {
      const { orgId, userId } = req.params;
      await run(req, (tx) => memberAction(tx, 'remove', orgId, userId), {
        orgId,
        audit: { table: 'public.organisation_members', targetId: userId },
      });
      return reply.code(204).send(null);
    },
  );
};

export default routes;
