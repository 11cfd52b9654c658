-- Row-change auditing (src/audit/sql/0041_audit_row_triggers.sql) on this module's tables.
-- credential_secret_id is masked: which vault row holds a secret is nobody's business in an audit
-- trail a tenant can read. Bookkeeping that moves on every sync or test is not a change worth an
-- entry on its own. vault.secrets itself is not audited row by row: a credential change shows as
-- credentials_updated_at on the integration, and rotation would flood the chains.
create or replace trigger audit_row_change after insert or update or delete on public.organisation_integrations
  for each row execute function app.audit_row_change(
    'mask=credential_secret_id', 'ignore=next_sync_at,last_sync_at,last_tested_at,last_test_ok');

-- Marking a notice read is not a change of the notice.
create or replace trigger audit_row_change after insert or update or delete on public.integration_notifications
  for each row execute function app.audit_row_change('ignore=read_at,read_by');
