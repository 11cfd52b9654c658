-- Providers (docs/architecture/tenancy.md "Providers"): a client organisation grants a provider
-- organisation access with a role ceiling (viewer, member or admin; never owner), optionally
-- limited to workspaces, with an optional expiry. The client's owners grant, change and revoke it;
-- the provider's owners and admins accept it and assign who acts for the client: named members,
-- or every member holding at least a provider role. The rule itself (who acts where, at which
-- role) is app.delegated_roles, below, read by the membership sets every policy uses
-- (src/core/sql/0003_app_helpers.sql); this file holds it, the tables and the RPCs that change them.
--
-- Both tables belong to the client (org_id is the client's), so the client's chain records every
-- change through the row trigger, and the RPCs add the grant, change, acceptance and revocation to
-- the provider's chain. Writes go through the RPCs only.

create table if not exists public.provider_delegations (
  org_id uuid not null references public.organisations (id) on delete cascade,
  id uuid not null default gen_random_uuid(),
  provider_org_id uuid not null references public.organisations (id) on delete cascade,
  role_ceiling text not null
    constraint provider_delegations_role_ceiling_check check (role_ceiling in ('viewer', 'member', 'admin')),
  expires_at timestamptz,
  status text not null default 'pending'
    constraint provider_delegations_status_check check (status in ('pending', 'active', 'revoked')),
  granted_by uuid references auth.users (id) on delete set null,
  accepted_by uuid references auth.users (id) on delete set null,
  accepted_at timestamptz,
  revoked_by uuid references auth.users (id) on delete set null,
  revoked_at timestamptz,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  primary key (org_id, id),
  constraint provider_delegations_not_self check (provider_org_id <> org_id),
  constraint provider_delegations_revoked_check check ((status = 'revoked') = (revoked_at is not null)),
  constraint provider_delegations_accepted_check check (status <> 'active' or accepted_at is not null)
);

-- One live delegation per client and provider; a revoked one stays as history.
create unique index if not exists provider_delegations_live_key
  on public.provider_delegations (org_id, provider_org_id) where status <> 'revoked';
-- app.delegated_roles looks delegations up by provider (a caller's whole set) or by client (the
-- acting organisation, through the primary key).
create index if not exists provider_delegations_provider_idx
  on public.provider_delegations (provider_org_id, org_id);

-- The workspaces a delegation is limited to; none means the whole organisation.
create table if not exists public.provider_delegation_workspaces (
  org_id uuid not null references public.organisations (id) on delete cascade,
  id uuid not null default gen_random_uuid(),
  delegation_id uuid not null,
  workspace_id uuid not null,
  created_at timestamptz not null default now(),
  primary key (org_id, id),
  constraint provider_delegation_workspaces_key unique (org_id, delegation_id, workspace_id),
  constraint provider_delegation_workspaces_delegation_fkey foreign key (org_id, delegation_id)
    references public.provider_delegations (org_id, id) on delete cascade,
  constraint provider_delegation_workspaces_workspace_fkey foreign key (org_id, workspace_id)
    references public.workspaces (org_id, id) on delete cascade
);

-- Who acts for the client: a named member of the provider (user_id), or every member holding at
-- least provider_role; role is the most the assignment gives (the ceiling and the person's
-- provider role still cap it).
create table if not exists public.provider_assignments (
  org_id uuid not null references public.organisations (id) on delete cascade,
  id uuid not null default gen_random_uuid(),
  delegation_id uuid not null,
  user_id uuid references auth.users (id) on delete cascade,
  provider_role text constraint provider_assignments_provider_role_check
    check (provider_role in ('owner', 'admin', 'member', 'viewer')),
  role text not null constraint provider_assignments_role_check check (role in ('viewer', 'member', 'admin')),
  assigned_by uuid references auth.users (id) on delete set null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  primary key (org_id, id),
  constraint provider_assignments_one_target check ((user_id is null) <> (provider_role is null)),
  constraint provider_assignments_delegation_fkey foreign key (org_id, delegation_id)
    references public.provider_delegations (org_id, id) on delete cascade
);

create unique index if not exists provider_assignments_user_key
  on public.provider_assignments (org_id, delegation_id, user_id) where user_id is not null;
create unique index if not exists provider_assignments_role_key
  on public.provider_assignments (org_id, delegation_id, provider_role) where provider_role is not null;

-- Read access: the client's owners and admins see their delegations and who acts for them. The
-- provider's side reads through RPCs (public.provider_clients for its owners and admins,
-- public.my_clients for the people acting), so each table row is visible in its own organisation
-- only, like every tenant row.
alter table public.provider_delegations enable row level security;
alter table public.provider_delegation_workspaces enable row level security;
alter table public.provider_assignments enable row level security;

