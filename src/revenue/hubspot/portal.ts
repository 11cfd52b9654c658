import type { Database } from '../../db/types.ts';
import { withService } from '../../vault/elevate.ts';

/** Where a portal's events go: one organisation's active HubSpot integration, or nowhere and why. */
export type PortalRoute = { orgId: string; integrationId: string; mappings: unknown } | { orgId: null; reason: string };

interface Row {
  org_id: string;
  id: string;
  field_mappings: unknown;
  portal: string;
}

/**
 * Finds, for each HubSpot portal id, the one active `hubspot` integration whose config names it
 * (`portalId`), in an organisation that is not deleted. The portal id in config is the tenant's
 * claim: when two integrations claim the same portal (two organisations, or one twice), no
 * organisation gets its events, so one tenant can never route itself another's contacts silently.
 */
export async function routePortals(db: Database, portalIds: readonly number[]): Promise<Map<number, PortalRoute>> {
  const rows = await withService(
    db,
    async (tx) =>
      (
        await tx.query<Row>(
          `select i.org_id, i.id, i.field_mappings, (i.config ->> 'portalId') as portal
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
  for (const portal of portalIds) {
    const claims = rows.filter((r) => Number(r.portal) === portal);
    const only = claims[0];
    routes.set(
      portal,
      claims.length === 1 && only
        ? { orgId: only.org_id, integrationId: only.id, mappings: only.field_mappings }
        : {
            orgId: null,
            reason: claims.length
              ? 'more than one active HubSpot integration names this portal: none receives its events'
              : 'no active HubSpot integration names this portal',
          },
    );
  }
  return routes;
}
