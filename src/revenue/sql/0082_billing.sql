-- Billing and the provider tables (AgentFlow, seed 002): Stripe-managed subscription and checkout
-- state, the webhook events of Stripe and HubSpot, and implementation requests.
--
-- Browsers read safe status columns only (column grants): never a Stripe customer or subscription
-- id, a provider session id, a checkout URL or a provider payload. The provider tables are the
-- service's: webhooks are verified and processed by the server as the service role
-- (src/revenue/billing, src/revenue/hubspot). An event the server cannot tie to an organisation is
-- kept under the reserved platform organisation (app.platform_org_id()), so every row has one.

create table if not exists public.subscriptions (
  org_id uuid not null references public.organisations (id) on delete cascade,
  id uuid not null default gen_random_uuid(),
  plan_id text not null references platform.plans (id) on delete restrict,
  -- Stripe's subscription statuses. Only active, trialing and past_due give the plan's limits
  -- (app.org_usage_limit); any other leaves the organisation on the free plan.
  status text not null constraint subscriptions_status_check check (status in
    ('incomplete', 'incomplete_expired', 'trialing', 'active', 'past_due', 'canceled', 'unpaid', 'paused')),
  current_period_end timestamptz,
  cancel_at_period_end boolean not null default false,
  stripe_customer_id text constraint subscriptions_stripe_customer_id_check check (stripe_customer_id ~ '^cus_[A-Za-z0-9]{1,100}$'),
  stripe_subscription_id text constraint subscriptions_stripe_subscription_id_key unique
    constraint subscriptions_stripe_subscription_id_check check (stripe_subscription_id ~ '^sub_[A-Za-z0-9]{1,100}$'),
  -- The `created` time of the Stripe event this row was last written from: an older event
  -- delivered late never overwrites it (src/revenue/billing/apply.ts).
  stripe_event_created timestamptz,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  primary key (org_id, id),
  -- One subscription an organisation is billed by.
  constraint subscriptions_org_key unique (org_id)
);

create index if not exists subscriptions_plan_idx on public.subscriptions (plan_id);

alter table public.subscriptions enable row level security;

drop policy if exists "Members see their organisations' subscription status" on public.subscriptions;
create policy "Members see their organisations' subscription status" on public.subscriptions
  for select to authenticated
  using (org_id = any ((select app.caller_org_ids('viewer'))::uuid[]));

drop policy if exists "Platform operators manage subscriptions" on public.subscriptions;
create policy "Platform operators manage subscriptions" on public.subscriptions
  for all to platform_admin, service_role
  using ((select app.is_platform_operator()))
  with check ((select app.is_platform_operator()));

revoke all on public.subscriptions from anon, authenticated, platform_admin, service_role;
grant select (org_id, id, plan_id, status, current_period_end, cancel_at_period_end, created_at, updated_at)
  on public.subscriptions to authenticated;
grant select, insert, update, delete on public.subscriptions to platform_admin, service_role;

create or replace trigger subscriptions_touch before update on public.subscriptions
  for each row execute function app.touch_updated_at();
create or replace trigger subscriptions_same_org before update on public.subscriptions
  for each row execute function app.forbid_org_change();
create or replace trigger audit_row_change after insert or update or delete on public.subscriptions
  for each row execute function app.audit_row_change('omit=stripe_customer_id,stripe_subscription_id');

create table if not exists public.checkout_sessions (
  org_id uuid not null references public.organisations (id) on delete cascade,
  id uuid not null default gen_random_uuid(),
  plan_id text not null references platform.plans (id) on delete restrict,
  provider text not null default 'stripe' constraint checkout_sessions_provider_check check (provider in ('stripe')),
  -- pending: recorded, the provider not yet asked; open: the customer can pay at checkout_url.
  status text not null default 'pending'
    constraint checkout_sessions_status_check check (status in ('pending', 'open', 'complete', 'expired', 'failed')),
  provider_session_id text constraint checkout_sessions_provider_session_id_key unique
    constraint checkout_sessions_provider_session_id_check check (length(provider_session_id) between 1 and 255),
  checkout_url text constraint checkout_sessions_checkout_url_check check (length(checkout_url) <= 2048 and checkout_url ~ '^https?://'),
  stripe_customer_id text constraint checkout_sessions_stripe_customer_id_check check (stripe_customer_id ~ '^cus_[A-Za-z0-9]{1,100}$'),
  created_by uuid default app.uid() references auth.users (id) on delete set null,
  expires_at timestamptz,
  stripe_event_created timestamptz,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  primary key (org_id, id)
);

create index if not exists checkout_sessions_org_idx on public.checkout_sessions (org_id, created_at, id);
create index if not exists checkout_sessions_plan_idx on public.checkout_sessions (plan_id);

alter table public.checkout_sessions enable row level security;

