-- Tenancy operations as RPCs. Each body is security definer (so it can keep invariants RLS cannot
-- express, such as "admins cannot touch owners") and therefore checks the caller's rights itself,
-- first membership (404 for strangers) and then role (403 for members without it). The bodies live
-- in app, which no API exposes; public holds a security-invoker wrapper of each (end of file).
-- Error codes are registered in docs/error-codes.md.

-- The caller's active role in an organisation, read from its own membership row locked FOR SHARE
-- until the transaction ends, so the role an RPC decides on cannot change (leave, suspension,
-- demotion) before it commits: a concurrent change waits for the RPC, or the RPC waits for it and
-- then reads the committed state. 'operator' for platform admins and the service. An API key holds
-- the lower of its own role and its creator's live role (both rows locked); a revoked or expired
-- key, or one whose creator is no longer an active member, holds none. NULL means no role: callers
-- must treat it as refusal (app.require_org_role does). A soft-deleted organisation gives none.
create or replace function app.caller_org_role(org uuid) returns text
language plpgsql volatile security definer set search_path = pg_catalog, pg_temp as $$
#variable_conflict use_variable
declare
  r text;
  key_role text;
begin
  if app.is_platform_operator() then
    return 'operator';
  end if;
  if app.uid() is not null then
    select m.role into r from public.organisation_members m
    join public.organisations o on o.id = m.org_id and o.deleted_at is null
    where m.org_id = org and m.user_id = app.uid() and m.status = 'active'
    for share of m;
  elsif app.api_key_id() is not null then
    select k.role, c.role into key_role, r from public.api_keys k
    join public.organisation_members c on c.org_id = k.org_id and c.user_id = k.created_by and c.status = 'active'
    join public.organisations o on o.id = k.org_id and o.deleted_at is null
    where k.org_id = org and k.id = app.api_key_id()
      and k.revoked_at is null and (k.expires_at is null or k.expires_at > now())
    for share of k, c;
    r := app.api_key_effective_role(key_role, r, 'active');
  end if;
  return r;
end $$;

-- Membership first (PS404 for strangers), then the caller's locked role (app.caller_org_role)
-- must be one of `roles` (PS403); operators pass. Returns that role, never NULL: a membership that
-- vanished or stopped being active since the transaction's sets were read is PS404.
create or replace function app.require_org_role(org uuid, roles text[], action text) returns text
language plpgsql volatile set search_path = pg_catalog, pg_temp as $$
#variable_conflict use_variable
declare
  r text;
begin
  perform public.assert_tenant_membership(org);
  r := app.caller_org_role(org);
  if r is null then
    raise exception 'organisation not found' using errcode = 'PS404', column = 'org_id';
  end if;
  if r is distinct from 'operator' and not coalesce(r = any (roles), false) then
    raise exception 'only % can %', array_to_string(roles, ', '), action
      using errcode = 'PS403';
  end if;
  return r;
end $$;

create or replace function app.require_text(val text, field text, max_len int default 200) returns text
language plpgsql immutable set search_path = pg_catalog, pg_temp as $$
#variable_conflict use_variable
begin
  if val is null or length(btrim(val)) = 0 then
    raise exception '% is required', field using errcode = 'PS422', column = field;
  end if;
  if length(val) > max_len then
    raise exception '% must be at most % characters', field, max_len using errcode = 'PS422', column = field;
  end if;
  return btrim(val);
end $$;

create or replace function app.require_id(val uuid, field text) returns uuid
language plpgsql immutable set search_path = pg_catalog, pg_temp as $$
#variable_conflict use_variable
begin
  if val is null then
    raise exception '% is required', field using errcode = 'PS422', column = field;
  end if;
  return val;
end $$;

create or replace function app.require_choice(val text, field text, choices text[]) returns text
language plpgsql immutable set search_path = pg_catalog, pg_temp as $$
#variable_conflict use_variable
begin
  if val is null or not (val = any (choices)) then
    raise exception '% must be one of: %', field, array_to_string(choices, ', ')
      using errcode = 'PS422', column = field;
  end if;
  return val;
end $$;

create or replace function app.create_organisation(name text, slug text default null) returns uuid
language plpgsql volatile security definer set search_path = pg_catalog, pg_temp as $$
#variable_conflict use_variable
declare
  caller uuid := app.require_user();
  org uuid;