drop policy if exists "Client owners and admins see delegations" on public.provider_delegations;
create policy "Client owners and admins see delegations" on public.provider_delegations
  for select to authenticated
  using (org_id = any ((select app.caller_org_ids('admin'))::uuid[]));

drop policy if exists "Client owners and admins see delegated workspaces" on public.provider_delegation_workspaces;
create policy "Client owners and admins see delegated workspaces" on public.provider_delegation_workspaces
  for select to authenticated
  using (org_id = any ((select app.caller_org_ids('admin'))::uuid[]));

drop policy if exists "Client owners and admins see assignments" on public.provider_assignments;
create policy "Client owners and admins see assignments" on public.provider_assignments
  for select to authenticated
  using (org_id = any ((select app.caller_org_ids('admin'))::uuid[]));

drop policy if exists "Platform operators manage delegations" on public.provider_delegations;
create policy "Platform operators manage delegations" on public.provider_delegations
  for all to platform_admin, service_role
  using ((select app.is_platform_operator()))
  with check ((select app.is_platform_operator()));

drop policy if exists "Platform operators manage delegated workspaces" on public.provider_delegation_workspaces;
create policy "Platform operators manage delegated workspaces" on public.provider_delegation_workspaces
  for all to platform_admin, service_role
  using ((select app.is_platform_operator()))
  with check ((select app.is_platform_operator()));

drop policy if exists "Platform operators manage assignments" on public.provider_assignments;
create policy "Platform operators manage assignments" on public.provider_assignments
  for all to platform_admin, service_role
  using ((select app.is_platform_operator()))
  with check ((select app.is_platform_operator()));

-- Supabase grants every public table to the API roles by default; start from nothing.
revoke all on public.provider_delegations, public.provider_delegation_workspaces, public.provider_assignments
  from anon, authenticated, platform_admin, service_role;
grant select on public.provider_delegations, public.provider_delegation_workspaces, public.provider_assignments
  to authenticated;
grant select, insert, update, delete
  on public.provider_delegations, public.provider_delegation_workspaces, public.provider_assignments
  to platform_admin, service_role;

create or replace trigger provider_delegations_touch before update on public.provider_delegations
  for each row execute function app.touch_updated_at();
create or replace trigger provider_assignments_touch before update on public.provider_assignments
  for each row execute function app.touch_updated_at();
create or replace trigger provider_delegations_same_org before update on public.provider_delegations
  for each row execute function app.forbid_org_change();
create or replace trigger provider_delegation_workspaces_same_org before update on public.provider_delegation_workspaces
  for each row execute function app.forbid_org_change();
create or replace trigger provider_assignments_same_org before update on public.provider_assignments
  for each row execute function app.forbid_org_change();
create or replace trigger provider_delegations_org_not_deleted before insert on public.provider_delegations
  for each row execute function app.refuse_deleted_org();

-- Every set loaded in this transaction is dropped when a delegation or an assignment changes.
create or replace trigger provider_delegations_forget_caller_org_ids
  after insert or update or delete or truncate on public.provider_delegations
  for each statement execute function app.forget_caller_org_ids();
create or replace trigger provider_delegation_workspaces_forget_caller_org_ids
  after insert or update or delete or truncate on public.provider_delegation_workspaces
  for each statement execute function app.forget_caller_org_ids();
create or replace trigger provider_assignments_forget_caller_org_ids
  after insert or update or delete or truncate on public.provider_assignments
  for each statement execute function app.forget_caller_org_ids();

-- The client's chain records every change.
create or replace trigger audit_row_change after insert or update or delete on public.provider_delegations
  for each row execute function app.audit_row_change();
create or replace trigger audit_row_change after insert or update or delete on public.provider_delegation_workspaces
  for each row execute function app.audit_row_change();
