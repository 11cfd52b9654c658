-- The platform admin registry. Being listed grants nothing by itself: a listed person asks
-- POST /v1/admin/token for a short-lived token with the admin audience, and only a request
-- carrying that token runs as platform_admin (the one role app.is_platform_admin() accepts).
-- Rows are written by the service alone (`palisade admins add|remove`, run by an operator with
-- database access), so no admin can appoint another through the API.
create table if not exists platform.admins (
  user_id uuid primary key references auth.users (id) on delete cascade,
  note text constraint admins_note_check check (length(note) <= 500),
  added_by uuid references auth.users (id) on delete set null,
  created_at timestamptz not null default now()
);

alter table platform.admins enable row level security;

drop policy if exists "Platform operators see who the platform admins are" on platform.admins;
create policy "Platform operators see who the platform admins are" on platform.admins
  for select to platform_admin, service_role
  using ((select app.is_platform_operator()));

drop policy if exists "Only the service appoints and removes platform admins" on platform.admins;
create policy "Only the service appoints and removes platform admins" on platform.admins
  for all to service_role
  using ((select app.is_platform_service()))
  with check ((select app.is_platform_service()));

revoke all on platform.admins from anon, authenticated, platform_admin, service_role;
grant select on platform.admins to platform_admin;
grant select, insert, update, delete on platform.admins to service_role;

-- Who the platform admins are, with their emails, for GET /v1/admin/admins: an operator must be able
-- to tell the people apart. No API role reads auth.users (on Supabase it is GoTrue's, and Palisade
-- grants nothing on it), so this definer reads the two columns needed, for platform operators only;
-- anyone else, or a NULL answer, is refused.
create or replace function app.list_platform_admins()
returns table (user_id uuid, email text, note text, created_at timestamptz)
language plpgsql stable security definer set search_path = pg_catalog, pg_temp as $$
#variable_conflict use_column
begin
  if (select app.is_platform_operator()) is not true then
    raise exception 'only platform operators list the platform admins' using errcode = 'PS403';
  end if;
  return query
    select a.user_id, u.email::text, a.note, a.created_at
    from platform.admins a left join auth.users u on u.id operator(pg_catalog.=) a.user_id
    order by a.created_at, a.user_id;
end $$;

revoke all on function app.list_platform_admins() from public, anon, authenticated, service_role, platform_admin;
grant execute on function app.list_platform_admins() to platform_admin, service_role;
