-- AI token credits (the builder document, seed 003: workspace_subscriptions, token_purchases,
-- token_usage), on the revenue module's plans, subscriptions and Stripe webhook (docs/credits.md).
--
-- An organisation's credits are the sum of its ledger (credit_ledger, append-only). Two buckets:
-- * granted: the monthly grant of the organisation's plan (platform.plan_token_grants), given at
--   the first debit of each calendar month (UTC, app.usage_period()); what is left of it expires
--   when the next month's is given;
-- * purchased: token packs bought through Stripe Checkout; they never expire.
-- A debit spends the grant first. credit_balances keeps the two sums, moved only by the ledger's
-- own trigger, so the row always equals the ledger; its checks (>= 0) are the last guard.
--
-- A debit IS the insert of a token_usage row: RLS decides who may record usage, then, after the
-- row is written, app.debit_token_usage locks the organisation's balance row, gives the month's
-- grant if it is due, and writes the ledger entry, whose trigger moves the balance with a
-- conditional UPDATE. Too few credits raise PS402 and the statement (usage row included) fails.

-- Token packs on sale: what a checkout in payment mode buys. Operators manage them.
create table if not exists platform.token_packs (
  id text primary key constraint token_packs_id_check check (id ~ '^[a-z][a-z0-9_-]{1,39}$'),
  name text not null constraint token_packs_name_check check (length(btrim(name)) between 1 and 100)
    constraint token_packs_name_single_line check (name !~ '[\x01-\x1f\x7f]'),
  tokens bigint not null constraint token_packs_tokens_check check (tokens between 1 and 1000000000000),
  -- The Stripe price a checkout for this pack charges (null: not on sale).
  stripe_price_id text constraint token_packs_stripe_price_id_check check (stripe_price_id ~ '^price_[A-Za-z0-9]{1,100}$'),
  -- What the price charges, for display only (Stripe decides what is charged): minor units, ISO currency.
  unit_amount bigint constraint token_packs_unit_amount_check check (unit_amount >= 0),
  currency text constraint token_packs_currency_check check (currency ~ '^[a-z]{3}$'),
  published boolean not null default true,
  position int not null default 0,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);

alter table platform.token_packs enable row level security;

drop policy if exists "Signed-in callers read published token packs" on platform.token_packs;
create policy "Signed-in callers read published token packs" on platform.token_packs
  for select to authenticated
  using (published);

drop policy if exists "Platform operators manage token packs" on platform.token_packs;
create policy "Platform operators manage token packs" on platform.token_packs
  for all to platform_admin, service_role
  using ((select app.is_platform_operator()))
  with check ((select app.is_platform_operator()));

revoke all on platform.token_packs from anon, authenticated, platform_admin, service_role;
grant select (id, name, tokens, unit_amount, currency, published, position) on platform.token_packs to authenticated;
grant select, insert, update, delete on platform.token_packs to platform_admin, service_role;

create or replace trigger token_packs_touch before update on platform.token_packs
  for each row execute function app.touch_updated_at();
create or replace trigger audit_row_change after insert or update or delete on platform.token_packs
  for each row execute function app.audit_row_change();

-- The tokens each plan grants a month: the document's base_token_limit, per plan rather than per
-- subscription row. A plan without a row grants none.
create table if not exists platform.plan_token_grants (
  plan_id text primary key references platform.plans (id) on delete cascade,
  monthly_tokens bigint not null constraint plan_token_grants_monthly_tokens_check
    check (monthly_tokens between 0 and 1000000000000),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);

alter table platform.plan_token_grants enable row level security;