begin
  name := app.require_text(name, 'name');
  if slug is not null and slug !~ '^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$' then
    raise exception 'slug must be lowercase letters, digits and inner hyphens (at most 63)'
      using errcode = 'PS422', column = 'slug';
  end if;
  begin
    insert into public.organisations (name, slug, created_by) values (name, slug, caller) returning id into org;
  exception when unique_violation then
    raise exception 'slug is already taken' using errcode = 'PS409', column = 'slug';
  end;
  insert into public.organisation_members (org_id, user_id, role, status) values (org, caller, 'owner', 'active');
  insert into public.workspaces (org_id, name, is_default, created_by) values (org, 'Default', true, caller);
  return org;
end $$;

create or replace function app.invite_member(
  org uuid, email text, role text default 'member', valid_for interval default interval '7 days'
) returns table (invitation_id uuid, token text)
language plpgsql volatile security definer set search_path = pg_catalog, pg_temp as $$
#variable_conflict use_variable
declare
  caller_role text;
  invitee uuid;
  existing text;
  raw_token text;
begin
  caller_role := app.require_org_role(org, '{owner,admin}', 'invite members');
  email := lower(app.require_text(email, 'email', 320));
  if email !~ '^[^@[:space:]]+@[^@[:space:]]+\.[^@[:space:]]+$' then
    raise exception 'email is not a valid address' using errcode = 'PS422', column = 'email';
  end if;
  role := app.require_choice(role, 'role', '{owner,admin,member,viewer}');
  if role = 'owner' and coalesce(caller_role, '') not in ('owner', 'operator') then
    raise exception 'only owners can invite owners' using errcode = 'PS403', column = 'role';
  end if;
  if valid_for is null or valid_for < interval '1 hour' or valid_for > interval '30 days' then
    raise exception 'valid_for must be between 1 hour and 30 days' using errcode = 'PS422', column = 'valid_for';
  end if;

  select u.id into invitee from auth.users u where lower(u.email) = email;
  if invitee is not null then
    select m.status into existing from public.organisation_members m where m.org_id = org and m.user_id = invitee;
    if existing = 'active' then
      raise exception 'this person is already a member' using errcode = 'PS409', column = 'email';
    elsif existing = 'suspended' then
      raise exception 'this person is a suspended member: reactivate them instead' using errcode = 'PS409', column = 'email';
    end if;
  end if;

  -- A new invitation replaces any still-pending one for the same address.
  update public.invitations i set revoked_at = now()
  where i.org_id = org and lower(i.email) = email
    and i.accepted_at is null and i.revoked_at is null;

  raw_token := 'inv_' || encode(extensions.gen_random_bytes(32), 'hex');
  insert into public.invitations (org_id, email, role, token_hash, invited_by, expires_at)
  values (org, email, role, sha256(convert_to(raw_token, 'UTF8')), app.uid(), now() + valid_for)
  returning id into invitation_id;

  -- No membership is created before acceptance: what the inviter can read (this result, the
  -- invitation, the members) is the same whether or not the address has an account, and never
  -- holds the invitee's user id. A membership still 'invited' from before follows the new role.
  if invitee is not null then
    update public.organisation_members m set role = invite_member.role, invited_by = app.uid()
    where m.org_id = org and m.user_id = invitee and m.status = 'invited';
  end if;

  token := raw_token;
  return next;
end $$;

create or replace function app.accept_invitation(token text) returns uuid
language plpgsql volatile security definer set search_path = pg_catalog, pg_temp as $$
#variable_conflict use_variable
declare
  caller uuid := app.require_user();
  caller_email text;
  inv public.invitations;
  current_status text;
