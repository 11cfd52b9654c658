/**
 * Admin API for rule sources → snapshots → detections → proposals → rule packs (admin token only).
 * Each decision is one SQL function call, so approving a proposal and publishing its rule pack
 * version happen in one transaction, recorded in admin_actions by run().
 */
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { notFound } from '../../errors/error.ts';
import { decodeCursor, MAX_PAGE_SIZE, PageQuery, page, pageOf } from '../../http/pagination.ts';
import { run } from '../../http/run.ts';
import { iso, isoRequired, Name, Timestamp, Uuid } from '../../http/schemas.ts';
import type { RouteModule } from '../../http/types.ts';
import * as q from '../queries/rules.ts';
import { pollSource } from '../watcher.ts';
import { JsonObject, Note, Semver } from './schemas.ts';

const SourceKey = z
  .string()
  .regex(/^[a-z0-9][a-z0-9_.-]{1,62}$/, 'lower case letters, digits, ".", "_" and "-" (2-63)');
const PackName = z.string().regex(/^[a-z0-9][a-z0-9_.-]{1,62}$/, 'lower case letters, digits, ".", "_" and "-" (2-63)');
const FeedUrl = z
  .url({ protocol: /^https?$/ })
  .max(2048)
  .describe(
    'http(s) URL polled with conditional requests; private addresses are refused unless PALISADE_ALLOW_PRIVATE_EGRESS=1',
  );

const RuleSource = z
  .object({
    id: Uuid,
    key: z.string(),
    name: z.string(),
    url: z.string(),
    rule_pack_name: z.string(),
    poll_interval_minutes: z.number().int(),
    enabled: z.boolean(),
    last_polled_at: Timestamp.nullable(),
    last_status: z.number().int().nullable(),
    last_error: z.string().nullable(),
    next_poll_at: Timestamp,
    failure_count: z.number().int(),
    created_at: Timestamp,
  })
  .meta({ id: 'AdminRuleSource' });

const Snapshot = z.object({
  id: Uuid,
  content_hash: z.string(),
  bytes: z.number().int(),
  http_status: z.number().int().nullable(),
  fetched_at: Timestamp,
});
const Detection = z
  .object({
    id: Uuid,
    rule_pack_name: z.string(),
    status: z.enum(['open', 'proposed', 'dismissed']),
    summary: z.string().nullable(),
    detected_at: Timestamp,
    sources: z.array(z.object({ source_id: Uuid, snapshot_id: Uuid, previous_snapshot_id: Uuid.nullable() })),
  })
  .meta({ id: 'AdminRulePackDetection' });
const Proposal = z
  .object({
    id: Uuid,
    detection_id: Uuid,
    rule_pack_name: z.string(),
    proposed_version: z.string(),
    spec: z.unknown(),
    status: z.enum(['pending', 'approved', 'rejected']),
    decided_by: Uuid.nullable(),
    decided_at: Timestamp.nullable(),
    decision_note: z.string().nullable(),
    rule_pack_id: Uuid.nullable(),
    created_at: Timestamp,
  })
  .meta({ id: 'AdminRulePackProposal' });
const RulePack = z
  .object({
    id: Uuid,
    name: z.string(),
    version: z.string(),
    spec: z.unknown(),
    published_at: Timestamp.nullable(),
    created_at: Timestamp,
  })
  .meta({ id: 'AdminRulePack' });
const PollResult = z.object({
  status: z.enum(['not_modified', 'unchanged', 'baseline', 'detected', 'proposed', 'failed']),
  http_status: z.number().int().nullable(),
  error: z.string().nullable(),
  detection_id: Uuid.nullable(),
  proposal_id: Uuid.nullable(),
});

