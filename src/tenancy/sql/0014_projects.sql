-- Projects live in a workspace; project members hold project roles (seed 003).
-- Composite keys make cross-tenant references impossible: a project can only name a workspace of
-- its own organisation, and a project member must be a member of the project's organisation.
create table if not exists public.projects (
  org_id uuid not null references public.organisations (id) on delete cascade,
  id uuid not null default gen_random_uuid(),
  workspace_id uuid not null,
  name text not null constraint projects_name_check check (length(btrim(name)) between 1 and 200),
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
  using (org_id in (select app.member_org_ids()));

drop policy if exists "Owners, admins and members create projects" on public.projects;
create policy "Owners, admins and members create projects" on public.projects
  for insert to authenticated
  with check (org_id in (select app.org_ids_with_role('{owner,admin,member}')));

drop policy if exists "Owners, admins and project managers edit projects" on public.projects;
create policy "Owners, admins and project managers edit projects" on public.projects
  for update to authenticated
  using (org_id in (select app.org_ids_with_role('{owner,admin}'))
         or (org_id, id) in (select * from app.managed_projects()))
  with check (org_id in (select app.org_ids_with_role('{owner,admin}'))
              or (org_id, id) in (select * from app.managed_projects()));

drop policy if exists "Owners and admins delete projects" on public.projects;
create policy "Owners and admins delete projects" on public.projects
  for delete to authenticated
  using (org_id in (select app.org_ids_with_role('{owner,admin}')));

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
  using (org_id in (select app.member_org_ids()));

drop policy if exists "Owners, admins and project managers add project members" on public.project_members;
create policy "Owners, admins and project managers add project members" on public.project_members
  for insert to authenticated
  with check (org_id in (select app.org_ids_with_role('{owner,admin}'))
              or (org_id, project_id) in (select * from app.managed_projects()));

drop policy if exists "Owners, admins and project managers change project roles" on public.project_members;
create policy "Owners, admins and project managers change project roles" on public.project_members
  for update to authenticated
  using (org_id in (select app.org_ids_with_role('{owner,admin}'))
         or (org_id, project_id) in (select * from app.managed_projects()))
  with check (org_id in (select app.org_ids_with_role('{owner,admin}'))
              or (org_id, project_id) in (select * from app.managed_projects()));

drop policy if exists "Owners, admins and project managers remove project members" on public.project_members;
create policy "Owners, admins and project managers remove project members" on public.project_members
  for delete to authenticated
  using (org_id in (select app.org_ids_with_role('{owner,admin}'))
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
