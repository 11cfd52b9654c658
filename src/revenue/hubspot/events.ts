import { z } from 'zod';

/** HubSpot sends at most 100 events in one request; more is not a HubSpot delivery. */
const MAX_EVENTS = 100;

const whole = (min: number, what: string) =>
  z
    .number({ error: `must be ${what}` })
    .int({ error: `must be ${what}` })
    .min(min, { error: `must be ${what}` })
    .max(Number.MAX_SAFE_INTEGER, { error: `must be ${what}` });

/**
 * One webhook event as HubSpot posts it. The fields Palisade reads are checked; the others
 * (subscriptionId, appId, attemptNumber, changeSource, …) are kept as sent in the stored payload.
 */
export const HubSpotEvent = z
  .looseObject({
    eventId: whole(0, 'a whole number'),
    subscriptionType: z
      .string({ error: 'must be text such as contact.propertyChange' })
      .regex(/^[A-Za-z0-9_.-]{1,100}$/, { error: 'must be text such as contact.propertyChange' }),
    portalId: whole(1, 'a whole number above 0'),
    objectId: whole(0, 'a whole number'),
    occurredAt: whole(0, 'milliseconds since the epoch'),
    propertyName: z
      .string({ error: 'must be a HubSpot property name' })
      .regex(/^[A-Za-z0-9_]{1,100}$/, { error: 'must be a HubSpot property name' })
      .optional(),
    propertyValue: z
      .string({ error: 'must be text' })
      .max(20_000, { error: 'must be at most 20000 characters' })
      .nullish(),
  })
  .superRefine((e, ctx) => {
    if (e.subscriptionType.endsWith('.propertyChange') && e.propertyName === undefined)
      ctx.addIssue({ code: 'custom', path: ['propertyName'], message: 'is required for a property change' });
  });

export type HubSpotEvent = z.infer<typeof HubSpotEvent>;

export const HubSpotDelivery = z
  .array(HubSpotEvent, { error: 'must be a JSON array of HubSpot events' })
  .min(1, { error: 'must hold at least one event' })
  .max(MAX_EVENTS, { error: `must hold at most ${MAX_EVENTS} events` });

/** "<portalId>:<eventId>": HubSpot's event ids are unique within a portal. */
export const eventKey = (e: HubSpotEvent) => `${e.portalId}:${e.eventId}`;
