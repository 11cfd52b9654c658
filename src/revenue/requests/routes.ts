import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { afterCursor, type Cursor, sortKey } from '../../db/fragments.ts';
import type { Queryable } from '../../db/types.ts';
import { invalid, notFound } from '../../errors/error.ts';
import { decodeCursor, PageQuery, page, pageOf } from '../../http/pagination.ts';
import { run, runRead } from '../../http/run.ts';
import { isoRequired, Name, OrgParams, Timestamp, Uuid } from '../../http/schemas.ts';
import type { RouteModule } from '../../http/types.ts';

/**
 * Implementation requests: members and up ask for hands-on help (RLS: the insert policy), every
 * member follows their organisation's requests; platform admins list the open ones across
 * organisations and move them on, with notes tenants never read (column grants).
 */

const Kind = z.enum(['integration_setup', 'data_import', 'custom_workflow', 'qualification_tuning', 'other']);
const Status = z.enum(['open', 'in_progress', 'done', 'declined']);

const Request = z
  .object({
    id: Uuid,
    org_id: Uuid,
    kind: Kind,
    title: z.string(),
    details: z.string().nullable(),
    status: Status,
    requested_by: Uuid.nullable(),
    created_at: Timestamp,
    updated_at: Timestamp,
  })
  .meta({ id: 'ImplementationRequest' });

const AdminRequest = Request.extend({ operator_notes: z.string().nullable() }).meta({
  id: 'ImplementationRequestForOperators',
});

interface RequestRow {
  id: string;
  org_id: string;
  kind: z.infer<typeof Kind>;
  title: string;
  details: string | null;
  status: z.infer<typeof Status>;
  requested_by: string | null;
  created_at: Date;
  updated_at: Date;
  operator_notes?: string | null;
  _k: string;
}

const toRequest = (q: RequestRow) => ({
  id: q.id,
  org_id: q.org_id,
  kind: q.kind,
  title: q.title,
  details: q.details,
  status: q.status,
  requested_by: q.requested_by,
  created_at: isoRequired(q.created_at),
  updated_at: isoRequired(q.updated_at),
});

const COLUMNS = `id, org_id, kind, title, details, status, requested_by, created_at, updated_at, ${sortKey()}`;

async function listRequests(tx: Queryable, orgId: string, cursor: Cursor | null, limit: number) {
  const after = afterCursor(cursor, 3);
  const { rows } = await tx.query<RequestRow>(
    `select ${COLUMNS} from public.implementation_requests where org_id = $1${after.sql} order by created_at, id limit $2`,
    [orgId, limit + 1, ...after.params],
  );
  return rows;
}

async function listOpenRequests(tx: Queryable, cursor: Cursor | null, limit: number) {
  const after = afterCursor(cursor, 2);
  const { rows } = await tx.query<RequestRow>(
    `select ${COLUMNS}, operator_notes from public.implementation_requests
     where status in ('open', 'in_progress')${after.sql} order by created_at, id limit $1`,
    [limit + 1, ...after.params],
  );
  return rows;
}

const RequestParams = OrgParams.extend({ requestId: Uuid });
const missing = () => notFound('implementation request', 'request_id');

const routes: RouteModule = async (app) => {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['revenue'];

  r.get(
    '/v1/orgs/:orgId/implementation-requests',
    {
      schema: {
        operationId: 'listImplementationRequests',
        tags,
        summary: "The organisation's implementation requests and their status (members)",
        params: OrgParams,
        querystring: PageQuery,
        response: { 200: pageOf(Request) },
      },
    },
    async (req) => {
      const cursor = decodeCursor(req.query.cursor);
      const rows = await runRead(req, (tx) => listRequests(tx, req.params.orgId, cursor, req.query.limit), {
        orgId: req.params.orgId,
      });
      return page(rows, req.query.limit, (q) => q.id, toRequest);
    },
  );

  r.post(
    '/v1/orgs/:orgId/implementation-requests',
    {
      schema: {
        operationId: 'createImplementationRequest',
        tags,
        summary: 'Ask for hands-on help: an integration set up, data imported (owners, admins, members)',
        params: OrgParams,
        body: z.object({ kind: Kind, title: Name, details: z.string().max(10_000).nullable().optional() }).strict(),
        response: { 201: Request },
      },
    },
    async (req, reply) => {
      const { orgId } = req.params;
      const row = await run(
        req,
        async (tx) => {
          const { rows } = await tx.query<RequestRow>(
            `insert into public.implementation_requests (org_id, kind, title, details) values ($1, $2, $3, $4)
             returning ${COLUMNS}`,
            [orgId, req.body.kind, req.body.title, req.body.details ?? null],
          );
          return rows[0]!;
        },
        { orgId, audit: (q) => ({ table: 'public.implementation_requests', targetId: q.id }) },
      );
      return reply
        .code(201)
        .header('location', `/v1/orgs/${orgId}/implementation-requests/${row.id}`)
        .send(toRequest(row));
    },
  );

  r.get(
    '/v1/admin/implementation-requests',
    {
      config: { auth: 'admin' },
      schema: {
        operationId: 'listOpenImplementationRequests',
        tags: ['admin'],
        summary: 'Open and in-progress implementation requests of every organisation, oldest first',
        querystring: PageQuery,
        response: { 200: pageOf(AdminRequest) },
      },
    },
    async (req) => {
      const cursor = decodeCursor(req.query.cursor);
      const rows = await run(req, (tx) => listOpenRequests(tx, cursor, req.query.limit));
      return page(
        rows,
        req.query.limit,
        (q) => q.id,
        (q) => ({ ...toRequest(q), operator_notes: q.operator_notes ?? null }),
      );
    },
  );

  r.patch(
    '/v1/admin/orgs/:orgId/implementation-requests/:requestId',
    {
      config: { auth: 'admin' },
      schema: {
        operationId: 'updateImplementationRequest',
        tags: ['admin'],
        summary: 'Move an implementation request on and keep notes the organisation does not see',
        params: RequestParams,
        body: z
          .object({ status: Status.optional(), operator_notes: z.string().max(10_000).nullable().optional() })
          .strict(),
        response: { 200: AdminRequest },
      },
    },
    async (req) => {
      const { orgId, requestId } = req.params;
      if (req.body.status === undefined && req.body.operator_notes === undefined)
        throw invalid('send status or operator_notes');
      const row = await run(
        req,
        async (tx) => {
          const { rows } = await tx.query<RequestRow>(
            `update public.implementation_requests
             set status = coalesce($3, status), operator_notes = case when $4::boolean then $5 else operator_notes end
             where org_id = $1 and id = $2 returning ${COLUMNS}, operator_notes`,
            [
              orgId,
              requestId,
              req.body.status ?? null,
              req.body.operator_notes !== undefined,
              req.body.operator_notes ?? null,
            ],
          );
          if (!rows[0]) throw missing();
          return rows[0];
        },
        { orgId, audit: { table: 'public.implementation_requests', targetId: requestId } },
      );
      return { ...toRequest(row), operator_notes: row.operator_notes ?? null };
    },
  );
};

export default routes;
