import { setTimeout as sleep } from 'node:timers/promises';
import type { Principal } from '../../db/principal.ts';
import { PalisadeError } from '../../errors/error.ts';
import { VaultError } from '../../vault/cipher.ts';
import { asServiceFor, type ServiceTx } from '../../vault/elevate.ts';
import { Redacted } from '../../vault/redacted.ts';
import { proveConnection } from './access.ts';
import type { OAuth2Deps } from './deps.ts';
import { type ClientCredentials, OAuth2ProviderError, refreshTokens } from './protocol.ts';
import type { ConnectionRow } from './rows.ts';
import {
  forgetTokens,
  openClientSecret,
  readTokens,
  recordConnectionError,
  type StoredTokens,
  saveRefreshedTokens,
} from './secrets.ts';

/**
 * An access token a caller with 'use' rights may call the provider with, refreshed first when it
 * expires within REFRESH_MARGIN_MS, or when the provider refused the generation the caller used
 * (a 401: `rejected`). A refresh is done once at a time per connection: on one server, callers
 * share the one in flight; across servers, a lease on the tokens row (30 s) makes the others wait
 * for its result instead of spending the same refresh token twice. A refresh the provider refuses
 * with invalid_grant forgets the tokens and marks the connection for re-consent.
 */
const REFRESH_MARGIN_MS = 60_000;
const LEASE_SECONDS = 30;
const WAIT_MS = 200;
const MAX_WAITS = 60;

export interface UsableToken {
  connection: ConnectionRow;
  token: Redacted<string>;
  generation: number;
  refreshed: boolean;
}

interface Loaded {
  row: ConnectionRow;
  generation: number;
  expiresAt: Date | null;
  tokens: StoredTokens;
  client: ClientCredentials;
}

type Refreshed = { kind: 'refreshed'; token: string; generation: number } | { kind: 'busy' } | { kind: 'moved' };

const notConnected = (why: string) => new PalisadeError('PS409', why, 'tokens');

async function load(deps: OAuth2Deps, caller: Principal, orgId: string, id: string): Promise<Loaded> {
  return deps.runAs(caller, async (tx) => {
    const row = await proveConnection(tx, orgId, id, 'use');
    if (!row.is_active) throw new PalisadeError('PS409', 'the connection is not active', 'is_active');
    return asServiceFor(tx, caller, async (svc) => {
      let state: Awaited<ReturnType<typeof readTokens>>;
      let secret: Redacted<string> | null;
      try {
        state = await readTokens(svc, deps.ring(), orgId, id);
        secret = row.client_auth_method === 'none' ? null : await openClientSecret(svc, deps.ring(), orgId, id);
      } catch (err) {
        if (!(err instanceof VaultError)) throw err;
        throw notConnected('the stored tokens cannot be decrypted with the current vault keys: authorize again');
      }
      if (!state)
        throw notConnected(
          row.reconsent_required
            ? 'the provider refused the refresh token: a manager must authorize the connection again'
            : 'the connection is not connected: a manager must authorize it first (POST …/authorize)',
        );
      if (!state.tokens) throw notConnected('the stored tokens are gone from the vault: authorize again');
      return {
        row,
        generation: state.generation,
        expiresAt: state.expiresAt,
        tokens: state.tokens.reveal(),
        client: {
          clientId: row.client_id,
          method: row.client_auth_method,
          ...(secret ? { secret: secret.reveal() } : {}),
        },
      };
    });
  });
}

export async function usableAccessToken(
  deps: OAuth2Deps,
  caller: Principal,
  orgId: string,
  id: string,
  opts: { rejected?: number } = {},
): Promise<UsableToken> {
  for (let wait = 0; ; wait++) {
    const s = await load(deps, caller, orgId, id);
    const rejected = opts.rejected === s.generation;
    const soon = s.expiresAt !== null && s.expiresAt.getTime() - Date.now() < REFRESH_MARGIN_MS;
    const current = { connection: s.row, token: new Redacted(s.tokens.access_token), generation: s.generation };
    if (!rejected && !soon) return { ...current, refreshed: false };
    if (!s.tokens.refresh_token) {
      if (rejected || (s.expiresAt !== null && s.expiresAt.getTime() <= Date.now()))
        throw notConnected('the access token is no longer accepted and there is no refresh token: authorize again');
      return { ...current, refreshed: false };
    }
    const key = `${orgId}:${id}:${s.generation}`;
    let p = deps.refreshes.get(key) as Promise<Refreshed> | undefined;
    if (!p) {
      p = refreshOnce(deps, caller, s).finally(() => deps.refreshes.delete(key));
      deps.refreshes.set(key, p);
    }
    const r = await p;
    if (r.kind === 'refreshed')
      return { connection: s.row, token: new Redacted(r.token), generation: r.generation, refreshed: true };
    if (wait >= MAX_WAITS)
      throw new PalisadeError('PS503', 'a refresh of this connection’s tokens is still in progress elsewhere: retry');
    // Another process holds the lease, or the tokens moved on: read them again.
    if (r.kind === 'busy') await sleep(WAIT_MS);
  }
}

async function refreshOnce(deps: OAuth2Deps, caller: Principal, s: Loaded): Promise<Refreshed> {
  const { org_id: orgId, id } = s.row;
  const withService = <T>(fn: (svc: ServiceTx) => Promise<T>) =>
    deps.runAs(caller, async (tx) => {
      await proveConnection(tx, orgId, id, 'use');
      return asServiceFor(tx, caller, fn);
    });
  const leased = await withService(async (svc) => {
    const { rows } = await svc.query<{ generation: number }>(
      `update public.oauth2_tokens set refresh_lease_until = now() + make_interval(secs => $4)
       where org_id = $1 and connection_id = $2 and generation = $3
         and (refresh_lease_until is null or refresh_lease_until < now())
       returning generation`,
      [orgId, id, s.generation, LEASE_SECONDS],
    );
    if (rows.length) return 'leased';
    const { rows: now } = await svc.query<{ generation: number }>(
      'select generation from public.oauth2_tokens where org_id = $1 and connection_id = $2',
      [orgId, id],
    );
    return now[0]?.generation === s.generation ? 'busy' : 'moved';
  });
  if (leased !== 'leased') return { kind: leased };
  try {
    const set = await refreshTokens(deps.egress, s.row.token_endpoint, s.client, s.tokens.refresh_token!);
    const generation = await withService((svc) =>
      saveRefreshedTokens(svc, deps.ring(), orgId, id, s.generation, s.tokens, set),
    );
    return generation === null ? { kind: 'moved' } : { kind: 'refreshed', token: set.accessToken, generation };
  } catch (err) {
    if (!(err instanceof OAuth2ProviderError)) throw err;
    const refused = err.error === 'invalid_grant';
    const message = refused
      ? `the provider refused the refresh token (${err.message}): a manager must authorize the connection again`
      : `the tokens could not be refreshed: ${err.message}`;
    await withService(async (svc) => {
      if (refused) await forgetTokens(svc, orgId, id, s.generation);
      else
        await svc.query(
          'update public.oauth2_tokens set refresh_lease_until = null where org_id = $1 and connection_id = $2 and generation = $3',
          [orgId, id, s.generation],
        );
      await recordConnectionError(svc, orgId, id, message, refused);
    });
    deps.log.warn({ orgId, connectionId: id, error: err.error }, 'OAuth2 refresh failed');
    throw refused ? notConnected(message) : new PalisadeError('PS502', message, 'tokens');
  }
}
