-- Workflow runs: one execution of a workflow definition, and one row per step of it. A run pins
-- what it runs: its steps are copied from the definition (install, step type version, config) when
-- it starts, so editing or upgrading the workflow never changes a run already under way.
--
-- Who writes what:
-- * members and up start a run (an INSERT, under RLS, checked against the workflow's input schema);
-- * they cancel a run and re-run a failed step through app.cancel_workflow_run and
--   app.retry_workflow_step (definers: tenants hold no UPDATE on either table);
-- * every other change is the runtime's, as the service role (src/runtime/runner.ts), and every
--   change of either table is a row in the tenant's audit chain (app.audit_row_change).
-- The state machine is the database's (app.check_workflow_transition): no writer, the service
-- included, can move a step from succeeded back to running or skip waiting for a callback.

create table if not exists public.workflow_runs (
  org_id uuid not null references public.organisations (id) on delete cascade,
  id uuid not null default gen_random_uuid(),
  workflow_def_id uuid not null,
  status text not null default 'pending'
    constraint workflow_runs_status_check check (status in ('pending', 'running', 'succeeded', 'failed', 'cancelled')),
  input jsonb not null default '{}'::jsonb
    constraint workflow_runs_input_check check (octet_length(input::text) <= 262144),
  error text constraint workflow_runs_error_check check (length(error) <= 2000),
  started_by uuid default app.uid() references auth.users (id) on delete set null,
  cancelled_by uuid references auth.users (id) on delete set null,
  created_at timestamptz not null default now(),
  started_at timestamptz,
  finished_at timestamptz,
  updated_at timestamptz not null default now(),
  primary key (org_id, id),
  -- A definition's runs go with it; what they did stays in the audit chain.
  constraint workflow_runs_workflow_def_fkey foreign key (org_id, workflow_def_id)
    references public.workflow_defs (org_id, id) on delete cascade
);

create index if not exists workflow_runs_def_idx on public.workflow_runs (org_id, workflow_def_id, created_at, id);
-- The sweeper's scan for runs still to be driven (src/runtime/runner.ts).
create index if not exists workflow_runs_open_idx on public.workflow_runs (status, created_at) where status in ('pending', 'running');

alter table public.workflow_runs enable row level security;

drop policy if exists "Members see their organisations' workflow runs" on public.workflow_runs;
create policy "Members see their organisations' workflow runs" on public.workflow_runs
  for select to authenticated
  using (org_id = any ((select app.caller_org_ids('viewer'))::uuid[]));

drop policy if exists "Owners, admins and members start workflow runs" on public.workflow_runs;
create policy "Owners, admins and members start workflow runs" on public.workflow_runs
  for insert to authenticated
  with check (org_id = any ((select app.caller_org_ids('member'))::uuid[]));

drop policy if exists "Platform operators manage workflow runs" on public.workflow_runs;
create policy "Platform operators manage workflow runs" on public.workflow_runs
  for all to platform_admin, service_role
  using ((select app.is_platform_operator()))
  with check ((select app.is_platform_operator()));

revoke all on public.workflow_runs from anon, authenticated, platform_admin, service_role;
grant select, insert (org_id, workflow_def_id, input) on public.workflow_runs to authenticated;
grant select, insert, update, delete on public.workflow_runs to platform_admin, service_role;

create or replace trigger workflow_runs_touch before update on public.workflow_runs
  for each row execute function app.touch_updated_at();
create or replace trigger workflow_runs_same_org before update on public.workflow_runs
  for each row execute function app.forbid_org_change();
create or replace trigger workflow_runs_org_not_deleted before insert on public.workflow_runs
  for each row execute function app.refuse_deleted_org();

create table if not exists public.workflow_step_runs (
  org_id uuid not null references public.organisations (id) on delete cascade,
  id uuid not null default gen_random_uuid(),
  run_id uuid not null,
  position int not null constraint workflow_step_runs_position_check check (position between 1 and 200),
  -- Null once the step type is uninstalled: the step then fails when it is reached.
  install_id uuid,
  step_type_version_id uuid not null references platform.step_type_versions (id) on delete no action,
  config jsonb not null default '{}'::jsonb,
  status text not null default 'pending'
    constraint workflow_step_runs_status_check check (status in
      ('pending', 'running', 'waiting_callback', 'succeeded', 'failed', 'timed_out', 'cancelled')),
  -- Calls made so far (each retry and each re-run counts one).
  attempt int not null default 0 constraint workflow_step_runs_attempt_check check (attempt between 0 and 1000),
  output jsonb constraint workflow_step_runs_output_check check (octet_length(output::text) <= 262144),
  error text constraint workflow_step_runs_error_check check (length(error) <= 2000),
  -- The callback's one-time token, as SHA-256 (the token itself is only in the URL sent to the
  -- step service); no API role can read it. The delivery id of the callback that completed it.
  callback_token_hash bytea constraint workflow_step_runs_token_check check (length(callback_token_hash) = 32),
  callback_expires_at timestamptz,
  callback_delivery_id text constraint workflow_step_runs_delivery_check check (length(callback_delivery_id) between 1 and 200),
  created_at timestamptz not null default now(),
  started_at timestamptz,
  finished_at timestamptz,
  updated_at timestamptz not null default now(),
  primary key (org_id, id),
  constraint workflow_step_runs_run_fkey foreign key (org_id, run_id)
    references public.workflow_runs (org_id, id) on delete cascade,
  constraint workflow_step_runs_install_fkey foreign key (org_id, install_id)
    references public.step_type_installs (org_id, id) on delete set null (install_id),
  constraint workflow_step_runs_position_key unique (org_id, run_id, position),
  constraint workflow_step_runs_waiting_check check (status <> 'waiting_callback'
    or (callback_token_hash is not null and callback_expires_at is not null))
);

