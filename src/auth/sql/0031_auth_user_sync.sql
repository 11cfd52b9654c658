-- Tenancy rows reference auth.users (created_by, invited_by, memberships). Where an external
-- identity provider issues the tokens, a person can arrive with a valid token before any row
-- exists for them, so the server calls this (as the service, once per user and process) after it
-- verified a token. It only ever creates the caller's own row or refreshes its email: the sub and
-- email come from a verified token, never from a request body.
-- On Supabase the row already exists (GoTrue writes auth.users) and this changes nothing there
-- unless the email moved.
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

revoke all on function app.ensure_user(uuid, text) from public;
grant execute on function app.ensure_user(uuid, text) to service_role;
