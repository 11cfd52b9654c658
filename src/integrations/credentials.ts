import type { Claims, Principal } from '../db/principal.ts';
import type { Queryable } from '../db/types.ts';
import { PalisadeError } from '../errors/error.ts';
import { asServiceFor, type ServiceTx } from '../vault/elevate.ts';
import type { KeyRing } from '../vault/keyring.ts';
import type { Redacted } from '../vault/redacted.ts';
import { readJsonSecret, writeTextSecret } from '../vault/secrets.ts';
import { proveCanManage } from './access.ts';
import { invalidDocument } from './problems.ts';
import { integrationTypes } from './registry.ts';
import type { IntegrationRow } from './rows.ts';
import { checkIds, type IntegrationsContext } from './service.ts';
import { credentialsProblems } from './validate.ts';

/**
 * Integration credentials: write-only through the API. The flow, every time, in ONE transaction:
 *   1. as the caller, under RLS: proveCanManage (SELECT … FOR UPDATE returns the row only to
 *      owners and admins of its organisation, and locks it);
 *   2. switch to the service role and touch palisade_vault.secrets and credential_secret_id, using only
 *      the org and id that step 1 returned;
 *   3. switch back to the caller, so whatever the transaction does next is RLS-checked again.
 * No value is ever returned, logged or put in an error; readers get { configured, updatedAt }.
 */
export const CREDENTIALS_PURPOSE = 'integration_credentials';

export type Caller = Principal | Claims;

export interface CredentialsContext extends IntegrationsContext {
  ring: KeyRing;
}

async function secretIdOf(tx: ServiceTx, row: IntegrationRow): Promise<string | null> {
  const { rows } = await tx.query<{ credential_secret_id: string | null }>(
    'select credential_secret_id from public.organisation_integrations where org_id = $1 and id = $2',
    [row.org_id, row.id],
  );
  return rows[0]?.credential_secret_id ?? null;
}

export async function setCredentials(
  tx: Queryable,
  ctx: CredentialsContext,
  caller: Caller,
  orgId: string,
  id: string,
  credentials: unknown,
): Promise<{ configured: true; updatedAt: string }> {
  checkIds(orgId, id);
  const row = await proveCanManage(tx, orgId, id);
  const type = (ctx.registry ?? integrationTypes).require(row.type_key, 'type');
  const problems = credentialsProblems(type, credentials);
  if (problems.length) throw invalidDocument('credentials', problems);
  return asServiceFor(tx, caller, async (svc) => {
    const existing = await secretIdOf(svc, row);
    const secret = await writeTextSecret(
      svc,
      ctx.ring,
      { orgId: row.org_id, id: existing ?? undefined, purpose: CREDENTIALS_PURPOSE },
      JSON.stringify(credentials),
    );
    const { rows } = await svc.query<{ credentials_updated_at: Date }>(
      `update public.organisation_integrations set credential_secret_id = $3, credentials_updated_at = now()
       where org_id = $1 and id = $2 returning credentials_updated_at`,
      [row.org_id, row.id, secret.id],
    );
    return { configured: true as const, updatedAt: new Date(rows[0]!.credentials_updated_at).toISOString() };
  });
}

/** Forgets the credentials (the table's trigger deletes the vault row). Refused while active. */
export async function clearCredentials(
  tx: Queryable,
  caller: Caller,
  orgId: string,
  id: string,
): Promise<{ configured: false }> {
  checkIds(orgId, id);
  const row = await proveCanManage(tx, orgId, id);
  if (row.status === 'active')
    throw new PalisadeError('PS409', 'pause or disable the integration before removing its credentials', 'status');
  await asServiceFor(tx, caller, (svc) =>
    svc.query(
      `update public.organisation_integrations set credential_secret_id = null, credentials_updated_at = now()
       where org_id = $1 and id = $2 and credential_secret_id is not null`,
      [row.org_id, row.id],
    ),
  );
  return { configured: false };
}

/**
 * The decrypted credentials of `row`, wrapped so they cannot be logged; null when none are
 * stored. Only call it with a row that proveCanManage returned in this transaction.
 */
export async function loadCredentials(
  tx: Queryable,
  ring: KeyRing,
  caller: Caller,
  row: IntegrationRow,
): Promise<Redacted<unknown> | null> {
  return asServiceFor(tx, caller, async (svc) => {
    const secretId = await secretIdOf(svc, row);
    return secretId ? openCredentials(svc, ring, row.org_id, secretId) : null;
  });
}

/**
 * Integration credentials `secretId` of `orgId`, decrypted in a service transaction (a sync, a
 * webhook's portal proof) and wrapped so they cannot be logged; null when the secret is gone.
 * Throws VaultError when the current keys cannot open it.
 */
export async function openCredentials(
  svc: ServiceTx,
  ring: KeyRing,
  orgId: string,
  secretId: string,
): Promise<Redacted<unknown> | null> {
  return readJsonSecret(svc, ring, { orgId, id: secretId, purpose: CREDENTIALS_PURPOSE });
}