create index if not exists workflow_step_runs_install_idx on public.workflow_step_runs (org_id, install_id);
-- Callbacks past their deadline, for the sweeper.
create index if not exists workflow_step_runs_waiting_idx on public.workflow_step_runs (callback_expires_at)
  where status = 'waiting_callback';

alter table public.workflow_step_runs enable row level security;

drop policy if exists "Members see their organisations' workflow step runs" on public.workflow_step_runs;
create policy "Members see their organisations' workflow step runs" on public.workflow_step_runs
  for select to authenticated
  using (org_id = any ((select app.caller_org_ids('viewer'))::uuid[]));

drop policy if exists "Platform operators manage workflow step runs" on public.workflow_step_runs;
create policy "Platform operators manage workflow step runs" on public.workflow_step_runs
  for all to platform_admin, service_role
  using ((select app.is_platform_operator()))
  with check ((select app.is_platform_operator()));

revoke all on public.workflow_step_runs from anon, authenticated, platform_admin, service_role;
-- Every column but the token's hash.
grant select (org_id, id, run_id, position, install_id, step_type_version_id, config, status, attempt, output, error,
  callback_expires_at, callback_delivery_id, created_at, started_at, finished_at, updated_at)
  on public.workflow_step_runs to authenticated;
grant select, insert, update, delete on public.workflow_step_runs to platform_admin, service_role;

create or replace trigger workflow_step_runs_touch before update on public.workflow_step_runs
  for each row execute function app.touch_updated_at();
create or replace trigger workflow_step_runs_same_org before update on public.workflow_step_runs
  for each row execute function app.forbid_org_change();

create or replace trigger audit_row_change after insert or update or delete on public.workflow_runs
  for each row execute function app.audit_row_change('omit=input');
create or replace trigger audit_row_change after insert or update or delete on public.workflow_step_runs
  for each row execute function app.audit_row_change('omit=output,config,callback_token_hash');

-- A run starts from its definition: the workflow must be published and have a step, and the input
-- must satisfy its input schema. Definer, because whether a run is valid must not depend on what the
-- writer can see; like app.check_workflow_step_config it first applies the insert policy's own
-- predicate, so a run aimed at another organisation learns nothing about its workflows.
create or replace function app.check_workflow_run_start() returns trigger
language plpgsql security definer set search_path = pg_catalog, pg_temp as $$
declare
  v_schema jsonb;
  v_published timestamptz;
  problem text;
