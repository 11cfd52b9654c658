-- Tenant installs and workflows: the membership checks read app.caller_org_ids() (src/core/sql/0070_caller_org_ids.sql),
-- the transaction's membership sets, instead of calling app.org_ids_with_role() / app.member_org_ids()
-- in every statement. Same rules, same roles: {owner,admin} is 'admin', {owner,admin,member} is
-- 'member', any active membership is 'viewer'. ALTER POLICY keeps each policy's name, command and
-- roles, so re-running this file changes nothing.

alter policy "Members see their organisations' installed rule packs" on public.rule_pack_installs
  using (org_id = any ((select app.caller_org_ids('viewer'))::uuid[]));
alter policy "Owners and admins install rule packs" on public.rule_pack_installs
  with check (org_id = any ((select app.caller_org_ids('admin'))::uuid[]));
alter policy "Owners and admins pin and upgrade rule packs" on public.rule_pack_installs
  using (org_id = any ((select app.caller_org_ids('admin'))::uuid[]))
  with check (org_id = any ((select app.caller_org_ids('admin'))::uuid[]));
alter policy "Owners and admins uninstall rule packs" on public.rule_pack_installs
  using (org_id = any ((select app.caller_org_ids('admin'))::uuid[]));
alter policy "Members see their organisations' installed step types" on public.step_type_installs
  using (org_id = any ((select app.caller_org_ids('viewer'))::uuid[]));
alter policy "Owners and admins install step types" on public.step_type_installs
  with check (org_id = any ((select app.caller_org_ids('admin'))::uuid[]));
alter policy "Owners and admins pin and upgrade step types" on public.step_type_installs
  using (org_id = any ((select app.caller_org_ids('admin'))::uuid[]))
  with check (org_id = any ((select app.caller_org_ids('admin'))::uuid[]));
alter policy "Owners and admins uninstall step types" on public.step_type_installs
  using (org_id = any ((select app.caller_org_ids('admin'))::uuid[]));
alter policy "Members see their organisations' workflow steps" on public.workflow_def_steps
  using (org_id = any ((select app.caller_org_ids('viewer'))::uuid[]));
alter policy "Owners, admins and members add workflow steps" on public.workflow_def_steps
  with check (org_id = any ((select app.caller_org_ids('member'))::uuid[]));
alter policy "Owners, admins and members edit workflow steps" on public.workflow_def_steps
  using (org_id = any ((select app.caller_org_ids('member'))::uuid[]))
  with check (org_id = any ((select app.caller_org_ids('member'))::uuid[]));
alter policy "Owners, admins and members remove workflow steps" on public.workflow_def_steps
  using (org_id = any ((select app.caller_org_ids('member'))::uuid[]));
alter policy "Members see their organisations' workflows" on public.workflow_defs
  using (org_id = any ((select app.caller_org_ids('viewer'))::uuid[]));
alter policy "Owners, admins and members create workflows" on public.workflow_defs
  with check (org_id = any ((select app.caller_org_ids('member'))::uuid[]));
alter policy "Owners, admins and members delete workflows" on public.workflow_defs
  using (org_id = any ((select app.caller_org_ids('member'))::uuid[]));
alter policy "Owners, admins and members edit workflows" on public.workflow_defs
  using (org_id = any ((select app.caller_org_ids('member'))::uuid[]))
  with check (org_id = any ((select app.caller_org_ids('member'))::uuid[]));
