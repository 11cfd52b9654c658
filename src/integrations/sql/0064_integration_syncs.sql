-- Integration syncs (src/integrations/sync/job.ts): the records staged for export (an outbox), and
-- one event per sync saying what it sent, what it counted and what failed.
--
-- Who writes what:
-- * members and up stage records (an INSERT of org_id, integration_id, record) and read them;
-- * the sync job, as the organisation's service principal, marks them exported or failed and
--   writes every event: tenants hold no UPDATE or DELETE on either table, so what a sync reported
--   is what it did;
-- * owners and admins ask for a sync through the API, which proves their role as them (RLS) and
--   only then records the queued event as the service (src/integrations/sync-routes.ts).

-- Written before the records, which name the event that settled them.
create table if not exists public.integration_events (
  org_id uuid not null references public.organisations (id) on delete cascade,
  id uuid not null default gen_random_uuid(),
  integration_id uuid not null,
  trigger text not null constraint integration_events_trigger_check check (trigger in ('manual', 'schedule', 'cli')),
  -- queued → running → succeeded | partial | failed; skipped when the integration was not active
  -- (or already syncing) by the time the job ran.
  status text not null default 'queued' constraint integration_events_status_check
    check (status in ('queued', 'running', 'succeeded', 'partial', 'failed', 'skipped')),
  -- The schedule slot (next_sync_at) a scheduled sync was queued for: one event per slot.
  scheduled_for timestamptz,
  sent integer not null default 0 constraint integration_events_sent_check check (sent >= 0),
  created integer not null default 0 constraint integration_events_created_check check (created >= 0),
  updated integer not null default 0 constraint integration_events_updated_check check (updated >= 0),
  failed integer not null default 0 constraint integration_events_failed_check check (failed >= 0),
  -- [{index, code, message}] as runExport reports them (src/integrations/sync/result.ts): record
  -- positions, field names, HTTP statuses; never a record's value or a credential. The first 100.
  errors jsonb not null default '[]'::jsonb constraint integration_events_errors_check
    check (jsonb_typeof(errors) = 'array' and jsonb_array_length(errors) <= 100 and octet_length(errors::text) <= 131072),
  requested_by uuid default app.uid() references auth.users (id) on delete set null,
  created_at timestamptz not null default now(),
  started_at timestamptz,
  finished_at timestamptz,
  primary key (org_id, id),
  -- An integration's history goes with it; the audit chain keeps its status changes.
  constraint integration_events_integration_fkey foreign key (org_id, integration_id)
    references public.organisation_integrations (org_id, id) on delete cascade
);

create index if not exists integration_events_integration_idx
  on public.integration_events (org_id, integration_id, created_at, id);
create unique index if not exists integration_events_slot_key
  on public.integration_events (org_id, integration_id, scheduled_for) where scheduled_for is not null;
-- The sweeper's scan for events nobody queued (src/integrations/sync/runner.ts).
create index if not exists integration_events_queued_idx on public.integration_events (created_at)
  where status = 'queued';

alter table public.integration_events enable row level security;

-- Who reads the integration reads how its syncs went, as organisation_integrations shows every
-- member last_sync_at and last_error: counts and failure categories, never a record's values.
drop policy if exists "Members see their organisations' integration events" on public.integration_events;
create policy "Members see their organisations' integration events" on public.integration_events
  for select to authenticated
  using (org_id = any ((select app.caller_org_ids('viewer'))::uuid[]));

drop policy if exists "Platform operators manage integration events" on public.integration_events;
create policy "Platform operators manage integration events" on public.integration_events
  for all to platform_admin, service_role
  using ((select app.is_platform_operator()))
  with check ((select app.is_platform_operator()));

revoke all on public.integration_events from anon, authenticated, platform_admin, service_role;
grant select on public.integration_events to authenticated;
grant select, insert, update, delete on public.integration_events to platform_admin, service_role;

