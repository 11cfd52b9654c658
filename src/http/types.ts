import type {
  FastifyBaseLogger,
  FastifyInstance,
  RawReplyDefaultExpression,
  RawRequestDefaultExpression,
  RawServerDefault,
} from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Principal } from '../db/principal.ts';
import type { Database } from '../db/types.ts';

/**
 * Who may call a route. Routes say it in `config: { auth }`; a route that says nothing gets
 * 'any', so forgetting is never public.
 * - public: anyone, credentials are not even read (health, docs);
 * - any: a signed-in person, an API key or an admin token;
 * - person: a person (user or admin token), not an API key;
 * - user: a user token only (e.g. asking for an admin token);
 * - admin: an admin token only.
 */
export type AuthLevel = 'public' | 'any' | 'person' | 'user' | 'admin';

/**
 * What the kit needs from the server; the app shell adds its own members (src/server/context.ts).
 * @public (augmented by declaration merging)
 */
export interface PalisadeContext {
  db: Database;
  /** Counts a member's request against its organisation's plan, or refuses it (PS402). */
  meter?: RequestMeter;
}

/** The plan's API-request allowance, as run() and runRead() see it (src/revenue/usage/meter.ts). */
export interface RequestMeter {
  /** Called once a request is known to come from a member of `orgId`: counts it, or throws PS402. */
  admit(orgId: string): void;
}

declare module 'fastify' {
  interface FastifyInstance {
    palisade: PalisadeContext;
  }
  interface FastifyRequest {
    principal: Principal;
    /** The jti of the admin token, when the request carries one. */
    adminTokenId: string | null;
  }
  interface FastifyContextConfig {
    auth?: AuthLevel;
    /**
     * A redirect target (the OAuth2 callback): the sender adds query parameters of its own, so names
     * the schema does not declare are ignored instead of refused.
     */
    openQuery?: boolean;
  }
}

type ApiApp = FastifyInstance<
  RawServerDefault,
  RawRequestDefaultExpression<RawServerDefault>,
  RawReplyDefaultExpression<RawServerDefault>,
  FastifyBaseLogger,
  ZodTypeProvider
>;

/** A route module: registered from src/server/routes.ts. */
export type RouteModule = (app: ApiApp) => Promise<void>;
