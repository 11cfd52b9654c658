-- Whether auth.users is Palisade's own compatibility table (plain PostgreSQL, PGlite) rather
-- than GoTrue's (Supabase): Palisade marks the table it creates.
create or replace function app.auth_users_are_palisades() returns boolean
language sql stable set search_path = pg_catalog, pg_temp as $$
  select coalesce(pg_catalog.obj_description('auth.users'::pg_catalog.regclass, 'pg_class')
                  operator(pg_catalog.=) 'palisade: auth compatibility table', false)
$$;
revoke all on function app.auth_users_are_palisades() from public, anon, authenticated, service_role, platform_admin;

-- Tenancy rows reference auth.users (created_by, invited_by, memberships). Where an external
-- identity provider issues the tokens, a person can arrive with a valid token before any row
-- exists for them, so the server calls this (as the service, once per user and process) after it
-- verified a token. It only ever creates the caller's own row or refreshes its email: the sub and
-- email come from a verified token, never from a request body.
-- Where auth.users is GoTrue's (Supabase: the table lacks Palisade's mark, 0002_auth_compat.sql)
-- this writes nothing: GoTrue created the row before it issued the token, and its email is
-- GoTrue's to change. A token whose user GoTrue does not have is refused.
create or replace function app.ensure_user(p_user_id uuid, p_email text) returns void
language plpgsql volatile security definer set search_path = pg_catalog, pg_temp as $$
declare
  current_email text;
  found_row boolean;
begin
  if p_user_id is null then
    raise exception 'user id is required' using errcode = 'PS422', column = 'sub';
  end if;
  p_email := nullif(lower(btrim(p_email)), '');
  select u.email, true into current_email, found_row from auth.users u where u.id = p_user_id;
  if not app.auth_users_are_palisades() then
    if found_row is null then
      raise exception 'the token''s user does not exist' using errcode = 'PS401';
    end if;
    return;
  end if;
  if found_row is null then
    begin
      insert into auth.users (id, email) values (p_user_id, p_email) on conflict (id) do nothing;
    exception when unique_violation then
      -- Another account holds this email (the identity provider reassigned it). The person still
      -- gets a row, without the email, so invitations to that address keep going to its holder.
      insert into auth.users (id) values (p_user_id) on conflict (id) do nothing;
    end;
  elsif p_email is not null and current_email is distinct from p_email
        and not exists (select 1 from auth.users o where lower(o.email) = p_email and o.id <> p_user_id) then
    begin
      update auth.users set email = p_email, updated_at = now() where id = p_user_id;
    exception when unique_violation then
      null; -- taken meanwhile by a concurrent first request of another account: keep the old email
    end;
  end if;
end $$;

revoke all on function app.ensure_user(uuid, text) from public, anon, authenticated, service_role, platform_admin;
grant execute on function app.ensure_user(uuid, text) to service_role;

-- Where GoTrue owns auth.users, people appear when GoTrue creates them: each new user gets a
-- profile, named from the sign-up metadata or the email's local part (control characters removed).
create or replace function app.profile_for_new_user() returns trigger
language plpgsql security definer set search_path = pg_catalog, pg_temp as $$
declare
  name text := pg_catalog.left(pg_catalog.btrim(pg_catalog.regexp_replace(coalesce(
    new.raw_user_meta_data ->> 'full_name', new.raw_user_meta_data ->> 'name',
    pg_catalog.split_part(new.email, '@', 1), ''), '[[:cntrl:]]', '', 'g')), 200);
begin
  insert into public.profiles (user_id, display_name) values (new.id, nullif(name, ''))
  on conflict (user_id) do nothing;
  return null;
end $$;
revoke all on function app.profile_for_new_user() from public, anon, authenticated, service_role, platform_admin;

do $$
begin
  if not app.auth_users_are_palisades() then
    create or replace trigger palisade_profile_for_new_user after insert on auth.users
      for each row execute function app.profile_for_new_user();
  end if;
end $$;
