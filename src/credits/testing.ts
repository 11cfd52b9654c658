import { type Principal, withPrincipal } from '../db/principal.ts';
import type { Database, Queryable } from '../db/types.ts';
import { DEMO } from '../seed/ids.ts';

/** Test helpers of credits (no tests here). */

export interface Sums {
  /** The balance row. */
  row: { granted: number; purchased: number; balance: number };
  /** The ledger, summed per bucket. */
  ledger: { granted: number; purchased: number; balance: number };
}

/** The balance row and the sums of the ledger, read as the database owner. */
export async function sums(db: Queryable, org: string): Promise<Sums> {
  const { rows } = await db.query<{ rg: string; rp: string; rb: string; lg: string; lp: string; lb: string }>(
    `select b.granted as rg, b.purchased as rp, b.balance as rb,
            (select coalesce(sum(l.granted), 0) from public.credit_ledger l where l.org_id = $1) as lg,
            (select coalesce(sum(l.purchased), 0) from public.credit_ledger l where l.org_id = $1) as lp,
            (select coalesce(sum(l.amount), 0) from public.credit_ledger l where l.org_id = $1) as lb
     from (select $1::uuid as org_id) o left join public.credit_balances b on b.org_id = o.org_id`,
    [org],
  );
  const r = rows[0]!;
  return {
    row: { granted: Number(r.rg ?? 0), purchased: Number(r.rp ?? 0), balance: Number(r.rb ?? 0) },
    ledger: { granted: Number(r.lg), purchased: Number(r.lp), balance: Number(r.lb) },
  };
}

/**
 * An organisation of its own, owned by the demo's loner (no other membership), with a project and
 * a plan granting `monthlyTokens` a month, as an operator would set one up; nothing granted yet.
 */
export async function creditOrg(db: Database, label: string, monthlyTokens: number) {
  const owner: Principal = { kind: 'user', userId: DEMO.loner.id, email: DEMO.loner.email };
  const { org, workspace } = await withPrincipal(db, owner, async (tx) => {
    const id = (await tx.query<{ id: string }>('select public.create_organisation($1) as id', [label])).rows[0]!.id;
    const ws = await tx.query<{ id: string }>('select id from public.workspaces where org_id = $1', [id]);
    return { org: id, workspace: ws.rows[0]!.id };
  });
  const project = await withPrincipal(
    db,
    owner,
    async (tx) =>
      (await tx.query<{ id: string }>("select public.create_project($1, $2, 'Chatbot') as id", [org, workspace]))
        .rows[0]!.id,
  );
  const plan = `grant-${label.toLowerCase().replace(/[^a-z0-9]+/g, '-')}`.slice(0, 40);
  await db.query(
    `insert into platform.plans (id, name, limits) values ($1, $1,
       '{"leads": 1000, "ai_qualifications": 1000, "api_requests": 100000, "members": 100, "workspaces": 100, "integrations": 100}')`,
    [plan],
  );
  await db.query('insert into platform.plan_token_grants (plan_id, monthly_tokens) values ($1, $2)', [
    plan,
    monthlyTokens,
  ]);
  await db.query(`insert into public.subscriptions (org_id, plan_id, status) values ($1, $2, 'active')`, [org, plan]);
  return { org, project, owner, plan };
}

/** A completed purchase of `tokens` (a pack of that size on sale), as the webhook would leave it. */
export async function purchased(db: Queryable, org: string, tokens: number): Promise<string> {
  const pack = `test-${tokens}`;
  await db.query(
    `insert into platform.token_packs (id, name, tokens, stripe_price_id) values ($1, $1, $2, $3)
     on conflict (id) do nothing`,
    [pack, tokens, `price_test${tokens}`],
  );
  const { rows } = await db.query<{ id: string }>(
    `insert into public.token_purchases (org_id, pack_id, status, completed_at) values ($1, $2, 'completed', now())
     returning id`,
    [org, pack],
  );
  return rows[0]!.id;
}

/** Records `tokens` of chat usage as `who` in `org` (optionally on a project): the debit. */
export const debit = (db: Database, who: Principal, org: string, tokens: number, project: string | null = null) =>
  withPrincipal(db, who, (tx) =>
    tx.query(
      `insert into public.token_usage (org_id, project_id, tokens_used, usage_type, model)
       values ($1, $2, $3, 'chat', 'gpt-4o-mini') returning id`,
      [org, project, tokens],
    ),
  );
