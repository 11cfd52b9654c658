import type { Queryable } from '../../db/types.ts';
import type { HubSpotEvent } from './events.ts';
import { type InboundMapping, type LeadColumn, leadValues } from './inbound.ts';

/** What an event did; `error` says why it was ignored or failed, naming fields, never values. */
export interface Effect {
  status: 'processed' | 'ignored' | 'failed';
  error: string | null;
}

const ignored = (error: string): Effect => ({ status: 'ignored', error });
const failed = (error: string): Effect => ({ status: 'failed', error });
const PROCESSED: Effect = { status: 'processed', error: null };

const at = (e: HubSpotEvent) => e.occurredAt / 1000;

/**
 * The lead a HubSpot contact event changes. A webhook carries only the changed property, so the
 * contact's known values are the latest stored event of each mapped property (this one included):
 * that is how a lead's name is "first last" from two separate changes, and how a contact whose
 * email arrives after its name becomes a lead with both. One lead per contact
 * (org_id, hubspot_contact_id), in the organisation's default workspace, source 'hubspot'.
 *
 * - contact.creation / contact.propertyChange: update the changed property's column of the
 *   contact's lead; without a lead, create one once an email is known (a lead needs a way to
 *   reach it), counted against the plan's monthly leads. A change older than one already stored
 *   for the same property, or of a property no mapping names, changes nothing.
 * - contact.deletion / contact.privacyDeletion: stored as processed, the lead kept as it is:
 *   leads are removed only by the operator's reviewed purge (`palisade leads purge`).
 * - any other subscription type: stored, ignored.
 */
export async function applyContactEvent(
  tx: Queryable,
  orgId: string,
  mapping: InboundMapping,
  e: HubSpotEvent,
): Promise<Effect> {
  const type = e.subscriptionType;
  if (type === 'contact.deletion' || type === 'contact.privacyDeletion') return PROCESSED;
  if (type !== 'contact.creation' && type !== 'contact.propertyChange')
    return ignored(`${type} events are not acted on`);
  const contact = String(e.objectId);
  const changed = type === 'contact.propertyChange' ? e.propertyName : undefined;
  const column: LeadColumn | undefined = changed === undefined ? undefined : mapping.get(changed)?.column;
  if (changed !== undefined && !column) return ignored(`${changed} is mapped to no lead field HubSpot may set`);

  // One event of a contact at a time: the reads below and the lead's insert must not interleave.
  await tx.query('select pg_advisory_xact_lock(hashtextextended($1, 0))', [`hubspot-contact:${orgId}:${contact}`]);
  if (changed !== undefined) {
    const { rows } = await tx.query<{ newer: boolean }>(
      `select exists (select 1 from public.hubspot_webhook_events
         where org_id = $1 and object_id = $2 and subscription_type = 'contact.propertyChange'
           and payload ->> 'propertyName' = $3 and occurred_at > to_timestamp($4::double precision)) as newer`,
      [orgId, contact, changed, at(e)],
    );
    if (rows[0]?.newer) return ignored(`a later change of ${changed} was already received`);
  }
  const known = await tx.query<{ name: string; value: string | null }>(
    `select distinct on (payload ->> 'propertyName') payload ->> 'propertyName' as name, payload ->> 'propertyValue' as value
     from public.hubspot_webhook_events
     where org_id = $1 and object_id = $2 and subscription_type = 'contact.propertyChange'
       and payload ->> 'propertyName' = any ($3::text[])
     order by payload ->> 'propertyName', occurred_at desc, received_at desc`,
    [orgId, contact, [...mapping.keys()]],
  );
  const { columns, problems } = leadValues(mapping, new Map(known.rows.map((r) => [r.name, r.value])));
  if (changed !== undefined && problems.has(changed)) return failed(problems.get(changed)!);
  if (column === 'name' && problems.has('name')) return failed(problems.get('name')!);

  const lead = await tx.query<{ id: string }>(
    'select id from public.leads where org_id = $1 and hubspot_contact_id = $2 for update',
    [orgId, contact],
  );
  const leadId = lead.rows[0]?.id;
  if (leadId) {
    if (!column) return PROCESSED;
    await tx.query(
      `update public.leads set email = case when $3 then $4 else email end, name = case when $5 then $6 else name end,
         company = case when $7 then $8 else company end
       where org_id = $1 and id = $2`,
      [
        orgId,
        leadId,
        column === 'email',
        columns.email ?? null,
        column === 'name',
        columns.name ?? null,
        column === 'company',
        columns.company ?? null,
      ],
    );
    return PROCESSED;
  }
  if (!columns.email) return ignored('the contact has no lead yet, and no email to create one with');
  const created = await tx.query(
    `insert into public.leads (org_id, workspace_id, email, name, company, source, hubspot_contact_id, created_by)
     select $1::uuid, w.id, $3::text, $4::text, $5::text, 'hubspot', $2::text, null
     from public.workspaces w where w.org_id = $1::uuid and w.is_default
     returning id`,
    [orgId, contact, columns.email, columns.name ?? null, columns.company ?? null],
  );
  return created.rows.length ? PROCESSED : failed('the organisation has no default workspace for the lead');
}
