-- API keys (seed 002): shown once, stored as a hash, scoped to one organisation, revocable,
-- expiring. The hash is never granted to tenants; owners and admins read metadata only.
create table if not exists public.api_keys (
  org_id uuid not null references public.organisations (id) on delete cascade,
  id uuid not null default gen_random_uuid(),
  name text not null constraint api_keys_name_check check (length(btrim(name)) between 1 and 200),
  -- An API key can never act as owner: ownership changes need a person.
  role text not null constraint api_keys_role_check check (role in ('admin', 'member', 'viewer')),
  key_hash bytea not null constraint api_keys_key_hash_key unique,
  prefix text not null constraint api_keys_prefix_check check (length(prefix) between 4 and 16),
  created_by uuid references auth.users (id) on delete set null,
  expires_at timestamptz,
  last_used_at timestamptz,
  revoked_at timestamptz,
  created_at timestamptz not null default now(),
  primary key (org_id, id)
);

alter table public.api_keys enable row level security;

drop policy if exists "Owners and admins see their organisations' API keys" on public.api_keys;
create policy "Owners and admins see their organisations' API keys" on public.api_keys
  for select to authenticated
  using (org_id in (select app.org_ids_with_role('{owner,admin}')));

drop policy if exists "Owners and admins rename and revoke API keys" on public.api_keys;
create policy "Owners and admins rename and revoke API keys" on public.api_keys
  for update to authenticated
  using (org_id in (select app.org_ids_with_role('{owner,admin}')))
  with check (org_id in (select app.org_ids_with_role('{owner,admin}')));

drop policy if exists "Platform operators manage API keys" on public.api_keys;
create policy "Platform operators manage API keys" on public.api_keys
  for all to platform_admin, service_role
  using ((select app.is_platform_operator()))
  with check ((select app.is_platform_operator()));

-- Keys are minted by the server (service role) so the plaintext never passes through SQL logs.
-- Supabase grants every public table to the API roles by default; start from nothing.
revoke all on public.api_keys from anon, authenticated, platform_admin, service_role;
grant select (org_id, id, name, role, prefix, created_by, expires_at, last_used_at, revoked_at, created_at),
  update (name, revoked_at) on public.api_keys to authenticated;
grant update (name, revoked_at, expires_at), delete on public.api_keys to platform_admin;
grant select, insert, update, delete on public.api_keys to service_role;

create or replace trigger api_keys_same_org before update on public.api_keys
  for each row execute function app.forbid_org_change();
