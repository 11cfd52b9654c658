-- Profiles belong to a user, not to a tenant: members see their own and their colleagues'.
create table if not exists public.profiles (
  user_id uuid primary key references auth.users (id) on delete cascade,
  display_name text constraint profiles_display_name_check check (length(display_name) between 1 and 200),
  avatar_url text constraint profiles_avatar_url_check check (length(avatar_url) <= 2048 and avatar_url ~ '^https://'),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);

alter table public.profiles enable row level security;

drop policy if exists "Users see their own and their colleagues' profiles" on public.profiles;
create policy "Users see their own and their colleagues' profiles" on public.profiles
  for select to authenticated
  using (user_id in (select app.colleague_user_ids()));

drop policy if exists "Users create their own profile" on public.profiles;
create policy "Users create their own profile" on public.profiles
  for insert to authenticated
  with check (user_id = (select app.uid()));

drop policy if exists "Users edit their own profile" on public.profiles;
create policy "Users edit their own profile" on public.profiles
  for update to authenticated
  using (user_id = (select app.uid()))
  with check (user_id = (select app.uid()));

drop policy if exists "Platform operators manage profiles" on public.profiles;
create policy "Platform operators manage profiles" on public.profiles
  for all to platform_admin, service_role
  using ((select app.is_platform_operator()))
  with check ((select app.is_platform_operator()));

-- Supabase grants every public table to the API roles by default; start from nothing.
revoke all on public.profiles from anon, authenticated, platform_admin, service_role;
grant select, insert (user_id, display_name, avatar_url), update (display_name, avatar_url)
  on public.profiles to authenticated;
grant select, insert, update, delete on public.profiles to platform_admin, service_role;

create or replace trigger profiles_touch before update on public.profiles
  for each row execute function app.touch_updated_at();
