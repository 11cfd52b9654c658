-- Audit chains and anchors: the membership checks read app.caller_org_ids() (src/core/sql/0070_caller_org_ids.sql),
-- the transaction's membership sets, instead of calling app.org_ids_with_role() / app.member_org_ids()
-- in every statement. Same rules, same roles: {owner,admin} is 'admin', {owner,admin,member} is
-- 'member', any active membership is 'viewer'. ALTER POLICY keeps each policy's name, command and
-- roles, so re-running this file changes nothing.

alter policy "Owners and admins read their organisations' anchors" on audit.anchors
  using (org_id = any ((select app.caller_org_ids('admin'))::uuid[]));
alter policy "Owners and admins read admin actions on their organisations" on public.admin_actions
  using (org_id = any ((select app.caller_org_ids('admin'))::uuid[]));
alter policy "Owners and admins read their organisations' audit log" on public.audit_log
  using (org_id = any ((select app.caller_org_ids('admin'))::uuid[]));
