import type { Database, Queryable } from '../../db/types.ts';
import { asService } from '../../jobs/service.ts';
import { withService } from '../../vault/elevate.ts';
import { applyContactEvent, type Effect } from './contact.ts';
import { eventKey, type HubSpotEvent } from './events.ts';
import type { InboundMapping } from './inbound.ts';
import type { PortalRoute } from './portal.ts';

export type Outcome = 'processed' | 'ignored' | 'failed' | 'duplicate';

/** The event's row; nothing when its key is already stored (a redelivery). */
const INSERT = `
  insert into public.hubspot_webhook_events
    (org_id, event_key, portal_id, subscription_type, object_id, occurred_at, payload, status, error, processed_at)
  values (coalesce($1::uuid, app.platform_org_id()), $2, $3, $4, $5, to_timestamp($6::double precision / 1000), $7,
          $8, $9, case when $8 = 'received' then null else now() end)
  on conflict on constraint hubspot_webhook_events_event_key_key do nothing
  returning id`;

/**
 * An event stored as failed because HubSpot could not be asked to prove its portal is to be taken
 * again when HubSpot redelivers it: that row (platform organisation, failed) makes way first.
 */
const RETAKE = `delete from public.hubspot_webhook_events
  where event_key = $1 and org_id = app.platform_org_id() and status = 'failed'`;

async function insert(tx: Queryable, orgId: string | null, e: HubSpotEvent, status: string, error: string | null) {
  await tx.query(RETAKE, [eventKey(e)]);
  return tx.query<{ id: string }>(INSERT, [
    orgId,
    eventKey(e),
    e.portalId,
    e.subscriptionType,
    String(e.objectId),
    e.occurredAt,
    JSON.stringify(e),
    status,
    error,
  ]);
}

/**
 * A refusal the event itself caused: a Palisade code other than an outage (the plan's lead limit
 * is PS402), or a value a column refused (22…, 23…). Anything else (connection lost, a bug) is
 * thrown, so the delivery is answered 500, nothing of the event is stored and HubSpot retries.
 */
function refusal(err: unknown): string | null {
  const e = err as { code?: unknown; message?: unknown };
  if (typeof e?.code !== 'string' || !/^(PS4[0-9]{2}|22[0-9A-Z]{3}|23[0-9A-Z]{3})$/.test(e.code)) return null;
  return `${e.code}: ${String(e.message ?? '')}`.slice(0, 2000);
}

/**
 * Stores one event and applies it, in one transaction as the service role of the organisation
 * its portal routes to. A redelivered event finds its row and changes nothing. When the effect is
 * refused, it is undone to a savepoint and the event stored as failed with the refusal's code, so
 * the delivery is still acknowledged (HubSpot would otherwise retry it for days).
 */
export async function storeEvent(
  db: Database,
  route: PortalRoute,
  mapping: InboundMapping | null,
  e: HubSpotEvent,
): Promise<{ outcome: Outcome; error: string | null }> {
  if (route.orgId === null) {
    const { rows } = await withService(db, (tx) => insert(tx, null, e, route.status, route.reason));
    return { outcome: rows.length ? route.status : 'duplicate', error: route.reason };
  }
  const orgId = route.orgId;
  return asService(db, orgId, async (tx) => {
    const { rows } = await insert(tx, orgId, e, 'received', null);
    const id = rows[0]?.id;
    if (!id) return { outcome: 'duplicate' as const, error: null };
    let effect: Effect;
    await tx.query('savepoint hubspot_event_effect');
    try {
      effect = mapping
        ? await applyContactEvent(tx, orgId, mapping, e)
        : { status: 'failed', error: "the HubSpot integration's field mappings cannot be read" };
      await tx.query('release savepoint hubspot_event_effect');
    } catch (err) {
      const error = refusal(err);
      if (!error) throw err;
      await tx.query('rollback to savepoint hubspot_event_effect');
      effect = { status: 'failed', error };
    }
    await tx.query(
      `update public.hubspot_webhook_events set status = $3, error = $4, processed_at = now()
       where org_id = $1 and id = $2`,
      [orgId, id, effect.status, effect.error],
    );
    return { outcome: effect.status, error: effect.error };
  });
}
