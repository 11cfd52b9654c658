import type { ServiceTx } from '../../vault/elevate.ts';
import type { KeyRing } from '../../vault/keyring.ts';
import { Redacted } from '../../vault/redacted.ts';
import { readTextSecret, writeTextSecret } from '../../vault/secrets.ts';
import type { TokenSet } from './protocol.ts';

/**
 * The three secrets of an OAuth2 connection in palisade_vault.secrets, each under its own purpose
 * (the associated data binds a ciphertext to its org, id and purpose): the client secret
 * (oauth2_connections.credential_secret_id), the tokens (oauth2_tokens.credential_secret_id) and a
 * consent's PKCE verifier (oauth2_authorizations.credential_secret_id). Every function takes a
 * service transaction (src/vault/elevate.ts): call them only with ids a statement run as the
 * caller returned, or the state of a callback.
 */
export const PURPOSE = {
  clientSecret: 'oauth2_client_secret',
  tokens: 'oauth2_tokens',
  verifier: 'oauth2_pkce_verifier',
} as const;

const open = async (svc: ServiceTx, ring: KeyRing, orgId: string, id: string, purpose: string) =>
  (await readTextSecret(svc, ring, { orgId, id, purpose }))?.reveal() ?? null;

const seal = async (svc: ServiceTx, ring: KeyRing, orgId: string, id: string | null, purpose: string, text: string) =>
  (await writeTextSecret(svc, ring, { orgId, id: id ?? undefined, purpose }, text)).id;

export async function storeClientSecret(
  svc: ServiceTx,
  ring: KeyRing,
  orgId: string,
  id: string,
  secret: string,
): Promise<Date> {
  const { rows } = await svc.query<{ credential_secret_id: string | null }>(
    'select credential_secret_id from public.oauth2_connections where org_id = $1 and id = $2',
    [orgId, id],
  );
  const secretId = await seal(svc, ring, orgId, rows[0]?.credential_secret_id ?? null, PURPOSE.clientSecret, secret);
  const { rows: updated } = await svc.query<{ client_secret_updated_at: Date }>(
    `update public.oauth2_connections set credential_secret_id = $3, client_secret_updated_at = now()
     where org_id = $1 and id = $2 returning client_secret_updated_at`,
    [orgId, id, secretId],
  );
  return new Date(updated[0]!.client_secret_updated_at);
}

export async function openClientSecret(
  svc: ServiceTx,
  ring: KeyRing,
  orgId: string,
  id: string,
): Promise<Redacted<string> | null> {
  const { rows } = await svc.query<{ credential_secret_id: string | null }>(
    'select credential_secret_id from public.oauth2_connections where org_id = $1 and id = $2',
    [orgId, id],
  );
  const secretId = rows[0]?.credential_secret_id;
  const text = secretId ? await open(svc, ring, orgId, secretId, PURPOSE.clientSecret) : null;
  return text === null ? null : new Redacted(text);
}

export interface StoredTokens {
  access_token: string;
  refresh_token?: string;
}

export interface TokensState {
  generation: number;
  expiresAt: Date | null;
  hasRefreshToken: boolean;
  /** Null when the vault row is gone (or was never written, as in the demo seed). */
  tokens: Redacted<StoredTokens> | null;
}

/** The connection's tokens, or null when it is not connected. The row is locked when `lock`. */
export async function readTokens(
  svc: ServiceTx,
  ring: KeyRing,
  orgId: string,
  connectionId: string,
  lock = false,
): Promise<TokensState | null> {
  const { rows } = await svc.query<{
    credential_secret_id: string | null;
    generation: number;
    expires_at: Date | null;
    has_refresh_token: boolean;
  }>(
    `select credential_secret_id, generation, expires_at, has_refresh_token from public.oauth2_tokens
     where org_id = $1 and connection_id = $2${lock ? ' for update' : ''}`,
    [orgId, connectionId],
  );
  const row = rows[0];
  if (!row) return null;
  const text = row.credential_secret_id ? await open(svc, ring, orgId, row.credential_secret_id, PURPOSE.tokens) : null;
  return {
    generation: row.generation,
    expiresAt: row.expires_at ? new Date(row.expires_at) : null,
    hasRefreshToken: row.has_refresh_token,
    tokens: text === null ? null : new Redacted(JSON.parse(text) as StoredTokens),
  };
}

const expiry = (set: TokenSet) => (set.expiresIn === undefined ? null : new Date(Date.now() + set.expiresIn * 1000));

