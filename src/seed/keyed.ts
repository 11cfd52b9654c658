import { randomBytes } from 'node:crypto';
import { anchorChains } from '../audit/anchors.ts';
import { resolveSigningKey } from '../audit/keys.ts';
import { ConfigError, type EngineConfig } from '../config/index.ts';
import { withPrincipal } from '../db/principal.ts';
import type { Database } from '../db/types.ts';
import { setCredentials } from '../integrations/credentials.ts';
import { DEMO_INTEGRATIONS } from '../integrations/seed.ts';
import { loadKeyRing } from '../vault/keys.ts';
import { DEMO } from './ids.ts';

/**
 * The demo rows that need keys, added when keys are at hand (embedded: generated into the data
 * dir; server: PALISADE_VAULT_KEYS and PALISADE_AUDIT_SIGNING_KEY): a credential in the vault for
 * each organisation's first integration, stored by its owner through the same RLS-checked path as
 * the API, and signed heads of every audit chain. So palisade_vault.secrets and palisade_audit.anchors hold rows to
 * probe too. The credential values are random and never printed. Idempotent.
 */
export async function seedKeyedDemo(db: Database, engine: EngineConfig, say: (line: string) => void): Promise<void> {
  let ring: ReturnType<typeof loadKeyRing>['ring'] | undefined;
  try {
    const loaded = loadKeyRing(engine);
    if (loaded.warning) say(`  ${loaded.warning}`);
    ring = loaded.ring;
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    say('  No vault key (PALISADE_VAULT_KEYS): the demo integrations get no stored credentials.');
  }
  if (ring) {
    const demo = [
      {
        org: DEMO.orgs.a,
        integration: DEMO_INTEGRATIONS.a.primary,
        credentials: { apiToken: `demo-${randomBytes(16).toString('hex')}` },
      },
      {
        org: DEMO.orgs.b,
        integration: DEMO_INTEGRATIONS.b.primary,
        credentials: { accessToken: `pat-demo-${randomBytes(16).toString('hex')}` },
      },
    ];
    for (const d of demo) {
      const owner = { kind: 'user' as const, userId: d.org.users.owner.id };
      await withPrincipal(db, owner, async (tx) => {
        const { rows } = await tx.query<{ set: boolean }>(
          'select credentials_updated_at is not null as set from public.organisation_integrations where org_id = $1 and id = $2',
          [d.org.id, d.integration],
        );
        if (rows[0] && !rows[0].set) await setCredentials(tx, { ring }, owner, d.org.id, d.integration, d.credentials);
      });
    }
  }
  const anchored = await db.query<{ any: boolean }>('select exists (select 1 from palisade_audit.anchors) as any');
  if (anchored.rows[0]?.any) return;
  const key = resolveSigningKey({ generate: engine.kind === 'pglite', warn: (m) => say(`  ${m}`) });
  if (key) await anchorChains(db, { key });
  else
    say('  No audit signing key (PALISADE_AUDIT_SIGNING_KEY): chain heads not anchored yet (`palisade audit anchor`).');
}
