/**
 * Each step type install's credentials for its custom-step calls. The signing key: the secret its custom-step calls are signed with and its
 * callbacks are verified by. It lives in the vault (purpose 'step_signing'); the install row holds
 * only its id, which is also the key id sent in the `palisade-key-id` header. An owner or admin
 * makes a new one and sees it once, to configure the step service; the previous key still verifies
 * callbacks, so a rotation never drops one in flight, and goes at the rotation after. The bearer
 * token, for a contract that authenticates that way: set by an owner or admin, never read back.
 */
import { randomBytes } from 'node:crypto';
import type { Claims, Principal } from '../db/principal.ts';
import type { Queryable } from '../db/types.ts';
import { forbidden, notFound } from '../errors/error.ts';
import { asServiceFor, type ServiceTx } from '../vault/elevate.ts';
import type { KeyRing } from '../vault/keyring.ts';
import { readSecret, writeSecret } from '../vault/secrets.ts';

const PURPOSE = 'step_signing';
const BEARER = 'step_bearer';

/** As the caller, under RLS: the install must be visible (else 404), and changeable (owners and admins, else 403). */
async function proveCanManage(tx: Queryable, orgId: string, installId: string) {
  const seen = await tx.query('select 1 from public.step_type_installs where org_id = $1 and id = $2', [
    orgId,
    installId,
  ]);
  if (!seen.rows[0]) throw notFound('step type install', 'install_id');
  const mine = await tx.query('update public.step_type_installs set pinned = pinned where org_id = $1 and id = $2', [
    orgId,
    installId,
  ]);
  if (!mine.rowCount) throw forbidden('only owners and admins manage step credentials');
}

/**
 * A new signing key for the install, as the caller (owners and admins); the secret is returned
 * once. The keys are loaded only once the caller has proved it may (`ring` is called then).
 */
export async function rotateSigningKey(
  tx: Queryable,
  ring: () => KeyRing,
  caller: Principal | Claims,
  orgId: string,
  installId: string,
): Promise<{ keyId: string; secret: string; previousKeyId: string | null }> {
  await proveCanManage(tx, orgId, installId);
  return asServiceFor(tx, caller, async (svc) => {
    const secret = randomBytes(32).toString('base64url');
    const { id } = await writeSecret(svc, ring(), { orgId, purpose: PURPOSE }, Buffer.from(secret, 'utf8'));
    const { rows } = await svc.query<{ previous: string | null; dropped: string | null }>(
      `with old as (select signing_key_id, previous_signing_key_id from public.step_type_installs
                  where org_id = $1 and id = $2 for update)
     update public.step_type_installs i
     set signing_key_id = $3, previous_signing_key_id = old.signing_key_id, signing_key_rotated_at = now()
     from old where i.org_id = $1 and i.id = $2
     returning old.signing_key_id as previous, old.previous_signing_key_id as dropped`,
      [orgId, installId, id],
    );
    const dropped = rows[0]?.dropped;
    if (dropped)
      await svc.query('delete from palisade_vault.secrets where org_id = $1 and id = $2 and purpose = $3', [
        orgId,
        dropped,
        PURPOSE,
      ]);
    return { keyId: id, secret, previousKeyId: rows[0]?.previous ?? null };
  });
}

/**
 * Sets (or with null clears) the bearer token an install's calls carry when its contract says
 * `bearer`, as the caller (owners and admins). Write-only: nothing reads it back but the runtime.
 */
export async function setBearerToken(
  tx: Queryable,
  ring: () => KeyRing,
  caller: Principal | Claims,
  orgId: string,
  installId: string,
  token: string | null,
): Promise<void> {
  await proveCanManage(tx, orgId, installId);
  await asServiceFor(tx, caller, async (svc) => {
    const { rows } = await svc.query<{ bearer_secret_id: string | null }>(
      'select bearer_secret_id from public.step_type_installs where org_id = $1 and id = $2 for update',
      [orgId, installId],
    );
    const old = rows[0]?.bearer_secret_id ?? null;
    const id =
      token === null ? null : (await writeSecret(svc, ring(), { orgId, purpose: BEARER }, Buffer.from(token))).id;
    await svc.query('update public.step_type_installs set bearer_secret_id = $3 where org_id = $1 and id = $2', [
      orgId,
      installId,
      id,
    ]);
    if (old)
      await svc.query('delete from palisade_vault.secrets where org_id = $1 and id = $2 and purpose = $3', [
        orgId,
        old,
        BEARER,
      ]);
  });
}

/** The install's bearer token, for the runtime, as the service role; null when none is set. */
export async function bearerToken(svc: ServiceTx, ring: KeyRing, orgId: string, id: string | null) {
  if (!id) return null;
  return (await readSecret(svc, ring, { orgId, id, purpose: BEARER }))?.reveal().toString('utf8') ?? null;
}

/** The secrets of the named keys (current first), for the runtime, as the service role. */
export async function signingSecrets(
  svc: ServiceTx,
  ring: KeyRing,
  orgId: string,
  keyIds: (string | null)[],
): Promise<Map<string, string>> {
  const found = new Map<string, string>();
  for (const id of keyIds) {
    if (!id) continue;
    const s = await readSecret(svc, ring, { orgId, id, purpose: PURPOSE });
    if (s) found.set(id, s.reveal().toString('utf8'));
  }
  return found;
}
