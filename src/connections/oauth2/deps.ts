import type { FastifyInstance, FastifyRequest } from 'fastify';
import { readEnv } from '../../config/index.ts';
import type { Principal } from '../../db/principal.ts';
import type { Queryable } from '../../db/types.ts';
import { run, transactionAs } from '../../http/run.ts';
import { createEgressClient, type EgressClient } from '../../net/egress.ts';
import type { KeyRing } from '../../vault/keyring.ts';
import { keyRingProvider } from '../../vault/provider.ts';

/** What the OAuth2 flows need, whoever runs them (the HTTP routes, a worker, a test). */
export interface OAuth2Deps {
  /** One transaction as `principal` (role, claims and, over HTTP, the request's audit context). */
  runAs<T>(principal: Principal, fn: (tx: Queryable) => Promise<T>): Promise<T>;
  ring(): KeyRing;
  egress: EgressClient;
  /** Palisade's callback, the redirect_uri of every authorization request. */
  redirectUri: string;
  log: { warn(obj: object, msg: string): void };
  /** The refreshes this server has in flight, by connection and generation (tokens.ts). */
  refreshes: Map<string, Promise<unknown>>;
}

export interface OAuth2RouteOptions {
  /** The vault's keys; default the server's, or PALISADE_VAULT_KEYS / the embedded key file. */
  ring?: KeyRing;
  /** The egress client calls to providers go through; default the guarded one (private addresses refused). */
  egress?: EgressClient;
  /** The base URL the provider redirects browsers to; default PALISADE_PUBLIC_URL, else http://HOST:PORT. */
  publicUrl?: string;
}

export const CALLBACK_PATH = '/v1/oauth2/callback';

/** The redirect URI is the server's decision, never a tenant's: PALISADE_PUBLIC_URL + the callback path. */
function redirectUriFor(publicUrl?: string): string {
  const env = readEnv();
  const base = publicUrl ?? env.PALISADE_PUBLIC_URL ?? `http://${env.HOST ?? '127.0.0.1'}:${env.PORT ?? '4000'}`;
  return `${base.replace(/\/+$/, '')}${CALLBACK_PATH}`;
}

/** The per-server part of the dependencies; `forRequest` adds the request's transactions. */
export function oauth2Deps(app: FastifyInstance, opts: OAuth2RouteOptions) {
  const ring = keyRingProvider(app.log, opts.ring ?? app.palisade.vaultRing);
  const egress = opts.egress ?? createEgressClient();
  const redirectUri = redirectUriFor(opts.publicUrl);
  const refreshes = new Map<string, Promise<unknown>>();
  return {
    redirectUri,
    /**
     * For a tenant route (`orgId`), the first transaction as the caller is run(): membership
     * asserted, the request counted against the plan once, an admin's write recorded.
     */
    forRequest(req: FastifyRequest, orgId?: string): OAuth2Deps {
      let first = orgId !== undefined;
      return {
        runAs: (principal, fn) => {
          if (!first || principal !== req.principal) return transactionAs(req, principal, fn);
          first = false;
          return run(req, fn, { orgId });
        },
        ring,
        egress,
        redirectUri,
        log: req.log,
        refreshes,
      };
    },
  };
}
