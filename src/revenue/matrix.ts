import { type MatrixEntry, READ, WRITE } from '../personas/levels.ts';
import type { DemoOrg } from '../seed/ids.ts';
import { DEMO_REVENUE } from './seed.ts';

const byId = (pick: (o: DemoOrg) => string) => (o: DemoOrg) => ({
  sql: 'org_id = $1 and id = $2',
  params: [o.id, pick(o)],
});

/**
 * The persona matrix entries of the revenue module (src/revenue/sql/0080–0082), spliced into
 * src/personas/matrix.ts. `hidden` columns are refused to every browser-facing persona (the
 * document's "safe status columns only"), `secret` ones to everyone but the service.
 */
export const REVENUE_MATRIX_ENTRIES: MatrixEntry[] = [
  {
    table: 'platform.plans',
    tenancy: 'platform',
    probe: 'id, name, limits',
    publishedRows: 'select 1 from platform.plans where published',
    select: READ.published,
    insert: WRITE.operators,
    update: WRITE.operators,
    delete: WRITE.operators,
    probes: {
      insert: () => ({
        sql: `insert into platform.plans (id, name, limits) values ('probe', 'Probe',
                '{"leads": 1, "ai_qualifications": 1, "api_requests": 1, "members": 1, "workspaces": 1, "integrations": 1}')`,
        params: [],
      }),
      target: () => ({ sql: "id = 'legacy'", params: [] }),
      set: 'name = name',
    },
    hidden: ['stripe_price_id', 'created_at', 'updated_at'],
  },
  {
    table: 'public.usage_counters',
    tenancy: 'tenant',
    probe: 'org_id, metric, period_start, used',
    select: READ.members,
    insert: WRITE.operators,
    update: WRITE.operators,
    delete: WRITE.operators,
    probes: {
      insert: (o) => ({
        sql: `insert into public.usage_counters (org_id, metric, period_start, used) values ($1, 'leads', '2000-01-01', 0)`,
        params: [o.id],
      }),
      target: (o) => ({ sql: "org_id = $1 and metric = 'members'", params: [o.id] }),
      set: 'used = used',
    },
  },
  {
    table: 'public.usage_events',
    tenancy: 'tenant',
    probe: 'org_id, metric, delta',
    select: READ.operators,
    insert: WRITE.service,
    update: WRITE.nobody,
    delete: WRITE.service,
    probes: {
      insert: (o) => ({
        sql: `insert into public.usage_events (org_id, metric, period_start, delta, source) values ($1, 'leads', '2000-01-01', 1, 'probe')`,
        params: [o.id],
      }),
      target: (o) => ({ sql: "org_id = $1 and metric = 'members'", params: [o.id] }),
      set: 'delta = delta',
    },
  },
  {
    table: 'public.leads',
    tenancy: 'tenant',
    probe: 'org_id, id, workspace_id, email, status, score',
    select: READ.members,
    insert: WRITE.writers,
    update: WRITE.writers,
    delete: WRITE.operators,
    probes: {
      insert: (o) => ({
        sql: `insert into public.leads (org_id, workspace_id, email) values ($1, $2, 'probe@example.test')`,
        params: [o.id, o.defaultWorkspace],
      }),
      target: byId((o) => DEMO_REVENUE.org(o).lead),
      set: 'status = status',
    },
  },
  {
    table: 'public.lead_qualifications',
    tenancy: 'tenant',
    probe: 'org_id, id, lead_id, score, outcome',
    select: READ.members,
    insert: WRITE.writers,
    update: WRITE.nobody,
    delete: WRITE.operators,
    probes: {
      insert: (o) => ({
        sql: `insert into public.lead_qualifications (org_id, workspace_id, lead_id, qualifier, score, outcome)
              values ($1, $2, $3, 'manual', 50, 'nurture')`,
        params: [o.id, o.defaultWorkspace, DEMO_REVENUE.org(o).formLead],
      }),
      target: byId((o) => DEMO_REVENUE.org(o).qualification),
      set: 'score = score',
    },
  },
  {
    table: 'public.qualification_settings',
    tenancy: 'tenant',
    probe: 'org_id, id, workspace_id, qualifier',
    select: READ.members,
    insert: WRITE.ownerAdmin,
    update: WRITE.ownerAdmin,
    delete: WRITE.ownerAdmin,
    probes: {
      insert: (o) => ({
        sql: `insert into public.qualification_settings (org_id, workspace_id) values ($1, $2)`,
        params: [o.id, o.workspace],
      }),
      target: byId((o) => DEMO_REVENUE.org(o).settings),
      set: 'auto_qualify = auto_qualify',
    },
  },
  {
    table: 'public.lead_capture_keys',
    tenancy: 'tenant',
    probe: 'org_id, id, workspace_id, name, prefix',
    select: READ.ownerAdmin,
    insert: WRITE.ownerAdmin,
    update: WRITE.ownerAdmin,
    delete: WRITE.operators,
    probes: {
      insert: (o) => ({
        sql: `insert into public.lead_capture_keys (org_id, workspace_id, name, key_hash, prefix)
              values ($1, $2, 'Probe', sha256(gen_random_uuid()::text::bytea), 'plc_probe')`,
        params: [o.id, o.defaultWorkspace],
      }),
      target: byId((o) => DEMO_REVENUE.org(o).captureKey),
      set: 'name = name',
    },
    secret: ['key_hash'],
  },
  {
    table: 'public.subscriptions',
    tenancy: 'tenant',
    probe: 'org_id, id, plan_id, status, current_period_end, cancel_at_period_end',
    select: READ.members,
    insert: WRITE.operators,
    update: WRITE.operators,
    delete: WRITE.operators,
    probes: {
      // One subscription an organisation: the probe replaces it in its own (rolled back) transaction.
      beforeInsert: () => 'delete from public.subscriptions',
      insert: (o) => ({
        sql: `insert into public.subscriptions (org_id, plan_id, status) values ($1, 'team', 'active')`,
        params: [o.id],
      }),
      target: byId((o) => DEMO_REVENUE.org(o).subscription),
      set: 'status = status',
    },
    hidden: ['stripe_customer_id', 'stripe_subscription_id', 'stripe_event_created'],
  },
  {
    table: 'public.checkout_sessions',
    tenancy: 'tenant',
    probe: 'org_id, id, plan_id, status',
    select: READ.ownerAdmin,
    insert: WRITE.ownerAdmin,
    update: WRITE.operators,
    delete: WRITE.operators,
    probes: {
      insert: (o) => ({
        sql: `insert into public.checkout_sessions (org_id, plan_id) values ($1, 'team')`,
        params: [o.id],
      }),
      target: byId((o) => DEMO_REVENUE.org(o).checkout),
      set: 'status = status',
    },
    hidden: ['provider_session_id', 'checkout_url', 'stripe_customer_id', 'stripe_event_created'],
  },
  {
    table: 'public.billing_events',
    tenancy: 'tenant',
    probe: 'org_id, id, event_id, type, status',
    select: READ.operators,
    insert: WRITE.service,
    update: WRITE.service,
    delete: WRITE.service,
    probes: {
      insert: (o) => ({
        sql: `insert into public.billing_events (org_id, event_id, type, event_created, payload)
              values ($1, 'evt_probe' || gen_random_uuid(), 'probe.event', now(), '{}')`,
        params: [o.id],
      }),
      target: byId((o) => DEMO_REVENUE.org(o).billingEvent),
      set: 'status = status',
    },
  },
  {
    table: 'public.hubspot_webhook_events',
    tenancy: 'tenant',
    probe: 'org_id, id, event_key, subscription_type, status',
    select: READ.operators,
    insert: WRITE.service,
    update: WRITE.service,
    delete: WRITE.service,
    probes: {
      insert: (o) => ({
        sql: `insert into public.hubspot_webhook_events (org_id, event_key, portal_id, subscription_type, payload)
              values ($1, '9:' || (floor(random() * 1e9))::bigint, 9, 'contact.creation', '{}')`,
        params: [o.id],
      }),
      target: byId((o) => DEMO_REVENUE.org(o).hubspotEvent),
      set: 'status = status',
    },
  },
  {
    table: 'public.implementation_requests',
    tenancy: 'tenant',
    probe: 'org_id, id, kind, title, status',
    select: READ.members,
    insert: WRITE.writers,
    update: WRITE.operators,
    delete: WRITE.operators,
    probes: {
      insert: (o) => ({
        sql: `insert into public.implementation_requests (org_id, kind, title) values ($1, 'other', 'Probe')`,
        params: [o.id],
      }),
      target: byId((o) => DEMO_REVENUE.org(o).request),
      set: 'status = status',
    },
    hidden: ['operator_notes'],
  },
];
