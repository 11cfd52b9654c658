import type { Principal } from '../../db/principal.ts';
import type { Queryable } from '../../db/types.ts';
import { VaultError } from '../../vault/cipher.ts';
import { asServiceFor } from '../../vault/elevate.ts';
import { proveConnection } from './access.ts';
import type { OAuth2Deps } from './deps.ts';
import { type ClientCredentials, OAuth2ProviderError, revokeToken } from './protocol.ts';
import type { ConnectionRow } from './rows.ts';
import { forgetTokens, openClientSecret, readTokens, type StoredTokens } from './secrets.ts';

/**
 * Disconnecting (DELETE …/tokens) and deleting a connection: the tokens are forgotten first, in the
 * caller's transaction (the vault row goes with the tokens row), so nothing is left behind whatever
 * the provider does; then, outside any transaction, both tokens are revoked at the revocation
 * endpoint (RFC 7009), refresh token first (revoking it usually ends the whole grant). A failed
 * revocation is reported and logged, never retried: the tokens are already gone from Palisade.
 */
type RevocationOutcome = 'revoked' | 'failed' | 'not_supported' | 'none';

export interface Revocation {
  refresh_token: RevocationOutcome;
  access_token: RevocationOutcome;
}

export interface Held {
  row: ConnectionRow;
  tokens: StoredTokens | null;
  client: ClientCredentials;
}

/** Reads what revocation needs, then forgets the tokens; run after proveConnection(…, 'manage') in `tx`. */
export async function takeTokens(
  tx: Queryable,
  deps: OAuth2Deps,
  caller: Principal,
  row: ConnectionRow,
): Promise<{ held: Held; had: boolean }> {
  return asServiceFor(tx, caller, async (svc) => {
    let tokens: StoredTokens | null = null;
    let secret: string | undefined;
    try {
      tokens = (await readTokens(svc, deps.ring(), row.org_id, row.id, true))?.tokens?.reveal() ?? null;
      if (row.client_auth_method !== 'none')
        secret = (await openClientSecret(svc, deps.ring(), row.org_id, row.id))?.reveal();
    } catch (err) {
      // Undecryptable tokens cannot be revoked; they are still forgotten.
      if (!(err instanceof VaultError)) throw err;
    }
    const had = await forgetTokens(svc, row.org_id, row.id);
    await svc.query(
      `update public.oauth2_connections set reconsent_required = false, last_error = null, last_error_at = null
       where org_id = $1 and id = $2 and (reconsent_required or last_error is not null)`,
      [row.org_id, row.id],
    );
    const client: ClientCredentials = {
      clientId: row.client_id,
      method: row.client_auth_method,
      ...(secret !== undefined ? { secret } : {}),
    };
    return { held: { row, tokens, client }, had };
  });
}

export async function revokeHeld(deps: OAuth2Deps, held: Held): Promise<Revocation> {
  const endpoint = held.row.revocation_endpoint;
  const one = async (token: string | undefined, hint: 'refresh_token' | 'access_token'): Promise<RevocationOutcome> => {
    if (!token) return 'none';
    if (!endpoint) return 'not_supported';
    try {
      await revokeToken(deps.egress, endpoint, held.client, token, hint);
      return 'revoked';
    } catch (err) {
      if (!(err instanceof OAuth2ProviderError)) throw err;
      deps.log.warn(
        { orgId: held.row.org_id, connectionId: held.row.id, hint, error: err.error, reason: err.message },
        'OAuth2 revocation failed; the tokens are forgotten anyway',
      );
      return 'failed';
    }
  };
  const refresh_token = await one(held.tokens?.refresh_token, 'refresh_token');
  const access_token = await one(held.tokens?.access_token, 'access_token');
  return { refresh_token, access_token };
}

export function describeRevocation(had: boolean, r: Revocation): string {
  if (!had) return 'the connection had no tokens';
  const failed = [r.refresh_token, r.access_token].includes('failed');
  if (failed)
    return 'the tokens are deleted from Palisade; the provider did not confirm revoking them (see revocation)';
  if (r.refresh_token === 'not_supported' || r.access_token === 'not_supported')
    return 'the tokens are deleted from Palisade; the connection has no revocation_endpoint, so the provider was not told';
  return 'the tokens are revoked at the provider and deleted from Palisade';
}

export async function disconnect(
  deps: OAuth2Deps,
  caller: Principal,
  orgId: string,
  id: string,
): Promise<{ disconnected: boolean; revocation: Revocation; message: string }> {
  const { held, had } = await deps.runAs(caller, async (tx) =>
    takeTokens(tx, deps, caller, await proveConnection(tx, orgId, id, 'manage')),
  );
  const revocation = await revokeHeld(deps, held);
  return { disconnected: had, revocation, message: describeRevocation(had, revocation) };
}
