import { randomBytes } from 'node:crypto';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, expect } from 'vitest';
import type { Database } from '../../../db/types.ts';
import { createEgressClient } from '../../../net/egress.ts';
import { DEMO } from '../../../seed/ids.ts';
import { buildServer } from '../../../server/app.ts';
import { bearer, captureLogs, json, testConfig, userToken } from '../../../server/testing.ts';
import type { ServiceTx } from '../../../vault/elevate.ts';
import { KeyRing } from '../../../vault/keyring.ts';
import { readSecret } from '../../../vault/secrets.ts';
import { oauth2FlowRoutes } from '../flow-routes.ts';
import { oauth2ConnectionRoutes } from '../routes.ts';
import { PURPOSE, type StoredTokens } from '../secrets.ts';
import { consentAt } from './consent.ts';
import { startTestProvider, type TestClient, type TestProvider } from './provider.ts';

/**
 * One Palisade server (the OAuth2 routes only) and one test provider per describe block, on the
 * block's fresh database. Egress to loopback is allowed here, explicitly, and nowhere else.
 * Every response body and header and every log line is kept, for the leak checks.
 */
const PUBLIC_URL = 'http://palisade.test';
export const CALLBACK = `${PUBLIC_URL}/v1/oauth2/callback`;

const A = DEMO.orgs.a;
const B = DEMO.orgs.b;

const PEOPLE = {
  ownerA: A.users.owner.id,
  adminA: A.users.admin.id,
  memberA: A.users.member.id,
  viewerA: A.users.viewer.id,
  ownerB: B.users.owner.id,
  memberB: B.users.member.id,
} as const;
type Who = keyof typeof PEOPLE | 'nobody';

export interface Harness {
  app: FastifyInstance;
  provider: TestProvider;
  ring: KeyRing;
  logs: string[];
  responses: string[];
  call(who: Who, method: string, url: string, payload?: unknown): Promise<LightMyRequestResponse>;
  /** Creates a connection to the test provider in A's research workspace, as A's owner, with its client secret. */
  create(client?: TestClient, extra?: Record<string, unknown>): Promise<{ id: string }>;
  /** The whole consent: authorize as `who`, sign in and consent at the provider, deliver the callback. */
  connect(id: string, who?: Who): Promise<LightMyRequestResponse>;
  authorize(id: string, who?: Who): Promise<string>;
  /** The provider's redirect for an authorization URL, after sign-in and consent. */
  consent(authorizationUrl: string): Promise<URL>;
  deliver(redirect: URL, who?: Who): Promise<LightMyRequestResponse>;
  /** The stored tokens, decrypted with the test's key (the test's own view: no API gives them). */
  storedTokens(id: string): Promise<StoredTokens | null>;
  tokenRow(id: string): Promise<{ generation: number; credential_secret_id: string | null } | null>;
  /** A second Palisade server on the same database: another process, as far as refreshes go. */
  anotherServer(): Promise<FastifyInstance>;
  tokenOf(who: Who): Record<string, string>;
}

export const base = `/v1/orgs/${A.id}/oauth2-connections`;

export function useOAuth2(ctx: { readonly db: Database }): Harness {
  const logs = captureLogs('trace');
  const responses: string[] = [];
  const tokens: Partial<Record<Who, Record<string, string>>> = { nobody: {} };
  const h = {
    logs: logs.lines,
    responses,
    ring: new KeyRing([{ id: 'oauth2-test', key: randomBytes(32) }]),
  } as Harness;

  const servers: FastifyInstance[] = [];
  const build = async () => {
    const opts = { ring: h.ring, egress: createEgressClient({ allowPrivate: true }), publicUrl: PUBLIC_URL };
    const app = await buildServer({
      db: ctx.db,
      config: testConfig({ logLevel: 'trace' }),
      logger: logs.logger,
      vaultRing: h.ring,
      routes: [
        async () => ({ default: oauth2ConnectionRoutes(opts) }),
        async () => ({ default: oauth2FlowRoutes(opts) }),
      ],
    });
    await app.ready();
    servers.push(app);
    return app;
  };
  beforeAll(async () => {
    h.provider = await startTestProvider(CALLBACK);
    h.app = await build();
    for (const [who, id] of Object.entries(PEOPLE)) tokens[who as Who] = bearer(await userToken(id));
  });
  afterAll(async () => {
    for (const app of servers) await app.close();
    await h.provider?.close();
  });
  h.anotherServer = build;
  h.tokenOf = (who) => tokens[who]!;

  h.call = async (who, method, url, payload) => {
    const res = await h.app.inject({
      method: method as 'GET',
      url,
      headers: tokens[who]!,
      ...(payload === undefined ? {} : { payload: payload as object }),
    });
    responses.push(res.body, JSON.stringify(res.headers));
    return res;
  };
  h.create = async (client = h.provider.clients.basic, extra = {}) => {
    const e = h.provider.endpoints;
    const res = await h.call('ownerA', 'POST', base, {
      workspace_id: A.workspace,
      name: 'Test provider',
      provider: 'oidc-test',
      authorization_endpoint: e.authorization,
      token_endpoint: e.token,
      revocation_endpoint: e.revocation,
      userinfo_endpoint: e.userinfo,
      client_id: client.id,
      client_auth_method: client.method,
      scopes: ['openid', 'offline_access', 'profile'],
      additional_params: { prompt: 'consent' },
      ...extra,
    });
    expect(res.statusCode, res.body).toBe(201);
    const created = json<{ id: string }>(res);
    if (client.secret) {
      const put = await h.call('ownerA', 'PUT', `${base}/${created.id}/client-secret`, {
        client_secret: client.secret,
      });
      expect(put.statusCode, put.body).toBe(200);
    }
    return created;
  };
  h.authorize = async (id, who = 'ownerA') => {
    const res = await h.call(who, 'POST', `${base}/${id}/authorize`);
    expect(res.statusCode, res.body).toBe(200);
    return json<{ authorization_url: string }>(res).authorization_url;
  };
  h.consent = (url) => consentAt(url, CALLBACK);
  h.deliver = async (redirect, who = 'nobody') => h.call(who, 'GET', `${redirect.pathname}${redirect.search}`);
  h.connect = async (id, who = 'ownerA') => h.deliver(await h.consent(await h.authorize(id, who)));
  h.tokenRow = async (id) =>
    (
      await ctx.db.query<{ generation: number; credential_secret_id: string | null }>(
        'select generation, credential_secret_id from public.oauth2_tokens where org_id = $1 and connection_id = $2',
        [A.id, id],
      )
    ).rows[0] ?? null;
  h.storedTokens = async (id) => {
    const row = await h.tokenRow(id);
    if (!row?.credential_secret_id) return null;
    const plain = await readSecret(ctx.db as unknown as ServiceTx, h.ring, {
      orgId: A.id,
      id: row.credential_secret_id,
      purpose: PURPOSE.tokens,
    });
    return plain ? (JSON.parse(plain.reveal().toString('utf8')) as StoredTokens) : null;
  };
  return h;
}
