-- Tenancy tables: the membership checks read app.caller_org_ids() (src/core/sql/0070_caller_org_ids.sql),
-- the transaction's membership sets, instead of calling app.org_ids_with_role() / app.member_org_ids()
-- in every statement. Same rules, same roles: {owner,admin} is 'admin', {owner,admin,member} is
-- 'member', any active membership is 'viewer'. ALTER POLICY keeps each policy's name, command and
-- roles, so re-running this file changes nothing.

alter policy "Owners and admins see their organisations' invitations" on public.invitations
  using (org_id = any ((select app.caller_org_ids('admin'))::uuid[]));
alter policy "Members see who else belongs to their organisations" on public.organisation_members
  using (org_id = any ((select app.caller_org_ids('viewer'))::uuid[]));
alter policy "Members see their organisations" on public.organisations
  using (id = any ((select app.caller_org_ids('viewer'))::uuid[]));
alter policy "Owners and admins rename their organisations" on public.organisations
  using (id = any ((select app.caller_org_ids('admin'))::uuid[]))
  with check (id = any ((select app.caller_org_ids('admin'))::uuid[]));
alter policy "Members see project memberships in their organisations" on public.project_members
  using (org_id = any ((select app.caller_org_ids('viewer'))::uuid[]));
alter policy "Owners, admins and project managers add project members" on public.project_members
  with check (org_id = any ((select app.caller_org_ids('admin'))::uuid[])
         or (org_id, project_id) in (select * from app.managed_projects()));
alter policy "Owners, admins and project managers change project roles" on public.project_members
  using (org_id = any ((select app.caller_org_ids('admin'))::uuid[])
         or (org_id, project_id) in (select * from app.managed_projects()))
  with check (org_id = any ((select app.caller_org_ids('admin'))::uuid[])
         or (org_id, project_id) in (select * from app.managed_projects()));
alter policy "Owners, admins and project managers remove project members" on public.project_members
  using (org_id = any ((select app.caller_org_ids('admin'))::uuid[])
         or (org_id, project_id) in (select * from app.managed_projects()));
alter policy "Members see their organisations' projects" on public.projects
  using (org_id = any ((select app.caller_org_ids('viewer'))::uuid[]));
alter policy "Owners and admins delete projects" on public.projects
  using (org_id = any ((select app.caller_org_ids('admin'))::uuid[]));
alter policy "Owners, admins and members create projects" on public.projects
  with check (org_id = any ((select app.caller_org_ids('member'))::uuid[]));
alter policy "Owners, admins and project managers edit projects" on public.projects
  using (org_id = any ((select app.caller_org_ids('admin'))::uuid[])
         or (org_id, id) in (select * from app.managed_projects()))
  with check (org_id = any ((select app.caller_org_ids('admin'))::uuid[])
         or (org_id, id) in (select * from app.managed_projects()));
alter policy "Members see their organisations' workspaces" on public.workspaces
  using (org_id = any ((select app.caller_org_ids('viewer'))::uuid[]));
alter policy "Owners and admins create workspaces" on public.workspaces
  with check (org_id = any ((select app.caller_org_ids('admin'))::uuid[]));
alter policy "Owners and admins delete workspaces" on public.workspaces
  using (org_id = any ((select app.caller_org_ids('admin'))::uuid[]));
alter policy "Owners and admins edit workspaces" on public.workspaces
  using (org_id = any ((select app.caller_org_ids('admin'))::uuid[]))
  with check (org_id = any ((select app.caller_org_ids('admin'))::uuid[]));
