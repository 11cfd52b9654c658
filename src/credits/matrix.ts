import { type MatrixEntry, READ, WRITE } from '../personas/levels.ts';
import type { DemoOrg } from '../seed/ids.ts';
import { DEMO_CREDITS } from './seed.ts';

const byId = (pick: (o: DemoOrg) => string) => (o: DemoOrg) => ({
  sql: 'org_id = $1 and id = $2',
  params: [o.id, pick(o)],
});

/** Owners and admins (and their keys) start purchases, and the service; platform admins read them only. */
const purchaseStarters = { ...WRITE.ownerAdmin, platform_admin: 'deny' } as const;

/**
 * The persona matrix entries of the credits module (src/credits/sql/0095_token_credits.sql),
 * spliced into src/personas/matrix.ts. No API role writes the ledger or the balance: usage rows
 * and completed purchases move them, through the module's triggers.
 */
export const CREDITS_MATRIX_ENTRIES: MatrixEntry[] = [
  {
    table: 'platform.token_packs',
    tenancy: 'platform',
    probe: 'id, name, tokens',
    publishedRows: 'select 1 from platform.token_packs where published',
    select: READ.published,
    insert: WRITE.operators,
    update: WRITE.operators,
    delete: WRITE.operators,
    probes: {
      insert: () => ({
        sql: `insert into platform.token_packs (id, name, tokens) values ('probe', 'Probe', 1)`,
        params: [],
      }),
      target: () => ({ sql: 'id = $1', params: [DEMO_CREDITS.packs.archived] }),
      set: 'name = name',
    },
    hidden: ['stripe_price_id', 'created_at', 'updated_at'],
  },
  {
    table: 'platform.plan_token_grants',
    tenancy: 'platform',
    probe: 'plan_id, monthly_tokens',
    publishedRows:
      'select 1 from platform.plan_token_grants g join platform.plans p on p.id = g.plan_id where p.published',
    select: READ.published,
    insert: WRITE.operators,
    update: WRITE.operators,
    delete: WRITE.operators,
    probes: {
      beforeInsert: () => "delete from platform.plan_token_grants where plan_id = 'business'",
      insert: () => ({
        sql: `insert into platform.plan_token_grants (plan_id, monthly_tokens) values ('business', 1)`,
        params: [],
      }),
      target: () => ({ sql: "plan_id = 'legacy'", params: [] }),
      set: 'monthly_tokens = monthly_tokens',
    },
    hidden: ['created_at', 'updated_at'],
  },
  {
    table: 'public.token_purchases',
    tenancy: 'tenant',
    probe: 'org_id, id, pack_id, token_amount, status',
    select: READ.ownerAdmin,
    insert: purchaseStarters,
    update: WRITE.service,
    delete: WRITE.nobody,
    probes: {
      insert: (o) => ({
        sql: 'insert into public.token_purchases (org_id, pack_id) values ($1, $2)',
        params: [o.id, DEMO_CREDITS.packs.small],
      }),
      target: byId((o) => DEMO_CREDITS.org(o).pendingPurchase),
      set: 'status = status',
    },
    hidden: [
      'provider_session_id',
      'checkout_url',
      'stripe_payment_intent_id',
      'stripe_customer_id',
      'stripe_event_created',
    ],
  },
  {
    table: 'public.token_usage',
    tenancy: 'tenant',
    probe: 'org_id, id, project_id, tokens_used, usage_type, model',
    select: READ.members,
    insert: WRITE.writers,
    update: WRITE.nobody,
    delete: WRITE.nobody,
    probes: {
      insert: (o) => ({
        sql: `insert into public.token_usage (org_id, project_id, tokens_used, usage_type, model)
              values ($1, $2, 10, 'chat', 'probe-model')`,
        params: [o.id, o.project],
      }),
      target: byId((o) => DEMO_CREDITS.org(o).chatUsage),
      set: 'tokens_used = tokens_used',
    },
  },
  {
    table: 'public.credit_ledger',
    tenancy: 'tenant',
    probe: 'org_id, id, kind, granted, purchased, amount',
    select: READ.ownerAdmin,
    insert: WRITE.nobody,
    update: WRITE.nobody,
    delete: WRITE.nobody,
    probes: {
      insert: (o) => ({
        sql: `insert into public.credit_ledger (org_id, kind, purchased, purchase_id) values ($1, 'purchase', 1000000, $2)`,
        params: [o.id, DEMO_CREDITS.org(o).pendingPurchase],
      }),
      target: (o) => ({ sql: "org_id = $1 and kind = 'grant'", params: [o.id] }),
      set: 'granted = granted',
    },
  },
  {
    table: 'public.credit_balances',
    tenancy: 'tenant',
    probe: 'org_id, balance, granted, purchased',
    select: READ.members,
    insert: WRITE.nobody,
    update: WRITE.nobody,
    delete: WRITE.nobody,
    probes: {
      insert: (o) => ({
        sql: 'insert into public.credit_balances (org_id, purchased) values ($1, 1000000)',
        params: [o.id],
      }),
      target: (o) => ({ sql: 'org_id = $1', params: [o.id] }),
      set: 'purchased = purchased',
    },
  },
];
