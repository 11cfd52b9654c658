-- An organisation's connections to external systems (one table: there is no separate
-- "integration connections" twin). Everything here is non-secret:
-- credentials live in palisade_vault.secrets, referenced by credential_secret_id, a column no tenant role
-- is granted. Owners and admins manage integrations; members and viewers read the non-secret
-- columns; nobody else sees a row.
create table if not exists public.organisation_integrations (
  org_id uuid not null references public.organisations (id) on delete cascade,
  id uuid not null default gen_random_uuid(),
  -- A key of the IntegrationTypeRegistry (src/integrations/registry.ts); the registry, not the
  -- database, knows the types, so a type can be added without a migration.
  type_key text not null constraint organisation_integrations_type_key_check check (type_key ~ '^[a-z][a-z0-9_]{1,39}$'),
  -- The registry version of the type the config was last validated against.
  type_version integer not null default 1 constraint organisation_integrations_type_version_check check (type_version between 1 and 1000),
  display_name text not null constraint organisation_integrations_display_name_check check (length(btrim(display_name)) between 1 and 200)
    constraint organisation_integrations_display_name_single_line check (display_name !~ '[\x01-\x1f\x7f]'),
  status text not null default 'draft' constraint organisation_integrations_status_check
    check (status in ('draft', 'active', 'paused', 'error', 'disabled')),
  config jsonb not null default '{}'::jsonb
    constraint organisation_integrations_config_check check (app.integration_config_problem(config) is null),
  field_mappings jsonb not null default '{"schema_version": 2, "mappings": []}'::jsonb
    constraint organisation_integrations_field_mappings_check check (app.field_mappings_problem(field_mappings) is null),
  sync_schedule jsonb not null default '{"kind": "manual"}'::jsonb
    constraint organisation_integrations_sync_schedule_check check (app.sync_schedule_problem(sync_schedule) is null),
  -- The vault row holding the credentials; written by the service role only, never granted to tenants.
  credential_secret_id uuid,
  credentials_configured boolean generated always as (credential_secret_id is not null) stored,
  credentials_updated_at timestamptz,
  next_sync_at timestamptz,
  last_sync_at timestamptz,
  last_tested_at timestamptz,
  last_test_ok boolean,
  -- Written by workers and repair in words that never contain credentials.
  last_error text constraint organisation_integrations_last_error_check check (length(last_error) <= 2000),
  created_by uuid default app.uid() references auth.users (id) on delete set null,
  updated_by uuid references auth.users (id) on delete set null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  primary key (org_id, id),
  constraint organisation_integrations_display_name_key unique (org_id, display_name),
  -- Composite: an integration can only ever point at a secret of its own organisation.
  constraint organisation_integrations_credential_fkey foreign key (org_id, credential_secret_id)
    references palisade_vault.secrets (org_id, id) on delete set null (credential_secret_id)
);

create index if not exists organisation_integrations_org_type_idx on public.organisation_integrations (org_id, type_key);
create index if not exists organisation_integrations_due_idx on public.organisation_integrations (org_id, next_sync_at)
  where status = 'active';

-- The CHECK constraints above are the guarantee (a superuser's UPDATE, even with triggers off via
-- session_replication_role, is refused). This trigger runs first to turn the refusal into PS422
-- naming the column and the JSON path, which the API returns as a 422.
create or replace function app.organisation_integrations_check_documents() returns trigger
language plpgsql set search_path = pg_catalog, pg_temp as $$
declare
  col text;
  problem jsonb;
begin
  foreach col in array array['config', 'field_mappings', 'sync_schedule'] loop
    problem := case col
      when 'config' then app.integration_config_problem(new.config)
      when 'field_mappings' then app.field_mappings_problem(new.field_mappings)
      else app.sync_schedule_problem(new.sync_schedule) end;
    if problem is not null then
      raise exception 'invalid % at %: %', col, problem ->> 'path', problem ->> 'message'
        using errcode = 'PS422', column = col, detail = problem ->> 'path', table = tg_table_name;
    end if;
  end loop;
  return new;
end $$;

create or replace trigger organisation_integrations_documents before insert or update of config, field_mappings, sync_schedule
  on public.organisation_integrations for each row execute function app.organisation_integrations_check_documents();

-- Credentials are bound to the destination they were stored for: an UPDATE that changes where
-- the integration connects (any top-level config value that is, or was, an http(s) URL: every
-- URL field of every integration type is one, src/integrations/types/common.ts `destinationFields`)
-- forgets them in
-- the same statement, unless that statement stores new ones. An active integration must be
-- paused first, so nothing runs without credentials. Whoever updates (tenant, operator, repair)
-- passes here; the vault row goes with app.drop_credential_secret.
create or replace function app.organisation_integrations_bind_credentials() returns trigger
language plpgsql set search_path = pg_catalog, pg_temp as $$
begin
  if old.credential_secret_id is null or new.credential_secret_id is distinct from old.credential_secret_id
     or new.config is not distinct from old.config then
    return new;
  end if;
  if jsonb_typeof(old.config) = 'object' and jsonb_typeof(new.config) = 'object' and not exists (
    select 1
    from (select jsonb_object_keys(old.config) union select jsonb_object_keys(new.config)) as k(key)
    where old.config -> k.key is distinct from new.config -> k.key
      and (coalesce(old.config ->> k.key, '') ~* '^\s*https?:' or coalesce(new.config ->> k.key, '') ~* '^\s*https?:')
  ) then
    return new;
  end if;
  if new.status = 'active' then
    raise exception 'pause the integration before changing where it connects: its credentials are bound to the current address'
      using errcode = 'PS409', column = 'config', table = tg_table_name;
  end if;
  new.credential_secret_id := null;
  new.credentials_updated_at := now();
  return new;