-- The grants of the plans a tenant may read (published ones: platform.plans' own policy decides).
drop policy if exists "Signed-in callers read the grants of published plans" on platform.plan_token_grants;
create policy "Signed-in callers read the grants of published plans" on platform.plan_token_grants
  for select to authenticated
  using (exists (select 1 from platform.plans p where p.id = plan_token_grants.plan_id and p.published));

drop policy if exists "Platform operators manage plan token grants" on platform.plan_token_grants;
create policy "Platform operators manage plan token grants" on platform.plan_token_grants
  for all to platform_admin, service_role
  using ((select app.is_platform_operator()))
  with check ((select app.is_platform_operator()));

revoke all on platform.plan_token_grants from anon, authenticated, platform_admin, service_role;
grant select (plan_id, monthly_tokens) on platform.plan_token_grants to authenticated;
grant select, insert, update, delete on platform.plan_token_grants to platform_admin, service_role;

create or replace trigger plan_token_grants_touch before update on platform.plan_token_grants
  for each row execute function app.touch_updated_at();
create or replace trigger audit_row_change after insert or update or delete on platform.plan_token_grants
  for each row execute function app.audit_row_change('id_column=plan_id');

-- The free plan's grant; operators change it like any plan's. Only created when missing.
insert into platform.plan_token_grants (plan_id, monthly_tokens) values ('free', 100000)
on conflict (plan_id) do nothing;

-- Token packs bought, one row per checkout: started by an owner or admin (the insert is the role
-- check), completed by the service from Stripe's verified webhook. A completed purchase credits
-- the ledger once (app.credit_token_purchase) and is final.
create table if not exists public.token_purchases (
  org_id uuid not null references public.organisations (id) on delete cascade,
  id uuid not null default gen_random_uuid(),
  pack_id text not null references platform.token_packs (id) on delete restrict,
  -- The pack's tokens when the checkout started (app.fill_token_purchase): what completion credits.
  token_amount bigint not null default 0 constraint token_purchases_token_amount_check check (token_amount >= 0),
  status text not null default 'pending'
    constraint token_purchases_status_check check (status in ('pending', 'completed', 'failed')),
  -- What Stripe charged (the document's price_paid), in the currency's minor units.
  amount_paid bigint constraint token_purchases_amount_paid_check check (amount_paid >= 0),
  currency text constraint token_purchases_currency_check check (currency ~ '^[a-z]{3}$'),
  provider_session_id text constraint token_purchases_provider_session_id_key unique
    constraint token_purchases_provider_session_id_check check (length(provider_session_id) between 1 and 255),
  checkout_url text constraint token_purchases_checkout_url_check check (length(checkout_url) <= 2048 and checkout_url ~ '^https?://'),
  -- Known once the customer pays (the document has it NOT NULL: it is null until then here).
  stripe_payment_intent_id text constraint token_purchases_stripe_payment_intent_id_key unique
    constraint token_purchases_stripe_payment_intent_id_check check (stripe_payment_intent_id ~ '^pi_[A-Za-z0-9]{1,100}$'),
  stripe_customer_id text constraint token_purchases_stripe_customer_id_check check (stripe_customer_id ~ '^cus_[A-Za-z0-9]{1,100}$'),
  created_by uuid default app.uid() references auth.users (id) on delete set null,
  expires_at timestamptz,
  completed_at timestamptz,
  stripe_event_created timestamptz,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  primary key (org_id, id)
);

create index if not exists token_purchases_org_idx on public.token_purchases (org_id, created_at, id);
create index if not exists token_purchases_pack_idx on public.token_purchases (pack_id);

alter table public.token_purchases enable row level security;

drop policy if exists "Owners and admins see their organisations' token purchases" on public.token_purchases;
create policy "Owners and admins see their organisations' token purchases" on public.token_purchases
  for select to authenticated
  using (org_id = any ((select app.caller_org_ids('admin'))::uuid[]));

drop policy if exists "Owners and admins start token purchases" on public.token_purchases;
create policy "Owners and admins start token purchases" on public.token_purchases
  for insert to authenticated
  with check (org_id = any ((select app.caller_org_ids('admin'))::uuid[]));

drop policy if exists "Platform operators see token purchases" on public.token_purchases;
create policy "Platform operators see token purchases" on public.token_purchases
  for select to platform_admin, service_role
  using ((select app.is_platform_operator()));

-- Only the service moves a purchase (Stripe's answer, its webhook): a completed one is credits.
drop policy if exists "The service records token purchases" on public.token_purchases;
create policy "The service records token purchases" on public.token_purchases
  for all to service_role
  using ((select app.is_platform_service()))
  with check ((select app.is_platform_service()));

revoke all on public.token_purchases from anon, authenticated, platform_admin, service_role;
grant select (org_id, id, pack_id, token_amount, status, amount_paid, currency, created_by, expires_at, completed_at,
              created_at, updated_at),
  insert (org_id, pack_id) on public.token_purchases to authenticated;
grant select on public.token_purchases to platform_admin;
grant select, insert, update on public.token_purchases to service_role;

-- The pack's tokens, read as the writer (published packs for a browser): never the caller's number.
create or replace function app.fill_token_purchase() returns trigger
language plpgsql set search_path = pg_catalog, pg_temp as $$
begin
  new.token_amount := coalesce((select p.tokens from platform.token_packs p where p.id = new.pack_id), 0);
  return new;
end $$;

-- A purchase is for a pack on sale, at its tokens. After the insert, so RLS has refused first.
create or replace function app.check_token_pack() returns trigger
language plpgsql security definer set search_path = pg_catalog, pg_temp as $$
begin
  if not exists (select 1 from platform.token_packs p where p.id = new.pack_id and p.published
                 and p.stripe_price_id is not null and p.tokens = new.token_amount) then
    raise exception 'token pack not found, or not on sale' using errcode = 'PS404', column = 'pack_id';
  end if;
  return null;
end $$;

-- What a purchase was started with stays; a completed purchase is final (its credits are spent
-- or spendable: a refund is not an edit of this row).
create or replace function app.guard_token_purchase() returns trigger
language plpgsql set search_path = pg_catalog, pg_temp as $$
begin
  if new.pack_id is distinct from old.pack_id or new.token_amount is distinct from old.token_amount then
    raise exception 'a purchase keeps the pack and the tokens it was started with' using errcode = 'PS409',
      column = case when new.pack_id is distinct from old.pack_id then 'pack_id' else 'token_amount' end;
  end if;
  if old.status = 'completed' and new.status is distinct from 'completed' then
    raise exception 'a completed purchase is final' using errcode = 'PS409', column = 'status';
  end if;
  return new;
end $$;

-- A purchase that becomes completed credits its tokens, once (the ledger's unique purchase_id).
create or replace function app.credit_token_purchase() returns trigger
language plpgsql security definer set search_path = pg_catalog, pg_temp as $$
begin
  if new.status = 'completed' and (tg_op = 'INSERT' or old.status is distinct from 'completed') and new.token_amount > 0 then
    insert into public.credit_ledger (org_id, kind, purchased, purchase_id)
    values (new.org_id, 'purchase', new.token_amount, new.id)
    on conflict (org_id, purchase_id) do nothing;
  end if;
  return null;
end $$;

create or replace trigger token_purchases_fill before insert on public.token_purchases
  for each row execute function app.fill_token_purchase();
create or replace trigger token_purchases_check_pack after insert on public.token_purchases
  for each row execute function app.check_token_pack();
create or replace trigger token_purchases_guard before update on public.token_purchases
  for each row execute function app.guard_token_purchase();
create or replace trigger token_purchases_credit after insert or update of status on public.token_purchases
  for each row execute function app.credit_token_purchase();
create or replace trigger token_purchases_touch before update on public.token_purchases
  for each row execute function app.touch_updated_at();
create or replace trigger token_purchases_same_org before update on public.token_purchases
  for each row execute function app.forbid_org_change();
create or replace trigger audit_row_change after insert or update or delete on public.token_purchases
  for each row execute function app.audit_row_change(
    'omit=provider_session_id,checkout_url,stripe_payment_intent_id,stripe_customer_id');

-- Usage, as the document records it: per organisation (its workspace_id), project, chat, user and
-- model. Inserting a row debits the credits (app.debit_token_usage); rows are never changed.
create table if not exists public.token_usage (
  org_id uuid not null references public.organisations (id) on delete cascade,
  id uuid not null default gen_random_uuid(),
  -- The project the tokens were used for (none: organisation-wide). A deleted project leaves its
  -- usage behind, unnamed.
  project_id uuid,
  -- The chat session; a plain uuid, since chat tables do not exist yet.
  chat_id uuid,
  tokens_used bigint not null constraint token_usage_tokens_used_check check (tokens_used between 1 and 1000000000000),
  usage_type text not null constraint token_usage_usage_type_check check (usage_type in ('chat', 'artifact_generation', 'search')),
  model text not null constraint token_usage_model_check check (model ~ '^[A-Za-z0-9][A-Za-z0-9._:/@+-]{0,199}$'),
  -- The person who used them (a browser caller is always itself), or the key that recorded them.
  created_by uuid default app.uid() references auth.users (id) on delete set null,
  api_key_id uuid default app.api_key_id(),
  created_at timestamptz not null default now(),
  primary key (org_id, id),
  constraint token_usage_project_id_fkey foreign key (org_id, project_id)
    references public.projects (org_id, id) on delete set null (project_id)
);

create index if not exists token_usage_org_idx on public.token_usage (org_id, created_at, id);
create index if not exists token_usage_project_idx on public.token_usage (org_id, project_id, created_at, id);

alter table public.token_usage enable row level security;

drop policy if exists "Members see their organisations' token usage" on public.token_usage;
create policy "Members see their organisations' token usage" on public.token_usage
  for select to authenticated
  using (org_id = any ((select app.caller_org_ids('viewer'))::uuid[]));

-- The people who use the product's AI (and their member or admin keys) record what they used;
-- viewers only read. The organisation's credits are what they spend.
drop policy if exists "Owners, admins and members record token usage" on public.token_usage;
create policy "Owners, admins and members record token usage" on public.token_usage
  for insert to authenticated
  with check (org_id = any ((select app.caller_org_ids('member'))::uuid[]));

drop policy if exists "Platform operators see and record token usage" on public.token_usage;
create policy "Platform operators see and record token usage" on public.token_usage
  for all to platform_admin, service_role
  using ((select app.is_platform_operator()))
  with check ((select app.is_platform_operator()));

revoke all on public.token_usage from anon, authenticated, platform_admin, service_role;
grant select, insert (org_id, project_id, chat_id, tokens_used, usage_type, model) on public.token_usage to authenticated;
grant select, insert (org_id, project_id, chat_id, tokens_used, usage_type, model) on public.token_usage to platform_admin;
-- The service records on behalf of a person it names (a member of the organisation).
grant select, insert (org_id, project_id, chat_id, tokens_used, usage_type, model, created_by) on public.token_usage to service_role;

-- Every change of credits: grants, their expiry, purchases, usage. Append-only; the balance row is
-- its sum. No API role writes it: the functions and triggers of this file do.
create table if not exists public.credit_ledger (
  org_id uuid not null references public.organisations (id) on delete cascade,
  id uuid not null default gen_random_uuid(),
  kind text not null constraint credit_ledger_kind_check check (kind in ('grant', 'grant_expiry', 'purchase', 'usage')),
  -- The change to each bucket; amount is their sum.
  granted bigint not null default 0,
  purchased bigint not null default 0,
  amount bigint generated always as (granted + purchased) stored,
  -- grant, grant_expiry: the month (and plan) of the grant.
  period_start date,
  plan_id text,
  purchase_id uuid,
  usage_id uuid,
  created_at timestamptz not null default now(),
  primary key (org_id, id),
  constraint credit_ledger_purchase_fkey foreign key (org_id, purchase_id) references public.token_purchases (org_id, id),
  constraint credit_ledger_usage_fkey foreign key (org_id, usage_id) references public.token_usage (org_id, id),
  -- One grant and one expiry per month, one entry per purchase and per usage.
  constraint credit_ledger_period_key unique (org_id, kind, period_start),
  constraint credit_ledger_purchase_key unique (org_id, purchase_id),
  constraint credit_ledger_usage_key unique (org_id, usage_id),
  constraint credit_ledger_entry_check check (case kind
    when 'grant' then period_start is not null and granted >= 0 and purchased = 0
    when 'grant_expiry' then period_start is not null and granted < 0 and purchased = 0
    when 'purchase' then purchase_id is not null and purchased > 0 and granted = 0
    when 'usage' then usage_id is not null and granted <= 0 and purchased <= 0 and granted + purchased < 0
  end)
);

create index if not exists credit_ledger_org_idx on public.credit_ledger (org_id, created_at, id);

alter table public.credit_ledger enable row level security;

drop policy if exists "Owners and admins see their organisations' credit ledger" on public.credit_ledger;
create policy "Owners and admins see their organisations' credit ledger" on public.credit_ledger
  for select to authenticated
  using (org_id = any ((select app.caller_org_ids('admin'))::uuid[]));

drop policy if exists "Platform operators see credit ledgers" on public.credit_ledger;
create policy "Platform operators see credit ledgers" on public.credit_ledger
  for select to platform_admin, service_role
  using ((select app.is_platform_operator()));

revoke all on public.credit_ledger from anon, authenticated, platform_admin, service_role;
grant select on public.credit_ledger to authenticated, platform_admin, service_role;

-- One row per organisation: the ledger's sums, and the month whose grant `granted` holds.
create table if not exists public.credit_balances (
  org_id uuid not null references public.organisations (id) on delete cascade,
  id uuid not null default gen_random_uuid(),
  granted bigint not null default 0 constraint credit_balances_granted_check check (granted >= 0),
  purchased bigint not null default 0 constraint credit_balances_purchased_check check (purchased >= 0),
  balance bigint generated always as (granted + purchased) stored,
  -- The month of the last grant given (null: none yet), its plan and its size.
  grant_period date,
  grant_plan_id text,
  grant_amount bigint not null default 0,
  updated_at timestamptz not null default now(),
  primary key (org_id, id),
  constraint credit_balances_org_key unique (org_id)
);

alter table public.credit_balances enable row level security;

drop policy if exists "Members see their organisations' credit balance" on public.credit_balances;
create policy "Members see their organisations' credit balance" on public.credit_balances
  for select to authenticated
  using (org_id = any ((select app.caller_org_ids('viewer'))::uuid[]));

drop policy if exists "Platform operators see credit balances" on public.credit_balances;
create policy "Platform operators see credit balances" on public.credit_balances
  for select to platform_admin, service_role
  using ((select app.is_platform_operator()));

revoke all on public.credit_balances from anon, authenticated, platform_admin, service_role;
grant select on public.credit_balances to authenticated, platform_admin, service_role;

-- The ledger and the usage are history: no UPDATE or DELETE, for the owner too. What is let
-- through is what the foreign keys do by themselves: the organisation's purge takes its rows, and a
-- deleted project or user leaves its usage unnamed (ON DELETE SET NULL).
create or replace function app.refuse_credit_change() returns trigger
language plpgsql set search_path = pg_catalog, pg_temp as $$
begin
  if tg_op = 'DELETE' then
    if not exists (select 1 from public.organisations o where o.id = old.org_id) then
      return old;
    end if;
  elsif tg_table_name = 'token_usage' then
    if (to_jsonb(new) - '{project_id,created_by}'::text[]) = (to_jsonb(old) - '{project_id,created_by}'::text[])
       and (new.project_id is not distinct from old.project_id
            or (new.project_id is null
                and not exists (select 1 from public.projects p where p.org_id = old.org_id and p.id = old.project_id)))
       and (new.created_by is not distinct from old.created_by
            or (new.created_by is null and not exists (select 1 from auth.users u where u.id = old.created_by))) then
      return new;
    end if;
  end if;
  raise exception '%.% is append-only: % is refused', tg_table_schema, tg_table_name, lower(tg_op)
    using errcode = 'PS403', table = tg_table_name;
end $$;

create or replace trigger credit_ledger_append_only before update or delete on public.credit_ledger
  for each row execute function app.refuse_credit_change();
create or replace trigger token_usage_append_only before update or delete on public.token_usage
  for each row execute function app.refuse_credit_change();

create or replace trigger credit_ledger_same_org before update on public.credit_ledger
  for each row execute function app.forbid_org_change();
create or replace trigger token_usage_same_org before update on public.token_usage
  for each row execute function app.forbid_org_change();
create or replace trigger credit_balances_same_org before update on public.credit_balances
  for each row execute function app.forbid_org_change();

-- A ledger entry moves the balance row by exactly its amounts. A credit creates the row if need
-- be; a debit is the conditional UPDATE: it changes the row only while neither bucket would go
-- below zero, evaluated again on the row a concurrent debit left (the row lock orders them).
create or replace function app.apply_credit_entry() returns trigger
language plpgsql set search_path = pg_catalog, pg_temp as $$
begin
  if new.granted >= 0 and new.purchased >= 0 then
    insert into public.credit_balances as b (org_id, granted, purchased) values (new.org_id, new.granted, new.purchased)
    on conflict (org_id) do update
      set granted = b.granted + excluded.granted, purchased = b.purchased + excluded.purchased, updated_at = now();
    return null;
  end if;
  update public.credit_balances b
     set granted = b.granted + new.granted, purchased = b.purchased + new.purchased, updated_at = now()
   where b.org_id = new.org_id and b.granted + new.granted >= 0 and b.purchased + new.purchased >= 0;
  if not found then
    raise exception 'not enough token credits' using errcode = 'PS402', column = 'tokens_used',
      detail = jsonb_build_object('metric', 'tokens', 'limit', 0)::text;
  end if;
  return null;
end $$;

create or replace trigger credit_ledger_apply after insert on public.credit_ledger
  for each row execute function app.apply_credit_entry();

-- The plan whose grant an organisation gets now: its live subscription's, else free (as
-- app.org_usage_limit decides its limits), and that plan's monthly tokens (none: 0).
create or replace function app.plan_token_grant(org uuid, out plan_id text, out tokens bigint)
language plpgsql stable set search_path = pg_catalog, pg_temp as $$
begin
  select s.plan_id into plan_id from public.subscriptions s
  where s.org_id = org and s.status in ('active', 'trialing', 'past_due');
  plan_id := coalesce(plan_id, 'free');
  tokens := coalesce((select g.monthly_tokens from platform.plan_token_grants g where g.plan_id = plan_token_grant.plan_id), 0);
end $$;

-- The organisation's balance row, locked for this transaction, with this month's grant given:
-- what is left of the last grant expires and the plan's grant for the month is credited, once per
-- (organisation, month) — the lock makes a second debit of the month wait and then find it given.
-- A debit that started before midnight and locks after a later one gave the new month's grant
-- spends from that grant (the month never goes back).
create or replace function app.lock_credit_balance(org uuid) returns public.credit_balances
language plpgsql set search_path = pg_catalog, pg_temp as $$
declare
  v_period date := app.usage_period();
  r public.credit_balances;
  g record;
begin
  select * into r from public.credit_balances b where b.org_id = org for update;
  if not found then
    insert into public.credit_balances (org_id) values (org) on conflict (org_id) do nothing;
    select * into r from public.credit_balances b where b.org_id = org for update;
  end if;
  if r.grant_period is null or r.grant_period < v_period then
    select * into g from app.plan_token_grant(org);
    if r.granted > 0 then
      insert into public.credit_ledger (org_id, kind, granted, period_start, plan_id)
      values (org, 'grant_expiry', -r.granted, r.grant_period, r.grant_plan_id);
    end if;
    insert into public.credit_ledger (org_id, kind, granted, period_start, plan_id)
    values (org, 'grant', g.tokens, v_period, g.plan_id);
    update public.credit_balances b set grant_period = v_period, grant_plan_id = g.plan_id, grant_amount = g.tokens
     where b.org_id = org
    returning * into r;
  end if;
  return r;
end $$;

revoke all on function app.plan_token_grant(uuid), app.lock_credit_balance(uuid) from public;

-- The debit of a usage row, after it is written (RLS has admitted the writer). PS402 names the
-- credits left and when the next grant comes; the statement fails with the usage row.
create or replace function app.debit_token_usage() returns trigger
language plpgsql security definer set search_path = pg_catalog, pg_temp as $$
declare
  r public.credit_balances;
  v_grant bigint;
  v_reset text;
begin
  -- The service names the person it records for: a member of the organisation.
  if new.created_by is not null and new.created_by is distinct from app.uid()
     and not exists (select 1 from public.organisation_members m where m.org_id = new.org_id and m.user_id = new.created_by) then
    raise exception 'created_by must be a member of the organisation' using errcode = 'PS422', column = 'created_by';
  end if;
  r := app.lock_credit_balance(new.org_id);
  if r.balance < new.tokens_used then
    v_reset := to_char(((greatest(r.grant_period, app.usage_period()) + interval '1 month')::timestamp),
                       'YYYY-MM-DD"T"HH24:MI:SS"Z"');
    raise exception '%', format('not enough token credits: %s left, %s asked for; the monthly grant comes again at %s, or buy a token pack',
        r.balance, new.tokens_used, v_reset)
      using errcode = 'PS402', column = 'tokens_used',
            detail = jsonb_build_object('metric', 'tokens', 'limit', r.balance, 'reset_at', v_reset)::text;
  end if;
  v_grant := least(r.granted, new.tokens_used);
  insert into public.credit_ledger (org_id, kind, granted, purchased, usage_id)
  values (new.org_id, 'usage', -v_grant, -(new.tokens_used - v_grant), new.id);
  return null;
end $$;

create or replace trigger token_usage_debit after insert on public.token_usage
  for each row execute function app.debit_token_usage();

-- Audited in the organisation's chain: each usage row once (the debit; its ledger entry and the
-- balance it moves are not recorded again), every other ledger entry, every purchase change, and
-- the balance row's creation (its sums move only with the entries that are recorded).
create or replace trigger audit_row_change after insert or update or delete on public.token_usage
  for each row execute function app.audit_row_change();
create or replace trigger audit_row_change after insert on public.credit_ledger
  for each row when (new.kind <> 'usage') execute function app.audit_row_change();
create or replace trigger audit_row_change after insert or update or delete on public.credit_balances
  for each row execute function app.audit_row_change(
    'ignore=granted,purchased,balance,grant_period,grant_plan_id,grant_amount');

-- An organisation's credits as of now, for its members: the balance row with this month's grant
-- as it will be given (the row gives it at the month's first debit), when it comes again, and the
-- plan it comes from. assert_tenant_membership answers another organisation with "not found".
create or replace function app.credit_summary(org uuid)
returns table (balance bigint, granted bigint, purchased bigint, plan_id text, monthly_grant bigint,
               period_start date, resets_at timestamptz)
language plpgsql stable security definer set search_path = pg_catalog, pg_temp as $$
#variable_conflict use_column
declare
  v_period date := app.usage_period();
  b public.credit_balances;
  g record;
begin
  perform public.assert_tenant_membership(org);
  select * into b from public.credit_balances x where x.org_id = org;
  if b.grant_period is not null and b.grant_period >= v_period then
    return query select b.balance, b.granted, b.purchased, b.grant_plan_id, b.grant_amount, b.grant_period,
      (b.grant_period + interval '1 month')::timestamp at time zone 'UTC';
    return;
  end if;
  select * into g from app.plan_token_grant(org);
  return query select coalesce(b.purchased, 0) + g.tokens, g.tokens, coalesce(b.purchased, 0), g.plan_id, g.tokens,
    v_period, (v_period + interval '1 month')::timestamp at time zone 'UTC';
end $$;

create or replace function public.credit_summary(org uuid)
returns table (balance bigint, granted bigint, purchased bigint, plan_id text, monthly_grant bigint,
               period_start date, resets_at timestamptz)
language plpgsql stable security invoker set search_path = pg_catalog, pg_temp
as $$ begin return query select * from app.credit_summary(org); end $$;

revoke all on function app.credit_summary(uuid), public.credit_summary(uuid) from public, anon;
grant execute on function app.credit_summary(uuid), public.credit_summary(uuid) to authenticated, platform_admin, service_role;