create or replace trigger audit_row_change after insert or update or delete on public.provider_assignments
  for each row execute function app.audit_row_change();

-- The rule ------------------------------------------------------------------------------------
-- A person acts in a client organisation through a delegation the client granted to a provider
-- organisation when the delegation is active (accepted, not revoked, not expired), both
-- organisations are live, the person is an active member of the provider, and the provider
-- assigned them (by name, or every member holding at least a provider role). Their role there is
-- the lowest of the client's ceiling, their provider role and the highest assignment that names
-- them: never owner (the ceiling is at most admin), never more than any link of the chain. Only a
-- direct membership of the provider counts, so rights never pass on through a second delegation.
-- workspace_scoped: the delegation names workspaces, and grants nothing outside them.
--
-- app.delegation_grants is that statement, for every person at once: a view, so that each caller
-- of the rule is planned with its own filter (one person, or one person in one client) and finds
-- the delegations by an index. security_invoker: it reads with its reader's rights, and only the
-- definer functions below and the membership loader (src/core/sql/0003_app_helpers.sql) read it;
-- no API role may.
create or replace view app.delegation_grants with (security_invoker = true) as
  select pm.user_id, d.org_id, d.id as delegation_id, d.provider_org_id,
         (array['viewer', 'member', 'admin', 'owner'])[least(app.role_rank(d.role_ceiling), app.role_rank(pm.role), a.r)] as role,
         exists (select 1 from public.provider_delegation_workspaces w
                 where w.org_id = d.org_id and w.delegation_id = d.id) as workspace_scoped
  from public.provider_delegations d
  join public.organisation_members pm on pm.org_id = d.provider_org_id
  join public.organisations po on po.id = pm.org_id and po.deleted_at is null
  join public.organisations co on co.id = d.org_id and co.deleted_at is null
  cross join lateral (
    select max(app.role_rank(a.role)) as r from public.provider_assignments a
    where a.org_id = d.org_id and a.delegation_id = d.id
      and (a.user_id = pm.user_id
           or (a.user_id is null and app.role_rank(pm.role) >= app.role_rank(a.provider_role)))
  ) a
  where pm.status = 'active' and a.r > 0
    and d.status = 'active' and (d.expires_at is null or d.expires_at > now());
revoke all on app.delegation_grants from public, anon, authenticated, service_role, platform_admin;

-- The rule for one person (p_user), in every client or (p_org) in one. Not a definer: granted to
-- no API role (it answers for any user), it runs inside the definer functions that pass it
-- app.uid(), with their rights. The membership loader calls it only for a caller who belongs to a
-- provider holding an active delegation, or for the one organisation a request acts in.
-- PL/pgSQL, so that each of its two statements keeps its plan for the session.
create or replace function app.delegated_roles(p_user uuid, p_org uuid default null)
returns table (org_id uuid, delegation_id uuid, provider_org_id uuid, role text, workspace_scoped boolean)
language plpgsql stable set search_path = pg_catalog, pg_temp rows 10 as $$
begin
  if p_org is null then
    return query select g.org_id, g.delegation_id, g.provider_org_id, g.role, g.workspace_scoped
                 from app.delegation_grants g where g.user_id = p_user;
  else
    return query select g.org_id, g.delegation_id, g.provider_org_id, g.role, g.workspace_scoped
                 from app.delegation_grants g where g.user_id = p_user and g.org_id = p_org;
  end if;
end $$;
revoke all on function app.delegated_roles(uuid, uuid) from public;

-- RPCs ------------------------------------------------------------------------------------------

-- The caller's role for an RPC that acts in `org` (creating a workspace or a project): a direct
-- membership (app.caller_org_role, locked), else what a provider delegation gives. The delegations
-- of `org` to the caller's providers, those provider memberships and the delegations' assignments
-- are locked FOR SHARE until the transaction ends, so a revocation, suspension or unassignment either waits for the RPC or is
-- seen by it. A workspace-scoped delegation counts only for one of its workspaces. Member
-- management, API keys, invitations and deletion keep app.require_org_role: direct members only,
-- so nothing a delegate does outlives the delegation.
create or replace function app.caller_acting_role(org uuid, workspace uuid default null) returns text
language plpgsql volatile security definer set search_path = pg_catalog, pg_temp as $$
#variable_conflict use_variable
declare
  caller uuid := app.uid();
  r text;
