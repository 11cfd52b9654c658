import { createHash } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { hashApiKey, mintKey } from '../../apikeys/keys.ts';
import { afterCursor, type Cursor, sortKey } from '../../db/fragments.ts';
import type { Queryable } from '../../db/types.ts';
import { invalid, notFound, PalisadeError } from '../../errors/error.ts';
import { ErrorBody } from '../../http/errors.ts';
import { decodeCursor, PageQuery, page, pageOf } from '../../http/pagination.ts';
import { run } from '../../http/run.ts';
import { iso, isoRequired, Name, OrgParams, Timestamp, Uuid } from '../../http/schemas.ts';
import type { RouteModule } from '../../http/types.ts';
import { hasOrgRole } from '../../tenancy/queries/roles.ts';
import { withService } from '../../vault/elevate.ts';
import { autoQualify } from './routes.ts';
import { LeadFieldsInput } from './schemas.ts';

/**
 * Lead capture keys and the public form endpoint. A capture key (plc_…) is meant to sit in a web
 * page: it can only add a lead to its one workspace, through app.capture_lead, which finds the
 * organisation from the key's hash. Keys are minted by owners and admins, shown once, stored as
 * SHA-256, revocable, optionally expiring, and grant nothing once their creator is no longer an
 * active member who may add leads.
 */

export const CAPTURE_KEY_PREFIX = 'plc_';
const CAPTURE_KEY_SHAPE = /^plc_[0-9A-Za-z]{43}$/;
/** Per key: a form that posts more than this in a minute is a script. */
export const CAPTURE_RATE = { max: 30, timeWindow: 60_000 };

const CaptureKey = z
  .object({
    id: Uuid,
    workspace_id: Uuid,
    name: z.string(),
    prefix: z.string().describe('plc_ and the first 8 characters, to tell keys apart'),
    created_by: Uuid.nullable(),
    expires_at: Timestamp.nullable(),
    revoked_at: Timestamp.nullable(),
    last_used_at: Timestamp.nullable(),
    created_at: Timestamp,
  })
  .meta({ id: 'LeadCaptureKey' });

interface CaptureKeyRow {
  id: string;
  workspace_id: string;
  name: string;
  prefix: string;
  created_by: string | null;
  expires_at: Date | null;
  revoked_at: Date | null;
  last_used_at: Date | null;
  created_at: Date;
  _k: string;
}

const toCaptureKey = (k: CaptureKeyRow) => ({
  id: k.id,
  workspace_id: k.workspace_id,
  name: k.name,
  prefix: k.prefix,
  created_by: k.created_by,
  expires_at: iso(k.expires_at),
  revoked_at: iso(k.revoked_at),
  last_used_at: iso(k.last_used_at),
  created_at: isoRequired(k.created_at),
});

const SELECT = `select id, workspace_id, name, prefix, created_by, expires_at, revoked_at, last_used_at, created_at, ${sortKey()}
  from public.lead_capture_keys`;

async function listKeys(tx: Queryable, orgId: string, cursor: Cursor | null, limit: number) {
  const after = afterCursor(cursor, 3);
  const { rows } = await tx.query<CaptureKeyRow>(
    `${SELECT} where org_id = $1${after.sql} order by created_at, id limit $2`,
    [orgId, limit + 1, ...after.params],
  );
  return rows;
}

async function getKey(tx: Queryable, orgId: string, id: string) {
  const { rows } = await tx.query<CaptureKeyRow>(`${SELECT} where org_id = $1 and id = $2`, [orgId, id]);
  return rows[0] ?? null;
}

/** Owners and admins manage keys; other members are told so (RLS would show them no key at all). */
async function requireKeyManager(tx: Queryable, orgId: string) {
  if (!(await hasOrgRole(tx, orgId, ['owner', 'admin'])))
    throw new PalisadeError('PS403', 'only owners and admins can see and manage lead capture keys');
}

/** The rate-limit bucket of a capture: the key's hash, so each form has its own allowance. */
function captureBucket(req: FastifyRequest): string {
  const key = req.headers['x-lead-capture-key'];
  return typeof key === 'string' && CAPTURE_KEY_SHAPE.test(key)
    ? `capture:${createHash('sha256').update(key).digest('base64url')}`
    : `capture-ip:${req.ip}`;
}

const CaptureKeyParams = OrgParams.extend({ captureKeyId: Uuid });