const toSource = (s: q.RuleSourceRow) => ({
  id: s.id,
  key: s.key,
  name: s.name,
  url: s.url,
  rule_pack_name: s.rule_pack_name,
  poll_interval_minutes: s.poll_interval_minutes,
  enabled: s.enabled,
  last_polled_at: iso(s.last_polled_at),
  last_status: s.last_status,
  last_error: s.last_error,
  next_poll_at: isoRequired(s.next_poll_at),
  failure_count: s.failure_count,
  created_at: isoRequired(s.created_at),
});
const toDetection = (d: q.DetectionRow) => ({
  ...d,
  status: d.status as 'open' | 'proposed' | 'dismissed',
  detected_at: isoRequired(d.detected_at),
});
const toProposal = (p: q.ProposalRow) => ({
  id: p.id,
  detection_id: p.detection_id,
  rule_pack_name: p.rule_pack_name,
  proposed_version: p.proposed_version,
  spec: p.spec,
  status: p.status as 'pending' | 'approved' | 'rejected',
  decided_by: p.decided_by,
  decided_at: iso(p.decided_at),
  decision_note: p.decision_note,
  rule_pack_id: p.rule_pack_id,
  created_at: isoRequired(p.created_at),
});
const toPack = (p: q.RulePackRow) => ({
  id: p.id,
  name: p.name,
  version: p.version,
  spec: p.spec,
  published_at: iso(p.published_at),
  created_at: isoRequired(p.created_at),
});

const SourceParams = z.object({ sourceId: Uuid });
const DetectionParams = z.object({ detectionId: Uuid });
const ProposalParams = z.object({ proposalId: Uuid });
const PackParams = z.object({ rulePackId: Uuid });
const Limit = z.object({ limit: z.coerce.number().int().min(1).max(MAX_PAGE_SIZE).default(50) });

const missing = (what: string, field: string) => () => notFound(what, field);
const missingSource = missing('rule source', 'source_id');
const missingDetection = missing('detection', 'detection_id');
const missingProposal = missing('proposal', 'proposal_id');
const missingPack = missing('rule pack', 'rule_pack_id');