begin
  r := app.caller_org_role(org);
  if r is not null or caller is null or app.current_api_role() is distinct from 'authenticated' then
    return r;
  end if;
  perform 1 from public.provider_delegations d
    join public.organisation_members pm on pm.org_id = d.provider_org_id and pm.user_id = caller
   where d.org_id = org
   for share of d, pm;
  perform 1 from public.provider_assignments a
    join public.provider_delegations d on d.org_id = a.org_id and d.id = a.delegation_id
    join public.organisation_members pm on pm.org_id = d.provider_org_id and pm.user_id = caller
   where a.org_id = org
   for share of a;
  select d.role into r from app.delegated_roles(caller, org) d
   where d.org_id = org
     and (not d.workspace_scoped
          or exists (select 1 from public.provider_delegation_workspaces w
                     where w.org_id = org and w.delegation_id = d.delegation_id and w.workspace_id = workspace))
   order by app.role_rank(d.role) desc
   limit 1;
  return r;
end $$;

-- Like app.require_org_role, for the acts a delegate may do: PS404 without a role, PS403 without
-- one of `roles`.
create or replace function app.require_acting_role(org uuid, roles text[], action text, workspace uuid default null)
returns text
language plpgsql volatile set search_path = pg_catalog, pg_temp as $$
#variable_conflict use_variable
declare
  r text;
begin
  if org is null or app.is_platform_operator() then
    return app.require_org_role(org, roles, action);
  end if;
  r := app.caller_acting_role(org, workspace);
  if r is null then
    raise exception 'organisation not found' using errcode = 'PS404', column = 'org_id';
  end if;
  if r is distinct from 'operator' and not coalesce(r = any (roles), false) then
    raise exception 'only % can %', array_to_string(roles, ', '), action using errcode = 'PS403';
  end if;
  return r;
end $$;

-- The live (not revoked) delegation `id` of client `org`, locked FOR UPDATE; PS404 otherwise.
create or replace function app.delegation_for_change(org uuid, id uuid) returns public.provider_delegations
language plpgsql volatile security definer set search_path = pg_catalog, pg_temp as $$
#variable_conflict use_variable
declare
  d public.provider_delegations;
begin
  select * into d from public.provider_delegations x where x.org_id = org and x.id = id for update;
  if not found or d.status = 'revoked' then
    raise exception 'delegation not found' using errcode = 'PS404', column = 'delegation_id';
  end if;
  return d;
end $$;

-- The live delegation `id` granted to `provider`, locked FOR UPDATE (to accept) or FOR SHARE (to
-- assign), after checking that the caller is a direct owner or admin of the provider; PS404 otherwise.
create or replace function app.provider_delegation(provider uuid, id uuid, action text, for_update boolean)
returns public.provider_delegations
language plpgsql volatile security definer set search_path = pg_catalog, pg_temp as $$
#variable_conflict use_variable
declare
  d public.provider_delegations;
begin
  perform app.require_org_role(provider, '{owner,admin}', action);
  if for_update then
    select * into d from public.provider_delegations x where x.provider_org_id = provider and x.id = id for update;
  else
    select * into d from public.provider_delegations x where x.provider_org_id = provider and x.id = id for share;
  end if;
  if not found or d.status = 'revoked' then
    raise exception 'delegation not found' using errcode = 'PS404', column = 'delegation_id';
  end if;
  return d;
end $$;

create or replace function app.require_future(t timestamptz, field text) returns timestamptz
language plpgsql stable set search_path = pg_catalog, pg_temp as $$
begin
  if t is not null and t <= now() then
    raise exception '% must be in the future', field using errcode = 'PS422', column = field;
  end if;
  return t;
end $$;

