import type { Principal } from '../../db/principal.ts';
import { PalisadeError } from '../../errors/error.ts';
import { asServiceFor } from '../../vault/elevate.ts';
import { writeSecret } from '../../vault/secrets.ts';
import { proveConnection } from './access.ts';
import type { OAuth2Deps } from './deps.ts';
import { newAuthorizationSecrets } from './pkce.ts';
import type { ConnectionRow } from './rows.ts';
import { PURPOSE } from './secrets.ts';

/** Consents in flight per connection: older ones are dropped beyond this. */
const MAX_PENDING = 10;

/**
 * POST …/authorize: a scope manager (a signed-in person) asks to connect. In one transaction as
 * the caller: prove 'manage' (RLS), then, as the service for them, drop expired consents of the
 * organisation, keep the PKCE verifier in the vault and record the consent (state hash, person,
 * connection, redirect URI, 10 minutes). The answer is the URL to send the person to.
 */
export async function startAuthorization(
  deps: OAuth2Deps,
  caller: Principal,
  orgId: string,
  connectionId: string,
): Promise<{ url: string; expiresAt: Date }> {
  if (caller.kind !== 'user')
    throw new PalisadeError('PS403', 'a consent is a person’s: sign in with a user token', 'authorization');
  const userId = caller.userId;
  return deps.runAs(caller, async (tx) => {
    const row = await proveConnection(tx, orgId, connectionId, 'manage');
    if (!row.is_active)
      throw new PalisadeError('PS409', 'the connection is not active: activate it first', 'is_active');
    if (row.client_auth_method !== 'none' && !row.client_secret_configured)
      throw new PalisadeError(
        'PS409',
        'the connection has no client secret: PUT …/client-secret first (or use client_auth_method none)',
        'client_secret',
      );
    const s = newAuthorizationSecrets();
    const expiresAt = await asServiceFor(tx, caller, async (svc) => {
      await svc.query('delete from public.oauth2_authorizations where org_id = $1 and expires_at <= now()', [orgId]);
      await svc.query(
        `delete from public.oauth2_authorizations where org_id = $1 and id in (
           select id from public.oauth2_authorizations where org_id = $1 and connection_id = $2
           order by created_at desc offset $3)`,
        [orgId, connectionId, MAX_PENDING - 1],
      );
      const verifier = Buffer.from(s.verifier, 'ascii');
      const secret = await writeSecret(svc, deps.ring(), { orgId, purpose: PURPOSE.verifier }, verifier);
      verifier.fill(0);
      const { rows } = await svc.query<{ expires_at: Date }>(
        `insert into public.oauth2_authorizations (org_id, connection_id, user_id, state_hash, credential_secret_id, redirect_uri)
         values ($1, $2, $3, $4, $5, $6) returning expires_at`,
        [orgId, connectionId, userId, s.stateHash, secret.id, deps.redirectUri],
      );
      return new Date(rows[0]!.expires_at);
    });
    return { url: authorizationUrl(row, deps.redirectUri, s.state, s.challenge), expiresAt };
  });
}

/** RFC 6749 4.1.1 with PKCE (RFC 7636 S256); the connection's extra parameters first, Palisade's over them. */
function authorizationUrl(row: ConnectionRow, redirectUri: string, state: string, challenge: string): string {
  const url = new URL(row.authorization_endpoint);
  for (const [k, v] of Object.entries(row.additional_params)) url.searchParams.set(k, v);
  url.searchParams.set('response_type', 'code');
  url.searchParams.set('client_id', row.client_id);
  url.searchParams.set('redirect_uri', redirectUri);
  if (row.scopes.length) url.searchParams.set('scope', row.scopes.join(' '));
  url.searchParams.set('state', state);
  url.searchParams.set('code_challenge', challenge);
  url.searchParams.set('code_challenge_method', 'S256');
  return url.toString();
}
