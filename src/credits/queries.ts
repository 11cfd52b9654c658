import { afterCursor, type Cursor, sortKey } from '../db/fragments.ts';
import type { Queryable } from '../db/types.ts';
import type { ServiceTx } from '../vault/elevate.ts';

/**
 * The SQL of credits as the routes run it: as the caller (RLS deciding) unless a statement takes a
 * ServiceTx. A debit is the insert of a usage row (the database's trigger does the rest); Stripe's
 * webhook statements are in stripe-events.ts.
 */

export interface BalanceRow {
  balance: string;
  granted: string;
  purchased: string;
  plan_id: string;
  monthly_grant: string;
  period_start: string | Date;
  resets_at: string | Date;
}

/** The organisation's credits now, this month's grant included (public.credit_summary: members). */
export async function creditSummary(tx: Queryable, orgId: string): Promise<BalanceRow> {
  const { rows } = await tx.query<BalanceRow>(
    `select balance, granted, purchased, plan_id, monthly_grant, period_start::text as period_start, resets_at
     from public.credit_summary($1)`,
    [orgId],
  );
  return rows[0]!;
}

export interface UsageRow {
  id: string;
  project_id: string | null;
  chat_id: string | null;
  tokens_used: string;
  usage_type: string;
  model: string;
  created_by: string | null;
  api_key_id: string | null;
  created_at: Date | string;
  _k: string;
}

const USAGE = `select id, project_id, chat_id, tokens_used, usage_type, model, created_by, api_key_id, created_at, ${sortKey()}
  from public.token_usage`;

export async function listUsage(
  tx: Queryable,
  orgId: string,
  projectId: string | null,
  cursor: Cursor | null,
  limit: number,
): Promise<UsageRow[]> {
  const after = afterCursor(cursor, 4);
  const { rows } = await tx.query<UsageRow>(
    `${USAGE} where org_id = $1 and ($3::uuid is null or project_id = $3)${after.sql} order by created_at, id limit $2`,
    [orgId, limit + 1, projectId, ...after.params],
  );
  return rows;
}

export interface UsageInput {
  project_id: string | null;
  chat_id: string | null;
  tokens_used: number;
  usage_type: string;
  model: string;
}

/** Records usage as the caller: the insert policy admits members and up, the trigger debits (PS402 when short). */
export async function recordUsage(tx: Queryable, orgId: string, u: UsageInput): Promise<UsageRow> {
  const { rows } = await tx.query<UsageRow>(
    `insert into public.token_usage (org_id, project_id, chat_id, tokens_used, usage_type, model)
     values ($1, $2, $3, $4, $5, $6)
     returning id, project_id, chat_id, tokens_used, usage_type, model, created_by, api_key_id, created_at, ${sortKey()}`,
    [orgId, u.project_id, u.chat_id, u.tokens_used, u.usage_type, u.model],
  );
  return rows[0]!;
}

export interface PurchaseRow {
  id: string;
  pack_id: string;
  token_amount: string;
  status: string;
  amount_paid: string | null;
  currency: string | null;
  created_by: string | null;
  expires_at: Date | string | null;
  completed_at: Date | string | null;
  created_at: Date | string;
  _k: string;
}

const PURCHASE_COLUMNS = `id, pack_id, token_amount, status, amount_paid, currency, created_by, expires_at, completed_at,
  created_at, ${sortKey()}`;

export async function listPurchases(
  tx: Queryable,
  orgId: string,
  cursor: Cursor | null,
  limit: number,
): Promise<PurchaseRow[]> {
  const after = afterCursor(cursor, 3);
  const { rows } = await tx.query<PurchaseRow>(
    `select ${PURCHASE_COLUMNS} from public.token_purchases where org_id = $1${after.sql} order by created_at, id limit $2`,
    [orgId, limit + 1, ...after.params],
  );
  return rows;
}

/** Records a purchase as the caller: owners and admins only (the policy), packs on sale only (the trigger). */
export async function insertPurchase(tx: Queryable, orgId: string, packId: string): Promise<PurchaseRow> {
  const { rows } = await tx.query<PurchaseRow>(
    `insert into public.token_purchases (org_id, pack_id) values ($1, $2) returning ${PURCHASE_COLUMNS}`,
    [orgId, packId],
  );
  return rows[0]!;
}

/** The Stripe price of a pack on sale; browsers cannot read the column, so this runs as the service. */
export async function packPrice(svc: ServiceTx, packId: string): Promise<string | null> {
  const { rows } = await svc.query<{ stripe_price_id: string }>(
    'select stripe_price_id from platform.token_packs where id = $1 and published and stripe_price_id is not null',
    [packId],
  );
  return rows[0]?.stripe_price_id ?? null;
}

/** What Stripe answered, filled in as the service; a purchase the webhook already moved keeps its status. */
export async function openPurchase(
  svc: Queryable,
  orgId: string,
  id: string,
  s: { sessionId: string; url: string; expiresAt: number },
): Promise<PurchaseRow> {
  const { rows } = await svc.query<PurchaseRow>(
    `update public.token_purchases
     set provider_session_id = coalesce(provider_session_id, $3), checkout_url = $4, expires_at = to_timestamp($5)
     where org_id = $1 and id = $2 returning ${PURCHASE_COLUMNS}`,
    [orgId, id, s.sessionId, s.url, s.expiresAt],
  );
  return rows[0]!;
}

export async function failPurchase(svc: Queryable, orgId: string, id: string): Promise<void> {
  await svc.query(
    "update public.token_purchases set status = 'failed' where org_id = $1 and id = $2 and status = 'pending'",
    [orgId, id],
  );
}

export interface PackRow {
  id: string;
  name: string;
  tokens: string;
  unit_amount: string | null;
  currency: string | null;
  position: number;
}

/** Packs on sale, through the columns every signed-in caller may read. */
export async function listPacks(tx: Queryable): Promise<PackRow[]> {
  const { rows } = await tx.query<PackRow>(
    `select id, name, tokens, unit_amount, currency, position from platform.token_packs
     where published order by position, id`,
  );
  return rows;
}
