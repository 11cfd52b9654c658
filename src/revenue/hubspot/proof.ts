import type { Database } from '../../db/types.ts';
import { openCredentials } from '../../integrations/credentials.ts';
import { hubspot, hubspotAccount } from '../../integrations/types/hubspot.ts';
import { asService } from '../../jobs/service.ts';
import type { EgressClient } from '../../net/egress.ts';
import { VaultError } from '../../vault/cipher.ts';
import type { ServiceTx } from '../../vault/elevate.ts';
import type { KeyRing } from '../../vault/keyring.ts';

/** HubSpot's public API: proofs are asked there, never at a URL a tenant configured. */
const HUBSPOT_API_URL = 'https://api.hubapi.com';
/** Proofs remembered at most; the oldest is forgotten first. */
const MAX_PROOFS = 1000;
/** A webhook delivery must be answered within HubSpot's 5 s: one proof waits at most this. */
const PROOF_TIMEOUT_MS = 3000;

/** One integration's claim of a portal, as stored. */
export interface PortalClaim {
  orgId: string;
  integrationId: string;
  portalId: number;
  secretId: string | null;
  /** The integration's updated_at and credentials_updated_at: a new value means a new proof. */
  version: string;
}

/**
 * proven: the integration's own credential belongs to the portal; unproven: it does not, or there
 * is none HubSpot accepts (the reason names which, never a value); unreachable: HubSpot could not
 * be asked (not remembered: the next delivery asks again).
 */
export type Proof = { kind: 'proven' } | { kind: 'unproven'; reason: string } | { kind: 'unreachable' };

export interface PortalProofDeps {
  db: Database;
  ring: () => KeyRing;
  http: EgressClient;
  /** Default HUBSPOT_API_URL; tests point it at their local fake. */
  apiUrl?: string;
}

/**
 * Proves portal claims with each integration's vaulted HubSpot credential (account-info API) and
 * remembers the answers by (integration, claimed portal, version), in a bounded map.
 */
export class PortalProofs {
  readonly #known = new Map<string, Proof>();

  constructor(private readonly deps: PortalProofDeps) {}

  async prove(claim: PortalClaim): Promise<Proof> {
    const key = `${claim.integrationId}:${claim.portalId}:${claim.version}`;
    const known = this.#known.get(key);
    if (known) return known;
    const proof = await this.#ask(claim);
    if (proof.kind !== 'unreachable') {
      if (this.#known.size >= MAX_PROOFS) this.#known.delete(this.#known.keys().next().value!);
      this.#known.set(key, proof);
    }
    return proof;
  }

  async #ask(claim: PortalClaim): Promise<Proof> {
    const unproven = (why: string): Proof => ({ kind: 'unproven', reason: `portal not proven: ${why}` });
    if (!claim.secretId) return unproven('the integration has no stored credentials');
    let token: string | null;
    try {
      token = await asService(this.deps.db, claim.orgId, async (tx) => {
        const creds = await openCredentials(tx as ServiceTx, this.deps.ring(), claim.orgId, claim.secretId!);
        const parsed = hubspot.credentials.safeParse(creds?.reveal());
        return parsed.success ? parsed.data.accessToken : null;
      });
    } catch (err) {
      if (!(err instanceof VaultError)) throw err;
      token = null;
    }
    if (!token) return unproven('the integration’s stored credentials cannot be read as a HubSpot access token');
    try {
      const account = await hubspotAccount(
        this.deps.http,
        this.deps.apiUrl ?? HUBSPOT_API_URL,
        token,
        PROOF_TIMEOUT_MS,
      );
      if ('refused' in account) return unproven(account.refused);
      return account.portalId === claim.portalId
        ? { kind: 'proven' }
        : unproven('the integration’s HubSpot credentials belong to another portal');
    } catch {
      // EgressError or a 429/5xx: their messages name origin, path or status only, but none is needed.
      return { kind: 'unreachable' };
    }
  }
}
