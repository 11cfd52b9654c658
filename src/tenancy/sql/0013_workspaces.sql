-- Workspaces group an organisation's projects. Every organisation has one default workspace,
-- created with it by public.create_organisation.
create table if not exists public.workspaces (
  org_id uuid not null references public.organisations (id) on delete cascade,
  id uuid not null default gen_random_uuid(),
  name text not null constraint workspaces_name_check check (length(btrim(name)) between 1 and 200),
  description text constraint workspaces_description_check check (length(description) <= 2000),
  is_default boolean not null default false,
  created_by uuid default app.uid() references auth.users (id) on delete set null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  primary key (org_id, id)
);

create unique index if not exists workspaces_one_default_idx on public.workspaces (org_id) where is_default;

alter table public.workspaces enable row level security;

drop policy if exists "Members see their organisations' workspaces" on public.workspaces;
create policy "Members see their organisations' workspaces" on public.workspaces
  for select to authenticated
  using (org_id in (select app.member_org_ids()));

drop policy if exists "Owners and admins create workspaces" on public.workspaces;
create policy "Owners and admins create workspaces" on public.workspaces
  for insert to authenticated
  with check (org_id in (select app.org_ids_with_role('{owner,admin}')));

drop policy if exists "Owners and admins edit workspaces" on public.workspaces;
create policy "Owners and admins edit workspaces" on public.workspaces
  for update to authenticated
  using (org_id in (select app.org_ids_with_role('{owner,admin}')))
  with check (org_id in (select app.org_ids_with_role('{owner,admin}')));

drop policy if exists "Owners and admins delete workspaces" on public.workspaces;
create policy "Owners and admins delete workspaces" on public.workspaces
  for delete to authenticated
  using (org_id in (select app.org_ids_with_role('{owner,admin}')));

drop policy if exists "Platform operators manage workspaces" on public.workspaces;
create policy "Platform operators manage workspaces" on public.workspaces
  for all to platform_admin, service_role
  using ((select app.is_platform_operator()))
  with check ((select app.is_platform_operator()));

-- Supabase grants every public table to the API roles by default; start from nothing.
revoke all on public.workspaces from anon, authenticated, platform_admin, service_role;
grant select, insert (org_id, name, description), update (name, description), delete
  on public.workspaces to authenticated;
grant select, insert, update, delete on public.workspaces to platform_admin, service_role;

create or replace trigger workspaces_touch before update on public.workspaces
  for each row execute function app.touch_updated_at();
create or replace trigger workspaces_same_org before update on public.workspaces
  for each row execute function app.forbid_org_change();
