-- Performance: measured by `palisade bench` (issue 7), the per-statement cost of RLS was about
-- ten nested helper calls, each paying a GUC save/restore for its pinned search_path, which also
-- stops PostgreSQL from inlining SQL functions. The small claim readers below are SECURITY
-- INVOKER, touch no table and name only pg_catalog built-ins, so pinning buys nothing: without
-- it they inline into the calling query. (Security-definer functions keep search_path = ''.)
create or replace function app.jwt() returns jsonb
language sql stable as $$
  select coalesce(nullif(current_setting('request.jwt.claims', true), '')::jsonb, '{}'::jsonb)
$$;

create or replace function app.uid() returns uuid
language sql stable as $$
  select case when (app.jwt() ->> 'sub') ~* '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$'
              then (app.jwt() ->> 'sub')::uuid end
$$;

create or replace function app.current_api_role() returns text
language sql stable as $$
  select coalesce(nullif(current_setting('role', true), 'none'), '')
$$;

create or replace function app.is_platform_service() returns boolean
language sql stable as $$
  select app.current_api_role() = 'service_role'
$$;

create or replace function app.is_platform_admin() returns boolean
language sql stable as $$
  select app.current_api_role() = 'platform_admin'
$$;

create or replace function app.is_platform_operator() returns boolean
language sql stable as $$
  select app.current_api_role() in ('service_role', 'platform_admin')
$$;

create or replace function app.api_key_id() returns uuid
language sql stable as $$
  select case when app.current_api_role() = 'authenticated'
               and app.uid() is null
               and (app.jwt() ->> 'api_key_id') ~* '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$'
              then (app.jwt() ->> 'api_key_id')::uuid end
$$;

-- The membership set, read once per statement by every tenant policy. It parses the claims once
-- itself instead of calling the helpers above several times. Same semantics as in 0003.
create or replace function app.org_ids_with_role(roles text[] default null) returns setof uuid
language plpgsql stable security definer set search_path = '' rows 10 as $$
declare
  claims jsonb := coalesce(nullif(current_setting('request.jwt.claims', true), '')::jsonb, '{}'::jsonb);
  sub text := claims ->> 'sub';
  key_id text := claims ->> 'api_key_id';
  uuid_shape constant text := '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$';
begin
  if sub ~* uuid_shape then
    return query
      select m.org_id from public.organisation_members m
      where m.user_id = sub::uuid and m.status = 'active'
        and (roles is null or m.role = any (roles));
  elsif key_id ~* uuid_shape and coalesce(current_setting('role', true), '') = 'authenticated' then
    return query
      select k.org_id from public.api_keys k
      where k.id = key_id::uuid and k.revoked_at is null
        and (k.expires_at is null or k.expires_at > now())
        and (roles is null or k.role = any (roles));
  end if;
end $$;