-- Replaces the workspaces a delegation is limited to (NULL or empty: the whole organisation).
create or replace function app.set_delegation_workspaces(org uuid, delegation uuid, workspace_ids uuid[]) returns void
language plpgsql volatile security definer set search_path = pg_catalog, pg_temp as $$
#variable_conflict use_variable
begin
  if cardinality(workspace_ids) > 100 then
    raise exception 'workspace_ids holds at most 100 workspaces' using errcode = 'PS422', column = 'workspace_ids';
  end if;
  if exists (select 1 from unnest(workspace_ids) w(id) where w.id is null
             or not exists (select 1 from public.workspaces x where x.org_id = org and x.id = w.id)) then
    raise exception 'workspace not found' using errcode = 'PS404', column = 'workspace_ids';
  end if;
  delete from public.provider_delegation_workspaces w
   where w.org_id = org and w.delegation_id = delegation and not (w.workspace_id = any (coalesce(workspace_ids, '{}')));
  insert into public.provider_delegation_workspaces (org_id, delegation_id, workspace_id)
  select org, delegation, w from unnest(coalesce(workspace_ids, '{}')) w
  on conflict (org_id, delegation_id, workspace_id) do nothing;
end $$;

-- The provider's own chain: what was done to the delegation, by whom (the actor comes from the claims).
create or replace function app.audit_provider_side(d public.provider_delegations, action text) returns void
language plpgsql volatile security definer set search_path = pg_catalog, pg_temp as $$
begin
  perform app.audit_append('audit_log', d.provider_org_id, action, 'public.provider_delegations', d.id::text,
    null, null, jsonb_build_object('client_org_id', d.org_id, 'role_ceiling', d.role_ceiling,
      'status', d.status, 'expires_at', d.expires_at));
end $$;

-- Client owners grant access to a provider organisation; it is pending until the provider accepts.
create or replace function app.grant_provider_access(
  org uuid, provider_org_id uuid, role_ceiling text, expires_at timestamptz default null,
  workspace_ids uuid[] default null
) returns uuid
language plpgsql volatile security definer set search_path = pg_catalog, pg_temp as $$
#variable_conflict use_variable
declare
  caller uuid := app.require_user();
  d public.provider_delegations;
begin
  perform app.require_org_role(org, '{owner}', 'grant provider access');
  role_ceiling := app.require_choice(role_ceiling, 'role_ceiling', '{viewer,member,admin}');
  expires_at := app.require_future(expires_at, 'expires_at');
  provider_org_id := app.require_id(provider_org_id, 'provider_org_id');
  if provider_org_id = org then
    raise exception 'an organisation cannot be its own provider' using errcode = 'PS422', column = 'provider_org_id';
  end if;
  perform 1 from public.organisations o where o.id = provider_org_id and o.deleted_at is null for share;
  if not found then
    raise exception 'provider organisation not found' using errcode = 'PS404', column = 'provider_org_id';
  end if;
  begin
    insert into public.provider_delegations (org_id, provider_org_id, role_ceiling, expires_at, granted_by)
    values (org, provider_org_id, role_ceiling, expires_at, caller)
    returning * into d;
  exception when unique_violation then
    raise exception 'this provider already has a delegation from the organisation'
      using errcode = 'PS409', column = 'provider_org_id';
  end;
  perform app.set_delegation_workspaces(org, d.id, workspace_ids);
  perform app.audit_provider_side(d, 'provider_delegation.granted');
  return d.id;
end $$;

-- Client owners change the ceiling, the expiry and the workspaces; NULL leaves each as it is
-- (clear_expiry: never expires; workspace_ids empty: the whole organisation). `versions`, when
-- given, are the versions the caller read (If-Match): checked under the row lock, PS412 otherwise,
-- so two changes never overwrite each other unseen. Lowering the ceiling takes effect from every
-- delegate's next transaction.
create or replace function app.change_provider_access(
  org uuid, delegation_id uuid, role_ceiling text default null, expires_at timestamptz default null,
  workspace_ids uuid[] default null, clear_expiry boolean default false, versions text[] default null
) returns void
language plpgsql volatile security definer set search_path = pg_catalog, pg_temp as $$
#variable_conflict use_variable
declare
  d public.provider_delegations;
