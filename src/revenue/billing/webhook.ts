/**
 * POST /v1/webhooks/stripe: Stripe's deliveries. No credential of anyone's: the Stripe-Signature
 * header, an HMAC over the exact bytes sent, with the endpoint's signing secret, proves Stripe sent
 * it (signature.ts). Every refusal is the same 400 whatever failed, so a caller learns nothing about
 * the secret or the clock; the log says which check failed, without the header or the body.
 */
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { badRequest } from '../../errors/error.ts';
import { ErrorBody } from '../../http/errors.ts';
import { keepRawJsonBodies } from '../../http/raw-body.ts';
import type { RouteModule } from '../../http/types.ts';
import { recordStripeEvent } from './apply.ts';
import { type StripeSettings, webhookSecret } from './config.ts';
import { verifyStripeEvent } from './signature.ts';

const refused = () =>
  badRequest('the Stripe signature is missing, invalid or outside its time window', 'stripe-signature');

export function webhookRoutes(settings: StripeSettings): RouteModule {
  return async (app) => {
    // The signature covers the bytes Stripe sent: this route keeps them (src/http/raw-body.ts).
    await app.register(async (raw) => {
      const rawBody = keepRawJsonBodies(raw);
      raw.withTypeProvider<ZodTypeProvider>().post(
        '/v1/webhooks/stripe',
        {
          config: { auth: 'public' },
          schema: {
            operationId: 'receiveStripeWebhook',
            tags: ['revenue'],
            summary:
              'Stripe delivers a webhook event, signed with the endpoint’s secret (Stripe-Signature); each event is applied once',
            body: z.record(z.string(), z.unknown()).describe('the Stripe event, exactly as Stripe sent it'),
            response: {
              200: z.object({ status: z.enum(['processed', 'ignored', 'failed', 'duplicate']) }),
              503: ErrorBody,
            },
          },
        },
        async (req) => {
          const header = req.headers['stripe-signature'];
          if (header === undefined) {
            req.log.warn({ reason: 'no Stripe-Signature header' }, 'Stripe webhook refused');
            throw refused();
          }
          const secret = webhookSecret(settings);
          const checked = verifyStripeEvent(rawBody(req), header, secret);
          if (!checked.ok) {
            req.log.warn({ reason: checked.reason }, 'Stripe webhook refused');
            throw refused();
          }
          const { event } = checked;
          const status = await recordStripeEvent(app.palisade.db, event);
          req.log.info({ eventId: event.id, type: event.type, status }, 'Stripe webhook event');
          return { status };
        },
      );
    });
  };
}
