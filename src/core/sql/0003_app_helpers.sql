-- Helpers every policy relies on (seed 004 §3). Created before any table so later migrations can
-- use them; the membership helpers are plpgsql so they may name tables created afterwards.
-- Policies call them as `(select app.f())` or `org_id in (select app.member_org_ids())`, so each
-- is evaluated once per statement (an InitPlan), never once per row.
create schema if not exists app;
grant usage on schema app to anon, authenticated, service_role;

create or replace function app.jwt() returns jsonb
language sql stable set search_path = '' as $$
  select coalesce(nullif(current_setting('request.jwt.claims', true), '')::jsonb, '{}'::jsonb)
$$;

-- A malformed sub yields no identity rather than an error inside a policy.
create or replace function app.uid() returns uuid
language sql stable set search_path = '' as $$
  select case when (app.jwt() ->> 'sub') ~* '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$'
              then (app.jwt() ->> 'sub')::uuid end
$$;

-- The current role is what PostgREST or Palisade set for the transaction; it is never read from
-- claims, so an is_platform_admin flag smuggled into an authenticated session grants nothing.
create or replace function app.current_api_role() returns text
language sql stable set search_path = '' as $$
  select coalesce(nullif(current_setting('role', true), 'none'), '')
$$;

create or replace function app.is_platform_service() returns boolean
language sql stable set search_path = '' as $$
  select app.current_api_role() = 'service_role'
$$;

create or replace function app.is_platform_admin() returns boolean
language sql stable set search_path = '' as $$
  select app.current_api_role() = 'platform_admin'
$$;

create or replace function app.is_platform_operator() returns boolean
language sql stable set search_path = '' as $$
  select app.is_platform_service() or app.is_platform_admin()
$$;

-- An API key principal carries no sub: it is its organisation, with the key's role. The claim is
-- written only by the server after it verified the key; the database still re-checks the key row.
create or replace function app.api_key_id() returns uuid
language sql stable set search_path = '' as $$
  select case when app.current_api_role() = 'authenticated'
               and app.uid() is null
               and (app.jwt() ->> 'api_key_id') ~* '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$'
              then (app.jwt() ->> 'api_key_id')::uuid end
$$;

-- Organisations where the caller holds an active membership (or its API key belongs),
-- optionally restricted to some roles. Security definer: it reads memberships that RLS hides.
create or replace function app.org_ids_with_role(roles text[] default null) returns setof uuid
language plpgsql stable security definer set search_path = '' rows 10 as $$
declare
  caller uuid := app.uid();
  key_id uuid := app.api_key_id();
begin
  if caller is not null then
    return query
      select m.org_id from public.organisation_members m
      where m.user_id = caller and m.status = 'active'
        and (roles is null or m.role = any (roles));
  elsif key_id is not null then
    return query
      select k.org_id from public.api_keys k
      where k.id = key_id and k.revoked_at is null
        and (k.expires_at is null or k.expires_at > now())
        and (roles is null or k.role = any (roles));
  end if;
end $$;

create or replace function app.member_org_ids() returns setof uuid
language sql stable set search_path = '' rows 10 as $$
  select app.org_ids_with_role(null)
$$;

create or replace function app.is_org_member(target_org uuid) returns boolean
language sql stable set search_path = '' as $$
  select target_org is not null
     and (app.is_platform_operator() or target_org in (select app.member_org_ids()))
$$;

create or replace function app.has_org_role(target_org uuid, roles text[]) returns boolean
language sql stable set search_path = '' as $$
  select target_org is not null
     and (app.is_platform_operator() or target_org in (select app.org_ids_with_role(roles)))
$$;

-- Projects the caller manages through a project role (owner/manager), within active memberships.
create or replace function app.managed_projects() returns table (org_id uuid, project_id uuid)
language plpgsql stable security definer set search_path = '' rows 10 as $$
begin
  return query
    select pm.org_id, pm.project_id from public.project_members pm
    join public.organisation_members m on m.org_id = pm.org_id and m.user_id = pm.user_id
    where pm.user_id = app.uid() and m.status = 'active' and pm.role in ('owner', 'manager');
end $$;

-- Users whose profiles the caller may see: itself and the active members of its organisations.
create or replace function app.colleague_user_ids() returns setof uuid
language plpgsql stable security definer set search_path = '' rows 50 as $$
begin
  return query
    select app.uid() where app.uid() is not null
    union
    select m.user_id from public.organisation_members m
    where m.status = 'active' and m.org_id in (select app.member_org_ids());
end $$;

-- The caller's user id, or PS401 when the request carries no user (anonymous, API key, service).
create or replace function app.require_user() returns uuid
language plpgsql stable set search_path = '' as $$
declare
  caller uuid := app.uid();
begin
  if caller is null then
    raise exception 'this operation needs a signed-in user' using errcode = 'PS401';
  end if;
  return caller;
end $$;

-- Triggers shared by every tenant table.
create or replace function app.touch_updated_at() returns trigger
language plpgsql set search_path = '' as $$
begin
  new.updated_at := now();
  return new;
end $$;

-- Defence in depth beside the policies' WITH CHECK: no role, operators included, moves a row to
-- another tenant. A row that belongs elsewhere is deleted and created there, never re-parented.
create or replace function app.forbid_org_change() returns trigger
language plpgsql set search_path = '' as $$
begin
  if new.org_id is distinct from old.org_id then
    raise exception 'org_id cannot change: rows never move between organisations'
      using errcode = 'PS422', column = 'org_id', table = tg_table_name;
  end if;
  return new;
end $$;

grant execute on function
  app.jwt(), app.uid(), app.current_api_role(), app.is_platform_service(), app.is_platform_admin(),
  app.is_platform_operator(), app.api_key_id(), app.org_ids_with_role(text[]), app.member_org_ids(),
  app.is_org_member(uuid), app.has_org_role(uuid, text[]), app.managed_projects(),
  app.colleague_user_ids(), app.require_user()
  to anon, authenticated, service_role;

-- Seed 004 names these two in public for concise policies and RPCs.
create or replace function public.is_platform_service() returns boolean
language sql stable set search_path = '' as $$ select app.is_platform_service() $$;

create or replace function public.is_member_of_org(org uuid) returns boolean
language sql stable set search_path = '' as $$ select app.is_org_member(org) $$;

-- RPCs that accept a tenant id call this first: a null tenant is a client error naming the field,
-- and an organisation the caller does not belong to is reported as not found (never "forbidden",
-- which would confirm that it exists).
create or replace function public.assert_tenant_membership(org uuid) returns void
language plpgsql stable set search_path = '' as $$
begin
  if org is null then
    raise exception 'org_id is required' using errcode = 'PS422', column = 'org_id';
  end if;
  if not app.is_org_member(org) then
    raise exception 'organisation not found' using errcode = 'PS404', column = 'org_id';
  end if;
end $$;

grant execute on function public.is_platform_service(), public.is_member_of_org(uuid),
  public.assert_tenant_membership(uuid) to anon, authenticated, service_role;