begin
  perform app.require_user();
  perform app.require_org_role(org, '{owner}', 'change provider access');
  if role_ceiling is not null then
    role_ceiling := app.require_choice(role_ceiling, 'role_ceiling', '{viewer,member,admin}');
  end if;
  if clear_expiry and expires_at is not null then
    raise exception 'give expires_at or clear it, not both' using errcode = 'PS422', column = 'expires_at';
  end if;
  expires_at := app.require_future(expires_at, 'expires_at');
  d := app.delegation_for_change(org, delegation_id);
  if versions is not null
     and not ((extract(epoch from d.updated_at) * 1000000)::bigint::text = any (versions)) then
    raise exception 'the delegation changed since it was read' using errcode = 'PS412';
  end if;
  update public.provider_delegations x
     set role_ceiling = coalesce(change_provider_access.role_ceiling, x.role_ceiling),
         expires_at = case when clear_expiry then null
                           else coalesce(change_provider_access.expires_at, x.expires_at) end
   where x.org_id = org and x.id = d.id
  returning * into d;
  if workspace_ids is not null then
    perform app.set_delegation_workspaces(org, d.id, workspace_ids);
  end if;
  perform app.audit_provider_side(d, 'provider_delegation.changed');
end $$;

-- Client owners revoke; nothing the delegation gave survives it (the next statement of every
-- delegate reads the revoked row; an RPC in flight holds it FOR SHARE, so this waits for it).
create or replace function app.revoke_provider_access(org uuid, delegation_id uuid) returns void
language plpgsql volatile security definer set search_path = pg_catalog, pg_temp as $$
#variable_conflict use_variable
declare
  caller uuid := app.require_user();
  d public.provider_delegations;
begin
  perform app.require_org_role(org, '{owner}', 'revoke provider access');
  d := app.delegation_for_change(org, delegation_id);
  update public.provider_delegations x set status = 'revoked', revoked_at = now(), revoked_by = caller
   where x.org_id = org and x.id = d.id
  returning * into d;
  perform app.audit_provider_side(d, 'provider_delegation.revoked');
end $$;

-- The provider's owners and admins accept a pending delegation.
create or replace function app.accept_provider_access(provider uuid, delegation_id uuid) returns void
language plpgsql volatile security definer set search_path = pg_catalog, pg_temp as $$
#variable_conflict use_variable
declare
  caller uuid := app.require_user();
  d public.provider_delegations;
begin
  d := app.provider_delegation(provider, delegation_id, 'accept provider access', true);
  if d.status <> 'pending' then
    raise exception 'the delegation is already accepted' using errcode = 'PS409', column = 'delegation_id';
  end if;
  if d.expires_at is not null and d.expires_at <= now() then
    raise exception 'the delegation has expired' using errcode = 'PS409', column = 'delegation_id';
  end if;
  update public.provider_delegations x set status = 'active', accepted_at = now(), accepted_by = caller
   where x.org_id = d.org_id and x.id = d.id
  returning * into d;
  perform app.audit_provider_side(d, 'provider_delegation.accepted');
end $$;

-- The provider's owners and admins choose who acts for the client: a named active member of the
-- provider (user_id) or every member holding at least provider_role, up to `role`. Assigning the
-- same person or provider role again changes the role.
create or replace function app.assign_provider_member(
  provider uuid, delegation_id uuid, role text, user_id uuid default null, provider_role text default null
) returns uuid
language plpgsql volatile security definer set search_path = pg_catalog, pg_temp as $$
#variable_conflict use_variable
declare
  caller uuid := app.require_user();
  d public.provider_delegations;
  row_id uuid;
begin
  d := app.provider_delegation(provider, delegation_id, 'assign provider members', false);
  role := app.require_choice(role, 'role', '{viewer,member,admin}');
  if (user_id is null) = (provider_role is null) then
    raise exception 'name either user_id or provider_role' using errcode = 'PS422', column = 'user_id';
  end if;
  if provider_role is not null then
    provider_role := app.require_choice(provider_role, 'provider_role', '{owner,admin,member,viewer}');
  else
    perform 1 from public.organisation_members m
     where m.org_id = provider and m.user_id = assign_provider_member.user_id and m.status = 'active' for share;
    if not found then
      raise exception 'not an active member of the provider organisation' using errcode = 'PS404', column = 'user_id';
    end if;
  end if;
  update public.provider_assignments a set role = assign_provider_member.role, assigned_by = caller
   where a.org_id = d.org_id and a.delegation_id = d.id
     and (a.user_id = assign_provider_member.user_id or a.provider_role = assign_provider_member.provider_role)
  returning a.id into row_id;
  if row_id is null then
    insert into public.provider_assignments (org_id, delegation_id, user_id, provider_role, role, assigned_by)
    values (d.org_id, d.id, user_id, provider_role, role, caller)
    returning id into row_id;
  end if;
  return row_id;