const routes: RouteModule = async (app) => {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['admin: rule packs'];
  const config = { auth: 'admin' as const };
  const SourceBody = z.object({
    key: SourceKey,
    name: Name,
    url: FeedUrl,
    rule_pack_name: PackName.optional().describe('the rule pack this source feeds; defaults to the key'),
    poll_interval_minutes: z.number().int().min(5).max(44_640).optional(),
    enabled: z.boolean().optional(),
  });

  r.get(
    '/v1/admin/rule-sources',
    {
      config,
      schema: {
        operationId: 'listRuleSources',
        tags,
        summary: 'Rule sources and how their last poll went',
        querystring: PageQuery,
        response: { 200: pageOf(RuleSource) },
      },
    },
    async (req) => {
      const rows = await run(req, (tx) => q.listSources(tx, decodeCursor(req.query.cursor), req.query.limit));
      return page(rows, req.query.limit, (s) => s.id, toSource);
    },
  );

  r.post(
    '/v1/admin/rule-sources',
    {
      config,
      schema: {
        operationId: 'createRuleSource',
        tags,
        summary: 'Add a rule source (due for polling at once)',
        body: SourceBody.strict(),
        response: { 201: RuleSource },
      },
    },
    async (req, reply) => {
      const s = await run(req, async (tx) => q.getSource(tx, await q.createSource(tx, req.body)), {
        audit: (s) => ({ table: 'platform.rule_sources', targetId: s!.id }),
      });
      return reply.code(201).header('location', `/v1/admin/rule-sources/${s!.id}`).send(toSource(s!));
    },
  );

  r.get(
    '/v1/admin/rule-sources/:sourceId',
    {
      config,
      schema: {
        tags,
        operationId: 'getRuleSource',
        summary: 'One rule source',
        params: SourceParams,
        response: { 200: RuleSource },
      },
    },
    async (req) => {
      const s = await run(req, (tx) => q.getSource(tx, req.params.sourceId));
      if (!s) throw missingSource();
      return toSource(s);
    },
  );

  r.patch(
    '/v1/admin/rule-sources/:sourceId',
    {
      config,
      schema: {
        operationId: 'updateRuleSource',
        tags,
        summary: 'Change a rule source (a new URL forgets the old validators and polls now)',
        params: SourceParams,
        body: SourceBody.partial().strict(),
        response: { 200: RuleSource },
      },
    },
    async (req) => {
      const s = await run(
        req,
        async (tx) => {
          if (!(await q.updateSource(tx, req.params.sourceId, req.body))) throw missingSource();
          return q.getSource(tx, req.params.sourceId);
        },
        { audit: { table: 'platform.rule_sources' } },
      );
      if (!s) throw missingSource();
      return toSource(s);
    },
  );

  r.delete(
    '/v1/admin/rule-sources/:sourceId',
    {
      config,
      schema: {
        operationId: 'deleteRuleSource',
        tags,
        summary: 'Delete a rule source and its snapshots',
        params: SourceParams,
        response: { 204: z.null() },
      },
    },
    async (req, reply) => {
      await run(
        req,
        async (tx) => {
          if (!(await q.deleteSource(tx, req.params.sourceId))) throw missingSource();
        },
        { audit: { table: 'platform.rule_sources' } },
      );
      return reply.code(204).send(null);
    },
  );

  r.get(
    '/v1/admin/rule-sources/:sourceId/snapshots',
    {
      config,
      schema: {
        operationId: 'listRuleSourceSnapshots',
        tags,
        summary: 'Snapshots of a source, newest first (hashes and sizes; contents stay in the database)',
        params: SourceParams,
        querystring: Limit,
        response: { 200: z.object({ data: z.array(Snapshot) }) },
      },
    },
    async (req) => {
      const rows = await run(req, async (tx) => {
        if (!(await q.getSource(tx, req.params.sourceId))) throw missingSource();
        return q.listSnapshots(tx, req.params.sourceId, req.query.limit);
      });
      return { data: rows.map((s) => ({ ...s, fetched_at: isoRequired(s.fetched_at) })) };
    },
  );

  r.post(
    '/v1/admin/rule-sources/:sourceId/poll',
    {
      config,
      schema: {
        operationId: 'pollRuleSource',
        tags,
        summary: 'Poll one source now, as the watcher would (recorded as this admin)',
        params: SourceParams,
        response: { 200: PollResult },
      },
    },
    async (req) => {
      const s = await run(req, (tx) => q.getSource(tx, req.params.sourceId));
      if (!s) throw missingSource();
      // HTTP happens outside any transaction; the result is recorded in one, as the admin.
      const o = await pollSource(req.server.palisade.db, s, { principal: req.principal });
      return {
        status: o.status,
        http_status: o.httpStatus ?? null,
        error: o.error ?? null,
        detection_id: o.detectionId ?? null,
        proposal_id: o.proposalId ?? null,
      };
    },
  );

  r.get(
    '/v1/admin/rule-pack-detections',
    {
      config,
      schema: {
        operationId: 'listRulePackDetections',
        tags,
        summary: 'Detected source changes, newest first',
        querystring: Limit.extend({ status: z.enum(['open', 'proposed', 'dismissed']).optional() }),
        response: { 200: z.object({ data: z.array(Detection) }) },
      },
    },
    async (req) => {
      const rows = await run(req, (tx) => q.listDetections(tx, req.query.status, req.query.limit));
      return { data: rows.map(toDetection) };
    },
  );

  r.get(
    '/v1/admin/rule-pack-detections/:detectionId',
    {
      config,
      schema: {
        operationId: 'getRulePackDetection',
        tags,
        summary: 'One detection with the snapshots that triggered it',
        params: DetectionParams,
        response: { 200: Detection },
      },
    },
    async (req) => {
      const d = await run(req, (tx) => q.getDetection(tx, req.params.detectionId));
      if (!d) throw missingDetection();
      return toDetection(d);
    },
  );

  r.post(
    '/v1/admin/rule-pack-detections/:detectionId/dismiss',
    {
      config,
      schema: {
        operationId: 'dismissRulePackDetection',
        tags,
        summary: 'Dismiss a detection (its pending proposal is rejected)',
        params: DetectionParams,
        body: z.object({ note: Note }).strict().nullish(),
        response: { 200: Detection },
      },
    },
    async (req) => {
      const d = await run(
        req,
        async (tx) => {
          await q.dismissDetection(tx, req.params.detectionId, req.body?.note ?? null);
          return q.getDetection(tx, req.params.detectionId);
        },
        { audit: { table: 'platform.rule_pack_detections', action: 'rule_pack_detection.dismiss' } },
      );
      return toDetection(d!);
    },
  );

  r.post(
    '/v1/admin/rule-pack-detections/:detectionId/proposals',
    {
      config,
      schema: {
        operationId: 'createRulePackProposal',
        tags,
        summary: 'Write (or rewrite) the pending proposal of a detection by hand',
        params: DetectionParams,
        body: z.object({ proposed_version: Semver, spec: JsonObject }).strict(),
        response: { 201: Proposal },
      },
    },
    async (req, reply) => {
      const p = await run(
        req,
        async (tx) =>
          q.getProposal(tx, await q.propose(tx, req.params.detectionId, req.body.proposed_version, req.body.spec)),
        {
          audit: (p) => ({ table: 'platform.rule_pack_proposals', targetId: p!.id }),
        },
      );
      return reply.code(201).send(toProposal(p!));
    },
  );

  r.get(
    '/v1/admin/rule-pack-proposals',
    {
      config,
      schema: {
        operationId: 'listRulePackProposals',
        tags,
        summary: 'Proposals, oldest first',
        querystring: PageQuery.extend({ status: z.enum(['pending', 'approved', 'rejected']).optional() }),
        response: { 200: pageOf(Proposal) },
      },
    },
    async (req) => {
      const rows = await run(req, (tx) =>
        q.listProposals(tx, req.query.status, decodeCursor(req.query.cursor), req.query.limit),
      );
      return page(rows, req.query.limit, (p) => p.id, toProposal);
    },
  );

  r.get(
    '/v1/admin/rule-pack-proposals/:proposalId',
    {
      config,
      schema: {
        tags,
        operationId: 'getRulePackProposal',
        summary: 'One proposal',
        params: ProposalParams,
        response: { 200: Proposal },
      },
    },
    async (req) => {
      const p = await run(req, (tx) => q.getProposal(tx, req.params.proposalId));
      if (!p) throw missingProposal();
      return toProposal(p);
    },
  );

  for (const [verb, approve] of [
    ['approve', true],
    ['reject', false],
  ] as const) {
    r.post(
      `/v1/admin/rule-pack-proposals/:proposalId/${verb}`,
      {
        config,
        schema: {
          tags,
          operationId: approve ? 'approveRulePackProposal' : 'rejectRulePackProposal',
          summary: approve
            ? 'Approve: publishes the proposed rule pack version, in the same transaction'
            : 'Reject: dismisses the detection; nothing is published',
          params: ProposalParams,
          body: z.object({ note: Note }).strict().nullish(),
          response: { 200: Proposal },
        },
      },
      async (req) => {
        const p = await run(
          req,
          async (tx) => {
            await q.decide(tx, req.params.proposalId, approve, req.body?.note ?? null);
            return q.getProposal(tx, req.params.proposalId);
          },
          { audit: { table: 'platform.rule_pack_proposals', action: `rule_pack_proposal.${verb}` } },
        );
        return toProposal(p!);
      },
    );
  }

  r.get(
    '/v1/admin/rule-packs',
    {
      config,
      schema: {
        operationId: 'listRulePacks',
        tags,
        summary: 'Every rule pack version, drafts included',
        querystring: PageQuery,
        response: { 200: pageOf(RulePack) },
      },
    },
    async (req) => {
      const rows = await run(req, (tx) => q.listRulePacks(tx, decodeCursor(req.query.cursor), req.query.limit));
      return page(rows, req.query.limit, (p) => p.id, toPack);
    },
  );

  r.post(
    '/v1/admin/rule-packs',
    {
      config,
      schema: {
        operationId: 'createRulePack',
        tags,
        summary: 'Author a draft rule pack version directly (most arrive through proposals)',
        body: z.object({ name: PackName, version: Semver, spec: JsonObject }).strict(),
        response: { 201: RulePack },
      },
    },
    async (req, reply) => {
      const p = await run(req, async (tx) => q.getRulePack(tx, await q.createRulePack(tx, req.body)), {
        audit: (p) => ({ table: 'platform.rule_packs', targetId: p!.id }),
      });
      return reply.code(201).send(toPack(p!));
    },
  );

  r.post(
    '/v1/admin/rule-packs/:rulePackId/publish',
    {
      config,
      schema: {
        operationId: 'publishRulePack',
        tags,
        summary: 'Publish a draft rule pack version (then immutable)',
        params: PackParams,
        response: { 200: RulePack },
      },
    },
    async (req) => {
      const p = await run(
        req,
        async (tx) => {
          if (!(await q.getRulePack(tx, req.params.rulePackId))) throw missingPack();
          await q.publishRulePack(tx, req.params.rulePackId);
          return q.getRulePack(tx, req.params.rulePackId);
        },
        { audit: { table: 'platform.rule_packs', action: 'rule_pack.publish' } },
      );
      return toPack(p!);
    },
  );
};

export default routes;