const routes: RouteModule = async (app) => {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['revenue'];

  r.get(
    '/v1/orgs/:orgId/lead-capture-keys',
    {
      schema: {
        operationId: 'listLeadCaptureKeys',
        tags,
        summary: 'Lead capture keys of an organisation: metadata only (owners and admins)',
        params: OrgParams,
        querystring: PageQuery,
        response: { 200: pageOf(CaptureKey) },
      },
    },
    async (req) => {
      const { orgId } = req.params;
      const cursor = decodeCursor(req.query.cursor);
      const rows = await run(
        req,
        async (tx) => {
          await requireKeyManager(tx, orgId);
          return listKeys(tx, orgId, cursor, req.query.limit);
        },
        { orgId },
      );
      return page(rows, req.query.limit, (k) => k.id, toCaptureKey);
    },
  );

  r.post(
    '/v1/orgs/:orgId/lead-capture-keys',
    {
      config: { auth: 'person' },
      schema: {
        operationId: 'createLeadCaptureKey',
        tags,
        summary:
          'Create a key a public form posts leads to one workspace with (owners and admins); the key is in this response only',
        params: OrgParams,
        body: z
          .object({
            workspace_id: Uuid,
            name: Name,
            expires_at: Timestamp.nullable().optional().describe('when the key stops working; omitted or null: never'),
          })
          .strict(),
        response: {
          201: z.object({
            capture_key: CaptureKey,
            key: z
              .string()
              .describe('plc_…: the form sends it as x-lead-capture-key. Store it now: only its hash is kept.'),
          }),
        },
      },
    },
    async (req, reply) => {
      const { orgId } = req.params;
      if (req.body.expires_at && Date.parse(req.body.expires_at) <= Date.now())
        throw invalid('expires_at must be in the future', 'expires_at');
      const minted = mintKey(CAPTURE_KEY_PREFIX);
      const row = await run(
        req,
        async (tx) => {
          await requireKeyManager(tx, orgId);
          const { rows } = await tx.query<{ id: string }>(
            `insert into public.lead_capture_keys (org_id, workspace_id, name, key_hash, prefix, expires_at)
             values ($1, $2, $3, $4, $5, $6) returning id`,
            [orgId, req.body.workspace_id, req.body.name, minted.hash, minted.prefix, req.body.expires_at ?? null],
          );
          return getKey(tx, orgId, rows[0]!.id);
        },
        { orgId, audit: (k) => ({ table: 'public.lead_capture_keys', targetId: k!.id }) },
      );
      return reply
        .code(201)
        .header('cache-control', 'no-store')
        .send({ capture_key: toCaptureKey(row!), key: minted.plaintext });
    },
  );

  r.delete(
    '/v1/orgs/:orgId/lead-capture-keys/:captureKeyId',
    {
      schema: {
        operationId: 'revokeLeadCaptureKey',
        tags,
        summary: 'Revoke a lead capture key (owners and admins); it never works again',
        params: CaptureKeyParams,
        response: { 204: z.null() },
      },
    },
    async (req, reply) => {
      const { orgId, captureKeyId } = req.params;
      await run(
        req,
        async (tx) => {
          await requireKeyManager(tx, orgId);
          const res = await tx.query(
            'update public.lead_capture_keys set revoked_at = now() where org_id = $1 and id = $2 and revoked_at is null',
            [orgId, captureKeyId],
          );
          if (res.rowCount === 0 && !(await getKey(tx, orgId, captureKeyId)))
            throw notFound('lead capture key', 'key_id');
        },
        { orgId, audit: { table: 'public.lead_capture_keys' } },
      );
      return reply.code(204).send(null);
    },
  );

  r.post(
    '/v1/lead-capture',
    {
      config: { auth: 'public', rateLimit: { ...CAPTURE_RATE, keyGenerator: captureBucket } },
      schema: {
        operationId: 'captureLead',
        tags,
        summary:
          "A public form's lead, with the form's capture key; answered the same whether stored or dropped as spam",
        headers: z.object({
          'x-lead-capture-key': z
            .string()
            .regex(CAPTURE_KEY_SHAPE, { error: 'must be a lead capture key (plc_…)' })
            .describe('the form’s capture key'),
        }),
        body: z
          .object({
            ...LeadFieldsInput,
            workspace_id: Uuid.optional().describe("if the form names one, it must be the key's"),
            hp: z
              .string()
              .max(500)
              .optional()
              .describe('honeypot: a field the form hides from people; a submission that fills it is dropped'),
          })
          .strict(),
        response: { 202: z.object({ status: z.literal('received') }), 404: ErrorBody },
      },
    },
    async (req, reply) => {
      const { hp, workspace_id, ...lead } = req.body;
      if (!hp) {
        if (!lead.email && !lead.phone) throw invalid('a lead needs an email or a phone number', 'email');
        const keyHash = hashApiKey(req.headers['x-lead-capture-key']);
        // No principal to run as: app.capture_lead decides the tenant from the key, as the service.
        const made = await withService(req.server.palisade.db, async (tx) => {
          const { rows } = await tx.query<{ org_id: string; lead_id: string }>(
            'select org_id, lead_id from app.capture_lead($1, $2, $3)',
            [keyHash, JSON.stringify(lead), workspace_id ?? null],
          );
          return { orgId: rows[0]!.org_id, id: rows[0]!.lead_id };
        });
        await autoQualify(req.server)(made.orgId, made.id);
      } else {
        req.log.info({ honeypot: true }, 'lead capture dropped: the honeypot field was filled');
      }
      return reply.code(202).send({ status: 'received' as const });
    },
  );
};

export default routes;
