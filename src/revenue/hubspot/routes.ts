/**
 * POST /v1/webhooks/hubspot: HubSpot's webhook deliveries (docs/revenue.md "HubSpot webhooks").
 * No credential: the v3 signature over the exact bytes sent, with the app's client secret
 * (HUBSPOT_CLIENT_SECRET), is checked before the body is looked at. Each event is stored once and
 * applied in the same transaction as the service role of the organisation its portal routes to.
 * Every verified delivery is answered 200, even when an event was refused (stored as failed):
 * HubSpot retries anything else. The one exception is a portal HubSpot could not be asked to prove
 * (portal.ts): its events are stored as failed and the delivery answered 503, so HubSpot retries it.
 */
import type { FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { type Env, readEnv } from '../../config/index.ts';
import { badRequest, PalisadeError } from '../../errors/error.ts';
import { ErrorBody } from '../../http/errors.ts';
import type { RouteModule } from '../../http/types.ts';
import { createEgressClient, type EgressClient } from '../../net/egress.ts';
import type { KeyRing } from '../../vault/keyring.ts';
import { keyRingProvider } from '../../vault/provider.ts';
import { HubSpotDelivery, type HubSpotEvent } from './events.ts';
import { type InboundMapping, inboundMapping } from './inbound.ts';
import { routePortals } from './portal.ts';
import { PortalProofs } from './proof.ts';
import { signatureHeaders, signatureMatches, signedUri } from './signature.ts';
import { type Outcome, storeEvent } from './store.ts';

/** HubSpot sends at most 100 events of a few hundred bytes each. */
const BODY_LIMIT = 256 * 1024;

const RAW = new WeakMap<object, { bytes: Buffer; json: boolean }>();

interface HubSpotWebhookOptions {
  env?: Pick<Env, 'HUBSPOT_CLIENT_SECRET' | 'PALISADE_PUBLIC_URL'>;
  now?: () => number;
  /** Opens the integrations' credentials for portal proofs; default the server's vault ring. */
  ring?: KeyRing;
  /** The egress client portal proofs go through; default the guarded client. */
  http?: EgressClient;
  /** Where portal proofs are asked; default HubSpot's public API (tests: their local fake). */
  hubspotApiUrl?: string;
}

const Counts = z.object({
  processed: z.number().int(),
  ignored: z.number().int(),
  failed: z.number().int(),
  duplicate: z.number().int().describe('events already stored by an earlier delivery: acknowledged, nothing done'),
});

function mappingOf(mappings: unknown): InboundMapping | null {
  try {
    return inboundMapping(mappings);
  } catch {
    return null;
  }
}

export function hubspotWebhookRoutes(opts: HubSpotWebhookOptions = {}): RouteModule {
  return async (app) => {
    const env = opts.env ?? readEnv();
    const now = opts.now ?? Date.now;
    const proofs = new PortalProofs({
      db: app.palisade.db,
      ring: keyRingProvider(app.log, opts.ring ?? app.palisade.vaultRing),
      http: opts.http ?? createEgressClient(),
      ...(opts.hubspotApiUrl ? { apiUrl: opts.hubspotApiUrl } : {}),
    });
    await app.register(async (raw) => {
      // The signature covers the bytes as sent: keep them. Invalid JSON is refused only after the
      // signature is checked, so an unsigned caller learns nothing about the parser.
      raw.removeContentTypeParser('application/json');
      raw.addContentTypeParser('application/json', { parseAs: 'buffer', bodyLimit: BODY_LIMIT }, (req, body, done) => {
        const bytes = body as Buffer;
        try {
          const parsed: unknown = bytes.length ? JSON.parse(bytes.toString('utf8')) : undefined;
          RAW.set(req, { bytes, json: true });
          done(null, parsed);
        } catch {
          RAW.set(req, { bytes, json: false });
          done(null, undefined);
        }
      });
      raw.withTypeProvider<ZodTypeProvider>().post(
        '/v1/webhooks/hubspot',
        {
          config: { auth: 'public' },
          bodyLimit: BODY_LIMIT,
          schema: {
            operationId: 'receiveHubSpotWebhook',
            tags: ['revenue'],
            summary:
              'HubSpot webhook events, signed with X-HubSpot-Signature-v3 and X-HubSpot-Request-Timestamp (5-minute window); each event stored once, contact events upsert leads through the integration’s field mappings',
            body: HubSpotDelivery,
            response: { 200: Counts, 401: ErrorBody, 503: ErrorBody },
          },
          preValidation: async (req: FastifyRequest) => {
            const refuse = (field: string, message: string) => {
              req.log.warn({ field }, `HubSpot webhook refused: ${message}`);
              return new PalisadeError('PS401', message, field);
            };
            const signed = signatureHeaders(req.headers, now());
            if (!signed.ok) throw refuse(signed.field, signed.message);
            const secret = env.HUBSPOT_CLIENT_SECRET;
            const publicUrl = env.PALISADE_PUBLIC_URL;
            if (!secret || !publicUrl)
              throw new PalisadeError(
                'PS503',
                'HubSpot webhooks are not configured: set HUBSPOT_CLIENT_SECRET (the app’s client secret) and PALISADE_PUBLIC_URL (the URL HubSpot posts to, without /v1/webhooks/hubspot)',
              );
            const got = RAW.get(req) ?? { bytes: Buffer.alloc(0), json: true };
            const uri = signedUri(publicUrl, req.url);
            if (!signatureMatches({ secret, method: req.method, uri, body: got.bytes, ...signed }))
              throw refuse('x-hubspot-signature-v3', 'the HubSpot signature does not match the request');
            if (!got.json) throw badRequest('the body is not valid JSON', 'body');
          },
        },
        async (req) => {
          const events = req.body as HubSpotEvent[];
          const routes = await routePortals(app.palisade.db, proofs, [...new Set(events.map((e) => e.portalId))]);
          const mappings = new Map<string, InboundMapping | null>();
          const counts: Record<Outcome, number> = { processed: 0, ignored: 0, failed: 0, duplicate: 0 };
          for (const e of events) {
            const route = routes.get(e.portalId)!;
            let mapping: InboundMapping | null = null;
            if (route.orgId !== null) {
              if (!mappings.has(route.integrationId)) mappings.set(route.integrationId, mappingOf(route.mappings));
              mapping = mappings.get(route.integrationId)!;
            }
            const { outcome, error } = await storeEvent(app.palisade.db, route, mapping, e);
            counts[outcome]++;
            const line = { orgId: route.orgId, eventKey: `${e.portalId}:${e.eventId}`, outcome };
            if (outcome === 'failed') req.log.warn({ ...line, error }, 'HubSpot event refused');
            else req.log.info(line, 'HubSpot event');
          }
          // Stored as failed, acknowledged only once HubSpot can be asked: a 503 makes HubSpot deliver again.
          if ([...routes.values()].some((r) => r.orgId === null && r.status === 'failed'))
            throw new PalisadeError(
              'PS503',
              'HubSpot could not be reached to prove which organisation a portal belongs to: deliver again later',
            );
          return counts;
        },
      );
    });
  };
}

export default hubspotWebhookRoutes();
