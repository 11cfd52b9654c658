-- Plans and usage limits (AgentFlow, seed 002). The limits are the database's: every write that
-- uses up a plan (a lead, an AI qualification, a member, a workspace, an integration) passes
-- through app.consume_usage in the same transaction, which raises PS402 once the plan's limit is
-- reached, so a limit holds for every writer and under concurrent requests alike.
--
-- Two kinds of metric:
-- * flows (leads, ai_qualifications, api_requests) count what happened in a calendar month (UTC)
--   and reset when the next month starts;
-- * stocks (members, workspaces, integrations) count what exists now. Their row for the month is
--   started from the live count the first time it is touched, then moves with each insert and
--   delete, so the row always equals the live count.
-- API requests are counted by the server in memory and added here in batches
-- (app.record_api_requests, src/revenue/usage/meter.ts): no write per request.

-- Every metric, a whole number >= 0. There is no "unlimited": a limit nobody reaches is a big number.
create or replace function app.valid_plan_limits(limits jsonb) returns boolean
language sql immutable set search_path = pg_catalog, pg_temp as $$
  select jsonb_typeof(limits) = 'object'
    and (select count(*) from jsonb_object_keys(limits)) = 6
    and limits ?& array['leads', 'ai_qualifications', 'api_requests', 'members', 'workspaces', 'integrations']
    and coalesce((select bool_and(jsonb_typeof(v) = 'number' and (v #>> '{}')::numeric between 0 and 1e15
                                  and (v #>> '{}')::numeric = trunc((v #>> '{}')::numeric))
                  from jsonb_each(limits) as l(k, v)), false)
$$;

-- Called by the plans_limits_check constraint, so with the rights of whoever writes a plan.
revoke all on function app.valid_plan_limits(jsonb) from public;
grant execute on function app.valid_plan_limits(jsonb) to platform_admin, service_role;

create table if not exists platform.plans (
  id text primary key constraint plans_id_check check (id ~ '^[a-z][a-z0-9_-]{1,39}$'),
  name text not null constraint plans_name_check check (length(btrim(name)) between 1 and 100)
    constraint plans_name_single_line check (name !~ '[\x01-\x1f\x7f]'),
  -- Every metric, a whole number >= 0. There is no "unlimited": a limit nobody reaches is a big number.
  limits jsonb not null constraint plans_limits_check check (app.valid_plan_limits(limits)),
  -- The Stripe price a checkout for this plan buys (null: not sold through Checkout).
  stripe_price_id text constraint plans_stripe_price_id_check check (stripe_price_id ~ '^price_[A-Za-z0-9]{1,100}$'),
  -- Unpublished plans are not offered; organisations already on one keep its limits.
  published boolean not null default true,
  position int not null default 0,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);

alter table platform.plans enable row level security;

drop policy if exists "Signed-in callers read published plans" on platform.plans;
create policy "Signed-in callers read published plans" on platform.plans
  for select to authenticated
  using (published);

drop policy if exists "Platform operators manage plans" on platform.plans;
create policy "Platform operators manage plans" on platform.plans
  for all to platform_admin, service_role
  using ((select app.is_platform_operator()))
  with check ((select app.is_platform_operator()));

revoke all on platform.plans from anon, authenticated, platform_admin, service_role;
grant select (id, name, limits, published, position) on platform.plans to authenticated;
grant select, insert, update, delete on platform.plans to platform_admin, service_role;

create or replace trigger plans_touch before update on platform.plans
  for each row execute function app.touch_updated_at();

-- The free plan is where every organisation without a live subscription lands: it can be changed,
-- not removed.
create or replace function app.keep_free_plan() returns trigger
language plpgsql set search_path = pg_catalog, pg_temp as $$
begin
  if old.id = 'free' then
    raise exception 'the free plan cannot be deleted: change its limits instead' using errcode = 'PS409', column = 'id';
  end if;
  return old;
end $$;

create or replace trigger plans_keep_free before delete on platform.plans
  for each row execute function app.keep_free_plan();

-- The plan an organisation without a live subscription is on. Operators change its limits like
-- any plan's; the migration only creates it when it is missing.
insert into platform.plans (id, name, limits, position) values
  ('free', 'Free', '{"leads": 1000, "ai_qualifications": 200, "api_requests": 100000, "members": 25, "workspaces": 10, "integrations": 10}', 0)
on conflict (id) do nothing;

create table if not exists public.usage_counters (
  org_id uuid not null references public.organisations (id) on delete cascade,
  id uuid not null default gen_random_uuid(),
  metric text not null constraint usage_counters_metric_check
    check (metric in ('leads', 'ai_qualifications', 'api_requests', 'members', 'workspaces', 'integrations')),
  -- The first day of the month (UTC) this row counts.
  period_start date not null constraint usage_counters_period_start_check
    check (period_start = date_trunc('month', period_start)::date),
  used bigint not null default 0 constraint usage_counters_used_check check (used >= 0),
  updated_at timestamptz not null default now(),
  primary key (org_id, id),
  constraint usage_counters_metric_period_key unique (org_id, metric, period_start)
);

alter table public.usage_counters enable row level security;

drop policy if exists "Members see their organisations' usage" on public.usage_counters;
create policy "Members see their organisations' usage" on public.usage_counters
  for select to authenticated
  using (org_id = any ((select app.caller_org_ids('viewer'))::uuid[]));

drop policy if exists "Platform operators manage usage counters" on public.usage_counters;
create policy "Platform operators manage usage counters" on public.usage_counters
  for all to platform_admin, service_role
  using ((select app.is_platform_operator()))
  with check ((select app.is_platform_operator()));

revoke all on public.usage_counters from anon, authenticated, platform_admin, service_role;
grant select on public.usage_counters to authenticated;
grant select, insert, update, delete on public.usage_counters to platform_admin, service_role;

create or replace trigger usage_counters_same_org before update on public.usage_counters
  for each row execute function app.forbid_org_change();

-- Every change of a counter, as the service sees it: the operational stream the document calls
-- usage_events. No browser role reads it.
create table if not exists public.usage_events (
  org_id uuid not null references public.organisations (id) on delete cascade,
  id uuid not null default gen_random_uuid(),
  metric text not null constraint usage_events_metric_check
    check (metric in ('leads', 'ai_qualifications', 'api_requests', 'members', 'workspaces', 'integrations')),
  period_start date not null,
  delta bigint not null,
  -- The table whose write moved the counter, or 'api' for a batch of requests.
  source text not null constraint usage_events_source_check check (length(source) between 1 and 100),
  created_at timestamptz not null default now(),
  primary key (org_id, id)
);

create index if not exists usage_events_org_idx on public.usage_events (org_id, created_at);

alter table public.usage_events enable row level security;

drop policy if exists "Platform operators manage usage events" on public.usage_events;
create policy "Platform operators manage usage events" on public.usage_events
  for all to platform_admin, service_role
  using ((select app.is_platform_operator()))
  with check ((select app.is_platform_operator()));

revoke all on public.usage_events from anon, authenticated, platform_admin, service_role;
grant select on public.usage_events to platform_admin;
grant select, insert, delete on public.usage_events to service_role;

create or replace trigger usage_events_same_org before update on public.usage_events
  for each row execute function app.forbid_org_change();

-- The month a flow is counted in, as of the transaction's start (UTC).
create or replace function app.usage_period() returns date
language sql stable set search_path = pg_catalog, pg_temp as $$
  select date_trunc('month', now() at time zone 'UTC')::date
$$;

-- The organisation's limit for a metric: its live subscription's plan, else the free plan. No plan
-- found is a refusal (0), never "no limit".
create or replace function app.org_usage_limit(org uuid, metric text) returns bigint
language plpgsql stable security definer set search_path = pg_catalog, pg_temp as $$
declare
  v_limit bigint;
begin
  select (p.limits ->> metric)::bigint into v_limit
  from public.subscriptions s join platform.plans p on p.id = s.plan_id
  where s.org_id = org and s.status in ('active', 'trialing', 'past_due');
  if v_limit is null then
    select (p.limits ->> metric)::bigint into v_limit from platform.plans p where p.id = 'free';
  end if;
  return coalesce(v_limit, 0);
end $$;

-- The live count of a stock metric.
create or replace function app.usage_live_count(org uuid, metric text) returns bigint
language plpgsql stable security definer set search_path = pg_catalog, pg_temp as $$
begin
  return case metric
    when 'members' then (select count(*) from public.organisation_members m where m.org_id = org)
    when 'workspaces' then (select count(*) from public.workspaces w where w.org_id = org)
    when 'integrations' then (select count(*) from public.organisation_integrations i where i.org_id = org)
  end;
end $$;

-- Uses `amount` of a metric in the organisation, or refuses with PS402 naming the metric, the
-- limit and when it resets. The counter row's lock serialises concurrent writers: the UPDATE's
-- condition is evaluated again on the row a concurrent transaction left, so two requests racing
-- for the last unit cannot both have it. A negative amount gives back (a stock's delete).
create or replace function app.consume_usage(org uuid, counted text, amount bigint, source text) returns void
language plpgsql security definer set search_path = pg_catalog, pg_temp as $$
declare
  v_stock boolean := counted in ('members', 'workspaces', 'integrations');
  v_period date := app.usage_period();
  v_limit bigint;
  v_used bigint;
  v_reset timestamptz;
begin
  -- The reserved platform organisation holds no tenant data and is on no plan.
  if org is null or org = app.platform_org_id() or amount = 0 then
    return;
  end if;
  if amount < 0 then
    -- An organisation being purged takes its counters and events with it.
    if not exists (select 1 from public.organisations o where o.id = org) then
      return;
    end if;
    update public.usage_counters c set used = greatest(c.used + amount, 0), updated_at = now()
    where c.org_id = org and c.metric = counted and c.period_start = v_period;
    if found then
      insert into public.usage_events (org_id, metric, period_start, delta, source) values (org, counted, v_period, amount, source);
    end if;
    return;
  end if;
  -- A stock's row starts the month at the live count less the rows being counted (the trigger runs
  -- after the statement's inserts); a flow's at zero.
  insert into public.usage_counters (org_id, metric, period_start, used)
  values (org, counted, v_period, case when v_stock then greatest(app.usage_live_count(org, counted) - amount, 0) else 0 end)
  on conflict (org_id, metric, period_start) do nothing;
  v_limit := app.org_usage_limit(org, counted);
  update public.usage_counters c set used = c.used + amount, updated_at = now()
  where c.org_id = org and c.metric = counted and c.period_start = v_period
    and c.used + amount <= v_limit
  returning c.used into v_used;
  if v_used is null then
    v_reset := case when v_stock then null
                    else ((v_period + interval '1 month')::timestamp at time zone 'UTC') end;
    raise exception '%', format('the plan''s limit of %s %s%s is reached%s', v_limit, replace(counted, '_', ' '),
        case when v_stock then '' else ' a month' end,
        case when v_stock then ': remove one or change plan'
             else format(': it resets at %s', to_char(v_reset at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"')) end)
      using errcode = 'PS402', column = counted,
            detail = jsonb_build_object('metric', counted, 'limit', v_limit,
              'reset_at', to_char(v_reset at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"'))::text;
  end if;
  insert into public.usage_events (org_id, metric, period_start, delta, source) values (org, counted, v_period, amount, source);
end $$;

revoke all on function app.consume_usage(uuid, text, bigint, text) from public;
revoke all on function app.org_usage_limit(uuid, text) from public;
revoke all on function app.usage_live_count(uuid, text) from public;

-- One trigger function for every counted table, the metric its argument, once per statement with
-- the statement's rows (an insert of fifty workspaces is one check of fifty, all or none). After
-- the rows are written, so row level security has already refused a writer who may not write
-- them: a stranger learns nothing of another organisation's usage from a PS402.
create or replace function app.count_usage() returns trigger
language plpgsql security definer set search_path = pg_catalog, pg_temp as $$
declare
  r record;
begin
  if tg_op = 'INSERT' then
    for r in select n.org_id, count(*) as n from new_rows n group by n.org_id order by n.org_id loop
      perform app.consume_usage(r.org_id, tg_argv[0], r.n, tg_table_name);
    end loop;
  else
    for r in select o.org_id, count(*) as n from old_rows o group by o.org_id order by o.org_id loop
      perform app.consume_usage(r.org_id, tg_argv[0], -r.n, tg_table_name);
    end loop;
  end if;
  return null;
end $$;

create or replace trigger count_usage after insert on public.organisation_members
  referencing new table as new_rows for each statement execute function app.count_usage('members');
create or replace trigger count_usage_deleted after delete on public.organisation_members
  referencing old table as old_rows for each statement execute function app.count_usage('members');
create or replace trigger count_usage after insert on public.workspaces
  referencing new table as new_rows for each statement execute function app.count_usage('workspaces');
create or replace trigger count_usage_deleted after delete on public.workspaces
  referencing old table as old_rows for each statement execute function app.count_usage('workspaces');
create or replace trigger count_usage after insert on public.organisation_integrations
  referencing new table as new_rows for each statement execute function app.count_usage('integrations');
create or replace trigger count_usage_deleted after delete on public.organisation_integrations
  referencing old table as old_rows for each statement execute function app.count_usage('integrations');

-- The server's batch of API requests: {org id: count}, added without a limit check (the requests
-- already happened; the server refuses the next ones from its cached view: src/revenue/usage/meter.ts).
-- Service only. Returns each organisation's count and limit for this month, for that cache.
create or replace function app.record_api_requests(counts jsonb)
returns table (org_id uuid, used bigint, usage_limit bigint)
language plpgsql security definer set search_path = pg_catalog, pg_temp as $$
#variable_conflict use_column
declare
  v_period date := app.usage_period();
begin
  if not app.is_platform_service() then
    raise exception 'only the service records API requests' using errcode = '42501';
  end if;
  if jsonb_typeof(counts) <> 'object' then
    raise exception 'counts must be an object of organisation ids to numbers' using errcode = 'PS422', column = 'counts';
  end if;
  insert into public.usage_counters as c (org_id, metric, period_start, used)
  select o.id, 'api_requests', v_period, (e.value #>> '{}')::bigint
  from jsonb_each(counts) e
  join public.organisations o on app.is_uuid_text(e.key) and o.id = e.key::uuid
  where jsonb_typeof(e.value) = 'number' and (e.value #>> '{}')::bigint > 0
  order by o.id
  on conflict on constraint usage_counters_metric_period_key do update set used = c.used + excluded.used, updated_at = now();
  insert into public.usage_events (org_id, metric, period_start, delta, source)
  select o.id, 'api_requests', v_period, (e.value #>> '{}')::bigint, 'api'
  from jsonb_each(counts) e
  join public.organisations o on app.is_uuid_text(e.key) and o.id = e.key::uuid
  where jsonb_typeof(e.value) = 'number' and (e.value #>> '{}')::bigint > 0;
  -- Every organisation named, counted or not (a count of 0 asks for the current figures only).
  return query
    select o.id, coalesce(c.used, 0)::bigint, app.org_usage_limit(o.id, 'api_requests')
    from jsonb_object_keys(counts) e(key)
    join public.organisations o on app.is_uuid_text(e.key) and o.id = e.key::uuid
    left join public.usage_counters c
      on c.org_id = o.id and c.metric = 'api_requests' and c.period_start = v_period;
end $$;

revoke all on function app.record_api_requests(jsonb) from public;
grant execute on function app.record_api_requests(jsonb) to service_role;

-- What an organisation has used this month against its plan: every metric, its limit and reset.
-- For its members only (assert_tenant_membership answers another organisation with "not found").
create or replace function app.usage_summary(org uuid)
returns table (metric text, used bigint, usage_limit bigint, period_start date, resets_at timestamptz)
language plpgsql stable security definer set search_path = pg_catalog, pg_temp as $$
declare
  v_period date := app.usage_period();
begin
  perform public.assert_tenant_membership(org);
  return query
    with metrics(metric, stock) as (
      values ('leads', false), ('ai_qualifications', false), ('api_requests', false),
             ('members', true), ('workspaces', true), ('integrations', true))
    select m.metric,
           case when m.stock then app.usage_live_count(org, m.metric) else coalesce(c.used, 0) end,
           app.org_usage_limit(org, m.metric),
           v_period,
           case when m.stock then null else (v_period + interval '1 month')::timestamp at time zone 'UTC' end
    from metrics m
    left join public.usage_counters c on c.org_id = org and c.metric = m.metric and c.period_start = v_period
    order by m.metric;
end $$;

create or replace function public.usage_summary(org uuid)
returns table (metric text, used bigint, usage_limit bigint, period_start date, resets_at timestamptz)
language plpgsql stable security invoker set search_path = pg_catalog, pg_temp
as $$ begin return query select * from app.usage_summary(org); end $$;

revoke all on function app.usage_summary(uuid), public.usage_summary(uuid) from public, anon;
grant execute on function app.usage_summary(uuid), public.usage_summary(uuid) to authenticated, platform_admin, service_role;
