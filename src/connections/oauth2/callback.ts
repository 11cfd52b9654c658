import type { Principal } from '../../db/principal.ts';
import { badRequest, notFound, PalisadeError } from '../../errors/error.ts';
import { asServiceFor, type ServiceTx } from '../../vault/elevate.ts';
import { readSecret } from '../../vault/secrets.ts';
import { proveConnection } from './access.ts';
import type { OAuth2Deps } from './deps.ts';
import { hashState, isStateShaped } from './pkce.ts';
import { exchangeCode, OAuth2ProviderError } from './protocol.ts';
import type { ConnectionRow } from './rows.ts';
import { openClientSecret, PURPOSE, recordConnectionError, saveConsentTokens } from './secrets.ts';

/**
 * GET /v1/oauth2/callback: the provider sends the person's browser back with `code` and `state`.
 * The state alone names the consent, and through it the organisation, the connection and the
 * person who asked; nothing else the request carries is trusted for that. In order:
 *   1. as the service: the consent is looked up by the state's hash and deleted in the same
 *      transaction (row locked: of two callbacks with one state, the second finds nothing), its
 *      PKCE verifier read from the vault on the way; an expired one is refused;
 *   2. a request that carries a credential must be the person's who asked (another person's, or
 *      another tenant's, is refused: the state is spent either way);
 *   3. as that person (their rights checked again, by RLS): the connection must still point where
 *      it pointed when the consent began; the client secret is read;
 *   4. the code is exchanged at the token endpoint, outside any transaction;
 *   5. as that person again: the tokens go to the vault, the metadata to oauth2_tokens.
 * A refusal at the provider is recorded on the connection (last_error) and changes no tokens.
 */
export interface CallbackInput {
  state: string;
  code?: string;
  error?: string;
  error_description?: string;
  iss?: string;
}

interface Consent {
  org_id: string;
  connection_id: string;
  user_id: string;
  credential_secret_id: string | null;
  redirect_uri: string;
  expired: boolean;
  token_endpoint: string;
  client_id: string;
}

const unknownState = () => notFound('authorization', 'state');

async function consume(svc: ServiceTx, deps: OAuth2Deps, state: string) {
  const { rows } = await svc.query<Consent & { id: string }>(
    `select a.org_id, a.id, a.connection_id, a.user_id, a.credential_secret_id, a.redirect_uri, a.expires_at <= now() as expired,
       c.token_endpoint, c.client_id
     from public.oauth2_authorizations a
     join public.oauth2_connections c on c.org_id = a.org_id and c.id = a.connection_id
     where a.state_hash = $1 for update of a`,
    [hashState(state)],
  );
  const consent = rows[0];
  if (!consent) return null;
  const plain = consent.credential_secret_id
    ? await readSecret(svc, deps.ring(), {
        orgId: consent.org_id,
        id: consent.credential_secret_id,
        purpose: PURPOSE.verifier,
      })
    : null;
  const verifier = plain ? plain.reveal().toString('ascii') : null;
  plain?.reveal().fill(0);
  await svc.query('delete from public.oauth2_authorizations where org_id = $1 and id = $2', [
    consent.org_id,
    consent.id,
  ]);
  return { consent, verifier };
}

/** The connection still points where the consent was started for (an edit meanwhile forgets the consent). */
function samePlace(row: ConnectionRow, consent: Consent): boolean {
  return row.token_endpoint === consent.token_endpoint && row.client_id === consent.client_id;
}

export async function completeAuthorization(
  deps: OAuth2Deps,
  input: CallbackInput,
  presented: Principal,
): Promise<{ orgId: string; connectionId: string; grantedScope: string | null; expiresAt: Date | null }> {
  if (!isStateShaped(input.state)) throw unknownState();
  const found = await deps.runAs({ kind: 'service' }, (tx) => consume(tx as ServiceTx, deps, input.state));
  if (!found) throw unknownState();
  const { consent, verifier } = found;
  const where = { orgId: consent.org_id, connectionId: consent.connection_id };
  if (presented.kind !== 'anonymous' && !(presented.kind === 'user' && presented.userId === consent.user_id)) {
    deps.log.warn({ ...where }, 'OAuth2 callback refused: the state belongs to another person');
    throw unknownState();
  }
  if (consent.expired)
    throw new PalisadeError('PS410', 'the authorization expired (10 minutes): start again with …/authorize', 'state');
  if (!verifier) throw new PalisadeError('PS410', 'the authorization can no longer be completed: start again', 'state');
  const person: Principal = { kind: 'user', userId: consent.user_id };

  const record = (message: string) =>
    deps.runAs(person, async (tx) => {
      await proveConnection(tx, consent.org_id, consent.connection_id, 'manage');
      await asServiceFor(tx, person, (svc) =>
        recordConnectionError(svc, consent.org_id, consent.connection_id, message),
      );
    });

  if (input.error) {
    const said = `${input.error}${input.error_description ? `: ${input.error_description}` : ''}`
      .replace(/[^\x20\x21\x23-\x5b\x5d-\x7e]/g, '')
      .slice(0, 200);
    const message = `the provider did not grant access (${said})`;
    await record(message);
    throw new PalisadeError('PS409', message, 'error');
  }
  if (!input.code) throw badRequest('code is missing from the provider’s answer', 'code');

  const { row, secret } = await deps.runAs(person, async (tx) => {
    const row = await proveConnection(tx, consent.org_id, consent.connection_id, 'manage');
    if (!samePlace(row, consent)) throw unknownState();
    const secret =
      row.client_auth_method === 'none'
        ? null
        : await asServiceFor(tx, person, (svc) => openClientSecret(svc, deps.ring(), row.org_id, row.id));
    return { row, secret };
  });
  if (row.issuer && input.iss !== row.issuer) {
    const message = `the authorization response came from ${input.iss ? 'another issuer' : 'an issuer that did not say who it is (iss)'}, not ${row.issuer}: refused`;
    await record(message);
    throw new PalisadeError('PS409', message, 'iss');
  }
  if (row.client_auth_method !== 'none' && !secret) {
    const message = 'the client secret is gone (the connection was edited?): PUT …/client-secret and authorize again';
    await record(message);
    throw new PalisadeError('PS409', message, 'client_secret');
  }

  let tokens: Awaited<ReturnType<typeof exchangeCode>>;
  try {
    tokens = await exchangeCode(
      deps.egress,
      row.token_endpoint,
      { clientId: row.client_id, method: row.client_auth_method, ...(secret ? { secret: secret.reveal() } : {}) },
      { code: input.code, redirectUri: consent.redirect_uri, verifier },
    );
  } catch (err) {
    if (!(err instanceof OAuth2ProviderError)) throw err;
    await record(err.message);
    throw new PalisadeError('PS502', `the code could not be exchanged: ${err.message}`, 'code');
  }

  const saved = await deps.runAs(person, async (tx) => {
    const again = await proveConnection(tx, consent.org_id, consent.connection_id, 'manage');
    if (!samePlace(again, consent)) throw unknownState();
    return asServiceFor(tx, person, (svc) =>
      saveConsentTokens(svc, deps.ring(), again.org_id, again.id, tokens, consent.user_id),
    );
  });
  return { ...where, grantedScope: tokens.scope ?? null, expiresAt: saved.expiresAt };
}
