-- Helpers every policy relies on, created before any table. Functions that read tables are
-- PL/pgSQL, so they may name tables created afterwards. Policies call them as `(select app.f())`
-- or `org_id = any ((select app.caller_org_ids('…'))::uuid[])`, so each runs once per statement
-- (an InitPlan), never once per row.
create schema if not exists app;
grant usage on schema app to anon, authenticated, service_role;

-- Claim readers. SECURITY INVOKER and touching no table, so no pinned search_path: a SET clause
-- would stop them from inlining into the calling query. (Security-definer functions always pin
-- search_path = pg_catalog, pg_temp.) They still mean the same whatever the caller's search_path:
-- every function, type and operator is schema-qualified (OPERATOR(pg_catalog.=)), and NULLIF, IN
-- and LIKE, which look their operator up on the search_path, are written out with one. A
-- malformed sub yields no identity rather than an error inside a policy.
create or replace function app.jwt() returns jsonb
language sql stable as $$
  select case when pg_catalog.current_setting('request.jwt.claims', true) operator(pg_catalog.<>) ''
              then pg_catalog.current_setting('request.jwt.claims', true)::pg_catalog.jsonb
              else '{}'::pg_catalog.jsonb end
$$;

-- The legacy per-claim setting older PostgREST versions set (Supabase's auth.uid() reads it too).
create or replace function app.legacy_claim_sub() returns text
language sql stable as $$
  select case when pg_catalog.current_setting('request.jwt.claim.sub', true) operator(pg_catalog.<>) ''
              then pg_catalog.current_setting('request.jwt.claim.sub', true) end
$$;

-- The sub of request.jwt.claims, else the legacy setting.
create or replace function app.uid() returns uuid
language sql stable as $$
  select case when coalesce(app.jwt() operator(pg_catalog.->>) 'sub', app.legacy_claim_sub())
                    operator(pg_catalog.~*) '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$'
              then coalesce(app.jwt() operator(pg_catalog.->>) 'sub', app.legacy_claim_sub())::pg_catalog.uuid end
$$;

-- The current role is what PostgREST or Palisade set for the transaction; it is never read from
-- claims, so an is_platform_admin flag smuggled into an authenticated session grants nothing.
create or replace function app.current_api_role() returns text
language sql stable as $$
  select case when pg_catalog.current_setting('role', true) operator(pg_catalog.<>) 'none'
              then pg_catalog.current_setting('role', true) else '' end
$$;

create or replace function app.is_platform_service() returns boolean
language sql stable as $$
  select app.current_api_role() operator(pg_catalog.=) 'service_role'
$$;

create or replace function app.is_platform_admin() returns boolean
language sql stable as $$
  select app.current_api_role() operator(pg_catalog.=) 'platform_admin'
$$;

create or replace function app.is_platform_operator() returns boolean
language sql stable as $$
  select app.current_api_role() operator(pg_catalog.=) any (array['service_role', 'platform_admin'])
$$;

-- An API key principal carries no sub: it is its organisation, with the key's role. The claim is
-- written only by the server after it verified the key; the database still re-checks the key row.
create or replace function app.api_key_id() returns uuid
language sql stable as $$
  select case when app.current_api_role() operator(pg_catalog.=) 'authenticated'
               and app.uid() is null
               and (app.jwt() operator(pg_catalog.->>) 'api_key_id')
                   operator(pg_catalog.~*) '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$'
              then (app.jwt() operator(pg_catalog.->>) 'api_key_id')::pg_catalog.uuid end
$$;

-- The caller's membership sets, read once per transaction and kept in transaction-local settings:
--   palisade.org_ids        the 'viewer' set (every active membership), as uuid[] text;
--   palisade.org_ids_for    the identity it belongs to, exactly app.caller_org_ids_key();
--   palisade.org_ids_member, palisade.org_ids_admin, palisade.org_ids_owner
--                           each '<identity>\x1e<uuid[] text>', loaded the first time a statement
--                           of the transaction asks for that threshold.
-- A soft-deleted organisation (organisations.deleted_at set) is in no set, for people and keys alike:
-- every policy built on these sets refuses it at once, and only app.restore_organisation (which
-- reads memberships itself) brings it back.
-- Thresholds, as the roles rank (owner > admin > member > viewer; API keys hold admin, member or
-- viewer, never owner): 'viewer' is every active membership, 'member' member and up, 'admin'
-- owner or admin, 'owner' owner only.
--
-- The acting organisation. A request that names one organisation (Palisade's server: every
-- /v1/orgs/{orgId}/... route) sets palisade.acting_org to it, and each set then holds at most that
-- organisation: one keyed lookup, however many organisations the caller belongs to, instead of all
-- of them (docs/benchmarks.md, "Scale curves"). It only narrows: a set read with it is the set
-- read without it, intersected with that one organisation, so whoever sets it (a session able to
-- set request.jwt.claims already claims to be anyone) can hide rows, never reach more. A value that
-- is not a uuid admits nothing. Unset or empty: every organisation, as a PostgREST client on
-- Supabase reads them.
--
-- What stays true:
-- * A set is used only when the identity it carries (the claims text, the role and the acting
--   organisation) is the caller's now: changed claims, role or acting organisation (another
--   persona, `set role`) read it again, and sets planted for another identity are ignored. JSON
--   text never holds a raw control character, so \x1e cannot occur in an identity.
-- * Settings are local: they vanish at commit or rollback, and a rolled-back savepoint takes its
--   own loads and invalidations with it.
-- * A membership, API key, provider delegation or assignment changed in this transaction (an RPC
--   adding the creator as owner, a removal, a revocation): a statement trigger on each of those
--   tables forgets the sets, so the next statement reads the new state.
-- * A change committed by another transaction is seen from the caller's next transaction (each
--   request is one). Within one, each threshold is as of the first statement that needed it
--   (under READ COMMITTED two thresholds can disagree; each is a set of memberships that were
--   active when it was read).
-- * The settings are trusted exactly as far as request.jwt.claims is: any session that can run
--   set_config can already claim to be anyone, so this adds no power. The server never lets
--   callers run SQL.
create or replace function app.caller_org_ids_key() returns text
language sql stable as $$
  select coalesce(pg_catalog.current_setting('request.jwt.claims', true), '') operator(pg_catalog.||) '|'
         operator(pg_catalog.||) coalesce(pg_catalog.current_setting('request.jwt.claim.sub', true), '')
         operator(pg_catalog.||) '|' operator(pg_catalog.||) coalesce(pg_catalog.current_setting('role', true), '')
         operator(pg_catalog.||) '|' operator(pg_catalog.||) coalesce(pg_catalog.current_setting('palisade.acting_org', true), '')
