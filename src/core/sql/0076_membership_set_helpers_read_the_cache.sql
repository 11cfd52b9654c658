-- One definition of "the caller's memberships". app.org_ids_with_role() (and app.member_org_ids(),
-- app.colleague_user_ids() through it) kept their own query of organisation_members and api_keys
-- beside app.load_caller_org_ids() (0070): two copies of the rules (active only, key unrevoked and
-- unexpired) that could drift. It now reads the transaction's membership sets instead.
--
-- The sets (0070) hold the organisations strongest role first, with the prefix lengths for
-- member, admin and owner after the \x1e of palisade.org_ids_for, so each exact role is a slice:
-- owner (0, n_owner], admin (n_owner, n_admin], member (n_admin, n_member], viewer (n_member, end].
create or replace function app.org_ids_with_role(roles text[] default null) returns setof uuid
language plpgsql stable security definer set search_path = '' rows 10 as $$
declare
  orgs uuid[] := app.caller_org_ids('viewer'); -- loads the sets when this transaction has none
  counts int[] := string_to_array(split_part(current_setting('palisade.org_ids_for', true), chr(30), 2), ',')::int[];
begin
  return query
    select t.org_id from unnest(orgs) with ordinality as t(org_id, i)
    where roles is null
       or ('owner' = any (roles) and t.i <= counts[3])
       or ('admin' = any (roles) and t.i > counts[3] and t.i <= counts[2])
       or ('member' = any (roles) and t.i > counts[2] and t.i <= counts[1])
       or ('viewer' = any (roles) and t.i > counts[1]);
end $$;
