-- Organisation integrations and notices: the membership checks read app.caller_org_ids() (src/core/sql/0070_caller_org_ids.sql),
-- the transaction's membership sets, instead of calling app.org_ids_with_role() / app.member_org_ids()
-- in every statement. Same rules, same roles: {owner,admin} is 'admin', {owner,admin,member} is
-- 'member', any active membership is 'viewer'. ALTER POLICY keeps each policy's name, command and
-- roles, so re-running this file changes nothing.

alter policy "Owners and admins mark integration notices read" on public.integration_notifications
  using (org_id = any ((select app.caller_org_ids('admin'))::uuid[]))
  with check (org_id = any ((select app.caller_org_ids('admin'))::uuid[]));
alter policy "Owners and admins read their organisations' integration notices" on public.integration_notifications
  using (org_id = any ((select app.caller_org_ids('admin'))::uuid[]));
alter policy "Members see their organisations' integrations" on public.organisation_integrations
  using (org_id = any ((select app.caller_org_ids('viewer'))::uuid[]));
alter policy "Owners and admins create integrations" on public.organisation_integrations
  with check (org_id = any ((select app.caller_org_ids('admin'))::uuid[]));
alter policy "Owners and admins delete integrations" on public.organisation_integrations
  using (org_id = any ((select app.caller_org_ids('admin'))::uuid[]));
alter policy "Owners and admins edit integrations" on public.organisation_integrations
  using (org_id = any ((select app.caller_org_ids('admin'))::uuid[]))
  with check (org_id = any ((select app.caller_org_ids('admin'))::uuid[]));