$$;

-- Shape check for a claimed id before it is cast: 36 characters, dashes at 9, 14, 19 and 24, the
-- rest hexadecimal.
create or replace function app.is_uuid_text(t text) returns boolean
language sql immutable as $$
  select t operator(pg_catalog.~~) '________-____-____-____-____________'
     and t operator(pg_catalog.~) '^[-0-9a-fA-F]+$'
     and pg_catalog.octet_length(pg_catalog.replace(t, '-', '')) operator(pg_catalog.=) 32
$$;

-- Roles ranked: owner 4, admin 3, member 2, viewer 1; anything else (NULL included) 0. No SET
-- clause, so that it inlines; the operator is named, like the claim readers'.
create or replace function app.role_rank(role text) returns int
language sql immutable as $$
  select case when role operator(pg_catalog.=) 'owner' then 4 when role operator(pg_catalog.=) 'admin' then 3
              when role operator(pg_catalog.=) 'member' then 2 when role operator(pg_catalog.=) 'viewer' then 1
              else 0 end
$$;

-- Provider delegation: the one statement of the rule is app.delegated_roles(user), defined with
-- the provider tables (src/providers/sql/0043_provider_delegations.sql). The PL/pgSQL functions
-- here name it and those tables only when they run.

-- The acting organisation as a uuid: null when none is set, the nil uuid (no organisation has
-- it) when the setting holds anything that is not a uuid, so such a scope admits nothing. Inlinable
-- like the claim readers (every name qualified, no SET clause): a SQL function that is not inlined
-- is planned again in every transaction that calls it, which the per-request load would pay.
create or replace function app.acting_org() returns uuid
language sql stable as $$
  select case when coalesce(pg_catalog.current_setting('palisade.acting_org', true), '') operator(pg_catalog.=) '' then null
              when app.is_uuid_text(pg_catalog.current_setting('palisade.acting_org', true))
              then pg_catalog.current_setting('palisade.acting_org', true)::pg_catalog.uuid
              else '00000000-0000-0000-0000-000000000000'::pg_catalog.uuid end
