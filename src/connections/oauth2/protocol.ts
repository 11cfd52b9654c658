import { type EgressClient, EgressError, type EgressResponse } from '../../net/egress.ts';
import { scrub } from '../../vault/redacted.ts';
import type { ClientAuthMethod } from './rows.ts';

/**
 * The provider side of OAuth 2.0, through the egress guard only: the token endpoint (code
 * exchange, refresh: RFC 6749 4.1.3, 6), revocation (RFC 7009) and the userinfo endpoint. Values
 * that are secrets travel in form bodies and headers, never in a URL, and no message built here
 * quotes them: errors carry the provider's error code and a description with every secret sent
 * scrubbed out (a provider may echo what it was sent).
 */

const TIMEOUT_MS = 10_000;

export interface ClientCredentials {
  clientId: string;
  method: ClientAuthMethod;
  /** Absent for method 'none'. */
  secret?: string;
}

/** What a token endpoint answered, checked. */
export interface TokenSet {
  accessToken: string;
  refreshToken?: string;
  tokenType: string;
  /** Seconds, when the provider said. */
  expiresIn?: number;
  scope?: string;
}

/**
 * A refusal or failure at the provider. `error` is the OAuth error code (invalid_grant,
 * invalid_client, …) or Palisade's word for what went wrong on the way (unreachable, timeout,
 * blocked, bad_response); `message` is safe to show and to store.
 */
export class OAuth2ProviderError extends Error {
  override name = 'OAuth2ProviderError';
  constructor(
    readonly error: string,
    message: string,
    readonly status?: number,
  ) {
    super(message);
  }
}

/** RFC 6749's error_description alphabet (printable ASCII but " and \), bounded. */
const tidy = (s: unknown, secrets: string[], max = 200): string =>
  typeof s === 'string' ? scrub(s.replace(/[^\x20\x21\x23-\x5b\x5d-\x7e]/g, ''), secrets).slice(0, max) : '';

function clientAuth(c: ClientCredentials, form: URLSearchParams): Record<string, string> {
  if (c.method === 'client_secret_basic') {
    // RFC 6749 2.3.1: each part form-urlencoded before the Basic encoding.
    const enc = (v: string) => encodeURIComponent(v).replace(/%20/g, '+');
    return { authorization: `Basic ${Buffer.from(`${enc(c.clientId)}:${enc(c.secret ?? '')}`).toString('base64')}` };
  }
  form.set('client_id', c.clientId);
  if (c.method === 'client_secret_post') form.set('client_secret', c.secret ?? '');
  return {};
}

async function post(
  http: EgressClient,
  url: string,
  form: URLSearchParams,
  c: ClientCredentials,
  secrets: string[],
  what: string,
): Promise<EgressResponse> {
  const headers = {
    'content-type': 'application/x-www-form-urlencoded',
    accept: 'application/json',
    ...clientAuth(c, form),
  };
  try {
    return await http.request({ url, method: 'POST', headers, body: form.toString(), timeoutMs: TIMEOUT_MS });
  } catch (err) {
    throw transportError(err, what, secrets);
  }
}

function transportError(err: unknown, what: string, secrets: string[]): OAuth2ProviderError {
  if (err instanceof EgressError) {
    const code = err.code === 'timeout' ? 'timeout' : err.code === 'blocked_address' ? 'blocked' : 'unreachable';
    return new OAuth2ProviderError(code, `${what}: ${scrub(err.message, secrets)}`);
  }
  return new OAuth2ProviderError('unreachable', `${what} failed (${(err as Error)?.name ?? 'error'})`);
}

function refusal(res: EgressResponse, what: string, secrets: string[]): OAuth2ProviderError {
  const body = res.json() as { error?: unknown; error_description?: unknown } | undefined;
  const code = tidy(body?.error, secrets, 60) || (res.status === 401 ? 'invalid_client' : 'http_error');
  const description = tidy(body?.error_description, secrets);
  return new OAuth2ProviderError(
    code,
    `${what} answered ${res.status} ${code}${description ? `: ${description}` : ''}`,
    res.status,
  );
}

