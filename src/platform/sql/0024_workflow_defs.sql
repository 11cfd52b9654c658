-- Workflow definitions: an organisation's ordered steps, each running one of its installed step
-- types with a configuration that must satisfy the installed version's input schema. The schema
-- check lives here (app.json_instance_problem), so a configuration written by any path — the API,
-- an API key, psql — is valid, and an upgrade that would invalidate one is refused.

create table if not exists public.workflow_defs (
  org_id uuid not null references public.organisations (id) on delete cascade,
  id uuid not null default gen_random_uuid(),
  name text not null constraint workflow_defs_name_check check (length(btrim(name)) between 1 and 200)
    constraint workflow_defs_name_single_line check (name !~ '[\x01-\x1f\x7f]'),
  description text constraint workflow_defs_description_check check (length(description) <= 2000),
  -- What a run's input must be (src/runtime/sql): a schema of the subset step types use.
  input_schema jsonb not null default '{"type": "object"}'::jsonb
    constraint workflow_defs_input_schema_check check (app.json_schema_problem(input_schema) is null),
  -- A draft until published: only a published workflow can be run (src/runtime/sql). A run pins
  -- the steps it started with, so editing a published workflow changes only later runs.
  published_at timestamptz,
  created_by uuid default app.uid() references auth.users (id) on delete set null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  primary key (org_id, id),
  constraint workflow_defs_name_key unique (org_id, name)
);

alter table public.workflow_defs enable row level security;

drop policy if exists "Members see their organisations' workflows" on public.workflow_defs;
create policy "Members see their organisations' workflows" on public.workflow_defs
  for select to authenticated
  using (org_id = any ((select app.caller_org_ids('viewer'))::uuid[]));

drop policy if exists "Owners, admins and members create workflows" on public.workflow_defs;
create policy "Owners, admins and members create workflows" on public.workflow_defs
  for insert to authenticated
  with check (org_id = any ((select app.caller_org_ids('member'))::uuid[]));

drop policy if exists "Owners, admins and members edit workflows" on public.workflow_defs;
create policy "Owners, admins and members edit workflows" on public.workflow_defs
  for update to authenticated
  using (org_id = any ((select app.caller_org_ids('member'))::uuid[]))
  with check (org_id = any ((select app.caller_org_ids('member'))::uuid[]));

drop policy if exists "Owners, admins and members delete workflows" on public.workflow_defs;
create policy "Owners, admins and members delete workflows" on public.workflow_defs
  for delete to authenticated
  using (org_id = any ((select app.caller_org_ids('member'))::uuid[]));

drop policy if exists "Platform operators manage workflows" on public.workflow_defs;
create policy "Platform operators manage workflows" on public.workflow_defs
  for all to platform_admin, service_role
  using ((select app.is_platform_operator()))
  with check ((select app.is_platform_operator()));

revoke all on public.workflow_defs from anon, authenticated, platform_admin, service_role;
grant select, insert (org_id, name, description, input_schema), update (name, description, input_schema, published_at),
  delete on public.workflow_defs to authenticated;
grant select, insert, update, delete on public.workflow_defs to platform_admin, service_role;

create or replace trigger workflow_defs_touch before update on public.workflow_defs
  for each row execute function app.touch_updated_at();
create or replace trigger workflow_defs_same_org before update on public.workflow_defs
  for each row execute function app.forbid_org_change();

create table if not exists public.workflow_def_steps (
  org_id uuid not null references public.organisations (id) on delete cascade,
  id uuid not null default gen_random_uuid(),
  workflow_def_id uuid not null,
  position int not null constraint workflow_def_steps_position_check check (position between 1 and 200),
  install_id uuid not null,
  config jsonb not null default '{}'::jsonb,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  primary key (org_id, id),
  constraint workflow_def_steps_workflow_def_fkey foreign key (org_id, workflow_def_id)
    references public.workflow_defs (org_id, id) on delete cascade,
  -- An installed step type of the same organisation; uninstalling one still in use is refused.
  constraint workflow_def_steps_install_fkey foreign key (org_id, install_id)
    references public.step_type_installs (org_id, id) on delete no action,
  -- Not deferrable, so `on conflict` works on it; the API reorders by replacing a workflow's steps.
  constraint workflow_def_steps_position_key unique (org_id, workflow_def_id, position)
);

create index if not exists workflow_def_steps_install_idx on public.workflow_def_steps (org_id, install_id);

alter table public.workflow_def_steps enable row level security;

drop policy if exists "Members see their organisations' workflow steps" on public.workflow_def_steps;
create policy "Members see their organisations' workflow steps" on public.workflow_def_steps
  for select to authenticated
  using (org_id = any ((select app.caller_org_ids('viewer'))::uuid[]));

