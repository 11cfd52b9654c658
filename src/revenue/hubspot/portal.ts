import type { Database } from '../../db/types.ts';
import { withService } from '../../vault/elevate.ts';
import type { PortalClaim, PortalProofs, Proof } from './proof.ts';

/**
 * Where a portal's events go: one organisation's active HubSpot integration, or nowhere and why;
 * `failed` when HubSpot could not be asked to prove a claim (the delivery is to be retried).
 */
export type PortalRoute =
  | { orgId: string; integrationId: string; mappings: unknown }
  | { orgId: null; status: 'ignored' | 'failed'; reason: string };

interface Row {
  org_id: string;
  id: string;
  field_mappings: unknown;
  portal: string;
  credential_secret_id: string | null;
  version: string;
}

/**
 * Finds, for each HubSpot portal id, the active `hubspot` integrations whose config names it
 * (`portalId`), in organisations that are not deleted. The portal id in config is only the
 * tenant's claim: each claim is proven with that integration's own vaulted credential (HubSpot's
 * account-info API, proof.ts), and the portal routes to the one integration whose credential
 * belongs to it. None proven: ignored. More than one proven (two integrations hold tokens of the
 * same portal): ignored too, so no organisation receives another's contacts by chance. A claim
 * HubSpot could not be asked about, unless the others settle it, makes the route `failed`.
 */
export async function routePortals(
  db: Database,
  proofs: PortalProofs,
  portalIds: readonly number[],
): Promise<Map<number, PortalRoute>> {
  const rows = await withService(
    db,
    async (tx) =>
      (
        await tx.query<Row>(
          `select i.org_id, i.id, i.field_mappings, (i.config ->> 'portalId') as portal, i.credential_secret_id,
                  concat_ws('/', i.updated_at, i.credentials_updated_at) as version
           from public.organisation_integrations i
           join public.organisations o on o.id = i.org_id and o.deleted_at is null
           where i.type_key = 'hubspot' and i.status = 'active'
             and jsonb_typeof(i.config -> 'portalId') = 'number'
             and (i.config ->> 'portalId')::numeric = any ($1::numeric[])`,
          [portalIds.map(String)],
        )
      ).rows,
  );
  const routes = new Map<number, PortalRoute>();
  await Promise.all(
    portalIds.map(async (portal) => {
      const claims = rows.filter((r) => Number(r.portal) === portal);
      const proven = await Promise.all(
        claims.map(async (r) => {
          const claim: PortalClaim = {
            orgId: r.org_id,
            integrationId: r.id,
            portalId: portal,
            secretId: r.credential_secret_id,
            version: r.version,
          };
          return { row: r, proof: await proofs.prove(claim) };
        }),
      );
      routes.set(portal, decide(claims.length, proven));
    }),
  );
  return routes;
}

function decide(claimed: number, proofs: Array<{ row: Row; proof: Proof }>): PortalRoute {
  const ignored = (reason: string): PortalRoute => ({ orgId: null, status: 'ignored', reason });
  if (!claimed) return ignored('no active HubSpot integration names this portal');
  const winners = proofs.filter((p) => p.proof.kind === 'proven');
  if (winners.length > 1)
    return ignored('more than one active HubSpot integration proves this portal: none receives its events');
  if (proofs.some((p) => p.proof.kind === 'unreachable'))
    return {
      orgId: null,
      status: 'failed',
      reason: 'portal not proven: HubSpot could not be reached to prove the claim; the delivery is to be retried',
    };
  const only = winners[0];
  if (only) return { orgId: only.row.org_id, integrationId: only.row.id, mappings: only.row.field_mappings };
  const reasons = [...new Set(proofs.map((p) => (p.proof.kind === 'unproven' ? p.proof.reason : '')))];
  return ignored(
    claimed === 1
      ? reasons[0]!
      : `portal not proven: none of the ${claimed} active HubSpot integrations naming it holds credentials of it`,
  );
}
