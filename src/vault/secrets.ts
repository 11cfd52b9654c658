import { randomUUID } from 'node:crypto';
import { AAD_VERSION, open, type SecretRef, seal } from './cipher.ts';
import type { ServiceTx } from './elevate.ts';
import type { KeyRing } from './keyring.ts';
import { Redacted } from './redacted.ts';

/** SQL for palisade_vault.secrets. Every function takes a service-role transaction (see elevate.ts). */

interface SecretRow {
  key_id: string;
  nonce: Buffer | Uint8Array;
  ciphertext: Buffer | Uint8Array;
}

/** Creates or replaces a secret: a fresh nonce, sealed with the newest key. */
export async function writeSecret(
  tx: ServiceTx,
  ring: KeyRing,
  ref: Omit<SecretRef, 'id'> & { id?: string },
  plaintext: Buffer,
): Promise<{ id: string; updatedAt: Date }> {
  const full: SecretRef = { ...ref, id: ref.id ?? randomUUID() };
  const sealed = seal(ring, full, plaintext);
  const { rows } = await tx.query<{ id: string; updated_at: Date }>(
    `insert into palisade_vault.secrets (org_id, id, purpose, key_id, nonce, ciphertext, aad_version)
     values ($1, $2, $3, $4, $5, $6, $7)
     on conflict (org_id, id) do update
       set key_id = excluded.key_id, nonce = excluded.nonce, ciphertext = excluded.ciphertext, updated_at = now()
       where palisade_vault.secrets.purpose = excluded.purpose
     returning id, updated_at`,
    [full.orgId, full.id, full.purpose, sealed.keyId, sealed.nonce, sealed.ciphertext, AAD_VERSION],
  );
  if (!rows[0]) throw new Error(`vault secret ${full.orgId}/${full.id} exists with another purpose`);
  return { id: rows[0].id, updatedAt: new Date(rows[0].updated_at) };
}

/** The plaintext, wrapped so it cannot be logged by accident; null when there is no such secret. */
export async function readSecret(tx: ServiceTx, ring: KeyRing, ref: SecretRef): Promise<Redacted<Buffer> | null> {
  const { rows } = await tx.query<SecretRow>(
    'select key_id, nonce, ciphertext from palisade_vault.secrets where org_id = $1 and id = $2 and purpose = $3',
    [ref.orgId, ref.id, ref.purpose],
  );
  const row = rows[0];
  if (!row) return null;
  return new Redacted(
    open(ring, ref, { keyId: row.key_id, nonce: Buffer.from(row.nonce), ciphertext: Buffer.from(row.ciphertext) }),
  );
}

/** A text secret (a token, a JSON document): sealed from a buffer that is zeroed once sealed. */
export async function writeTextSecret(
  tx: ServiceTx,
  ring: KeyRing,
  ref: Omit<SecretRef, 'id'> & { id?: string },
  text: string,
): Promise<{ id: string; updatedAt: Date }> {
  const plaintext = Buffer.from(text, 'utf8');
  try {
    return await writeSecret(tx, ring, ref, plaintext);
  } finally {
    plaintext.fill(0);
  }
}

/** A text secret, wrapped so it cannot be logged; the decrypted buffer is zeroed once read. */
export async function readTextSecret(tx: ServiceTx, ring: KeyRing, ref: SecretRef): Promise<Redacted<string> | null> {
  const plain = await readSecret(tx, ring, ref);
  if (!plain) return null;
  const text = plain.reveal().toString('utf8');
  plain.reveal().fill(0);
  return new Redacted(text);
}

/** A JSON secret (credentials), parsed and wrapped; null when there is no such secret. */
export async function readJsonSecret(tx: ServiceTx, ring: KeyRing, ref: SecretRef): Promise<Redacted<unknown> | null> {
  const text = await readTextSecret(tx, ring, ref);
  return text && new Redacted(JSON.parse(text.reveal()) as unknown);
}

/** How many secrets each key id seals: which old keys are still needed. */
export async function secretsPerKey(tx: ServiceTx): Promise<Map<string, number>> {
  const { rows } = await tx.query<{ key_id: string; n: number }>(
    'select key_id, count(*)::int as n from palisade_vault.secrets group by key_id order by key_id',
  );
  return new Map(rows.map((r) => [r.key_id, r.n]));
}