begin
  if app.current_api_role() <> '' and not app.is_platform_operator()
     and not coalesce(new.org_id = any (app.caller_org_ids('member')), false) then
    raise exception 'new row violates row-level security policy for table "%"', tg_table_name
      using errcode = '42501';
  end if;
  select d.input_schema, d.published_at into v_schema, v_published from public.workflow_defs d
  where d.org_id = new.org_id and d.id = new.workflow_def_id;
  if not found then
    raise exception 'workflow not found' using errcode = 'PS404', column = 'workflow_def_id';
  end if;
  if v_published is null then
    raise exception 'the workflow is a draft: publish it before running it' using errcode = 'PS409', column = 'workflow_def_id';
  end if;
  if not exists (select 1 from public.workflow_def_steps s
                 where s.org_id = new.org_id and s.workflow_def_id = new.workflow_def_id) then
    raise exception 'the workflow has no steps to run' using errcode = 'PS422', column = 'workflow_def_id';
  end if;
  problem := app.json_instance_problem(v_schema, new.input);
  if problem is not null then
    raise exception 'input%', problem using errcode = 'PS422', column = 'input';
  end if;
  -- A run is born pending; the runtime moves it on.
  new.status := 'pending';
  new.error := null;
  new.started_at := null;
  new.finished_at := null;
  new.cancelled_by := null;
  return new;
end $$;

create or replace trigger workflow_runs_check_start before insert on public.workflow_runs
  for each row execute function app.check_workflow_run_start();

-- The run's steps, copied from the definition as it is now.
create or replace function app.copy_workflow_steps() returns trigger
language plpgsql security definer set search_path = pg_catalog, pg_temp as $$
begin
  insert into public.workflow_step_runs (org_id, run_id, position, install_id, step_type_version_id, config)
  select s.org_id, new.id, s.position, s.install_id, i.step_type_version_id, s.config
  from public.workflow_def_steps s
  join public.step_type_installs i on i.org_id = s.org_id and i.id = s.install_id
  where s.org_id = new.org_id and s.workflow_def_id = new.workflow_def_id;
  return null;
end $$;

create or replace trigger workflow_runs_copy_steps after insert on public.workflow_runs
  for each row execute function app.copy_workflow_steps();

-- The state machines. A run: pending → running → succeeded | failed | cancelled, pending →
-- cancelled, and failed → running when a failed step is re-run. A step: pending → running →
-- waiting_callback → succeeded | failed | timed_out | cancelled (running may end in any of those
-- but waiting_callback), pending → cancelled, and failed | timed_out → pending when re-run.
-- Succeeded and cancelled are final. What a run pinned (its definition, input, steps) never changes.
create or replace function app.check_workflow_transition() returns trigger
language plpgsql set search_path = pg_catalog, pg_temp as $$
declare
  allowed text[];
begin
  if tg_table_name = 'workflow_runs' then
    if new.workflow_def_id <> old.workflow_def_id or new.input is distinct from old.input then
      raise exception 'a run''s workflow and input never change' using errcode = 'PS409', column = 'input';
    end if;
    allowed := case old.status
      when 'pending' then array['running', 'cancelled']
      when 'running' then array['succeeded', 'failed', 'cancelled']
      when 'failed' then array['running']
      else '{}' end;
  else
    if new.run_id <> old.run_id or new.position <> old.position or new.config is distinct from old.config
       or new.step_type_version_id <> old.step_type_version_id
       or (new.install_id is distinct from old.install_id and new.install_id is not null) then
      raise exception 'a step run''s step never changes' using errcode = 'PS409', column = 'config';
    end if;
    allowed := case old.status
      when 'pending' then array['running', 'cancelled']
      when 'running' then array['waiting_callback', 'succeeded', 'failed', 'timed_out', 'cancelled']
      when 'waiting_callback' then array['succeeded', 'failed', 'timed_out', 'cancelled']
      when 'failed' then array['pending']
      when 'timed_out' then array['pending']
      else '{}' end;
  end if;
  if new.status <> old.status then
    if not new.status = any (allowed) then
      raise exception '% cannot go from % to %', replace(tg_table_name, '_', ' '), old.status, new.status
        using errcode = 'PS409', column = 'status';
    end if;
    if new.status = 'running' and old.status in ('pending', 'failed') then
      new.started_at := coalesce(new.started_at, now());
    end if;
    new.finished_at := case when new.status in ('succeeded', 'failed', 'timed_out', 'cancelled') then now() end;
  end if;
  return new;