$$;

-- The workspaces a workspace-scoped delegation lets the caller act in at `min_role` or above, as
-- (org_id, workspace_id) pairs. Only the policies of workspaces and projects read it: every other
-- table refuses a workspace-scoped delegate, since its organisation is in none of the caller's sets.
create or replace function app.caller_workspace_grants(min_role text default 'viewer')
returns table (org_id uuid, workspace_id uuid)
language plpgsql stable security definer set search_path = pg_catalog, pg_temp rows 10 as $$
declare
  sub uuid := app.uid();
  scope uuid := app.acting_org();
begin
  if sub is null or app.current_api_role() <> 'authenticated' then
    return;
  end if;
  -- Only a provider the caller belongs to can give it a workspace: one index probe a membership
  -- for everyone else, as in app.load_caller_org_ids; with an acting organisation, the rule's view (src/providers/sql) by that
  -- client, without the function call for everyone it gives no workspace.
  if scope is null then
    if not exists (select 1 from public.organisation_members m
                   join public.provider_delegations d on d.provider_org_id = m.org_id and d.status = 'active'
                   where m.user_id = sub and m.status = 'active') then
      return;
    end if;
  elsif not exists (select 1 from app.delegation_grants g
                    where g.user_id = sub and g.org_id = scope and g.workspace_scoped) then
    return;
  end if;
  return query
    select w.org_id, w.workspace_id from app.delegated_roles(sub, scope) d
    join public.provider_delegation_workspaces w on w.org_id = d.org_id and w.delegation_id = d.delegation_id
    where d.workspace_scoped and app.role_rank(d.role) >= app.role_rank(min_role);
end $$;

-- Loads one threshold's set. Security definer: it reads organisation_members and api_keys, which
-- RLS hides. Declared stable although it writes settings: the settings are a cache of what it
-- reads, so a repeated call gives the same answer within a statement. Each path has a query with
-- the acting organisation (a lookup by its key) and one without, rather than one query with an
-- optional condition, which a cached generic plan could not use an index for.
create or replace function app.load_caller_org_ids(min_role text) returns uuid[]
language plpgsql stable security definer set search_path = pg_catalog, pg_temp as $$
declare
  sub text := app.uid()::text;
  scope uuid := app.acting_org();
  key_id text;
  v_orgs uuid[] := '{}';
  ignored text;