begin
  if token is null or length(token) = 0 or length(token) > 200 then
    raise exception 'token is required' using errcode = 'PS422', column = 'token';
  end if;
  select * into inv from public.invitations i where i.token_hash = sha256(convert_to(token, 'UTF8'));
  if not found then
    raise exception 'invitation not found' using errcode = 'PS404', column = 'token';
  end if;
  -- The organisation first, then the invitation: the order app.delete_organisation locks them in,
  -- so an acceptance racing a delete waits for it (and then finds the invitation revoked) instead
  -- of deadlocking. A deleted organisation's invitations were revoked with it.
  perform 1 from public.organisations o where o.id = inv.org_id and o.deleted_at is null for share;
  select * into inv from public.invitations i where i.org_id = inv.org_id and i.id = inv.id for update;
  if inv.revoked_at is not null then
    raise exception 'this invitation was revoked' using errcode = 'PS410', column = 'token';
  end if;
  if inv.accepted_at is not null then
    raise exception 'this invitation was already used' using errcode = 'PS409', column = 'token';
  end if;
  if inv.expires_at <= now() then
    raise exception 'this invitation has expired' using errcode = 'PS410', column = 'token';
  end if;
  select lower(u.email) into caller_email from auth.users u where u.id = caller;
  if caller_email is distinct from lower(inv.email) then
    raise exception 'this invitation was sent to another email address' using errcode = 'PS403', column = 'token';
  end if;

  select m.status into current_status from public.organisation_members m
  where m.org_id = inv.org_id and m.user_id = caller;
  if current_status = 'suspended' then
    raise exception 'your membership of this organisation is suspended' using errcode = 'PS403';
  elsif current_status is null then
    insert into public.organisation_members (org_id, user_id, role, status, invited_by)
    values (inv.org_id, caller, inv.role, 'active', inv.invited_by);
  elsif current_status = 'invited' then
    update public.organisation_members m set status = 'active', role = inv.role
    where m.org_id = inv.org_id and m.user_id = caller;
  end if;

  update public.invitations i set accepted_at = now(), accepted_by = caller
  where i.org_id = inv.org_id and i.id = inv.id;
  return inv.org_id;
end $$;

create or replace function app.revoke_invitation(org uuid, invitation_id uuid) returns void
language plpgsql volatile security definer set search_path = pg_catalog, pg_temp as $$
#variable_conflict use_variable
declare
  inv public.invitations;
begin
  perform app.require_org_role(org, '{owner,admin}', 'revoke invitations');
  select * into inv from public.invitations i where i.org_id = org and i.id = invitation_id for update;
  if not found then
    raise exception 'invitation not found' using errcode = 'PS404', column = 'invitation_id';
  end if;
  if inv.accepted_at is not null then
    raise exception 'this invitation was already accepted' using errcode = 'PS409', column = 'invitation_id';
  end if;
  update public.invitations i set revoked_at = coalesce(i.revoked_at, now()) where i.org_id = org and i.id = invitation_id;
  delete from public.organisation_members m
  using auth.users u
  where m.org_id = org and m.user_id = u.id and lower(u.email) = lower(inv.email) and m.status = 'invited';
end $$;

-- Loads the target membership for a change, enforcing "admins cannot touch owners". The caller's
-- own membership row is locked first (app.require_org_role), then the target's: the role decided
-- on stays the caller's until commit.
create or replace function app.member_for_change(org uuid, target uuid, action text)
returns public.organisation_members
language plpgsql volatile security definer set search_path = pg_catalog, pg_temp as $$
#variable_conflict use_variable
declare
  caller_role text;
  target_row public.organisation_members;
begin
  caller_role := app.require_org_role(org, '{owner,admin}', action);
  if target is null then
    raise exception 'user_id is required' using errcode = 'PS422', column = 'user_id';
  end if;
  select * into target_row from public.organisation_members m where m.org_id = org and m.user_id = target for update;
  if not found then
    raise exception 'member not found' using errcode = 'PS404', column = 'user_id';
  end if;
  if target_row.role = 'owner' and coalesce(caller_role, '') not in ('owner', 'operator') then
    raise exception 'only owners can % an owner', action using errcode = 'PS403', column = 'user_id';
  end if;
  return target_row;
end $$;

create or replace function app.change_member_role(org uuid, user_id uuid, role text) returns void
language plpgsql volatile security definer set search_path = pg_catalog, pg_temp as $$
#variable_conflict use_variable
declare
  target_row public.organisation_members := app.member_for_change(org, user_id, 'change roles of');
begin
  role := app.require_choice(role, 'role', '{owner,admin,member,viewer}');
  -- The caller's row is locked by member_for_change: this reads the same role it decided on.
  if role = 'owner' and coalesce(app.caller_org_role(org), '') not in ('owner', 'operator') then
    raise exception 'only owners can grant ownership' using errcode = 'PS403', column = 'role';
  end if;
  update public.organisation_members m set role = change_member_role.role
  where m.org_id = org and m.id = target_row.id;
  -- A pending invitee's invitation follows: accepting it yields the role set here.
  if target_row.status = 'invited' then
    update public.invitations i set role = change_member_role.role
    from auth.users u
    where u.id = target_row.user_id and i.org_id = org and lower(i.email) = lower(u.email)
      and i.accepted_at is null and i.revoked_at is null;
  end if;
end $$;

