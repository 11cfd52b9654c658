-- Organisations are the tenants; memberships say who belongs, with which role and status.
-- Only an active membership grants access (DESIGN.md); invited and suspended members see nothing.
create table if not exists public.organisations (
  id uuid primary key default gen_random_uuid(),
  name text not null constraint organisations_name_check check (length(btrim(name)) between 1 and 200),
  slug text unique constraint organisations_slug_check check (slug ~ '^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$'),
  created_by uuid references auth.users (id) on delete set null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);

alter table public.organisations enable row level security;

drop policy if exists "Members see their organisations" on public.organisations;
create policy "Members see their organisations" on public.organisations
  for select to authenticated
  using (id in (select app.member_org_ids()));

drop policy if exists "Owners and admins rename their organisations" on public.organisations;
create policy "Owners and admins rename their organisations" on public.organisations
  for update to authenticated
  using (id in (select app.org_ids_with_role('{owner,admin}')))
  with check (id in (select app.org_ids_with_role('{owner,admin}')));

drop policy if exists "Platform operators manage organisations" on public.organisations;
create policy "Platform operators manage organisations" on public.organisations
  for all to platform_admin, service_role
  using ((select app.is_platform_operator()))
  with check ((select app.is_platform_operator()));

-- Creation goes through public.create_organisation (the caller becomes owner atomically).
-- Supabase grants every public table to the API roles by default; start from nothing.
revoke all on public.organisations from anon, authenticated, platform_admin, service_role;
grant select, update (name, slug) on public.organisations to authenticated;
grant select, insert, update, delete on public.organisations to platform_admin, service_role;

create or replace trigger organisations_touch before update on public.organisations
  for each row execute function app.touch_updated_at();

create table if not exists public.organisation_members (
  org_id uuid not null references public.organisations (id) on delete cascade,
  id uuid not null default gen_random_uuid(),
  user_id uuid not null references auth.users (id) on delete cascade,
  role text not null constraint organisation_members_role_check check (role in ('owner', 'admin', 'member', 'viewer')),
  status text not null default 'active'
    constraint organisation_members_status_check check (status in ('active', 'invited', 'suspended')),
  invited_by uuid references auth.users (id) on delete set null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  primary key (org_id, id),
  constraint organisation_members_org_user_key unique (org_id, user_id)
);

-- The membership helpers look up by user; this is their index.
create index if not exists organisation_members_user_idx
  on public.organisation_members (user_id, org_id) include (role) where status = 'active';

alter table public.organisation_members enable row level security;

drop policy if exists "Members see who else belongs to their organisations" on public.organisation_members;
create policy "Members see who else belongs to their organisations" on public.organisation_members
  for select to authenticated
  using (org_id in (select app.member_org_ids()));

drop policy if exists "Platform operators manage memberships" on public.organisation_members;
create policy "Platform operators manage memberships" on public.organisation_members
  for all to platform_admin, service_role
  using ((select app.is_platform_operator()))
  with check ((select app.is_platform_operator()));

-- Membership changes carry rules (admins cannot touch owners, the last owner stays) that live in
-- the tenancy RPCs, so tenants get no direct write privilege on this table.
-- Supabase grants every public table to the API roles by default; start from nothing.
revoke all on public.organisation_members from anon, authenticated, platform_admin, service_role;
grant select on public.organisation_members to authenticated;
grant select, insert, update, delete on public.organisation_members to platform_admin, service_role;

create or replace trigger organisation_members_touch before update on public.organisation_members
  for each row execute function app.touch_updated_at();
create or replace trigger organisation_members_same_org before update on public.organisation_members
  for each row execute function app.forbid_org_change();

-- Whoever writes (RPC, operator, migration), an organisation keeps at least one active owner.
-- Locking the organisation row serialises concurrent demotions, so two owners demoting each
-- other at once cannot both succeed.
create or replace function app.guard_last_owner() returns trigger
language plpgsql security definer set search_path = '' as $$
begin
  if old.role = 'owner' and old.status = 'active'
     and (tg_op = 'DELETE' or new.role <> 'owner' or new.status <> 'active') then
    perform 1 from public.organisations o where o.id = old.org_id for update;
    if found and not exists (
      select 1 from public.organisation_members m
      where m.org_id = old.org_id and m.role = 'owner' and m.status = 'active' and m.id <> old.id
    ) then
      raise exception 'an organisation must keep at least one active owner'
        using errcode = 'PS423', column = 'role';
    end if;
  end if;
  return case when tg_op = 'DELETE' then old else new end;
end $$;

create or replace trigger organisation_members_last_owner before update or delete on public.organisation_members
  for each row execute function app.guard_last_owner();
