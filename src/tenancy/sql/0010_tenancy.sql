-- Tenancy: organisations (the tenants), memberships, invitations, profiles, workspaces, projects
-- and project members. Only an active membership grants access; invited and suspended members
-- see nothing. Each table: columns and keys, RLS and its policies, grants, triggers.
-- Composite (org_id, id) keys make cross-tenant references impossible: a project can only name a
-- workspace of its own organisation, and a project member must be a member of its organisation.
-- Writes that carry rules go through the RPCs in 0011_tenancy_functions.sql.

-- Organisations ---------------------------------------------------------------------------------
create table if not exists public.organisations (
  id uuid primary key default gen_random_uuid(),
  -- Names are single-line (here and on every name, title and label column): no C0 control character
  -- (tab and newline included) and no DEL. The constraint is named <table>_<column>_single_line, so
  -- src/http/error-map.ts answers 422 naming the column; src/http/names.test.ts walks the catalog.
  name text not null constraint organisations_name_check check (length(btrim(name)) between 1 and 200)
    constraint organisations_name_single_line check (name !~ '[\x01-\x1f\x7f]'),
  slug text unique constraint organisations_slug_check check (slug ~ '^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$'),
  created_by uuid references auth.users (id) on delete set null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  -- Lifecycle (docs/architecture/tenancy.md "Deleting an organisation"): an owner's delete sets the
  -- three through app.delete_organisation, a restore clears them, `palisade orgs purge` removes the
  -- row once purge_after has passed. While deleted_at is set the organisation is out of every
  -- caller's membership sets (app.load_caller_org_ids), so every tenant policy refuses it.
  deleted_at timestamptz,
  deleted_by uuid references auth.users (id) on delete set null,
  purge_after timestamptz,
  constraint organisations_deletion_check check ((deleted_at is null) = (purge_after is null) and purge_after >= deleted_at)
);

-- The soft-deleted organisations, for the membership loader's anti-join (app.load_caller_org_ids):
-- small, so leaving them out of a caller's thousands of memberships costs one scan of this index.
create index if not exists organisations_deleted_idx on public.organisations (id) where deleted_at is not null;

alter table public.organisations enable row level security;

drop policy if exists "Members see their organisations" on public.organisations;
create policy "Members see their organisations" on public.organisations
  for select to authenticated
  using (id = any ((select app.caller_org_ids('viewer'))::uuid[]));

drop policy if exists "Owners and admins rename their organisations" on public.organisations;
create policy "Owners and admins rename their organisations" on public.organisations
  for update to authenticated
  using (id = any ((select app.caller_org_ids('admin'))::uuid[]))
  with check (id = any ((select app.caller_org_ids('admin'))::uuid[]));

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

-- A soft-deleted organisation takes no new members, invitations or API keys, whoever writes them
-- (definers included). The FOR SHARE waits for a delete or restore in flight (they lock the row FOR
-- UPDATE) and then reads the committed deleted_at, so a key or membership created concurrently with
-- the delete either commits first (and is revoked by it) or is refused: none outlives the delete.
create or replace function app.refuse_deleted_org() returns trigger
language plpgsql security definer set search_path = pg_catalog, pg_temp as $$
begin
  perform 1 from public.organisations o where o.id = new.org_id and o.deleted_at is null for share;
  if not found then
    raise exception 'organisation not found' using errcode = 'PS404', column = 'org_id';
  end if;
  return new;
end $$;
revoke all on function app.refuse_deleted_org() from public;

-- A delete or restore in this transaction changes which organisations the caller's sets may hold.
create or replace trigger organisations_forget_caller_org_ids
  after update of deleted_at on public.organisations
  for each statement execute function app.forget_caller_org_ids();

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
  using (org_id = any ((select app.caller_org_ids('viewer'))::uuid[]));

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
create or replace trigger organisation_members_org_not_deleted before insert on public.organisation_members
  for each row execute function app.refuse_deleted_org();

-- Whoever writes (RPC, operator, migration), an organisation keeps at least one active owner.
-- Locking the organisation row serialises concurrent demotions, so two owners demoting each
-- other at once cannot both succeed.
create or replace function app.guard_last_owner() returns trigger
language plpgsql security definer set search_path = pg_catalog, pg_temp as $$
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

-- The caller's membership sets (app.caller_org_ids) are dropped when memberships change.
create or replace trigger organisation_members_forget_caller_org_ids
  after insert or update or delete or truncate on public.organisation_members
  for each statement execute function app.forget_caller_org_ids();

-- Invitations -----------------------------------------------------------------------------------
-- Invitations by email. The token is shown once by public.invite_member; only its SHA-256 is
-- stored, and tenants cannot even read the hash (column grants below).
create table if not exists public.invitations (
  org_id uuid not null references public.organisations (id) on delete cascade,
  id uuid not null default gen_random_uuid(),
  email text not null constraint invitations_email_check
    check (length(email) <= 320 and email ~ '^[^@[:space:]]+@[^@[:space:]]+\.[^@[:space:]]+$'),
  role text not null constraint invitations_role_check check (role in ('owner', 'admin', 'member', 'viewer')),
  token_hash bytea not null constraint invitations_token_hash_key unique,
  invited_by uuid references auth.users (id) on delete set null,
  expires_at timestamptz not null,
  accepted_at timestamptz,
  accepted_by uuid references auth.users (id) on delete set null,
  revoked_at timestamptz,
  created_at timestamptz not null default now(),
  primary key (org_id, id)
);

