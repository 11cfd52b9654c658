-- Connections a workspace or a project uses to call other systems (the AI app builder, seed 003).
--
-- A connection belongs to exactly one scope: a workspace or a project (the document's scope_check).
-- Who may do what, decided by the scope helpers below and nowhere else:
-- * read: for a workspace, its organisation's active members (viewer and up, and providers whose
--   delegation covers the workspace); for a project, its project members and the organisation's
--   owners and admins;
-- * use (call through it): the readers, less viewers (organisation or project viewers);
-- * manage (create, edit, delete, set credentials): for a workspace, the organisation's owners and
--   admins; for a project, those and the project's owners and managers.
-- Credentials live in palisade_vault.secrets only (credential_secret_id, granted to no tenant role),
-- bound to the destination they were stored for: a change of the endpoint's origin forgets them.

-- Projects the caller belongs to through any project role, within active memberships of live
-- organisations (app.managed_projects() is the owner/manager subset).
create or replace function app.member_projects() returns table (org_id uuid, project_id uuid)
language plpgsql stable security definer set search_path = pg_catalog, pg_temp rows 10 as $$
begin
  return query
    select pm.org_id, pm.project_id from public.project_members pm
    join public.organisation_members m on m.org_id = pm.org_id and m.user_id = pm.user_id
    join public.organisations o on o.id = pm.org_id and o.deleted_at is null
    where pm.user_id = app.uid() and m.status = 'active';
end $$;

-- Projects the caller may call connections of: any project role but viewer.
create or replace function app.contributing_projects() returns table (org_id uuid, project_id uuid)
language plpgsql stable security definer set search_path = pg_catalog, pg_temp rows 10 as $$
begin
  return query
    select pm.org_id, pm.project_id from public.project_members pm
    join public.organisation_members m on m.org_id = pm.org_id and m.user_id = pm.user_id
    join public.organisations o on o.id = pm.org_id and o.deleted_at is null
    where pm.user_id = app.uid() and m.status = 'active' and pm.role in ('owner', 'manager', 'contributor');
end $$;