/** A consent's tokens: replaces whatever the connection held, and clears any re-consent request. */
export async function saveConsentTokens(
  svc: ServiceTx,
  ring: KeyRing,
  orgId: string,
  connectionId: string,
  set: TokenSet,
  connectedBy: string,
): Promise<{ expiresAt: Date | null }> {
  const { rows } = await svc.query<{ credential_secret_id: string | null }>(
    'select credential_secret_id from public.oauth2_tokens where org_id = $1 and connection_id = $2 for update',
    [orgId, connectionId],
  );
  const stored: StoredTokens = {
    access_token: set.accessToken,
    ...(set.refreshToken ? { refresh_token: set.refreshToken } : {}),
  };
  const secretId = await seal(
    svc,
    ring,
    orgId,
    rows[0]?.credential_secret_id ?? null,
    PURPOSE.tokens,
    JSON.stringify(stored),
  );
  const expiresAt = expiry(set);
  await svc.query(
    `insert into public.oauth2_tokens (org_id, connection_id, credential_secret_id, token_type, granted_scope, expires_at,
       has_refresh_token, connected_by)
     values ($1, $2, $3, $4, $5, $6, $7, $8)
     on conflict (org_id, connection_id) do update set credential_secret_id = excluded.credential_secret_id,
       token_type = excluded.token_type, granted_scope = excluded.granted_scope, expires_at = excluded.expires_at,
       has_refresh_token = excluded.has_refresh_token, connected_by = excluded.connected_by, connected_at = now(),
       refreshed_at = null, refresh_lease_until = null, generation = public.oauth2_tokens.generation + 1, updated_at = now()`,
    [orgId, connectionId, secretId, set.tokenType, set.scope ?? null, expiresAt, !!set.refreshToken, connectedBy],
  );
  await clearConnectionError(svc, orgId, connectionId);
  return { expiresAt };
}

/**
 * A refresh's tokens, only over the generation the refresh started from (another may have landed
 * meanwhile: then nothing is written and the caller re-reads). A refresh token the answer does not
 * replace is kept.
 */
export async function saveRefreshedTokens(
  svc: ServiceTx,
  ring: KeyRing,
  orgId: string,
  connectionId: string,
  fromGeneration: number,
  previous: StoredTokens,
  set: TokenSet,
): Promise<number | null> {
  const { rows } = await svc.query<{ credential_secret_id: string | null }>(
    `select credential_secret_id from public.oauth2_tokens
     where org_id = $1 and connection_id = $2 and generation = $3 for update`,
    [orgId, connectionId, fromGeneration],
  );
  if (!rows[0]?.credential_secret_id) return null;
  const refresh = set.refreshToken ?? previous.refresh_token;
  const stored: StoredTokens = { access_token: set.accessToken, ...(refresh ? { refresh_token: refresh } : {}) };
  await seal(svc, ring, orgId, rows[0].credential_secret_id, PURPOSE.tokens, JSON.stringify(stored));
  const { rows: updated } = await svc.query<{ generation: number }>(
    `update public.oauth2_tokens set token_type = $4, granted_scope = coalesce($5, granted_scope), expires_at = $6,
       has_refresh_token = $7, refreshed_at = now(), refresh_lease_until = null, generation = generation + 1, updated_at = now()
     where org_id = $1 and connection_id = $2 and generation = $3 returning generation`,
    [orgId, connectionId, fromGeneration, set.tokenType, set.scope ?? null, expiry(set), !!refresh],
  );
  await clearConnectionError(svc, orgId, connectionId);
  return updated[0]!.generation;
}

/** Forgets the tokens (the table's trigger deletes the vault row); true when there were some. */
export async function forgetTokens(
  svc: ServiceTx,
  orgId: string,
  connectionId: string,
  onlyGeneration?: number,
): Promise<boolean> {
  const res = await svc.query(
    `delete from public.oauth2_tokens where org_id = $1 and connection_id = $2 and ($3::int is null or generation = $3)`,
    [orgId, connectionId, onlyGeneration ?? null],
  );
  return res.rowCount > 0;
}

async function clearConnectionError(svc: ServiceTx, orgId: string, connectionId: string) {
  await svc.query(
    `update public.oauth2_connections set reconsent_required = false, last_error = null, last_error_at = null
     where org_id = $1 and id = $2 and (reconsent_required or last_error is not null)`,
    [orgId, connectionId],
  );
}

/** Records what failed, in words (built from no secret), and whether a manager must consent again. */
export async function recordConnectionError(
  svc: ServiceTx,
  orgId: string,
  connectionId: string,
  message: string,
  reconsent = false,
): Promise<void> {
  await svc.query(
    `update public.oauth2_connections set last_error = $3, last_error_at = now(), reconsent_required = reconsent_required or $4
     where org_id = $1 and id = $2`,
    [orgId, connectionId, message.slice(0, 500), reconsent],
  );
}