create or replace function app.suspend_member(org uuid, user_id uuid) returns void
language plpgsql volatile security definer set search_path = pg_catalog, pg_temp as $$
#variable_conflict use_variable
declare
  target_row public.organisation_members := app.member_for_change(org, user_id, 'suspend');
begin
  if target_row.user_id = app.uid() then
    raise exception 'you cannot suspend yourself: leave the organisation instead'
      using errcode = 'PS422', column = 'user_id';
  end if;
  if target_row.status <> 'active' then
    raise exception 'only an active member can be suspended (this one is %)', target_row.status
      using errcode = 'PS409', column = 'user_id';
  end if;
  update public.organisation_members m set status = 'suspended' where m.org_id = org and m.id = target_row.id;
end $$;

create or replace function app.reactivate_member(org uuid, user_id uuid) returns void
language plpgsql volatile security definer set search_path = pg_catalog, pg_temp as $$
#variable_conflict use_variable
declare
  target_row public.organisation_members := app.member_for_change(org, user_id, 'reactivate');
begin
  if target_row.status <> 'suspended' then
    raise exception 'only a suspended member can be reactivated (this one is %)', target_row.status
      using errcode = 'PS409', column = 'user_id';
  end if;
  update public.organisation_members m set status = 'active' where m.org_id = org and m.id = target_row.id;
end $$;

create or replace function app.remove_member(org uuid, user_id uuid) returns void
language plpgsql volatile security definer set search_path = pg_catalog, pg_temp as $$
#variable_conflict use_variable
declare
  target_row public.organisation_members := app.member_for_change(org, user_id, 'remove');
begin
  delete from public.organisation_members m where m.org_id = org and m.id = target_row.id;
  -- Removal cancels every pending invitation to the person: none can admit them again.
  update public.invitations i set revoked_at = now()
  from auth.users u
  where u.id = target_row.user_id and i.org_id = org and lower(i.email) = lower(u.email)
    and i.accepted_at is null and i.revoked_at is null;
end $$;

create or replace function app.leave_organisation(org uuid) returns void
language plpgsql volatile security definer set search_path = pg_catalog, pg_temp as $$
#variable_conflict use_variable
declare
  caller uuid := app.require_user();
begin
  perform public.assert_tenant_membership(org);
  delete from public.organisation_members m where m.org_id = org and m.user_id = caller;
  if not found then
    raise exception 'organisation not found' using errcode = 'PS404', column = 'org_id';
  end if;
end $$;

create or replace function app.create_workspace(org uuid, name text, description text default null) returns uuid
language plpgsql volatile security definer set search_path = pg_catalog, pg_temp as $$
#variable_conflict use_variable
declare
  ws uuid;
begin
  perform app.require_acting_role(org, '{owner,admin}', 'create workspaces');
  insert into public.workspaces (org_id, name, description, created_by)
  values (org, app.require_text(name, 'name'), description, app.uid())
  returning id into ws;
  return ws;
end $$;

create or replace function app.create_project(org uuid, workspace_id uuid, name text, description text default null)
returns uuid
language plpgsql volatile security definer set search_path = pg_catalog, pg_temp as $$
#variable_conflict use_variable
declare
  proj uuid;
begin
  perform app.require_acting_role(org, '{owner,admin,member}', 'create projects', create_project.workspace_id);
  if not exists (select 1 from public.workspaces w where w.org_id = org and w.id = create_project.workspace_id) then
    raise exception 'workspace not found' using errcode = 'PS404', column = 'workspace_id';
  end if;
  insert into public.projects (org_id, workspace_id, name, description, created_by)
  values (org, create_project.workspace_id, app.require_text(name, 'name'), description, app.uid())
  returning id into proj;
  -- The creating person owns the project; API keys and operators create unowned projects.
  if app.uid() is not null and exists (
    select 1 from public.organisation_members m where m.org_id = org and m.user_id = app.uid()
  ) then
    insert into public.project_members (org_id, project_id, user_id, role, added_by)
    values (org, proj, app.uid(), 'owner', app.uid());
  end if;
  return proj;
end $$;

create or replace function app.add_project_member(org uuid, project_id uuid, user_id uuid, role text)
returns uuid
language plpgsql volatile security definer set search_path = pg_catalog, pg_temp as $$
#variable_conflict use_variable
declare
  row_id uuid;
