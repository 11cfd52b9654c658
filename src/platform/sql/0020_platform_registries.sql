-- Global catalogs: step types and their versions, rule sources, snapshots, rule packs, detections
-- and proposals. No org_id: they belong to the platform. Writes are for platform admins and the
-- service only; tenants read published rows of three of them, through security_invoker views (so
-- RLS below still applies) and column grants, never a definer view. What a row must be is checked
-- by the triggers of 0021_registry_contracts.sql; the workflow is 0022_registry_workflow.sql.
create schema if not exists platform;
grant usage on schema platform to authenticated, service_role;

create table if not exists platform.step_types (
  id uuid primary key default gen_random_uuid(),
  key text not null constraint step_types_key_key unique
    constraint step_types_key_check check (key ~ '^[a-z][a-z0-9_.-]{1,62}$'),
  -- Single-line names and labels, like the tenants' (0010_tenancy.sql).
  name text not null constraint step_types_name_check check (length(btrim(name)) between 1 and 200)
    constraint step_types_name_single_line check (name !~ '[\x01-\x1f\x7f]'),
  category text not null default 'general' constraint step_types_category_check check (length(category) between 1 and 100)
    constraint step_types_category_single_line check (category !~ '[\x01-\x1f\x7f]'),
  description text,
  created_by uuid references auth.users (id) on delete set null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);

create table if not exists platform.step_type_versions (
  id uuid primary key default gen_random_uuid(),
  step_type_id uuid not null references platform.step_types (id) on delete cascade,
  version text not null constraint step_type_versions_version_check
    check (version ~ '^(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)(-[0-9A-Za-z.-]+)?$'),
  input_schema jsonb not null default '{}'::jsonb,
  output_schema jsonb not null default '{}'::jsonb,
  -- Endpoint template, auth and callback expectations; executed by the custom-step runtime.
  external_call jsonb not null default '{}'::jsonb,
  published_at timestamptz,
  deprecated_at timestamptz,
  created_at timestamptz not null default now(),
  constraint step_type_versions_type_version_key unique (step_type_id, version)
);

create table if not exists platform.rule_sources (
  id uuid primary key default gen_random_uuid(),
  key text not null constraint rule_sources_key_key unique,
  name text not null
    constraint rule_sources_name_single_line check (name !~ '[\x01-\x1f\x7f]'),
  url text not null constraint rule_sources_url_check check (url ~ '^https?://'),
  poll_interval_minutes int not null default 1440 constraint rule_sources_poll_interval_check
    check (poll_interval_minutes between 5 and 44640),
  enabled boolean not null default true,
  etag text,
  last_modified text,
  last_polled_at timestamptz,
  next_poll_at timestamptz not null default now(),
  failure_count int not null default 0,
  created_at timestamptz not null default now(),
  -- The rule pack this source feeds; left out, it is named like the source (trigger below).
  rule_pack_name text not null
    constraint rule_sources_rule_pack_name_single_line check (rule_pack_name !~ '[\x01-\x1f\x7f]'),
  -- How the watcher's last poll went.
  last_status int,
  last_error text
);

create table if not exists platform.rule_source_snapshots (
  id uuid primary key default gen_random_uuid(),
  source_id uuid not null references platform.rule_sources (id) on delete cascade,
  content_hash text not null constraint rule_source_snapshots_hash_check check (content_hash ~ '^[0-9a-f]{64}$'),
  content text,
  http_status int,
  fetched_at timestamptz not null default now()
);
create index if not exists rule_source_snapshots_source_idx on platform.rule_source_snapshots (source_id, fetched_at desc);

create table if not exists platform.rule_packs (
  id uuid primary key default gen_random_uuid(),
  name text not null
    constraint rule_packs_name_single_line check (name !~ '[\x01-\x1f\x7f]'),
  version text not null,
  spec jsonb not null,
  published_at timestamptz,
  created_at timestamptz not null default now(),
  constraint rule_packs_name_version_key unique (name, version),
  constraint rule_packs_version_check
    check (version ~ '^(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)(-[0-9A-Za-z.-]+)?$')
);

create table if not exists platform.rule_pack_detections (
  id uuid primary key default gen_random_uuid(),
  rule_pack_name text not null
    constraint rule_pack_detections_rule_pack_name_single_line check (rule_pack_name !~ '[\x01-\x1f\x7f]'),
  status text not null default 'open' constraint rule_pack_detections_status_check
    check (status in ('open', 'proposed', 'dismissed')),
  summary text,
  detected_at timestamptz not null default now()
);

create table if not exists platform.rule_pack_detection_sources (
  id uuid primary key default gen_random_uuid(),
  detection_id uuid not null references platform.rule_pack_detections (id) on delete cascade,
  source_id uuid not null references platform.rule_sources (id) on delete cascade,
  snapshot_id uuid not null references platform.rule_source_snapshots (id) on delete cascade,
  previous_snapshot_id uuid references platform.rule_source_snapshots (id) on delete set null,
  constraint rule_pack_detection_sources_key unique (detection_id, snapshot_id)
);

