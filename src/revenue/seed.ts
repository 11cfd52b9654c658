import { createHash, randomBytes } from 'node:crypto';
import type { Queryable } from '../db/types.ts';
import { DEMO, type DemoOrg, demoId } from '../seed/ids.ts';

/** Demo rows of the revenue module, by label, so tests, probes and the persona matrix can name them. */
export const DEMO_REVENUE = {
  org(o: DemoOrg) {
    return {
      lead: demoId(`lead:${o.slug}:1`),
      formLead: demoId(`lead:${o.slug}:form`),
      qualification: demoId(`lead-qualification:${o.slug}:1`),
      settings: demoId(`qualification-settings:${o.slug}`),
      captureKey: demoId(`lead-capture-key:${o.slug}`),
      subscription: demoId(`subscription:${o.slug}`),
      checkout: demoId(`checkout:${o.slug}`),
      billingEvent: demoId(`billing-event:${o.slug}`),
      hubspotEvent: demoId(`hubspot-event:${o.slug}`),
      request: demoId(`implementation-request:${o.slug}`),
    };
  },
} as const;

/**
 * Plans (the free plan comes with the migration): Team and Business, sold through Stripe Checkout
 * with demo price ids, and an unpublished Legacy plan tenants do not see.
 */
async function seedPlans(tx: Queryable) {
  await tx.query(
    `insert into platform.plans (id, name, limits, stripe_price_id, published, position) values
       ('team', 'Team', '{"leads": 10000, "ai_qualifications": 2000, "api_requests": 1000000, "members": 50, "workspaces": 25, "integrations": 25}', 'price_demoTeam', true, 1),
       ('business', 'Business', '{"leads": 100000, "ai_qualifications": 20000, "api_requests": 10000000, "members": 500, "workspaces": 250, "integrations": 100}', 'price_demoBusiness', true, 2),
       ('legacy', 'Legacy', '{"leads": 5000, "ai_qualifications": 500, "api_requests": 500000, "members": 20, "workspaces": 10, "integrations": 10}', null, false, 9)
     on conflict (id) do nothing`,
  );
}

/**
 * Each demo organisation's revenue rows: a lead qualified once, a form lead, qualification
 * settings, a capture key (its plaintext is thrown away: make one through the API to try the
 * form), a Team subscription, an open checkout, a Stripe and a HubSpot event, an implementation
 * request. The deleted organisation's only while it still exists.
 */
export async function seedRevenue(tx: Queryable, withDeleted: boolean) {
  await seedPlans(tx);
  const orgs = [...Object.values(DEMO.orgs), ...(withDeleted ? [DEMO.deletedOrg] : [])];
  for (const o of orgs) {
    const ids = DEMO_REVENUE.org(o);
    const { rowCount } = await tx.query(
      `insert into public.leads (org_id, id, workspace_id, email, name, company, job_title, source, created_by) values
         ($1, $2, $3, $4, 'Dana Buyer', 'Buyer Industries', 'Head of Operations', 'manual', $5)
       on conflict do nothing`,
      [o.id, ids.lead, o.defaultWorkspace, `dana@buyer-${o.slug}.test`, o.users.member.id],
    );
    if (!rowCount) continue;
    await tx.query(
      `insert into public.leads (org_id, id, workspace_id, email, name, message, source) values
         ($1, $2, $3, $4, 'Sam Visitor', 'Please call me about pricing', 'form')`,
      [o.id, ids.formLead, o.defaultWorkspace, `sam@visitor-${o.slug}.test`],
    );
    await tx.query(
      `insert into public.lead_qualifications (org_id, id, workspace_id, lead_id, qualifier, score, outcome, summary, reasons) values
         ($1, $2, $3, $4, 'rules', 72, 'qualified', 'Business email, decision-maker title',
          '[{"criterion": "business_email", "points": 30, "matched": true}, {"criterion": "title", "points": 42, "matched": true}]')`,
      [o.id, ids.qualification, o.defaultWorkspace, ids.lead],
    );
    await tx.query(
      `insert into public.qualification_settings (org_id, id, workspace_id, qualifier, criteria, updated_by)
       values ($1, $2, $3, 'rules', '{}', $4)`,
      [o.id, ids.settings, o.defaultWorkspace, o.users.owner.id],
    );
    await tx.query(
      `insert into public.lead_capture_keys (org_id, id, workspace_id, name, key_hash, prefix, created_by)
       values ($1, $2, $3, 'Website contact form', $4, 'plc_demo', $5)`,
      [
        o.id,
        ids.captureKey,
        o.defaultWorkspace,
        createHash('sha256').update(randomBytes(32)).digest(),
        o.users.owner.id,
      ],
    );
    await tx.query(
      `insert into public.subscriptions (org_id, id, plan_id, status, current_period_end, stripe_customer_id,
                                         stripe_subscription_id, stripe_event_created)
       values ($1, $2, 'team', 'active', now() + interval '20 days', $3, $4, now() - interval '10 days')`,
      [o.id, ids.subscription, `cus_demo${o.key}`, `sub_demo${o.key}`],
    );
    await tx.query(
      `insert into public.checkout_sessions (org_id, id, plan_id, status, provider_session_id, checkout_url,
                                             stripe_customer_id, created_by, expires_at)
       values ($1, $2, 'business', 'open', $3, $4, $5, $6, now() + interval '1 day')`,
      [
        o.id,
        ids.checkout,
        `cs_test_demo${o.key}`,
        `https://checkout.stripe.com/c/pay/cs_test_demo${o.key}`,
        `cus_demo${o.key}`,
        o.users.owner.id,
      ],
    );
    await tx.query(
      `insert into public.billing_events (org_id, id, event_id, type, event_created, payload, status, processed_at)
       values ($1, $2, $3, 'customer.subscription.created', now() - interval '10 days', $4, 'processed', now())`,
      [
        o.id,
        ids.billingEvent,
        `evt_demo${o.key}`,
        JSON.stringify({ id: `evt_demo${o.key}`, type: 'customer.subscription.created', data: { object: {} } }),
      ],
    );
    const portal = 1000 + o.key.charCodeAt(0);
    await tx.query(
      `insert into public.hubspot_webhook_events (org_id, id, event_key, portal_id, subscription_type, object_id,
                                                  occurred_at, payload, status, processed_at)
       values ($1, $2, $3, $4, 'contact.creation', '501', now(), '{}', 'processed', now())`,
      [o.id, ids.hubspotEvent, `${portal}:1`, portal],
    );
    await tx.query(
      `insert into public.implementation_requests (org_id, id, kind, title, details, requested_by, operator_notes)
       values ($1, $2, 'integration_setup', 'Connect our HubSpot portal', 'We use HubSpot for all inbound leads.', $3,
               'Customer success owns this one')`,
      [o.id, ids.request, o.users.member.id],
    );
  }
}