function tokenSet(res: EgressResponse, what: string, secrets: string[]): TokenSet {
  if (res.status !== 200) throw refusal(res, what, secrets);
  const b = res.json() as Record<string, unknown> | undefined;
  const bad = (why: string) => new OAuth2ProviderError('bad_response', `${what} answered 200 but ${why}`, 200);
  if (!b || typeof b !== 'object') throw bad('not with a JSON object');
  const { access_token, refresh_token, token_type, expires_in, scope } = b;
  if (typeof access_token !== 'string' || !access_token || access_token.length > 16_384)
    throw bad('without a usable access_token');
  if (typeof token_type !== 'string' || token_type.toLowerCase() !== 'bearer')
    throw bad(`with token_type ${tidy(token_type, [access_token], 40) || '(none)'}: only Bearer tokens are supported`);
  if (refresh_token !== undefined && (typeof refresh_token !== 'string' || refresh_token.length > 16_384))
    throw bad('with a malformed refresh_token');
  const seconds = typeof expires_in === 'string' ? Number(expires_in) : expires_in;
  return {
    accessToken: access_token,
    tokenType: 'Bearer',
    ...(typeof refresh_token === 'string' && refresh_token ? { refreshToken: refresh_token } : {}),
    ...(typeof seconds === 'number' && Number.isFinite(seconds) && seconds > 0
      ? { expiresIn: Math.min(Math.floor(seconds), 10 * 365 * 86_400) }
      : {}),
    ...(typeof scope === 'string' ? { scope: tidy(scope, [], 2000) } : {}),
  };
}

/** Authorization code → tokens (RFC 6749 4.1.3 with the PKCE verifier). */
export async function exchangeCode(
  http: EgressClient,
  tokenEndpoint: string,
  c: ClientCredentials,
  grant: { code: string; redirectUri: string; verifier: string },
): Promise<TokenSet> {
  const form = new URLSearchParams({
    grant_type: 'authorization_code',
    code: grant.code,
    redirect_uri: grant.redirectUri,
    code_verifier: grant.verifier,
  });
  const secrets = [grant.code, grant.verifier, c.secret ?? ''];
  const what = 'the token endpoint';
  return tokenSet(await post(http, tokenEndpoint, form, c, secrets, what), what, secrets);
}

/** A new access token for the refresh token (RFC 6749 6); the answer may carry a new refresh token. */
export async function refreshTokens(
  http: EgressClient,
  tokenEndpoint: string,
  c: ClientCredentials,
  refreshToken: string,
): Promise<TokenSet> {
  const form = new URLSearchParams({ grant_type: 'refresh_token', refresh_token: refreshToken });
  const secrets = [refreshToken, c.secret ?? ''];
  const what = 'the token endpoint (refresh)';
  return tokenSet(await post(http, tokenEndpoint, form, c, secrets, what), what, secrets);
}

/** RFC 7009: 200 means the token is no longer valid (or never was). */
export async function revokeToken(
  http: EgressClient,
  revocationEndpoint: string,
  c: ClientCredentials,
  token: string,
  hint: 'refresh_token' | 'access_token',
): Promise<void> {
  const form = new URLSearchParams({ token, token_type_hint: hint });
  const secrets = [token, c.secret ?? ''];
  const what = 'the revocation endpoint';
  const res = await post(http, revocationEndpoint, form, c, secrets, what);
  if (res.status !== 200) throw refusal(res, what, secrets);
}

export interface UserinfoAnswer {
  status: number;
  subject: string | null;
}

/** GET the userinfo endpoint with the access token; any status is an answer (401 is the caller's cue to refresh). */
export async function fetchUserinfo(
  http: EgressClient,
  endpoint: string,
  accessToken: string,
): Promise<UserinfoAnswer> {
  let res: EgressResponse;
  try {
    res = await http.request({
      url: endpoint,
      headers: { authorization: `Bearer ${accessToken}`, accept: 'application/json' },
      timeoutMs: TIMEOUT_MS,
    });
  } catch (err) {
    throw transportError(err, 'the userinfo endpoint', [accessToken]);
  }
  const body = res.status === 200 ? (res.json() as { sub?: unknown } | undefined) : undefined;
  const sub = typeof body?.sub === 'string' ? tidy(body.sub, [accessToken], 255) : '';
  return { status: res.status, subject: sub || null };
}