begin
  if min_role is null or min_role not in ('viewer', 'member', 'admin', 'owner') then
    raise exception 'min_role must be viewer, member, admin or owner' using errcode = '22023';
  end if;
  if app.is_uuid_text(sub) then
    -- Soft-deleted organisations are left out by an anti-join on the (small) index of deleted ones,
    -- so a caller in thousands reads its memberships once, not every organisation.
    if scope is null then
      v_orgs := array(
        select m.org_id from public.organisation_members m
        where m.user_id = sub::uuid and m.status = 'active' and app.role_rank(m.role) >= app.role_rank(min_role)
          and not exists (select 1 from public.organisations o where o.id = m.org_id and o.deleted_at is not null));
    else
      v_orgs := array(
        select m.org_id from public.organisation_members m
        where m.org_id = scope and m.user_id = sub::uuid and m.status = 'active'
          and app.role_rank(m.role) >= app.role_rank(min_role)
          and not exists (select 1 from public.organisations o where o.id = m.org_id and o.deleted_at is not null));
    end if;
    -- Then the client organisations a provider delegation lets the caller act in at this threshold
    -- (app.delegated_roles: never owner, never workspace-scoped ones, which only
    -- app.caller_workspace_grants hands out). A delegate's role never exceeds its provider role, so
    -- only a provider already in the set can add one: without an acting organisation the rule runs
    -- only when an organisation the caller is an active member of holds an active delegation as
    -- provider (a superset of the set's, which the rule then narrows), and every other caller pays
    -- one index probe per membership. From the memberships by user, not `= any (v_orgs)`: the plan
    -- PL/pgSQL caches after five calls is generic, and its `= any` over a scan of the delegations
    -- compared every delegation with every element (425 ms a load for a caller in 10,000 with
    -- 10,000 delegations). With an acting organisation the rule runs for that organisation unless
    -- the set already holds it.
    if scope is null then
      if exists (select 1 from public.organisation_members m
                 join public.provider_delegations d on d.provider_org_id = m.org_id and d.status = 'active'
                 where m.user_id = sub::uuid and m.status = 'active') then
        v_orgs := array(
          select unnest(v_orgs)
          union
          select d.org_id from app.delegated_roles(sub::uuid) d
          where not d.workspace_scoped and app.role_rank(d.role) >= app.role_rank(min_role));
      end if;
    elsif cardinality(v_orgs) = 0 then
      v_orgs := array(
        select distinct d.org_id from app.delegated_roles(sub::uuid, scope) d
        where not d.workspace_scoped and app.role_rank(d.role) >= app.role_rank(min_role));
    end if;
  elsif coalesce(current_setting('role', true), '') = 'authenticated' then
    -- An API key acts only under the authenticated role, and never as owner. Delegated, never
    -- more than its delegator: it holds the lower of its own role and its creator's live, active
    -- membership, so a key whose creator was suspended, removed, left or is still only invited
    -- (or was deleted: created_by null) grants nothing, and a demoted creator's key is demoted too:
    -- app.api_key_effective_role (src/apikeys/sql/0015_api_keys.sql), the one statement of the rule.
    -- A key belongs to one organisation, so an acting organisation only decides whether it is that.
    key_id := app.jwt() ->> 'api_key_id';
    if app.is_uuid_text(key_id) then
      v_orgs := array(
        select k.org_id from public.api_keys k
        join public.organisation_members c on c.org_id = k.org_id and c.user_id = k.created_by
        join public.organisations o on o.id = k.org_id and o.deleted_at is null
        where k.id = key_id::uuid and k.org_id = coalesce(scope, k.org_id)
          and k.revoked_at is null and (k.expires_at is null or k.expires_at > now())
          and app.api_key_effective_role(k.role, c.role, c.status) = any (case min_role
                when 'viewer' then array['viewer', 'member', 'admin']
                when 'member' then array['member', 'admin']
                when 'admin' then array['admin'] else '{}'::text[] end));
    end if;
  end if;
  -- Assignments, not PERFORM: a simple expression each, with no executor of its own.
  if min_role = 'viewer' then
    ignored := set_config('palisade.org_ids', v_orgs::text, true);
    ignored := set_config('palisade.org_ids_for', app.caller_org_ids_key(), true);
  else
    ignored := set_config('palisade.org_ids_' || min_role, app.caller_org_ids_key() || chr(30) || v_orgs::text, true);
  end if;
  return v_orgs;
end $$;

-- The organisations where the caller holds at least `min_role` (active memberships only).
-- Policies call it as `(select app.caller_org_ids('…'))`, once per statement, as an InitPlan.
-- Security invoker: it reads only settings and runs as the caller. PL/pgSQL is never inlined, so
-- its search_path is pinned like every other function's.
create or replace function app.caller_org_ids(min_role text default 'viewer') returns uuid[]
language plpgsql stable set search_path = pg_catalog, pg_temp as $$
declare
  held text;
  prefix text;
begin
  if min_role = 'viewer' then
    if current_setting('palisade.org_ids_for', true) = app.caller_org_ids_key() then
      return current_setting('palisade.org_ids', true)::uuid[];
    end if;
  elsif min_role in ('member', 'admin', 'owner') then
    held := current_setting('palisade.org_ids_' || min_role, true);
    prefix := app.caller_org_ids_key() || chr(30);
    if starts_with(held, prefix) then
      return substr(held, length(prefix) + 1)::uuid[];
    end if;
  end if;
  -- Not loaded for this identity (or an unknown role, which the loader refuses).
  return app.load_caller_org_ids(min_role);
end $$;

-- A membership or API key changed in this transaction: every set loaded so far is dropped.
-- (The statement triggers that call it sit beside organisation_members and api_keys.)
create or replace function app.forget_caller_org_ids() returns trigger
language plpgsql set search_path = pg_catalog, pg_temp as $$
begin
  perform set_config('palisade.org_ids_for', '', true),
          set_config('palisade.org_ids_member', '', true),
          set_config('palisade.org_ids_admin', '', true),
          set_config('palisade.org_ids_owner', '', true);
  return null;
end $$;

-- Organisations where the caller holds one of `roles` exactly (all active ones when null), from
-- the thresholds: owner = T(owner), admin = T(admin) - T(owner), member = T(member) - T(admin),
-- viewer = T(viewer) - T(member).
create or replace function app.org_ids_with_role(roles text[] default null) returns setof uuid
language plpgsql stable security definer set search_path = pg_catalog, pg_temp rows 10 as $$
declare
  v_viewer uuid[] := app.caller_org_ids('viewer');
  v_member uuid[];
  v_admin uuid[];
  v_owner uuid[];
begin
  if roles is null then
    return query select unnest(v_viewer);
    return;
  end if;
  v_member := app.caller_org_ids('member');
  v_admin := app.caller_org_ids('admin');
  v_owner := app.caller_org_ids('owner');
  return query
    select o from unnest(v_viewer) as o
    where ('owner' = any (roles) and o = any (v_owner))
       or ('admin' = any (roles) and o = any (v_admin) and not o = any (v_owner))
       or ('member' = any (roles) and o = any (v_member) and not o = any (v_admin))
       or ('viewer' = any (roles) and not o = any (v_member));
end $$;

create or replace function app.member_org_ids() returns setof uuid
language sql stable set search_path = pg_catalog, pg_temp rows 10 as $$
  select app.org_ids_with_role(null)
$$;

-- The documented helpers read the same sets. Without a pinned search_path (they run as the caller
-- and qualify every name, like the claim readers) they inline too.
create or replace function app.is_org_member(target_org uuid) returns boolean
language sql stable as $$
  select target_org is not null
     and (app.is_platform_operator() or target_org operator(pg_catalog.=) any (app.caller_org_ids('viewer')))
$$;

-- True or false, never NULL (a caller without a role gets false), so `if not app.has_org_role(…)`
-- refuses strangers too.
create or replace function app.has_org_role(target_org uuid, roles text[]) returns boolean
language sql stable as $$
  select target_org is not null
     and (app.is_platform_operator()
          or coalesce(case when target_org operator(pg_catalog.=) any (app.caller_org_ids('owner')) then 'owner'
                           when target_org operator(pg_catalog.=) any (app.caller_org_ids('admin')) then 'admin'
                           when target_org operator(pg_catalog.=) any (app.caller_org_ids('member')) then 'member'
                           when target_org operator(pg_catalog.=) any (app.caller_org_ids('viewer')) then 'viewer'
                      end operator(pg_catalog.=) any (coalesce(roles, '{owner,admin,member,viewer}')), false))
$$;

-- Projects the caller manages through a project role (owner/manager), within active memberships.
create or replace function app.managed_projects() returns table (org_id uuid, project_id uuid)
language plpgsql stable security definer set search_path = pg_catalog, pg_temp rows 10 as $$
begin
  return query
    select pm.org_id, pm.project_id from public.project_members pm
    join public.organisation_members m on m.org_id = pm.org_id and m.user_id = pm.user_id
    join public.organisations o on o.id = pm.org_id and o.deleted_at is null
    where pm.user_id = app.uid() and m.status = 'active' and pm.role in ('owner', 'manager');
end $$;

-- Users whose profiles the caller may see: itself and the active members of its organisations.
create or replace function app.colleague_user_ids() returns setof uuid
language plpgsql stable security definer set search_path = pg_catalog, pg_temp rows 50 as $$
begin
  return query
    select app.uid() where app.uid() is not null
    union
    select m.user_id from public.organisation_members m
    where m.status = 'active' and m.org_id in (select app.member_org_ids());
end $$;

-- The caller's user id, or PS401 when the request carries no user (anonymous, API key, service).
create or replace function app.require_user() returns uuid
language plpgsql stable set search_path = pg_catalog, pg_temp as $$
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
language plpgsql set search_path = pg_catalog, pg_temp as $$
begin
  new.updated_at := now();
  return new;
end $$;

-- Defence in depth beside the policies' WITH CHECK: no role, operators included, moves a row to
-- another tenant. A row that belongs elsewhere is deleted and created there, never re-parented.
create or replace function app.forbid_org_change() returns trigger
language plpgsql set search_path = pg_catalog, pg_temp as $$
begin
  if new.org_id is distinct from old.org_id then
    raise exception 'org_id cannot change: rows never move between organisations'
      using errcode = 'PS422', column = 'org_id', table = tg_table_name;
  end if;
  return new;
end $$;

revoke all on function app.load_caller_org_ids(text) from public;
grant execute on function
  app.jwt(), app.legacy_claim_sub(), app.uid(), app.current_api_role(), app.is_platform_service(), app.is_platform_admin(),
  app.is_platform_operator(), app.api_key_id(), app.org_ids_with_role(text[]), app.member_org_ids(),
  app.is_org_member(uuid), app.has_org_role(uuid, text[]), app.managed_projects(),
  app.colleague_user_ids(), app.require_user(), app.caller_org_ids_key(), app.is_uuid_text(text), app.acting_org(),
  app.load_caller_org_ids(text), app.caller_org_ids(text), app.role_rank(text), app.caller_workspace_grants(text)
  to anon, authenticated, service_role;

-- The same checks in public, for concise policies and RPCs.
create or replace function public.is_platform_service() returns boolean
language sql stable set search_path = pg_catalog, pg_temp as $$ select app.is_platform_service() $$;

create or replace function public.is_member_of_org(org uuid) returns boolean
language sql stable set search_path = pg_catalog, pg_temp as $$ select app.is_org_member(org) $$;

-- RPCs that accept a tenant id call this first: a null tenant is a client error naming the field,
-- and an organisation the caller does not belong to is reported as not found (never "forbidden",
-- which would confirm that it exists). Platform operators belong to every organisation, so for
-- them the question is whether it exists: asked as the caller, through the organisations table's
-- own policies, so an id that names nothing is the same 404 a member gets, never an empty 200.
create or replace function public.assert_tenant_membership(org uuid) returns void
language plpgsql stable set search_path = pg_catalog, pg_temp as $$
begin
  if org is null then
    raise exception 'org_id is required' using errcode = 'PS422', column = 'org_id';
  end if;
  if not app.is_org_member(org)
     or (app.is_platform_operator() and not exists (select from public.organisations o where o.id = org)) then
    raise exception 'organisation not found' using errcode = 'PS404', column = 'org_id';
  end if;
end $$;

grant execute on function public.is_platform_service(), public.is_member_of_org(uuid),
  public.assert_tenant_membership(uuid) to anon, authenticated, service_role;
