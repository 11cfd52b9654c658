-- Messages to an organisation's owners and admins about its integrations, e.g. "repair reset the
-- field mappings of Payroll export". Written by the service role (repair, workers); owners and
-- admins read them and mark them read. Members and viewers do not see them: they may describe
-- configuration problems members cannot act on.
create table if not exists public.integration_notifications (
  org_id uuid not null references public.organisations (id) on delete cascade,
  id uuid not null default gen_random_uuid(),
  integration_id uuid,
  kind text not null constraint integration_notifications_kind_check check (kind ~ '^[a-z][a-z0-9_.]{1,63}$'),
  severity text not null default 'warning' constraint integration_notifications_severity_check
    check (severity in ('info', 'warning', 'error')),
  title text not null constraint integration_notifications_title_check check (length(btrim(title)) between 1 and 200)
    constraint integration_notifications_title_single_line check (title !~ '[\x01-\x1f\x7f]'),
  body text not null constraint integration_notifications_body_check check (length(body) <= 4000),
  -- Structured facts (which documents were reset, the reasons); never credentials.
  details jsonb not null default '{}'::jsonb constraint integration_notifications_details_check check (jsonb_typeof(details) = 'object'),
  read_at timestamptz,
  read_by uuid references auth.users (id) on delete set null,
  created_at timestamptz not null default now(),
  primary key (org_id, id),
  -- The notice outlives the integration it is about.
  constraint integration_notifications_integration_fkey foreign key (org_id, integration_id)
    references public.organisation_integrations (org_id, id) on delete set null (integration_id)
);

create index if not exists integration_notifications_unread_idx on public.integration_notifications (org_id, created_at desc)
  where read_at is null;
create index if not exists integration_notifications_integration_idx on public.integration_notifications (org_id, integration_id);

alter table public.integration_notifications enable row level security;

drop policy if exists "Owners and admins read their organisations' integration notices" on public.integration_notifications;
create policy "Owners and admins read their organisations' integration notices" on public.integration_notifications
  for select to authenticated
  using (org_id = any ((select app.caller_org_ids('admin'))::uuid[]));

drop policy if exists "Owners and admins mark integration notices read" on public.integration_notifications;
create policy "Owners and admins mark integration notices read" on public.integration_notifications
  for update to authenticated
  using (org_id = any ((select app.caller_org_ids('admin'))::uuid[]))
  with check (org_id = any ((select app.caller_org_ids('admin'))::uuid[]));

drop policy if exists "The service role writes integration notices" on public.integration_notifications;
create policy "The service role writes integration notices" on public.integration_notifications
  for insert to service_role
  with check ((select app.is_platform_service()));

drop policy if exists "Platform operators read integration notices" on public.integration_notifications;
create policy "Platform operators read integration notices" on public.integration_notifications
  for select to platform_admin, service_role
  using ((select app.is_platform_operator()));

drop policy if exists "Platform operators update integration notices" on public.integration_notifications;
create policy "Platform operators update integration notices" on public.integration_notifications
  for update to platform_admin, service_role
  using ((select app.is_platform_operator()))
  with check ((select app.is_platform_operator()));

drop policy if exists "Platform operators delete integration notices" on public.integration_notifications;
create policy "Platform operators delete integration notices" on public.integration_notifications
  for delete to platform_admin, service_role
  using ((select app.is_platform_operator()));

-- Supabase grants every public table to the API roles by default; start from nothing.
revoke all on public.integration_notifications from anon, authenticated, platform_admin, service_role;
grant select, update (read_at, read_by) on public.integration_notifications to authenticated;
grant delete on public.integration_notifications to platform_admin;
grant select, insert, update, delete on public.integration_notifications to service_role;

create or replace trigger integration_notifications_same_org before update on public.integration_notifications
  for each row execute function app.forbid_org_change();

-- Row changes go to the tenant's audit chain; marking a notice read is not a change of the notice.
create or replace trigger audit_row_change after insert or update or delete on public.integration_notifications
  for each row execute function app.audit_row_change('ignore=read_at,read_by');