drop policy if exists "Owners, admins and members add workflow steps" on public.workflow_def_steps;
create policy "Owners, admins and members add workflow steps" on public.workflow_def_steps
  for insert to authenticated
  with check (org_id = any ((select app.caller_org_ids('member'))::uuid[]));

drop policy if exists "Owners, admins and members edit workflow steps" on public.workflow_def_steps;
create policy "Owners, admins and members edit workflow steps" on public.workflow_def_steps
  for update to authenticated
  using (org_id = any ((select app.caller_org_ids('member'))::uuid[]))
  with check (org_id = any ((select app.caller_org_ids('member'))::uuid[]));

drop policy if exists "Owners, admins and members remove workflow steps" on public.workflow_def_steps;
create policy "Owners, admins and members remove workflow steps" on public.workflow_def_steps
  for delete to authenticated
  using (org_id = any ((select app.caller_org_ids('member'))::uuid[]));

drop policy if exists "Platform operators manage workflow steps" on public.workflow_def_steps;
create policy "Platform operators manage workflow steps" on public.workflow_def_steps
  for all to platform_admin, service_role
  using ((select app.is_platform_operator()))
  with check ((select app.is_platform_operator()));

revoke all on public.workflow_def_steps from anon, authenticated, platform_admin, service_role;
grant select, insert (org_id, workflow_def_id, position, install_id, config), update (position, install_id, config), delete
  on public.workflow_def_steps to authenticated;
grant select, insert, update, delete on public.workflow_def_steps to platform_admin, service_role;

create or replace trigger workflow_def_steps_touch before update on public.workflow_def_steps
  for each row execute function app.touch_updated_at();
create or replace trigger workflow_def_steps_same_org before update on public.workflow_def_steps
  for each row execute function app.forbid_org_change();

-- Validation reads the install and the version's schema as the definer: whether a configuration
-- is valid must not depend on what the writer can see. It reads and raises, nothing more.
-- A BEFORE trigger runs before RLS's WITH CHECK, so it first applies the insert/update policies'
-- own predicate and refuses with RLS's own error: a row aimed at another organisation learns
-- nothing about that organisation's installs. The table owner (no API role)
-- is not subject to RLS and is not refused.
create or replace function app.check_workflow_step_config() returns trigger
language plpgsql security definer set search_path = pg_catalog, pg_temp as $$
declare
  schema jsonb;
  version text;
  problem text;
begin
  if app.current_api_role() <> '' and not app.is_platform_operator()
     and not coalesce(new.org_id = any (app.caller_org_ids('member')), false) then
    raise exception 'new row violates row-level security policy for table "%"', tg_table_name
      using errcode = '42501';
  end if;
  select v.input_schema, v.version into schema, version
  from public.step_type_installs i join platform.step_type_versions v on v.id = i.step_type_version_id
  where i.org_id = new.org_id and i.id = new.install_id;
  if not found then
    raise exception 'step type install not found' using errcode = 'PS404', column = 'install_id';
  end if;
  problem := app.json_instance_problem(schema, new.config);
  if problem is not null then
    raise exception 'step % config%', new.position, problem using errcode = 'PS422', column = 'config';
  end if;
  return new;
end $$;

create or replace trigger workflow_def_steps_check before insert or update of install_id, config on public.workflow_def_steps
  for each row execute function app.check_workflow_step_config();

-- Moving an install to another version re-checks every step that uses it against the new input
-- schema: the upgrade is refused, naming the workflow and step, rather than leaving a workflow
-- that would fail at run time.
create or replace function app.recheck_workflow_steps() returns trigger
language plpgsql security definer set search_path = pg_catalog, pg_temp as $$
declare
  schema jsonb;
  version text;
  s record;
  problem text;
begin
  select v.input_schema, v.version into schema, version from platform.step_type_versions v where v.id = new.step_type_version_id;
  for s in
    select st.position, st.config, d.name from public.workflow_def_steps st
    join public.workflow_defs d on d.org_id = st.org_id and d.id = st.workflow_def_id
    where st.org_id = new.org_id and st.install_id = new.id
    order by d.name, st.position
  loop
    problem := app.json_instance_problem(schema, s.config);
    if problem is not null then
      raise exception 'version % would break workflow "%" step % (config%): change that workflow first', version, s.name, s.position, problem
        using errcode = 'PS422', column = 'step_type_version_id';
    end if;
  end loop;
  return new;
end $$;

create or replace trigger step_type_installs_recheck after update of step_type_version_id on public.step_type_installs
  for each row when (new.step_type_version_id is distinct from old.step_type_version_id)
  execute function app.recheck_workflow_steps();
