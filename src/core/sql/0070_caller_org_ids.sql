-- The caller's organisations, read once per transaction instead of once per statement.
--
-- Why: `palisade bench` (issue 7) measured the membership set as the whole cost of RLS. Policies
-- read it as `org_id in (select app.org_ids_with_role(…))`: a security-definer PL/pgSQL call and
-- an index probe of organisation_members in every statement, about 30–60 µs, 35–50 % on top of a
-- primary-key fetch. No policy shape that calls a function per statement gets under ~10 %.
--
-- How: the first tenant statement of a transaction calls app.load_caller_org_ids(), which reads
-- the memberships (or the API key) once, as the definer, and keeps them in transaction-local
-- settings: one uuid[] per role threshold, and the identity they were computed for (the claims
-- text and the role). Every later statement reads them through app.caller_org_ids(), which only
-- reads those settings. Written as `org_id = any ((select app.caller_org_ids('admin'))::uuid[])`
-- it runs once per statement as an InitPlan, and `org_id = any ($1)` can drive an index scan:
-- no table probe, no security-definer call, no per-row work beyond the index.
--
-- What stays true:
-- * Claims or role changed (another persona, `set role`): the identity differs, so the sets are
--   read again. Settings are local, so they vanish at commit or rollback, and a rolled-back
--   savepoint takes its own loads and invalidations with it.
-- * A membership or API key changed in this transaction (an RPC adding the creator as owner,
--   a removal, a revocation): a statement trigger on both tables forgets the sets, so the next
--   statement reads the new state.
-- * A change committed by another transaction is seen from the caller's next transaction (each
--   request is one): within one transaction, membership is as of its first tenant statement.
-- * The settings are trusted exactly as far as request.jwt.claims is: any session that can run
--   set_config can already claim to be anyone, so this adds no power. The server never lets
--   callers run SQL.
--
-- Role thresholds, as the roles rank (owner > admin > member > viewer; API keys hold admin,
-- member or viewer): 'viewer' is every active membership, 'member' is member and up, 'admin' is
-- owner or admin, 'owner' is owner only.

create or replace function app.caller_org_ids_key() returns text
language sql stable as $$
  select coalesce(current_setting('request.jwt.claims', true), '') || '|' || coalesce(current_setting('role', true), '')
$$;

-- Reads the caller's memberships once and keeps them for the rest of the transaction, in two
-- settings (each set_config costs a few µs, so two, not one per threshold):
--   palisade.org_ids      the organisations as a uuid[], strongest role first (owner, admin,
--                         member, viewer), so each threshold is a prefix of it;
--   palisade.org_ids_for  the identity they belong to (app.caller_org_ids_key()), a \x1e, and the
--                         prefix lengths for member, admin and owner: "…\x1e3,1,1". JSON text never
--                         holds a raw control character, so \x1e cannot occur in the identity.
-- Security definer: it reads organisation_members and api_keys, which RLS hides.
-- Declared stable although it writes settings: the settings are a cache of what it reads, so a
-- repeated call gives the same answer within a statement.
create or replace function app.load_caller_org_ids(min_role text) returns uuid[]
language plpgsql stable security definer set search_path = '' as $$
declare
  claims jsonb := coalesce(nullif(current_setting('request.jwt.claims', true), '')::jsonb, '{}'::jsonb);
  sub text := claims ->> 'sub';
  key_id text := claims ->> 'api_key_id';
  uuid_shape constant text := '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$';
  v_orgs uuid[] := '{}';
  n_member int := 0;
  n_admin int := 0;
  n_owner int := 0;
