/**
 * POST /v1/step-callbacks/{orgId}/{stepRunId}/{token}: a step service reporting how a step it
 * accepted (202) ended. It carries no credential of the tenant's: the one-time token in the URL
 * names the step run, and an HMAC over the request with the install's signing key proves who sent
 * it (inbound.ts). Anything that does not name a step waiting for this callback — a wrong or used
 * token, another tenant's run, a finished step — is a 404, before any signature is checked, so the
 * answer never confirms that a run exists. A delivery repeated with the same delivery_id is
 * acknowledged again and changes nothing.
 */
import type { FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { notFound, PalisadeError } from '../errors/error.ts';
import { keepRawJsonBodies } from '../http/raw-body.ts';
import { Uuid } from '../http/schemas.ts';
import type { RouteModule } from '../http/types.ts';
import { asService } from '../jobs/service.ts';
import type { ServiceTx } from '../vault/elevate.ts';
import type { KeyRing } from '../vault/keyring.ts';
import { keyRingProvider } from '../vault/provider.ts';
import { hashCallbackToken, isCallbackToken } from './callback-token.ts';
import { verifyCallback } from './inbound.ts';
import type { RunQueue } from './routes.ts';
import type { NonceStore } from './signing.ts';
import { signingSecrets } from './signing-keys.ts';
import { finishStep } from './steps.ts';

interface CallbackStep {
  run_id: string;
  status: string;
  callback_delivery_id: string | null;
  signing_key_id: string | null;
  previous_signing_key_id: string | null;
  output_schema: unknown;
}

/** Accepted nonces in palisade_runtime.callback_nonces, shared by every instance. */
function dbNonceStore(tx: ServiceTx, orgId: string): NonceStore {
  return {
    async seen(keyId, nonce, expiresAt) {
      const res = await tx.query(
        `insert into palisade_runtime.callback_nonces (org_id, key_id, nonce, expires_at) values ($1, $2, $3, $4)
         on conflict do nothing`,
        [orgId, keyId, nonce, expiresAt],
      );
      return res.rowCount === 0;
    },
  };
}

export interface CallbackRoutesOptions {
  ring?: KeyRing;
  queue?: () => RunQueue | undefined;
}

/** The callback's step, found by its token's hash in the organisation and step the URL names. */
async function lookup(svc: ServiceTx, orgId: string, stepRunId: string, token: string) {
  const { rows } = await svc.query<CallbackStep>(
    `select run_id, status, callback_delivery_id, signing_key_id, previous_signing_key_id, output_schema
     from app.step_run_for_callback($1, $2, $3)`,
    [orgId, stepRunId, Buffer.from(hashCallbackToken(token), 'hex')],
  );
  return rows[0] ?? null;
}

const REFUSAL_CODES = { 400: 'PS400', 401: 'PS401', 413: 'PS413', 422: 'PS422' } as const;

export function callbackRoutes(opts: CallbackRoutesOptions = {}): RouteModule {
  return async (app) => {
    const ring = keyRingProvider(app.log, opts.ring ?? app.palisade.vaultRing);
    // The signature covers the exact bytes sent: this route keeps them, and hands the parsed JSON
    // on so the server's input checks (NUL characters, nesting) see it like any other body.
    await app.register(async (raw) => {
      const rawBody = keepRawJsonBodies(raw);
      const r = raw.withTypeProvider<ZodTypeProvider>();
      r.post(
        '/v1/step-callbacks/:orgId/:stepRunId/:token',
        {
          config: { auth: 'public' },
          schema: {
            operationId: 'receiveStepCallback',
            tags: ['workflows'],
            summary:
              'A step service reports a step’s end: signed with the install’s key (palisade-signature), JSON {delivery_id, status: succeeded|failed, output?, error?}',
            params: z.object({ orgId: Uuid, stepRunId: Uuid, token: z.string().max(100) }),
            response: { 200: z.object({ status: z.enum(['accepted', 'duplicate']) }) },
          },
        },
        async (req: FastifyRequest<{ Params: { orgId: string; stepRunId: string; token: string } }>) => {
          const { orgId, stepRunId, token } = req.params;
          const db = app.palisade.db;
          const missing = () => notFound('step callback', 'token');
          if (!isCallbackToken(token)) throw missing();
          const body = rawBody(req);
          // One transaction as the organisation's service principal: find the step, verify, complete.
          const outcome = await asService(db, orgId, async (tx) => {
            const svc = tx as ServiceTx;
            const step = await lookup(svc, orgId, stepRunId, token);
            if (!step) return null;
            const secrets = await signingSecrets(svc, ring(), orgId, [
              step.signing_key_id,
              step.previous_signing_key_id,
            ]);
            const verified = await verifyCallback({
              method: req.method,
              pathAndQuery: req.url,
              body,
              headers: req.headers,
              secretFor: (keyId) => secrets.get(keyId) ?? null,
              now: Math.floor(Date.now() / 1000),
              nonceStore: dbNonceStore(svc, orgId),
              outputSchema: step.output_schema,
            });
            if (!verified.ok) return verified;
            if (step.callback_delivery_id !== null)
              return step.callback_delivery_id === verified.deliveryId ? ('duplicate' as const) : null;
            const done = await finishStep(
              svc,
              { orgId, stepRunId, attempt: null },
              verified.status === 'succeeded'
                ? { status: 'succeeded', output: verified.output }
                : { status: 'failed', error: verified.error ?? 'the step service reported a failure' },
              { deliveryId: verified.deliveryId },
            );
            if (done.applied) return { accepted: step.run_id };
            // A delivery sent twice at once: the other request completed the step meanwhile.
            const { rows } = await svc.query<{ callback_delivery_id: string | null }>(
              'select callback_delivery_id from public.workflow_step_runs where org_id = $1 and id = $2',
              [orgId, stepRunId],
            );
            return rows[0]?.callback_delivery_id === verified.deliveryId ? ('duplicate' as const) : null;
          });
          if (outcome === null) throw missing();
          if (outcome === 'duplicate') return { status: outcome };
          if ('httpStatus' in outcome)
            throw new PalisadeError(
              REFUSAL_CODES[outcome.httpStatus],
              outcome.message,
              'field' in outcome ? outcome.field : undefined,
            );
          const queue = opts.queue?.() ?? app.palisade.runQueue;
          await queue
            ?.queueRun(orgId, outcome.accepted)
            .catch((err: unknown) => req.log.warn({ err }, 'run not queued'));
          return { status: 'accepted' as const };
        },
      );
    });
  };
}

export default callbackRoutes();
