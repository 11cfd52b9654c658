-- API keys: shown once, stored as a hash, scoped to one organisation, revocable, expiring. The
-- server mints them (public.create_api_key in 0032_api_key_rpc.sql) so the plaintext never passes
-- through SQL. The hash is never granted to tenants; owners and admins read metadata only.
create table if not exists public.api_keys (
  org_id uuid not null references public.organisations (id) on delete cascade,
  id uuid not null default gen_random_uuid(),
  name text not null constraint api_keys_name_check check (length(btrim(name)) between 1 and 200)
    constraint api_keys_name_single_line check (name !~ '[\x01-\x1f\x7f]'),
  -- An API key can never act as owner: ownership changes need a person.
  role text not null constraint api_keys_role_check check (role in ('admin', 'member', 'viewer')),
  key_hash bytea not null constraint api_keys_key_hash_key unique,
  prefix text not null constraint api_keys_prefix_check check (length(prefix) between 4 and 16),
  created_by uuid references auth.users (id) on delete set null,
  expires_at timestamptz,
  last_used_at timestamptz,
  revoked_at timestamptz,
  created_at timestamptz not null default now(),
  -- The version If-Match compares. Only changes a person makes move it (the touch trigger
  -- below); recording last_used_at on each use does not, so using a key never makes a
  -- concurrent rename fail.
  updated_at timestamptz not null default now(),
  primary key (org_id, id),
  -- The reserved platform organisation (app.platform_org_id(), whose chains hold platform-wide
  -- audit events) has no members and no keys: nobody reads its chains through a tenant credential.
  constraint api_keys_not_platform_org check (org_id <> '00000000-0000-0000-0000-000000000001')
);

-- A request made with a key names the key, not always its organisation: the membership loader
-- (app.load_caller_org_ids) finds it by id.
create index if not exists api_keys_id_idx on public.api_keys (id);

alter table public.api_keys enable row level security;

drop policy if exists "Owners and admins see their organisations' API keys" on public.api_keys;
create policy "Owners and admins see their organisations' API keys" on public.api_keys
  for select to authenticated
  using (org_id = any ((select app.caller_org_ids('admin'))::uuid[]));

drop policy if exists "Owners and admins rename and revoke API keys" on public.api_keys;
create policy "Owners and admins rename and revoke API keys" on public.api_keys
  for update to authenticated
  using (org_id = any ((select app.caller_org_ids('admin'))::uuid[]))
  with check (org_id = any ((select app.caller_org_ids('admin'))::uuid[]));

drop policy if exists "Platform operators manage API keys" on public.api_keys;
create policy "Platform operators manage API keys" on public.api_keys
  for all to platform_admin, service_role
  using ((select app.is_platform_operator()))
  with check ((select app.is_platform_operator()));

-- Keys are minted by the server (service role) so the plaintext never passes through SQL logs.
-- Supabase grants every public table to the API roles by default; start from nothing.
revoke all on public.api_keys from anon, authenticated, platform_admin, service_role;
grant select (org_id, id, name, role, prefix, created_by, expires_at, last_used_at, revoked_at, created_at, updated_at),
  update (name, revoked_at) on public.api_keys to authenticated;
grant update (name, revoked_at, expires_at), delete on public.api_keys to platform_admin;
grant select, insert, update, delete on public.api_keys to service_role;

create or replace trigger api_keys_same_org before update on public.api_keys
  for each row execute function app.forbid_org_change();
-- No key is minted for a soft-deleted organisation, even concurrently with its delete
-- (app.refuse_deleted_org, src/tenancy/sql/0010_tenancy.sql).
create or replace trigger api_keys_org_not_deleted before insert on public.api_keys
  for each row execute function app.refuse_deleted_org();
-- Revocation is one-way: once set, revoked_at never changes again, for any role (operators too).
create or replace function app.keep_api_key_revoked() returns trigger
language plpgsql set search_path = pg_catalog, pg_temp as $$
begin
  if old.revoked_at is not null and new.revoked_at is distinct from old.revoked_at then
    raise exception 'a revoked API key stays revoked' using errcode = 'PS409', column = 'revoked_at';
  end if;
  return new;
end $$;

create or replace trigger api_keys_revocation_one_way before update of revoked_at on public.api_keys
  for each row execute function app.keep_api_key_revoked();
create or replace trigger api_keys_touch before update of name, role, expires_at, revoked_at on public.api_keys
  for each row execute function app.touch_updated_at();

-- What a key acts as: delegated, never more than its delegator. The lower of the key's own role and
-- its creator's membership role, and NULL (nothing) unless that membership is active: a creator who
-- is suspended, still only invited, removed, has left or was deleted (no row) lends nothing.
-- API-key authentication reports it (src/apikeys/verify.ts, in the same statement that finds the
-- key), the key listing shows it, and the policies' membership loader and app.caller_org_role use it.
create or replace function app.api_key_effective_role(key_role text, creator_role text, creator_status text)
returns text
language sql immutable set search_path = pg_catalog, pg_temp as $$
  select case when creator_status is distinct from 'active' then null
              when key_role = 'viewer' and creator_role in ('owner', 'admin', 'member', 'viewer') then 'viewer'
              when key_role in ('admin', 'member') and creator_role = 'viewer' then 'viewer'
              when key_role = 'member' and creator_role in ('owner', 'admin', 'member') then 'member'
              when key_role = 'admin' and creator_role = 'member' then 'member'
              when key_role = 'admin' and creator_role in ('owner', 'admin') then 'admin'
         end
$$;

revoke all on function app.api_key_effective_role(text, text, text) from public;
grant execute on function app.api_key_effective_role(text, text, text) to authenticated, service_role;

-- The caller's membership sets (app.caller_org_ids) are dropped when API keys change.
create or replace trigger api_keys_forget_caller_org_ids
  after insert or update or delete or truncate on public.api_keys
  for each statement execute function app.forget_caller_org_ids();