create table if not exists platform.rule_pack_proposals (
  id uuid primary key default gen_random_uuid(),
  detection_id uuid not null references platform.rule_pack_detections (id) on delete cascade,
  rule_pack_name text not null
    constraint rule_pack_proposals_rule_pack_name_single_line check (rule_pack_name !~ '[\x01-\x1f\x7f]'),
  proposed_version text not null,
  spec jsonb not null,
  status text not null default 'pending' constraint rule_pack_proposals_status_check
    check (status in ('pending', 'approved', 'rejected')),
  decided_by uuid references auth.users (id) on delete set null,
  decided_at timestamptz,
  rule_pack_id uuid references platform.rule_packs (id) on delete set null,
  created_at timestamptz not null default now(),
  decision_note text,
  constraint rule_pack_proposals_version_check
    check (proposed_version ~ '^(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)(-[0-9A-Za-z.-]+)?$')
);

-- Foreign keys the watcher and the approval path follow.
create index if not exists step_type_versions_step_type_idx on platform.step_type_versions (step_type_id, published_at);
create index if not exists rule_sources_due_idx on platform.rule_sources (next_poll_at) where enabled;
create index if not exists rule_pack_detections_open_idx on platform.rule_pack_detections (rule_pack_name) where status = 'open';
create index if not exists rule_pack_detection_sources_source_idx on platform.rule_pack_detection_sources (source_id);
create index if not exists rule_pack_detection_sources_snapshot_idx on platform.rule_pack_detection_sources (snapshot_id);
create index if not exists rule_pack_detection_sources_previous_idx on platform.rule_pack_detection_sources (previous_snapshot_id);
create index if not exists rule_pack_proposals_detection_idx on platform.rule_pack_proposals (detection_id, status);
create index if not exists rule_pack_proposals_rule_pack_idx on platform.rule_pack_proposals (rule_pack_id);

-- Every platform table: RLS on, one policy for operators. Written as a loop so a table added to
-- the list cannot be forgotten; tests walk the catalog to prove each table has it.
do $$
declare
  t text;
begin
  foreach t in array array[
    'step_types', 'step_type_versions', 'rule_sources', 'rule_source_snapshots', 'rule_packs',
    'rule_pack_detections', 'rule_pack_detection_sources', 'rule_pack_proposals'
  ] loop
    execute format('alter table platform.%I enable row level security', t);
    execute format('drop policy if exists "Platform operators manage %s" on platform.%I', t, t);
    execute format(
      'create policy "Platform operators manage %s" on platform.%I for all to platform_admin, service_role '
      'using ((select app.is_platform_operator())) with check ((select app.is_platform_operator()))', t, t);
    execute format('grant select, insert, update, delete on platform.%I to platform_admin, service_role', t);
  end loop;
end $$;

-- Tenants read what is published, and only the columns the catalogs are for.
drop policy if exists "Tenants read published step type versions" on platform.step_type_versions;
create policy "Tenants read published step type versions" on platform.step_type_versions
  for select to authenticated
  using (published_at is not null);

drop policy if exists "Tenants read step types that have a published version" on platform.step_types;
create policy "Tenants read step types that have a published version" on platform.step_types
  for select to authenticated
  using (exists (
    select 1 from platform.step_type_versions v
    where v.step_type_id = step_types.id and v.published_at is not null
  ));

drop policy if exists "Tenants read published rule packs" on platform.rule_packs;
create policy "Tenants read published rule packs" on platform.rule_packs
  for select to authenticated
  using (published_at is not null);

grant select (id, key, name, category, description) on platform.step_types to authenticated;
grant select (id, step_type_id, version, input_schema, output_schema, published_at, deprecated_at)
  on platform.step_type_versions to authenticated;
grant select (id, name, version, spec, published_at) on platform.rule_packs to authenticated;

create or replace view public.v_step_types with (security_invoker = true) as
  select id, key, name, category, description from platform.step_types t
  where exists (select 1 from platform.step_type_versions v where v.step_type_id = t.id and v.published_at is not null);

create or replace view public.v_step_type_versions with (security_invoker = true) as
  select id, step_type_id, version, input_schema, output_schema, published_at, deprecated_at
  from platform.step_type_versions where published_at is not null;

create or replace view public.v_rule_packs with (security_invoker = true) as
  select id, name, version, spec, published_at from platform.rule_packs where published_at is not null;

revoke all on public.v_step_types, public.v_step_type_versions, public.v_rule_packs from public, anon, authenticated, service_role, platform_admin;
grant select on public.v_step_types, public.v_step_type_versions, public.v_rule_packs to authenticated, service_role;

create or replace trigger step_types_touch before update on platform.step_types
  for each row execute function app.touch_updated_at();

-- A source names its rule pack; left out, the pack is named like the source.
create or replace function app.default_rule_pack_name() returns trigger
language plpgsql set search_path = pg_catalog, pg_temp as $$
begin
  new.rule_pack_name := coalesce(new.rule_pack_name, new.key);
  return new;
end $$;

create or replace trigger rule_sources_default_pack before insert or update on platform.rule_sources
  for each row execute function app.default_rule_pack_name();