create index if not exists invitations_org_email_idx on public.invitations (org_id, lower(email));

alter table public.invitations enable row level security;

drop policy if exists "Owners and admins see their organisations' invitations" on public.invitations;
create policy "Owners and admins see their organisations' invitations" on public.invitations
  for select to authenticated
  using (org_id = any ((select app.caller_org_ids('admin'))::uuid[]));

drop policy if exists "Platform operators manage invitations" on public.invitations;
create policy "Platform operators manage invitations" on public.invitations
  for all to platform_admin, service_role
  using ((select app.is_platform_operator()))
  with check ((select app.is_platform_operator()));

-- Creating, accepting and revoking go through RPCs that mint and check tokens.
-- Supabase grants every public table to the API roles by default; start from nothing.
revoke all on public.invitations from anon, authenticated, platform_admin, service_role;
grant select (org_id, id, email, role, invited_by, expires_at, accepted_at, accepted_by, revoked_at, created_at)
  on public.invitations to authenticated;
grant update (revoked_at, expires_at), delete on public.invitations to platform_admin;
grant select, insert, update, delete on public.invitations to service_role;

create or replace trigger invitations_same_org before update on public.invitations
  for each row execute function app.forbid_org_change();
create or replace trigger invitations_org_not_deleted before insert on public.invitations
  for each row execute function app.refuse_deleted_org();

