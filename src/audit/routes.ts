/**
 * HTTP over the audit library: read an organisation's chains, and verify them, as the caller.
 * Owners and admins of the organisation (and platform operators); anyone else in it gets 403, and
 * a stranger 404, as everywhere else.
 */
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { badRequest, forbidden } from '../errors/error.ts';
import { MAX_PAGE_SIZE } from '../http/pagination.ts';
import { run } from '../http/run.ts';
import { OrgParams, Timestamp, Uuid } from '../http/schemas.ts';
import type { RouteModule } from '../http/types.ts';
import { CHAINS } from './canonical.ts';
import { type TrustedKey, trustedKeys } from './keys.ts';
import { canReadAudit, type LogRow, listEntries } from './log.ts';
import { verifyChains } from './verify.ts';

const Chain = z
  .enum(CHAINS)
  .describe("audit_log: changes to the organisation's data; admin_actions: what operators and the server did to it");
const Hash = z
  .string()
  .regex(/^[0-9a-f]{64}$/)
  .describe('SHA-256, hex');
const Seq = z.number().int().positive();

const Entry = z
  .object({
    seq: Seq,
    created_at: Timestamp.describe('UTC, milliseconds, the form of every timestamp in the API'),
    created_at_exact: z
      .string()
      .describe('UTC with microseconds, exactly as the hash covers it (docs/audit.md), to recompute `hash`'),
    actor_id: Uuid.nullable(),
    actor_role: z.string(),
    actor_key_id: Uuid.nullable(),
    action: z.string(),
    target_table: z.string().nullable(),
    target_id: z.string().nullable(),
    old_data: z.unknown().describe('the row before, secrets masked'),
    new_data: z.unknown().describe('the row after, secrets masked'),
    details: z.unknown(),
    request_id: z.string().nullable(),
    ip: z.string().nullable(),
    user_agent: z.string().nullable(),
    prev_hash: Hash,
    hash: Hash,
  })
  .meta({ id: 'AuditEntry' });

const ListQuery = z.object({
  chain: Chain.default('audit_log'),
  action: z
    .string()
    .min(1)
    .max(200)
    .optional()
    .describe('exact action, or a prefix ending in * (organisation_members.*)'),
  actor: Uuid.optional().describe('actor user id'),
  since: z.iso.datetime({ offset: true }).optional().describe('entries at or after this time'),
  until: z.iso.datetime({ offset: true }).optional().describe('entries before this time'),
  limit: z.coerce.number().int().min(1).max(MAX_PAGE_SIZE).default(50),
  cursor: z.string().max(20).optional().describe('next_cursor from the previous page'),
});

const Report = z
  .object({
    chain: Chain,
    status: z.enum(['ok', 'broken']),
    from_seq: Seq,
    last_seq: z.number().int().nonnegative(),
    entries: z.number().int().nonnegative(),
    anchors: z.object({ verified: z.number().int(), unchecked: z.number().int(), held_at: Seq.nullable() }),
    broken: z
      .object({
        seq: Seq,
        through_seq: Seq.optional(),
        problem: z.enum(['missing', 'relinked', 'edited', 'truncated', 'rewritten', 'bad_anchor']),
        detail: z.string(),
      })
      .optional(),
  })
  .meta({ id: 'AuditChainReport' });

/**
 * `created_at` in the API's one form (milliseconds, truncated as a JavaScript Date would), beside the
 * microsecond text the hash covers: a client can then both compare it with any other timestamp
 * and recompute the chain.
 */
const toEntry = (r: LogRow) => ({
  ...r,
  seq: Number(r.seq),
  created_at: r.created_at.replace(/^(.*\.\d{3})\d*Z$/, '$1Z'),
  created_at_exact: r.created_at,
});

// Read once found: the key file of embedded mode is not generated here (only anchoring creates
// it), so an empty result is looked up again next time.
let keys: Map<string, TrustedKey> | undefined;
const verifierKeys = () => {
  if (!keys?.size) keys = trustedKeys();
  return keys;
};

const ownersAndAdmins = () => forbidden('only owners and admins can read the audit log');

const routes: RouteModule = async (app) => {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['audit'];

  r.get(
    '/v1/orgs/:orgId/audit',
    {
      schema: {
        operationId: 'listAuditEntries',
        tags,
        summary: "An organisation's audit chain, newest first (owners and admins)",
        params: OrgParams,
        querystring: ListQuery,
        response: { 200: z.object({ data: z.array(Entry), next_cursor: z.string().nullable() }) },
      },
    },
    async (req) => {
      const { orgId } = req.params;
      const q = req.query;
      if (q.cursor !== undefined && !/^[1-9][0-9]{0,17}$/.test(q.cursor)) {
        throw badRequest('cursor is not valid: pass next_cursor from a previous page unchanged', 'cursor');
      }
      const rows = await run(
        req,
        async (tx) => {
          if (!(await canReadAudit(tx, orgId))) throw ownersAndAdmins();
          return listEntries(tx, orgId, {
            chain: q.chain,
            action: q.action,
            actorId: q.actor,
            since: q.since,
            until: q.until,
            beforeSeq: q.cursor === undefined ? undefined : Number(q.cursor),
            limit: q.limit,
          });
        },
        { orgId },
      );
      const more = rows.length > q.limit;
      const shown = more ? rows.slice(0, q.limit) : rows;
      return { data: shown.map(toEntry), next_cursor: more ? shown[shown.length - 1]!.seq : null };
    },
  );

  r.get(
    '/v1/orgs/:orgId/audit/verify',
    {
      schema: {
        operationId: 'verifyAuditChain',
        tags,
        summary:
          "Recompute the organisation's hash chains and check them against the signed anchors (owners and admins)",
        params: OrgParams,
        querystring: z.object({
          chain: Chain.optional().describe('one chain; both when omitted'),
          from: z.coerce
            .number()
            .int()
            .min(1)
            .optional()
            .describe('start at this seq, taking the previous entry on trust'),
        }),
        response: { 200: z.object({ ok: z.boolean(), entries: z.number().int(), reports: z.array(Report) }) },
      },
    },
    async (req) => {
      const { orgId } = req.params;
      await run(
        req,
        async (tx) => {
          if (!(await canReadAudit(tx, orgId))) throw ownersAndAdmins();
        },
        { orgId },
      );
      // Each page is read in its own transaction as the caller: RLS bounds what is verified, and a
      // long chain never holds one transaction (or, embedded, the engine) for its whole walk.
      const result = await verifyChains(req.server.palisade.db, {
        orgId,
        principal: req.principal,
        keys: verifierKeys(),
        ...(req.query.chain ? { chains: [req.query.chain] } : {}),
        ...(req.query.from ? { from: req.query.from } : {}),
      });
      return {
        ok: result.ok,
        entries: result.entries,
        reports: result.reports.map((x) => ({
          chain: x.chain,
          status: x.status,
          from_seq: x.fromSeq,
          last_seq: x.lastSeq,
          entries: x.entries,
          anchors: { verified: x.anchors.verified, unchecked: x.anchors.unchecked, held_at: x.anchors.heldAt },
          ...(x.broken
            ? {
                broken: {
                  seq: x.broken.seq,
                  ...(x.broken.throughSeq ? { through_seq: x.broken.throughSeq } : {}),
                  problem: x.broken.problem,
                  detail: x.broken.detail,
                },
              }
            : {}),
        })),
      };
    },
  );
};

export default routes;
