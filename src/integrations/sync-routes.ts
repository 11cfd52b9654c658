/**
 * Integration syncs over HTTP: stage records for export, read them and the sync events, and ask
 * for a sync now. Every statement runs as the caller (run(): RLS decides, see
 * src/integrations/sql/0064_integration_syncs.sql); the queue is told about a new sync after its
 * event committed, and without a worker in this process the worker's sweep finds the event.
 */
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { notFound } from '../errors/error.ts';
import { decodeCursor, PageQuery, page, pageOf } from '../http/pagination.ts';
import { run } from '../http/run.ts';
import { iso, isoRequired, OrgParams, Timestamp, Uuid } from '../http/schemas.ts';
import type { RouteModule } from '../http/types.ts';
import { JsonObject } from './http-schemas.ts';
import type { SyncQueue } from './sync/runner.ts';
import {
  type EventRow,
  getEvent,
  listEvents,
  listRecords,
  MAX_STAGED,
  type RecordRow,
  requestSync,
  stageRecords,
  validateRecords,
} from './sync/staging.ts';

const IntegrationParams = OrgParams.extend({ integrationId: Uuid });

const SyncEvent = z
  .object({
    id: Uuid,
    trigger: z.enum(['manual', 'schedule', 'cli']),
    status: z.enum(['queued', 'running', 'succeeded', 'partial', 'failed', 'skipped']),
    scheduled_for: Timestamp.nullable(),
    sent: z.number().int(),
    created: z.number().int(),
    updated: z.number().int(),
    failed: z.number().int(),
    errors: z.array(z.object({ index: z.number().int().nullable(), code: z.string(), message: z.string() })),
    requested_by: Uuid.nullable(),
    created_at: Timestamp,
    started_at: Timestamp.nullable(),
    finished_at: Timestamp.nullable(),
  })
  .meta({ id: 'IntegrationSyncEvent' });

const StagedRecord = z
  .object({
    id: Uuid,
    record: z.record(z.string(), z.record(z.string(), z.unknown())),
    created_by: Uuid.nullable(),
    created_at: Timestamp,
    exported_at: Timestamp.nullable(),
    sync_id: Uuid.nullable(),
    error: z.string().nullable(),
  })
  .meta({ id: 'IntegrationRecord' });

const toEvent = (e: EventRow) => ({
  id: e.id,
  trigger: e.trigger as 'manual',
  status: e.status as 'queued',
  scheduled_for: iso(e.scheduled_for),
  sent: e.sent,
  created: e.created,
  updated: e.updated,
  failed: e.failed,
  errors: e.errors as Array<{ index: number | null; code: string; message: string }>,
  requested_by: e.requested_by,
  created_at: isoRequired(e.created_at),
  started_at: iso(e.started_at),
  finished_at: iso(e.finished_at),
});

const toRecord = (r: RecordRow) => ({
  id: r.id,
  record: r.record as Record<string, Record<string, unknown>>,
  created_by: r.created_by,
  created_at: isoRequired(r.created_at),
  exported_at: iso(r.exported_at),
  sync_id: r.sync_id,
  error: r.error,
});

export interface SyncRoutesOptions {
  queue?: () => SyncQueue | undefined;
}

export function syncRoutes(opts: SyncRoutesOptions = {}): RouteModule {
  return async (app) => {
    const r = app.withTypeProvider<ZodTypeProvider>();
    const tags = ['integrations'];

    r.post(
      '/v1/orgs/:orgId/integrations/:integrationId/records',
      {
        schema: {
          operationId: 'stageIntegrationRecords',
          tags,
          summary: `Stage up to ${MAX_STAGED} source records for the integration's next sync (owners, admins and members)`,
          params: IntegrationParams,
          body: JsonObject,
          response: { 201: z.object({ ids: z.array(Uuid) }).meta({ id: 'StagedIntegrationRecords' }) },
        },
      },
      async (req, reply) => {
        const { orgId, integrationId } = req.params;
        const records = validateRecords(req.body);
        const ids = await run(req, (tx) => stageRecords(tx, orgId, integrationId, records), { orgId });
        return reply.code(201).send({ ids });
      },
    );

    r.get(
      '/v1/orgs/:orgId/integrations/:integrationId/records',
      {
        schema: {
          operationId: 'listIntegrationRecords',
          tags,
          summary: 'Records staged for the integration, oldest first; ?pending=true: those the next sync sends',
          params: IntegrationParams,
          querystring: PageQuery.extend({ pending: z.enum(['true', 'false']).optional() }),
          response: { 200: pageOf(StagedRecord) },
        },
      },
      async (req) => {
        const { orgId, integrationId } = req.params;
        const rows = await run(
          req,
          (tx) =>
            listRecords(
              tx,
              orgId,
              integrationId,
              req.query.pending === 'true',
              decodeCursor(req.query.cursor),
              req.query.limit,
            ),
          { orgId },
        );
        return page(rows, req.query.limit, (x) => x.id, toRecord);
      },
    );

    r.post(
      '/v1/orgs/:orgId/integrations/:integrationId/sync',
      {
        schema: {
          operationId: 'syncIntegration',
          tags,
          summary: 'Queue a sync of an active integration now (owners and admins); its event says how it went',
          params: IntegrationParams,
          response: { 202: SyncEvent },
        },
      },
      async (req, reply) => {
        const { orgId, integrationId } = req.params;
        const event = await run(
          req,
          async (tx) => getEvent(tx, orgId, await requestSync(tx, req.principal, orgId, integrationId)),
          { orgId },
        );
        // The event is committed: a failure to queue it now leaves it to the sweep, not undone.
        await (opts.queue?.() ?? app.palisade.syncQueue)
          ?.queueSync(orgId, integrationId, event!.id)
          .catch((err: unknown) => req.log.warn({ err, orgId, integrationId }, 'sync not queued'));
        return reply
          .code(202)
          .header('location', `/v1/orgs/${orgId}/integrations/${integrationId}/events/${event!.id}`)
          .send(toEvent(event!));
      },
    );

    r.get(
      '/v1/orgs/:orgId/integrations/:integrationId/events',
      {
        schema: {
          operationId: 'listIntegrationSyncEvents',
          tags,
          summary: "The integration's syncs, oldest first: what each sent, counted and failed (never a value)",
          params: IntegrationParams,
          querystring: PageQuery,
          response: { 200: pageOf(SyncEvent) },
        },
      },
      async (req) => {
        const { orgId, integrationId } = req.params;
        const rows = await run(
          req,
          (tx) => listEvents(tx, orgId, integrationId, decodeCursor(req.query.cursor), req.query.limit),
          { orgId },
        );
        return page(rows, req.query.limit, (x) => x.id, toEvent);
      },
    );

    r.get(
      '/v1/orgs/:orgId/integrations/:integrationId/events/:eventId',
      {
        schema: {
          operationId: 'getIntegrationSyncEvent',
          tags,
          summary: 'One sync of the integration',
          params: IntegrationParams.extend({ eventId: Uuid }),
          response: { 200: SyncEvent },
        },
      },
      async (req) => {
        const { orgId, integrationId, eventId } = req.params;
        const found = await run(req, (tx) => getEvent(tx, orgId, eventId), { orgId });
        if (!found || found.integration_id !== integrationId) throw notFound('sync event', 'event_id');
        return toEvent(found);
      },
    );
  };
}

export default syncRoutes();