-- Profiles --------------------------------------------------------------------------------------
-- Profiles belong to a user, not to a tenant: members see their own and their colleagues'.
create table if not exists public.profiles (
  user_id uuid primary key references auth.users (id) on delete cascade,
  display_name text constraint profiles_display_name_check check (length(display_name) between 1 and 200)
    constraint profiles_display_name_single_line check (display_name !~ '[\x01-\x1f\x7f]'),
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

-- Workspaces ------------------------------------------------------------------------------------
-- Workspaces group an organisation's projects. Every organisation has one default workspace,
-- created with it by public.create_organisation. A provider delegation limited to workspaces
-- (src/providers/sql) reaches its workspaces and their projects through
-- app.caller_workspace_grants, and nothing else of the organisation.
create table if not exists public.workspaces (
  org_id uuid not null references public.organisations (id) on delete cascade,
  id uuid not null default gen_random_uuid(),
  name text not null constraint workspaces_name_check check (length(btrim(name)) between 1 and 200)
    constraint workspaces_name_single_line check (name !~ '[\x01-\x1f\x7f]'),
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
  using (org_id = any ((select app.caller_org_ids('viewer'))::uuid[])
         or (org_id, id) in (select * from app.caller_workspace_grants('viewer')));

drop policy if exists "Owners and admins create workspaces" on public.workspaces;
create policy "Owners and admins create workspaces" on public.workspaces
  for insert to authenticated
  with check (org_id = any ((select app.caller_org_ids('admin'))::uuid[]));

drop policy if exists "Owners and admins edit workspaces" on public.workspaces;
create policy "Owners and admins edit workspaces" on public.workspaces
  for update to authenticated
  using (org_id = any ((select app.caller_org_ids('admin'))::uuid[])
         or (org_id, id) in (select * from app.caller_workspace_grants('admin')))
  with check (org_id = any ((select app.caller_org_ids('admin'))::uuid[])
         or (org_id, id) in (select * from app.caller_workspace_grants('admin')));

drop policy if exists "Owners and admins delete workspaces" on public.workspaces;
create policy "Owners and admins delete workspaces" on public.workspaces
  for delete to authenticated
  using (org_id = any ((select app.caller_org_ids('admin'))::uuid[]));

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

-- Projects and project members ------------------------------------------------------------------
create table if not exists public.projects (
  org_id uuid not null references public.organisations (id) on delete cascade,
  id uuid not null default gen_random_uuid(),
  workspace_id uuid not null,
  name text not null constraint projects_name_check check (length(btrim(name)) between 1 and 200)
    constraint projects_name_single_line check (name !~ '[\x01-\x1f\x7f]'),
  description text constraint projects_description_check check (length(description) <= 2000),
  created_by uuid default app.uid() references auth.users (id) on delete set null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  primary key (org_id, id),
  constraint projects_workspace_fkey foreign key (org_id, workspace_id)
    references public.workspaces (org_id, id) on delete cascade
);

create index if not exists projects_org_workspace_idx on public.projects (org_id, workspace_id);

alter table public.projects enable row level security;

drop policy if exists "Members see their organisations' projects" on public.projects;
create policy "Members see their organisations' projects" on public.projects
  for select to authenticated
  using (org_id = any ((select app.caller_org_ids('viewer'))::uuid[])
         or (org_id, workspace_id) in (select * from app.caller_workspace_grants('viewer')));

drop policy if exists "Owners, admins and members create projects" on public.projects;
create policy "Owners, admins and members create projects" on public.projects
  for insert to authenticated
  with check (org_id = any ((select app.caller_org_ids('member'))::uuid[])
              or (org_id, workspace_id) in (select * from app.caller_workspace_grants('member')));

drop policy if exists "Owners, admins and project managers edit projects" on public.projects;
create policy "Owners, admins and project managers edit projects" on public.projects
  for update to authenticated
  using (org_id = any ((select app.caller_org_ids('admin'))::uuid[])
         or (org_id, id) in (select * from app.managed_projects())
         or (org_id, workspace_id) in (select * from app.caller_workspace_grants('admin')))
  with check (org_id = any ((select app.caller_org_ids('admin'))::uuid[])
         or (org_id, id) in (select * from app.managed_projects())
         or (org_id, workspace_id) in (select * from app.caller_workspace_grants('admin')));

drop policy if exists "Owners and admins delete projects" on public.projects;
create policy "Owners and admins delete projects" on public.projects
  for delete to authenticated
  using (org_id = any ((select app.caller_org_ids('admin'))::uuid[])
         or (org_id, workspace_id) in (select * from app.caller_workspace_grants('admin')));

drop policy if exists "Platform operators manage projects" on public.projects;
create policy "Platform operators manage projects" on public.projects
  for all to platform_admin, service_role
  using ((select app.is_platform_operator()))
  with check ((select app.is_platform_operator()));

-- Supabase grants every public table to the API roles by default; start from nothing.
revoke all on public.projects from anon, authenticated, platform_admin, service_role;
grant select, insert (org_id, workspace_id, name, description), update (name, description), delete
  on public.projects to authenticated;
grant select, insert, update, delete on public.projects to platform_admin, service_role;

create or replace trigger projects_touch before update on public.projects
  for each row execute function app.touch_updated_at();
create or replace trigger projects_same_org before update on public.projects
  for each row execute function app.forbid_org_change();

create table if not exists public.project_members (
  org_id uuid not null references public.organisations (id) on delete cascade,
  id uuid not null default gen_random_uuid(),
  project_id uuid not null,
  user_id uuid not null,
  role text not null constraint project_members_role_check check (role in ('owner', 'manager', 'contributor', 'viewer')),
  added_by uuid default app.uid() references auth.users (id) on delete set null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  primary key (org_id, id),
  constraint project_members_project_user_key unique (org_id, project_id, user_id),
  constraint project_members_project_fkey foreign key (org_id, project_id)
    references public.projects (org_id, id) on delete cascade,
  constraint project_members_member_fkey foreign key (org_id, user_id)
    references public.organisation_members (org_id, user_id) on delete cascade
);

-- Serves app.managed_projects(), which looks up by user.
create index if not exists project_members_user_idx on public.project_members (user_id, org_id, project_id);

alter table public.project_members enable row level security;

drop policy if exists "Members see project memberships in their organisations" on public.project_members;
create policy "Members see project memberships in their organisations" on public.project_members
  for select to authenticated
  using (org_id = any ((select app.caller_org_ids('viewer'))::uuid[]));

drop policy if exists "Owners, admins and project managers add project members" on public.project_members;
create policy "Owners, admins and project managers add project members" on public.project_members
  for insert to authenticated
  with check (org_id = any ((select app.caller_org_ids('admin'))::uuid[])
         or (org_id, project_id) in (select * from app.managed_projects()));

drop policy if exists "Owners, admins and project managers change project roles" on public.project_members;
create policy "Owners, admins and project managers change project roles" on public.project_members
  for update to authenticated
  using (org_id = any ((select app.caller_org_ids('admin'))::uuid[])
         or (org_id, project_id) in (select * from app.managed_projects()))
  with check (org_id = any ((select app.caller_org_ids('admin'))::uuid[])
         or (org_id, project_id) in (select * from app.managed_projects()));

drop policy if exists "Owners, admins and project managers remove project members" on public.project_members;
create policy "Owners, admins and project managers remove project members" on public.project_members
  for delete to authenticated
  using (org_id = any ((select app.caller_org_ids('admin'))::uuid[])
         or (org_id, project_id) in (select * from app.managed_projects()));

drop policy if exists "Platform operators manage project members" on public.project_members;
create policy "Platform operators manage project members" on public.project_members
  for all to platform_admin, service_role
  using ((select app.is_platform_operator()))
  with check ((select app.is_platform_operator()));

-- Supabase grants every public table to the API roles by default; start from nothing.
revoke all on public.project_members from anon, authenticated, platform_admin, service_role;
grant select, insert (org_id, project_id, user_id, role), update (role), delete
  on public.project_members to authenticated;
grant select, insert, update, delete on public.project_members to platform_admin, service_role;

create or replace trigger project_members_touch before update on public.project_members
  for each row execute function app.touch_updated_at();
create or replace trigger project_members_same_org before update on public.project_members
  for each row execute function app.forbid_org_change();
