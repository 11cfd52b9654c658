import { randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import Provider from 'oidc-provider';

/**
 * A real OAuth 2.0 / OpenID Connect authorization server for the tests: panva's oidc-provider on
 * loopback, with PKCE required (S256 only), refresh tokens (offline_access, issued on prompt=consent),
 * revocation and introspection, and its development login and consent pages, which the tests drive
 * over HTTP (consent.ts). It checks everything the real thing checks: client authentication, the
 * redirect URI, the code's single use and its PKCE verifier, token lifetimes.
 *
 * `seen` collects every secret the server was sent or answered (codes, verifiers, access and refresh
 * tokens, client secrets), for the tests that prove none of them reaches a response, a log line or
 * a readable column.
 */
export interface TestClient {
  id: string;
  secret?: string;
  method: 'client_secret_basic' | 'client_secret_post' | 'none';
}

export interface TestProvider {
  issuer: string;
  endpoints: { authorization: string; token: string; revocation: string; userinfo: string; introspection: string };
  clients: { basic: TestClient; post: TestClient; public: TestClient };
  seen: Set<string>;
  /** Token requests by grant type, to tell a refresh happened. */
  grants: { authorization_code: number; refresh_token: number };
  /** Lifetime of access tokens issued from now on, in seconds. */
  accessTokenTtl: number;
  /** Asks the introspection endpoint (as the basic client) whether a token is active. */
  introspect(token: string): Promise<boolean>;
  /** RFC 7009 revocation as the basic client: the whole grant's tokens go (oidc-provider's policy). */
  revoke(token: string, hint: 'access_token' | 'refresh_token', client?: TestClient): Promise<void>;
  /** The access token alone stops being accepted (say, its signing key rotated); the refresh token still works. */
  dropAccessToken(token: string): Promise<void>;
  /** A refresh grant sent directly (as the basic client): the provider's answer status and error. */
  refreshDirectly(refreshToken: string): Promise<{ status: number; error?: string }>;
  close(): Promise<void>;
}

export async function startTestProvider(redirectUri: string): Promise<TestProvider> {
  const http: Server = createServer();
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  const issuer = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
  const secret = () => `cs-${randomBytes(24).toString('base64url')}`;
  const clients: TestProvider['clients'] = {
    basic: { id: 'palisade-basic', secret: secret(), method: 'client_secret_basic' },
    post: { id: 'palisade-post', secret: secret(), method: 'client_secret_post' },
    public: { id: 'palisade-public', method: 'none' },
  };
  const state = { ttl: 3600 };
  const provider = new Provider(issuer, {
    clients: Object.values(clients).map((c) => ({
      client_id: c.id,
      ...(c.secret ? { client_secret: c.secret } : {}),
      token_endpoint_auth_method: c.method,
      redirect_uris: [redirectUri],
      grant_types: ['authorization_code', 'refresh_token'],
      response_types: ['code'],
      scope: 'openid offline_access profile email',
    })),
    findAccount: async (_ctx, sub) => ({
      accountId: sub,
      claims: async () => ({ sub, email: `${sub}@people.example`, name: sub }),
    }),
    claims: { openid: ['sub'], email: ['email'], profile: ['name'] },
    features: {
      devInteractions: { enabled: true },
      revocation: { enabled: true },
      introspection: { enabled: true },
      userinfo: { enabled: true },
    },
    pkce: { required: () => true },
    ttl: {
      AccessToken: () => state.ttl,
      AuthorizationCode: 60,
      RefreshToken: 86_400,
      Grant: 86_400,
      Session: 3600,
      Interaction: 600,
      IdToken: 3600,
    },
    cookies: { keys: [randomBytes(16).toString('hex')] },
  });
  const seen = new Set<string>();
  const grants = { authorization_code: 0, refresh_token: 0 };
  const keep = (v: unknown) => {
    if (typeof v === 'string' && v.length >= 8) seen.add(v);
  };
  for (const c of Object.values(clients)) keep(c.secret);
  provider.use(async (ctx, next) => {
    await next();
    const params = (ctx.oidc?.params ?? {}) as Record<string, unknown>;
    for (const k of ['code', 'code_verifier', 'refresh_token', 'token', 'client_secret']) keep(params[k]);
    const body = ctx.body as Record<string, unknown> | undefined;
    if (body && typeof body === 'object' && !Buffer.isBuffer(body)) {
      for (const k of ['access_token', 'refresh_token', 'id_token']) keep(body[k]);
    }
    const grant = params.grant_type;
    if (ctx.path === '/token' && ctx.status === 200 && (grant === 'authorization_code' || grant === 'refresh_token'))
      grants[grant]++;
    // Codes travel in the redirect's Location.
    const location = ctx.response.get('location');
    if (location) keep(new URL(location, issuer).searchParams.get('code'));
  });
  http.on('request', provider.callback());

  const endpoints = {
    authorization: `${issuer}/auth`,
    token: `${issuer}/token`,
    revocation: `${issuer}/token/revocation`,
    userinfo: `${issuer}/me`,
    introspection: `${issuer}/token/introspection`,
  };
  /** A form POST authenticated as `client` (the basic client unless told). */
  const form = (url: string, body: Record<string, string>, client: TestClient = clients.basic) => {
    const params = new URLSearchParams(body);
    const headers: Record<string, string> = { 'content-type': 'application/x-www-form-urlencoded' };
    if (client.method === 'client_secret_basic')
      headers.authorization = `Basic ${Buffer.from(`${client.id}:${client.secret}`).toString('base64')}`;
    else params.set('client_id', client.id);
    if (client.method === 'client_secret_post') params.set('client_secret', client.secret!);
    return fetch(url, { method: 'POST', headers, body: params });
  };

  return {
    issuer,
    endpoints,
    clients,
    seen,
    grants,
    get accessTokenTtl() {
      return state.ttl;
    },
    set accessTokenTtl(v: number) {
      state.ttl = v;
    },
    async introspect(token) {
      const res = await form(endpoints.introspection, { token });
      return ((await res.json()) as { active?: boolean }).active === true;
    },
    async revoke(token, hint, client) {
      const res = await form(endpoints.revocation, { token, token_type_hint: hint }, client);
      if (res.status !== 200) throw new Error(`revocation answered ${res.status}`);
    },
    async dropAccessToken(token) {
      const found = await provider.AccessToken.find(token);
      if (!found) throw new Error('no such access token');
      await found.destroy();
    },
    async refreshDirectly(refreshToken) {
      const res = await form(endpoints.token, { grant_type: 'refresh_token', refresh_token: refreshToken });
      const body = (await res.json()) as { error?: string; access_token?: string; refresh_token?: string };
      keep(body.access_token);
      keep(body.refresh_token);
      return { status: res.status, ...(body.error ? { error: body.error } : {}) };
    },
    close: () =>
      new Promise<void>((resolve) => {
        http.closeAllConnections();
        http.close(() => resolve());
      }),
  };
}