end $$;

create or replace trigger workflow_runs_transition before update on public.workflow_runs
  for each row execute function app.check_workflow_transition();
create or replace trigger workflow_step_runs_transition before update on public.workflow_step_runs
  for each row execute function app.check_workflow_transition();

-- The run, locked, when the caller may change runs of its organisation (member and up); otherwise
-- not found (another tenant's, or none) or forbidden (a viewer of this one).
create or replace function app.workflow_run_for_change(org uuid, run uuid) returns public.workflow_runs
language plpgsql volatile security definer set search_path = pg_catalog, pg_temp as $$
#variable_conflict use_variable
declare
  r public.workflow_runs;
begin
  perform app.require_id(org, 'org_id');
  perform app.require_id(run, 'run_id');
  if not app.is_platform_operator() and not org = any (app.caller_org_ids('viewer')) then
    raise exception 'workflow run not found' using errcode = 'PS404', column = 'run_id';
  end if;
  select * into r from public.workflow_runs x where x.org_id = org and x.id = run for update;
  if not found then
    raise exception 'workflow run not found' using errcode = 'PS404', column = 'run_id';
  end if;
  if not app.is_platform_operator() and not org = any (app.caller_org_ids('member')) then
    raise exception 'viewers cannot change workflow runs' using errcode = 'PS403';
  end if;
  return r;
end $$;

create or replace function app.cancel_workflow_run(org uuid, run uuid) returns void
language plpgsql volatile security definer set search_path = pg_catalog, pg_temp as $$
#variable_conflict use_variable
declare
  r public.workflow_runs := app.workflow_run_for_change(org, run);
begin
  if r.status not in ('pending', 'running') then
    raise exception 'the run is already %', r.status using errcode = 'PS409', column = 'run_id';
  end if;
  update public.workflow_step_runs s set status = 'cancelled', callback_token_hash = null
  where s.org_id = org and s.run_id = run and s.status in ('pending', 'running', 'waiting_callback');
  update public.workflow_runs x set status = 'cancelled', cancelled_by = app.uid()
  where x.org_id = org and x.id = run;
end $$;

-- Re-runs a failed or timed-out step of a failed run: the step goes back to pending and the run
-- to running; the runtime then calls it again (src/runtime/runner.ts).
create or replace function app.retry_workflow_step(org uuid, step_run uuid) returns uuid
language plpgsql volatile security definer set search_path = pg_catalog, pg_temp as $$
#variable_conflict use_variable
declare
  s public.workflow_step_runs;
  r public.workflow_runs;
begin
  perform app.require_id(step_run, 'step_run_id');
  select * into s from public.workflow_step_runs x where x.org_id = org and x.id = step_run;
  if not found or (not app.is_platform_operator() and not org = any (app.caller_org_ids('viewer'))) then
    raise exception 'workflow step run not found' using errcode = 'PS404', column = 'step_run_id';
  end if;
  r := app.workflow_run_for_change(org, s.run_id);
  select * into s from public.workflow_step_runs x where x.org_id = org and x.id = step_run for update;
  if s.status not in ('failed', 'timed_out') or r.status <> 'failed' then
    raise exception 'only a failed step of a failed run can be re-run (the step is %, the run %)', s.status, r.status
      using errcode = 'PS409', column = 'step_run_id';
  end if;
  update public.workflow_step_runs x
  set status = 'pending', error = null, output = null, callback_token_hash = null, callback_expires_at = null,
      callback_delivery_id = null
  where x.org_id = org and x.id = step_run;
  update public.workflow_runs x set status = 'running', error = null where x.org_id = org and x.id = r.id;
  return r.id;
end $$;

-- The step run a callback names, for the callback route (which holds no credential of the tenant:
-- the token in its URL and the signature over its body are the credential). Only a step whose
-- call is out (running: a callback can arrive before the answer announcing it), one waiting for
-- its callback, or one a callback already completed (so that a repeated delivery is acknowledged
-- and changes nothing) is found; anything else, another tenant's step included, is nothing.
create or replace function app.step_run_for_callback(org uuid, step_run uuid, token_hash bytea)
returns table (org_id uuid, id uuid, run_id uuid, install_id uuid, step_type_version_id uuid, status text,
               attempt int, callback_delivery_id text, callback_expires_at timestamptz, signing_key_id uuid,
               previous_signing_key_id uuid, output_schema jsonb)
language plpgsql stable security definer set search_path = pg_catalog, pg_temp as $$
#variable_conflict use_column
begin
  return query
    select s.org_id, s.id, s.run_id, s.install_id, s.step_type_version_id, s.status, s.attempt, s.callback_delivery_id,
           s.callback_expires_at, i.signing_key_id, i.previous_signing_key_id, v.output_schema
    from public.workflow_step_runs s
    join platform.step_type_versions v on v.id = s.step_type_version_id
    left join public.step_type_installs i on i.org_id = s.org_id and i.id = s.install_id
    where s.org_id = org and s.id = step_run and s.callback_token_hash = token_hash
      and (s.status in ('running', 'waiting_callback') or s.callback_delivery_id is not null);
end $$;

create or replace function public.cancel_workflow_run(org uuid, run uuid) returns void
language plpgsql volatile security invoker set search_path = pg_catalog, pg_temp
as $$ begin perform app.cancel_workflow_run(org, run); end $$;

create or replace function public.retry_workflow_step(org uuid, step_run uuid) returns uuid
language plpgsql volatile security invoker set search_path = pg_catalog, pg_temp
as $$ begin return app.retry_workflow_step(org, step_run); end $$;

revoke all on function app.check_workflow_run_start(), app.copy_workflow_steps(), app.check_workflow_transition(),
  app.workflow_run_for_change(uuid, uuid), app.cancel_workflow_run(uuid, uuid), app.retry_workflow_step(uuid, uuid),
  app.step_run_for_callback(uuid, uuid, bytea), public.cancel_workflow_run(uuid, uuid),
  public.retry_workflow_step(uuid, uuid)
  from public, anon, authenticated, service_role, platform_admin;
grant execute on function app.cancel_workflow_run(uuid, uuid), app.retry_workflow_step(uuid, uuid),
  public.cancel_workflow_run(uuid, uuid), public.retry_workflow_step(uuid, uuid)
  to authenticated, service_role, platform_admin;
grant execute on function app.step_run_for_callback(uuid, uuid, bytea) to service_role;

-- Nonces of accepted step callbacks, so a signed callback replayed within its ±300 s window is
-- refused by every instance (src/runtime/inbound.ts); kept until the window has passed, then swept.
-- Only the service role touches this schema.
create schema if not exists palisade_runtime;
revoke all on schema palisade_runtime from public;
revoke all on schema palisade_runtime from anon, authenticated, platform_admin;
grant usage on schema palisade_runtime to service_role;

create table if not exists palisade_runtime.callback_nonces (
  org_id uuid not null references public.organisations (id) on delete cascade,
  key_id uuid not null,
  nonce text not null constraint callback_nonces_nonce_check check (length(nonce) between 16 and 200),
  expires_at timestamptz not null,
  primary key (org_id, key_id, nonce)
);

create index if not exists callback_nonces_expires_idx on palisade_runtime.callback_nonces (expires_at);

alter table palisade_runtime.callback_nonces enable row level security;

drop policy if exists "Only the service role records callback nonces" on palisade_runtime.callback_nonces;
create policy "Only the service role records callback nonces" on palisade_runtime.callback_nonces
  for all to service_role
  using ((select app.is_platform_service()))
  with check ((select app.is_platform_service()));

revoke all on palisade_runtime.callback_nonces from public, anon, authenticated, platform_admin, service_role;
grant select, insert, delete on palisade_runtime.callback_nonces to service_role;
