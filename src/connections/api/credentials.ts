import type { Queryable } from '../../db/types.ts';
import type { Caller } from '../../integrations/credentials.ts';
import { asServiceFor, type ServiceTx } from '../../vault/elevate.ts';
import type { KeyRing } from '../../vault/keyring.ts';
import type { Redacted } from '../../vault/redacted.ts';
import { readJsonSecret, writeTextSecret } from '../../vault/secrets.ts';
import type { ApiConnectionRow } from './schemas.ts';

/**
 * API connection credentials: write-only, in palisade_vault.secrets under their own purpose (a
 * ciphertext moved to another purpose, row or tenant fails to decrypt). The pattern of
 * src/integrations/credentials.ts: the caller proves the row under RLS first (store.ts
 * proveCanManage / proveCanUse), then the service touches the vault using only that row's ids, then
 * the transaction switches back to the caller.
 */
const API_CONNECTION_PURPOSE = 'api_connection_credentials';

async function secretIdOf(svc: ServiceTx, row: ApiConnectionRow): Promise<string | null> {
  const { rows } = await svc.query<{ credential_secret_id: string | null }>(
    'select credential_secret_id from public.api_connections where org_id = $1 and id = $2',
    [row.org_id, row.id],
  );
  return rows[0]?.credential_secret_id ?? null;
}

export async function storeCredentials(
  tx: Queryable,
  ring: KeyRing,
  caller: Caller,
  row: ApiConnectionRow,
  credentials: unknown,
): Promise<{ configured: true; updatedAt: string }> {
  return asServiceFor(tx, caller, async (svc) => {
    const existing = await secretIdOf(svc, row);
    const secret = await writeTextSecret(
      svc,
      ring,
      { orgId: row.org_id, id: existing ?? undefined, purpose: API_CONNECTION_PURPOSE },
      JSON.stringify(credentials),
    );
    const { rows } = await svc.query<{ credentials_updated_at: Date }>(
      `update public.api_connections set credential_secret_id = $3, credentials_updated_at = now()
       where org_id = $1 and id = $2 returning credentials_updated_at`,
      [row.org_id, row.id, secret.id],
    );
    return { configured: true as const, updatedAt: new Date(rows[0]!.credentials_updated_at).toISOString() };
  });
}

/** Forgets the credentials; the table's trigger (app.drop_credential_secret) deletes the vault row. */
export async function forgetCredentials(tx: Queryable, caller: Caller, row: ApiConnectionRow): Promise<void> {
  await asServiceFor(tx, caller, (svc) =>
    svc.query(
      `update public.api_connections set credential_secret_id = null, credentials_updated_at = now()
       where org_id = $1 and id = $2 and credential_secret_id is not null`,
      [row.org_id, row.id],
    ),
  );
}

/** The decrypted credentials of a proven row, wrapped so they cannot be logged; null when none. */
export async function openCredentials(
  tx: Queryable,
  ring: KeyRing,
  caller: Caller,
  row: ApiConnectionRow,
): Promise<Redacted<unknown> | null> {
  return asServiceFor(tx, caller, async (svc) => {
    const id = await secretIdOf(svc, row);
    return id ? readJsonSecret(svc, ring, { orgId: row.org_id, id, purpose: API_CONNECTION_PURPOSE }) : null;
  });
}

/** Call bookkeeping, written by the service (tenants hold no grant on these columns). */
export async function recordCall(tx: Queryable, caller: Caller, row: ApiConnectionRow, status: number | null) {
  await asServiceFor(tx, caller, (svc) =>
    svc.query(
      'update public.api_connections set last_called_at = now(), last_status = $3 where org_id = $1 and id = $2',
      [row.org_id, row.id, status],
    ),
  );
}