-- What the caller may do in a connection scope: 'read', 'use' or 'manage'. NULL scope columns
-- admit nothing (the table's check makes exactly one of them non-null). Invoker: every set it
-- reads comes from a definer helper above or in src/core/sql/0003_app_helpers.sql.
create or replace function app.connection_scope_allows(
  action text, org uuid, workspace uuid, project uuid
) returns boolean
language sql stable set search_path = pg_catalog, pg_temp as $$
  select coalesce(case
    when org is null or (workspace is null) = (project is null) then false
    when workspace is not null then case action
      when 'read' then org = any (app.caller_org_ids('viewer'))
                    or (org, workspace) in (select g.org_id, g.workspace_id from app.caller_workspace_grants('viewer') g)
      when 'use' then org = any (app.caller_org_ids('member'))
                    or (org, workspace) in (select g.org_id, g.workspace_id from app.caller_workspace_grants('member') g)
      when 'manage' then org = any (app.caller_org_ids('admin'))
                    or (org, workspace) in (select g.org_id, g.workspace_id from app.caller_workspace_grants('admin') g)
    end
    else case action
      when 'read' then org = any (app.caller_org_ids('admin'))
                    or (org, project) in (select p.org_id, p.project_id from app.member_projects() p)
      when 'use' then org = any (app.caller_org_ids('admin'))
                    or (org, project) in (select p.org_id, p.project_id from app.contributing_projects() p)
      when 'manage' then org = any (app.caller_org_ids('admin'))
                    or (org, project) in (select p.org_id, p.project_id from app.managed_projects() p)
    end
  end, false)
$$;

-- Where a connection may send its credentials: https, or plain http to a loopback stand-in (tests,
-- local development); no credentials, query or fragment in the URL (the rule of every integration
-- URL, src/integrations/types/common.ts serviceUrl). The egress guard (src/net/egress.ts) still
-- refuses private addresses at call time.
create or replace function app.endpoint_url_ok(u text) returns boolean
language sql immutable set search_path = pg_catalog, pg_temp as $$
  select length(u) <= 500 and u ~ '^(https://|http://(localhost|127\.0\.0\.1|\[::1\])[:/])[^@?#[:space:]]+$'
$$;

grant execute on function app.member_projects(), app.contributing_projects(), app.connection_scope_allows(text, uuid, uuid, uuid),
  app.endpoint_url_ok(text)
  to authenticated, platform_admin, service_role;

create table if not exists public.api_connections (
  org_id uuid not null references public.organisations (id) on delete cascade,
  id uuid not null default gen_random_uuid(),
  workspace_id uuid,
  project_id uuid,
  name text not null constraint api_connections_name_check check (length(btrim(name)) between 1 and 200)
    constraint api_connections_name_single_line check (name !~ '[\x01-\x1f\x7f]'),
  description text constraint api_connections_description_check check (length(description) <= 2000),
  -- A free label of what the API is (the document's api_type), e.g. 'rest', 'crm', 'weather'.
  api_type text not null default 'rest' constraint api_connections_api_type_check check (api_type ~ '^[a-z][a-z0-9_-]{0,39}$'),
  endpoint_url text not null constraint api_connections_endpoint_url_check check (app.endpoint_url_ok(endpoint_url)),
  http_method text not null default 'GET'
    constraint api_connections_http_method_check check (http_method in ('GET', 'POST', 'PUT', 'DELETE', 'PATCH')),
  auth_type text not null default 'none'
    constraint api_connections_auth_type_check check (auth_type in ('bearer', 'basic', 'api_key', 'none')),
  -- For api_key: the header or query parameter that carries the key.
  api_key_name text not null default 'X-API-Key'
    constraint api_connections_api_key_name_single_line check (api_key_name ~ '^[A-Za-z0-9!#$%&''*+.^_`|~-]{1,100}$'),
  api_key_in text not null default 'header' constraint api_connections_api_key_in_check check (api_key_in in ('header', 'query')),
  -- Non-secret headers only: a secret goes in the credentials.
  custom_headers jsonb not null default '{}'::jsonb
    constraint api_connections_custom_headers_check check (jsonb_typeof(custom_headers) = 'object' and pg_column_size(custom_headers) <= 16384),
  request_body_template jsonb not null default '{}'::jsonb
    constraint api_connections_request_body_template_check
      check (jsonb_typeof(request_body_template) = 'object' and pg_column_size(request_body_template) <= 65536),
  response_path text constraint api_connections_response_path_check check (length(response_path) <= 200),
  response_schema jsonb not null default '{}'::jsonb
    constraint api_connections_response_schema_check check (jsonb_typeof(response_schema) = 'object' and pg_column_size(response_schema) <= 65536),
  is_active boolean not null default true,
  -- The vault row holding the credentials; written by the service role only, granted to no tenant.
  credential_secret_id uuid,
  credentials_configured boolean generated always as (credential_secret_id is not null) stored,
  credentials_updated_at timestamptz,
  last_called_at timestamptz,
  last_status int constraint api_connections_last_status_check check (last_status between 100 and 599),
  created_by uuid default app.uid() references auth.users (id) on delete set null,
  updated_by uuid references auth.users (id) on delete set null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  primary key (org_id, id),
  constraint api_connections_scope_check check ((workspace_id is null) <> (project_id is null)),
  constraint api_connections_workspace_fkey foreign key (org_id, workspace_id)
    references public.workspaces (org_id, id) on delete cascade,
  constraint api_connections_project_fkey foreign key (org_id, project_id)
    references public.projects (org_id, id) on delete cascade,
  constraint api_connections_credential_fkey foreign key (org_id, credential_secret_id)
    references palisade_vault.secrets (org_id, id) on delete set null (credential_secret_id)
);

create index if not exists api_connections_workspace_idx on public.api_connections (org_id, workspace_id) where workspace_id is not null;
create index if not exists api_connections_project_idx on public.api_connections (org_id, project_id) where project_id is not null;

-- Credentials are bound to the origin (scheme, host and port) they were stored for: an UPDATE that
-- moves the endpoint elsewhere forgets them in the same statement, unless that statement stores new
-- ones. Whoever updates passes here; the vault row goes with app.drop_credential_secret.
create or replace function app.api_connections_bind_credentials() returns trigger
language plpgsql set search_path = pg_catalog, pg_temp as $$
begin
  if old.credential_secret_id is not null and new.credential_secret_id is not distinct from old.credential_secret_id
     and lower(substring(new.endpoint_url from '^[a-zA-Z]+://[^/]+'))
         is distinct from lower(substring(old.endpoint_url from '^[a-zA-Z]+://[^/]+')) then
    new.credential_secret_id := null;
    new.credentials_updated_at := now();
  end if;
  new.updated_at := now();
  new.updated_by := app.uid();
  return new;
end $$;

create or replace trigger api_connections_bind_credentials before update on public.api_connections
  for each row execute function app.api_connections_bind_credentials();
create or replace trigger api_connections_same_org before update on public.api_connections
  for each row execute function app.forbid_org_change();
create or replace trigger api_connections_drop_secret after update or delete on public.api_connections
  for each row execute function app.drop_credential_secret();

alter table public.api_connections enable row level security;

drop policy if exists "Scope members see API connections" on public.api_connections;
create policy "Scope members see API connections" on public.api_connections
  for select to authenticated
  using (app.connection_scope_allows('read', org_id, workspace_id, project_id));

drop policy if exists "Scope managers create API connections" on public.api_connections;
create policy "Scope managers create API connections" on public.api_connections
  for insert to authenticated
  with check (app.connection_scope_allows('manage', org_id, workspace_id, project_id));

drop policy if exists "Scope managers edit API connections" on public.api_connections;
create policy "Scope managers edit API connections" on public.api_connections
  for update to authenticated
  using (app.connection_scope_allows('manage', org_id, workspace_id, project_id))
  with check (app.connection_scope_allows('manage', org_id, workspace_id, project_id));

drop policy if exists "Scope managers delete API connections" on public.api_connections;
create policy "Scope managers delete API connections" on public.api_connections
  for delete to authenticated
  using (app.connection_scope_allows('manage', org_id, workspace_id, project_id));

drop policy if exists "Platform operators manage API connections" on public.api_connections;
create policy "Platform operators manage API connections" on public.api_connections
  for all to platform_admin, service_role
  using ((select app.is_platform_operator()))
  with check ((select app.is_platform_operator()));

-- Supabase grants every public table to the API roles by default; start from nothing. The scope is
-- fixed at creation (not in the update grant): moving a connection would carry its credentials to
-- another audience. Call bookkeeping is written by the service.
revoke all on public.api_connections from anon, authenticated, platform_admin, service_role;
grant select (org_id, id, workspace_id, project_id, name, description, api_type, endpoint_url, http_method, auth_type,
              api_key_name, api_key_in, custom_headers, request_body_template, response_path, response_schema, is_active,
              credentials_configured, credentials_updated_at, last_called_at, last_status, created_by, updated_by,
              created_at, updated_at),
  insert (org_id, workspace_id, project_id, name, description, api_type, endpoint_url, http_method, auth_type,
          api_key_name, api_key_in, custom_headers, request_body_template, response_path, response_schema, is_active),
  update (name, description, api_type, endpoint_url, http_method, auth_type, api_key_name, api_key_in, custom_headers,
          request_body_template, response_path, response_schema, is_active),
  delete
  on public.api_connections to authenticated;
grant select (org_id, id, workspace_id, project_id, name, description, api_type, endpoint_url, http_method, auth_type,
              api_key_name, api_key_in, custom_headers, request_body_template, response_path, response_schema, is_active,
              credentials_configured, credentials_updated_at, last_called_at, last_status, created_by, updated_by,
              created_at, updated_at),
  insert, update, delete
  on public.api_connections to platform_admin;
grant select, insert, update, delete on public.api_connections to service_role;

create or replace trigger audit_row_change after insert or update or delete on public.api_connections
  for each row execute function app.audit_row_change('mask=credential_secret_id', 'ignore=last_called_at,last_status');