end $$;

create or replace function app.unassign_provider_member(provider uuid, delegation_id uuid, assignment_id uuid)
returns void
language plpgsql volatile security definer set search_path = pg_catalog, pg_temp as $$
#variable_conflict use_variable
declare
  d public.provider_delegations;
begin
  perform app.require_user();
  d := app.provider_delegation(provider, delegation_id, 'assign provider members', false);
  delete from public.provider_assignments a where a.org_id = d.org_id and a.delegation_id = d.id and a.id = assignment_id;
  if not found then
    raise exception 'assignment not found' using errcode = 'PS404', column = 'assignment_id';
  end if;
end $$;

-- The client organisations the caller acts in now through a provider, with the role it holds there.
create or replace function app.my_clients()
returns table (org_id uuid, name text, provider_org_id uuid, delegation_id uuid, role text,
               workspace_ids uuid[], expires_at timestamptz)
language plpgsql stable security definer set search_path = pg_catalog, pg_temp rows 10 as $$
declare
  caller uuid := app.require_user();
begin
  return query
    select d.org_id, o.name, d.provider_org_id, d.delegation_id, d.role,
           array(select w.workspace_id from public.provider_delegation_workspaces w
                  where w.org_id = d.org_id and w.delegation_id = d.delegation_id order by w.workspace_id),
           x.expires_at
      from app.delegated_roles(caller) d
      join public.organisations o on o.id = d.org_id
      join public.provider_delegations x on x.org_id = d.org_id and x.id = d.delegation_id
     order by o.name, d.org_id, d.delegation_id;
end $$;

-- The provider's view, for its direct owners and admins (and its admin API keys, which read for
-- it): every delegation granted to it (pending, active, expired or revoked), with the client's
-- name, the workspaces and the assignments.
create or replace function app.provider_clients(provider uuid)
returns table (delegation_id uuid, org_id uuid, name text, role_ceiling text, status text,
               expires_at timestamptz, workspace_ids uuid[], assignments jsonb, created_at timestamptz)
language plpgsql stable security definer set search_path = pg_catalog, pg_temp rows 10 as $$
#variable_conflict use_variable
begin
  perform app.require_org_role(provider, '{owner,admin}', 'list the provider''s clients');
  return query
    select d.id, d.org_id, o.name, d.role_ceiling,
           case when d.status <> 'revoked' and d.expires_at <= now() then 'expired' else d.status end,
           d.expires_at,
           array(select w.workspace_id from public.provider_delegation_workspaces w
                  where w.org_id = d.org_id and w.delegation_id = d.id order by w.workspace_id),
           coalesce((select jsonb_agg(jsonb_build_object('id', a.id, 'user_id', a.user_id,
                       'provider_role', a.provider_role, 'role', a.role) order by a.created_at, a.id)
                     from public.provider_assignments a where a.org_id = d.org_id and a.delegation_id = d.id), '[]'),
           d.created_at
      from public.provider_delegations d
      join public.organisations o on o.id = d.org_id and o.deleted_at is null
     where d.provider_org_id = provider
     order by o.name, d.created_at, d.id;
end $$;

-- Public wrappers (security invoker), as for every tenancy RPC.
create or replace function public.grant_provider_access(
  org uuid, provider_org_id uuid, role_ceiling text, expires_at timestamptz default null,
  workspace_ids uuid[] default null
) returns uuid
language sql volatile security invoker set search_path = pg_catalog, pg_temp
as $$ select app.grant_provider_access(org, provider_org_id, role_ceiling, expires_at, workspace_ids) $$;

create or replace function public.change_provider_access(
  org uuid, delegation_id uuid, role_ceiling text default null, expires_at timestamptz default null,
  workspace_ids uuid[] default null, clear_expiry boolean default false, versions text[] default null
) returns void
language sql volatile security invoker set search_path = pg_catalog, pg_temp
as $$ select app.change_provider_access(org, delegation_id, role_ceiling, expires_at, workspace_ids, clear_expiry, versions) $$;