begin
  if min_role is null or min_role not in ('viewer', 'member', 'admin', 'owner') then
    raise exception 'min_role must be viewer, member, admin or owner' using errcode = '22023';
  end if;
  if sub ~* uuid_shape then
    select coalesce(array_agg(m.org_id order by case m.role when 'owner' then 4 when 'admin' then 3 when 'member' then 2 else 1 end desc), '{}'),
           count(*) filter (where m.role in ('owner', 'admin', 'member')),
           count(*) filter (where m.role in ('owner', 'admin')),
           count(*) filter (where m.role = 'owner')
      into v_orgs, n_member, n_admin, n_owner
    from public.organisation_members m
    where m.user_id = sub::uuid and m.status = 'active';
  elsif key_id ~* uuid_shape and coalesce(current_setting('role', true), '') = 'authenticated' then
    select coalesce(array_agg(k.org_id), '{}'),
           count(*) filter (where k.role in ('admin', 'member')),
           count(*) filter (where k.role = 'admin'),
           0
      into v_orgs, n_member, n_admin, n_owner
    from public.api_keys k
    where k.id = key_id::uuid and k.revoked_at is null and (k.expires_at is null or k.expires_at > now());
  end if;
  perform set_config('palisade.org_ids', v_orgs::text, true),
          set_config('palisade.org_ids_for', app.caller_org_ids_key() || chr(30) || n_member || ',' || n_admin || ',' || n_owner, true);
  return v_orgs[1:case min_role when 'owner' then n_owner when 'admin' then n_admin when 'member' then n_member else cardinality(v_orgs) end];
end $$;

-- The organisations where the caller holds at least `min_role` (active memberships only), as an
-- array. Policies call it as `(select app.caller_org_ids('…'))`, so it runs once per statement.
-- PL/pgSQL rather than an inlinable SQL function on purpose: inlining re-parses the body each time
-- a statement is planned (measured: ~20 µs a statement, more than the call it saves), while a
-- PL/pgSQL call with its cached plan costs a few µs. Security invoker, so no pinned search_path:
-- it reads only settings and runs as the caller.
create or replace function app.caller_org_ids(min_role text default 'viewer') returns uuid[]
language plpgsql stable as $$
declare
  tag text := current_setting('palisade.org_ids_for', true);
  key text := app.caller_org_ids_key() || chr(30);
  counts text[];
begin
  if tag is null or not starts_with(tag, key) then
    return app.load_caller_org_ids(min_role);
  end if;
  if min_role = 'viewer' then
    return current_setting('palisade.org_ids', true)::uuid[];
  end if;
  counts := string_to_array(substr(tag, length(key) + 1), ',');
  -- An unknown role has no count: a null bound gives a null array, which matches nothing.
  return (current_setting('palisade.org_ids', true)::uuid[])[1:(case min_role when 'member' then counts[1] when 'admin' then counts[2] when 'owner' then counts[3] end)::int];
end $$;

-- Any change to memberships or API keys in this transaction makes the next statement reload.
create or replace function app.forget_caller_org_ids() returns trigger
language plpgsql set search_path = '' as $$
begin
  perform set_config('palisade.org_ids_for', '', true);
  return null;
end $$;

create or replace trigger organisation_members_forget_caller_org_ids
  after insert or update or delete or truncate on public.organisation_members
  for each statement execute function app.forget_caller_org_ids();

create or replace trigger api_keys_forget_caller_org_ids
  after insert or update or delete or truncate on public.api_keys
  for each statement execute function app.forget_caller_org_ids();

-- The documented helpers read the same sets. Without a pinned search_path (they name only app
-- helpers and built-ins, and run as the caller) they inline too.
create or replace function app.is_org_member(target_org uuid) returns boolean
language sql stable as $$
  select target_org is not null
     and (app.is_platform_operator() or target_org = any (app.caller_org_ids('viewer')))
$$;

create or replace function app.has_org_role(target_org uuid, roles text[]) returns boolean
language sql stable as $$
  select target_org is not null
     and (app.is_platform_operator()
          or case when target_org = any (app.caller_org_ids('owner')) then 'owner'
                  when target_org = any (app.caller_org_ids('admin')) then 'admin'
                  when target_org = any (app.caller_org_ids('member')) then 'member'
                  when target_org = any (app.caller_org_ids('viewer')) then 'viewer'
             end = any (coalesce(roles, '{owner,admin,member,viewer}')))
$$;

revoke all on function app.load_caller_org_ids(text) from public;
grant execute on function app.caller_org_ids_key(), app.load_caller_org_ids(text), app.caller_org_ids(text)
  to anon, authenticated, service_role;