create or replace trigger integration_events_same_org before update on public.integration_events
  for each row execute function app.forbid_org_change();

-- A sync's status changes are entries; its counters move with every batch and are not.
create or replace trigger audit_row_change after insert or update or delete on public.integration_events
  for each row execute function app.audit_row_change('omit=errors', 'ignore=sent,created,updated,failed,errors');

create table if not exists public.integration_records (
  org_id uuid not null references public.organisations (id) on delete cascade,
  id uuid not null default gen_random_uuid(),
  -- The outbox's order: records staged in one statement share created_at, and are sent as staged.
  seq bigint generated always as identity,
  integration_id uuid not null,
  -- A source record ({"employee": {...}, "entry": {...}}), read through the mapping sources
  -- (src/integrations/sync/records.ts): fields the sources do not define never reach a mapping.
  record jsonb not null constraint integration_records_record_check
    check (jsonb_typeof(record) = 'object' and octet_length(record::text) <= 16384),
  created_by uuid default app.uid() references auth.users (id) on delete set null,
  created_at timestamptz not null default now(),
  -- Set by the sync that delivered it. A record the system refused (or that did not map) gets
  -- `error` instead and is settled too: sending it again unchanged would fail again, so a
  -- corrected copy is staged. A record caught in a sync that stopped (credentials refused, system
  -- unreachable) gets neither and is sent by the next sync.
  exported_at timestamptz,
  sync_id uuid,
  error text constraint integration_records_error_check check (length(error) <= 1000),
  primary key (org_id, id),
  constraint integration_records_integration_fkey foreign key (org_id, integration_id)
    references public.organisation_integrations (org_id, id) on delete cascade,
  constraint integration_records_sync_fkey foreign key (org_id, sync_id)
    references public.integration_events (org_id, id) on delete set null (sync_id),
  constraint integration_records_settled_check check (exported_at is null or error is null)
);

create index if not exists integration_records_integration_idx
  on public.integration_records (org_id, integration_id, seq);
-- What the next sync sends, oldest first.
create index if not exists integration_records_pending_idx
  on public.integration_records (org_id, integration_id, seq) where exported_at is null and error is null;
create index if not exists integration_records_sync_idx on public.integration_records (org_id, sync_id);

alter table public.integration_records enable row level security;

drop policy if exists "Owners, admins and members see their organisations' staged records" on public.integration_records;
create policy "Owners, admins and members see their organisations' staged records" on public.integration_records
  for select to authenticated
  using (org_id = any ((select app.caller_org_ids('member'))::uuid[]));

drop policy if exists "Owners, admins and members stage records for export" on public.integration_records;
create policy "Owners, admins and members stage records for export" on public.integration_records
  for insert to authenticated
  with check (org_id = any ((select app.caller_org_ids('member'))::uuid[]));

drop policy if exists "Platform operators manage staged records" on public.integration_records;
create policy "Platform operators manage staged records" on public.integration_records
  for all to platform_admin, service_role
  using ((select app.is_platform_operator()))
  with check ((select app.is_platform_operator()));

revoke all on public.integration_records from anon, authenticated, platform_admin, service_role;
-- The identity's sequence too: Supabase's default privileges grant every new sequence in public.
revoke all on sequence public.integration_records_seq_seq from anon, authenticated, platform_admin, service_role;
grant select, insert (org_id, integration_id, record) on public.integration_records to authenticated;
grant select, insert, update, delete on public.integration_records to platform_admin, service_role;

create or replace trigger integration_records_same_org before update on public.integration_records
  for each row execute function app.forbid_org_change();

-- A record's values are personal data: the chain says one was staged and by whom, not what it holds.
-- Marking it exported is the event's business, already audited there.
create or replace trigger audit_row_change after insert or update or delete on public.integration_records
  for each row execute function app.audit_row_change('omit=record', 'ignore=exported_at,sync_id,error');
