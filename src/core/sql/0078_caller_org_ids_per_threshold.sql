-- The caller's membership sets, loaded one threshold at a time (issue 7: `api_throughput_ratio`).
--
-- Why: with statements prepared once per connection (src/db/prepared.ts), parsing and planning
-- left the API request path, and what remained of a request's extra PostgreSQL work over the
-- unauthenticated baseline was mostly 0070's app.load_caller_org_ids(), which the first tenant
-- statement of every request runs. Counted with callgrind (instructions per transaction, a
-- single-user backend, so the machine's noise does not enter): role and claims alone 122 k;
-- with 0070's load 373 k. Of its 251 k, an aggregate node (an ordered array_agg and three
-- filtered counts) took 61 k to start, and the case-insensitive UUID regex 40 k. Reads, the
-- common request, need only the 'viewer' set: this load builds just the set asked for with an
-- ARRAY subquery (no aggregate, no sort) and checks the UUID shape with LIKE and a one-class
-- regex: 252 k in all, the load 131 k.
--
-- Storage, transaction-local as before (a set can only be trusted as far as the claims are):
--   palisade.org_ids        the 'viewer' set (every active membership), as uuid[] text;
--   palisade.org_ids_for    the identity it belongs to, exactly app.caller_org_ids_key();
--   palisade.org_ids_member, palisade.org_ids_admin, palisade.org_ids_owner
--                           each '<identity>\x1e<uuid[] text>', loaded the first time a statement
--                           of the transaction asks for that threshold (writes, mostly).
-- A set is used only when the identity it carries is the caller's now, so changed claims or role
-- read it again, and sets planted for another identity are ignored. JSON text never holds a raw
-- control character, so \x1e cannot occur in an identity.
--
-- What changes against 0070: each threshold is as of the first statement of the transaction that
-- needed it, rather than all of them as of the first tenant statement (under READ COMMITTED a
-- membership committed by another transaction in between can make them disagree; each one is
-- still a set of memberships that were active when it was read). docs/tenancy.md says so.

-- Shape check for a claimed id before it is cast: 36 characters, dashes at 9, 14, 19 and 24, the
-- rest hexadecimal. LIKE and a one-class regex cost a tenth of the grouped case-insensitive
-- pattern (callgrind: 4 k + 6 k + 6 k against 43 k instructions).
create or replace function app.is_uuid_text(t text) returns boolean
language sql immutable as $$
  select t like '________-____-____-____-____________' and t ~ '^[-0-9a-fA-F]+$'
     and octet_length(replace(t, '-', '')) = 32
$$;

create or replace function app.load_caller_org_ids(min_role text) returns uuid[]
language plpgsql stable security definer set search_path = '' as $$
declare
  sub text := app.jwt() ->> 'sub';
  key_id text;
  v_orgs uuid[] := '{}';
  ignored text;
begin
  if min_role is null or min_role not in ('viewer', 'member', 'admin', 'owner') then
    raise exception 'min_role must be viewer, member, admin or owner' using errcode = '22023';
  end if;
  if app.is_uuid_text(sub) then
    v_orgs := array(
      select m.org_id from public.organisation_members m
      where m.user_id = sub::uuid and m.status = 'active'
        and (min_role = 'viewer'
             or (min_role = 'member' and m.role in ('owner', 'admin', 'member'))
             or (min_role = 'admin' and m.role in ('owner', 'admin'))
             or (min_role = 'owner' and m.role = 'owner')));
  elsif coalesce(current_setting('role', true), '') = 'authenticated' then
    -- An API key acts only under the authenticated role, and never as owner.
    key_id := app.jwt() ->> 'api_key_id';
    if app.is_uuid_text(key_id) then
      v_orgs := array(
        select k.org_id from public.api_keys k
        where k.id = key_id::uuid and k.revoked_at is null and (k.expires_at is null or k.expires_at > now())
          and (min_role = 'viewer'
               or (min_role = 'member' and k.role in ('admin', 'member'))
               or (min_role = 'admin' and k.role = 'admin')));
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
create or replace function app.caller_org_ids(min_role text default 'viewer') returns uuid[]
language plpgsql stable as $$
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
create or replace function app.forget_caller_org_ids() returns trigger
language plpgsql set search_path = '' as $$
begin
  perform set_config('palisade.org_ids_for', '', true),
          set_config('palisade.org_ids_member', '', true),
          set_config('palisade.org_ids_admin', '', true),
          set_config('palisade.org_ids_owner', '', true);
  return null;
end $$;

-- Exact roles from the thresholds: owner = T(owner), admin = T(admin) - T(owner),
-- member = T(member) - T(admin), viewer = T(viewer) - T(member).
create or replace function app.org_ids_with_role(roles text[] default null) returns setof uuid
language plpgsql stable security definer set search_path = '' rows 10 as $$
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

revoke all on function app.load_caller_org_ids(text) from public;
grant execute on function app.is_uuid_text(text), app.load_caller_org_ids(text), app.caller_org_ids(text)
  to anon, authenticated, service_role;