drop policy if exists "Owners and admins see their organisations' checkouts" on public.checkout_sessions;
create policy "Owners and admins see their organisations' checkouts" on public.checkout_sessions
  for select to authenticated
  using (org_id = any ((select app.caller_org_ids('admin'))::uuid[]));

-- An owner or admin starts a checkout (the server then asks Stripe, as the service, and fills in
-- the provider's columns): the insert is how the database checks the caller's role.
drop policy if exists "Owners and admins start checkouts" on public.checkout_sessions;
create policy "Owners and admins start checkouts" on public.checkout_sessions
  for insert to authenticated
  with check (org_id = any ((select app.caller_org_ids('admin'))::uuid[]));

drop policy if exists "Platform operators manage checkouts" on public.checkout_sessions;
create policy "Platform operators manage checkouts" on public.checkout_sessions
  for all to platform_admin, service_role
  using ((select app.is_platform_operator()))
  with check ((select app.is_platform_operator()));

revoke all on public.checkout_sessions from anon, authenticated, platform_admin, service_role;
grant select (org_id, id, plan_id, provider, status, created_by, expires_at, created_at, updated_at),
  insert (org_id, plan_id) on public.checkout_sessions to authenticated;
grant select, insert, update, delete on public.checkout_sessions to platform_admin, service_role;

create or replace trigger checkout_sessions_touch before update on public.checkout_sessions
  for each row execute function app.touch_updated_at();
create or replace trigger checkout_sessions_same_org before update on public.checkout_sessions
  for each row execute function app.forbid_org_change();
create or replace trigger audit_row_change after insert or update or delete on public.checkout_sessions
  for each row execute function app.audit_row_change('omit=provider_session_id,checkout_url,stripe_customer_id');

-- A checkout is for a plan on sale: published, with a Stripe price. After the insert, so RLS has
-- refused a caller who may not start one first.
create or replace function app.check_checkout_plan() returns trigger
language plpgsql security definer set search_path = pg_catalog, pg_temp as $$
begin
  if not exists (select 1 from platform.plans p where p.id = new.plan_id and p.published and p.stripe_price_id is not null) then
    raise exception 'plan not found, or not sold through checkout' using errcode = 'PS404', column = 'plan_id';
  end if;
  return null;
end $$;

create or replace trigger checkout_sessions_check_plan after insert on public.checkout_sessions
  for each row execute function app.check_checkout_plan();

-- Every Stripe webhook event received, verified, with how it was processed. The event id is
-- unique: a redelivered event finds its row and is acknowledged without a second effect.
create table if not exists public.billing_events (
  org_id uuid not null references public.organisations (id) on delete cascade,
  id uuid not null default gen_random_uuid(),
  provider text not null default 'stripe' constraint billing_events_provider_check check (provider in ('stripe')),
  event_id text not null constraint billing_events_event_id_check check (length(event_id) between 1 and 255),
  type text not null constraint billing_events_type_check check (length(type) between 1 and 255),
  livemode boolean not null default false,
  event_created timestamptz not null,
  payload jsonb not null constraint billing_events_payload_check check (octet_length(payload::text) <= 1048576),
  -- processed: applied; ignored: a type Palisade does not act on, or older than the state it would
  -- change; failed: could not be applied (error says why, without payload values).
  status text not null default 'received'
    constraint billing_events_status_check check (status in ('received', 'processed', 'ignored', 'failed')),
  error text constraint billing_events_error_check check (length(error) <= 2000),
  received_at timestamptz not null default now(),
  processed_at timestamptz,
  primary key (org_id, id),
  constraint billing_events_event_key unique (provider, event_id)
);

create index if not exists billing_events_org_idx on public.billing_events (org_id, received_at);

alter table public.billing_events enable row level security;

drop policy if exists "Platform operators manage billing events" on public.billing_events;
create policy "Platform operators manage billing events" on public.billing_events
  for all to platform_admin, service_role
  using ((select app.is_platform_operator()))
  with check ((select app.is_platform_operator()));

revoke all on public.billing_events from anon, authenticated, platform_admin, service_role;
grant select on public.billing_events to platform_admin;
grant select, insert, update, delete on public.billing_events to service_role;
-- The webhook (as the service) keeps an event it cannot tie to an organisation under the reserved
-- one, which exists only once something was recorded there.
grant execute on function app.ensure_platform_org() to service_role;

create or replace trigger billing_events_same_org before update on public.billing_events
  for each row execute function app.forbid_org_change();

-- HubSpot webhook events (signature v3), one row per event, processed once.
create table if not exists public.hubspot_webhook_events (
  org_id uuid not null references public.organisations (id) on delete cascade,
  id uuid not null default gen_random_uuid(),
  -- HubSpot's eventId within its portal: "<portalId>:<eventId>".
  event_key text not null constraint hubspot_webhook_events_event_key_key unique
    constraint hubspot_webhook_events_event_key_check check (event_key ~ '^[0-9]{1,20}:[0-9]{1,20}$'),
  portal_id bigint not null,
  subscription_type text not null constraint hubspot_webhook_events_subscription_type_check
    check (length(subscription_type) between 1 and 100),
  object_id text constraint hubspot_webhook_events_object_id_check check (length(object_id) <= 40),
  occurred_at timestamptz,
  payload jsonb not null constraint hubspot_webhook_events_payload_check check (octet_length(payload::text) <= 65536),
  status text not null default 'received'
    constraint hubspot_webhook_events_status_check check (status in ('received', 'processed', 'ignored', 'failed')),
  error text constraint hubspot_webhook_events_error_check check (length(error) <= 2000),
  received_at timestamptz not null default now(),
  processed_at timestamptz,
  primary key (org_id, id)
);

create index if not exists hubspot_webhook_events_org_idx on public.hubspot_webhook_events (org_id, received_at);
-- A contact's events, newest first: its latest value of each property (src/revenue/hubspot/contact.ts).
create index if not exists hubspot_webhook_events_object_idx
  on public.hubspot_webhook_events (org_id, object_id, occurred_at);

alter table public.hubspot_webhook_events enable row level security;

drop policy if exists "Platform operators manage HubSpot webhook events" on public.hubspot_webhook_events;
create policy "Platform operators manage HubSpot webhook events" on public.hubspot_webhook_events
  for all to platform_admin, service_role
  using ((select app.is_platform_operator()))
  with check ((select app.is_platform_operator()));

revoke all on public.hubspot_webhook_events from anon, authenticated, platform_admin, service_role;
grant select on public.hubspot_webhook_events to platform_admin;
grant select, insert, update, delete on public.hubspot_webhook_events to service_role;

create or replace trigger hubspot_webhook_events_same_org before update on public.hubspot_webhook_events
  for each row execute function app.forbid_org_change();

-- Requests for hands-on help (an integration set up, data imported): members file them through
-- the API and follow their status; operators work them. The document keeps the table
-- service-only; Palisade lets the organisation read its own requests, but not the operators' notes.
create table if not exists public.implementation_requests (
  org_id uuid not null references public.organisations (id) on delete cascade,
  id uuid not null default gen_random_uuid(),
  kind text not null constraint implementation_requests_kind_check
    check (kind in ('integration_setup', 'data_import', 'custom_workflow', 'qualification_tuning', 'other')),
  title text not null constraint implementation_requests_title_check check (length(btrim(title)) between 1 and 200)
    constraint implementation_requests_title_single_line check (title !~ '[\x01-\x1f\x7f]'),
  details text constraint implementation_requests_details_check check (length(details) <= 10000),
  status text not null default 'open'
    constraint implementation_requests_status_check check (status in ('open', 'in_progress', 'done', 'declined')),
  operator_notes text constraint implementation_requests_operator_notes_check check (length(operator_notes) <= 10000),
  requested_by uuid default app.uid() references auth.users (id) on delete set null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  primary key (org_id, id)
);

create index if not exists implementation_requests_org_idx on public.implementation_requests (org_id, created_at, id);
create index if not exists implementation_requests_open_idx on public.implementation_requests (created_at)
  where status in ('open', 'in_progress');

alter table public.implementation_requests enable row level security;

drop policy if exists "Members see their organisations' implementation requests" on public.implementation_requests;
create policy "Members see their organisations' implementation requests" on public.implementation_requests
  for select to authenticated
  using (org_id = any ((select app.caller_org_ids('viewer'))::uuid[]));

drop policy if exists "Owners, admins and members file implementation requests" on public.implementation_requests;
create policy "Owners, admins and members file implementation requests" on public.implementation_requests
  for insert to authenticated
  with check (org_id = any ((select app.caller_org_ids('member'))::uuid[]));

drop policy if exists "Platform operators work implementation requests" on public.implementation_requests;
create policy "Platform operators work implementation requests" on public.implementation_requests
  for all to platform_admin, service_role
  using ((select app.is_platform_operator()))
  with check ((select app.is_platform_operator()));

revoke all on public.implementation_requests from anon, authenticated, platform_admin, service_role;
grant select (org_id, id, kind, title, details, status, requested_by, created_at, updated_at),
  insert (org_id, kind, title, details) on public.implementation_requests to authenticated;
grant select, insert, update, delete on public.implementation_requests to platform_admin, service_role;

create or replace trigger implementation_requests_touch before update on public.implementation_requests
  for each row execute function app.touch_updated_at();
create or replace trigger implementation_requests_same_org before update on public.implementation_requests
  for each row execute function app.forbid_org_change();
create or replace trigger audit_row_change after insert or update or delete on public.implementation_requests
  for each row execute function app.audit_row_change('omit=details,operator_notes');
