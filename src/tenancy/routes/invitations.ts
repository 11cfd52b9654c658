import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { forbidden, notFound } from '../../errors/error.ts';
import { ErrorBody } from '../../http/errors.ts';
import { decodeCursor, PageQuery, page, pageOf } from '../../http/pagination.ts';
import { run } from '../../http/run.ts';
import { iso, isoRequired, OrgParams, OrgRole, Timestamp, Uuid } from '../../http/schemas.ts';
import type { RouteModule } from '../../http/types.ts';
import {
  acceptInvitation,
  getInvitation,
  type InvitationRow,
  invite,
  listInvitations,
  revokeInvitation,
} from '../queries/invitations.ts';
import { getOrg } from '../queries/organisations.ts';
import { hasOrgRole } from '../queries/roles.ts';
import { Organisation, toOrganisation } from './orgs.ts';

const Invitation = z
  .object({
    id: Uuid,
    email: z.string(),
    role: OrgRole,
    status: z.enum(['pending', 'accepted', 'revoked', 'expired']),
    invited_by: Uuid.nullable(),
    expires_at: Timestamp,
    accepted_at: Timestamp.nullable(),
    accepted_by: Uuid.nullable(),
    revoked_at: Timestamp.nullable(),
    created_at: Timestamp,
  })
  .meta({ id: 'Invitation' });

const toInvitation = (i: InvitationRow) => ({
  id: i.id,
  email: i.email,
  role: i.role as z.infer<typeof OrgRole>,
  status: i.status,
  invited_by: i.invited_by,
  expires_at: isoRequired(i.expires_at),
  accepted_at: iso(i.accepted_at),
  accepted_by: i.accepted_by,
  revoked_at: iso(i.revoked_at),
  created_at: isoRequired(i.created_at),
});

const ownersAndAdmins = () => forbidden('only owners and admins can see and manage invitations');

const routes: RouteModule = async (app) => {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['invitations'];

  r.get(
    '/v1/orgs/:orgId/invitations',
    {
      schema: {
        operationId: 'listInvitations',
        tags,
        summary: 'Invitations of an organisation (owners and admins)',
        params: OrgParams,
        querystring: PageQuery,
        response: { 200: pageOf(Invitation) },
      },
    },
    async (req) => {
      const cursor = decodeCursor(req.query.cursor);
      const { orgId } = req.params;
      const rows = await run(
        req,
        async (tx) => {
          if (!(await hasOrgRole(tx, orgId, ['owner', 'admin']))) throw ownersAndAdmins();
          return listInvitations(tx, orgId, cursor, req.query.limit);
        },
        { orgId },
      );
      return page(rows, req.query.limit, (i) => i.id, toInvitation);
    },
  );

  r.post(
    '/v1/orgs/:orgId/invitations',
    {
      schema: {
        operationId: 'createInvitation',
        tags,
        summary: 'Invite someone by email; the response holds the acceptance token, shown this once',
        params: OrgParams,
        body: z
          .object({
            email: z.email().max(320),
            role: OrgRole.default('member'),
            valid_for_hours: z.number().int().min(1).max(720).default(168),
          })
          .strict(),
        response: {
          201: z.object({
            invitation: Invitation,
            token: z
              .string()
              .describe(
                'give it to the invitee (e.g. in a link); they POST it to /v1/invitations/accept. Not retrievable later.',
              ),
          }),
        },
      },
    },
    async (req, reply) => {
      const { orgId } = req.params;
      const out = await run(
        req,
        async (tx) => {
          const created = await invite(tx, orgId, req.body.email, req.body.role, req.body.valid_for_hours);
          return { invitation: (await getInvitation(tx, orgId, created.invitation_id))!, token: created.token };
        },
        { orgId, audit: (o) => ({ table: 'public.invitations', targetId: o.invitation.id }) },
      );
      return reply.code(201).send({ invitation: toInvitation(out.invitation), token: out.token });
    },
  );

  r.delete(
    '/v1/orgs/:orgId/invitations/:invitationId',
    {
      schema: {
        operationId: 'revokeInvitation',
        tags,
        summary: 'Revoke a pending invitation',
        params: OrgParams.extend({ invitationId: Uuid }),
        response: { 204: z.null() },
      },
    },
    async (req, reply) => {
      const { orgId, invitationId } = req.params;
      await run(
        req,
        async (tx) => {
          if (!(await hasOrgRole(tx, orgId, ['owner', 'admin']))) throw ownersAndAdmins();
          if (!(await getInvitation(tx, orgId, invitationId))) throw notFound('invitation', 'invitation_id');
          await revokeInvitation(tx, orgId, invitationId);
        },
        { orgId, audit: { table: 'public.invitations', targetId: invitationId } },
      );
      return reply.code(204).send(null);
    },
  );

  r.post(
    '/v1/invitations/accept',
    {
      config: { auth: 'person' },
      schema: {
        operationId: 'acceptInvitation',
        tags,
        summary: 'Accept an invitation sent to my email address: I become an active member',
        body: z.object({ token: z.string().min(1).max(200) }).strict(),
        // No such token is a 404; a revoked or expired invitation a 410.
        response: { 200: Organisation, 404: ErrorBody, 410: ErrorBody },
      },
    },
    async (req) => {
      const org = await run(req, async (tx) => getOrg(tx, await acceptInvitation(tx, req.body.token)), {
        audit: (o) => ({
          table: 'public.organisation_members',
          targetId: req.principal.kind === 'platform_admin' ? req.principal.userId : undefined,
          orgId: o!.id,
        }),
      });
      return toOrganisation(req, org!);
    },
  );
};

export default routes;