end $$;

create or replace trigger organisation_integrations_bind_credentials before update of config
  on public.organisation_integrations for each row execute function app.organisation_integrations_bind_credentials();

create or replace function app.organisation_integrations_stamp() returns trigger
language plpgsql set search_path = pg_catalog, pg_temp as $$
begin
  new.updated_at := now();
  new.updated_by := app.uid();
  return new;
end $$;

create or replace trigger organisation_integrations_stamp before update on public.organisation_integrations
  for each row execute function app.organisation_integrations_stamp();
create or replace trigger organisation_integrations_same_org before update on public.organisation_integrations
  for each row execute function app.forbid_org_change();

-- A deleted integration takes its credentials with it, and replaced credentials leave no orphan.
-- Security definer because the deleting owner or admin has (rightly) no privilege on the vault;
-- it only ever removes the secret of the row the caller was allowed to delete or update. Shared by
-- every table that holds a credential_secret_id next to its org_id (src/connections/sql too).
create or replace function app.drop_credential_secret() returns trigger
language plpgsql security definer set search_path = pg_catalog, pg_temp as $$
begin
  if old.credential_secret_id is not null
     and (tg_op = 'DELETE' or new.credential_secret_id is distinct from old.credential_secret_id) then
    delete from palisade_vault.secrets where org_id = old.org_id and id = old.credential_secret_id;
  end if;
  return null;
end $$;

-- On every update, not only `update of credential_secret_id`: organisation_integrations_bind_credentials
-- clears the column from a BEFORE trigger, which a column-specific trigger would not see.
create or replace trigger organisation_integrations_drop_secret after update or delete
  on public.organisation_integrations for each row execute function app.drop_credential_secret();

alter table public.organisation_integrations enable row level security;

drop policy if exists "Members see their organisations' integrations" on public.organisation_integrations;
create policy "Members see their organisations' integrations" on public.organisation_integrations
  for select to authenticated
  using (org_id = any ((select app.caller_org_ids('viewer'))::uuid[]));

drop policy if exists "Owners and admins create integrations" on public.organisation_integrations;
create policy "Owners and admins create integrations" on public.organisation_integrations
  for insert to authenticated
  with check (org_id = any ((select app.caller_org_ids('admin'))::uuid[]));

drop policy if exists "Owners and admins edit integrations" on public.organisation_integrations;
create policy "Owners and admins edit integrations" on public.organisation_integrations
  for update to authenticated
  using (org_id = any ((select app.caller_org_ids('admin'))::uuid[]))
  with check (org_id = any ((select app.caller_org_ids('admin'))::uuid[]));

drop policy if exists "Owners and admins delete integrations" on public.organisation_integrations;
create policy "Owners and admins delete integrations" on public.organisation_integrations
  for delete to authenticated
  using (org_id = any ((select app.caller_org_ids('admin'))::uuid[]));

drop policy if exists "Platform operators manage integrations" on public.organisation_integrations;
create policy "Platform operators manage integrations" on public.organisation_integrations
  for all to platform_admin, service_role
  using ((select app.is_platform_operator()))
  with check ((select app.is_platform_operator()));

-- Supabase grants every public table to the API roles by default; start from nothing. Tenants
-- never get credential_secret_id: knowing which vault row holds a secret is the server's business.
-- Status fields written by workers (last_sync_at, last_error, credentials_*) are service-only.
revoke all on public.organisation_integrations from anon, authenticated, platform_admin, service_role;
grant select (org_id, id, type_key, type_version, display_name, status, config, field_mappings, sync_schedule,
              credentials_configured, credentials_updated_at, next_sync_at, last_sync_at, last_tested_at,
              last_test_ok, last_error, created_by, updated_by, created_at, updated_at),
  insert (org_id, type_key, type_version, display_name, status, config, field_mappings, sync_schedule, next_sync_at),
  update (type_version, display_name, status, config, field_mappings, sync_schedule, next_sync_at, last_tested_at, last_test_ok),
  delete
  on public.organisation_integrations to authenticated;
grant select, insert, update, delete on public.organisation_integrations to service_role;

-- Row changes go to the tenant's audit chain (src/audit/sql/0042_audit_row_triggers.sql).
-- credential_secret_id is masked: which vault row holds a secret is nobody's business in an audit
-- trail a tenant can read. Bookkeeping that moves on every sync or test is not a change worth an
-- entry on its own. palisade_vault.secrets itself is not audited row by row: a credential change shows as
-- credentials_updated_at on the integration, and rotation would flood the chains.
create or replace trigger audit_row_change after insert or update or delete on public.organisation_integrations
  for each row execute function app.audit_row_change(
    'mask=credential_secret_id', 'ignore=next_sync_at,last_sync_at,last_tested_at,last_test_ok');