begin
  perform public.assert_tenant_membership(org);
  if not exists (select 1 from public.projects p where p.org_id = org and p.id = add_project_member.project_id) then
    raise exception 'project not found' using errcode = 'PS404', column = 'project_id';
  end if;
  if not (app.has_org_role(org, '{owner,admin}')
          or (org, add_project_member.project_id) in (select * from app.managed_projects())) then
    raise exception 'only organisation owners and admins or project owners and managers can add project members'
      using errcode = 'PS403';
  end if;
  role := app.require_choice(role, 'role', '{owner,manager,contributor,viewer}');
  if not exists (
    select 1 from public.organisation_members m
    where m.org_id = org and m.user_id = add_project_member.user_id and m.status = 'active'
  ) then
    raise exception 'user_id is not an active member of this organisation' using errcode = 'PS422', column = 'user_id';
  end if;
  begin
    insert into public.project_members (org_id, project_id, user_id, role, added_by)
    values (org, add_project_member.project_id, add_project_member.user_id, role, app.uid())
    returning id into row_id;
  exception when unique_violation then
    raise exception 'this person is already a member of the project' using errcode = 'PS409', column = 'user_id';
  end;
  return row_id;
end $$;


-- Organisation lifecycle (docs/architecture/tenancy.md "Deleting an organisation"). An owner's
-- delete is soft: the organisation leaves every caller's membership sets at once (so every policy
-- refuses it), its API keys and pending invitations are revoked for good, and it waits for
-- `palisade orgs purge` until purge_after. Each step is recorded in the organisation's own chain
-- and in the platform chain. Lock order everywhere: the caller's membership (FOR SHARE), then the
-- organisation row (FOR UPDATE), then its keys and invitations.

-- The grace period between delete and purge: the database's own palisade.org_delete_grace setting
-- (an interval: `alter database … set palisade.org_delete_grace = '7 days'`), 30 days when unset.
-- Read from pg_db_role_setting, not current_setting(): any role may set_config() a custom setting
-- for its session, so the caller would choose its own grace period. Out of range is a
-- configuration error, not a default.
create or replace function app.org_delete_grace() returns interval
language plpgsql stable set search_path = pg_catalog, pg_temp as $$
declare
  v text;
  g interval;
begin
  select substr(c, length('palisade.org_delete_grace=') + 1) into v
    from pg_catalog.pg_db_role_setting s, unnest(s.setconfig) as c
   where s.setdatabase = (select d.oid from pg_catalog.pg_database d where d.datname = pg_catalog.current_database())
     and s.setrole = 0
     and pg_catalog.starts_with(c, 'palisade.org_delete_grace=');
  if v is null or v = '' then
    return interval '30 days';
  end if;
  begin
    g := v::interval;
  exception when others then
    g := null;
  end;
  if g is null or g < interval '1 hour' or g > interval '3650 days' then
    raise exception 'palisade.org_delete_grace must be an interval between 1 hour and 3650 days'
      using errcode = '22023';
  end if;
  return g;
end $$;

-- Owners only: a person (API keys have no sub: PS401; a key must never end its organisation),
-- holding the owner role (admins and operators: PS403).
create or replace function app.delete_organisation(org uuid)
returns table (id uuid, name text, slug text, created_at timestamptz, updated_at timestamptz,
               deleted_at timestamptz, purge_after timestamptz)
language plpgsql volatile security definer set search_path = pg_catalog, pg_temp as $$
#variable_conflict use_variable
declare
  caller uuid := app.require_user();
  o public.organisations;
  n_keys int;
  n_invitations int;
begin
  if app.require_org_role(org, '{owner}', 'delete the organisation') is distinct from 'owner' then
    raise exception 'only owners can delete the organisation' using errcode = 'PS403';
  end if;
  -- The row lock serialises this with a second delete, a restore, an owner's demotion
  -- (app.guard_last_owner) and every new membership, invitation or key (app.refuse_deleted_org).
  select * into o from public.organisations x where x.id = org for update;
  if not found or o.deleted_at is not null then
    raise exception 'organisation not found' using errcode = 'PS404', column = 'org_id';
  end if;
  update public.organisations x
     set deleted_at = now(), deleted_by = caller, purge_after = now() + app.org_delete_grace()
   where x.id = org
  returning * into o;
  update public.api_keys k set revoked_at = now() where k.org_id = org and k.revoked_at is null;
  get diagnostics n_keys = row_count;
  update public.invitations i set revoked_at = now()
   where i.org_id = org and i.accepted_at is null and i.revoked_at is null;
  get diagnostics n_invitations = row_count;
  perform app.audit_append('audit_log', org, 'org.deleted', 'public.organisations', org::text, null, null,
    jsonb_build_object('purge_after', o.purge_after, 'api_keys_revoked', n_keys, 'invitations_revoked', n_invitations));
  perform app.audit_append('admin_actions', app.platform_org_id(), 'org.deleted', 'public.organisations', org::text,
    null, null, jsonb_build_object('org_id', org, 'name', o.name, 'purge_after', o.purge_after));
  return query select o.id, o.name, o.slug, o.created_at, o.updated_at, o.deleted_at, o.purge_after;