create or replace function public.revoke_provider_access(org uuid, delegation_id uuid) returns void
language sql volatile security invoker set search_path = pg_catalog, pg_temp
as $$ select app.revoke_provider_access(org, delegation_id) $$;

create or replace function public.accept_provider_access(provider uuid, delegation_id uuid) returns void
language sql volatile security invoker set search_path = pg_catalog, pg_temp
as $$ select app.accept_provider_access(provider, delegation_id) $$;

create or replace function public.assign_provider_member(
  provider uuid, delegation_id uuid, role text, user_id uuid default null, provider_role text default null
) returns uuid
language sql volatile security invoker set search_path = pg_catalog, pg_temp
as $$ select app.assign_provider_member(provider, delegation_id, role, user_id, provider_role) $$;

create or replace function public.unassign_provider_member(provider uuid, delegation_id uuid, assignment_id uuid)
returns void
language sql volatile security invoker set search_path = pg_catalog, pg_temp
as $$ select app.unassign_provider_member(provider, delegation_id, assignment_id) $$;

create or replace function public.provider_clients(provider uuid)
returns table (delegation_id uuid, org_id uuid, name text, role_ceiling text, status text,
               expires_at timestamptz, workspace_ids uuid[], assignments jsonb, created_at timestamptz)
language sql stable security invoker set search_path = pg_catalog, pg_temp rows 10
as $$ select * from app.provider_clients(provider) $$;

create or replace function public.my_clients()
returns table (org_id uuid, name text, provider_org_id uuid, delegation_id uuid, role text,
               workspace_ids uuid[], expires_at timestamptz)
language sql stable security invoker set search_path = pg_catalog, pg_temp rows 10
as $$ select * from app.my_clients() $$;

revoke all on function
  app.caller_acting_role(uuid, uuid), app.require_acting_role(uuid, text[], text, uuid),
  app.delegation_for_change(uuid, uuid), app.provider_delegation(uuid, uuid, text, boolean),
  app.require_future(timestamptz, text), app.set_delegation_workspaces(uuid, uuid, uuid[]),
  app.audit_provider_side(public.provider_delegations, text),
  app.grant_provider_access(uuid, uuid, text, timestamptz, uuid[]),
  public.grant_provider_access(uuid, uuid, text, timestamptz, uuid[]),
  app.change_provider_access(uuid, uuid, text, timestamptz, uuid[], boolean, text[]),
  public.change_provider_access(uuid, uuid, text, timestamptz, uuid[], boolean, text[]),
  app.revoke_provider_access(uuid, uuid), public.revoke_provider_access(uuid, uuid),
  app.accept_provider_access(uuid, uuid), public.accept_provider_access(uuid, uuid),
  app.assign_provider_member(uuid, uuid, text, uuid, text), public.assign_provider_member(uuid, uuid, text, uuid, text),
  app.unassign_provider_member(uuid, uuid, uuid), public.unassign_provider_member(uuid, uuid, uuid),
  app.my_clients(), public.my_clients(), app.provider_clients(uuid), public.provider_clients(uuid)
  from public, anon, authenticated, service_role, platform_admin;
grant execute on function
  app.caller_acting_role(uuid, uuid), app.require_acting_role(uuid, text[], text, uuid),
  app.grant_provider_access(uuid, uuid, text, timestamptz, uuid[]),
  public.grant_provider_access(uuid, uuid, text, timestamptz, uuid[]),
  app.change_provider_access(uuid, uuid, text, timestamptz, uuid[], boolean, text[]),
  public.change_provider_access(uuid, uuid, text, timestamptz, uuid[], boolean, text[]),
  app.revoke_provider_access(uuid, uuid), public.revoke_provider_access(uuid, uuid),
  app.accept_provider_access(uuid, uuid), public.accept_provider_access(uuid, uuid),
  app.assign_provider_member(uuid, uuid, text, uuid, text), public.assign_provider_member(uuid, uuid, text, uuid, text),
  app.unassign_provider_member(uuid, uuid, uuid), public.unassign_provider_member(uuid, uuid, uuid),
  app.my_clients(), public.my_clients(), app.provider_clients(uuid), public.provider_clients(uuid)
  to authenticated, service_role;