end $$;

-- An active owner brings a deleted organisation back before purge_after. Keys and invitations
-- revoked by the delete stay revoked. Anyone else gets PS404, as for any organisation they cannot see.
create or replace function app.restore_organisation(org uuid)
returns table (id uuid, name text, slug text, created_at timestamptz, updated_at timestamptz,
               deleted_at timestamptz, purge_after timestamptz)
language plpgsql volatile security definer set search_path = pg_catalog, pg_temp as $$
#variable_conflict use_variable
declare
  caller uuid := app.require_user();
  r text;
  o public.organisations;
begin
  if org is null then
    raise exception 'org_id is required' using errcode = 'PS422', column = 'org_id';
  end if;
  select m.role into r from public.organisation_members m
   where m.org_id = org and m.user_id = caller and m.status = 'active'
  for share;
  if r is distinct from 'owner' then
    raise exception 'organisation not found' using errcode = 'PS404', column = 'org_id';
  end if;
  select * into o from public.organisations x where x.id = org for update;
  if not found then
    raise exception 'organisation not found' using errcode = 'PS404', column = 'org_id';
  end if;
  if o.deleted_at is null then
    raise exception 'this organisation is not deleted' using errcode = 'PS409', column = 'org_id';
  end if;
  if o.purge_after <= now() then
    raise exception 'the grace period has ended: the organisation is waiting to be purged'
      using errcode = 'PS410', column = 'org_id';
  end if;
  perform app.audit_append('audit_log', org, 'org.restored', 'public.organisations', org::text, null, null,
    jsonb_build_object('deleted_at', o.deleted_at, 'deleted_by', o.deleted_by));
  perform app.audit_append('admin_actions', app.platform_org_id(), 'org.restored', 'public.organisations', org::text,
    null, null, jsonb_build_object('org_id', org, 'name', o.name, 'deleted_at', o.deleted_at));
  update public.organisations x set deleted_at = null, deleted_by = null, purge_after = null
   where x.id = org
  returning * into o;
  return query select o.id, o.name, o.slug, o.created_at, o.updated_at, o.deleted_at, o.purge_after;
end $$;

-- The deleted organisations the caller owns, restorable or waiting for purge (purge_after passed).
create or replace function app.my_deleted_organisations()
returns table (id uuid, name text, slug text, created_at timestamptz, updated_at timestamptz,
               deleted_at timestamptz, purge_after timestamptz)
language plpgsql stable security definer set search_path = pg_catalog, pg_temp rows 10 as $$
begin
  return query
    select o.id, o.name, o.slug, o.created_at, o.updated_at, o.deleted_at, o.purge_after
    from public.organisations o
    join public.organisation_members m on m.org_id = o.id
    where m.user_id = app.uid() and m.status = 'active' and m.role = 'owner' and o.deleted_at is not null
    order by o.deleted_at, o.id;
end $$;

-- One page of the caller's organisations for GET /v1/orgs, in (created_at, id) order after the
-- cursor (microseconds since the epoch, id): the ids, from the caller's own 'viewer' set, each
-- with the caller's own active membership role there (null for an organisation reached through a
-- provider delegation). The route then reads those rows through RLS, which still decides what it
-- sees; this only spares it reading every one of a large set's organisations through the policy,
-- and joining its memberships row by row against the whole set (docs/benchmarks.md, "Scale curves").
create or replace function app.caller_org_page(after_key bigint, after_id uuid, page_size integer)
returns table (id uuid, my_role text)
language plpgsql stable security definer set search_path = pg_catalog, pg_temp rows 50 as $$
#variable_conflict use_column
begin
  return query
    select p.id, (select m.role from public.organisation_members m
                  where m.org_id = p.id and m.user_id = app.uid() and m.status = 'active')
    from (select o.id, o.created_at from public.organisations o
          where o.id = any (app.caller_org_ids('viewer'))
            and (after_key is null
                 or ((extract(epoch from o.created_at) * 1000000)::bigint, o.id) > (after_key, after_id))
          order by o.created_at, o.id
          limit least(greatest(page_size, 0), 1000)) p
    order by p.created_at, p.id;
end $$;

-- The purge, for `palisade orgs purge` (the schema owner; no API role may call it): removes a
-- deleted organisation whose grace period has ended, with every tenant row (the foreign keys
-- cascade). Its audit chains and their anchors have no foreign key and stay; the cascade's row
-- deletes are not recorded one by one (app.audit_row_change), the chain ends with org.purged and
-- the organisation's own delete. False when there was nothing to purge (restored, not yet due,
-- already gone), re-checked under the row lock so a restore that won the race is never undone.
create or replace function app.purge_organisation(org uuid) returns boolean
language plpgsql volatile set search_path = pg_catalog, pg_temp as $$
#variable_conflict use_variable
declare
  o public.organisations;
begin
  select * into o from public.organisations x where x.id = org for update;
  if not found or o.deleted_at is null or o.purge_after > now() or org = app.platform_org_id() then
    return false;
  end if;
  perform app.audit_append('audit_log', org, 'org.purged', 'public.organisations', org::text, null, null,
    jsonb_build_object('name', o.name, 'slug', o.slug, 'deleted_at', o.deleted_at, 'deleted_by', o.deleted_by,
      'purge_after', o.purge_after));
  perform app.audit_append('admin_actions', app.platform_org_id(), 'org.purged', 'public.organisations', org::text,
    null, null, jsonb_build_object('org_id', org, 'name', o.name, 'deleted_at', o.deleted_at));
  delete from public.organisations x where x.id = org;
  return true;
end $$;
revoke all on function app.org_delete_grace(), app.purge_organisation(uuid) from public, anon, authenticated,
  service_role, platform_admin;

-- The operations as the API calls them: PostgREST exposes public (by argument name, so names,
-- types and defaults are the bodies' own) and the server calls public.<name>. Each wrapper is
-- security invoker and only passes its arguments on, so no function in an exposed schema runs with
-- its owner's rights (Splinter's authenticated_security_definer_function_executable); every check
-- is in the app body, which therefore needs EXECUTE by the same roles. PL/pgSQL rather than SQL: a
-- SET clause stops a SQL function from being inlined, and PL/pgSQL keeps the call's plan.
create or replace function public.create_organisation(name text, slug text default null) returns uuid
language plpgsql volatile security invoker set search_path = pg_catalog, pg_temp
as $$ begin return app.create_organisation(name, slug); end $$;

create or replace function public.invite_member(
  org uuid, email text, role text default 'member', valid_for interval default interval '7 days'
) returns table (invitation_id uuid, token text)
language plpgsql volatile security invoker set search_path = pg_catalog, pg_temp
as $$ begin return query select * from app.invite_member(org, email, role, valid_for); end $$;

create or replace function public.accept_invitation(token text) returns uuid
language plpgsql volatile security invoker set search_path = pg_catalog, pg_temp
as $$ begin return app.accept_invitation(token); end $$;

create or replace function public.revoke_invitation(org uuid, invitation_id uuid) returns void
language plpgsql volatile security invoker set search_path = pg_catalog, pg_temp
as $$ begin perform app.revoke_invitation(org, invitation_id); end $$;

create or replace function public.change_member_role(org uuid, user_id uuid, role text) returns void
language plpgsql volatile security invoker set search_path = pg_catalog, pg_temp
as $$ begin perform app.change_member_role(org, user_id, role); end $$;

create or replace function public.suspend_member(org uuid, user_id uuid) returns void
language plpgsql volatile security invoker set search_path = pg_catalog, pg_temp
as $$ begin perform app.suspend_member(org, user_id); end $$;

create or replace function public.reactivate_member(org uuid, user_id uuid) returns void
language plpgsql volatile security invoker set search_path = pg_catalog, pg_temp
as $$ begin perform app.reactivate_member(org, user_id); end $$;

create or replace function public.remove_member(org uuid, user_id uuid) returns void
language plpgsql volatile security invoker set search_path = pg_catalog, pg_temp
as $$ begin perform app.remove_member(org, user_id); end $$;

create or replace function public.leave_organisation(org uuid) returns void
language plpgsql volatile security invoker set search_path = pg_catalog, pg_temp
as $$ begin perform app.leave_organisation(org); end $$;

create or replace function public.create_workspace(org uuid, name text, description text default null) returns uuid
language plpgsql volatile security invoker set search_path = pg_catalog, pg_temp
as $$ begin return app.create_workspace(org, name, description); end $$;

create or replace function public.create_project(org uuid, workspace_id uuid, name text, description text default null)
returns uuid
language plpgsql volatile security invoker set search_path = pg_catalog, pg_temp
as $$ begin return app.create_project(org, workspace_id, name, description); end $$;

create or replace function public.add_project_member(org uuid, project_id uuid, user_id uuid, role text)
returns uuid
language plpgsql volatile security invoker set search_path = pg_catalog, pg_temp
as $$ begin return app.add_project_member(org, project_id, user_id, role); end $$;

create or replace function public.delete_organisation(org uuid)
returns table (id uuid, name text, slug text, created_at timestamptz, updated_at timestamptz,
               deleted_at timestamptz, purge_after timestamptz)
language plpgsql volatile security invoker set search_path = pg_catalog, pg_temp
as $$ begin return query select * from app.delete_organisation(org); end $$;

create or replace function public.restore_organisation(org uuid)
returns table (id uuid, name text, slug text, created_at timestamptz, updated_at timestamptz,
               deleted_at timestamptz, purge_after timestamptz)
language plpgsql volatile security invoker set search_path = pg_catalog, pg_temp
as $$ begin return query select * from app.restore_organisation(org); end $$;

create or replace function public.my_deleted_organisations()
returns table (id uuid, name text, slug text, created_at timestamptz, updated_at timestamptz,
               deleted_at timestamptz, purge_after timestamptz)
language plpgsql stable security invoker set search_path = pg_catalog, pg_temp rows 10
as $$ begin return query select * from app.my_deleted_organisations(); end $$;

revoke all on function
  app.create_organisation(text, text), public.create_organisation(text, text),
  app.delete_organisation(uuid), public.delete_organisation(uuid),
  app.restore_organisation(uuid), public.restore_organisation(uuid),
  app.my_deleted_organisations(), public.my_deleted_organisations(), app.caller_org_page(bigint, uuid, integer),
  app.invite_member(uuid, text, text, interval), public.invite_member(uuid, text, text, interval),
  app.accept_invitation(text), public.accept_invitation(text),
  app.revoke_invitation(uuid, uuid), public.revoke_invitation(uuid, uuid),
  app.change_member_role(uuid, uuid, text), public.change_member_role(uuid, uuid, text),
  app.suspend_member(uuid, uuid), public.suspend_member(uuid, uuid),
  app.reactivate_member(uuid, uuid), public.reactivate_member(uuid, uuid),
  app.remove_member(uuid, uuid), public.remove_member(uuid, uuid),
  app.leave_organisation(uuid), public.leave_organisation(uuid),
  app.create_workspace(uuid, text, text), public.create_workspace(uuid, text, text),
  app.create_project(uuid, uuid, text, text), public.create_project(uuid, uuid, text, text),
  app.add_project_member(uuid, uuid, uuid, text), public.add_project_member(uuid, uuid, uuid, text)
  from public, anon, authenticated, service_role, platform_admin;
grant execute on function
  app.create_organisation(text, text), public.create_organisation(text, text),
  app.delete_organisation(uuid), public.delete_organisation(uuid),
  app.restore_organisation(uuid), public.restore_organisation(uuid),
  app.my_deleted_organisations(), public.my_deleted_organisations(), app.caller_org_page(bigint, uuid, integer),
  app.invite_member(uuid, text, text, interval), public.invite_member(uuid, text, text, interval),
  app.accept_invitation(text), public.accept_invitation(text),
  app.revoke_invitation(uuid, uuid), public.revoke_invitation(uuid, uuid),
  app.change_member_role(uuid, uuid, text), public.change_member_role(uuid, uuid, text),
  app.suspend_member(uuid, uuid), public.suspend_member(uuid, uuid),
  app.reactivate_member(uuid, uuid), public.reactivate_member(uuid, uuid),
  app.remove_member(uuid, uuid), public.remove_member(uuid, uuid),
  app.leave_organisation(uuid), public.leave_organisation(uuid),
  app.create_workspace(uuid, text, text), public.create_workspace(uuid, text, text),
  app.create_project(uuid, uuid, text, text), public.create_project(uuid, uuid, text, text),
  app.add_project_member(uuid, uuid, uuid, text), public.add_project_member(uuid, uuid, uuid, text)
  to authenticated, service_role;
