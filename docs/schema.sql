-- The schema of a freshly migrated Palisade database, read from pg_catalog by
-- `palisade schema --write` (on the embedded engine). Generated: do not edit; the source is
-- src/<module>/sql/. A test fails when this file is stale.

-- Roles (cluster-wide; created if absent) ---------------------------------------------------------

create role anon nologin noinherit;
create role authenticated nologin noinherit;
create role authenticator nologin noinherit;
grant anon, authenticated, platform_admin, service_role to authenticator;
create role platform_admin nologin inherit;
grant authenticated to platform_admin;
create role service_role nologin noinherit;

-- Schemas -----------------------------------------------------------------------------------------

create schema app;
grant usage on schema app to anon;
grant usage on schema app to authenticated;
grant usage on schema app to service_role;
create schema auth;
grant usage on schema auth to anon;
grant usage on schema auth to authenticated;
grant usage on schema auth to service_role;
create schema extensions;
create schema palisade_audit;
grant usage on schema palisade_audit to authenticated;
grant usage on schema palisade_audit to service_role;
create schema palisade_vault;
grant usage on schema palisade_vault to service_role;
create schema platform;
grant usage on schema platform to authenticated;
grant usage on schema platform to service_role;
create schema public;
grant usage on schema public to public;
create extension pgcrypto with schema extensions;

-- Domains and composite types ---------------------------------------------------------------------

create type palisade_audit.append_entry as (
  org_id uuid,
  seq bigint,
  created_at timestamp with time zone,
  actor_id uuid,
  actor_role text,
  actor_key_id uuid,
  old_data jsonb,
  new_data jsonb,
  details jsonb,
  request_id text,
  ip text,
  user_agent text,
  prev_hash bytea,
  hash bytea,
  repeated boolean
);

create domain palisade_audit.chain_name as text
  constraint chain_name_check CHECK ((VALUE = ANY (ARRAY['audit_log'::text, 'admin_actions'::text])));

-- Tables, with their row-level security, policies, indexes, triggers and privileges ---------------

create table auth.users (
  id uuid not null default gen_random_uuid(),
  email text,
  raw_app_meta_data jsonb not null default '{}'::jsonb,
  raw_user_meta_data jsonb not null default '{}'::jsonb,
  created_at timestamp with time zone not null default now(),
  updated_at timestamp with time zone not null default now(),
  constraint users_pkey PRIMARY KEY (id)
);
CREATE UNIQUE INDEX users_email_key ON auth.users USING btree (lower(email));

create table palisade_audit.anchors (
  org_id uuid not null,
  id bigint not null generated always as identity,
  chain text not null,
  seq bigint not null,
  hash bytea not null,
  signed_at timestamp with time zone not null,
  key_id text not null,
  signature bytea not null,
  created_at timestamp with time zone not null default now(),
  constraint anchors_chain_check CHECK ((chain = ANY (ARRAY['audit_log'::text, 'admin_actions'::text]))),
  constraint anchors_hash_check CHECK ((octet_length(hash) = 32)),
  constraint anchors_key_id_check CHECK ((key_id ~ '^[0-9a-f]{16}$'::text)),
  constraint anchors_pkey PRIMARY KEY (org_id, id),
  constraint anchors_seq_check CHECK ((seq >= 1)),
  constraint anchors_signature_check CHECK ((octet_length(signature) = 64))
);
alter table palisade_audit.anchors enable row level security;
CREATE INDEX anchors_org_chain_seq_idx ON palisade_audit.anchors USING btree (org_id, chain, seq);
create policy "Owners and admins read their organisations' anchors" on palisade_audit.anchors for select to authenticated
  using ((org_id = ANY (( SELECT app.caller_org_ids('admin'::text) AS caller_org_ids)::uuid[])));
create policy "Platform operators read every anchor" on palisade_audit.anchors for select to platform_admin, service_role
  using (( SELECT app.is_platform_operator() AS is_platform_operator));
create policy "The service records anchors" on palisade_audit.anchors for insert to service_role
  with check (( SELECT app.is_platform_service() AS is_platform_service));
CREATE TRIGGER anchors_append_only BEFORE DELETE OR UPDATE ON palisade_audit.anchors FOR EACH ROW EXECUTE FUNCTION app.refuse_audit_change();
CREATE TRIGGER anchors_no_truncate BEFORE TRUNCATE ON palisade_audit.anchors FOR EACH STATEMENT EXECUTE FUNCTION app.refuse_audit_change();
grant select on table palisade_audit.anchors to authenticated;
grant select on table palisade_audit.anchors to service_role;
grant insert (org_id, chain, seq, hash, signed_at, key_id, signature) on table palisade_audit.anchors to service_role;

create table palisade_audit.chain_heads (
  org_id uuid not null,
  chain palisade_audit.chain_name not null,
  seq bigint not null,
  hash bytea not null,
  updated_at timestamp with time zone not null default now(),
  prev_hash bytea,
  xact_moves smallint not null default 0,
  constraint chain_heads_pkey PRIMARY KEY (org_id, chain)
);
alter table palisade_audit.chain_heads enable row level security;
create policy "Platform operators read chain heads" on palisade_audit.chain_heads for select to platform_admin, service_role
  using (( SELECT app.is_platform_operator() AS is_platform_operator));
grant select on table palisade_audit.chain_heads to platform_admin;
grant select on table palisade_audit.chain_heads to service_role;

create table palisade_vault.secrets (
  org_id uuid not null,
  id uuid not null default gen_random_uuid(),
  purpose text not null,
  key_id text not null,
  nonce bytea not null,
  ciphertext bytea not null,
  aad_version smallint not null default 1,
  created_at timestamp with time zone not null default now(),
  updated_at timestamp with time zone not null default now(),
  rotated_at timestamp with time zone,
  constraint secrets_aad_version_check CHECK ((aad_version = 1)),
  constraint secrets_ciphertext_check CHECK (((length(ciphertext) >= 17) AND (length(ciphertext) <= 65552))),
  constraint secrets_key_id_check CHECK ((key_id ~ '^[A-Za-z0-9_-]{1,32}$'::text)),
  constraint secrets_nonce_check CHECK ((length(nonce) = 12)),
  constraint secrets_org_id_fkey FOREIGN KEY (org_id) REFERENCES public.organisations(id) ON DELETE CASCADE,
  constraint secrets_pkey PRIMARY KEY (org_id, id),
  constraint secrets_purpose_check CHECK ((purpose ~ '^[a-z][a-z0-9_.:-]{0,62}$'::text))
);
alter table palisade_vault.secrets enable row level security;
CREATE INDEX secrets_key_idx ON palisade_vault.secrets USING btree (key_id, org_id, id);
CREATE INDEX secrets_org_key_idx ON palisade_vault.secrets USING btree (org_id, key_id);
create policy "Only the service role reads and writes secrets" on palisade_vault.secrets for all to service_role
  using (( SELECT app.is_platform_service() AS is_platform_service))
  with check (( SELECT app.is_platform_service() AS is_platform_service));
CREATE TRIGGER secrets_same_org BEFORE UPDATE ON palisade_vault.secrets FOR EACH ROW EXECUTE FUNCTION app.forbid_org_change();
grant select, insert, delete on table palisade_vault.secrets to service_role;
grant update (key_id, nonce, ciphertext, updated_at, rotated_at) on table palisade_vault.secrets to service_role;

create table platform.admins (
  user_id uuid not null,
  note text,
  added_by uuid,
  created_at timestamp with time zone not null default now(),
  constraint admins_added_by_fkey FOREIGN KEY (added_by) REFERENCES auth.users(id) ON DELETE SET NULL,
  constraint admins_note_check CHECK ((length(note) <= 500)),
  constraint admins_pkey PRIMARY KEY (user_id),
  constraint admins_user_id_fkey FOREIGN KEY (user_id) REFERENCES auth.users(id) ON DELETE CASCADE
);
alter table platform.admins enable row level security;
create policy "Only the service appoints and removes platform admins" on platform.admins for all to service_role
  using (( SELECT app.is_platform_service() AS is_platform_service))
  with check (( SELECT app.is_platform_service() AS is_platform_service));
create policy "Platform operators see who the platform admins are" on platform.admins for select to platform_admin, service_role
  using (( SELECT app.is_platform_operator() AS is_platform_operator));
CREATE TRIGGER audit_row_change AFTER INSERT OR DELETE OR UPDATE ON platform.admins FOR EACH ROW EXECUTE FUNCTION app.audit_row_change('id_column=user_id');
grant select on table platform.admins to platform_admin;
grant select, insert, update, delete on table platform.admins to service_role;

create table platform.plan_token_grants (
  plan_id text not null,
  monthly_tokens bigint not null,
  created_at timestamp with time zone not null default now(),
  updated_at timestamp with time zone not null default now(),
  constraint plan_token_grants_monthly_tokens_check CHECK (((monthly_tokens >= 0) AND (monthly_tokens <= '1000000000000'::bigint))),
  constraint plan_token_grants_pkey PRIMARY KEY (plan_id),
  constraint plan_token_grants_plan_id_fkey FOREIGN KEY (plan_id) REFERENCES platform.plans(id) ON DELETE CASCADE
);
alter table platform.plan_token_grants enable row level security;
create policy "Platform operators manage plan token grants" on platform.plan_token_grants for all to platform_admin, service_role
  using (( SELECT app.is_platform_operator() AS is_platform_operator))
  with check (( SELECT app.is_platform_operator() AS is_platform_operator));
create policy "Signed-in callers read the grants of published plans" on platform.plan_token_grants for select to authenticated
  using ((EXISTS ( SELECT 1
   FROM platform.plans p
  WHERE ((p.id = plan_token_grants.plan_id) AND p.published))));
CREATE TRIGGER audit_row_change AFTER INSERT OR DELETE OR UPDATE ON platform.plan_token_grants FOR EACH ROW EXECUTE FUNCTION app.audit_row_change('id_column=plan_id');
CREATE TRIGGER plan_token_grants_touch BEFORE UPDATE ON platform.plan_token_grants FOR EACH ROW EXECUTE FUNCTION app.touch_updated_at();
grant select, insert, update, delete on table platform.plan_token_grants to platform_admin;
grant select, insert, update, delete on table platform.plan_token_grants to service_role;
grant select (plan_id, monthly_tokens) on table platform.plan_token_grants to authenticated;

create table platform.plans (
  id text not null,
  name text not null,
  limits jsonb not null,
  stripe_price_id text,
  published boolean not null default true,
  "position" integer not null default 0,
  created_at timestamp with time zone not null default now(),
  updated_at timestamp with time zone not null default now(),
  constraint plans_id_check CHECK ((id ~ '^[a-z][a-z0-9_-]{1,39}$'::text)),
  constraint plans_limits_check CHECK (app.valid_plan_limits(limits)),
  constraint plans_name_check CHECK (((length(btrim(name)) >= 1) AND (length(btrim(name)) <= 100))),
  constraint plans_name_single_line CHECK ((name !~ '[\x01-\x1f\x7f]'::text)),
  constraint plans_pkey PRIMARY KEY (id),
  constraint plans_stripe_price_id_check CHECK ((stripe_price_id ~ '^price_[A-Za-z0-9]{1,100}$'::text))
);
alter table platform.plans enable row level security;
create policy "Platform operators manage plans" on platform.plans for all to platform_admin, service_role
  using (( SELECT app.is_platform_operator() AS is_platform_operator))
  with check (( SELECT app.is_platform_operator() AS is_platform_operator));
create policy "Signed-in callers read published plans" on platform.plans for select to authenticated
  using (published);
CREATE TRIGGER plans_keep_free BEFORE DELETE ON platform.plans FOR EACH ROW EXECUTE FUNCTION app.keep_free_plan();
CREATE TRIGGER plans_touch BEFORE UPDATE ON platform.plans FOR EACH ROW EXECUTE FUNCTION app.touch_updated_at();
grant select, insert, update, delete on table platform.plans to platform_admin;
grant select, insert, update, delete on table platform.plans to service_role;
grant select (id, name, limits, published, "position") on table platform.plans to authenticated;

create table platform.rule_pack_detection_sources (
  id uuid not null default gen_random_uuid(),
  detection_id uuid not null,
  source_id uuid not null,
  snapshot_id uuid not null,
  previous_snapshot_id uuid,
  constraint rule_pack_detection_sources_detection_id_fkey FOREIGN KEY (detection_id) REFERENCES platform.rule_pack_detections(id) ON DELETE CASCADE,
  constraint rule_pack_detection_sources_key UNIQUE (detection_id, snapshot_id),
  constraint rule_pack_detection_sources_pkey PRIMARY KEY (id),
  constraint rule_pack_detection_sources_previous_snapshot_id_fkey FOREIGN KEY (previous_snapshot_id) REFERENCES platform.rule_source_snapshots(id) ON DELETE SET NULL,
  constraint rule_pack_detection_sources_snapshot_id_fkey FOREIGN KEY (snapshot_id) REFERENCES platform.rule_source_snapshots(id) ON DELETE CASCADE,
  constraint rule_pack_detection_sources_source_id_fkey FOREIGN KEY (source_id) REFERENCES platform.rule_sources(id) ON DELETE CASCADE
);
alter table platform.rule_pack_detection_sources enable row level security;
CREATE INDEX rule_pack_detection_sources_previous_idx ON platform.rule_pack_detection_sources USING btree (previous_snapshot_id);
CREATE INDEX rule_pack_detection_sources_snapshot_idx ON platform.rule_pack_detection_sources USING btree (snapshot_id);
CREATE INDEX rule_pack_detection_sources_source_idx ON platform.rule_pack_detection_sources USING btree (source_id);
create policy "Platform operators manage rule_pack_detection_sources" on platform.rule_pack_detection_sources for all to platform_admin, service_role
  using (( SELECT app.is_platform_operator() AS is_platform_operator))
  with check (( SELECT app.is_platform_operator() AS is_platform_operator));
CREATE TRIGGER audit_row_change AFTER INSERT OR DELETE OR UPDATE ON platform.rule_pack_detection_sources FOR EACH ROW EXECUTE FUNCTION app.audit_row_change();
grant select, insert, update, delete on table platform.rule_pack_detection_sources to platform_admin;
grant select, insert, update, delete on table platform.rule_pack_detection_sources to service_role;

create table platform.rule_pack_detections (
  id uuid not null default gen_random_uuid(),
  rule_pack_name text not null,
  status text not null default 'open'::text,
  summary text,
  detected_at timestamp with time zone not null default now(),
  constraint rule_pack_detections_pkey PRIMARY KEY (id),
  constraint rule_pack_detections_rule_pack_name_single_line CHECK ((rule_pack_name !~ '[\x01-\x1f\x7f]'::text)),
  constraint rule_pack_detections_status_check CHECK ((status = ANY (ARRAY['open'::text, 'proposed'::text, 'dismissed'::text])))
);
alter table platform.rule_pack_detections enable row level security;
CREATE INDEX rule_pack_detections_open_idx ON platform.rule_pack_detections USING btree (rule_pack_name) WHERE (status = 'open'::text);
create policy "Platform operators manage rule_pack_detections" on platform.rule_pack_detections for all to platform_admin, service_role
  using (( SELECT app.is_platform_operator() AS is_platform_operator))
  with check (( SELECT app.is_platform_operator() AS is_platform_operator));
CREATE TRIGGER audit_row_change AFTER INSERT OR DELETE OR UPDATE ON platform.rule_pack_detections FOR EACH ROW EXECUTE FUNCTION app.audit_row_change();
grant select, insert, update, delete on table platform.rule_pack_detections to platform_admin;
grant select, insert, update, delete on table platform.rule_pack_detections to service_role;

create table platform.rule_pack_proposals (
  id uuid not null default gen_random_uuid(),
  detection_id uuid not null,
  rule_pack_name text not null,
  proposed_version text not null,
  spec jsonb not null,
  status text not null default 'pending'::text,
  decided_by uuid,
  decided_at timestamp with time zone,
  rule_pack_id uuid,
  created_at timestamp with time zone not null default now(),
  decision_note text,
  constraint rule_pack_proposals_decided_by_fkey FOREIGN KEY (decided_by) REFERENCES auth.users(id) ON DELETE SET NULL,
  constraint rule_pack_proposals_detection_id_fkey FOREIGN KEY (detection_id) REFERENCES platform.rule_pack_detections(id) ON DELETE CASCADE,
  constraint rule_pack_proposals_pkey PRIMARY KEY (id),
  constraint rule_pack_proposals_rule_pack_id_fkey FOREIGN KEY (rule_pack_id) REFERENCES platform.rule_packs(id) ON DELETE SET NULL,
  constraint rule_pack_proposals_rule_pack_name_single_line CHECK ((rule_pack_name !~ '[\x01-\x1f\x7f]'::text)),
  constraint rule_pack_proposals_status_check CHECK ((status = ANY (ARRAY['pending'::text, 'approved'::text, 'rejected'::text]))),
  constraint rule_pack_proposals_version_check CHECK ((proposed_version ~ '^(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)(-[0-9A-Za-z.-]+)?$'::text))
);
alter table platform.rule_pack_proposals enable row level security;
CREATE INDEX rule_pack_proposals_detection_idx ON platform.rule_pack_proposals USING btree (detection_id, status);
CREATE INDEX rule_pack_proposals_rule_pack_idx ON platform.rule_pack_proposals USING btree (rule_pack_id);
create policy "Platform operators manage rule_pack_proposals" on platform.rule_pack_proposals for all to platform_admin, service_role
  using (( SELECT app.is_platform_operator() AS is_platform_operator))
  with check (( SELECT app.is_platform_operator() AS is_platform_operator));
CREATE TRIGGER audit_row_change AFTER INSERT OR DELETE OR UPDATE ON platform.rule_pack_proposals FOR EACH ROW EXECUTE FUNCTION app.audit_row_change();
grant select, insert, update, delete on table platform.rule_pack_proposals to platform_admin;
grant select, insert, update, delete on table platform.rule_pack_proposals to service_role;

create table platform.rule_packs (
  id uuid not null default gen_random_uuid(),
  name text not null,
  version text not null,
  spec jsonb not null,
  published_at timestamp with time zone,
  created_at timestamp with time zone not null default now(),
  constraint rule_packs_name_single_line CHECK ((name !~ '[\x01-\x1f\x7f]'::text)),
  constraint rule_packs_name_version_key UNIQUE (name, version),
  constraint rule_packs_pkey PRIMARY KEY (id),
  constraint rule_packs_version_check CHECK ((version ~ '^(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)(-[0-9A-Za-z.-]+)?$'::text))
);
alter table platform.rule_packs enable row level security;
create policy "Platform operators manage rule_packs" on platform.rule_packs for all to platform_admin, service_role
  using (( SELECT app.is_platform_operator() AS is_platform_operator))
  with check (( SELECT app.is_platform_operator() AS is_platform_operator));
create policy "Tenants read published rule packs" on platform.rule_packs for select to authenticated
  using ((published_at IS NOT NULL));
CREATE TRIGGER audit_row_change AFTER INSERT OR DELETE OR UPDATE ON platform.rule_packs FOR EACH ROW EXECUTE FUNCTION app.audit_row_change();
CREATE TRIGGER rule_packs_check BEFORE INSERT OR DELETE OR UPDATE ON platform.rule_packs FOR EACH ROW EXECUTE FUNCTION app.check_rule_pack();
grant select, insert, update, delete on table platform.rule_packs to platform_admin;
grant select, insert, update, delete on table platform.rule_packs to service_role;
grant select (id, name, version, spec, published_at) on table platform.rule_packs to authenticated;

create table platform.rule_source_snapshots (
  id uuid not null default gen_random_uuid(),
  source_id uuid not null,
  content_hash text not null,
  content text,
  http_status integer,
  fetched_at timestamp with time zone not null default now(),
  constraint rule_source_snapshots_hash_check CHECK ((content_hash ~ '^[0-9a-f]{64}$'::text)),
  constraint rule_source_snapshots_pkey PRIMARY KEY (id),
  constraint rule_source_snapshots_source_id_fkey FOREIGN KEY (source_id) REFERENCES platform.rule_sources(id) ON DELETE CASCADE
);
alter table platform.rule_source_snapshots enable row level security;
CREATE INDEX rule_source_snapshots_source_idx ON platform.rule_source_snapshots USING btree (source_id, fetched_at DESC);
create policy "Platform operators manage rule_source_snapshots" on platform.rule_source_snapshots for all to platform_admin, service_role
  using (( SELECT app.is_platform_operator() AS is_platform_operator))
  with check (( SELECT app.is_platform_operator() AS is_platform_operator));
CREATE TRIGGER audit_row_change AFTER INSERT OR DELETE OR UPDATE ON platform.rule_source_snapshots FOR EACH ROW EXECUTE FUNCTION app.audit_row_change('omit=content');
grant select, insert, update, delete on table platform.rule_source_snapshots to platform_admin;
grant select, insert, update, delete on table platform.rule_source_snapshots to service_role;

create table platform.rule_sources (
  id uuid not null default gen_random_uuid(),
  key text not null,
  name text not null,
  url text not null,
  poll_interval_minutes integer not null default 1440,
  enabled boolean not null default true,
  etag text,
  last_modified text,
  last_polled_at timestamp with time zone,
  next_poll_at timestamp with time zone not null default now(),
  failure_count integer not null default 0,
  created_at timestamp with time zone not null default now(),
  rule_pack_name text not null,
  last_status integer,
  last_error text,
  constraint rule_sources_key_key UNIQUE (key),
  constraint rule_sources_name_single_line CHECK ((name !~ '[\x01-\x1f\x7f]'::text)),
  constraint rule_sources_pkey PRIMARY KEY (id),
  constraint rule_sources_poll_interval_check CHECK (((poll_interval_minutes >= 5) AND (poll_interval_minutes <= 44640))),
  constraint rule_sources_rule_pack_name_single_line CHECK ((rule_pack_name !~ '[\x01-\x1f\x7f]'::text)),
  constraint rule_sources_url_check CHECK ((url ~ '^https?://'::text))
);
alter table platform.rule_sources enable row level security;
CREATE INDEX rule_sources_due_idx ON platform.rule_sources USING btree (next_poll_at) WHERE enabled;
create policy "Platform operators manage rule_sources" on platform.rule_sources for all to platform_admin, service_role
  using (( SELECT app.is_platform_operator() AS is_platform_operator))
  with check (( SELECT app.is_platform_operator() AS is_platform_operator));
CREATE TRIGGER audit_row_change AFTER INSERT OR DELETE OR UPDATE ON platform.rule_sources FOR EACH ROW EXECUTE FUNCTION app.audit_row_change('ignore=etag,last_modified,last_polled_at,next_poll_at,failure_count');
CREATE TRIGGER rule_sources_default_pack BEFORE INSERT OR UPDATE ON platform.rule_sources FOR EACH ROW EXECUTE FUNCTION app.default_rule_pack_name();
grant select, insert, update, delete on table platform.rule_sources to platform_admin;
grant select, insert, update, delete on table platform.rule_sources to service_role;

create table platform.step_type_versions (
  id uuid not null default gen_random_uuid(),
  step_type_id uuid not null,
  version text not null,
  input_schema jsonb not null default '{}'::jsonb,
  output_schema jsonb not null default '{}'::jsonb,
  external_call jsonb not null default '{}'::jsonb,
  published_at timestamp with time zone,
  deprecated_at timestamp with time zone,
  created_at timestamp with time zone not null default now(),
  constraint step_type_versions_pkey PRIMARY KEY (id),
  constraint step_type_versions_step_type_id_fkey FOREIGN KEY (step_type_id) REFERENCES platform.step_types(id) ON DELETE CASCADE,
  constraint step_type_versions_type_version_key UNIQUE (step_type_id, version),
  constraint step_type_versions_version_check CHECK ((version ~ '^(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)(-[0-9A-Za-z.-]+)?$'::text))
);
alter table platform.step_type_versions enable row level security;
CREATE INDEX step_type_versions_step_type_idx ON platform.step_type_versions USING btree (step_type_id, published_at);
create policy "Platform operators manage step_type_versions" on platform.step_type_versions for all to platform_admin, service_role
  using (( SELECT app.is_platform_operator() AS is_platform_operator))
  with check (( SELECT app.is_platform_operator() AS is_platform_operator));
create policy "Tenants read published step type versions" on platform.step_type_versions for select to authenticated
  using ((published_at IS NOT NULL));
CREATE TRIGGER audit_row_change AFTER INSERT OR DELETE OR UPDATE ON platform.step_type_versions FOR EACH ROW EXECUTE FUNCTION app.audit_row_change();
CREATE TRIGGER step_type_versions_check BEFORE INSERT OR DELETE OR UPDATE ON platform.step_type_versions FOR EACH ROW EXECUTE FUNCTION app.check_step_type_version();
grant select, insert, update, delete on table platform.step_type_versions to platform_admin;
grant select, insert, update, delete on table platform.step_type_versions to service_role;
grant select (id, step_type_id, version, input_schema, output_schema, published_at, deprecated_at) on table platform.step_type_versions to authenticated;

create table platform.step_types (
  id uuid not null default gen_random_uuid(),
  key text not null,
  name text not null,
  category text not null default 'general'::text,
  description text,
  created_by uuid,
  created_at timestamp with time zone not null default now(),
  updated_at timestamp with time zone not null default now(),
  constraint step_types_category_check CHECK (((length(category) >= 1) AND (length(category) <= 100))),
  constraint step_types_category_single_line CHECK ((category !~ '[\x01-\x1f\x7f]'::text)),
  constraint step_types_created_by_fkey FOREIGN KEY (created_by) REFERENCES auth.users(id) ON DELETE SET NULL,
  constraint step_types_key_check CHECK ((key ~ '^[a-z][a-z0-9_.-]{1,62}$'::text)),
  constraint step_types_key_key UNIQUE (key),
  constraint step_types_name_check CHECK (((length(btrim(name)) >= 1) AND (length(btrim(name)) <= 200))),
  constraint step_types_name_single_line CHECK ((name !~ '[\x01-\x1f\x7f]'::text)),
  constraint step_types_pkey PRIMARY KEY (id)
);
alter table platform.step_types enable row level security;
create policy "Platform operators manage step_types" on platform.step_types for all to platform_admin, service_role
  using (( SELECT app.is_platform_operator() AS is_platform_operator))
  with check (( SELECT app.is_platform_operator() AS is_platform_operator));
create policy "Tenants read step types that have a published version" on platform.step_types for select to authenticated
  using ((EXISTS ( SELECT 1
   FROM platform.step_type_versions v
  WHERE ((v.step_type_id = step_types.id) AND (v.published_at IS NOT NULL)))));
CREATE TRIGGER audit_row_change AFTER INSERT OR DELETE OR UPDATE ON platform.step_types FOR EACH ROW EXECUTE FUNCTION app.audit_row_change();
CREATE TRIGGER step_types_touch BEFORE UPDATE ON platform.step_types FOR EACH ROW EXECUTE FUNCTION app.touch_updated_at();
grant select, insert, update, delete on table platform.step_types to platform_admin;
grant select, insert, update, delete on table platform.step_types to service_role;
grant select (id, key, name, category, description) on table platform.step_types to authenticated;

create table platform.token_packs (
  id text not null,
  name text not null,
  tokens bigint not null,
  stripe_price_id text,
  unit_amount bigint,
  currency text,
  published boolean not null default true,
  "position" integer not null default 0,
  created_at timestamp with time zone not null default now(),
  updated_at timestamp with time zone not null default now(),
  constraint token_packs_currency_check CHECK ((currency ~ '^[a-z]{3}$'::text)),
  constraint token_packs_id_check CHECK ((id ~ '^[a-z][a-z0-9_-]{1,39}$'::text)),
  constraint token_packs_name_check CHECK (((length(btrim(name)) >= 1) AND (length(btrim(name)) <= 100))),
  constraint token_packs_name_single_line CHECK ((name !~ '[\x01-\x1f\x7f]'::text)),
  constraint token_packs_pkey PRIMARY KEY (id),
  constraint token_packs_stripe_price_id_check CHECK ((stripe_price_id ~ '^price_[A-Za-z0-9]{1,100}$'::text)),
  constraint token_packs_tokens_check CHECK (((tokens >= 1) AND (tokens <= '1000000000000'::bigint))),
  constraint token_packs_unit_amount_check CHECK ((unit_amount >= 0))
);
alter table platform.token_packs enable row level security;
create policy "Platform operators manage token packs" on platform.token_packs for all to platform_admin, service_role
  using (( SELECT app.is_platform_operator() AS is_platform_operator))
  with check (( SELECT app.is_platform_operator() AS is_platform_operator));
create policy "Signed-in callers read published token packs" on platform.token_packs for select to authenticated
  using (published);
CREATE TRIGGER audit_row_change AFTER INSERT OR DELETE OR UPDATE ON platform.token_packs FOR EACH ROW EXECUTE FUNCTION app.audit_row_change();
CREATE TRIGGER token_packs_touch BEFORE UPDATE ON platform.token_packs FOR EACH ROW EXECUTE FUNCTION app.touch_updated_at();
grant select, insert, update, delete on table platform.token_packs to platform_admin;
grant select, insert, update, delete on table platform.token_packs to service_role;
grant select (id, name, tokens, unit_amount, currency, published, "position") on table platform.token_packs to authenticated;

create table public.admin_actions (
  org_id uuid not null,
  seq bigint not null,
  created_at timestamp with time zone not null,
  actor_id uuid,
  actor_role text not null,
  actor_key_id uuid,
  action text not null,
  target_table text,
  target_id text,
  old_data jsonb,
  new_data jsonb,
  details jsonb,
  request_id text,
  ip text,
  user_agent text,
  prev_hash bytea not null,
  hash bytea not null,
  constraint admin_actions_action_check CHECK (((length(action) >= 1) AND (length(action) <= 200))),
  constraint admin_actions_hash_check CHECK ((octet_length(hash) = 32)),
  constraint admin_actions_pkey PRIMARY KEY (org_id, seq),
  constraint admin_actions_prev_hash_check CHECK ((octet_length(prev_hash) = 32)),
  constraint admin_actions_seq_check CHECK ((seq >= 1))
);
alter table public.admin_actions enable row level security;
CREATE INDEX admin_actions_org_action_idx ON public.admin_actions USING btree (org_id, action, seq);
CREATE INDEX admin_actions_org_actor_idx ON public.admin_actions USING btree (org_id, actor_id, seq);
CREATE INDEX admin_actions_org_created_idx ON public.admin_actions USING btree (org_id, created_at);
create policy "Owners and admins read admin actions on their organisations" on public.admin_actions for select to authenticated
  using ((org_id = ANY (( SELECT app.caller_org_ids('admin'::text) AS caller_org_ids)::uuid[])));
create policy "Platform operators read every admin action" on public.admin_actions for select to platform_admin, service_role
  using (( SELECT app.is_platform_operator() AS is_platform_operator));
CREATE TRIGGER admin_actions_append_only BEFORE DELETE OR UPDATE ON public.admin_actions FOR EACH ROW EXECUTE FUNCTION app.refuse_audit_change();
CREATE TRIGGER admin_actions_no_truncate BEFORE TRUNCATE ON public.admin_actions FOR EACH STATEMENT EXECUTE FUNCTION app.refuse_audit_change();
CREATE TRIGGER admin_actions_rewritten_delete AFTER DELETE ON public.admin_actions REFERENCING OLD TABLE AS rewritten_old FOR EACH STATEMENT EXECUTE FUNCTION app.audit_heads_reread();
CREATE TRIGGER admin_actions_rewritten_update AFTER UPDATE ON public.admin_actions REFERENCING OLD TABLE AS rewritten_old NEW TABLE AS rewritten_new FOR EACH STATEMENT EXECUTE FUNCTION app.audit_heads_reread();
grant select on table public.admin_actions to authenticated;
grant select on table public.admin_actions to service_role;

create table public.api_connections (
  org_id uuid not null,
  id uuid not null default gen_random_uuid(),
  workspace_id uuid,
  project_id uuid,
  name text not null,
  description text,
  api_type text not null default 'rest'::text,
  endpoint_url text not null,
  http_method text not null default 'GET'::text,
  auth_type text not null default 'none'::text,
  api_key_name text not null default 'X-API-Key'::text,
  api_key_in text not null default 'header'::text,
  custom_headers jsonb not null default '{}'::jsonb,
  request_body_template jsonb not null default '{}'::jsonb,
  response_path text,
  response_schema jsonb not null default '{}'::jsonb,
  is_active boolean not null default true,
  credential_secret_id uuid,
  credentials_configured boolean generated always as ((credential_secret_id IS NOT NULL)) stored,
  credentials_updated_at timestamp with time zone,
  last_called_at timestamp with time zone,
  last_status integer,
  created_by uuid default app.uid(),
  updated_by uuid,
  created_at timestamp with time zone not null default now(),
  updated_at timestamp with time zone not null default now(),
  constraint api_connections_api_key_in_check CHECK ((api_key_in = ANY (ARRAY['header'::text, 'query'::text]))),
  constraint api_connections_api_key_name_single_line CHECK ((api_key_name ~ '^[A-Za-z0-9!#$%&''*+.^_`|~-]{1,100}$'::text)),
  constraint api_connections_api_type_check CHECK ((api_type ~ '^[a-z][a-z0-9_-]{0,39}$'::text)),
  constraint api_connections_auth_type_check CHECK ((auth_type = ANY (ARRAY['bearer'::text, 'basic'::text, 'api_key'::text, 'none'::text]))),
  constraint api_connections_created_by_fkey FOREIGN KEY (created_by) REFERENCES auth.users(id) ON DELETE SET NULL,
  constraint api_connections_credential_fkey FOREIGN KEY (org_id, credential_secret_id) REFERENCES palisade_vault.secrets(org_id, id) ON DELETE SET NULL (credential_secret_id),
  constraint api_connections_custom_headers_check CHECK (((jsonb_typeof(custom_headers) = 'object'::text) AND (pg_column_size(custom_headers) <= 16384))),
  constraint api_connections_description_check CHECK ((length(description) <= 2000)),
  constraint api_connections_endpoint_url_check CHECK (app.endpoint_url_ok(endpoint_url)),
  constraint api_connections_http_method_check CHECK ((http_method = ANY (ARRAY['GET'::text, 'POST'::text, 'PUT'::text, 'DELETE'::text, 'PATCH'::text]))),
  constraint api_connections_last_status_check CHECK (((last_status >= 100) AND (last_status <= 599))),
  constraint api_connections_name_check CHECK (((length(btrim(name)) >= 1) AND (length(btrim(name)) <= 200))),
  constraint api_connections_name_single_line CHECK ((name !~ '[\x01-\x1f\x7f]'::text)),
  constraint api_connections_org_id_fkey FOREIGN KEY (org_id) REFERENCES public.organisations(id) ON DELETE CASCADE,
  constraint api_connections_pkey PRIMARY KEY (org_id, id),
  constraint api_connections_project_fkey FOREIGN KEY (org_id, project_id) REFERENCES public.projects(org_id, id) ON DELETE CASCADE,
  constraint api_connections_request_body_template_check CHECK (((jsonb_typeof(request_body_template) = 'object'::text) AND (pg_column_size(request_body_template) <= 65536))),
  constraint api_connections_response_path_check CHECK ((length(response_path) <= 200)),
  constraint api_connections_response_schema_check CHECK (((jsonb_typeof(response_schema) = 'object'::text) AND (pg_column_size(response_schema) <= 65536))),
  constraint api_connections_scope_check CHECK (((workspace_id IS NULL) <> (project_id IS NULL))),
  constraint api_connections_updated_by_fkey FOREIGN KEY (updated_by) REFERENCES auth.users(id) ON DELETE SET NULL,
  constraint api_connections_workspace_fkey FOREIGN KEY (org_id, workspace_id) REFERENCES public.workspaces(org_id, id) ON DELETE CASCADE
);
alter table public.api_connections enable row level security;
CREATE INDEX api_connections_project_idx ON public.api_connections USING btree (org_id, project_id) WHERE (project_id IS NOT NULL);
CREATE INDEX api_connections_workspace_idx ON public.api_connections USING btree (org_id, workspace_id) WHERE (workspace_id IS NOT NULL);
create policy "Platform operators manage API connections" on public.api_connections for all to platform_admin, service_role
  using (( SELECT app.is_platform_operator() AS is_platform_operator))
  with check (( SELECT app.is_platform_operator() AS is_platform_operator));
create policy "Scope managers create API connections" on public.api_connections for insert to authenticated
  with check (app.connection_scope_allows('manage'::text, org_id, workspace_id, project_id));
create policy "Scope managers delete API connections" on public.api_connections for delete to authenticated
  using (app.connection_scope_allows('manage'::text, org_id, workspace_id, project_id));
create policy "Scope managers edit API connections" on public.api_connections for update to authenticated
  using (app.connection_scope_allows('manage'::text, org_id, workspace_id, project_id))
  with check (app.connection_scope_allows('manage'::text, org_id, workspace_id, project_id));
create policy "Scope members see API connections" on public.api_connections for select to authenticated
  using (app.connection_scope_allows('read'::text, org_id, workspace_id, project_id));
CREATE TRIGGER api_connections_bind_credentials BEFORE UPDATE ON public.api_connections FOR EACH ROW EXECUTE FUNCTION app.api_connections_bind_credentials();
CREATE TRIGGER api_connections_drop_secret AFTER DELETE OR UPDATE ON public.api_connections FOR EACH ROW EXECUTE FUNCTION app.drop_credential_secret();
CREATE TRIGGER api_connections_same_org BEFORE UPDATE ON public.api_connections FOR EACH ROW EXECUTE FUNCTION app.forbid_org_change();
CREATE TRIGGER audit_row_change AFTER INSERT OR DELETE OR UPDATE ON public.api_connections FOR EACH ROW EXECUTE FUNCTION app.audit_row_change('mask=credential_secret_id', 'ignore=last_called_at,last_status');
grant delete on table public.api_connections to authenticated;
grant insert, update, delete on table public.api_connections to platform_admin;
grant select, insert, update, delete on table public.api_connections to service_role;
grant insert (org_id, workspace_id, project_id, name, description, api_type, endpoint_url, http_method, auth_type, api_key_name, api_key_in, custom_headers, request_body_template, response_path, response_schema, is_active) on table public.api_connections to authenticated;
grant select (org_id, id, workspace_id, project_id, name, description, api_type, endpoint_url, http_method, auth_type, api_key_name, api_key_in, custom_headers, request_body_template, response_path, response_schema, is_active, credentials_configured, credentials_updated_at, last_called_at, last_status, created_by, updated_by, created_at, updated_at) on table public.api_connections to authenticated;
grant update (name, description, api_type, endpoint_url, http_method, auth_type, api_key_name, api_key_in, custom_headers, request_body_template, response_path, response_schema, is_active) on table public.api_connections to authenticated;
grant select (org_id, id, workspace_id, project_id, name, description, api_type, endpoint_url, http_method, auth_type, api_key_name, api_key_in, custom_headers, request_body_template, response_path, response_schema, is_active, credentials_configured, credentials_updated_at, last_called_at, last_status, created_by, updated_by, created_at, updated_at) on table public.api_connections to platform_admin;

create table public.api_keys (
  org_id uuid not null,
  id uuid not null default gen_random_uuid(),
  name text not null,
  role text not null,
  key_hash bytea not null,
  prefix text not null,
  created_by uuid,
  expires_at timestamp with time zone,
  last_used_at timestamp with time zone,
  revoked_at timestamp with time zone,
  created_at timestamp with time zone not null default now(),
  updated_at timestamp with time zone not null default now(),
  constraint api_keys_created_by_fkey FOREIGN KEY (created_by) REFERENCES auth.users(id) ON DELETE SET NULL,
  constraint api_keys_key_hash_key UNIQUE (key_hash),
  constraint api_keys_name_check CHECK (((length(btrim(name)) >= 1) AND (length(btrim(name)) <= 200))),
  constraint api_keys_name_single_line CHECK ((name !~ '[\x01-\x1f\x7f]'::text)),
  constraint api_keys_not_platform_org CHECK ((org_id <> '00000000-0000-0000-0000-000000000001'::uuid)),
  constraint api_keys_org_id_fkey FOREIGN KEY (org_id) REFERENCES public.organisations(id) ON DELETE CASCADE,
  constraint api_keys_pkey PRIMARY KEY (org_id, id),
  constraint api_keys_prefix_check CHECK (((length(prefix) >= 4) AND (length(prefix) <= 16))),
  constraint api_keys_role_check CHECK ((role = ANY (ARRAY['admin'::text, 'member'::text, 'viewer'::text])))
);
alter table public.api_keys enable row level security;
CREATE INDEX api_keys_id_idx ON public.api_keys USING btree (id);
create policy "Owners and admins rename and revoke API keys" on public.api_keys for update to authenticated
  using ((org_id = ANY (( SELECT app.caller_org_ids('admin'::text) AS caller_org_ids)::uuid[])))
  with check ((org_id = ANY (( SELECT app.caller_org_ids('admin'::text) AS caller_org_ids)::uuid[])));
create policy "Owners and admins see their organisations' API keys" on public.api_keys for select to authenticated
  using ((org_id = ANY (( SELECT app.caller_org_ids('admin'::text) AS caller_org_ids)::uuid[])));
create policy "Platform operators manage API keys" on public.api_keys for all to platform_admin, service_role
  using (( SELECT app.is_platform_operator() AS is_platform_operator))
  with check (( SELECT app.is_platform_operator() AS is_platform_operator));
CREATE TRIGGER api_keys_forget_caller_org_ids AFTER INSERT OR DELETE OR UPDATE OR TRUNCATE ON public.api_keys FOR EACH STATEMENT EXECUTE FUNCTION app.forget_caller_org_ids();
CREATE TRIGGER api_keys_org_not_deleted BEFORE INSERT ON public.api_keys FOR EACH ROW EXECUTE FUNCTION app.refuse_deleted_org();
CREATE TRIGGER api_keys_revocation_one_way BEFORE UPDATE OF revoked_at ON public.api_keys FOR EACH ROW EXECUTE FUNCTION app.keep_api_key_revoked();
CREATE TRIGGER api_keys_same_org BEFORE UPDATE ON public.api_keys FOR EACH ROW EXECUTE FUNCTION app.forbid_org_change();
CREATE TRIGGER api_keys_touch BEFORE UPDATE OF name, role, expires_at, revoked_at ON public.api_keys FOR EACH ROW EXECUTE FUNCTION app.touch_updated_at();
CREATE TRIGGER audit_row_change AFTER INSERT OR DELETE OR UPDATE ON public.api_keys FOR EACH ROW EXECUTE FUNCTION app.audit_row_change('ignore=last_used_at');
grant delete on table public.api_keys to platform_admin;
grant select, insert, update, delete on table public.api_keys to service_role;
grant select (org_id, id, name, role, prefix, created_by, expires_at, last_used_at, revoked_at, created_at, updated_at) on table public.api_keys to authenticated;
grant update (name, revoked_at) on table public.api_keys to authenticated;
grant update (name, expires_at, revoked_at) on table public.api_keys to platform_admin;

create table public.audit_log (
  org_id uuid not null,
  seq bigint not null,
  created_at timestamp with time zone not null,
  actor_id uuid,
  actor_role text not null,
  actor_key_id uuid,
  action text not null,
  target_table text,
  target_id text,
  old_data jsonb,
  new_data jsonb,
  details jsonb,
  request_id text,
  ip text,
  user_agent text,
  prev_hash bytea not null,
  hash bytea not null,
  constraint audit_log_action_check CHECK (((length(action) >= 1) AND (length(action) <= 200))),
  constraint audit_log_hash_check CHECK ((octet_length(hash) = 32)),
  constraint audit_log_pkey PRIMARY KEY (org_id, seq),
  constraint audit_log_prev_hash_check CHECK ((octet_length(prev_hash) = 32)),
  constraint audit_log_seq_check CHECK ((seq >= 1))
);
alter table public.audit_log enable row level security;
CREATE INDEX audit_log_org_action_idx ON public.audit_log USING btree (org_id, action, seq);
CREATE INDEX audit_log_org_actor_idx ON public.audit_log USING btree (org_id, actor_id, seq);
CREATE INDEX audit_log_org_created_idx ON public.audit_log USING btree (org_id, created_at);
create policy "Owners and admins read their organisations' audit log" on public.audit_log for select to authenticated
  using ((org_id = ANY (( SELECT app.caller_org_ids('admin'::text) AS caller_org_ids)::uuid[])));
create policy "Platform operators read every audit log" on public.audit_log for select to platform_admin, service_role
  using (( SELECT app.is_platform_operator() AS is_platform_operator));
CREATE TRIGGER audit_log_append_only BEFORE DELETE OR UPDATE ON public.audit_log FOR EACH ROW EXECUTE FUNCTION app.refuse_audit_change();
CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON public.audit_log FOR EACH STATEMENT EXECUTE FUNCTION app.refuse_audit_change();
CREATE TRIGGER audit_log_rewritten_delete AFTER DELETE ON public.audit_log REFERENCING OLD TABLE AS rewritten_old FOR EACH STATEMENT EXECUTE FUNCTION app.audit_heads_reread();
CREATE TRIGGER audit_log_rewritten_update AFTER UPDATE ON public.audit_log REFERENCING OLD TABLE AS rewritten_old NEW TABLE AS rewritten_new FOR EACH STATEMENT EXECUTE FUNCTION app.audit_heads_reread();
grant select on table public.audit_log to authenticated;
grant select on table public.audit_log to service_role;

create table public.billing_events (
  org_id uuid not null,
  id uuid not null default gen_random_uuid(),
  provider text not null default 'stripe'::text,
  event_id text not null,
  type text not null,
  livemode boolean not null default false,
  event_created timestamp with time zone not null,
  payload jsonb not null,
  status text not null default 'received'::text,
  error text,
  received_at timestamp with time zone not null default now(),
  processed_at timestamp with time zone,
  constraint billing_events_error_check CHECK ((length(error) <= 2000)),
  constraint billing_events_event_id_check CHECK (((length(event_id) >= 1) AND (length(event_id) <= 255))),
  constraint billing_events_event_key UNIQUE (provider, event_id),
  constraint billing_events_org_id_fkey FOREIGN KEY (org_id) REFERENCES public.organisations(id) ON DELETE CASCADE,
  constraint billing_events_payload_check CHECK ((octet_length((payload)::text) <= 1048576)),
  constraint billing_events_pkey PRIMARY KEY (org_id, id),
  constraint billing_events_provider_check CHECK ((provider = 'stripe'::text)),
  constraint billing_events_status_check CHECK ((status = ANY (ARRAY['received'::text, 'processed'::text, 'ignored'::text, 'failed'::text]))),
  constraint billing_events_type_check CHECK (((length(type) >= 1) AND (length(type) <= 255)))
);
alter table public.billing_events enable row level security;
CREATE INDEX billing_events_org_idx ON public.billing_events USING btree (org_id, received_at);
create policy "Platform operators manage billing events" on public.billing_events for all to platform_admin, service_role
  using (( SELECT app.is_platform_operator() AS is_platform_operator))
  with check (( SELECT app.is_platform_operator() AS is_platform_operator));
CREATE TRIGGER billing_events_same_org BEFORE UPDATE ON public.billing_events FOR EACH ROW EXECUTE FUNCTION app.forbid_org_change();
grant select on table public.billing_events to platform_admin;
grant select, insert, update, delete on table public.billing_events to service_role;

create table public.checkout_sessions (
  org_id uuid not null,
  id uuid not null default gen_random_uuid(),
  plan_id text not null,
  provider text not null default 'stripe'::text,
  status text not null default 'pending'::text,
  provider_session_id text,
  checkout_url text,
  stripe_customer_id text,
  created_by uuid default app.uid(),
  expires_at timestamp with time zone,
  stripe_event_created timestamp with time zone,
  created_at timestamp with time zone not null default now(),
  updated_at timestamp with time zone not null default now(),
  constraint checkout_sessions_checkout_url_check CHECK (((length(checkout_url) <= 2048) AND (checkout_url ~ '^https?://'::text))),
  constraint checkout_sessions_created_by_fkey FOREIGN KEY (created_by) REFERENCES auth.users(id) ON DELETE SET NULL,
  constraint checkout_sessions_org_id_fkey FOREIGN KEY (org_id) REFERENCES public.organisations(id) ON DELETE CASCADE,
  constraint checkout_sessions_pkey PRIMARY KEY (org_id, id),
  constraint checkout_sessions_plan_id_fkey FOREIGN KEY (plan_id) REFERENCES platform.plans(id) ON DELETE RESTRICT,
  constraint checkout_sessions_provider_check CHECK ((provider = 'stripe'::text)),
  constraint checkout_sessions_provider_session_id_check CHECK (((length(provider_session_id) >= 1) AND (length(provider_session_id) <= 255))),
  constraint checkout_sessions_provider_session_id_key UNIQUE (provider_session_id),
  constraint checkout_sessions_status_check CHECK ((status = ANY (ARRAY['pending'::text, 'open'::text, 'complete'::text, 'expired'::text, 'failed'::text]))),
  constraint checkout_sessions_stripe_customer_id_check CHECK ((stripe_customer_id ~ '^cus_[A-Za-z0-9]{1,100}$'::text))
);
alter table public.checkout_sessions enable row level security;
CREATE INDEX checkout_sessions_org_idx ON public.checkout_sessions USING btree (org_id, created_at, id);
CREATE INDEX checkout_sessions_plan_idx ON public.checkout_sessions USING btree (plan_id);
create policy "Owners and admins see their organisations' checkouts" on public.checkout_sessions for select to authenticated
  using ((org_id = ANY (( SELECT app.caller_org_ids('admin'::text) AS caller_org_ids)::uuid[])));
create policy "Owners and admins start checkouts" on public.checkout_sessions for insert to authenticated
  with check ((org_id = ANY (( SELECT app.caller_org_ids('admin'::text) AS caller_org_ids)::uuid[])));
create policy "Platform operators manage checkouts" on public.checkout_sessions for all to platform_admin, service_role
  using (( SELECT app.is_platform_operator() AS is_platform_operator))
  with check (( SELECT app.is_platform_operator() AS is_platform_operator));
CREATE TRIGGER audit_row_change AFTER INSERT OR DELETE OR UPDATE ON public.checkout_sessions FOR EACH ROW EXECUTE FUNCTION app.audit_row_change('omit=provider_session_id,checkout_url,stripe_customer_id');
CREATE TRIGGER checkout_sessions_check_plan AFTER INSERT ON public.checkout_sessions FOR EACH ROW EXECUTE FUNCTION app.check_checkout_plan();
CREATE TRIGGER checkout_sessions_same_org BEFORE UPDATE ON public.checkout_sessions FOR EACH ROW EXECUTE FUNCTION app.forbid_org_change();
CREATE TRIGGER checkout_sessions_touch BEFORE UPDATE ON public.checkout_sessions FOR EACH ROW EXECUTE FUNCTION app.touch_updated_at();
grant select, insert, update, delete on table public.checkout_sessions to platform_admin;
grant select, insert, update, delete on table public.checkout_sessions to service_role;
grant insert (org_id, plan_id) on table public.checkout_sessions to authenticated;
grant select (org_id, id, plan_id, provider, status, created_by, expires_at, created_at, updated_at) on table public.checkout_sessions to authenticated;

create table public.credit_balances (
  org_id uuid not null,
  id uuid not null default gen_random_uuid(),
  granted bigint not null default 0,
  purchased bigint not null default 0,
  balance bigint generated always as ((granted + purchased)) stored,
  grant_period date,
  grant_plan_id text,
  grant_amount bigint not null default 0,
  updated_at timestamp with time zone not null default now(),
  constraint credit_balances_granted_check CHECK ((granted >= 0)),
  constraint credit_balances_org_id_fkey FOREIGN KEY (org_id) REFERENCES public.organisations(id) ON DELETE CASCADE,
  constraint credit_balances_org_key UNIQUE (org_id),
  constraint credit_balances_pkey PRIMARY KEY (org_id, id),
  constraint credit_balances_purchased_check CHECK ((purchased >= 0))
);
alter table public.credit_balances enable row level security;
create policy "Members see their organisations' credit balance" on public.credit_balances for select to authenticated
  using ((org_id = ANY (( SELECT app.caller_org_ids('viewer'::text) AS caller_org_ids)::uuid[])));
create policy "Platform operators see credit balances" on public.credit_balances for select to platform_admin, service_role
  using (( SELECT app.is_platform_operator() AS is_platform_operator));
CREATE TRIGGER audit_row_change AFTER INSERT OR DELETE OR UPDATE ON public.credit_balances FOR EACH ROW EXECUTE FUNCTION app.audit_row_change('ignore=granted,purchased,balance,grant_period,grant_plan_id,grant_amount');
CREATE TRIGGER credit_balances_same_org BEFORE UPDATE ON public.credit_balances FOR EACH ROW EXECUTE FUNCTION app.forbid_org_change();
grant select on table public.credit_balances to authenticated;
grant select on table public.credit_balances to platform_admin;
grant select on table public.credit_balances to service_role;

create table public.credit_ledger (
  org_id uuid not null,
  id uuid not null default gen_random_uuid(),
  kind text not null,
  granted bigint not null default 0,
  purchased bigint not null default 0,
  amount bigint generated always as ((granted + purchased)) stored,
  period_start date,
  plan_id text,
  purchase_id uuid,
  usage_id uuid,
  created_at timestamp with time zone not null default now(),
  constraint credit_ledger_entry_check CHECK (
CASE kind
    WHEN 'grant'::text THEN ((period_start IS NOT NULL) AND (granted >= 0) AND (purchased = 0))
    WHEN 'grant_expiry'::text THEN ((period_start IS NOT NULL) AND (granted < 0) AND (purchased = 0))
    WHEN 'purchase'::text THEN ((purchase_id IS NOT NULL) AND (purchased > 0) AND (granted = 0))
    WHEN 'usage'::text THEN ((usage_id IS NOT NULL) AND (granted <= 0) AND (purchased <= 0) AND ((granted + purchased) < 0))
    ELSE NULL::boolean
END),
  constraint credit_ledger_kind_check CHECK ((kind = ANY (ARRAY['grant'::text, 'grant_expiry'::text, 'purchase'::text, 'usage'::text]))),
  constraint credit_ledger_org_id_fkey FOREIGN KEY (org_id) REFERENCES public.organisations(id) ON DELETE CASCADE,
  constraint credit_ledger_period_key UNIQUE (org_id, kind, period_start),
  constraint credit_ledger_pkey PRIMARY KEY (org_id, id),
  constraint credit_ledger_purchase_fkey FOREIGN KEY (org_id, purchase_id) REFERENCES public.token_purchases(org_id, id),
  constraint credit_ledger_purchase_key UNIQUE (org_id, purchase_id),
  constraint credit_ledger_usage_fkey FOREIGN KEY (org_id, usage_id) REFERENCES public.token_usage(org_id, id),
  constraint credit_ledger_usage_key UNIQUE (org_id, usage_id)
);
alter table public.credit_ledger enable row level security;
CREATE INDEX credit_ledger_org_idx ON public.credit_ledger USING btree (org_id, created_at, id);
create policy "Owners and admins see their organisations' credit ledger" on public.credit_ledger for select to authenticated
  using ((org_id = ANY (( SELECT app.caller_org_ids('admin'::text) AS caller_org_ids)::uuid[])));
create policy "Platform operators see credit ledgers" on public.credit_ledger for select to platform_admin, service_role
  using (( SELECT app.is_platform_operator() AS is_platform_operator));
CREATE TRIGGER audit_row_change AFTER INSERT ON public.credit_ledger FOR EACH ROW WHEN ((new.kind <> 'usage'::text)) EXECUTE FUNCTION app.audit_row_change();
CREATE TRIGGER credit_ledger_append_only BEFORE DELETE OR UPDATE ON public.credit_ledger FOR EACH ROW EXECUTE FUNCTION app.refuse_credit_change();
CREATE TRIGGER credit_ledger_apply AFTER INSERT ON public.credit_ledger FOR EACH ROW EXECUTE FUNCTION app.apply_credit_entry();
CREATE TRIGGER credit_ledger_same_org BEFORE UPDATE ON public.credit_ledger FOR EACH ROW EXECUTE FUNCTION app.forbid_org_change();
grant select on table public.credit_ledger to authenticated;
grant select on table public.credit_ledger to platform_admin;
grant select on table public.credit_ledger to service_role;

create table public.hubspot_webhook_events (
  org_id uuid not null,
  id uuid not null default gen_random_uuid(),
  event_key text not null,
  portal_id bigint not null,
  subscription_type text not null,
  object_id text,
  occurred_at timestamp with time zone,
  payload jsonb not null,
  status text not null default 'received'::text,
  error text,
  received_at timestamp with time zone not null default now(),
  processed_at timestamp with time zone,
  constraint hubspot_webhook_events_error_check CHECK ((length(error) <= 2000)),
  constraint hubspot_webhook_events_event_key_check CHECK ((event_key ~ '^[0-9]{1,20}:[0-9]{1,20}$'::text)),
  constraint hubspot_webhook_events_event_key_key UNIQUE (event_key),
  constraint hubspot_webhook_events_object_id_check CHECK ((length(object_id) <= 40)),
  constraint hubspot_webhook_events_org_id_fkey FOREIGN KEY (org_id) REFERENCES public.organisations(id) ON DELETE CASCADE,
  constraint hubspot_webhook_events_payload_check CHECK ((octet_length((payload)::text) <= 65536)),
  constraint hubspot_webhook_events_pkey PRIMARY KEY (org_id, id),
  constraint hubspot_webhook_events_status_check CHECK ((status = ANY (ARRAY['received'::text, 'processed'::text, 'ignored'::text, 'failed'::text]))),
  constraint hubspot_webhook_events_subscription_type_check CHECK (((length(subscription_type) >= 1) AND (length(subscription_type) <= 100)))
);
alter table public.hubspot_webhook_events enable row level security;
CREATE INDEX hubspot_webhook_events_object_idx ON public.hubspot_webhook_events USING btree (org_id, object_id, occurred_at);
CREATE INDEX hubspot_webhook_events_org_idx ON public.hubspot_webhook_events USING btree (org_id, received_at);
create policy "Platform operators manage HubSpot webhook events" on public.hubspot_webhook_events for all to platform_admin, service_role
  using (( SELECT app.is_platform_operator() AS is_platform_operator))
  with check (( SELECT app.is_platform_operator() AS is_platform_operator));
CREATE TRIGGER hubspot_webhook_events_same_org BEFORE UPDATE ON public.hubspot_webhook_events FOR EACH ROW EXECUTE FUNCTION app.forbid_org_change();
grant select on table public.hubspot_webhook_events to platform_admin;
grant select, insert, update, delete on table public.hubspot_webhook_events to service_role;

create table public.implementation_requests (
  org_id uuid not null,
  id uuid not null default gen_random_uuid(),
  kind text not null,
  title text not null,
  details text,
  status text not null default 'open'::text,
  operator_notes text,
  requested_by uuid default app.uid(),
  created_at timestamp with time zone not null default now(),
  updated_at timestamp with time zone not null default now(),
  constraint implementation_requests_details_check CHECK ((length(details) <= 10000)),
  constraint implementation_requests_kind_check CHECK ((kind = ANY (ARRAY['integration_setup'::text, 'data_import'::text, 'custom_workflow'::text, 'qualification_tuning'::text, 'other'::text]))),
  constraint implementation_requests_operator_notes_check CHECK ((length(operator_notes) <= 10000)),
  constraint implementation_requests_org_id_fkey FOREIGN KEY (org_id) REFERENCES public.organisations(id) ON DELETE CASCADE,
  constraint implementation_requests_pkey PRIMARY KEY (org_id, id),
  constraint implementation_requests_requested_by_fkey FOREIGN KEY (requested_by) REFERENCES auth.users(id) ON DELETE SET NULL,
  constraint implementation_requests_status_check CHECK ((status = ANY (ARRAY['open'::text, 'in_progress'::text, 'done'::text, 'declined'::text]))),
  constraint implementation_requests_title_check CHECK (((length(btrim(title)) >= 1) AND (length(btrim(title)) <= 200))),
  constraint implementation_requests_title_single_line CHECK ((title !~ '[\x01-\x1f\x7f]'::text))
);
alter table public.implementation_requests enable row level security;
CREATE INDEX implementation_requests_open_idx ON public.implementation_requests USING btree (created_at) WHERE (status = ANY (ARRAY['open'::text, 'in_progress'::text]));
CREATE INDEX implementation_requests_org_idx ON public.implementation_requests USING btree (org_id, created_at, id);
create policy "Members see their organisations' implementation requests" on public.implementation_requests for select to authenticated
  using ((org_id = ANY (( SELECT app.caller_org_ids('viewer'::text) AS caller_org_ids)::uuid[])));
create policy "Owners, admins and members file implementation requests" on public.implementation_requests for insert to authenticated
  with check ((org_id = ANY (( SELECT app.caller_org_ids('member'::text) AS caller_org_ids)::uuid[])));
create policy "Platform operators work implementation requests" on public.implementation_requests for all to platform_admin, service_role
  using (( SELECT app.is_platform_operator() AS is_platform_operator))
  with check (( SELECT app.is_platform_operator() AS is_platform_operator));
CREATE TRIGGER audit_row_change AFTER INSERT OR DELETE OR UPDATE ON public.implementation_requests FOR EACH ROW EXECUTE FUNCTION app.audit_row_change('omit=details,operator_notes');
CREATE TRIGGER implementation_requests_same_org BEFORE UPDATE ON public.implementation_requests FOR EACH ROW EXECUTE FUNCTION app.forbid_org_change();
CREATE TRIGGER implementation_requests_touch BEFORE UPDATE ON public.implementation_requests FOR EACH ROW EXECUTE FUNCTION app.touch_updated_at();
grant select, insert, update, delete on table public.implementation_requests to platform_admin;
grant select, insert, update, delete on table public.implementation_requests to service_role;
grant insert (org_id, kind, title, details) on table public.implementation_requests to authenticated;
grant select (org_id, id, kind, title, details, status, requested_by, created_at, updated_at) on table public.implementation_requests to authenticated;

create table public.integration_events (
  org_id uuid not null,
  id uuid not null default gen_random_uuid(),
  integration_id uuid not null,
  trigger text not null,
  status text not null default 'queued'::text,
  scheduled_for timestamp with time zone,
  sent integer not null default 0,
  created integer not null default 0,
  updated integer not null default 0,
  failed integer not null default 0,
  errors jsonb not null default '[]'::jsonb,
  requested_by uuid default app.uid(),
  created_at timestamp with time zone not null default now(),
  started_at timestamp with time zone,
  finished_at timestamp with time zone,
  constraint integration_events_created_check CHECK ((created >= 0)),
  constraint integration_events_errors_check CHECK (((jsonb_typeof(errors) = 'array'::text) AND (jsonb_array_length(errors) <= 100) AND (octet_length((errors)::text) <= 131072))),
  constraint integration_events_failed_check CHECK ((failed >= 0)),
  constraint integration_events_integration_fkey FOREIGN KEY (org_id, integration_id) REFERENCES public.organisation_integrations(org_id, id) ON DELETE CASCADE,
  constraint integration_events_org_id_fkey FOREIGN KEY (org_id) REFERENCES public.organisations(id) ON DELETE CASCADE,
  constraint integration_events_pkey PRIMARY KEY (org_id, id),
  constraint integration_events_requested_by_fkey FOREIGN KEY (requested_by) REFERENCES auth.users(id) ON DELETE SET NULL,
  constraint integration_events_sent_check CHECK ((sent >= 0)),
  constraint integration_events_status_check CHECK ((status = ANY (ARRAY['queued'::text, 'running'::text, 'succeeded'::text, 'partial'::text, 'failed'::text, 'skipped'::text]))),
  constraint integration_events_trigger_check CHECK ((trigger = ANY (ARRAY['manual'::text, 'schedule'::text, 'cli'::text]))),
  constraint integration_events_updated_check CHECK ((updated >= 0))
);
alter table public.integration_events enable row level security;
CREATE INDEX integration_events_integration_idx ON public.integration_events USING btree (org_id, integration_id, created_at, id);
CREATE INDEX integration_events_queued_idx ON public.integration_events USING btree (created_at) WHERE (status = 'queued'::text);
CREATE UNIQUE INDEX integration_events_slot_key ON public.integration_events USING btree (org_id, integration_id, scheduled_for) WHERE (scheduled_for IS NOT NULL);
create policy "Members see their organisations' integration events" on public.integration_events for select to authenticated
  using ((org_id = ANY (( SELECT app.caller_org_ids('viewer'::text) AS caller_org_ids)::uuid[])));
create policy "Platform operators manage integration events" on public.integration_events for all to platform_admin, service_role
  using (( SELECT app.is_platform_operator() AS is_platform_operator))
  with check (( SELECT app.is_platform_operator() AS is_platform_operator));
CREATE TRIGGER audit_row_change AFTER INSERT OR DELETE OR UPDATE ON public.integration_events FOR EACH ROW EXECUTE FUNCTION app.audit_row_change('omit=errors', 'ignore=sent,created,updated,failed,errors');
CREATE TRIGGER integration_events_same_org BEFORE UPDATE ON public.integration_events FOR EACH ROW EXECUTE FUNCTION app.forbid_org_change();
grant select on table public.integration_events to authenticated;
grant select, insert, update, delete on table public.integration_events to platform_admin;
grant select, insert, update, delete on table public.integration_events to service_role;

create table public.integration_notifications (
  org_id uuid not null,
  id uuid not null default gen_random_uuid(),
  integration_id uuid,
  kind text not null,
  severity text not null default 'warning'::text,
  title text not null,
  body text not null,
  details jsonb not null default '{}'::jsonb,
  read_at timestamp with time zone,
  read_by uuid,
  created_at timestamp with time zone not null default now(),
  constraint integration_notifications_body_check CHECK ((length(body) <= 4000)),
  constraint integration_notifications_details_check CHECK ((jsonb_typeof(details) = 'object'::text)),
  constraint integration_notifications_integration_fkey FOREIGN KEY (org_id, integration_id) REFERENCES public.organisation_integrations(org_id, id) ON DELETE SET NULL (integration_id),
  constraint integration_notifications_kind_check CHECK ((kind ~ '^[a-z][a-z0-9_.]{1,63}$'::text)),
  constraint integration_notifications_org_id_fkey FOREIGN KEY (org_id) REFERENCES public.organisations(id) ON DELETE CASCADE,
  constraint integration_notifications_pkey PRIMARY KEY (org_id, id),
  constraint integration_notifications_read_by_fkey FOREIGN KEY (read_by) REFERENCES auth.users(id) ON DELETE SET NULL,
  constraint integration_notifications_severity_check CHECK ((severity = ANY (ARRAY['info'::text, 'warning'::text, 'error'::text]))),
  constraint integration_notifications_title_check CHECK (((length(btrim(title)) >= 1) AND (length(btrim(title)) <= 200))),
  constraint integration_notifications_title_single_line CHECK ((title !~ '[\x01-\x1f\x7f]'::text))
);
alter table public.integration_notifications enable row level security;
CREATE INDEX integration_notifications_integration_idx ON public.integration_notifications USING btree (org_id, integration_id);
CREATE INDEX integration_notifications_unread_idx ON public.integration_notifications USING btree (org_id, created_at DESC) WHERE (read_at IS NULL);
create policy "Owners and admins mark integration notices read" on public.integration_notifications for update to authenticated
  using ((org_id = ANY (( SELECT app.caller_org_ids('admin'::text) AS caller_org_ids)::uuid[])))
  with check ((org_id = ANY (( SELECT app.caller_org_ids('admin'::text) AS caller_org_ids)::uuid[])));
create policy "Owners and admins read their organisations' integration notices" on public.integration_notifications for select to authenticated
  using ((org_id = ANY (( SELECT app.caller_org_ids('admin'::text) AS caller_org_ids)::uuid[])));
create policy "Platform operators delete integration notices" on public.integration_notifications for delete to platform_admin, service_role
  using (( SELECT app.is_platform_operator() AS is_platform_operator));
create policy "Platform operators read integration notices" on public.integration_notifications for select to platform_admin, service_role
  using (( SELECT app.is_platform_operator() AS is_platform_operator));
create policy "Platform operators update integration notices" on public.integration_notifications for update to platform_admin, service_role
  using (( SELECT app.is_platform_operator() AS is_platform_operator))
  with check (( SELECT app.is_platform_operator() AS is_platform_operator));
create policy "The service role writes integration notices" on public.integration_notifications for insert to service_role
  with check (( SELECT app.is_platform_service() AS is_platform_service));
CREATE TRIGGER audit_row_change AFTER INSERT OR DELETE OR UPDATE ON public.integration_notifications FOR EACH ROW EXECUTE FUNCTION app.audit_row_change('ignore=read_at,read_by');
CREATE TRIGGER integration_notifications_same_org BEFORE UPDATE ON public.integration_notifications FOR EACH ROW EXECUTE FUNCTION app.forbid_org_change();
grant select on table public.integration_notifications to authenticated;
grant delete on table public.integration_notifications to platform_admin;
grant select, insert, update, delete on table public.integration_notifications to service_role;
grant update (read_at, read_by) on table public.integration_notifications to authenticated;

create table public.integration_records (
  org_id uuid not null,
  id uuid not null default gen_random_uuid(),
  seq bigint not null generated always as identity,
  integration_id uuid not null,
  record jsonb not null,
  created_by uuid default app.uid(),
  created_at timestamp with time zone not null default now(),
  exported_at timestamp with time zone,
  sync_id uuid,
  error text,
  constraint integration_records_created_by_fkey FOREIGN KEY (created_by) REFERENCES auth.users(id) ON DELETE SET NULL,
  constraint integration_records_error_check CHECK ((length(error) <= 1000)),
  constraint integration_records_integration_fkey FOREIGN KEY (org_id, integration_id) REFERENCES public.organisation_integrations(org_id, id) ON DELETE CASCADE,
  constraint integration_records_org_id_fkey FOREIGN KEY (org_id) REFERENCES public.organisations(id) ON DELETE CASCADE,
  constraint integration_records_pkey PRIMARY KEY (org_id, id),
  constraint integration_records_record_check CHECK (((jsonb_typeof(record) = 'object'::text) AND (octet_length((record)::text) <= 16384))),
  constraint integration_records_settled_check CHECK (((exported_at IS NULL) OR (error IS NULL))),
  constraint integration_records_sync_fkey FOREIGN KEY (org_id, sync_id) REFERENCES public.integration_events(org_id, id) ON DELETE SET NULL (sync_id)
);
alter table public.integration_records enable row level security;
CREATE INDEX integration_records_integration_idx ON public.integration_records USING btree (org_id, integration_id, seq);
CREATE INDEX integration_records_pending_idx ON public.integration_records USING btree (org_id, integration_id, seq) WHERE ((exported_at IS NULL) AND (error IS NULL));
CREATE INDEX integration_records_sync_idx ON public.integration_records USING btree (org_id, sync_id);
create policy "Owners, admins and members see their organisations' staged reco" on public.integration_records for select to authenticated
  using ((org_id = ANY (( SELECT app.caller_org_ids('member'::text) AS caller_org_ids)::uuid[])));
create policy "Owners, admins and members stage records for export" on public.integration_records for insert to authenticated
  with check ((org_id = ANY (( SELECT app.caller_org_ids('member'::text) AS caller_org_ids)::uuid[])));
create policy "Platform operators manage staged records" on public.integration_records for all to platform_admin, service_role
  using (( SELECT app.is_platform_operator() AS is_platform_operator))
  with check (( SELECT app.is_platform_operator() AS is_platform_operator));
CREATE TRIGGER audit_row_change AFTER INSERT OR DELETE OR UPDATE ON public.integration_records FOR EACH ROW EXECUTE FUNCTION app.audit_row_change('omit=record', 'ignore=exported_at,sync_id,error');
CREATE TRIGGER integration_records_same_org BEFORE UPDATE ON public.integration_records FOR EACH ROW EXECUTE FUNCTION app.forbid_org_change();
grant select on table public.integration_records to authenticated;
grant select, insert, update, delete on table public.integration_records to platform_admin;
grant select, insert, update, delete on table public.integration_records to service_role;
grant insert (org_id, integration_id, record) on table public.integration_records to authenticated;

create table public.invitations (
  org_id uuid not null,
  id uuid not null default gen_random_uuid(),
  email text not null,
  role text not null,
  token_hash bytea not null,
  invited_by uuid,
  expires_at timestamp with time zone not null,
  accepted_at timestamp with time zone,
  accepted_by uuid,
  revoked_at timestamp with time zone,
  created_at timestamp with time zone not null default now(),
  constraint invitations_accepted_by_fkey FOREIGN KEY (accepted_by) REFERENCES auth.users(id) ON DELETE SET NULL,
  constraint invitations_email_check CHECK (((length(email) <= 320) AND (email ~ '^[^@[:space:]]+@[^@[:space:]]+\.[^@[:space:]]+$'::text))),
  constraint invitations_invited_by_fkey FOREIGN KEY (invited_by) REFERENCES auth.users(id) ON DELETE SET NULL,
  constraint invitations_org_id_fkey FOREIGN KEY (org_id) REFERENCES public.organisations(id) ON DELETE CASCADE,
  constraint invitations_pkey PRIMARY KEY (org_id, id),
  constraint invitations_role_check CHECK ((role = ANY (ARRAY['owner'::text, 'admin'::text, 'member'::text, 'viewer'::text]))),
  constraint invitations_token_hash_key UNIQUE (token_hash)
);
alter table public.invitations enable row level security;
CREATE INDEX invitations_org_email_idx ON public.invitations USING btree (org_id, lower(email));
create policy "Owners and admins see their organisations' invitations" on public.invitations for select to authenticated
  using ((org_id = ANY (( SELECT app.caller_org_ids('admin'::text) AS caller_org_ids)::uuid[])));
create policy "Platform operators manage invitations" on public.invitations for all to platform_admin, service_role
  using (( SELECT app.is_platform_operator() AS is_platform_operator))
  with check (( SELECT app.is_platform_operator() AS is_platform_operator));
CREATE TRIGGER audit_row_change AFTER INSERT OR DELETE OR UPDATE ON public.invitations FOR EACH ROW EXECUTE FUNCTION app.audit_row_change();
CREATE TRIGGER invitations_org_not_deleted BEFORE INSERT ON public.invitations FOR EACH ROW EXECUTE FUNCTION app.refuse_deleted_org();
CREATE TRIGGER invitations_same_org BEFORE UPDATE ON public.invitations FOR EACH ROW EXECUTE FUNCTION app.forbid_org_change();
grant delete on table public.invitations to platform_admin;
grant select, insert, update, delete on table public.invitations to service_role;
grant select (org_id, id, email, role, invited_by, expires_at, accepted_at, accepted_by, revoked_at, created_at) on table public.invitations to authenticated;
grant update (expires_at, revoked_at) on table public.invitations to platform_admin;

create table public.lead_capture_keys (
  org_id uuid not null,
  id uuid not null default gen_random_uuid(),
  workspace_id uuid not null,
  name text not null,
  key_hash bytea not null,
  prefix text not null,
  created_by uuid default app.uid(),
  expires_at timestamp with time zone,
  revoked_at timestamp with time zone,
  last_used_at timestamp with time zone,
  created_at timestamp with time zone not null default now(),
  constraint lead_capture_keys_created_by_fkey FOREIGN KEY (created_by) REFERENCES auth.users(id) ON DELETE SET NULL,
  constraint lead_capture_keys_key_hash_check CHECK ((length(key_hash) = 32)),
  constraint lead_capture_keys_key_hash_key UNIQUE (key_hash),
  constraint lead_capture_keys_name_check CHECK (((length(btrim(name)) >= 1) AND (length(btrim(name)) <= 200))),
  constraint lead_capture_keys_name_single_line CHECK ((name !~ '[\x01-\x1f\x7f]'::text)),
  constraint lead_capture_keys_org_id_fkey FOREIGN KEY (org_id) REFERENCES public.organisations(id) ON DELETE CASCADE,
  constraint lead_capture_keys_pkey PRIMARY KEY (org_id, id),
  constraint lead_capture_keys_prefix_check CHECK (((length(prefix) >= 4) AND (length(prefix) <= 16))),
  constraint lead_capture_keys_workspace_fkey FOREIGN KEY (org_id, workspace_id) REFERENCES public.workspaces(org_id, id) ON DELETE CASCADE
);
alter table public.lead_capture_keys enable row level security;
CREATE INDEX lead_capture_keys_workspace_idx ON public.lead_capture_keys USING btree (org_id, workspace_id);
create policy "Owners and admins create lead capture keys" on public.lead_capture_keys for insert to authenticated
  with check ((org_id = ANY (( SELECT app.caller_org_ids('admin'::text) AS caller_org_ids)::uuid[])));
create policy "Owners and admins rename and revoke lead capture keys" on public.lead_capture_keys for update to authenticated
  using ((org_id = ANY (( SELECT app.caller_org_ids('admin'::text) AS caller_org_ids)::uuid[])))
  with check ((org_id = ANY (( SELECT app.caller_org_ids('admin'::text) AS caller_org_ids)::uuid[])));
create policy "Owners and admins see lead capture keys" on public.lead_capture_keys for select to authenticated
  using ((org_id = ANY (( SELECT app.caller_org_ids('admin'::text) AS caller_org_ids)::uuid[])));
create policy "Platform operators manage lead capture keys" on public.lead_capture_keys for all to platform_admin, service_role
  using (( SELECT app.is_platform_operator() AS is_platform_operator))
  with check (( SELECT app.is_platform_operator() AS is_platform_operator));
CREATE TRIGGER audit_row_change AFTER INSERT OR DELETE OR UPDATE ON public.lead_capture_keys FOR EACH ROW EXECUTE FUNCTION app.audit_row_change('omit=key_hash', 'ignore=last_used_at');
CREATE TRIGGER lead_capture_keys_same_org BEFORE UPDATE ON public.lead_capture_keys FOR EACH ROW EXECUTE FUNCTION app.forbid_org_change();
CREATE TRIGGER lead_capture_keys_stay_revoked BEFORE UPDATE ON public.lead_capture_keys FOR EACH ROW EXECUTE FUNCTION app.keep_capture_key_revoked();
grant delete on table public.lead_capture_keys to platform_admin;
grant select, insert, update, delete on table public.lead_capture_keys to service_role;
grant insert (org_id, workspace_id, name, key_hash, prefix, expires_at) on table public.lead_capture_keys to authenticated;
grant select (org_id, id, workspace_id, name, prefix, created_by, expires_at, revoked_at, last_used_at, created_at) on table public.lead_capture_keys to authenticated;
grant update (name, revoked_at) on table public.lead_capture_keys to authenticated;
grant select (org_id, id, workspace_id, name, prefix, created_by, expires_at, revoked_at, last_used_at, created_at) on table public.lead_capture_keys to platform_admin;
grant update (name, revoked_at) on table public.lead_capture_keys to platform_admin;

create table public.lead_qualifications (
  org_id uuid not null,
  id uuid not null default gen_random_uuid(),
  workspace_id uuid not null,
  lead_id uuid not null,
  qualifier text not null,
  model text,
  score integer not null,
  outcome text not null,
  summary text,
  reasons jsonb not null default '[]'::jsonb,
  created_by uuid default app.uid(),
  created_at timestamp with time zone not null default now(),
  constraint lead_qualifications_created_by_fkey FOREIGN KEY (created_by) REFERENCES auth.users(id) ON DELETE SET NULL,
  constraint lead_qualifications_lead_fkey FOREIGN KEY (org_id, workspace_id, lead_id) REFERENCES public.leads(org_id, workspace_id, id) ON DELETE CASCADE,
  constraint lead_qualifications_model_check CHECK (((length(model) >= 1) AND (length(model) <= 200))),
  constraint lead_qualifications_org_id_fkey FOREIGN KEY (org_id) REFERENCES public.organisations(id) ON DELETE CASCADE,
  constraint lead_qualifications_outcome_check CHECK ((outcome = ANY (ARRAY['qualified'::text, 'nurture'::text, 'disqualified'::text]))),
  constraint lead_qualifications_pkey PRIMARY KEY (org_id, id),
  constraint lead_qualifications_qualifier_check CHECK ((qualifier = ANY (ARRAY['rules'::text, 'llm'::text, 'manual'::text]))),
  constraint lead_qualifications_reasons_check CHECK (((jsonb_typeof(reasons) = 'array'::text) AND (jsonb_array_length(reasons) <= 100) AND (octet_length((reasons)::text) <= 32768))),
  constraint lead_qualifications_score_check CHECK (((score >= 0) AND (score <= 100))),
  constraint lead_qualifications_summary_check CHECK ((length(summary) <= 2000))
);
alter table public.lead_qualifications enable row level security;
CREATE INDEX lead_qualifications_lead_idx ON public.lead_qualifications USING btree (org_id, workspace_id, lead_id, created_at);
create policy "Members see their organisations' lead qualifications" on public.lead_qualifications for select to authenticated
  using ((org_id = ANY (( SELECT app.caller_org_ids('viewer'::text) AS caller_org_ids)::uuid[])));
create policy "Owners, admins and members record lead qualifications" on public.lead_qualifications for insert to authenticated
  with check ((org_id = ANY (( SELECT app.caller_org_ids('member'::text) AS caller_org_ids)::uuid[])));
create policy "Platform operators manage lead qualifications" on public.lead_qualifications for all to platform_admin, service_role
  using (( SELECT app.is_platform_operator() AS is_platform_operator))
  with check (( SELECT app.is_platform_operator() AS is_platform_operator));
CREATE TRIGGER audit_row_change AFTER INSERT OR DELETE ON public.lead_qualifications FOR EACH ROW EXECUTE FUNCTION app.audit_row_change('omit=summary,reasons');
CREATE TRIGGER count_usage AFTER INSERT ON public.lead_qualifications REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION app.count_usage('ai_qualifications');
CREATE TRIGGER lead_qualifications_apply AFTER INSERT ON public.lead_qualifications FOR EACH ROW EXECUTE FUNCTION app.apply_lead_qualification();
CREATE TRIGGER lead_qualifications_same_org BEFORE UPDATE ON public.lead_qualifications FOR EACH ROW EXECUTE FUNCTION app.forbid_org_change();
grant select on table public.lead_qualifications to authenticated;
grant select, insert, delete on table public.lead_qualifications to platform_admin;
grant select, insert, delete on table public.lead_qualifications to service_role;
grant insert (org_id, workspace_id, lead_id, qualifier, model, score, outcome, summary, reasons) on table public.lead_qualifications to authenticated;

create table public.leads (
  org_id uuid not null,
  id uuid not null default gen_random_uuid(),
  workspace_id uuid not null,
  email text,
  name text,
  company text,
  job_title text,
  phone text,
  website text,
  message text,
  source text not null default 'manual'::text,
  status text not null default 'new'::text,
  score integer,
  qualification text,
  qualification_summary text,
  qualified_at timestamp with time zone,
  hubspot_contact_id text,
  capture_key_id uuid,
  created_by uuid default app.uid(),
  created_at timestamp with time zone not null default now(),
  updated_at timestamp with time zone not null default now(),
  constraint leads_company_check CHECK ((length(company) <= 200)),
  constraint leads_company_single_line CHECK ((company !~ '[\x01-\x1f\x7f]'::text)),
  constraint leads_contact_check CHECK (((email IS NOT NULL) OR (phone IS NOT NULL))),
  constraint leads_created_by_fkey FOREIGN KEY (created_by) REFERENCES auth.users(id) ON DELETE SET NULL,
  constraint leads_email_check CHECK ((((length(email) >= 3) AND (length(email) <= 320)) AND (email ~ '^[^@\s]+@[^@\s]+$'::text) AND (email = lower(email)))),
  constraint leads_hubspot_contact_id_check CHECK ((hubspot_contact_id ~ '^[0-9]{1,20}$'::text)),
  constraint leads_job_title_check CHECK ((length(job_title) <= 200)),
  constraint leads_job_title_single_line CHECK ((job_title !~ '[\x01-\x1f\x7f]'::text)),
  constraint leads_message_check CHECK ((length(message) <= 5000)),
  constraint leads_name_check CHECK ((length(name) <= 200)),
  constraint leads_name_single_line CHECK ((name !~ '[\x01-\x1f\x7f]'::text)),
  constraint leads_org_id_fkey FOREIGN KEY (org_id) REFERENCES public.organisations(id) ON DELETE CASCADE,
  constraint leads_phone_check CHECK ((phone ~ '^[0-9+() .-]{3,40}$'::text)),
  constraint leads_pkey PRIMARY KEY (org_id, id),
  constraint leads_qualification_check CHECK ((qualification = ANY (ARRAY['qualified'::text, 'nurture'::text, 'disqualified'::text]))),
  constraint leads_qualification_summary_check CHECK ((length(qualification_summary) <= 2000)),
  constraint leads_score_check CHECK (((score >= 0) AND (score <= 100))),
  constraint leads_source_check CHECK ((source = ANY (ARRAY['manual'::text, 'api'::text, 'form'::text, 'hubspot'::text, 'import'::text]))),
  constraint leads_status_check CHECK ((status = ANY (ARRAY['new'::text, 'contacted'::text, 'qualified'::text, 'disqualified'::text, 'converted'::text]))),
  constraint leads_website_check CHECK (((length(website) <= 500) AND (website ~ '^https?://'::text))),
  constraint leads_workspace_fkey FOREIGN KEY (org_id, workspace_id) REFERENCES public.workspaces(org_id, id) ON DELETE CASCADE,
  constraint leads_workspace_id_key UNIQUE (org_id, workspace_id, id)
);
alter table public.leads enable row level security;
CREATE INDEX leads_created_idx ON public.leads USING btree (org_id, created_at, id);
CREATE UNIQUE INDEX leads_hubspot_contact_key ON public.leads USING btree (org_id, hubspot_contact_id) WHERE (hubspot_contact_id IS NOT NULL);
CREATE INDEX leads_workspace_idx ON public.leads USING btree (org_id, workspace_id, created_at, id);
create policy "Members see their organisations' leads" on public.leads for select to authenticated
  using ((org_id = ANY (( SELECT app.caller_org_ids('viewer'::text) AS caller_org_ids)::uuid[])));
create policy "Owners, admins and members add leads" on public.leads for insert to authenticated
  with check ((org_id = ANY (( SELECT app.caller_org_ids('member'::text) AS caller_org_ids)::uuid[])));
create policy "Owners, admins and members edit leads" on public.leads for update to authenticated
  using ((org_id = ANY (( SELECT app.caller_org_ids('member'::text) AS caller_org_ids)::uuid[])))
  with check ((org_id = ANY (( SELECT app.caller_org_ids('member'::text) AS caller_org_ids)::uuid[])));
create policy "Platform operators manage leads" on public.leads for all to platform_admin, service_role
  using (( SELECT app.is_platform_operator() AS is_platform_operator))
  with check (( SELECT app.is_platform_operator() AS is_platform_operator));
CREATE TRIGGER audit_row_change AFTER INSERT OR DELETE OR UPDATE ON public.leads FOR EACH ROW EXECUTE FUNCTION app.audit_row_change('omit=email,name,company,job_title,phone,website,message,qualification_summary');
CREATE TRIGGER count_usage AFTER INSERT ON public.leads REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION app.count_usage('leads');
CREATE TRIGGER leads_same_org BEFORE UPDATE ON public.leads FOR EACH ROW EXECUTE FUNCTION app.forbid_org_change();
CREATE TRIGGER leads_touch BEFORE UPDATE ON public.leads FOR EACH ROW EXECUTE FUNCTION app.touch_updated_at();
grant select on table public.leads to authenticated;
grant select, insert, update, delete on table public.leads to platform_admin;
grant select, insert, update, delete on table public.leads to service_role;
grant insert (org_id, workspace_id, email, name, company, job_title, phone, website, message, source) on table public.leads to authenticated;
grant update (email, name, company, job_title, phone, website, message, status) on table public.leads to authenticated;

create table public.oauth2_authorizations (
  org_id uuid not null,
  id uuid not null default gen_random_uuid(),
  connection_id uuid not null,
  user_id uuid not null,
  state_hash bytea not null,
  credential_secret_id uuid,
  redirect_uri text not null,
  created_at timestamp with time zone not null default now(),
  expires_at timestamp with time zone not null default (now() + '00:10:00'::interval),
  constraint oauth2_authorizations_connection_fkey FOREIGN KEY (org_id, connection_id) REFERENCES public.oauth2_connections(org_id, id) ON DELETE CASCADE,
  constraint oauth2_authorizations_credential_fkey FOREIGN KEY (org_id, credential_secret_id) REFERENCES palisade_vault.secrets(org_id, id) ON DELETE SET NULL (credential_secret_id),
  constraint oauth2_authorizations_org_id_fkey FOREIGN KEY (org_id) REFERENCES public.organisations(id) ON DELETE CASCADE,
  constraint oauth2_authorizations_pkey PRIMARY KEY (org_id, id),
  constraint oauth2_authorizations_redirect_uri_check CHECK ((length(redirect_uri) <= 1000)),
  constraint oauth2_authorizations_state_hash_check CHECK ((octet_length(state_hash) = 32)),
  constraint oauth2_authorizations_state_hash_key UNIQUE (state_hash),
  constraint oauth2_authorizations_user_id_fkey FOREIGN KEY (user_id) REFERENCES auth.users(id) ON DELETE CASCADE
);
alter table public.oauth2_authorizations enable row level security;
CREATE INDEX oauth2_authorizations_connection_idx ON public.oauth2_authorizations USING btree (org_id, connection_id);
create policy "Platform operators manage OAuth2 authorizations" on public.oauth2_authorizations for all to platform_admin, service_role
  using (( SELECT app.is_platform_operator() AS is_platform_operator))
  with check (( SELECT app.is_platform_operator() AS is_platform_operator));
CREATE TRIGGER oauth2_authorizations_drop_secret AFTER DELETE OR UPDATE ON public.oauth2_authorizations FOR EACH ROW EXECUTE FUNCTION app.drop_credential_secret();
CREATE TRIGGER oauth2_authorizations_same_org BEFORE UPDATE ON public.oauth2_authorizations FOR EACH ROW EXECUTE FUNCTION app.forbid_org_change();
grant select, insert, update, delete on table public.oauth2_authorizations to service_role;
grant select (org_id, id, connection_id, user_id, redirect_uri, created_at, expires_at) on table public.oauth2_authorizations to platform_admin;

create table public.oauth2_connections (
  org_id uuid not null,
  id uuid not null default gen_random_uuid(),
  workspace_id uuid,
  project_id uuid,
  name text not null,
  description text,
  provider text not null,
  issuer text,
  authorization_endpoint text not null,
  token_endpoint text not null,
  revocation_endpoint text,
  userinfo_endpoint text,
  client_id text not null,
  client_auth_method text not null default 'client_secret_basic'::text,
  scopes text[] not null default '{}'::text[],
  additional_params jsonb not null default '{}'::jsonb,
  is_active boolean not null default true,
  credential_secret_id uuid,
  client_secret_configured boolean generated always as ((credential_secret_id IS NOT NULL)) stored,
  client_secret_updated_at timestamp with time zone,
  reconsent_required boolean not null default false,
  last_error text,
  last_error_at timestamp with time zone,
  created_by uuid default app.uid(),
  updated_by uuid,
  created_at timestamp with time zone not null default now(),
  updated_at timestamp with time zone not null default now(),
  constraint oauth2_connections_additional_params_check CHECK (((jsonb_typeof(additional_params) = 'object'::text) AND (pg_column_size(additional_params) <= 4096) AND (NOT jsonb_path_exists(additional_params, '$.*?(@.type() != "string")'::jsonpath)) AND (NOT (additional_params ?| ARRAY['response_type'::text, 'client_id'::text, 'redirect_uri'::text, 'scope'::text, 'state'::text, 'code_challenge'::text, 'code_challenge_method'::text])))),
  constraint oauth2_connections_authorization_endpoint_check CHECK (app.endpoint_url_ok(authorization_endpoint)),
  constraint oauth2_connections_client_auth_method_check CHECK ((client_auth_method = ANY (ARRAY['client_secret_basic'::text, 'client_secret_post'::text, 'none'::text]))),
  constraint oauth2_connections_client_id_check CHECK ((((length(client_id) >= 1) AND (length(client_id) <= 500)) AND (client_id !~ '[\x00-\x1f\x7f]'::text))),
  constraint oauth2_connections_created_by_fkey FOREIGN KEY (created_by) REFERENCES auth.users(id) ON DELETE SET NULL,
  constraint oauth2_connections_credential_fkey FOREIGN KEY (org_id, credential_secret_id) REFERENCES palisade_vault.secrets(org_id, id) ON DELETE SET NULL (credential_secret_id),
  constraint oauth2_connections_description_check CHECK ((length(description) <= 2000)),
  constraint oauth2_connections_issuer_check CHECK (app.endpoint_url_ok(issuer)),
  constraint oauth2_connections_last_error_check CHECK ((length(last_error) <= 500)),
  constraint oauth2_connections_name_check CHECK (((length(btrim(name)) >= 1) AND (length(btrim(name)) <= 200))),
  constraint oauth2_connections_name_single_line CHECK ((name !~ '[\x01-\x1f\x7f]'::text)),
  constraint oauth2_connections_org_id_fkey FOREIGN KEY (org_id) REFERENCES public.organisations(id) ON DELETE CASCADE,
  constraint oauth2_connections_pkey PRIMARY KEY (org_id, id),
  constraint oauth2_connections_project_fkey FOREIGN KEY (org_id, project_id) REFERENCES public.projects(org_id, id) ON DELETE CASCADE,
  constraint oauth2_connections_provider_check CHECK ((provider ~ '^[a-z][a-z0-9_-]{0,39}$'::text)),
  constraint oauth2_connections_revocation_endpoint_check CHECK (app.endpoint_url_ok(revocation_endpoint)),
  constraint oauth2_connections_scope_check CHECK (((workspace_id IS NULL) <> (project_id IS NULL))),
  constraint oauth2_connections_scopes_check CHECK (((cardinality(scopes) <= 50) AND (array_position(scopes, NULL::text) IS NULL) AND (''::text <> ALL (scopes)) AND (length(array_to_string(scopes, ' '::text)) <= 2000) AND (array_to_string(scopes, '"'::text) ~ '^[\x21\x23-\x5b\x5d-\x7e"]*$'::text))),
  constraint oauth2_connections_token_endpoint_check CHECK (app.endpoint_url_ok(token_endpoint)),
  constraint oauth2_connections_updated_by_fkey FOREIGN KEY (updated_by) REFERENCES auth.users(id) ON DELETE SET NULL,
  constraint oauth2_connections_userinfo_endpoint_check CHECK (app.endpoint_url_ok(userinfo_endpoint)),
  constraint oauth2_connections_workspace_fkey FOREIGN KEY (org_id, workspace_id) REFERENCES public.workspaces(org_id, id) ON DELETE CASCADE
);
alter table public.oauth2_connections enable row level security;
CREATE INDEX oauth2_connections_project_idx ON public.oauth2_connections USING btree (org_id, project_id) WHERE (project_id IS NOT NULL);
CREATE INDEX oauth2_connections_workspace_idx ON public.oauth2_connections USING btree (org_id, workspace_id) WHERE (workspace_id IS NOT NULL);
create policy "Platform operators manage OAuth2 connections" on public.oauth2_connections for all to platform_admin, service_role
  using (( SELECT app.is_platform_operator() AS is_platform_operator))
  with check (( SELECT app.is_platform_operator() AS is_platform_operator));
create policy "Scope managers create OAuth2 connections" on public.oauth2_connections for insert to authenticated
  with check (app.connection_scope_allows('manage'::text, org_id, workspace_id, project_id));
create policy "Scope managers delete OAuth2 connections" on public.oauth2_connections for delete to authenticated
  using (app.connection_scope_allows('manage'::text, org_id, workspace_id, project_id));
create policy "Scope managers edit OAuth2 connections" on public.oauth2_connections for update to authenticated
  using (app.connection_scope_allows('manage'::text, org_id, workspace_id, project_id))
  with check (app.connection_scope_allows('manage'::text, org_id, workspace_id, project_id));
create policy "Scope members see OAuth2 connections" on public.oauth2_connections for select to authenticated
  using (app.connection_scope_allows('read'::text, org_id, workspace_id, project_id));
CREATE TRIGGER audit_row_change AFTER INSERT OR DELETE OR UPDATE ON public.oauth2_connections FOR EACH ROW EXECUTE FUNCTION app.audit_row_change('mask=credential_secret_id', 'ignore=last_error,last_error_at');
CREATE TRIGGER oauth2_connections_bind_credentials BEFORE UPDATE ON public.oauth2_connections FOR EACH ROW EXECUTE FUNCTION app.oauth2_connections_bind_credentials();
CREATE TRIGGER oauth2_connections_drop_secret AFTER DELETE OR UPDATE ON public.oauth2_connections FOR EACH ROW EXECUTE FUNCTION app.drop_credential_secret();
CREATE TRIGGER oauth2_connections_forget_grants AFTER UPDATE ON public.oauth2_connections FOR EACH ROW EXECUTE FUNCTION app.oauth2_connections_forget_grants();
CREATE TRIGGER oauth2_connections_same_org BEFORE UPDATE ON public.oauth2_connections FOR EACH ROW EXECUTE FUNCTION app.forbid_org_change();
grant delete on table public.oauth2_connections to authenticated;
grant insert, update, delete on table public.oauth2_connections to platform_admin;
grant select, insert, update, delete on table public.oauth2_connections to service_role;
grant insert (org_id, workspace_id, project_id, name, description, provider, issuer, authorization_endpoint, token_endpoint, revocation_endpoint, userinfo_endpoint, client_id, client_auth_method, scopes, additional_params, is_active) on table public.oauth2_connections to authenticated;
grant select (org_id, id, workspace_id, project_id, name, description, provider, issuer, authorization_endpoint, token_endpoint, revocation_endpoint, userinfo_endpoint, client_id, client_auth_method, scopes, additional_params, is_active, client_secret_configured, client_secret_updated_at, reconsent_required, last_error, last_error_at, created_by, updated_by, created_at, updated_at) on table public.oauth2_connections to authenticated;
grant update (name, description, provider, issuer, authorization_endpoint, token_endpoint, revocation_endpoint, userinfo_endpoint, client_id, client_auth_method, scopes, additional_params, is_active) on table public.oauth2_connections to authenticated;
grant select (org_id, id, workspace_id, project_id, name, description, provider, issuer, authorization_endpoint, token_endpoint, revocation_endpoint, userinfo_endpoint, client_id, client_auth_method, scopes, additional_params, is_active, client_secret_configured, client_secret_updated_at, reconsent_required, last_error, last_error_at, created_by, updated_by, created_at, updated_at) on table public.oauth2_connections to platform_admin;

create table public.oauth2_tokens (
  org_id uuid not null,
  id uuid not null default gen_random_uuid(),
  connection_id uuid not null,
  credential_secret_id uuid,
  token_type text not null default 'Bearer'::text,
  granted_scope text,
  expires_at timestamp with time zone,
  has_refresh_token boolean not null default false,
  connected_by uuid,
  connected_at timestamp with time zone not null default now(),
  refreshed_at timestamp with time zone,
  generation integer not null default 1,
  refresh_lease_until timestamp with time zone,
  updated_at timestamp with time zone not null default now(),
  constraint oauth2_tokens_connected_by_fkey FOREIGN KEY (connected_by) REFERENCES auth.users(id) ON DELETE SET NULL,
  constraint oauth2_tokens_connection_fkey FOREIGN KEY (org_id, connection_id) REFERENCES public.oauth2_connections(org_id, id) ON DELETE CASCADE,
  constraint oauth2_tokens_connection_key UNIQUE (org_id, connection_id),
  constraint oauth2_tokens_credential_fkey FOREIGN KEY (org_id, credential_secret_id) REFERENCES palisade_vault.secrets(org_id, id) ON DELETE SET NULL (credential_secret_id),
  constraint oauth2_tokens_granted_scope_check CHECK ((length(granted_scope) <= 2000)),
  constraint oauth2_tokens_org_id_fkey FOREIGN KEY (org_id) REFERENCES public.organisations(id) ON DELETE CASCADE,
  constraint oauth2_tokens_pkey PRIMARY KEY (org_id, id),
  constraint oauth2_tokens_token_type_check CHECK ((token_type ~ '^[A-Za-z][A-Za-z0-9_.-]{0,39}$'::text))
);
alter table public.oauth2_tokens enable row level security;
create policy "Connection readers see OAuth2 token metadata" on public.oauth2_tokens for select to authenticated
  using ((EXISTS ( SELECT 1
   FROM public.oauth2_connections c
  WHERE ((c.org_id = oauth2_tokens.org_id) AND (c.id = oauth2_tokens.connection_id) AND app.connection_scope_allows('read'::text, c.org_id, c.workspace_id, c.project_id)))));
create policy "Platform operators manage OAuth2 tokens" on public.oauth2_tokens for all to platform_admin, service_role
  using (( SELECT app.is_platform_operator() AS is_platform_operator))
  with check (( SELECT app.is_platform_operator() AS is_platform_operator));
CREATE TRIGGER audit_row_change AFTER INSERT OR DELETE OR UPDATE ON public.oauth2_tokens FOR EACH ROW EXECUTE FUNCTION app.audit_row_change('mask=credential_secret_id', 'ignore=expires_at,refreshed_at,generation,refresh_lease_until,granted_scope,token_type,has_refresh_token');
CREATE TRIGGER oauth2_tokens_drop_secret AFTER DELETE OR UPDATE ON public.oauth2_tokens FOR EACH ROW EXECUTE FUNCTION app.drop_credential_secret();
CREATE TRIGGER oauth2_tokens_same_org BEFORE UPDATE ON public.oauth2_tokens FOR EACH ROW EXECUTE FUNCTION app.forbid_org_change();
grant select, insert, update, delete on table public.oauth2_tokens to service_role;
grant select (org_id, id, connection_id, token_type, granted_scope, expires_at, has_refresh_token, connected_by, connected_at, refreshed_at, generation, updated_at) on table public.oauth2_tokens to authenticated;
grant select (org_id, id, connection_id, token_type, granted_scope, expires_at, has_refresh_token, connected_by, connected_at, refreshed_at, generation, updated_at) on table public.oauth2_tokens to platform_admin;

create table public.organisation_integrations (
  org_id uuid not null,
  id uuid not null default gen_random_uuid(),
  type_key text not null,
  type_version integer not null default 1,
  display_name text not null,
  status text not null default 'draft'::text,
  config jsonb not null default '{}'::jsonb,
  field_mappings jsonb not null default '{"mappings": [], "schema_version": 2}'::jsonb,
  sync_schedule jsonb not null default '{"kind": "manual"}'::jsonb,
  credential_secret_id uuid,
  credentials_configured boolean generated always as ((credential_secret_id IS NOT NULL)) stored,
  credentials_updated_at timestamp with time zone,
  next_sync_at timestamp with time zone,
  last_sync_at timestamp with time zone,
  last_tested_at timestamp with time zone,
  last_test_ok boolean,
  last_error text,
  created_by uuid default app.uid(),
  updated_by uuid,
  created_at timestamp with time zone not null default now(),
  updated_at timestamp with time zone not null default now(),
  constraint organisation_integrations_config_check CHECK ((app.integration_config_problem(config) IS NULL)),
  constraint organisation_integrations_created_by_fkey FOREIGN KEY (created_by) REFERENCES auth.users(id) ON DELETE SET NULL,
  constraint organisation_integrations_credential_fkey FOREIGN KEY (org_id, credential_secret_id) REFERENCES palisade_vault.secrets(org_id, id) ON DELETE SET NULL (credential_secret_id),
  constraint organisation_integrations_display_name_check CHECK (((length(btrim(display_name)) >= 1) AND (length(btrim(display_name)) <= 200))),
  constraint organisation_integrations_display_name_key UNIQUE (org_id, display_name),
  constraint organisation_integrations_display_name_single_line CHECK ((display_name !~ '[\x01-\x1f\x7f]'::text)),
  constraint organisation_integrations_field_mappings_check CHECK ((app.field_mappings_problem(field_mappings) IS NULL)),
  constraint organisation_integrations_last_error_check CHECK ((length(last_error) <= 2000)),
  constraint organisation_integrations_org_id_fkey FOREIGN KEY (org_id) REFERENCES public.organisations(id) ON DELETE CASCADE,
  constraint organisation_integrations_pkey PRIMARY KEY (org_id, id),
  constraint organisation_integrations_status_check CHECK ((status = ANY (ARRAY['draft'::text, 'active'::text, 'paused'::text, 'error'::text, 'disabled'::text]))),
  constraint organisation_integrations_sync_schedule_check CHECK ((app.sync_schedule_problem(sync_schedule) IS NULL)),
  constraint organisation_integrations_type_key_check CHECK ((type_key ~ '^[a-z][a-z0-9_]{1,39}$'::text)),
  constraint organisation_integrations_type_version_check CHECK (((type_version >= 1) AND (type_version <= 1000))),
  constraint organisation_integrations_updated_by_fkey FOREIGN KEY (updated_by) REFERENCES auth.users(id) ON DELETE SET NULL
);
alter table public.organisation_integrations enable row level security;
CREATE INDEX organisation_integrations_due_idx ON public.organisation_integrations USING btree (org_id, next_sync_at) WHERE (status = 'active'::text);
CREATE INDEX organisation_integrations_org_type_idx ON public.organisation_integrations USING btree (org_id, type_key);
create policy "Members see their organisations' integrations" on public.organisation_integrations for select to authenticated
  using ((org_id = ANY (( SELECT app.caller_org_ids('viewer'::text) AS caller_org_ids)::uuid[])));
create policy "Owners and admins create integrations" on public.organisation_integrations for insert to authenticated
  with check ((org_id = ANY (( SELECT app.caller_org_ids('admin'::text) AS caller_org_ids)::uuid[])));
create policy "Owners and admins delete integrations" on public.organisation_integrations for delete to authenticated
  using ((org_id = ANY (( SELECT app.caller_org_ids('admin'::text) AS caller_org_ids)::uuid[])));
create policy "Owners and admins edit integrations" on public.organisation_integrations for update to authenticated
  using ((org_id = ANY (( SELECT app.caller_org_ids('admin'::text) AS caller_org_ids)::uuid[])))
  with check ((org_id = ANY (( SELECT app.caller_org_ids('admin'::text) AS caller_org_ids)::uuid[])));
create policy "Platform operators manage integrations" on public.organisation_integrations for all to platform_admin, service_role
  using (( SELECT app.is_platform_operator() AS is_platform_operator))
  with check (( SELECT app.is_platform_operator() AS is_platform_operator));
CREATE TRIGGER audit_row_change AFTER INSERT OR DELETE OR UPDATE ON public.organisation_integrations FOR EACH ROW EXECUTE FUNCTION app.audit_row_change('mask=credential_secret_id', 'ignore=next_sync_at,last_sync_at,last_tested_at,last_test_ok');
CREATE TRIGGER count_usage AFTER INSERT ON public.organisation_integrations REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION app.count_usage('integrations');
CREATE TRIGGER count_usage_deleted AFTER DELETE ON public.organisation_integrations REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION app.count_usage('integrations');
CREATE TRIGGER organisation_integrations_bind_credentials BEFORE UPDATE OF config ON public.organisation_integrations FOR EACH ROW EXECUTE FUNCTION app.organisation_integrations_bind_credentials();
CREATE TRIGGER organisation_integrations_documents BEFORE INSERT OR UPDATE OF config, field_mappings, sync_schedule ON public.organisation_integrations FOR EACH ROW EXECUTE FUNCTION app.organisation_integrations_check_documents();
CREATE TRIGGER organisation_integrations_drop_secret AFTER DELETE OR UPDATE ON public.organisation_integrations FOR EACH ROW EXECUTE FUNCTION app.drop_credential_secret();
CREATE TRIGGER organisation_integrations_same_org BEFORE UPDATE ON public.organisation_integrations FOR EACH ROW EXECUTE FUNCTION app.forbid_org_change();
CREATE TRIGGER organisation_integrations_stamp BEFORE UPDATE ON public.organisation_integrations FOR EACH ROW EXECUTE FUNCTION app.organisation_integrations_stamp();
grant delete on table public.organisation_integrations to authenticated;
grant select, insert, update, delete on table public.organisation_integrations to service_role;
grant insert (org_id, type_key, type_version, display_name, status, config, field_mappings, sync_schedule, next_sync_at) on table public.organisation_integrations to authenticated;
grant select (org_id, id, type_key, type_version, display_name, status, config, field_mappings, sync_schedule, credentials_configured, credentials_updated_at, next_sync_at, last_sync_at, last_tested_at, last_test_ok, last_error, created_by, updated_by, created_at, updated_at) on table public.organisation_integrations to authenticated;
grant update (type_version, display_name, status, config, field_mappings, sync_schedule, next_sync_at, last_tested_at, last_test_ok) on table public.organisation_integrations to authenticated;

create table public.organisation_members (
  org_id uuid not null,
  id uuid not null default gen_random_uuid(),
  user_id uuid not null,
  role text not null,
  status text not null default 'active'::text,
  invited_by uuid,
  created_at timestamp with time zone not null default now(),
  updated_at timestamp with time zone not null default now(),
  constraint organisation_members_invited_by_fkey FOREIGN KEY (invited_by) REFERENCES auth.users(id) ON DELETE SET NULL,
  constraint organisation_members_org_id_fkey FOREIGN KEY (org_id) REFERENCES public.organisations(id) ON DELETE CASCADE,
  constraint organisation_members_org_user_key UNIQUE (org_id, user_id),
  constraint organisation_members_pkey PRIMARY KEY (org_id, id),
  constraint organisation_members_role_check CHECK ((role = ANY (ARRAY['owner'::text, 'admin'::text, 'member'::text, 'viewer'::text]))),
  constraint organisation_members_status_check CHECK ((status = ANY (ARRAY['active'::text, 'invited'::text, 'suspended'::text]))),
  constraint organisation_members_user_id_fkey FOREIGN KEY (user_id) REFERENCES auth.users(id) ON DELETE CASCADE
);
alter table public.organisation_members enable row level security;
CREATE INDEX organisation_members_user_idx ON public.organisation_members USING btree (user_id, org_id) INCLUDE (role) WHERE (status = 'active'::text);
create policy "Members see who else belongs to their organisations" on public.organisation_members for select to authenticated
  using ((org_id = ANY (( SELECT app.caller_org_ids('viewer'::text) AS caller_org_ids)::uuid[])));
create policy "Platform operators manage memberships" on public.organisation_members for all to platform_admin, service_role
  using (( SELECT app.is_platform_operator() AS is_platform_operator))
  with check (( SELECT app.is_platform_operator() AS is_platform_operator));
CREATE TRIGGER audit_row_change AFTER INSERT OR DELETE OR UPDATE ON public.organisation_members FOR EACH ROW EXECUTE FUNCTION app.audit_row_change();
CREATE TRIGGER count_usage AFTER INSERT ON public.organisation_members REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION app.count_usage('members');
CREATE TRIGGER count_usage_deleted AFTER DELETE ON public.organisation_members REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION app.count_usage('members');
CREATE TRIGGER organisation_members_forget_caller_org_ids AFTER INSERT OR DELETE OR UPDATE OR TRUNCATE ON public.organisation_members FOR EACH STATEMENT EXECUTE FUNCTION app.forget_caller_org_ids();
CREATE TRIGGER organisation_members_last_owner BEFORE DELETE OR UPDATE ON public.organisation_members FOR EACH ROW EXECUTE FUNCTION app.guard_last_owner();
CREATE TRIGGER organisation_members_org_not_deleted BEFORE INSERT ON public.organisation_members FOR EACH ROW EXECUTE FUNCTION app.refuse_deleted_org();
CREATE TRIGGER organisation_members_platform_guard BEFORE INSERT OR UPDATE ON public.organisation_members FOR EACH ROW WHEN ((new.org_id = '00000000-0000-0000-0000-000000000001'::uuid)) EXECUTE FUNCTION app.guard_platform_org();
CREATE TRIGGER organisation_members_same_org BEFORE UPDATE ON public.organisation_members FOR EACH ROW EXECUTE FUNCTION app.forbid_org_change();
CREATE TRIGGER organisation_members_touch BEFORE UPDATE ON public.organisation_members FOR EACH ROW EXECUTE FUNCTION app.touch_updated_at();
grant select on table public.organisation_members to authenticated;
grant select, insert, update, delete on table public.organisation_members to platform_admin;
grant select, insert, update, delete on table public.organisation_members to service_role;

create table public.organisations (
  id uuid not null default gen_random_uuid(),
  name text not null,
  slug text,
  created_by uuid,
  created_at timestamp with time zone not null default now(),
  updated_at timestamp with time zone not null default now(),
  deleted_at timestamp with time zone,
  deleted_by uuid,
  purge_after timestamp with time zone,
  constraint organisations_created_by_fkey FOREIGN KEY (created_by) REFERENCES auth.users(id) ON DELETE SET NULL,
  constraint organisations_deleted_by_fkey FOREIGN KEY (deleted_by) REFERENCES auth.users(id) ON DELETE SET NULL,
  constraint organisations_deletion_check CHECK ((((deleted_at IS NULL) = (purge_after IS NULL)) AND (purge_after >= deleted_at))),
  constraint organisations_name_check CHECK (((length(btrim(name)) >= 1) AND (length(btrim(name)) <= 200))),
  constraint organisations_name_single_line CHECK ((name !~ '[\x01-\x1f\x7f]'::text)),
  constraint organisations_pkey PRIMARY KEY (id),
  constraint organisations_slug_check CHECK ((slug ~ '^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$'::text)),
  constraint organisations_slug_key UNIQUE (slug)
);
alter table public.organisations enable row level security;
CREATE INDEX organisations_deleted_idx ON public.organisations USING btree (id) WHERE (deleted_at IS NOT NULL);
create policy "Members see their organisations" on public.organisations for select to authenticated
  using ((id = ANY (( SELECT app.caller_org_ids('viewer'::text) AS caller_org_ids)::uuid[])));
create policy "Owners and admins rename their organisations" on public.organisations for update to authenticated
  using ((id = ANY (( SELECT app.caller_org_ids('admin'::text) AS caller_org_ids)::uuid[])))
  with check ((id = ANY (( SELECT app.caller_org_ids('admin'::text) AS caller_org_ids)::uuid[])));
create policy "Platform operators manage organisations" on public.organisations for all to platform_admin, service_role
  using (( SELECT app.is_platform_operator() AS is_platform_operator))
  with check (( SELECT app.is_platform_operator() AS is_platform_operator));
CREATE TRIGGER audit_row_change AFTER INSERT OR DELETE OR UPDATE ON public.organisations FOR EACH ROW EXECUTE FUNCTION app.audit_row_change('org_column=id');
CREATE TRIGGER organisations_forget_caller_org_ids AFTER UPDATE OF deleted_at ON public.organisations FOR EACH STATEMENT EXECUTE FUNCTION app.forget_caller_org_ids();
CREATE TRIGGER organisations_platform_guard BEFORE DELETE ON public.organisations FOR EACH ROW WHEN ((old.id = '00000000-0000-0000-0000-000000000001'::uuid)) EXECUTE FUNCTION app.guard_platform_org();
CREATE TRIGGER organisations_touch BEFORE UPDATE ON public.organisations FOR EACH ROW EXECUTE FUNCTION app.touch_updated_at();
grant select on table public.organisations to authenticated;
grant select, insert, update, delete on table public.organisations to platform_admin;
grant select, insert, update, delete on table public.organisations to service_role;
grant update (name, slug) on table public.organisations to authenticated;

create table public.profiles (
  user_id uuid not null,
  display_name text,
  avatar_url text,
  created_at timestamp with time zone not null default now(),
  updated_at timestamp with time zone not null default now(),
  constraint profiles_avatar_url_check CHECK (((length(avatar_url) <= 2048) AND (avatar_url ~ '^https://'::text))),
  constraint profiles_display_name_check CHECK (((length(display_name) >= 1) AND (length(display_name) <= 200))),
  constraint profiles_display_name_single_line CHECK ((display_name !~ '[\x01-\x1f\x7f]'::text)),
  constraint profiles_pkey PRIMARY KEY (user_id),
  constraint profiles_user_id_fkey FOREIGN KEY (user_id) REFERENCES auth.users(id) ON DELETE CASCADE
);
alter table public.profiles enable row level security;
create policy "Platform operators manage profiles" on public.profiles for all to platform_admin, service_role
  using (( SELECT app.is_platform_operator() AS is_platform_operator))
  with check (( SELECT app.is_platform_operator() AS is_platform_operator));
create policy "Users create their own profile" on public.profiles for insert to authenticated
  with check ((user_id = ( SELECT app.uid() AS uid)));
create policy "Users edit their own profile" on public.profiles for update to authenticated
  using ((user_id = ( SELECT app.uid() AS uid)))
  with check ((user_id = ( SELECT app.uid() AS uid)));
create policy "Users see their own and their colleagues' profiles" on public.profiles for select to authenticated
  using ((user_id IN ( SELECT app.colleague_user_ids() AS colleague_user_ids)));
CREATE TRIGGER profiles_touch BEFORE UPDATE ON public.profiles FOR EACH ROW EXECUTE FUNCTION app.touch_updated_at();
grant select on table public.profiles to authenticated;
grant select, insert, update, delete on table public.profiles to platform_admin;
grant select, insert, update, delete on table public.profiles to service_role;
grant insert (user_id, display_name, avatar_url) on table public.profiles to authenticated;
grant update (display_name, avatar_url) on table public.profiles to authenticated;

create table public.project_members (
  org_id uuid not null,
  id uuid not null default gen_random_uuid(),
  project_id uuid not null,
  user_id uuid not null,
  role text not null,
  added_by uuid default app.uid(),
  created_at timestamp with time zone not null default now(),
  updated_at timestamp with time zone not null default now(),
  constraint project_members_added_by_fkey FOREIGN KEY (added_by) REFERENCES auth.users(id) ON DELETE SET NULL,
  constraint project_members_member_fkey FOREIGN KEY (org_id, user_id) REFERENCES public.organisation_members(org_id, user_id) ON DELETE CASCADE,
  constraint project_members_org_id_fkey FOREIGN KEY (org_id) REFERENCES public.organisations(id) ON DELETE CASCADE,
  constraint project_members_pkey PRIMARY KEY (org_id, id),
  constraint project_members_project_fkey FOREIGN KEY (org_id, project_id) REFERENCES public.projects(org_id, id) ON DELETE CASCADE,
  constraint project_members_project_user_key UNIQUE (org_id, project_id, user_id),
  constraint project_members_role_check CHECK ((role = ANY (ARRAY['owner'::text, 'manager'::text, 'contributor'::text, 'viewer'::text])))
);
alter table public.project_members enable row level security;
CREATE INDEX project_members_user_idx ON public.project_members USING btree (user_id, org_id, project_id);
create policy "Members see project memberships in their organisations" on public.project_members for select to authenticated
  using ((org_id = ANY (( SELECT app.caller_org_ids('viewer'::text) AS caller_org_ids)::uuid[])));
create policy "Owners, admins and project managers add project members" on public.project_members for insert to authenticated
  with check (((org_id = ANY (( SELECT app.caller_org_ids('admin'::text) AS caller_org_ids)::uuid[])) OR ((org_id, project_id) IN ( SELECT managed_projects.org_id,
    managed_projects.project_id
   FROM app.managed_projects() managed_projects(org_id, project_id)))));
create policy "Owners, admins and project managers change project roles" on public.project_members for update to authenticated
  using (((org_id = ANY (( SELECT app.caller_org_ids('admin'::text) AS caller_org_ids)::uuid[])) OR ((org_id, project_id) IN ( SELECT managed_projects.org_id,
    managed_projects.project_id
   FROM app.managed_projects() managed_projects(org_id, project_id)))))
  with check (((org_id = ANY (( SELECT app.caller_org_ids('admin'::text) AS caller_org_ids)::uuid[])) OR ((org_id, project_id) IN ( SELECT managed_projects.org_id,
    managed_projects.project_id
   FROM app.managed_projects() managed_projects(org_id, project_id)))));
create policy "Owners, admins and project managers remove project members" on public.project_members for delete to authenticated
  using (((org_id = ANY (( SELECT app.caller_org_ids('admin'::text) AS caller_org_ids)::uuid[])) OR ((org_id, project_id) IN ( SELECT managed_projects.org_id,
    managed_projects.project_id
   FROM app.managed_projects() managed_projects(org_id, project_id)))));
create policy "Platform operators manage project members" on public.project_members for all to platform_admin, service_role
  using (( SELECT app.is_platform_operator() AS is_platform_operator))
  with check (( SELECT app.is_platform_operator() AS is_platform_operator));
CREATE TRIGGER audit_row_change AFTER INSERT OR DELETE OR UPDATE ON public.project_members FOR EACH ROW EXECUTE FUNCTION app.audit_row_change();
CREATE TRIGGER project_members_same_org BEFORE UPDATE ON public.project_members FOR EACH ROW EXECUTE FUNCTION app.forbid_org_change();
CREATE TRIGGER project_members_touch BEFORE UPDATE ON public.project_members FOR EACH ROW EXECUTE FUNCTION app.touch_updated_at();
grant select, delete on table public.project_members to authenticated;
grant select, insert, update, delete on table public.project_members to platform_admin;
grant select, insert, update, delete on table public.project_members to service_role;
grant insert (org_id, project_id, user_id, role) on table public.project_members to authenticated;
grant update (role) on table public.project_members to authenticated;

create table public.projects (
  org_id uuid not null,
  id uuid not null default gen_random_uuid(),
  workspace_id uuid not null,
  name text not null,
  description text,
  created_by uuid default app.uid(),
  created_at timestamp with time zone not null default now(),
  updated_at timestamp with time zone not null default now(),
  constraint projects_created_by_fkey FOREIGN KEY (created_by) REFERENCES auth.users(id) ON DELETE SET NULL,
  constraint projects_description_check CHECK ((length(description) <= 2000)),
  constraint projects_name_check CHECK (((length(btrim(name)) >= 1) AND (length(btrim(name)) <= 200))),
  constraint projects_name_single_line CHECK ((name !~ '[\x01-\x1f\x7f]'::text)),
  constraint projects_org_id_fkey FOREIGN KEY (org_id) REFERENCES public.organisations(id) ON DELETE CASCADE,
  constraint projects_pkey PRIMARY KEY (org_id, id),
  constraint projects_workspace_fkey FOREIGN KEY (org_id, workspace_id) REFERENCES public.workspaces(org_id, id) ON DELETE CASCADE
);
alter table public.projects enable row level security;
CREATE INDEX projects_org_workspace_idx ON public.projects USING btree (org_id, workspace_id);
create policy "Members see their organisations' projects" on public.projects for select to authenticated
  using (((org_id = ANY (( SELECT app.caller_org_ids('viewer'::text) AS caller_org_ids)::uuid[])) OR ((org_id, workspace_id) IN ( SELECT caller_workspace_grants.org_id,
    caller_workspace_grants.workspace_id
   FROM app.caller_workspace_grants('viewer'::text) caller_workspace_grants(org_id, workspace_id)))));
create policy "Owners and admins delete projects" on public.projects for delete to authenticated
  using (((org_id = ANY (( SELECT app.caller_org_ids('admin'::text) AS caller_org_ids)::uuid[])) OR ((org_id, workspace_id) IN ( SELECT caller_workspace_grants.org_id,
    caller_workspace_grants.workspace_id
   FROM app.caller_workspace_grants('admin'::text) caller_workspace_grants(org_id, workspace_id)))));
create policy "Owners, admins and members create projects" on public.projects for insert to authenticated
  with check (((org_id = ANY (( SELECT app.caller_org_ids('member'::text) AS caller_org_ids)::uuid[])) OR ((org_id, workspace_id) IN ( SELECT caller_workspace_grants.org_id,
    caller_workspace_grants.workspace_id
   FROM app.caller_workspace_grants('member'::text) caller_workspace_grants(org_id, workspace_id)))));
create policy "Owners, admins and project managers edit projects" on public.projects for update to authenticated
  using (((org_id = ANY (( SELECT app.caller_org_ids('admin'::text) AS caller_org_ids)::uuid[])) OR ((org_id, id) IN ( SELECT managed_projects.org_id,
    managed_projects.project_id
   FROM app.managed_projects() managed_projects(org_id, project_id))) OR ((org_id, workspace_id) IN ( SELECT caller_workspace_grants.org_id,
    caller_workspace_grants.workspace_id
   FROM app.caller_workspace_grants('admin'::text) caller_workspace_grants(org_id, workspace_id)))))
  with check (((org_id = ANY (( SELECT app.caller_org_ids('admin'::text) AS caller_org_ids)::uuid[])) OR ((org_id, id) IN ( SELECT managed_projects.org_id,
    managed_projects.project_id
   FROM app.managed_projects() managed_projects(org_id, project_id))) OR ((org_id, workspace_id) IN ( SELECT caller_workspace_grants.org_id,
    caller_workspace_grants.workspace_id
   FROM app.caller_workspace_grants('admin'::text) caller_workspace_grants(org_id, workspace_id)))));
create policy "Platform operators manage projects" on public.projects for all to platform_admin, service_role
  using (( SELECT app.is_platform_operator() AS is_platform_operator))
  with check (( SELECT app.is_platform_operator() AS is_platform_operator));
CREATE TRIGGER audit_row_change AFTER INSERT OR DELETE OR UPDATE ON public.projects FOR EACH ROW EXECUTE FUNCTION app.audit_row_change();
CREATE TRIGGER projects_same_org BEFORE UPDATE ON public.projects FOR EACH ROW EXECUTE FUNCTION app.forbid_org_change();
CREATE TRIGGER projects_touch BEFORE UPDATE ON public.projects FOR EACH ROW EXECUTE FUNCTION app.touch_updated_at();
grant select, delete on table public.projects to authenticated;
grant select, insert, update, delete on table public.projects to platform_admin;
grant select, insert, update, delete on table public.projects to service_role;
grant insert (org_id, workspace_id, name, description) on table public.projects to authenticated;
grant update (name, description) on table public.projects to authenticated;

create table public.provider_assignments (
  org_id uuid not null,
  id uuid not null default gen_random_uuid(),
  delegation_id uuid not null,
  user_id uuid,
  provider_role text,
  role text not null,
  assigned_by uuid,
  created_at timestamp with time zone not null default now(),
  updated_at timestamp with time zone not null default now(),
  constraint provider_assignments_assigned_by_fkey FOREIGN KEY (assigned_by) REFERENCES auth.users(id) ON DELETE SET NULL,
  constraint provider_assignments_delegation_fkey FOREIGN KEY (org_id, delegation_id) REFERENCES public.provider_delegations(org_id, id) ON DELETE CASCADE,
  constraint provider_assignments_one_target CHECK (((user_id IS NULL) <> (provider_role IS NULL))),
  constraint provider_assignments_org_id_fkey FOREIGN KEY (org_id) REFERENCES public.organisations(id) ON DELETE CASCADE,
  constraint provider_assignments_pkey PRIMARY KEY (org_id, id),
  constraint provider_assignments_provider_role_check CHECK ((provider_role = ANY (ARRAY['owner'::text, 'admin'::text, 'member'::text, 'viewer'::text]))),
  constraint provider_assignments_role_check CHECK ((role = ANY (ARRAY['viewer'::text, 'member'::text, 'admin'::text]))),
  constraint provider_assignments_user_id_fkey FOREIGN KEY (user_id) REFERENCES auth.users(id) ON DELETE CASCADE
);
alter table public.provider_assignments enable row level security;
CREATE UNIQUE INDEX provider_assignments_role_key ON public.provider_assignments USING btree (org_id, delegation_id, provider_role) WHERE (provider_role IS NOT NULL);
CREATE UNIQUE INDEX provider_assignments_user_key ON public.provider_assignments USING btree (org_id, delegation_id, user_id) WHERE (user_id IS NOT NULL);
create policy "Client owners and admins see assignments" on public.provider_assignments for select to authenticated
  using ((org_id = ANY (( SELECT app.caller_org_ids('admin'::text) AS caller_org_ids)::uuid[])));
create policy "Platform operators manage assignments" on public.provider_assignments for all to platform_admin, service_role
  using (( SELECT app.is_platform_operator() AS is_platform_operator))
  with check (( SELECT app.is_platform_operator() AS is_platform_operator));
CREATE TRIGGER audit_row_change AFTER INSERT OR DELETE OR UPDATE ON public.provider_assignments FOR EACH ROW EXECUTE FUNCTION app.audit_row_change();
CREATE TRIGGER provider_assignments_forget_caller_org_ids AFTER INSERT OR DELETE OR UPDATE OR TRUNCATE ON public.provider_assignments FOR EACH STATEMENT EXECUTE FUNCTION app.forget_caller_org_ids();
CREATE TRIGGER provider_assignments_same_org BEFORE UPDATE ON public.provider_assignments FOR EACH ROW EXECUTE FUNCTION app.forbid_org_change();
CREATE TRIGGER provider_assignments_touch BEFORE UPDATE ON public.provider_assignments FOR EACH ROW EXECUTE FUNCTION app.touch_updated_at();
grant select on table public.provider_assignments to authenticated;
grant select, insert, update, delete on table public.provider_assignments to platform_admin;
grant select, insert, update, delete on table public.provider_assignments to service_role;

create table public.provider_delegation_workspaces (
  org_id uuid not null,
  id uuid not null default gen_random_uuid(),
  delegation_id uuid not null,
  workspace_id uuid not null,
  created_at timestamp with time zone not null default now(),
  constraint provider_delegation_workspaces_delegation_fkey FOREIGN KEY (org_id, delegation_id) REFERENCES public.provider_delegations(org_id, id) ON DELETE CASCADE,
  constraint provider_delegation_workspaces_key UNIQUE (org_id, delegation_id, workspace_id),
  constraint provider_delegation_workspaces_org_id_fkey FOREIGN KEY (org_id) REFERENCES public.organisations(id) ON DELETE CASCADE,
  constraint provider_delegation_workspaces_pkey PRIMARY KEY (org_id, id),
  constraint provider_delegation_workspaces_workspace_fkey FOREIGN KEY (org_id, workspace_id) REFERENCES public.workspaces(org_id, id) ON DELETE CASCADE
);
alter table public.provider_delegation_workspaces enable row level security;
create policy "Client owners and admins see delegated workspaces" on public.provider_delegation_workspaces for select to authenticated
  using ((org_id = ANY (( SELECT app.caller_org_ids('admin'::text) AS caller_org_ids)::uuid[])));
create policy "Platform operators manage delegated workspaces" on public.provider_delegation_workspaces for all to platform_admin, service_role
  using (( SELECT app.is_platform_operator() AS is_platform_operator))
  with check (( SELECT app.is_platform_operator() AS is_platform_operator));
CREATE TRIGGER audit_row_change AFTER INSERT OR DELETE OR UPDATE ON public.provider_delegation_workspaces FOR EACH ROW EXECUTE FUNCTION app.audit_row_change();
CREATE TRIGGER provider_delegation_workspaces_forget_caller_org_ids AFTER INSERT OR DELETE OR UPDATE OR TRUNCATE ON public.provider_delegation_workspaces FOR EACH STATEMENT EXECUTE FUNCTION app.forget_caller_org_ids();
CREATE TRIGGER provider_delegation_workspaces_same_org BEFORE UPDATE ON public.provider_delegation_workspaces FOR EACH ROW EXECUTE FUNCTION app.forbid_org_change();
grant select on table public.provider_delegation_workspaces to authenticated;
grant select, insert, update, delete on table public.provider_delegation_workspaces to platform_admin;
grant select, insert, update, delete on table public.provider_delegation_workspaces to service_role;

create table public.provider_delegations (
  org_id uuid not null,
  id uuid not null default gen_random_uuid(),
  provider_org_id uuid not null,
  role_ceiling text not null,
  expires_at timestamp with time zone,
  status text not null default 'pending'::text,
  granted_by uuid,
  accepted_by uuid,
  accepted_at timestamp with time zone,
  revoked_by uuid,
  revoked_at timestamp with time zone,
  created_at timestamp with time zone not null default now(),
  updated_at timestamp with time zone not null default now(),
  constraint provider_delegations_accepted_by_fkey FOREIGN KEY (accepted_by) REFERENCES auth.users(id) ON DELETE SET NULL,
  constraint provider_delegations_accepted_check CHECK (((status <> 'active'::text) OR (accepted_at IS NOT NULL))),
  constraint provider_delegations_granted_by_fkey FOREIGN KEY (granted_by) REFERENCES auth.users(id) ON DELETE SET NULL,
  constraint provider_delegations_not_self CHECK ((provider_org_id <> org_id)),
  constraint provider_delegations_org_id_fkey FOREIGN KEY (org_id) REFERENCES public.organisations(id) ON DELETE CASCADE,
  constraint provider_delegations_pkey PRIMARY KEY (org_id, id),
  constraint provider_delegations_provider_org_id_fkey FOREIGN KEY (provider_org_id) REFERENCES public.organisations(id) ON DELETE CASCADE,
  constraint provider_delegations_revoked_by_fkey FOREIGN KEY (revoked_by) REFERENCES auth.users(id) ON DELETE SET NULL,
  constraint provider_delegations_revoked_check CHECK (((status = 'revoked'::text) = (revoked_at IS NOT NULL))),
  constraint provider_delegations_role_ceiling_check CHECK ((role_ceiling = ANY (ARRAY['viewer'::text, 'member'::text, 'admin'::text]))),
  constraint provider_delegations_status_check CHECK ((status = ANY (ARRAY['pending'::text, 'active'::text, 'revoked'::text])))
);
alter table public.provider_delegations enable row level security;
CREATE UNIQUE INDEX provider_delegations_live_key ON public.provider_delegations USING btree (org_id, provider_org_id) WHERE (status <> 'revoked'::text);
CREATE INDEX provider_delegations_provider_idx ON public.provider_delegations USING btree (provider_org_id, org_id);
create policy "Client owners and admins see delegations" on public.provider_delegations for select to authenticated
  using ((org_id = ANY (( SELECT app.caller_org_ids('admin'::text) AS caller_org_ids)::uuid[])));
create policy "Platform operators manage delegations" on public.provider_delegations for all to platform_admin, service_role
  using (( SELECT app.is_platform_operator() AS is_platform_operator))
  with check (( SELECT app.is_platform_operator() AS is_platform_operator));
CREATE TRIGGER audit_row_change AFTER INSERT OR DELETE OR UPDATE ON public.provider_delegations FOR EACH ROW EXECUTE FUNCTION app.audit_row_change();
CREATE TRIGGER provider_delegations_forget_caller_org_ids AFTER INSERT OR DELETE OR UPDATE OR TRUNCATE ON public.provider_delegations FOR EACH STATEMENT EXECUTE FUNCTION app.forget_caller_org_ids();
CREATE TRIGGER provider_delegations_org_not_deleted BEFORE INSERT ON public.provider_delegations FOR EACH ROW EXECUTE FUNCTION app.refuse_deleted_org();
CREATE TRIGGER provider_delegations_same_org BEFORE UPDATE ON public.provider_delegations FOR EACH ROW EXECUTE FUNCTION app.forbid_org_change();
CREATE TRIGGER provider_delegations_touch BEFORE UPDATE ON public.provider_delegations FOR EACH ROW EXECUTE FUNCTION app.touch_updated_at();
grant select on table public.provider_delegations to authenticated;
grant select, insert, update, delete on table public.provider_delegations to platform_admin;
grant select, insert, update, delete on table public.provider_delegations to service_role;

create table public.qualification_settings (
  org_id uuid not null,
  id uuid not null default gen_random_uuid(),
  workspace_id uuid not null,
  qualifier text not null default 'rules'::text,
  criteria jsonb not null default '{}'::jsonb,
  auto_qualify boolean not null default true,
  updated_by uuid default app.uid(),
  created_at timestamp with time zone not null default now(),
  updated_at timestamp with time zone not null default now(),
  constraint qualification_settings_criteria_check CHECK (((jsonb_typeof(criteria) = 'object'::text) AND (octet_length((criteria)::text) <= 32768))),
  constraint qualification_settings_org_id_fkey FOREIGN KEY (org_id) REFERENCES public.organisations(id) ON DELETE CASCADE,
  constraint qualification_settings_pkey PRIMARY KEY (org_id, id),
  constraint qualification_settings_qualifier_check CHECK ((qualifier = ANY (ARRAY['rules'::text, 'llm'::text]))),
  constraint qualification_settings_updated_by_fkey FOREIGN KEY (updated_by) REFERENCES auth.users(id) ON DELETE SET NULL,
  constraint qualification_settings_workspace_fkey FOREIGN KEY (org_id, workspace_id) REFERENCES public.workspaces(org_id, id) ON DELETE CASCADE,
  constraint qualification_settings_workspace_key UNIQUE (org_id, workspace_id)
);
alter table public.qualification_settings enable row level security;
create policy "Members see their organisations' qualification settings" on public.qualification_settings for select to authenticated
  using ((org_id = ANY (( SELECT app.caller_org_ids('viewer'::text) AS caller_org_ids)::uuid[])));
create policy "Owners and admins change qualification" on public.qualification_settings for update to authenticated
  using ((org_id = ANY (( SELECT app.caller_org_ids('admin'::text) AS caller_org_ids)::uuid[])))
  with check ((org_id = ANY (( SELECT app.caller_org_ids('admin'::text) AS caller_org_ids)::uuid[])));
create policy "Owners and admins remove qualification settings" on public.qualification_settings for delete to authenticated
  using ((org_id = ANY (( SELECT app.caller_org_ids('admin'::text) AS caller_org_ids)::uuid[])));
create policy "Owners and admins set qualification" on public.qualification_settings for insert to authenticated
  with check ((org_id = ANY (( SELECT app.caller_org_ids('admin'::text) AS caller_org_ids)::uuid[])));
create policy "Platform operators manage qualification settings" on public.qualification_settings for all to platform_admin, service_role
  using (( SELECT app.is_platform_operator() AS is_platform_operator))
  with check (( SELECT app.is_platform_operator() AS is_platform_operator));
CREATE TRIGGER audit_row_change AFTER INSERT OR DELETE OR UPDATE ON public.qualification_settings FOR EACH ROW EXECUTE FUNCTION app.audit_row_change();
CREATE TRIGGER qualification_settings_same_org BEFORE UPDATE ON public.qualification_settings FOR EACH ROW EXECUTE FUNCTION app.forbid_org_change();
CREATE TRIGGER qualification_settings_touch BEFORE UPDATE ON public.qualification_settings FOR EACH ROW EXECUTE FUNCTION app.touch_updated_at();
grant select, delete on table public.qualification_settings to authenticated;
grant select, insert, update, delete on table public.qualification_settings to platform_admin;
grant select, insert, update, delete on table public.qualification_settings to service_role;
grant insert (org_id, workspace_id, qualifier, criteria, auto_qualify) on table public.qualification_settings to authenticated;
grant update (qualifier, criteria, auto_qualify) on table public.qualification_settings to authenticated;

create table public.rule_pack_installs (
  org_id uuid not null,
  id uuid not null default gen_random_uuid(),
  rule_pack_name text not null,
  rule_pack_id uuid not null,
  pinned boolean not null default true,
  installed_by uuid default app.uid(),
  created_at timestamp with time zone not null default now(),
  updated_at timestamp with time zone not null default now(),
  constraint rule_pack_installs_installed_by_fkey FOREIGN KEY (installed_by) REFERENCES auth.users(id) ON DELETE SET NULL,
  constraint rule_pack_installs_org_id_fkey FOREIGN KEY (org_id) REFERENCES public.organisations(id) ON DELETE CASCADE,
  constraint rule_pack_installs_pkey PRIMARY KEY (org_id, id),
  constraint rule_pack_installs_rule_pack_id_fkey FOREIGN KEY (rule_pack_id) REFERENCES platform.rule_packs(id),
  constraint rule_pack_installs_rule_pack_name_key UNIQUE (org_id, rule_pack_name),
  constraint rule_pack_installs_rule_pack_name_single_line CHECK ((rule_pack_name !~ '[\x01-\x1f\x7f]'::text))
);
alter table public.rule_pack_installs enable row level security;
CREATE INDEX rule_pack_installs_rule_pack_idx ON public.rule_pack_installs USING btree (rule_pack_id);
create policy "Members see their organisations' installed rule packs" on public.rule_pack_installs for select to authenticated
  using ((org_id = ANY (( SELECT app.caller_org_ids('viewer'::text) AS caller_org_ids)::uuid[])));
create policy "Owners and admins install rule packs" on public.rule_pack_installs for insert to authenticated
  with check ((org_id = ANY (( SELECT app.caller_org_ids('admin'::text) AS caller_org_ids)::uuid[])));
create policy "Owners and admins pin and upgrade rule packs" on public.rule_pack_installs for update to authenticated
  using ((org_id = ANY (( SELECT app.caller_org_ids('admin'::text) AS caller_org_ids)::uuid[])))
  with check ((org_id = ANY (( SELECT app.caller_org_ids('admin'::text) AS caller_org_ids)::uuid[])));
create policy "Owners and admins uninstall rule packs" on public.rule_pack_installs for delete to authenticated
  using ((org_id = ANY (( SELECT app.caller_org_ids('admin'::text) AS caller_org_ids)::uuid[])));
create policy "Platform operators manage rule pack installs" on public.rule_pack_installs for all to platform_admin, service_role
  using (( SELECT app.is_platform_operator() AS is_platform_operator))
  with check (( SELECT app.is_platform_operator() AS is_platform_operator));
CREATE TRIGGER audit_row_change AFTER INSERT OR DELETE OR UPDATE ON public.rule_pack_installs FOR EACH ROW EXECUTE FUNCTION app.audit_row_change();
CREATE TRIGGER rule_pack_installs_check BEFORE INSERT OR UPDATE ON public.rule_pack_installs FOR EACH ROW EXECUTE FUNCTION app.check_rule_pack_install();
CREATE TRIGGER rule_pack_installs_same_org BEFORE UPDATE ON public.rule_pack_installs FOR EACH ROW EXECUTE FUNCTION app.forbid_org_change();
CREATE TRIGGER rule_pack_installs_touch BEFORE UPDATE ON public.rule_pack_installs FOR EACH ROW EXECUTE FUNCTION app.touch_updated_at();
grant select, delete on table public.rule_pack_installs to authenticated;
grant select, insert, update, delete on table public.rule_pack_installs to platform_admin;
grant select, insert, update, delete on table public.rule_pack_installs to service_role;
grant insert (org_id, rule_pack_id, pinned) on table public.rule_pack_installs to authenticated;
grant update (rule_pack_id, pinned) on table public.rule_pack_installs to authenticated;

create table public.step_type_installs (
  org_id uuid not null,
  id uuid not null default gen_random_uuid(),
  step_type_id uuid not null,
  step_type_version_id uuid not null,
  pinned boolean not null default true,
  signing_key_id uuid,
  previous_signing_key_id uuid,
  signing_key_rotated_at timestamp with time zone,
  bearer_secret_id uuid,
  installed_by uuid default app.uid(),
  created_at timestamp with time zone not null default now(),
  updated_at timestamp with time zone not null default now(),
  constraint step_type_installs_installed_by_fkey FOREIGN KEY (installed_by) REFERENCES auth.users(id) ON DELETE SET NULL,
  constraint step_type_installs_org_id_fkey FOREIGN KEY (org_id) REFERENCES public.organisations(id) ON DELETE CASCADE,
  constraint step_type_installs_pkey PRIMARY KEY (org_id, id),
  constraint step_type_installs_step_type_id_fkey FOREIGN KEY (step_type_id) REFERENCES platform.step_types(id),
  constraint step_type_installs_step_type_key UNIQUE (org_id, step_type_id),
  constraint step_type_installs_step_type_version_id_fkey FOREIGN KEY (step_type_version_id) REFERENCES platform.step_type_versions(id)
);
alter table public.step_type_installs enable row level security;
CREATE INDEX step_type_installs_version_idx ON public.step_type_installs USING btree (step_type_version_id);
create policy "Members see their organisations' installed step types" on public.step_type_installs for select to authenticated
  using ((org_id = ANY (( SELECT app.caller_org_ids('viewer'::text) AS caller_org_ids)::uuid[])));
create policy "Owners and admins install step types" on public.step_type_installs for insert to authenticated
  with check ((org_id = ANY (( SELECT app.caller_org_ids('admin'::text) AS caller_org_ids)::uuid[])));
create policy "Owners and admins pin and upgrade step types" on public.step_type_installs for update to authenticated
  using ((org_id = ANY (( SELECT app.caller_org_ids('admin'::text) AS caller_org_ids)::uuid[])))
  with check ((org_id = ANY (( SELECT app.caller_org_ids('admin'::text) AS caller_org_ids)::uuid[])));
create policy "Owners and admins uninstall step types" on public.step_type_installs for delete to authenticated
  using ((org_id = ANY (( SELECT app.caller_org_ids('admin'::text) AS caller_org_ids)::uuid[])));
create policy "Platform operators manage step type installs" on public.step_type_installs for all to platform_admin, service_role
  using (( SELECT app.is_platform_operator() AS is_platform_operator))
  with check (( SELECT app.is_platform_operator() AS is_platform_operator));
CREATE TRIGGER audit_row_change AFTER INSERT OR DELETE OR UPDATE ON public.step_type_installs FOR EACH ROW EXECUTE FUNCTION app.audit_row_change();
CREATE TRIGGER step_type_installs_check BEFORE INSERT OR UPDATE ON public.step_type_installs FOR EACH ROW EXECUTE FUNCTION app.check_step_type_install();
CREATE TRIGGER step_type_installs_recheck AFTER UPDATE OF step_type_version_id ON public.step_type_installs FOR EACH ROW WHEN ((new.step_type_version_id IS DISTINCT FROM old.step_type_version_id)) EXECUTE FUNCTION app.recheck_workflow_steps();
CREATE TRIGGER step_type_installs_same_org BEFORE UPDATE ON public.step_type_installs FOR EACH ROW EXECUTE FUNCTION app.forbid_org_change();
CREATE TRIGGER step_type_installs_touch BEFORE UPDATE ON public.step_type_installs FOR EACH ROW EXECUTE FUNCTION app.touch_updated_at();
grant select, delete on table public.step_type_installs to authenticated;
grant select, insert, update, delete on table public.step_type_installs to platform_admin;
grant select, insert, update, delete on table public.step_type_installs to service_role;
grant insert (org_id, step_type_version_id, pinned) on table public.step_type_installs to authenticated;
grant update (step_type_version_id, pinned) on table public.step_type_installs to authenticated;

create table public.subscriptions (
  org_id uuid not null,
  id uuid not null default gen_random_uuid(),
  plan_id text not null,
  status text not null,
  current_period_end timestamp with time zone,
  cancel_at_period_end boolean not null default false,
  stripe_customer_id text,
  stripe_subscription_id text,
  stripe_event_created timestamp with time zone,
  created_at timestamp with time zone not null default now(),
  updated_at timestamp with time zone not null default now(),
  constraint subscriptions_org_id_fkey FOREIGN KEY (org_id) REFERENCES public.organisations(id) ON DELETE CASCADE,
  constraint subscriptions_org_key UNIQUE (org_id),
  constraint subscriptions_pkey PRIMARY KEY (org_id, id),
  constraint subscriptions_plan_id_fkey FOREIGN KEY (plan_id) REFERENCES platform.plans(id) ON DELETE RESTRICT,
  constraint subscriptions_status_check CHECK ((status = ANY (ARRAY['incomplete'::text, 'incomplete_expired'::text, 'trialing'::text, 'active'::text, 'past_due'::text, 'canceled'::text, 'unpaid'::text, 'paused'::text]))),
  constraint subscriptions_stripe_customer_id_check CHECK ((stripe_customer_id ~ '^cus_[A-Za-z0-9]{1,100}$'::text)),
  constraint subscriptions_stripe_subscription_id_check CHECK ((stripe_subscription_id ~ '^sub_[A-Za-z0-9]{1,100}$'::text)),
  constraint subscriptions_stripe_subscription_id_key UNIQUE (stripe_subscription_id)
);
alter table public.subscriptions enable row level security;
CREATE INDEX subscriptions_plan_idx ON public.subscriptions USING btree (plan_id);
create policy "Members see their organisations' subscription status" on public.subscriptions for select to authenticated
  using ((org_id = ANY (( SELECT app.caller_org_ids('viewer'::text) AS caller_org_ids)::uuid[])));
create policy "Platform operators manage subscriptions" on public.subscriptions for all to platform_admin, service_role
  using (( SELECT app.is_platform_operator() AS is_platform_operator))
  with check (( SELECT app.is_platform_operator() AS is_platform_operator));
CREATE TRIGGER audit_row_change AFTER INSERT OR DELETE OR UPDATE ON public.subscriptions FOR EACH ROW EXECUTE FUNCTION app.audit_row_change('omit=stripe_customer_id,stripe_subscription_id');
CREATE TRIGGER subscriptions_same_org BEFORE UPDATE ON public.subscriptions FOR EACH ROW EXECUTE FUNCTION app.forbid_org_change();
CREATE TRIGGER subscriptions_touch BEFORE UPDATE ON public.subscriptions FOR EACH ROW EXECUTE FUNCTION app.touch_updated_at();
grant select, insert, update, delete on table public.subscriptions to platform_admin;
grant select, insert, update, delete on table public.subscriptions to service_role;
grant select (org_id, id, plan_id, status, current_period_end, cancel_at_period_end, created_at, updated_at) on table public.subscriptions to authenticated;

create table public.token_purchases (
  org_id uuid not null,
  id uuid not null default gen_random_uuid(),
  pack_id text not null,
  token_amount bigint not null default 0,
  status text not null default 'pending'::text,
  amount_paid bigint,
  currency text,
  provider_session_id text,
  checkout_url text,
  stripe_payment_intent_id text,
  stripe_customer_id text,
  created_by uuid default app.uid(),
  expires_at timestamp with time zone,
  completed_at timestamp with time zone,
  stripe_event_created timestamp with time zone,
  created_at timestamp with time zone not null default now(),
  updated_at timestamp with time zone not null default now(),
  constraint token_purchases_amount_paid_check CHECK ((amount_paid >= 0)),
  constraint token_purchases_checkout_url_check CHECK (((length(checkout_url) <= 2048) AND (checkout_url ~ '^https?://'::text))),
  constraint token_purchases_created_by_fkey FOREIGN KEY (created_by) REFERENCES auth.users(id) ON DELETE SET NULL,
  constraint token_purchases_currency_check CHECK ((currency ~ '^[a-z]{3}$'::text)),
  constraint token_purchases_org_id_fkey FOREIGN KEY (org_id) REFERENCES public.organisations(id) ON DELETE CASCADE,
  constraint token_purchases_pack_id_fkey FOREIGN KEY (pack_id) REFERENCES platform.token_packs(id) ON DELETE RESTRICT,
  constraint token_purchases_pkey PRIMARY KEY (org_id, id),
  constraint token_purchases_provider_session_id_check CHECK (((length(provider_session_id) >= 1) AND (length(provider_session_id) <= 255))),
  constraint token_purchases_provider_session_id_key UNIQUE (provider_session_id),
  constraint token_purchases_status_check CHECK ((status = ANY (ARRAY['pending'::text, 'completed'::text, 'failed'::text]))),
  constraint token_purchases_stripe_customer_id_check CHECK ((stripe_customer_id ~ '^cus_[A-Za-z0-9]{1,100}$'::text)),
  constraint token_purchases_stripe_payment_intent_id_check CHECK ((stripe_payment_intent_id ~ '^pi_[A-Za-z0-9]{1,100}$'::text)),
  constraint token_purchases_stripe_payment_intent_id_key UNIQUE (stripe_payment_intent_id),
  constraint token_purchases_token_amount_check CHECK ((token_amount >= 0))
);
alter table public.token_purchases enable row level security;
CREATE INDEX token_purchases_org_idx ON public.token_purchases USING btree (org_id, created_at, id);
CREATE INDEX token_purchases_pack_idx ON public.token_purchases USING btree (pack_id);
create policy "Owners and admins see their organisations' token purchases" on public.token_purchases for select to authenticated
  using ((org_id = ANY (( SELECT app.caller_org_ids('admin'::text) AS caller_org_ids)::uuid[])));
create policy "Owners and admins start token purchases" on public.token_purchases for insert to authenticated
  with check ((org_id = ANY (( SELECT app.caller_org_ids('admin'::text) AS caller_org_ids)::uuid[])));
create policy "Platform operators see token purchases" on public.token_purchases for select to platform_admin, service_role
  using (( SELECT app.is_platform_operator() AS is_platform_operator));
create policy "The service records token purchases" on public.token_purchases for all to service_role
  using (( SELECT app.is_platform_service() AS is_platform_service))
  with check (( SELECT app.is_platform_service() AS is_platform_service));
CREATE TRIGGER audit_row_change AFTER INSERT OR DELETE OR UPDATE ON public.token_purchases FOR EACH ROW EXECUTE FUNCTION app.audit_row_change('omit=provider_session_id,checkout_url,stripe_payment_intent_id,stripe_customer_id');
CREATE TRIGGER token_purchases_check_pack AFTER INSERT ON public.token_purchases FOR EACH ROW EXECUTE FUNCTION app.check_token_pack();
CREATE TRIGGER token_purchases_credit AFTER INSERT OR UPDATE OF status ON public.token_purchases FOR EACH ROW EXECUTE FUNCTION app.credit_token_purchase();
CREATE TRIGGER token_purchases_fill BEFORE INSERT ON public.token_purchases FOR EACH ROW EXECUTE FUNCTION app.fill_token_purchase();
CREATE TRIGGER token_purchases_guard BEFORE UPDATE ON public.token_purchases FOR EACH ROW EXECUTE FUNCTION app.guard_token_purchase();
CREATE TRIGGER token_purchases_same_org BEFORE UPDATE ON public.token_purchases FOR EACH ROW EXECUTE FUNCTION app.forbid_org_change();
CREATE TRIGGER token_purchases_touch BEFORE UPDATE ON public.token_purchases FOR EACH ROW EXECUTE FUNCTION app.touch_updated_at();
grant select on table public.token_purchases to platform_admin;
grant select, insert, update on table public.token_purchases to service_role;
grant insert (org_id, pack_id) on table public.token_purchases to authenticated;
grant select (org_id, id, pack_id, token_amount, status, amount_paid, currency, created_by, expires_at, completed_at, created_at, updated_at) on table public.token_purchases to authenticated;

create table public.token_usage (
  org_id uuid not null,
  id uuid not null default gen_random_uuid(),
  project_id uuid,
  chat_id uuid,
  tokens_used bigint not null,
  usage_type text not null,
  model text not null,
  created_by uuid default app.uid(),
  api_key_id uuid default app.api_key_id(),
  created_at timestamp with time zone not null default now(),
  constraint token_usage_created_by_fkey FOREIGN KEY (created_by) REFERENCES auth.users(id) ON DELETE SET NULL,
  constraint token_usage_model_check CHECK ((model ~ '^[A-Za-z0-9][A-Za-z0-9._:/@+-]{0,199}$'::text)),
  constraint token_usage_org_id_fkey FOREIGN KEY (org_id) REFERENCES public.organisations(id) ON DELETE CASCADE,
  constraint token_usage_pkey PRIMARY KEY (org_id, id),
  constraint token_usage_project_id_fkey FOREIGN KEY (org_id, project_id) REFERENCES public.projects(org_id, id) ON DELETE SET NULL (project_id),
  constraint token_usage_tokens_used_check CHECK (((tokens_used >= 1) AND (tokens_used <= '1000000000000'::bigint))),
  constraint token_usage_usage_type_check CHECK ((usage_type = ANY (ARRAY['chat'::text, 'artifact_generation'::text, 'search'::text])))
);
alter table public.token_usage enable row level security;
CREATE INDEX token_usage_org_idx ON public.token_usage USING btree (org_id, created_at, id);
CREATE INDEX token_usage_project_idx ON public.token_usage USING btree (org_id, project_id, created_at, id);
create policy "Members see their organisations' token usage" on public.token_usage for select to authenticated
  using ((org_id = ANY (( SELECT app.caller_org_ids('viewer'::text) AS caller_org_ids)::uuid[])));
create policy "Owners, admins and members record token usage" on public.token_usage for insert to authenticated
  with check ((org_id = ANY (( SELECT app.caller_org_ids('member'::text) AS caller_org_ids)::uuid[])));
create policy "Platform operators see and record token usage" on public.token_usage for all to platform_admin, service_role
  using (( SELECT app.is_platform_operator() AS is_platform_operator))
  with check (( SELECT app.is_platform_operator() AS is_platform_operator));
CREATE TRIGGER audit_row_change AFTER INSERT OR DELETE OR UPDATE ON public.token_usage FOR EACH ROW EXECUTE FUNCTION app.audit_row_change();
CREATE TRIGGER token_usage_append_only BEFORE DELETE OR UPDATE ON public.token_usage FOR EACH ROW EXECUTE FUNCTION app.refuse_credit_change();
CREATE TRIGGER token_usage_debit AFTER INSERT ON public.token_usage FOR EACH ROW EXECUTE FUNCTION app.debit_token_usage();
CREATE TRIGGER token_usage_same_org BEFORE UPDATE ON public.token_usage FOR EACH ROW EXECUTE FUNCTION app.forbid_org_change();
grant select on table public.token_usage to authenticated;
grant select on table public.token_usage to platform_admin;
grant select on table public.token_usage to service_role;
grant insert (org_id, project_id, chat_id, tokens_used, usage_type, model) on table public.token_usage to authenticated;
grant insert (org_id, project_id, chat_id, tokens_used, usage_type, model) on table public.token_usage to platform_admin;
grant insert (org_id, project_id, chat_id, tokens_used, usage_type, model, created_by) on table public.token_usage to service_role;

create table public.usage_counters (
  org_id uuid not null,
  id uuid not null default gen_random_uuid(),
  metric text not null,
  period_start date not null,
  used bigint not null default 0,
  updated_at timestamp with time zone not null default now(),
  constraint usage_counters_metric_check CHECK ((metric = ANY (ARRAY['leads'::text, 'ai_qualifications'::text, 'api_requests'::text, 'members'::text, 'workspaces'::text, 'integrations'::text]))),
  constraint usage_counters_metric_period_key UNIQUE (org_id, metric, period_start),
  constraint usage_counters_org_id_fkey FOREIGN KEY (org_id) REFERENCES public.organisations(id) ON DELETE CASCADE,
  constraint usage_counters_period_start_check CHECK ((period_start = (date_trunc('month'::text, (period_start)::timestamp with time zone))::date)),
  constraint usage_counters_pkey PRIMARY KEY (org_id, id),
  constraint usage_counters_used_check CHECK ((used >= 0))
);
alter table public.usage_counters enable row level security;
create policy "Members see their organisations' usage" on public.usage_counters for select to authenticated
  using ((org_id = ANY (( SELECT app.caller_org_ids('viewer'::text) AS caller_org_ids)::uuid[])));
create policy "Platform operators manage usage counters" on public.usage_counters for all to platform_admin, service_role
  using (( SELECT app.is_platform_operator() AS is_platform_operator))
  with check (( SELECT app.is_platform_operator() AS is_platform_operator));
CREATE TRIGGER usage_counters_same_org BEFORE UPDATE ON public.usage_counters FOR EACH ROW EXECUTE FUNCTION app.forbid_org_change();
grant select on table public.usage_counters to authenticated;
grant select, insert, update, delete on table public.usage_counters to platform_admin;
grant select, insert, update, delete on table public.usage_counters to service_role;

create table public.usage_events (
  org_id uuid not null,
  id uuid not null default gen_random_uuid(),
  metric text not null,
  period_start date not null,
  delta bigint not null,
  source text not null,
  created_at timestamp with time zone not null default now(),
  constraint usage_events_metric_check CHECK ((metric = ANY (ARRAY['leads'::text, 'ai_qualifications'::text, 'api_requests'::text, 'members'::text, 'workspaces'::text, 'integrations'::text]))),
  constraint usage_events_org_id_fkey FOREIGN KEY (org_id) REFERENCES public.organisations(id) ON DELETE CASCADE,
  constraint usage_events_pkey PRIMARY KEY (org_id, id),
  constraint usage_events_source_check CHECK (((length(source) >= 1) AND (length(source) <= 100)))
);
alter table public.usage_events enable row level security;
CREATE INDEX usage_events_org_idx ON public.usage_events USING btree (org_id, created_at);
create policy "Platform operators manage usage events" on public.usage_events for all to platform_admin, service_role
  using (( SELECT app.is_platform_operator() AS is_platform_operator))
  with check (( SELECT app.is_platform_operator() AS is_platform_operator));
CREATE TRIGGER usage_events_same_org BEFORE UPDATE ON public.usage_events FOR EACH ROW EXECUTE FUNCTION app.forbid_org_change();
grant select on table public.usage_events to platform_admin;
grant select, insert, delete on table public.usage_events to service_role;

create table public.workflow_def_steps (
  org_id uuid not null,
  id uuid not null default gen_random_uuid(),
  workflow_def_id uuid not null,
  "position" integer not null,
  install_id uuid not null,
  config jsonb not null default '{}'::jsonb,
  created_at timestamp with time zone not null default now(),
  updated_at timestamp with time zone not null default now(),
  constraint workflow_def_steps_install_fkey FOREIGN KEY (org_id, install_id) REFERENCES public.step_type_installs(org_id, id),
  constraint workflow_def_steps_org_id_fkey FOREIGN KEY (org_id) REFERENCES public.organisations(id) ON DELETE CASCADE,
  constraint workflow_def_steps_pkey PRIMARY KEY (org_id, id),
  constraint workflow_def_steps_position_check CHECK ((("position" >= 1) AND ("position" <= 200))),
  constraint workflow_def_steps_position_key UNIQUE (org_id, workflow_def_id, "position"),
  constraint workflow_def_steps_workflow_def_fkey FOREIGN KEY (org_id, workflow_def_id) REFERENCES public.workflow_defs(org_id, id) ON DELETE CASCADE
);
alter table public.workflow_def_steps enable row level security;
CREATE INDEX workflow_def_steps_install_idx ON public.workflow_def_steps USING btree (org_id, install_id);
create policy "Members see their organisations' workflow steps" on public.workflow_def_steps for select to authenticated
  using ((org_id = ANY (( SELECT app.caller_org_ids('viewer'::text) AS caller_org_ids)::uuid[])));
create policy "Owners, admins and members add workflow steps" on public.workflow_def_steps for insert to authenticated
  with check ((org_id = ANY (( SELECT app.caller_org_ids('member'::text) AS caller_org_ids)::uuid[])));
create policy "Owners, admins and members edit workflow steps" on public.workflow_def_steps for update to authenticated
  using ((org_id = ANY (( SELECT app.caller_org_ids('member'::text) AS caller_org_ids)::uuid[])))
  with check ((org_id = ANY (( SELECT app.caller_org_ids('member'::text) AS caller_org_ids)::uuid[])));
create policy "Owners, admins and members remove workflow steps" on public.workflow_def_steps for delete to authenticated
  using ((org_id = ANY (( SELECT app.caller_org_ids('member'::text) AS caller_org_ids)::uuid[])));
create policy "Platform operators manage workflow steps" on public.workflow_def_steps for all to platform_admin, service_role
  using (( SELECT app.is_platform_operator() AS is_platform_operator))
  with check (( SELECT app.is_platform_operator() AS is_platform_operator));
CREATE TRIGGER audit_row_change AFTER INSERT OR DELETE OR UPDATE ON public.workflow_def_steps FOR EACH ROW EXECUTE FUNCTION app.audit_row_change();
CREATE TRIGGER workflow_def_steps_check BEFORE INSERT OR UPDATE OF install_id, config ON public.workflow_def_steps FOR EACH ROW EXECUTE FUNCTION app.check_workflow_step_config();
CREATE TRIGGER workflow_def_steps_same_org BEFORE UPDATE ON public.workflow_def_steps FOR EACH ROW EXECUTE FUNCTION app.forbid_org_change();
CREATE TRIGGER workflow_def_steps_touch BEFORE UPDATE ON public.workflow_def_steps FOR EACH ROW EXECUTE FUNCTION app.touch_updated_at();
grant select, delete on table public.workflow_def_steps to authenticated;
grant select, insert, update, delete on table public.workflow_def_steps to platform_admin;
grant select, insert, update, delete on table public.workflow_def_steps to service_role;
grant insert (org_id, workflow_def_id, "position", install_id, config) on table public.workflow_def_steps to authenticated;
grant update ("position", install_id, config) on table public.workflow_def_steps to authenticated;

create table public.workflow_defs (
  org_id uuid not null,
  id uuid not null default gen_random_uuid(),
  name text not null,
  description text,
  input_schema jsonb not null default '{"type": "object"}'::jsonb,
  published_at timestamp with time zone,
  created_by uuid default app.uid(),
  created_at timestamp with time zone not null default now(),
  updated_at timestamp with time zone not null default now(),
  constraint workflow_defs_created_by_fkey FOREIGN KEY (created_by) REFERENCES auth.users(id) ON DELETE SET NULL,
  constraint workflow_defs_description_check CHECK ((length(description) <= 2000)),
  constraint workflow_defs_input_schema_check CHECK ((app.json_schema_problem(input_schema) IS NULL)),
  constraint workflow_defs_name_check CHECK (((length(btrim(name)) >= 1) AND (length(btrim(name)) <= 200))),
  constraint workflow_defs_name_key UNIQUE (org_id, name),
  constraint workflow_defs_name_single_line CHECK ((name !~ '[\x01-\x1f\x7f]'::text)),
  constraint workflow_defs_org_id_fkey FOREIGN KEY (org_id) REFERENCES public.organisations(id) ON DELETE CASCADE,
  constraint workflow_defs_pkey PRIMARY KEY (org_id, id)
);
alter table public.workflow_defs enable row level security;
create policy "Members see their organisations' workflows" on public.workflow_defs for select to authenticated
  using ((org_id = ANY (( SELECT app.caller_org_ids('viewer'::text) AS caller_org_ids)::uuid[])));
create policy "Owners, admins and members create workflows" on public.workflow_defs for insert to authenticated
  with check ((org_id = ANY (( SELECT app.caller_org_ids('member'::text) AS caller_org_ids)::uuid[])));
create policy "Owners, admins and members delete workflows" on public.workflow_defs for delete to authenticated
  using ((org_id = ANY (( SELECT app.caller_org_ids('member'::text) AS caller_org_ids)::uuid[])));
create policy "Owners, admins and members edit workflows" on public.workflow_defs for update to authenticated
  using ((org_id = ANY (( SELECT app.caller_org_ids('member'::text) AS caller_org_ids)::uuid[])))
  with check ((org_id = ANY (( SELECT app.caller_org_ids('member'::text) AS caller_org_ids)::uuid[])));
create policy "Platform operators manage workflows" on public.workflow_defs for all to platform_admin, service_role
  using (( SELECT app.is_platform_operator() AS is_platform_operator))
  with check (( SELECT app.is_platform_operator() AS is_platform_operator));
CREATE TRIGGER audit_row_change AFTER INSERT OR DELETE OR UPDATE ON public.workflow_defs FOR EACH ROW EXECUTE FUNCTION app.audit_row_change();
CREATE TRIGGER workflow_defs_same_org BEFORE UPDATE ON public.workflow_defs FOR EACH ROW EXECUTE FUNCTION app.forbid_org_change();
CREATE TRIGGER workflow_defs_touch BEFORE UPDATE ON public.workflow_defs FOR EACH ROW EXECUTE FUNCTION app.touch_updated_at();
grant select, delete on table public.workflow_defs to authenticated;
grant select, insert, update, delete on table public.workflow_defs to platform_admin;
grant select, insert, update, delete on table public.workflow_defs to service_role;
grant insert (org_id, name, description, input_schema) on table public.workflow_defs to authenticated;
grant update (name, description, input_schema, published_at) on table public.workflow_defs to authenticated;

create table public.workflow_runs (
  org_id uuid not null,
  id uuid not null default gen_random_uuid(),
  workflow_def_id uuid not null,
  status text not null default 'pending'::text,
  input jsonb not null default '{}'::jsonb,
  error text,
  started_by uuid default app.uid(),
  cancelled_by uuid,
  created_at timestamp with time zone not null default now(),
  started_at timestamp with time zone,
  finished_at timestamp with time zone,
  updated_at timestamp with time zone not null default now(),
  constraint workflow_runs_cancelled_by_fkey FOREIGN KEY (cancelled_by) REFERENCES auth.users(id) ON DELETE SET NULL,
  constraint workflow_runs_error_check CHECK ((length(error) <= 2000)),
  constraint workflow_runs_input_check CHECK ((octet_length((input)::text) <= 262144)),
  constraint workflow_runs_org_id_fkey FOREIGN KEY (org_id) REFERENCES public.organisations(id) ON DELETE CASCADE,
  constraint workflow_runs_pkey PRIMARY KEY (org_id, id),
  constraint workflow_runs_started_by_fkey FOREIGN KEY (started_by) REFERENCES auth.users(id) ON DELETE SET NULL,
  constraint workflow_runs_status_check CHECK ((status = ANY (ARRAY['pending'::text, 'running'::text, 'succeeded'::text, 'failed'::text, 'cancelled'::text]))),
  constraint workflow_runs_workflow_def_fkey FOREIGN KEY (org_id, workflow_def_id) REFERENCES public.workflow_defs(org_id, id) ON DELETE CASCADE
);
alter table public.workflow_runs enable row level security;
CREATE INDEX workflow_runs_def_idx ON public.workflow_runs USING btree (org_id, workflow_def_id, created_at, id);
CREATE INDEX workflow_runs_open_idx ON public.workflow_runs USING btree (status, created_at) WHERE (status = ANY (ARRAY['pending'::text, 'running'::text]));
create policy "Members see their organisations' workflow runs" on public.workflow_runs for select to authenticated
  using ((org_id = ANY (( SELECT app.caller_org_ids('viewer'::text) AS caller_org_ids)::uuid[])));
create policy "Owners, admins and members start workflow runs" on public.workflow_runs for insert to authenticated
  with check ((org_id = ANY (( SELECT app.caller_org_ids('member'::text) AS caller_org_ids)::uuid[])));
create policy "Platform operators manage workflow runs" on public.workflow_runs for all to platform_admin, service_role
  using (( SELECT app.is_platform_operator() AS is_platform_operator))
  with check (( SELECT app.is_platform_operator() AS is_platform_operator));
CREATE TRIGGER audit_row_change AFTER INSERT OR DELETE OR UPDATE ON public.workflow_runs FOR EACH ROW EXECUTE FUNCTION app.audit_row_change('omit=input');
CREATE TRIGGER workflow_runs_check_start BEFORE INSERT ON public.workflow_runs FOR EACH ROW EXECUTE FUNCTION app.check_workflow_run_start();
CREATE TRIGGER workflow_runs_copy_steps AFTER INSERT ON public.workflow_runs FOR EACH ROW EXECUTE FUNCTION app.copy_workflow_steps();
CREATE TRIGGER workflow_runs_org_not_deleted BEFORE INSERT ON public.workflow_runs FOR EACH ROW EXECUTE FUNCTION app.refuse_deleted_org();
CREATE TRIGGER workflow_runs_same_org BEFORE UPDATE ON public.workflow_runs FOR EACH ROW EXECUTE FUNCTION app.forbid_org_change();
CREATE TRIGGER workflow_runs_touch BEFORE UPDATE ON public.workflow_runs FOR EACH ROW EXECUTE FUNCTION app.touch_updated_at();
CREATE TRIGGER workflow_runs_transition BEFORE UPDATE ON public.workflow_runs FOR EACH ROW EXECUTE FUNCTION app.check_workflow_transition();
grant select on table public.workflow_runs to authenticated;
grant select, insert, update, delete on table public.workflow_runs to platform_admin;
grant select, insert, update, delete on table public.workflow_runs to service_role;
grant insert (org_id, workflow_def_id, input) on table public.workflow_runs to authenticated;

create table public.workflow_step_runs (
  org_id uuid not null,
  id uuid not null default gen_random_uuid(),
  run_id uuid not null,
  "position" integer not null,
  install_id uuid,
  step_type_version_id uuid not null,
  config jsonb not null default '{}'::jsonb,
  status text not null default 'pending'::text,
  attempt integer not null default 0,
  output jsonb,
  error text,
  callback_token_hash bytea,
  callback_expires_at timestamp with time zone,
  callback_delivery_id text,
  created_at timestamp with time zone not null default now(),
  started_at timestamp with time zone,
  finished_at timestamp with time zone,
  updated_at timestamp with time zone not null default now(),
  constraint workflow_step_runs_attempt_check CHECK (((attempt >= 0) AND (attempt <= 1000))),
  constraint workflow_step_runs_delivery_check CHECK (((length(callback_delivery_id) >= 1) AND (length(callback_delivery_id) <= 200))),
  constraint workflow_step_runs_error_check CHECK ((length(error) <= 2000)),
  constraint workflow_step_runs_install_fkey FOREIGN KEY (org_id, install_id) REFERENCES public.step_type_installs(org_id, id) ON DELETE SET NULL (install_id),
  constraint workflow_step_runs_org_id_fkey FOREIGN KEY (org_id) REFERENCES public.organisations(id) ON DELETE CASCADE,
  constraint workflow_step_runs_output_check CHECK ((octet_length((output)::text) <= 262144)),
  constraint workflow_step_runs_pkey PRIMARY KEY (org_id, id),
  constraint workflow_step_runs_position_check CHECK ((("position" >= 1) AND ("position" <= 200))),
  constraint workflow_step_runs_position_key UNIQUE (org_id, run_id, "position"),
  constraint workflow_step_runs_run_fkey FOREIGN KEY (org_id, run_id) REFERENCES public.workflow_runs(org_id, id) ON DELETE CASCADE,
  constraint workflow_step_runs_status_check CHECK ((status = ANY (ARRAY['pending'::text, 'running'::text, 'waiting_callback'::text, 'succeeded'::text, 'failed'::text, 'timed_out'::text, 'cancelled'::text]))),
  constraint workflow_step_runs_step_type_version_id_fkey FOREIGN KEY (step_type_version_id) REFERENCES platform.step_type_versions(id),
  constraint workflow_step_runs_token_check CHECK ((length(callback_token_hash) = 32)),
  constraint workflow_step_runs_waiting_check CHECK (((status <> 'waiting_callback'::text) OR ((callback_token_hash IS NOT NULL) AND (callback_expires_at IS NOT NULL))))
);
alter table public.workflow_step_runs enable row level security;
CREATE INDEX workflow_step_runs_install_idx ON public.workflow_step_runs USING btree (org_id, install_id);
CREATE INDEX workflow_step_runs_waiting_idx ON public.workflow_step_runs USING btree (callback_expires_at) WHERE (status = 'waiting_callback'::text);
create policy "Members see their organisations' workflow step runs" on public.workflow_step_runs for select to authenticated
  using ((org_id = ANY (( SELECT app.caller_org_ids('viewer'::text) AS caller_org_ids)::uuid[])));
create policy "Platform operators manage workflow step runs" on public.workflow_step_runs for all to platform_admin, service_role
  using (( SELECT app.is_platform_operator() AS is_platform_operator))
  with check (( SELECT app.is_platform_operator() AS is_platform_operator));
CREATE TRIGGER audit_row_change AFTER INSERT OR DELETE OR UPDATE ON public.workflow_step_runs FOR EACH ROW EXECUTE FUNCTION app.audit_row_change('omit=output,config,callback_token_hash');
CREATE TRIGGER workflow_step_runs_same_org BEFORE UPDATE ON public.workflow_step_runs FOR EACH ROW EXECUTE FUNCTION app.forbid_org_change();
CREATE TRIGGER workflow_step_runs_touch BEFORE UPDATE ON public.workflow_step_runs FOR EACH ROW EXECUTE FUNCTION app.touch_updated_at();
CREATE TRIGGER workflow_step_runs_transition BEFORE UPDATE ON public.workflow_step_runs FOR EACH ROW EXECUTE FUNCTION app.check_workflow_transition();
grant select, insert, update, delete on table public.workflow_step_runs to platform_admin;
grant select, insert, update, delete on table public.workflow_step_runs to service_role;
grant select (org_id, id, run_id, "position", install_id, step_type_version_id, config, status, attempt, output, error, callback_expires_at, callback_delivery_id, created_at, started_at, finished_at, updated_at) on table public.workflow_step_runs to authenticated;

create table public.workspaces (
  org_id uuid not null,
  id uuid not null default gen_random_uuid(),
  name text not null,
  description text,
  is_default boolean not null default false,
  created_by uuid default app.uid(),
  created_at timestamp with time zone not null default now(),
  updated_at timestamp with time zone not null default now(),
  constraint workspaces_created_by_fkey FOREIGN KEY (created_by) REFERENCES auth.users(id) ON DELETE SET NULL,
  constraint workspaces_description_check CHECK ((length(description) <= 2000)),
  constraint workspaces_name_check CHECK (((length(btrim(name)) >= 1) AND (length(btrim(name)) <= 200))),
  constraint workspaces_name_single_line CHECK ((name !~ '[\x01-\x1f\x7f]'::text)),
  constraint workspaces_org_id_fkey FOREIGN KEY (org_id) REFERENCES public.organisations(id) ON DELETE CASCADE,
  constraint workspaces_pkey PRIMARY KEY (org_id, id)
);
alter table public.workspaces enable row level security;
CREATE UNIQUE INDEX workspaces_one_default_idx ON public.workspaces USING btree (org_id) WHERE is_default;
create policy "Members see their organisations' workspaces" on public.workspaces for select to authenticated
  using (((org_id = ANY (( SELECT app.caller_org_ids('viewer'::text) AS caller_org_ids)::uuid[])) OR ((org_id, id) IN ( SELECT caller_workspace_grants.org_id,
    caller_workspace_grants.workspace_id
   FROM app.caller_workspace_grants('viewer'::text) caller_workspace_grants(org_id, workspace_id)))));
create policy "Owners and admins create workspaces" on public.workspaces for insert to authenticated
  with check ((org_id = ANY (( SELECT app.caller_org_ids('admin'::text) AS caller_org_ids)::uuid[])));
create policy "Owners and admins delete workspaces" on public.workspaces for delete to authenticated
  using ((org_id = ANY (( SELECT app.caller_org_ids('admin'::text) AS caller_org_ids)::uuid[])));
create policy "Owners and admins edit workspaces" on public.workspaces for update to authenticated
  using (((org_id = ANY (( SELECT app.caller_org_ids('admin'::text) AS caller_org_ids)::uuid[])) OR ((org_id, id) IN ( SELECT caller_workspace_grants.org_id,
    caller_workspace_grants.workspace_id
   FROM app.caller_workspace_grants('admin'::text) caller_workspace_grants(org_id, workspace_id)))))
  with check (((org_id = ANY (( SELECT app.caller_org_ids('admin'::text) AS caller_org_ids)::uuid[])) OR ((org_id, id) IN ( SELECT caller_workspace_grants.org_id,
    caller_workspace_grants.workspace_id
   FROM app.caller_workspace_grants('admin'::text) caller_workspace_grants(org_id, workspace_id)))));
create policy "Platform operators manage workspaces" on public.workspaces for all to platform_admin, service_role
  using (( SELECT app.is_platform_operator() AS is_platform_operator))
  with check (( SELECT app.is_platform_operator() AS is_platform_operator));
CREATE TRIGGER audit_row_change AFTER INSERT OR DELETE OR UPDATE ON public.workspaces FOR EACH ROW EXECUTE FUNCTION app.audit_row_change();
CREATE TRIGGER count_usage AFTER INSERT ON public.workspaces REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION app.count_usage('workspaces');
CREATE TRIGGER count_usage_deleted AFTER DELETE ON public.workspaces REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION app.count_usage('workspaces');
CREATE TRIGGER workspaces_same_org BEFORE UPDATE ON public.workspaces FOR EACH ROW EXECUTE FUNCTION app.forbid_org_change();
CREATE TRIGGER workspaces_touch BEFORE UPDATE ON public.workspaces FOR EACH ROW EXECUTE FUNCTION app.touch_updated_at();
grant select, delete on table public.workspaces to authenticated;
grant select, insert, update, delete on table public.workspaces to platform_admin;
grant select, insert, update, delete on table public.workspaces to service_role;
grant insert (org_id, name, description) on table public.workspaces to authenticated;
grant update (name, description) on table public.workspaces to authenticated;

-- Views -------------------------------------------------------------------------------------------

create view app.delegation_grants with (security_invoker=true) as
 SELECT pm.user_id,
    d.org_id,
    d.id AS delegation_id,
    d.provider_org_id,
    (ARRAY['viewer'::text, 'member'::text, 'admin'::text, 'owner'::text])[LEAST(app.role_rank(d.role_ceiling), app.role_rank(pm.role), a.r)] AS role,
    (EXISTS ( SELECT 1
           FROM public.provider_delegation_workspaces w
          WHERE w.org_id = d.org_id AND w.delegation_id = d.id)) AS workspace_scoped
   FROM public.provider_delegations d
     JOIN public.organisation_members pm ON pm.org_id = d.provider_org_id
     JOIN public.organisations po ON po.id = pm.org_id AND po.deleted_at IS NULL
     JOIN public.organisations co ON co.id = d.org_id AND co.deleted_at IS NULL
     CROSS JOIN LATERAL ( SELECT max(app.role_rank(a_1.role)) AS r
           FROM public.provider_assignments a_1
          WHERE a_1.org_id = d.org_id AND a_1.delegation_id = d.id AND (a_1.user_id = pm.user_id OR a_1.user_id IS NULL AND app.role_rank(pm.role) >= app.role_rank(a_1.provider_role))) a
  WHERE pm.status = 'active'::text AND a.r > 0 AND d.status = 'active'::text AND (d.expires_at IS NULL OR d.expires_at > now());

create view public.v_rule_packs with (security_invoker=true) as
 SELECT id,
    name,
    version,
    spec,
    published_at
   FROM platform.rule_packs
  WHERE published_at IS NOT NULL;
grant select on table public.v_rule_packs to authenticated;
grant select on table public.v_rule_packs to service_role;

create view public.v_step_type_versions with (security_invoker=true) as
 SELECT id,
    step_type_id,
    version,
    input_schema,
    output_schema,
    published_at,
    deprecated_at
   FROM platform.step_type_versions
  WHERE published_at IS NOT NULL;
grant select on table public.v_step_type_versions to authenticated;
grant select on table public.v_step_type_versions to service_role;

create view public.v_step_types with (security_invoker=true) as
 SELECT id,
    key,
    name,
    category,
    description
   FROM platform.step_types t
  WHERE (EXISTS ( SELECT 1
           FROM platform.step_type_versions v
          WHERE v.step_type_id = t.id AND v.published_at IS NOT NULL));
grant select on table public.v_step_types to authenticated;
grant select on table public.v_step_types to service_role;

-- Functions, with their privileges ----------------------------------------------------------------

CREATE OR REPLACE FUNCTION app.accept_invitation(token text)
 RETURNS uuid
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO 'pg_catalog', 'pg_temp'
AS $function$
#variable_conflict use_variable
declare
  caller uuid := app.require_user();
  caller_email text;
  inv public.invitations;
  current_status text;
begin
  if token is null or length(token) = 0 or length(token) > 200 then
    raise exception 'token is required' using errcode = 'PS422', column = 'token';
  end if;
  select * into inv from public.invitations i where i.token_hash = sha256(convert_to(token, 'UTF8'));
  if not found then
    raise exception 'invitation not found' using errcode = 'PS404', column = 'token';
  end if;
  -- The organisation first, then the invitation: the order app.delete_organisation locks them in,
  -- so an acceptance racing a delete waits for it (and then finds the invitation revoked) instead
  -- of deadlocking. A deleted organisation's invitations were revoked with it.
  perform 1 from public.organisations o where o.id = inv.org_id and o.deleted_at is null for share;
  select * into inv from public.invitations i where i.org_id = inv.org_id and i.id = inv.id for update;
  if inv.revoked_at is not null then
    raise exception 'this invitation was revoked' using errcode = 'PS410', column = 'token';
  end if;
  if inv.accepted_at is not null then
    raise exception 'this invitation was already used' using errcode = 'PS409', column = 'token';
  end if;
  if inv.expires_at <= now() then
    raise exception 'this invitation has expired' using errcode = 'PS410', column = 'token';
  end if;
  select lower(u.email) into caller_email from auth.users u where u.id = caller;
  if caller_email is distinct from lower(inv.email) then
    raise exception 'this invitation was sent to another email address' using errcode = 'PS403', column = 'token';
  end if;

  select m.status into current_status from public.organisation_members m
  where m.org_id = inv.org_id and m.user_id = caller;
  if current_status = 'suspended' then
    raise exception 'your membership of this organisation is suspended' using errcode = 'PS403';
  elsif current_status is null then
    insert into public.organisation_members (org_id, user_id, role, status, invited_by)
    values (inv.org_id, caller, inv.role, 'active', inv.invited_by);
  elsif current_status = 'invited' then
    update public.organisation_members m set status = 'active', role = inv.role
    where m.org_id = inv.org_id and m.user_id = caller;
  end if;

  update public.invitations i set accepted_at = now(), accepted_by = caller
  where i.org_id = inv.org_id and i.id = inv.id;
  return inv.org_id;
end $function$;
grant execute on function app.accept_invitation(token text) to authenticated;
grant execute on function app.accept_invitation(token text) to service_role;

CREATE OR REPLACE FUNCTION app.accept_provider_access(provider uuid, delegation_id uuid)
 RETURNS void
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO 'pg_catalog', 'pg_temp'
AS $function$
#variable_conflict use_variable
declare
  caller uuid := app.require_user();
  d public.provider_delegations;
begin
  d := app.provider_delegation(provider, delegation_id, 'accept provider access', true);
  if d.status <> 'pending' then
    raise exception 'the delegation is already accepted' using errcode = 'PS409', column = 'delegation_id';
  end if;
  if d.expires_at is not null and d.expires_at <= now() then
    raise exception 'the delegation has expired' using errcode = 'PS409', column = 'delegation_id';
  end if;
  update public.provider_delegations x set status = 'active', accepted_at = now(), accepted_by = caller
   where x.org_id = d.org_id and x.id = d.id
  returning * into d;
  perform app.audit_provider_side(d, 'provider_delegation.accepted');
end $function$;
grant execute on function app.accept_provider_access(provider uuid, delegation_id uuid) to authenticated;
grant execute on function app.accept_provider_access(provider uuid, delegation_id uuid) to service_role;

CREATE OR REPLACE FUNCTION app.acting_org()
 RETURNS uuid
 LANGUAGE sql
 STABLE
AS $function$
  select case when coalesce(pg_catalog.current_setting('palisade.acting_org', true), '') operator(pg_catalog.=) '' then null
              when app.is_uuid_text(pg_catalog.current_setting('palisade.acting_org', true))
              then pg_catalog.current_setting('palisade.acting_org', true)::pg_catalog.uuid
              else '00000000-0000-0000-0000-000000000000'::pg_catalog.uuid end
$function$;
grant execute on function app.acting_org() to anon;
grant execute on function app.acting_org() to authenticated;
grant execute on function app.acting_org() to service_role;

CREATE OR REPLACE FUNCTION app.add_project_member(org uuid, project_id uuid, user_id uuid, role text)
 RETURNS uuid
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO 'pg_catalog', 'pg_temp'
AS $function$
#variable_conflict use_variable
declare
  row_id uuid;
begin
  perform public.assert_tenant_membership(org);
  if not exists (select 1 from public.projects p where p.org_id = org and p.id = add_project_member.project_id) then
    raise exception 'project not found' using errcode = 'PS404', column = 'project_id';
  end if;
  if not (app.has_org_role(org, '{owner,admin}')
          or (org, add_project_member.project_id) in (select * from app.managed_projects())) then
    raise exception 'only organisation owners and admins or project owners and managers can add project members'
      using errcode = 'PS403';
  end if;
  role := app.require_choice(role, 'role', '{owner,manager,contributor,viewer}');
  if not exists (
    select 1 from public.organisation_members m
    where m.org_id = org and m.user_id = add_project_member.user_id and m.status = 'active'
  ) then
    raise exception 'user_id is not an active member of this organisation' using errcode = 'PS422', column = 'user_id';
  end if;
  begin
    insert into public.project_members (org_id, project_id, user_id, role, added_by)
    values (org, add_project_member.project_id, add_project_member.user_id, role, app.uid())
    returning id into row_id;
  exception when unique_violation then
    raise exception 'this person is already a member of the project' using errcode = 'PS409', column = 'user_id';
  end;
  return row_id;
end $function$;
grant execute on function app.add_project_member(org uuid, project_id uuid, user_id uuid, role text) to authenticated;
grant execute on function app.add_project_member(org uuid, project_id uuid, user_id uuid, role text) to service_role;

CREATE OR REPLACE FUNCTION app.api_connections_bind_credentials()
 RETURNS trigger
 LANGUAGE plpgsql
 SET search_path TO 'pg_catalog', 'pg_temp'
AS $function$
begin
  if old.credential_secret_id is not null and new.credential_secret_id is not distinct from old.credential_secret_id
     and lower(substring(new.endpoint_url from '^[a-zA-Z]+://[^/]+'))
         is distinct from lower(substring(old.endpoint_url from '^[a-zA-Z]+://[^/]+')) then
    new.credential_secret_id := null;
    new.credentials_updated_at := now();
  end if;
  new.updated_at := now();
  new.updated_by := app.uid();
  return new;
end $function$;
-- app.api_connections_bind_credentials(): executable by its owner only

CREATE OR REPLACE FUNCTION app.api_key_effective_role(key_role text, creator_role text, creator_status text)
 RETURNS text
 LANGUAGE sql
 IMMUTABLE
 SET search_path TO 'pg_catalog', 'pg_temp'
AS $function$
  select case when creator_status is distinct from 'active' then null
              when key_role = 'viewer' and creator_role in ('owner', 'admin', 'member', 'viewer') then 'viewer'
              when key_role in ('admin', 'member') and creator_role = 'viewer' then 'viewer'
              when key_role = 'member' and creator_role in ('owner', 'admin', 'member') then 'member'
              when key_role = 'admin' and creator_role = 'member' then 'member'
              when key_role = 'admin' and creator_role in ('owner', 'admin') then 'admin'
         end
$function$;
grant execute on function app.api_key_effective_role(key_role text, creator_role text, creator_status text) to authenticated;
grant execute on function app.api_key_effective_role(key_role text, creator_role text, creator_status text) to service_role;

CREATE OR REPLACE FUNCTION app.api_key_id()
 RETURNS uuid
 LANGUAGE sql
 STABLE
AS $function$
  select case when app.current_api_role() operator(pg_catalog.=) 'authenticated'
               and app.uid() is null
               and (app.jwt() operator(pg_catalog.->>) 'api_key_id')
                   operator(pg_catalog.~*) '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$'
              then (app.jwt() operator(pg_catalog.->>) 'api_key_id')::pg_catalog.uuid end
$function$;
grant execute on function app.api_key_id() to anon;
grant execute on function app.api_key_id() to authenticated;
grant execute on function app.api_key_id() to service_role;

CREATE OR REPLACE FUNCTION app.apply_credit_entry()
 RETURNS trigger
 LANGUAGE plpgsql
 SET search_path TO 'pg_catalog', 'pg_temp'
AS $function$
begin
  if new.granted >= 0 and new.purchased >= 0 then
    insert into public.credit_balances as b (org_id, granted, purchased) values (new.org_id, new.granted, new.purchased)
    on conflict (org_id) do update
      set granted = b.granted + excluded.granted, purchased = b.purchased + excluded.purchased, updated_at = now();
    return null;
  end if;
  update public.credit_balances b
     set granted = b.granted + new.granted, purchased = b.purchased + new.purchased, updated_at = now()
   where b.org_id = new.org_id and b.granted + new.granted >= 0 and b.purchased + new.purchased >= 0;
  if not found then
    raise exception 'not enough token credits' using errcode = 'PS402', column = 'tokens_used',
      detail = jsonb_build_object('metric', 'tokens', 'limit', 0)::text;
  end if;
  return null;
end $function$;
-- app.apply_credit_entry(): executable by its owner only

CREATE OR REPLACE FUNCTION app.apply_lead_qualification()
 RETURNS trigger
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO 'pg_catalog', 'pg_temp'
AS $function$
begin
  update public.leads l
  set score = new.score, qualification = new.outcome, qualification_summary = new.summary, qualified_at = new.created_at,
      status = case when l.status in ('new', 'contacted', 'qualified', 'disqualified')
                     and new.outcome in ('qualified', 'disqualified') then new.outcome else l.status end
  where l.org_id = new.org_id and l.id = new.lead_id
    and (l.qualified_at is null or l.qualified_at <= new.created_at);
  return null;
end $function$;
-- app.apply_lead_qualification(): executable by its owner only

CREATE OR REPLACE FUNCTION app.assign_provider_member(provider uuid, delegation_id uuid, role text, user_id uuid DEFAULT NULL::uuid, provider_role text DEFAULT NULL::text)
 RETURNS uuid
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO 'pg_catalog', 'pg_temp'
AS $function$
#variable_conflict use_variable
declare
  caller uuid := app.require_user();
  d public.provider_delegations;
  row_id uuid;
begin
  d := app.provider_delegation(provider, delegation_id, 'assign provider members', false);
  role := app.require_choice(role, 'role', '{viewer,member,admin}');
  if (user_id is null) = (provider_role is null) then
    raise exception 'name either user_id or provider_role' using errcode = 'PS422', column = 'user_id';
  end if;
  if provider_role is not null then
    provider_role := app.require_choice(provider_role, 'provider_role', '{owner,admin,member,viewer}');
  else
    perform 1 from public.organisation_members m
     where m.org_id = provider and m.user_id = assign_provider_member.user_id and m.status = 'active' for share;
    if not found then
      raise exception 'not an active member of the provider organisation' using errcode = 'PS404', column = 'user_id';
    end if;
  end if;
  update public.provider_assignments a set role = assign_provider_member.role, assigned_by = caller
   where a.org_id = d.org_id and a.delegation_id = d.id
     and (a.user_id = assign_provider_member.user_id or a.provider_role = assign_provider_member.provider_role)
  returning a.id into row_id;
  if row_id is null then
    insert into public.provider_assignments (org_id, delegation_id, user_id, provider_role, role, assigned_by)
    values (d.org_id, d.id, user_id, provider_role, role, caller)
    returning id into row_id;
  end if;
  return row_id;
end $function$;
grant execute on function app.assign_provider_member(provider uuid, delegation_id uuid, role text, user_id uuid, provider_role text) to authenticated;
grant execute on function app.assign_provider_member(provider uuid, delegation_id uuid, role text, user_id uuid, provider_role text) to service_role;

CREATE OR REPLACE FUNCTION app.audit_append(p_chain text, p_org_id uuid, p_action text, p_target_table text, p_target_id text, p_old jsonb, p_new jsonb, p_details jsonb, p_request_id text DEFAULT NULL::text)
 RETURNS bigint
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO 'pg_catalog', 'pg_temp'
AS $function$
declare
  -- actor_id and actor_key_id come from the claims, below.
  e palisade_audit.append_entry := row(coalesce(p_org_id, app.platform_org_id()), null, clock_timestamp(), null,
    coalesce(nullif(nullif(current_setting('role', true), 'none'), ''), session_user::text), null, p_old, p_new, p_details,
    left(coalesce(nullif(p_request_id, ''), nullif(current_setting('palisade.request_id', true), '')), 200),
    left(nullif(current_setting('palisade.client_ip', true), ''), 100),
    left(nullif(current_setting('palisade.user_agent', true), ''), 512), null, null,
    current_setting('palisade.audit_many_appends', true) = 'on')::palisade_audit.append_entry;
  v_head_seq bigint;
  v_head_hash bytea;
  v_exact boolean;
  v_mine boolean;
  v_last_seq bigint;
  v_last_hash bytea;
  -- The three documents' text, made once for the masking test.
  v_docs text := concat(p_old, p_new, p_details);
  v_via jsonb;
begin
  if p_action is null or length(btrim(p_action)) = 0 or length(p_action) > 200 then
    if p_chain is null or p_chain not in ('audit_log', 'admin_actions') then
      raise exception 'chain must be audit_log or admin_actions' using errcode = 'PS422', column = 'chain';
    end if;
    raise exception 'action is required (at most 200 characters)' using errcode = 'PS422', column = 'action';
  end if;
  if e.org_id = app.platform_org_id() then
    perform app.ensure_platform_org();
  end if;
  -- app.audit_mask's own fast path, once for the three documents: a match across their boundary only
  -- costs a closer look, which app.audit_mask takes document by document.
  if app.audit_text_looks_secret(v_docs) then
    e.old_data := app.audit_mask(p_old);
    e.new_data := app.audit_mask(p_new);
    e.details := app.audit_mask(p_details);
  end if;
  -- The actor: the user the claims name; an API key acting as itself has a key id instead.
  if current_setting('request.jwt.claims', true) <> '' then
    e.actor_id := app.uid();
    if e.actor_id is null and e.actor_role = 'authenticated' then
      e.actor_key_id := app.api_key_id();
    end if;
  end if;
  -- A person who is no member of the organisation acts in it through a provider delegation
  -- (app.delegated_roles): the entry names the provider organisation and the delegation.
  if e.actor_id is not null and e.actor_role = 'authenticated' and p_org_id is not null
     and not exists (select 1 from public.organisation_members m
                     where m.org_id = e.org_id and m.user_id = e.actor_id and m.status = 'active') then
    select pg_catalog.jsonb_build_object('provider_org_id', d.provider_org_id, 'delegation_id', d.delegation_id)
      into v_via
      from app.delegated_roles(e.actor_id, e.org_id) d where d.org_id = e.org_id
     order by app.role_rank(d.role) desc, d.delegation_id limit 1;
    if v_via is not null then
      e.details := coalesce(e.details, '{}'::jsonb) || pg_catalog.jsonb_build_object('via_provider', v_via);
    end if;
  end if;
  if e.ip is not null then
    begin
      e.ip := host(e.ip::inet); -- one spelling per address, so the hash input is stable
    exception when others then
      e.ip := null; -- an unparseable forwarded address is dropped, never allowed to fail the write
    end;
  end if;

  -- The usual case: the head is the chain's last entry and this transaction has moved it fewer
  -- than 8 times. The UPDATE is the lock; a writer that waited for it is re-evaluated on the head as the
  -- holder left it (READ COMMITTED), so seq, prev_hash and created_at always follow the entry before.
  -- A head it moves has a valid chain name (the column's domain), so the name is checked only below.
  if e.repeated is not true then
    update palisade_audit.chain_heads h
       set seq = h.seq + 1, prev_hash = h.hash, updated_at = greatest(e.created_at, h.updated_at),
           hash = app.audit_entry_hash(h.hash, p_chain, e.org_id, h.seq + 1, greatest(e.created_at, h.updated_at),
             e.actor_id, e.actor_role, e.actor_key_id, p_action, p_target_table, p_target_id, e.old_data, e.new_data,
             e.details, e.request_id, e.ip, e.user_agent),
           xact_moves = case when h.xmin = xid(pg_current_xact_id()) then h.xact_moves + 1 else 1 end
     where h.org_id = e.org_id and h.chain = p_chain and h.prev_hash is not null
       and (h.xmin <> xid(pg_current_xact_id()) or h.xact_moves < 8)
    returning h.seq, h.prev_hash, h.hash, h.updated_at into e.seq, e.prev_hash, e.hash, e.created_at;
  end if;

  if e.seq is null then
    if p_chain is null or p_chain not in ('audit_log', 'admin_actions') then
      raise exception 'chain must be audit_log or admin_actions' using errcode = 'PS422', column = 'chain';
    end if;
    -- Otherwise: lock the head (creating it if missing), read the chain's last entry, and
    -- continue after whichever is further on, so a deleted tail still shows as a gap.
    select h.seq, h.hash, h.prev_hash is not null, h.xmin = xid(pg_current_xact_id())
      into v_head_seq, v_head_hash, v_exact, v_mine
    from palisade_audit.chain_heads h where h.org_id = e.org_id and h.chain = p_chain for update;
    if not found then
      insert into palisade_audit.chain_heads (org_id, chain, seq, hash)
      values (e.org_id, p_chain, 0, decode(repeat('00', 32), 'hex'))
      on conflict do nothing;
      select h.seq, h.hash into strict v_head_seq, v_head_hash
      from palisade_audit.chain_heads h where h.org_id = e.org_id and h.chain = p_chain for update;
      v_exact := false;
      v_mine := false; -- a new head is moved to this entry like any other
    end if;
    if p_chain = 'audit_log' then
      select l.seq, l.hash into v_last_seq, v_last_hash from public.audit_log l
      where l.org_id = e.org_id order by l.seq desc limit 1;
    else
      select l.seq, l.hash into v_last_seq, v_last_hash from public.admin_actions l
      where l.org_id = e.org_id order by l.seq desc limit 1;
    end if;
    if v_last_seq is null or v_last_seq < v_head_seq then
      e.seq := v_head_seq + 1;
      e.prev_hash := v_head_hash;
    else
      e.seq := v_last_seq + 1;
      e.prev_hash := v_last_hash;
    end if;
    e.created_at := clock_timestamp();
    e.hash := app.audit_entry_hash(e.prev_hash, p_chain, e.org_id, e.seq, e.created_at, e.actor_id, e.actor_role,
      e.actor_key_id, p_action, p_target_table, p_target_id, e.old_data, e.new_data, e.details, e.request_id, e.ip,
      e.user_agent);
    if not v_mine then
      -- The head is this entry again: exact.
      update palisade_audit.chain_heads h
      set seq = e.seq, hash = e.hash, prev_hash = e.prev_hash, updated_at = e.created_at, xact_moves = 1
      where h.org_id = e.org_id and h.chain = p_chain;
    elsif v_exact then
      -- This transaction has moved the head 8 times (or skipped the fast path): the floor moves once
      -- more and the head is marked, so the next transaction reads the chain; this transaction's later
      -- appends leave the head alone, and skip the fast path.
      update palisade_audit.chain_heads h
      set seq = e.seq, hash = e.hash, prev_hash = null, updated_at = e.created_at, xact_moves = h.xact_moves + 1
      where h.org_id = e.org_id and h.chain = p_chain;
      perform set_config('palisade.audit_many_appends', 'on', true);
    end if;
  end if;

  if p_chain = 'audit_log' then
    insert into public.audit_log (org_id, seq, created_at, actor_id, actor_role, actor_key_id, action, target_table,
      target_id, old_data, new_data, details, request_id, ip, user_agent, prev_hash, hash)
    values (e.org_id, e.seq, e.created_at, e.actor_id, e.actor_role, e.actor_key_id, p_action, p_target_table,
      p_target_id, e.old_data, e.new_data, e.details, e.request_id, e.ip, e.user_agent, e.prev_hash, e.hash);
  else
    insert into public.admin_actions (org_id, seq, created_at, actor_id, actor_role, actor_key_id, action, target_table,
      target_id, old_data, new_data, details, request_id, ip, user_agent, prev_hash, hash)
    values (e.org_id, e.seq, e.created_at, e.actor_id, e.actor_role, e.actor_key_id, p_action, p_target_table,
      p_target_id, e.old_data, e.new_data, e.details, e.request_id, e.ip, e.user_agent, e.prev_hash, e.hash);
  end if;
  return e.seq;
end $function$;
-- app.audit_append(p_chain text, p_org_id uuid, p_action text, p_target_table text, p_target_id text, p_old jsonb, p_new jsonb, p_details jsonb, p_request_id text): executable by its owner only

CREATE OR REPLACE FUNCTION app.audit_canonical(fields text[])
 RETURNS bytea
 LANGUAGE plpgsql
 STABLE
 SET search_path TO 'pg_catalog', 'pg_temp'
AS $function$
declare
  out text := '';
  v text;
begin
  if getdatabaseencoding() = 'UTF8' then
    foreach v in array fields loop
      out := out || coalesce(octet_length(v)::text || ':' || v || ',', '~,');
    end loop;
  else
    foreach v in array fields loop
      out := out || coalesce(octet_length(convert_to(v, 'UTF8'))::text || ':' || v || ',', '~,');
    end loop;
  end if;
  return convert_to(out, 'UTF8');
end $function$;
-- app.audit_canonical(fields text[]): executable by its owner only

CREATE OR REPLACE FUNCTION app.audit_entry_hash(prev_hash bytea, chain text, org_id uuid, seq bigint, created_at timestamp with time zone, actor_id uuid, actor_role text, actor_key_id uuid, action text, target_table text, target_id text, old_data jsonb, new_data jsonb, details jsonb, request_id text, ip text, user_agent text)
 RETURNS bytea
 LANGUAGE sql
 STABLE
AS $function$
  select pg_catalog.sha256(prev_hash operator(pg_catalog.||) pg_catalog.convert_to(
    pg_catalog.json_build_array('palisade-audit/v2', chain, org_id, seq,
      pg_catalog.to_char(created_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'),
      actor_id, actor_role, actor_key_id, action, target_table, target_id,
      old_data, new_data, details, request_id, ip, user_agent)::pg_catalog.text, 'UTF8'))
$function$;
-- app.audit_entry_hash(prev_hash bytea, chain text, org_id uuid, seq bigint, created_at timestamp with time zone, actor_id uuid, actor_role text, actor_key_id uuid, action text, target_table text, target_id text, old_data jsonb, new_data jsonb, details jsonb, request_id text, ip text, user_agent text): executable by its owner only

CREATE OR REPLACE FUNCTION app.audit_entry_hash_v1(prev_hash bytea, chain text, org_id uuid, seq bigint, created_at timestamp with time zone, actor_id uuid, actor_role text, actor_key_id uuid, action text, target_table text, target_id text, old_data jsonb, new_data jsonb, details jsonb, request_id text, ip text, user_agent text)
 RETURNS bytea
 LANGUAGE sql
 STABLE
AS $function$
  select pg_catalog.sha256(prev_hash operator(pg_catalog.||) app.audit_canonical(array[
    'palisade-audit/v1', chain, org_id::pg_catalog.text, seq::pg_catalog.text,
    pg_catalog.to_char(created_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'),
    actor_id::pg_catalog.text, actor_role, actor_key_id::pg_catalog.text, action, target_table, target_id,
    old_data::pg_catalog.text, new_data::pg_catalog.text, details::pg_catalog.text, request_id, ip, user_agent]))
$function$;
-- app.audit_entry_hash_v1(prev_hash bytea, chain text, org_id uuid, seq bigint, created_at timestamp with time zone, actor_id uuid, actor_role text, actor_key_id uuid, action text, target_table text, target_id text, old_data jsonb, new_data jsonb, details jsonb, request_id text, ip text, user_agent text): executable by its owner only

CREATE OR REPLACE FUNCTION app.audit_field(v text)
 RETURNS bytea
 LANGUAGE sql
 STABLE
AS $function$
  select case when v is null then '\x7e2c'::pg_catalog.bytea
              else pg_catalog.convert_to(
                     pg_catalog.octet_length(pg_catalog.convert_to(v, 'UTF8'))::pg_catalog.text
                       operator(pg_catalog.||) ':', 'UTF8')
                   operator(pg_catalog.||) pg_catalog.convert_to(v, 'UTF8')
                   operator(pg_catalog.||) '\x2c'::pg_catalog.bytea end
$function$;
-- app.audit_field(v text): executable by its owner only

CREATE OR REPLACE FUNCTION app.audit_heads_reread()
 RETURNS trigger
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO 'pg_catalog', 'pg_temp'
AS $function$
begin
  if tg_op = 'UPDATE' then
    update palisade_audit.chain_heads h set prev_hash = null
    where h.chain = tg_table_name and h.prev_hash is not null
      and h.org_id in (select o.org_id from rewritten_old o union select n.org_id from rewritten_new n);
  else
    update palisade_audit.chain_heads h set prev_hash = null
    where h.chain = tg_table_name and h.prev_hash is not null
      and h.org_id in (select o.org_id from rewritten_old o);
  end if;
  return null;
end $function$;
-- app.audit_heads_reread(): executable by its owner only

CREATE OR REPLACE FUNCTION app.audit_is_secret_key(k text)
 RETURNS boolean
 LANGUAGE sql
 IMMUTABLE
AS $function$
  select pg_catalog.lower(k collate pg_catalog."C") operator(pg_catalog.~~) any (app.audit_secret_likes())
     and not pg_catalog.lower(k collate pg_catalog."C")
             operator(pg_catalog.~~) any (array['%\_id', '%\_ids', '%\_ref', '%\_at', '%\_count'])
$function$;
-- app.audit_is_secret_key(k text): executable by its owner only

CREATE OR REPLACE FUNCTION app.audit_mask(j jsonb, extra text[] DEFAULT '{}'::text[])
 RETURNS jsonb
 LANGUAGE plpgsql
 IMMUTABLE
 SET search_path TO 'pg_catalog', 'pg_temp'
AS $function$
declare
  doc text;
begin
  -- Fast path: nothing in the document even looks like a secret's name (its text made once).
  if j is null then
    return j;
  end if;
  if cardinality(extra) = 0 then
    doc := j::text;
    if not app.audit_text_looks_secret(doc) then
      return j;
    end if;
  end if;
  case jsonb_typeof(j)
    when 'object' then
      return coalesce((
        select jsonb_object_agg(e.key,
          case when e.value <> 'null'::jsonb and (app.audit_is_secret_key(e.key) or e.key = any (extra))
               then '"[masked]"'::jsonb else app.audit_mask(e.value, extra) end)
        from jsonb_each(j) e), '{}'::jsonb);
    when 'array' then
      return coalesce((
        select jsonb_agg(app.audit_mask(a.value, extra) order by a.n)
        from jsonb_array_elements(j) with ordinality a(value, n)), '[]'::jsonb);
    else
      return j;
  end case;
end $function$;
-- app.audit_mask(j jsonb, extra text[]): executable by its owner only

CREATE OR REPLACE FUNCTION app.audit_masked(j jsonb)
 RETURNS jsonb
 LANGUAGE sql
 IMMUTABLE
AS $function$
  select case when j is null or not app.audit_text_looks_secret(j::pg_catalog.text) then j
              else app.audit_mask(j) end
$function$;
-- app.audit_masked(j jsonb): executable by its owner only

CREATE OR REPLACE FUNCTION app.audit_provider_side(d public.provider_delegations, action text)
 RETURNS void
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO 'pg_catalog', 'pg_temp'
AS $function$
begin
  perform app.audit_append('audit_log', d.provider_org_id, action, 'public.provider_delegations', d.id::text,
    null, null, jsonb_build_object('client_org_id', d.org_id, 'role_ceiling', d.role_ceiling,
      'status', d.status, 'expires_at', d.expires_at));
end $function$;
-- app.audit_provider_side(d public.provider_delegations, action text): executable by its owner only

CREATE OR REPLACE FUNCTION app.audit_row_change()
 RETURNS trigger
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO 'pg_catalog', 'pg_temp'
AS $function$
declare
  org_column text := 'org_id';
  id_column text := 'id';
  mask text[] := '{}';
  omit text[] := '{}';
  ignore text[] := '{updated_at}';
  arg text;
  k text;
  v text;
  v_old jsonb;
  v_new jsonb;
  v_row jsonb;
  v_changed text[];
  v_details jsonb;
  v_org uuid;
begin
  foreach arg in array coalesce(tg_argv, '{}'::text[]) loop
    k := split_part(arg, '=', 1);
    v := substr(arg, length(k) + 2);
    case k
      when 'org_column' then org_column := v;
      when 'id_column' then id_column := v;
      when 'mask' then mask := mask || string_to_array(v, ',');
      when 'omit' then omit := omit || string_to_array(v, ',');
      when 'ignore' then ignore := ignore || string_to_array(v, ',');
      else raise exception 'app.audit_row_change: unknown argument "%" on %.%', arg, tg_table_schema, tg_table_name
        using errcode = 'PS422';
    end case;
  end loop;

  if tg_op <> 'INSERT' then v_old := to_jsonb(old); end if;
  if tg_op <> 'DELETE' then v_new := to_jsonb(new); end if;
  v_row := coalesce(v_new, v_old);

  if tg_op = 'UPDATE' then
    select array_agg(n.key order by n.key) into v_changed
    from jsonb_each(v_new) n
    where n.value is distinct from v_old -> n.key;
    -- A no-op update (or one touching only ignored columns) leaves no entry.
    if v_changed is null or v_changed <@ ignore then
      return null;
    end if;
    v_details := jsonb_build_object('changed', to_jsonb(v_changed));
  end if;

  v_org := case when v_row ? org_column then (v_row ->> org_column)::uuid end;

  -- A tenant row deleted after its organisation is gone is the cascade of that organisation's
  -- deletion (a purge, or an operator's delete): the chain records the organisation's own delete
  -- (and a purge's org.purged entry), not one entry per row that went with it. Nothing else can
  -- delete a row of an organisation that no longer exists.
  if tg_op = 'DELETE' and v_org is not null and (tg_table_schema, tg_table_name) <> ('public', 'organisations')
     and not exists (select 1 from public.organisations o where o.id = v_org) then
    return null;
  end if;

  v_old := app.audit_mask(v_old - omit, mask);
  v_new := app.audit_mask(v_new - omit, mask);

  perform app.audit_append(
    case when app.current_api_role() = 'platform_admin' then 'admin_actions' else 'audit_log' end,
    v_org,
    tg_table_name || '.' || lower(tg_op),
    tg_table_schema || '.' || tg_table_name,
    v_row ->> id_column,
    v_old, v_new, v_details);
  return null;
end $function$;
-- app.audit_row_change(): executable by its owner only

CREATE OR REPLACE FUNCTION app.audit_secret_likes()
 RETURNS text[]
 LANGUAGE sql
 IMMUTABLE
AS $function$
  select array['%secret%', '%token%', '%passw%', '%pwd%', '%credential%', '%ciphertext%', '%private\_key%',
    '%key\_hash%', '%signing\_key%', '%api\_key%', '%apikey%', '%authorization%', '%cookie%']
$function$;
-- app.audit_secret_likes(): executable by its owner only

CREATE OR REPLACE FUNCTION app.audit_secret_pattern()
 RETURNS text
 LANGUAGE sql
 IMMUTABLE
AS $function$
  select '(secret|token|passw|pwd|credential|ciphertext|private_key|key_hash|signing_key|api_key|apikey|authorization|cookie)'
$function$;
-- app.audit_secret_pattern(): executable by its owner only

CREATE OR REPLACE FUNCTION app.audit_setting(name text, max_len integer)
 RETURNS text
 LANGUAGE sql
 STABLE
AS $function$
  select case when pg_catalog.current_setting(name, true) operator(pg_catalog.<>) ''
              then pg_catalog.left(pg_catalog.current_setting(name, true), max_len) end
$function$;
-- app.audit_setting(name text, max_len integer): executable by its owner only

CREATE OR REPLACE FUNCTION app.audit_text_looks_secret(t text)
 RETURNS boolean
 LANGUAGE sql
 IMMUTABLE
AS $function$
  select case when pg_catalog.octet_length(t) operator(pg_catalog.<=) 256
              then pg_catalog.lower(t collate pg_catalog."C") operator(pg_catalog.~~) any (app.audit_secret_likes())
              else (t collate pg_catalog."C") operator(pg_catalog.~*) app.audit_secret_pattern() end
$function$;
-- app.audit_text_looks_secret(t text): executable by its owner only

CREATE OR REPLACE FUNCTION app.auth_users_are_palisades()
 RETURNS boolean
 LANGUAGE sql
 STABLE
 SET search_path TO 'pg_catalog', 'pg_temp'
AS $function$
  select coalesce(pg_catalog.obj_description('auth.users'::pg_catalog.regclass, 'pg_class')
                  operator(pg_catalog.=) 'palisade: auth compatibility table', false)
$function$;
-- app.auth_users_are_palisades(): executable by its owner only

CREATE OR REPLACE FUNCTION app.caller_acting_role(org uuid, workspace uuid DEFAULT NULL::uuid)
 RETURNS text
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO 'pg_catalog', 'pg_temp'
AS $function$
#variable_conflict use_variable
declare
  caller uuid := app.uid();
  r text;
begin
  r := app.caller_org_role(org);
  if r is not null or caller is null or app.current_api_role() is distinct from 'authenticated' then
    return r;
  end if;
  perform 1 from public.provider_delegations d
    join public.organisation_members pm on pm.org_id = d.provider_org_id and pm.user_id = caller
   where d.org_id = org
   for share of d, pm;
  perform 1 from public.provider_assignments a
    join public.provider_delegations d on d.org_id = a.org_id and d.id = a.delegation_id
    join public.organisation_members pm on pm.org_id = d.provider_org_id and pm.user_id = caller
   where a.org_id = org
   for share of a;
  select d.role into r from app.delegated_roles(caller, org) d
   where d.org_id = org
     and (not d.workspace_scoped
          or exists (select 1 from public.provider_delegation_workspaces w
                     where w.org_id = org and w.delegation_id = d.delegation_id and w.workspace_id = workspace))
   order by app.role_rank(d.role) desc
   limit 1;
  return r;
end $function$;
grant execute on function app.caller_acting_role(org uuid, workspace uuid) to authenticated;
grant execute on function app.caller_acting_role(org uuid, workspace uuid) to service_role;

CREATE OR REPLACE FUNCTION app.caller_org_ids(min_role text DEFAULT 'viewer'::text)
 RETURNS uuid[]
 LANGUAGE plpgsql
 STABLE
 SET search_path TO 'pg_catalog', 'pg_temp'
AS $function$
declare
  held text;
  prefix text;
begin
  if min_role = 'viewer' then
    if current_setting('palisade.org_ids_for', true) = app.caller_org_ids_key() then
      return current_setting('palisade.org_ids', true)::uuid[];
    end if;
  elsif min_role in ('member', 'admin', 'owner') then
    held := current_setting('palisade.org_ids_' || min_role, true);
    prefix := app.caller_org_ids_key() || chr(30);
    if starts_with(held, prefix) then
      return substr(held, length(prefix) + 1)::uuid[];
    end if;
  end if;
  -- Not loaded for this identity (or an unknown role, which the loader refuses).
  return app.load_caller_org_ids(min_role);
end $function$;
grant execute on function app.caller_org_ids(min_role text) to anon;
grant execute on function app.caller_org_ids(min_role text) to authenticated;
grant execute on function app.caller_org_ids(min_role text) to service_role;

CREATE OR REPLACE FUNCTION app.caller_org_ids_key()
 RETURNS text
 LANGUAGE sql
 STABLE
AS $function$
  select coalesce(pg_catalog.current_setting('request.jwt.claims', true), '') operator(pg_catalog.||) '|'
         operator(pg_catalog.||) coalesce(pg_catalog.current_setting('request.jwt.claim.sub', true), '')
         operator(pg_catalog.||) '|' operator(pg_catalog.||) coalesce(pg_catalog.current_setting('role', true), '')
         operator(pg_catalog.||) '|' operator(pg_catalog.||) coalesce(pg_catalog.current_setting('palisade.acting_org', true), '')
$function$;
grant execute on function app.caller_org_ids_key() to anon;
grant execute on function app.caller_org_ids_key() to authenticated;
grant execute on function app.caller_org_ids_key() to service_role;

CREATE OR REPLACE FUNCTION app.caller_org_page(after_key bigint, after_id uuid, page_size integer)
 RETURNS TABLE(id uuid, my_role text)
 LANGUAGE plpgsql
 STABLE SECURITY DEFINER ROWS 50
 SET search_path TO 'pg_catalog', 'pg_temp'
AS $function$
#variable_conflict use_column
begin
  return query
    select p.id, (select m.role from public.organisation_members m
                  where m.org_id = p.id and m.user_id = app.uid() and m.status = 'active')
    from (select o.id, o.created_at from public.organisations o
          where o.id = any (app.caller_org_ids('viewer'))
            and (after_key is null
                 or ((extract(epoch from o.created_at) * 1000000)::bigint, o.id) > (after_key, after_id))
          order by o.created_at, o.id
          limit least(greatest(page_size, 0), 1000)) p
    order by p.created_at, p.id;
end $function$;
grant execute on function app.caller_org_page(after_key bigint, after_id uuid, page_size integer) to authenticated;
grant execute on function app.caller_org_page(after_key bigint, after_id uuid, page_size integer) to service_role;

CREATE OR REPLACE FUNCTION app.caller_org_role(org uuid)
 RETURNS text
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO 'pg_catalog', 'pg_temp'
AS $function$
#variable_conflict use_variable
declare
  r text;
  key_role text;
begin
  if app.is_platform_operator() then
    return 'operator';
  end if;
  if app.uid() is not null then
    select m.role into r from public.organisation_members m
    join public.organisations o on o.id = m.org_id and o.deleted_at is null
    where m.org_id = org and m.user_id = app.uid() and m.status = 'active'
    for share of m;
  elsif app.api_key_id() is not null then
    select k.role, c.role into key_role, r from public.api_keys k
    join public.organisation_members c on c.org_id = k.org_id and c.user_id = k.created_by and c.status = 'active'
    join public.organisations o on o.id = k.org_id and o.deleted_at is null
    where k.org_id = org and k.id = app.api_key_id()
      and k.revoked_at is null and (k.expires_at is null or k.expires_at > now())
    for share of k, c;
    r := app.api_key_effective_role(key_role, r, 'active');
  end if;
  return r;
end $function$;
-- app.caller_org_role(org uuid): executable by its owner only

CREATE OR REPLACE FUNCTION app.caller_workspace_grants(min_role text DEFAULT 'viewer'::text)
 RETURNS TABLE(org_id uuid, workspace_id uuid)
 LANGUAGE plpgsql
 STABLE SECURITY DEFINER ROWS 10
 SET search_path TO 'pg_catalog', 'pg_temp'
AS $function$
declare
  sub uuid := app.uid();
  scope uuid := app.acting_org();
begin
  if sub is null or app.current_api_role() <> 'authenticated' then
    return;
  end if;
  -- Only a provider the caller belongs to can give it a workspace: one index probe a membership
  -- for everyone else, as in app.load_caller_org_ids; with an acting organisation, the rule's view (src/providers/sql) by that
  -- client, without the function call for everyone it gives no workspace.
  if scope is null then
    if not exists (select 1 from public.organisation_members m
                   join public.provider_delegations d on d.provider_org_id = m.org_id and d.status = 'active'
                   where m.user_id = sub and m.status = 'active') then
      return;
    end if;
  elsif not exists (select 1 from app.delegation_grants g
                    where g.user_id = sub and g.org_id = scope and g.workspace_scoped) then
    return;
  end if;
  return query
    select w.org_id, w.workspace_id from app.delegated_roles(sub, scope) d
    join public.provider_delegation_workspaces w on w.org_id = d.org_id and w.delegation_id = d.delegation_id
    where d.workspace_scoped and app.role_rank(d.role) >= app.role_rank(min_role);
end $function$;
grant execute on function app.caller_workspace_grants(min_role text) to anon;
grant execute on function app.caller_workspace_grants(min_role text) to authenticated;
grant execute on function app.caller_workspace_grants(min_role text) to service_role;

CREATE OR REPLACE FUNCTION app.cancel_workflow_run(org uuid, run uuid)
 RETURNS void
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO 'pg_catalog', 'pg_temp'
AS $function$
#variable_conflict use_variable
declare
  r public.workflow_runs := app.workflow_run_for_change(org, run);
begin
  if r.status not in ('pending', 'running') then
    raise exception 'the run is already %', r.status using errcode = 'PS409', column = 'run_id';
  end if;
  update public.workflow_step_runs s set status = 'cancelled', callback_token_hash = null
  where s.org_id = org and s.run_id = run and s.status in ('pending', 'running', 'waiting_callback');
  update public.workflow_runs x set status = 'cancelled', cancelled_by = app.uid()
  where x.org_id = org and x.id = run;
end $function$;
grant execute on function app.cancel_workflow_run(org uuid, run uuid) to authenticated;
grant execute on function app.cancel_workflow_run(org uuid, run uuid) to platform_admin;
grant execute on function app.cancel_workflow_run(org uuid, run uuid) to service_role;

CREATE OR REPLACE FUNCTION app.capture_lead(key_hash bytea, lead jsonb, workspace uuid DEFAULT NULL::uuid)
 RETURNS TABLE(org_id uuid, lead_id uuid)
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO 'pg_catalog', 'pg_temp'
AS $function$
declare
  k public.lead_capture_keys;
  v_id uuid;
begin
  select * into k from public.lead_capture_keys c
  where c.key_hash = capture_lead.key_hash and c.revoked_at is null
    and (c.expires_at is null or c.expires_at > now());
  if not found
     or (workspace is not null and workspace <> k.workspace_id)
     or not exists (
       select 1 from public.organisation_members m join public.organisations o on o.id = m.org_id
       where m.org_id = k.org_id and m.user_id = k.created_by and m.status = 'active'
         and m.role in ('owner', 'admin', 'member') and o.deleted_at is null) then
    raise exception 'lead capture key not found' using errcode = 'PS404', column = 'key';
  end if;
  if lead is null or jsonb_typeof(lead) <> 'object' then
    raise exception 'lead must be an object' using errcode = 'PS422', column = 'lead';
  end if;
  insert into public.leads (org_id, workspace_id, email, name, company, job_title, phone, website, message, source,
                            capture_key_id, created_by)
  values (k.org_id, k.workspace_id, lower(lead ->> 'email'), lead ->> 'name', lead ->> 'company', lead ->> 'job_title',
          lead ->> 'phone', lead ->> 'website', lead ->> 'message', 'form', k.id, null)
  returning id into v_id;
  update public.lead_capture_keys c set last_used_at = now()
  where c.org_id = k.org_id and c.id = k.id and (c.last_used_at is null or c.last_used_at < now() - interval '1 minute');
  return query select k.org_id, v_id;
end $function$;
grant execute on function app.capture_lead(key_hash bytea, lead jsonb, workspace uuid) to service_role;

CREATE OR REPLACE FUNCTION app.change_member_role(org uuid, user_id uuid, role text)
 RETURNS void
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO 'pg_catalog', 'pg_temp'
AS $function$
#variable_conflict use_variable
declare
  target_row public.organisation_members := app.member_for_change(org, user_id, 'change roles of');
begin
  role := app.require_choice(role, 'role', '{owner,admin,member,viewer}');
  -- The caller's row is locked by member_for_change: this reads the same role it decided on.
  if role = 'owner' and coalesce(app.caller_org_role(org), '') not in ('owner', 'operator') then
    raise exception 'only owners can grant ownership' using errcode = 'PS403', column = 'role';
  end if;
  update public.organisation_members m set role = change_member_role.role
  where m.org_id = org and m.id = target_row.id;
  -- A pending invitee's invitation follows: accepting it yields the role set here.
  if target_row.status = 'invited' then
    update public.invitations i set role = change_member_role.role
    from auth.users u
    where u.id = target_row.user_id and i.org_id = org and lower(i.email) = lower(u.email)
      and i.accepted_at is null and i.revoked_at is null;
  end if;
end $function$;
grant execute on function app.change_member_role(org uuid, user_id uuid, role text) to authenticated;
grant execute on function app.change_member_role(org uuid, user_id uuid, role text) to service_role;

CREATE OR REPLACE FUNCTION app.change_provider_access(org uuid, delegation_id uuid, role_ceiling text DEFAULT NULL::text, expires_at timestamp with time zone DEFAULT NULL::timestamp with time zone, workspace_ids uuid[] DEFAULT NULL::uuid[], clear_expiry boolean DEFAULT false, versions text[] DEFAULT NULL::text[])
 RETURNS void
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO 'pg_catalog', 'pg_temp'
AS $function$
#variable_conflict use_variable
declare
  d public.provider_delegations;
begin
  perform app.require_user();
  perform app.require_org_role(org, '{owner}', 'change provider access');
  if role_ceiling is not null then
    role_ceiling := app.require_choice(role_ceiling, 'role_ceiling', '{viewer,member,admin}');
  end if;
  if clear_expiry and expires_at is not null then
    raise exception 'give expires_at or clear it, not both' using errcode = 'PS422', column = 'expires_at';
  end if;
  expires_at := app.require_future(expires_at, 'expires_at');
  d := app.delegation_for_change(org, delegation_id);
  if versions is not null
     and not ((extract(epoch from d.updated_at) * 1000000)::bigint::text = any (versions)) then
    raise exception 'the delegation changed since it was read' using errcode = 'PS412';
  end if;
  update public.provider_delegations x
     set role_ceiling = coalesce(change_provider_access.role_ceiling, x.role_ceiling),
         expires_at = case when clear_expiry then null
                           else coalesce(change_provider_access.expires_at, x.expires_at) end
   where x.org_id = org and x.id = d.id
  returning * into d;
  if workspace_ids is not null then
    perform app.set_delegation_workspaces(org, d.id, workspace_ids);
  end if;
  perform app.audit_provider_side(d, 'provider_delegation.changed');
end $function$;
grant execute on function app.change_provider_access(org uuid, delegation_id uuid, role_ceiling text, expires_at timestamp with time zone, workspace_ids uuid[], clear_expiry boolean, versions text[]) to authenticated;
grant execute on function app.change_provider_access(org uuid, delegation_id uuid, role_ceiling text, expires_at timestamp with time zone, workspace_ids uuid[], clear_expiry boolean, versions text[]) to service_role;

CREATE OR REPLACE FUNCTION app.check_checkout_plan()
 RETURNS trigger
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO 'pg_catalog', 'pg_temp'
AS $function$
begin
  if not exists (select 1 from platform.plans p where p.id = new.plan_id and p.published and p.stripe_price_id is not null) then
    raise exception 'plan not found, or not sold through checkout' using errcode = 'PS404', column = 'plan_id';
  end if;
  return null;
end $function$;
-- app.check_checkout_plan(): executable by its owner only

CREATE OR REPLACE FUNCTION app.check_rule_pack()
 RETURNS trigger
 LANGUAGE plpgsql
 SET search_path TO 'pg_catalog', 'pg_temp'
AS $function$
begin
  if tg_op = 'DELETE' then
    if old.published_at is not null then
      raise exception 'a published rule pack version cannot be deleted' using errcode = 'PS409', column = 'published_at';
    end if;
    return old;
  end if;
  if tg_op = 'UPDATE' and old.published_at is not null
     and (new.name, new.version, new.spec, new.published_at) is distinct from (old.name, old.version, old.spec, old.published_at) then
    raise exception 'rule pack % % is published and immutable: publish a new version', old.name, old.version
      using errcode = 'PS409', column = 'spec';
  end if;
  if jsonb_typeof(new.spec) is distinct from 'object' then
    raise exception 'spec must be a JSON object' using errcode = 'PS422', column = 'spec';
  end if;
  return new;
end $function$;
-- app.check_rule_pack(): executable by its owner only

CREATE OR REPLACE FUNCTION app.check_rule_pack_install()
 RETURNS trigger
 LANGUAGE plpgsql
 SET search_path TO 'pg_catalog', 'pg_temp'
AS $function$
declare
  r record;
begin
  if tg_op = 'UPDATE' and new.rule_pack_id is not distinct from old.rule_pack_id then
    if new.rule_pack_name is distinct from old.rule_pack_name then
      raise exception 'rule_pack_name follows the installed rule pack and cannot be set' using errcode = 'PS422', column = 'rule_pack_name';
    end if;
    return new;
  end if;
  select p.name, p.version, p.published_at into r from platform.rule_packs p where p.id = new.rule_pack_id;
  if not found or r.published_at is null then
    raise exception 'rule pack not found' using errcode = 'PS404', column = 'rule_pack_id';
  end if;
  if tg_op = 'UPDATE' and r.name <> old.rule_pack_name then
    raise exception 'that version belongs to another rule pack: install it separately' using errcode = 'PS422', column = 'rule_pack_id';
  end if;
  new.rule_pack_name := r.name;
  return new;
end $function$;
-- app.check_rule_pack_install(): executable by its owner only

CREATE OR REPLACE FUNCTION app.check_step_type_install()
 RETURNS trigger
 LANGUAGE plpgsql
 SET search_path TO 'pg_catalog', 'pg_temp'
AS $function$
declare
  v record;
begin
  if tg_op = 'UPDATE' and new.step_type_version_id is not distinct from old.step_type_version_id then
    if new.step_type_id is distinct from old.step_type_id then
      raise exception 'step_type_id follows the installed version and cannot be set' using errcode = 'PS422', column = 'step_type_id';
    end if;
    return new;
  end if;
  select s.step_type_id, s.version, s.published_at, s.deprecated_at into v
  from platform.step_type_versions s where s.id = new.step_type_version_id;
  if not found or v.published_at is null then
    raise exception 'step type version not found' using errcode = 'PS404', column = 'step_type_version_id';
  end if;
  if v.deprecated_at is not null then
    raise exception 'step type version % is deprecated: install a newer version', v.version
      using errcode = 'PS410', column = 'step_type_version_id';
  end if;
  if tg_op = 'UPDATE' and v.step_type_id <> old.step_type_id then
    raise exception 'that version belongs to another step type: install it separately' using errcode = 'PS422', column = 'step_type_version_id';
  end if;
  if tg_op = 'INSERT' and new.step_type_id is not null and new.step_type_id <> v.step_type_id then
    raise exception 'step_type_id does not match the version' using errcode = 'PS422', column = 'step_type_id';
  end if;
  new.step_type_id := v.step_type_id;
  return new;
end $function$;
-- app.check_step_type_install(): executable by its owner only

CREATE OR REPLACE FUNCTION app.check_step_type_version()
 RETURNS trigger
 LANGUAGE plpgsql
 SET search_path TO 'pg_catalog', 'pg_temp'
AS $function$
declare
  problem text;
  changed text;
begin
  if tg_op = 'DELETE' then
    if old.published_at is not null then
      raise exception 'a published step type version cannot be deleted: deprecate it instead'
        using errcode = 'PS409', column = 'published_at';
    end if;
    return old;
  end if;
  if tg_op = 'UPDATE' and old.published_at is not null then
    changed := case
      when new.step_type_id is distinct from old.step_type_id then 'step_type_id'
      when new.version is distinct from old.version then 'version'
      when new.input_schema is distinct from old.input_schema then 'input_schema'
      when new.output_schema is distinct from old.output_schema then 'output_schema'
      when new.external_call is distinct from old.external_call then 'external_call'
      when new.published_at is distinct from old.published_at then 'published_at'
    end;
    if changed is not null then
      raise exception 'step type version % is published and immutable (% cannot change): publish a new version', old.version, changed
        using errcode = 'PS409', column = changed;
    end if;
    return new;
  end if;
  problem := app.json_schema_problem(new.input_schema);
  if problem is not null then
    raise exception 'input_schema%', problem using errcode = 'PS422', column = 'input_schema';
  end if;
  problem := app.json_schema_problem(new.output_schema);
  if problem is not null then
    raise exception 'output_schema%', problem using errcode = 'PS422', column = 'output_schema';
  end if;
  if jsonb_typeof(new.external_call) is distinct from 'object' then
    raise exception 'external_call must be a JSON object ({} for a step that calls nothing)' using errcode = 'PS422', column = 'external_call';
  end if;
  if new.deprecated_at is not null and new.published_at is null then
    raise exception 'only a published version can be deprecated' using errcode = 'PS409', column = 'deprecated_at';
  end if;
  return new;
end $function$;
-- app.check_step_type_version(): executable by its owner only

CREATE OR REPLACE FUNCTION app.check_token_pack()
 RETURNS trigger
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO 'pg_catalog', 'pg_temp'
AS $function$
begin
  if not exists (select 1 from platform.token_packs p where p.id = new.pack_id and p.published
                 and p.stripe_price_id is not null and p.tokens = new.token_amount) then
    raise exception 'token pack not found, or not on sale' using errcode = 'PS404', column = 'pack_id';
  end if;
  return null;
end $function$;
-- app.check_token_pack(): executable by its owner only

CREATE OR REPLACE FUNCTION app.check_workflow_run_start()
 RETURNS trigger
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO 'pg_catalog', 'pg_temp'
AS $function$
declare
  v_schema jsonb;
  v_published timestamptz;
  problem text;
begin
  if app.current_api_role() <> '' and not app.is_platform_operator()
     and not coalesce(new.org_id = any (app.caller_org_ids('member')), false) then
    raise exception 'new row violates row-level security policy for table "%"', tg_table_name
      using errcode = '42501';
  end if;
  select d.input_schema, d.published_at into v_schema, v_published from public.workflow_defs d
  where d.org_id = new.org_id and d.id = new.workflow_def_id;
  if not found then
    raise exception 'workflow not found' using errcode = 'PS404', column = 'workflow_def_id';
  end if;
  if v_published is null then
    raise exception 'the workflow is a draft: publish it before running it' using errcode = 'PS409', column = 'workflow_def_id';
  end if;
  if not exists (select 1 from public.workflow_def_steps s
                 where s.org_id = new.org_id and s.workflow_def_id = new.workflow_def_id) then
    raise exception 'the workflow has no steps to run' using errcode = 'PS422', column = 'workflow_def_id';
  end if;
  problem := app.json_instance_problem(v_schema, new.input);
  if problem is not null then
    raise exception 'input%', problem using errcode = 'PS422', column = 'input';
  end if;
  -- A run is born pending; the runtime moves it on.
  new.status := 'pending';
  new.error := null;
  new.started_at := null;
  new.finished_at := null;
  new.cancelled_by := null;
  return new;
end $function$;
-- app.check_workflow_run_start(): executable by its owner only

CREATE OR REPLACE FUNCTION app.check_workflow_step_config()
 RETURNS trigger
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO 'pg_catalog', 'pg_temp'
AS $function$
declare
  schema jsonb;
  version text;
  problem text;
begin
  if app.current_api_role() <> '' and not app.is_platform_operator()
     and not coalesce(new.org_id = any (app.caller_org_ids('member')), false) then
    raise exception 'new row violates row-level security policy for table "%"', tg_table_name
      using errcode = '42501';
  end if;
  select v.input_schema, v.version into schema, version
  from public.step_type_installs i join platform.step_type_versions v on v.id = i.step_type_version_id
  where i.org_id = new.org_id and i.id = new.install_id;
  if not found then
    raise exception 'step type install not found' using errcode = 'PS404', column = 'install_id';
  end if;
  problem := app.json_instance_problem(schema, new.config);
  if problem is not null then
    raise exception 'step % config%', new.position, problem using errcode = 'PS422', column = 'config';
  end if;
  return new;
end $function$;
-- app.check_workflow_step_config(): executable by its owner only

CREATE OR REPLACE FUNCTION app.check_workflow_transition()
 RETURNS trigger
 LANGUAGE plpgsql
 SET search_path TO 'pg_catalog', 'pg_temp'
AS $function$
declare
  allowed text[];
begin
  if tg_table_name = 'workflow_runs' then
    if new.workflow_def_id <> old.workflow_def_id or new.input is distinct from old.input then
      raise exception 'a run''s workflow and input never change' using errcode = 'PS409', column = 'input';
    end if;
    allowed := case old.status
      when 'pending' then array['running', 'cancelled']
      when 'running' then array['succeeded', 'failed', 'cancelled']
      when 'failed' then array['running']
      else '{}' end;
  else
    if new.run_id <> old.run_id or new.position <> old.position or new.config is distinct from old.config
       or new.step_type_version_id <> old.step_type_version_id
       or (new.install_id is distinct from old.install_id and new.install_id is not null) then
      raise exception 'a step run''s step never changes' using errcode = 'PS409', column = 'config';
    end if;
    allowed := case old.status
      when 'pending' then array['running', 'cancelled']
      when 'running' then array['waiting_callback', 'succeeded', 'failed', 'timed_out', 'cancelled']
      when 'waiting_callback' then array['succeeded', 'failed', 'timed_out', 'cancelled']
      when 'failed' then array['pending']
      when 'timed_out' then array['pending']
      else '{}' end;
  end if;
  if new.status <> old.status then
    if not new.status = any (allowed) then
      raise exception '% cannot go from % to %', replace(tg_table_name, '_', ' '), old.status, new.status
        using errcode = 'PS409', column = 'status';
    end if;
    if new.status = 'running' and old.status in ('pending', 'failed') then
      new.started_at := coalesce(new.started_at, now());
    end if;
    new.finished_at := case when new.status in ('succeeded', 'failed', 'timed_out', 'cancelled') then now() end;
  end if;
  return new;
end $function$;
-- app.check_workflow_transition(): executable by its owner only

CREATE OR REPLACE FUNCTION app.colleague_user_ids()
 RETURNS SETOF uuid
 LANGUAGE plpgsql
 STABLE SECURITY DEFINER ROWS 50
 SET search_path TO 'pg_catalog', 'pg_temp'
AS $function$
begin
  return query
    select app.uid() where app.uid() is not null
    union
    select m.user_id from public.organisation_members m
    where m.status = 'active' and m.org_id in (select app.member_org_ids());
end $function$;
grant execute on function app.colleague_user_ids() to anon;
grant execute on function app.colleague_user_ids() to authenticated;
grant execute on function app.colleague_user_ids() to service_role;

CREATE OR REPLACE FUNCTION app.connection_scope_allows(action text, org uuid, workspace uuid, project uuid)
 RETURNS boolean
 LANGUAGE sql
 STABLE
 SET search_path TO 'pg_catalog', 'pg_temp'
AS $function$
  select coalesce(case
    when org is null or (workspace is null) = (project is null) then false
    when workspace is not null then case action
      when 'read' then org = any (app.caller_org_ids('viewer'))
                    or (org, workspace) in (select g.org_id, g.workspace_id from app.caller_workspace_grants('viewer') g)
      when 'use' then org = any (app.caller_org_ids('member'))
                    or (org, workspace) in (select g.org_id, g.workspace_id from app.caller_workspace_grants('member') g)
      when 'manage' then org = any (app.caller_org_ids('admin'))
                    or (org, workspace) in (select g.org_id, g.workspace_id from app.caller_workspace_grants('admin') g)
    end
    else case action
      when 'read' then org = any (app.caller_org_ids('admin'))
                    or (org, project) in (select p.org_id, p.project_id from app.member_projects() p)
      when 'use' then org = any (app.caller_org_ids('admin'))
                    or (org, project) in (select p.org_id, p.project_id from app.contributing_projects() p)
      when 'manage' then org = any (app.caller_org_ids('admin'))
                    or (org, project) in (select p.org_id, p.project_id from app.managed_projects() p)
    end
  end, false)
$function$;
grant execute on function app.connection_scope_allows(action text, org uuid, workspace uuid, project uuid) to authenticated;
grant execute on function app.connection_scope_allows(action text, org uuid, workspace uuid, project uuid) to platform_admin;
grant execute on function app.connection_scope_allows(action text, org uuid, workspace uuid, project uuid) to service_role;

CREATE OR REPLACE FUNCTION app.consume_usage(org uuid, counted text, amount bigint, source text)
 RETURNS void
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO 'pg_catalog', 'pg_temp'
AS $function$
declare
  v_stock boolean := counted in ('members', 'workspaces', 'integrations');
  v_period date := app.usage_period();
  v_limit bigint;
  v_used bigint;
  v_reset timestamptz;
begin
  -- The reserved platform organisation holds no tenant data and is on no plan.
  if org is null or org = app.platform_org_id() or amount = 0 then
    return;
  end if;
  if amount < 0 then
    -- An organisation being purged takes its counters and events with it.
    if not exists (select 1 from public.organisations o where o.id = org) then
      return;
    end if;
    update public.usage_counters c set used = greatest(c.used + amount, 0), updated_at = now()
    where c.org_id = org and c.metric = counted and c.period_start = v_period;
    if found then
      insert into public.usage_events (org_id, metric, period_start, delta, source) values (org, counted, v_period, amount, source);
    end if;
    return;
  end if;
  -- A stock's row starts the month at the live count less the rows being counted (the trigger runs
  -- after the statement's inserts); a flow's at zero.
  insert into public.usage_counters (org_id, metric, period_start, used)
  values (org, counted, v_period, case when v_stock then greatest(app.usage_live_count(org, counted) - amount, 0) else 0 end)
  on conflict (org_id, metric, period_start) do nothing;
  v_limit := app.org_usage_limit(org, counted);
  update public.usage_counters c set used = c.used + amount, updated_at = now()
  where c.org_id = org and c.metric = counted and c.period_start = v_period
    and c.used + amount <= v_limit
  returning c.used into v_used;
  if v_used is null then
    v_reset := case when v_stock then null
                    else ((v_period + interval '1 month')::timestamp at time zone 'UTC') end;
    raise exception '%', format('the plan''s limit of %s %s%s is reached%s', v_limit, replace(counted, '_', ' '),
        case when v_stock then '' else ' a month' end,
        case when v_stock then ': remove one or change plan'
             else format(': it resets at %s', to_char(v_reset at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"')) end)
      using errcode = 'PS402', column = counted,
            detail = jsonb_build_object('metric', counted, 'limit', v_limit,
              'reset_at', to_char(v_reset at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"'))::text;
  end if;
  insert into public.usage_events (org_id, metric, period_start, delta, source) values (org, counted, v_period, amount, source);
end $function$;
-- app.consume_usage(org uuid, counted text, amount bigint, source text): executable by its owner only

CREATE OR REPLACE FUNCTION app.contributing_projects()
 RETURNS TABLE(org_id uuid, project_id uuid)
 LANGUAGE plpgsql
 STABLE SECURITY DEFINER ROWS 10
 SET search_path TO 'pg_catalog', 'pg_temp'
AS $function$
begin
  return query
    select pm.org_id, pm.project_id from public.project_members pm
    join public.organisation_members m on m.org_id = pm.org_id and m.user_id = pm.user_id
    join public.organisations o on o.id = pm.org_id and o.deleted_at is null
    where pm.user_id = app.uid() and m.status = 'active' and pm.role in ('owner', 'manager', 'contributor');
end $function$;
grant execute on function app.contributing_projects() to authenticated;
grant execute on function app.contributing_projects() to platform_admin;
grant execute on function app.contributing_projects() to service_role;

CREATE OR REPLACE FUNCTION app.copy_workflow_steps()
 RETURNS trigger
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO 'pg_catalog', 'pg_temp'
AS $function$
begin
  insert into public.workflow_step_runs (org_id, run_id, position, install_id, step_type_version_id, config)
  select s.org_id, new.id, s.position, s.install_id, i.step_type_version_id, s.config
  from public.workflow_def_steps s
  join public.step_type_installs i on i.org_id = s.org_id and i.id = s.install_id
  where s.org_id = new.org_id and s.workflow_def_id = new.workflow_def_id;
  return null;
end $function$;
-- app.copy_workflow_steps(): executable by its owner only

CREATE OR REPLACE FUNCTION app.count_usage()
 RETURNS trigger
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO 'pg_catalog', 'pg_temp'
AS $function$
declare
  r record;
begin
  if tg_op = 'INSERT' then
    for r in select n.org_id, count(*) as n from new_rows n group by n.org_id order by n.org_id loop
      perform app.consume_usage(r.org_id, tg_argv[0], r.n, tg_table_name);
    end loop;
  else
    for r in select o.org_id, count(*) as n from old_rows o group by o.org_id order by o.org_id loop
      perform app.consume_usage(r.org_id, tg_argv[0], -r.n, tg_table_name);
    end loop;
  end if;
  return null;
end $function$;
-- app.count_usage(): executable by its owner only

CREATE OR REPLACE FUNCTION app.create_api_key(org uuid, name text, role text, key_hash bytea, prefix text, expires_at timestamp with time zone DEFAULT NULL::timestamp with time zone)
 RETURNS uuid
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO 'pg_catalog', 'pg_temp'
AS $function$
#variable_conflict use_variable
declare
  caller_role text;
  key_id uuid;
begin
  perform public.assert_tenant_membership(org);
  -- The reserved platform organisation has no members, so nobody holds a key there either.
  if org = '00000000-0000-0000-0000-000000000001'::uuid then
    raise exception 'the reserved platform organisation has no API keys' using errcode = 'PS422', column = 'org_id';
  end if;
  -- A key acts with the lower of its role and its creator's live membership (app.caller_org_role,
  -- app.load_caller_org_ids), so it is minted by an active owner or admin of the organisation:
  -- keys do not mint keys, and operators do not turn a short-lived admin token into a key.
  if app.uid() is null or app.is_platform_operator() then
    raise exception 'API keys are created by an owner or admin of the organisation, signed in as themselves'
      using errcode = 'PS403';
  end if;
  caller_role := app.require_org_role(org, '{owner,admin}', 'create API keys');
  name := app.require_text(name, 'name');
  role := app.require_choice(role, 'role', '{admin,member,viewer}');
  if app.org_role_rank(role) > app.org_role_rank(caller_role) then
    raise exception 'a key cannot have a stronger role than its creator (%)', caller_role
      using errcode = 'PS403', column = 'role';
  end if;
  if key_hash is null or length(key_hash) <> 32 then
    raise exception 'key_hash must be a SHA-256 digest' using errcode = 'PS422', column = 'key_hash';
  end if;
  if prefix is null or prefix !~ '^pk_[A-Za-z0-9]{1,13}$' then
    raise exception 'prefix must look like pk_ followed by letters and digits' using errcode = 'PS422', column = 'prefix';
  end if;
  if expires_at is not null and expires_at <= now() then
    raise exception 'expires_at must be in the future' using errcode = 'PS422', column = 'expires_at';
  end if;
  insert into public.api_keys (org_id, name, role, key_hash, prefix, created_by, expires_at)
  values (org, name, role, key_hash, prefix, app.uid(), expires_at)
  returning id into key_id;
  return key_id;
end $function$;
grant execute on function app.create_api_key(org uuid, name text, role text, key_hash bytea, prefix text, expires_at timestamp with time zone) to authenticated;
grant execute on function app.create_api_key(org uuid, name text, role text, key_hash bytea, prefix text, expires_at timestamp with time zone) to service_role;

CREATE OR REPLACE FUNCTION app.create_organisation(name text, slug text DEFAULT NULL::text)
 RETURNS uuid
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO 'pg_catalog', 'pg_temp'
AS $function$
#variable_conflict use_variable
declare
  caller uuid := app.require_user();
  org uuid;
begin
  name := app.require_text(name, 'name');
  if slug is not null and slug !~ '^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$' then
    raise exception 'slug must be lowercase letters, digits and inner hyphens (at most 63)'
      using errcode = 'PS422', column = 'slug';
  end if;
  begin
    insert into public.organisations (name, slug, created_by) values (name, slug, caller) returning id into org;
  exception when unique_violation then
    raise exception 'slug is already taken' using errcode = 'PS409', column = 'slug';
  end;
  insert into public.organisation_members (org_id, user_id, role, status) values (org, caller, 'owner', 'active');
  insert into public.workspaces (org_id, name, is_default, created_by) values (org, 'Default', true, caller);
  return org;
end $function$;
grant execute on function app.create_organisation(name text, slug text) to authenticated;
grant execute on function app.create_organisation(name text, slug text) to service_role;

CREATE OR REPLACE FUNCTION app.create_project(org uuid, workspace_id uuid, name text, description text DEFAULT NULL::text)
 RETURNS uuid
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO 'pg_catalog', 'pg_temp'
AS $function$
#variable_conflict use_variable
declare
  proj uuid;
begin
  perform app.require_acting_role(org, '{owner,admin,member}', 'create projects', create_project.workspace_id);
  if not exists (select 1 from public.workspaces w where w.org_id = org and w.id = create_project.workspace_id) then
    raise exception 'workspace not found' using errcode = 'PS404', column = 'workspace_id';
  end if;
  insert into public.projects (org_id, workspace_id, name, description, created_by)
  values (org, create_project.workspace_id, app.require_text(name, 'name'), description, app.uid())
  returning id into proj;
  -- The creating person owns the project; API keys and operators create unowned projects.
  if app.uid() is not null and exists (
    select 1 from public.organisation_members m where m.org_id = org and m.user_id = app.uid()
  ) then
    insert into public.project_members (org_id, project_id, user_id, role, added_by)
    values (org, proj, app.uid(), 'owner', app.uid());
  end if;
  return proj;
end $function$;
grant execute on function app.create_project(org uuid, workspace_id uuid, name text, description text) to authenticated;
grant execute on function app.create_project(org uuid, workspace_id uuid, name text, description text) to service_role;

CREATE OR REPLACE FUNCTION app.create_workspace(org uuid, name text, description text DEFAULT NULL::text)
 RETURNS uuid
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO 'pg_catalog', 'pg_temp'
AS $function$
#variable_conflict use_variable
declare
  ws uuid;
begin
  perform app.require_acting_role(org, '{owner,admin}', 'create workspaces');
  insert into public.workspaces (org_id, name, description, created_by)
  values (org, app.require_text(name, 'name'), description, app.uid())
  returning id into ws;
  return ws;
end $function$;
grant execute on function app.create_workspace(org uuid, name text, description text) to authenticated;
grant execute on function app.create_workspace(org uuid, name text, description text) to service_role;

CREATE OR REPLACE FUNCTION app.credit_summary(org uuid)
 RETURNS TABLE(balance bigint, granted bigint, purchased bigint, plan_id text, monthly_grant bigint, period_start date, resets_at timestamp with time zone)
 LANGUAGE plpgsql
 STABLE SECURITY DEFINER
 SET search_path TO 'pg_catalog', 'pg_temp'
AS $function$
#variable_conflict use_column
declare
  v_period date := app.usage_period();
  b public.credit_balances;
  g record;
begin
  perform public.assert_tenant_membership(org);
  select * into b from public.credit_balances x where x.org_id = org;
  if b.grant_period is not null and b.grant_period >= v_period then
    return query select b.balance, b.granted, b.purchased, b.grant_plan_id, b.grant_amount, b.grant_period,
      (b.grant_period + interval '1 month')::timestamp at time zone 'UTC';
    return;
  end if;
  select * into g from app.plan_token_grant(org);
  return query select coalesce(b.purchased, 0) + g.tokens, g.tokens, coalesce(b.purchased, 0), g.plan_id, g.tokens,
    v_period, (v_period + interval '1 month')::timestamp at time zone 'UTC';
end $function$;
grant execute on function app.credit_summary(org uuid) to authenticated;
grant execute on function app.credit_summary(org uuid) to platform_admin;
grant execute on function app.credit_summary(org uuid) to service_role;

CREATE OR REPLACE FUNCTION app.credit_token_purchase()
 RETURNS trigger
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO 'pg_catalog', 'pg_temp'
AS $function$
begin
  if new.status = 'completed' and (tg_op = 'INSERT' or old.status is distinct from 'completed') and new.token_amount > 0 then
    insert into public.credit_ledger (org_id, kind, purchased, purchase_id)
    values (new.org_id, 'purchase', new.token_amount, new.id)
    on conflict (org_id, purchase_id) do nothing;
  end if;
  return null;
end $function$;
-- app.credit_token_purchase(): executable by its owner only

CREATE OR REPLACE FUNCTION app.current_api_role()
 RETURNS text
 LANGUAGE sql
 STABLE
AS $function$
  select case when pg_catalog.current_setting('role', true) operator(pg_catalog.<>) 'none'
              then pg_catalog.current_setting('role', true) else '' end
$function$;
grant execute on function app.current_api_role() to anon;
grant execute on function app.current_api_role() to authenticated;
grant execute on function app.current_api_role() to service_role;

CREATE OR REPLACE FUNCTION app.debit_token_usage()
 RETURNS trigger
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO 'pg_catalog', 'pg_temp'
AS $function$
declare
  r public.credit_balances;
  v_grant bigint;
  v_reset text;
begin
  -- The service names the person it records for: a member of the organisation.
  if new.created_by is not null and new.created_by is distinct from app.uid()
     and not exists (select 1 from public.organisation_members m where m.org_id = new.org_id and m.user_id = new.created_by) then
    raise exception 'created_by must be a member of the organisation' using errcode = 'PS422', column = 'created_by';
  end if;
  r := app.lock_credit_balance(new.org_id);
  if r.balance < new.tokens_used then
    v_reset := to_char(((greatest(r.grant_period, app.usage_period()) + interval '1 month')::timestamp),
                       'YYYY-MM-DD"T"HH24:MI:SS"Z"');
    raise exception '%', format('not enough token credits: %s left, %s asked for; the monthly grant comes again at %s, or buy a token pack',
        r.balance, new.tokens_used, v_reset)
      using errcode = 'PS402', column = 'tokens_used',
            detail = jsonb_build_object('metric', 'tokens', 'limit', r.balance, 'reset_at', v_reset)::text;
  end if;
  v_grant := least(r.granted, new.tokens_used);
  insert into public.credit_ledger (org_id, kind, granted, purchased, usage_id)
  values (new.org_id, 'usage', -v_grant, -(new.tokens_used - v_grant), new.id);
  return null;
end $function$;
-- app.debit_token_usage(): executable by its owner only

CREATE OR REPLACE FUNCTION app.default_rule_pack_name()
 RETURNS trigger
 LANGUAGE plpgsql
 SET search_path TO 'pg_catalog', 'pg_temp'
AS $function$
begin
  new.rule_pack_name := coalesce(new.rule_pack_name, new.key);
  return new;
end $function$;
-- app.default_rule_pack_name(): executable by its owner only

CREATE OR REPLACE FUNCTION app.delegated_roles(p_user uuid, p_org uuid DEFAULT NULL::uuid)
 RETURNS TABLE(org_id uuid, delegation_id uuid, provider_org_id uuid, role text, workspace_scoped boolean)
 LANGUAGE plpgsql
 STABLE ROWS 10
 SET search_path TO 'pg_catalog', 'pg_temp'
AS $function$
begin
  if p_org is null then
    return query select g.org_id, g.delegation_id, g.provider_org_id, g.role, g.workspace_scoped
                 from app.delegation_grants g where g.user_id = p_user;
  else
    return query select g.org_id, g.delegation_id, g.provider_org_id, g.role, g.workspace_scoped
                 from app.delegation_grants g where g.user_id = p_user and g.org_id = p_org;
  end if;
end $function$;
-- app.delegated_roles(p_user uuid, p_org uuid): executable by its owner only

CREATE OR REPLACE FUNCTION app.delegation_for_change(org uuid, id uuid)
 RETURNS public.provider_delegations
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO 'pg_catalog', 'pg_temp'
AS $function$
#variable_conflict use_variable
declare
  d public.provider_delegations;
begin
  select * into d from public.provider_delegations x where x.org_id = org and x.id = id for update;
  if not found or d.status = 'revoked' then
    raise exception 'delegation not found' using errcode = 'PS404', column = 'delegation_id';
  end if;
  return d;
end $function$;
-- app.delegation_for_change(org uuid, id uuid): executable by its owner only

CREATE OR REPLACE FUNCTION app.delete_organisation(org uuid)
 RETURNS TABLE(id uuid, name text, slug text, created_at timestamp with time zone, updated_at timestamp with time zone, deleted_at timestamp with time zone, purge_after timestamp with time zone)
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO 'pg_catalog', 'pg_temp'
AS $function$
#variable_conflict use_variable
declare
  caller uuid := app.require_user();
  o public.organisations;
  n_keys int;
  n_invitations int;
begin
  if app.require_org_role(org, '{owner}', 'delete the organisation') is distinct from 'owner' then
    raise exception 'only owners can delete the organisation' using errcode = 'PS403';
  end if;
  -- The row lock serialises this with a second delete, a restore, an owner's demotion
  -- (app.guard_last_owner) and every new membership, invitation or key (app.refuse_deleted_org).
  select * into o from public.organisations x where x.id = org for update;
  if not found or o.deleted_at is not null then
    raise exception 'organisation not found' using errcode = 'PS404', column = 'org_id';
  end if;
  update public.organisations x
     set deleted_at = now(), deleted_by = caller, purge_after = now() + app.org_delete_grace()
   where x.id = org
  returning * into o;
  update public.api_keys k set revoked_at = now() where k.org_id = org and k.revoked_at is null;
  get diagnostics n_keys = row_count;
  update public.invitations i set revoked_at = now()
   where i.org_id = org and i.accepted_at is null and i.revoked_at is null;
  get diagnostics n_invitations = row_count;
  perform app.audit_append('audit_log', org, 'org.deleted', 'public.organisations', org::text, null, null,
    jsonb_build_object('purge_after', o.purge_after, 'api_keys_revoked', n_keys, 'invitations_revoked', n_invitations));
  perform app.audit_append('admin_actions', app.platform_org_id(), 'org.deleted', 'public.organisations', org::text,
    null, null, jsonb_build_object('org_id', org, 'name', o.name, 'purge_after', o.purge_after));
  return query select o.id, o.name, o.slug, o.created_at, o.updated_at, o.deleted_at, o.purge_after;
end $function$;
grant execute on function app.delete_organisation(org uuid) to authenticated;
grant execute on function app.delete_organisation(org uuid) to service_role;

CREATE OR REPLACE FUNCTION app.drop_credential_secret()
 RETURNS trigger
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO 'pg_catalog', 'pg_temp'
AS $function$
begin
  if old.credential_secret_id is not null
     and (tg_op = 'DELETE' or new.credential_secret_id is distinct from old.credential_secret_id) then
    delete from palisade_vault.secrets where org_id = old.org_id and id = old.credential_secret_id;
  end if;
  return null;
end $function$;
-- app.drop_credential_secret(): executable by its owner only

CREATE OR REPLACE FUNCTION app.endpoint_url_ok(u text)
 RETURNS boolean
 LANGUAGE sql
 IMMUTABLE
 SET search_path TO 'pg_catalog', 'pg_temp'
AS $function$
  select length(u) <= 500 and u ~ '^(https://|http://(localhost|127\.0\.0\.1|\[::1\])[:/])[^@?#[:space:]]+$'
$function$;
grant execute on function app.endpoint_url_ok(u text) to authenticated;
grant execute on function app.endpoint_url_ok(u text) to platform_admin;
grant execute on function app.endpoint_url_ok(u text) to service_role;

CREATE OR REPLACE FUNCTION app.ensure_platform_org()
 RETURNS void
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO 'pg_catalog', 'pg_temp'
AS $function$
begin
  if not exists (select 1 from public.organisations o where o.id = app.platform_org_id()) then
    insert into public.organisations (id, name) values (app.platform_org_id(), 'Palisade platform (reserved)')
    on conflict (id) do nothing;
  end if;
end $function$;
grant execute on function app.ensure_platform_org() to service_role;

CREATE OR REPLACE FUNCTION app.ensure_user(p_user_id uuid, p_email text)
 RETURNS void
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO 'pg_catalog', 'pg_temp'
AS $function$
declare
  current_email text;
  found_row boolean;
begin
  if p_user_id is null then
    raise exception 'user id is required' using errcode = 'PS422', column = 'sub';
  end if;
  p_email := nullif(lower(btrim(p_email)), '');
  select u.email, true into current_email, found_row from auth.users u where u.id = p_user_id;
  if not app.auth_users_are_palisades() then
    if found_row is null then
      raise exception 'the token''s user does not exist' using errcode = 'PS401';
    end if;
    return;
  end if;
  if found_row is null then
    begin
      insert into auth.users (id, email) values (p_user_id, p_email) on conflict (id) do nothing;
    exception when unique_violation then
      -- Another account holds this email (the identity provider reassigned it). The person still
      -- gets a row, without the email, so invitations to that address keep going to its holder.
      insert into auth.users (id) values (p_user_id) on conflict (id) do nothing;
    end;
  elsif p_email is not null and current_email is distinct from p_email
        and not exists (select 1 from auth.users o where lower(o.email) = p_email and o.id <> p_user_id) then
    begin
      update auth.users set email = p_email, updated_at = now() where id = p_user_id;
    exception when unique_violation then
      null; -- taken meanwhile by a concurrent first request of another account: keep the old email
    end;
  end if;
end $function$;
grant execute on function app.ensure_user(p_user_id uuid, p_email text) to service_role;

CREATE OR REPLACE FUNCTION app.field_mapping_transform_problem(t jsonb, path text)
 RETURNS jsonb
 LANGUAGE plpgsql
 IMMUTABLE
 SET search_path TO 'pg_catalog', 'pg_temp'
AS $function$
declare
  kind text;
  problem jsonb;
  n int;
begin
  if jsonb_typeof(t) <> 'object' then
    return app.json_problem(path, 'must be an object like {"kind": "trim"}');
  end if;
  if jsonb_typeof(t -> 'kind') is distinct from 'string' then
    return app.json_problem(path || '.kind', 'is required and must be a string');
  end if;
  kind := t ->> 'kind';
  case
    when kind in ('trim', 'uppercase', 'lowercase', 'number', 'boolean') then
      return app.json_unknown_key(t, path, '{kind}');
    when kind = 'date' then
      problem := app.json_unknown_key(t, path, '{kind,format}');
      if problem is not null then return problem; end if;
      if coalesce(t ->> 'format', '') not in ('date', 'datetime', 'unix_seconds') or jsonb_typeof(t -> 'format') <> 'string' then
        return app.json_problem(path || '.format', 'must be one of date, datetime, unix_seconds');
      end if;
    when kind = 'truncate' then
      problem := app.json_unknown_key(t, path, '{kind,length}');
      if problem is not null then return problem; end if;
      if not app.json_is_integer(t -> 'length', 1, 10000) then
        return app.json_problem(path || '.length', 'must be an integer from 1 to 10000');
      end if;
    when kind = 'default' then
      problem := app.json_unknown_key(t, path, '{kind,value}');
      if problem is not null then return problem; end if;
      if coalesce(jsonb_typeof(t -> 'value'), 'missing') not in ('string', 'number', 'boolean')
         or (jsonb_typeof(t -> 'value') = 'string' and length(t ->> 'value') > 1000) then
        return app.json_problem(path || '.value', 'must be a string (at most 1000 characters), a number or a boolean');
      end if;
    when kind = 'map' then
      problem := app.json_unknown_key(t, path, '{kind,values}');
      if problem is not null then return problem; end if;
      if jsonb_typeof(t -> 'values') is distinct from 'object' then
        return app.json_problem(path || '.values', 'must be an object mapping source values to target values');
      end if;
      select count(*) into n from jsonb_object_keys(t -> 'values');
      if n > 100 then
        return app.json_problem(path || '.values', 'must hold at most 100 entries');
      end if;
      select app.json_problem(app.json_path_append(path || '.values', e.key),
                              'must be a string (at most 1000 characters), a number, a boolean or null')
        into problem
        from jsonb_each(t -> 'values') e
        where jsonb_typeof(e.value) not in ('string', 'number', 'boolean', 'null')
           or (jsonb_typeof(e.value) = 'string' and length(e.value #>> '{}') > 1000)
        order by e.key
        limit 1;
      return problem;
    else
      return app.json_problem(path || '.kind', 'must be one of trim, uppercase, lowercase, number, boolean, date, truncate, default, map');
  end case;
  return null;
end $function$;
grant execute on function app.field_mapping_transform_problem(t jsonb, path text) to authenticated;
grant execute on function app.field_mapping_transform_problem(t jsonb, path text) to service_role;

CREATE OR REPLACE FUNCTION app.field_mappings_problem(doc jsonb)
 RETURNS jsonb
 LANGUAGE plpgsql
 IMMUTABLE
 SET search_path TO 'pg_catalog', 'pg_temp'
AS $function$
declare
  version numeric;
  item jsonb;
  i int;
  p text;
  problem jsonb;
  first_at jsonb := '{}'::jsonb;
begin
  if doc is null or jsonb_typeof(doc) <> 'object' then
    return app.json_problem('$', 'must be an object {"schema_version": 2, "mappings": […]}');
  end if;
  problem := app.json_unknown_key(doc, '$', '{schema_version,mappings}');
  if problem is not null then return problem; end if;
  if not app.json_is_integer(doc -> 'schema_version', 1, 2) then
    return app.json_problem('$.schema_version', 'is required and must be 1 or 2');
  end if;
  version := (doc ->> 'schema_version')::numeric;
  if jsonb_typeof(doc -> 'mappings') is distinct from 'array' then
    return app.json_problem('$.mappings', 'is required and must be an array');
  end if;
  if jsonb_array_length(doc -> 'mappings') > 200 then
    return app.json_problem('$.mappings', 'must hold at most 200 entries');
  end if;
  for item, i in select e, o - 1 from jsonb_array_elements(doc -> 'mappings') with ordinality as x(e, o) loop
    p := '$.mappings[' || i || ']';
    if jsonb_typeof(item) <> 'object' then
      return app.json_problem(p, 'must be an object {"source": …, "target": …}');
    end if;
    problem := app.json_unknown_key(item, p, '{source,target,transform,required}');
    if problem is not null then return problem; end if;
    if jsonb_typeof(item -> 'source') is distinct from 'string' or length(item ->> 'source') > 200
       or item ->> 'source' !~ '^[A-Za-z_][A-Za-z0-9_]*(\.([A-Za-z_][A-Za-z0-9_]*|[0-9]+))*$' then
      return app.json_problem(p || '.source', 'is required: a dotted path such as employee.number (at most 200 characters)');
    end if;
    if jsonb_typeof(item -> 'target') is distinct from 'string' or length(item ->> 'target') > 100
       or item ->> 'target' !~ '^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*$' then
      return app.json_problem(p || '.target', 'is required: a target field name such as posting_date (at most 100 characters)');
    end if;
    if first_at ? (item ->> 'target') then
      return app.json_problem(p || '.target', 'is already mapped at $.mappings[' || (first_at ->> (item ->> 'target')) || ']');
    end if;
    first_at := first_at || jsonb_build_object(item ->> 'target', i);
    if item ? 'required' and jsonb_typeof(item -> 'required') <> 'boolean' then
      return app.json_problem(p || '.required', 'must be true or false');
    end if;
    if item ? 'transform' then
      if version = 1 then
        if jsonb_typeof(item -> 'transform') <> 'string'
           or item ->> 'transform' not in ('trim', 'uppercase', 'lowercase', 'number', 'boolean', 'date') then
          return app.json_problem(p || '.transform', 'must be one of trim, uppercase, lowercase, number, boolean, date');
        end if;
      else
        problem := app.field_mapping_transform_problem(item -> 'transform', p || '.transform');
        if problem is not null then return problem; end if;
      end if;
    end if;
  end loop;
  return null;
end $function$;
grant execute on function app.field_mappings_problem(doc jsonb) to authenticated;
grant execute on function app.field_mappings_problem(doc jsonb) to service_role;

CREATE OR REPLACE FUNCTION app.fill_token_purchase()
 RETURNS trigger
 LANGUAGE plpgsql
 SET search_path TO 'pg_catalog', 'pg_temp'
AS $function$
begin
  new.token_amount := coalesce((select p.tokens from platform.token_packs p where p.id = new.pack_id), 0);
  return new;
end $function$;
-- app.fill_token_purchase(): executable by its owner only

CREATE OR REPLACE FUNCTION app.forbid_org_change()
 RETURNS trigger
 LANGUAGE plpgsql
 SET search_path TO 'pg_catalog', 'pg_temp'
AS $function$
begin
  if new.org_id is distinct from old.org_id then
    raise exception 'org_id cannot change: rows never move between organisations'
      using errcode = 'PS422', column = 'org_id', table = tg_table_name;
  end if;
  return new;
end $function$;
-- app.forbid_org_change(): executable by its owner only

CREATE OR REPLACE FUNCTION app.forget_caller_org_ids()
 RETURNS trigger
 LANGUAGE plpgsql
 SET search_path TO 'pg_catalog', 'pg_temp'
AS $function$
begin
  perform set_config('palisade.org_ids_for', '', true),
          set_config('palisade.org_ids_member', '', true),
          set_config('palisade.org_ids_admin', '', true),
          set_config('palisade.org_ids_owner', '', true);
  return null;
end $function$;
-- app.forget_caller_org_ids(): executable by its owner only

CREATE OR REPLACE FUNCTION app.grant_provider_access(org uuid, provider_org_id uuid, role_ceiling text, expires_at timestamp with time zone DEFAULT NULL::timestamp with time zone, workspace_ids uuid[] DEFAULT NULL::uuid[])
 RETURNS uuid
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO 'pg_catalog', 'pg_temp'
AS $function$
#variable_conflict use_variable
declare
  caller uuid := app.require_user();
  d public.provider_delegations;
begin
  perform app.require_org_role(org, '{owner}', 'grant provider access');
  role_ceiling := app.require_choice(role_ceiling, 'role_ceiling', '{viewer,member,admin}');
  expires_at := app.require_future(expires_at, 'expires_at');
  provider_org_id := app.require_id(provider_org_id, 'provider_org_id');
  if provider_org_id = org then
    raise exception 'an organisation cannot be its own provider' using errcode = 'PS422', column = 'provider_org_id';
  end if;
  perform 1 from public.organisations o where o.id = provider_org_id and o.deleted_at is null for share;
  if not found then
    raise exception 'provider organisation not found' using errcode = 'PS404', column = 'provider_org_id';
  end if;
  begin
    insert into public.provider_delegations (org_id, provider_org_id, role_ceiling, expires_at, granted_by)
    values (org, provider_org_id, role_ceiling, expires_at, caller)
    returning * into d;
  exception when unique_violation then
    raise exception 'this provider already has a delegation from the organisation'
      using errcode = 'PS409', column = 'provider_org_id';
  end;
  perform app.set_delegation_workspaces(org, d.id, workspace_ids);
  perform app.audit_provider_side(d, 'provider_delegation.granted');
  return d.id;
end $function$;
grant execute on function app.grant_provider_access(org uuid, provider_org_id uuid, role_ceiling text, expires_at timestamp with time zone, workspace_ids uuid[]) to authenticated;
grant execute on function app.grant_provider_access(org uuid, provider_org_id uuid, role_ceiling text, expires_at timestamp with time zone, workspace_ids uuid[]) to service_role;

CREATE OR REPLACE FUNCTION app.guard_last_owner()
 RETURNS trigger
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO 'pg_catalog', 'pg_temp'
AS $function$
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
end $function$;
-- app.guard_last_owner(): executable by its owner only

CREATE OR REPLACE FUNCTION app.guard_platform_org()
 RETURNS trigger
 LANGUAGE plpgsql
 SET search_path TO 'pg_catalog', 'pg_temp'
AS $function$
begin
  if tg_table_name = 'organisations' then
    raise exception 'the reserved platform organisation cannot be deleted'
      using errcode = 'PS403', column = 'id';
  end if;
  if new.org_id = app.platform_org_id() then
    raise exception 'the reserved platform organisation has no members'
      using errcode = 'PS422', column = 'org_id';
  end if;
  return new;
end $function$;
-- app.guard_platform_org(): executable by its owner only

CREATE OR REPLACE FUNCTION app.guard_token_purchase()
 RETURNS trigger
 LANGUAGE plpgsql
 SET search_path TO 'pg_catalog', 'pg_temp'
AS $function$
begin
  if new.pack_id is distinct from old.pack_id or new.token_amount is distinct from old.token_amount then
    raise exception 'a purchase keeps the pack and the tokens it was started with' using errcode = 'PS409',
      column = case when new.pack_id is distinct from old.pack_id then 'pack_id' else 'token_amount' end;
  end if;
  if old.status = 'completed' and new.status is distinct from 'completed' then
    raise exception 'a completed purchase is final' using errcode = 'PS409', column = 'status';
  end if;
  return new;
end $function$;
-- app.guard_token_purchase(): executable by its owner only

CREATE OR REPLACE FUNCTION app.has_org_role(target_org uuid, roles text[])
 RETURNS boolean
 LANGUAGE sql
 STABLE
AS $function$
  select target_org is not null
     and (app.is_platform_operator()
          or coalesce(case when target_org operator(pg_catalog.=) any (app.caller_org_ids('owner')) then 'owner'
                           when target_org operator(pg_catalog.=) any (app.caller_org_ids('admin')) then 'admin'
                           when target_org operator(pg_catalog.=) any (app.caller_org_ids('member')) then 'member'
                           when target_org operator(pg_catalog.=) any (app.caller_org_ids('viewer')) then 'viewer'
                      end operator(pg_catalog.=) any (coalesce(roles, '{owner,admin,member,viewer}')), false))
$function$;
grant execute on function app.has_org_role(target_org uuid, roles text[]) to anon;
grant execute on function app.has_org_role(target_org uuid, roles text[]) to authenticated;
grant execute on function app.has_org_role(target_org uuid, roles text[]) to service_role;

CREATE OR REPLACE FUNCTION app.integration_config_problem(doc jsonb)
 RETURNS jsonb
 LANGUAGE sql
 IMMUTABLE
 SET search_path TO 'pg_catalog', 'pg_temp'
AS $function$
  with recursive walk(path, key, value) as (
    select '$'::text, null::text, doc
    union all
    select coalesce(app.json_path_append(w.path, e.key), w.path || '[' || e.idx || ']'), e.key, e.value
    from walk w
    cross join lateral (
      select o.key, o.value, null::bigint as idx from jsonb_each(case when jsonb_typeof(w.value) = 'object' then w.value end) o
      union all
      select null, a.value, a.ord - 1 from jsonb_array_elements(case when jsonb_typeof(w.value) = 'array' then w.value end)
        with ordinality as a(value, ord)
    ) e
  )
  select case
    when doc is null or jsonb_typeof(doc) <> 'object' then app.json_problem('$', 'must be an object')
    when octet_length(doc::text) > 16384 then app.json_problem('$', 'must be at most 16 KiB')
    else (select app.json_problem(w.path, 'names a secret: credentials go to the vault (PUT …/credentials), never into config')
          from walk w where w.key is not null and app.is_secret_like_key(w.key) order by w.path limit 1)
  end
$function$;
grant execute on function app.integration_config_problem(doc jsonb) to authenticated;
grant execute on function app.integration_config_problem(doc jsonb) to service_role;

CREATE OR REPLACE FUNCTION app.invite_member(org uuid, email text, role text DEFAULT 'member'::text, valid_for interval DEFAULT '7 days'::interval)
 RETURNS TABLE(invitation_id uuid, token text)
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO 'pg_catalog', 'pg_temp'
AS $function$
#variable_conflict use_variable
declare
  caller_role text;
  invitee uuid;
  existing text;
  raw_token text;
begin
  caller_role := app.require_org_role(org, '{owner,admin}', 'invite members');
  email := lower(app.require_text(email, 'email', 320));
  if email !~ '^[^@[:space:]]+@[^@[:space:]]+\.[^@[:space:]]+$' then
    raise exception 'email is not a valid address' using errcode = 'PS422', column = 'email';
  end if;
  role := app.require_choice(role, 'role', '{owner,admin,member,viewer}');
  if role = 'owner' and coalesce(caller_role, '') not in ('owner', 'operator') then
    raise exception 'only owners can invite owners' using errcode = 'PS403', column = 'role';
  end if;
  if valid_for is null or valid_for < interval '1 hour' or valid_for > interval '30 days' then
    raise exception 'valid_for must be between 1 hour and 30 days' using errcode = 'PS422', column = 'valid_for';
  end if;

  select u.id into invitee from auth.users u where lower(u.email) = email;
  if invitee is not null then
    select m.status into existing from public.organisation_members m where m.org_id = org and m.user_id = invitee;
    if existing = 'active' then
      raise exception 'this person is already a member' using errcode = 'PS409', column = 'email';
    elsif existing = 'suspended' then
      raise exception 'this person is a suspended member: reactivate them instead' using errcode = 'PS409', column = 'email';
    end if;
  end if;

  -- A new invitation replaces any still-pending one for the same address.
  update public.invitations i set revoked_at = now()
  where i.org_id = org and lower(i.email) = email
    and i.accepted_at is null and i.revoked_at is null;

  raw_token := 'inv_' || encode(extensions.gen_random_bytes(32), 'hex');
  insert into public.invitations (org_id, email, role, token_hash, invited_by, expires_at)
  values (org, email, role, sha256(convert_to(raw_token, 'UTF8')), app.uid(), now() + valid_for)
  returning id into invitation_id;

  -- No membership is created before acceptance: what the inviter can read (this result, the
  -- invitation, the members) is the same whether or not the address has an account, and never
  -- holds the invitee's user id. A membership still 'invited' from before follows the new role.
  if invitee is not null then
    update public.organisation_members m set role = invite_member.role, invited_by = app.uid()
    where m.org_id = org and m.user_id = invitee and m.status = 'invited';
  end if;

  token := raw_token;
  return next;
end $function$;
grant execute on function app.invite_member(org uuid, email text, role text, valid_for interval) to authenticated;
grant execute on function app.invite_member(org uuid, email text, role text, valid_for interval) to service_role;

CREATE OR REPLACE FUNCTION app.is_org_member(target_org uuid)
 RETURNS boolean
 LANGUAGE sql
 STABLE
AS $function$
  select target_org is not null
     and (app.is_platform_operator() or target_org operator(pg_catalog.=) any (app.caller_org_ids('viewer')))
$function$;
grant execute on function app.is_org_member(target_org uuid) to anon;
grant execute on function app.is_org_member(target_org uuid) to authenticated;
grant execute on function app.is_org_member(target_org uuid) to service_role;

CREATE OR REPLACE FUNCTION app.is_platform_admin()
 RETURNS boolean
 LANGUAGE sql
 STABLE
AS $function$
  select app.current_api_role() operator(pg_catalog.=) 'platform_admin'
$function$;
grant execute on function app.is_platform_admin() to anon;
grant execute on function app.is_platform_admin() to authenticated;
grant execute on function app.is_platform_admin() to service_role;

CREATE OR REPLACE FUNCTION app.is_platform_operator()
 RETURNS boolean
 LANGUAGE sql
 STABLE
AS $function$
  select app.current_api_role() operator(pg_catalog.=) any (array['service_role', 'platform_admin'])
$function$;
grant execute on function app.is_platform_operator() to anon;
grant execute on function app.is_platform_operator() to authenticated;
grant execute on function app.is_platform_operator() to service_role;

CREATE OR REPLACE FUNCTION app.is_platform_service()
 RETURNS boolean
 LANGUAGE sql
 STABLE
AS $function$
  select app.current_api_role() operator(pg_catalog.=) 'service_role'
$function$;
grant execute on function app.is_platform_service() to anon;
grant execute on function app.is_platform_service() to authenticated;
grant execute on function app.is_platform_service() to service_role;

CREATE OR REPLACE FUNCTION app.is_secret_like_key(key text)
 RETURNS boolean
 LANGUAGE sql
 IMMUTABLE STRICT
 SET search_path TO 'pg_catalog', 'pg_temp'
AS $function$
  select k in ('pwd', 'authorization', 'proxyauthorization', 'cookie', 'bearer')
      or k ~ '(password|passwd|passphrase|secret|token|apikey|accesskey|privatekey|signingkey|subscriptionkey|credential|credentials)$'
  from (select lower(regexp_replace(key, '[^A-Za-z0-9]', '', 'g')) as k) n
$function$;
grant execute on function app.is_secret_like_key(key text) to authenticated;
grant execute on function app.is_secret_like_key(key text) to service_role;

CREATE OR REPLACE FUNCTION app.is_uuid_text(t text)
 RETURNS boolean
 LANGUAGE sql
 IMMUTABLE
AS $function$
  select t operator(pg_catalog.~~) '________-____-____-____-____________'
     and t operator(pg_catalog.~) '^[-0-9a-fA-F]+$'
     and pg_catalog.octet_length(pg_catalog.replace(t, '-', '')) operator(pg_catalog.=) 32
$function$;
grant execute on function app.is_uuid_text(t text) to anon;
grant execute on function app.is_uuid_text(t text) to authenticated;
grant execute on function app.is_uuid_text(t text) to service_role;

CREATE OR REPLACE FUNCTION app.json_instance_problem(s jsonb, x jsonb, path text DEFAULT ''::text)
 RETURNS text
 LANGUAGE plpgsql
 IMMUTABLE
 SET search_path TO 'pg_catalog', 'pg_temp'
AS $function$
declare
  t text := jsonb_typeof(x);
  here text := coalesce(nullif(path, ''), '/');
  types jsonb;
  k text;
  v jsonb;
  i int;
  n numeric;
  problem text;
begin
  if s = 'true'::jsonb or s = '{}'::jsonb then return null; end if;
  if s = 'false'::jsonb then return here || ': no value is allowed here'; end if;
  if s ? 'type' then
    types := case jsonb_typeof(s -> 'type') when 'array' then s -> 'type' else jsonb_build_array(s -> 'type') end;
    if not exists (
      select 1 from jsonb_array_elements_text(types) want
      where want = t or (want = 'integer' and t = 'number' and (x #>> '{}')::numeric % 1 = 0)
    ) then
      return format('%s: must be %s', here, (select string_agg(w, ' or ') from jsonb_array_elements_text(types) w));
    end if;
  end if;
  if s ? 'const' and s -> 'const' <> x then
    return format('%s: must be %s', here, s -> 'const');
  end if;
  if s ? 'enum' and not exists (select 1 from jsonb_array_elements(s -> 'enum') e where e = x) then
    return format('%s: must be one of %s', here, s -> 'enum');
  end if;
  if t = 'string' then
    if s ? 'minLength' and length(x #>> '{}') < (s ->> 'minLength')::numeric then
      return format('%s: must be at least %s characters long', here, s ->> 'minLength');
    end if;
    if s ? 'maxLength' and length(x #>> '{}') > (s ->> 'maxLength')::numeric then
      return format('%s: must be at most %s characters long', here, s ->> 'maxLength');
    end if;
  elsif t = 'number' then
    n := (x #>> '{}')::numeric;
    if s ? 'minimum' and n < (s ->> 'minimum')::numeric then return format('%s: must be >= %s', here, s ->> 'minimum'); end if;
    if s ? 'maximum' and n > (s ->> 'maximum')::numeric then return format('%s: must be <= %s', here, s ->> 'maximum'); end if;
    if s ? 'exclusiveMinimum' and n <= (s ->> 'exclusiveMinimum')::numeric then return format('%s: must be > %s', here, s ->> 'exclusiveMinimum'); end if;
    if s ? 'exclusiveMaximum' and n >= (s ->> 'exclusiveMaximum')::numeric then return format('%s: must be < %s', here, s ->> 'exclusiveMaximum'); end if;
  elsif t = 'array' then
    if s ? 'minItems' and jsonb_array_length(x) < (s ->> 'minItems')::numeric then return format('%s: must have at least %s items', here, s ->> 'minItems'); end if;
    if s ? 'maxItems' and jsonb_array_length(x) > (s ->> 'maxItems')::numeric then return format('%s: must have at most %s items', here, s ->> 'maxItems'); end if;
    if (s -> 'uniqueItems') = 'true'::jsonb and (select count(distinct e) from jsonb_array_elements(x) e) <> jsonb_array_length(x) then
      return here || ': must not have duplicate items';
    end if;
    if s ? 'items' then
      for i in 0 .. jsonb_array_length(x) - 1 loop
        problem := app.json_instance_problem(s -> 'items', x -> i, path || '/' || i);
        if problem is not null then return problem; end if;
      end loop;
    end if;
  elsif t = 'object' then
    if s ? 'required' then
      select format('%s: must have the property "%s"', here, r) into problem
      from jsonb_array_elements_text(s -> 'required') with ordinality as q(r, o) where not x ? r order by o limit 1;
      if problem is not null then return problem; end if;
    end if;
    if s ? 'minProperties' and (select count(*) from jsonb_object_keys(x)) < (s ->> 'minProperties')::numeric then
      return format('%s: must have at least %s properties', here, s ->> 'minProperties');
    end if;
    if s ? 'maxProperties' and (select count(*) from jsonb_object_keys(x)) > (s ->> 'maxProperties')::numeric then
      return format('%s: must have at most %s properties', here, s ->> 'maxProperties');
    end if;
    for k, v in select e.key, e.value from jsonb_each(x) e order by e.key loop
      if s -> 'properties' ? k then
        problem := app.json_instance_problem(s -> 'properties' -> k, v, path || '/' || replace(replace(k, '~', '~0'), '/', '~1'));
      elsif s ? 'additionalProperties' then
        problem := case when s -> 'additionalProperties' = 'false'::jsonb
                        then format('%s: the property "%s" is not allowed', here, k)
                        else app.json_instance_problem(s -> 'additionalProperties', v, path || '/' || replace(replace(k, '~', '~0'), '/', '~1')) end;
      end if;
      if problem is not null then return problem; end if;
    end loop;
  end if;
  return null;
end $function$;
grant execute on function app.json_instance_problem(s jsonb, x jsonb, path text) to authenticated;
grant execute on function app.json_instance_problem(s jsonb, x jsonb, path text) to service_role;

CREATE OR REPLACE FUNCTION app.json_is_integer(v jsonb, lo numeric, hi numeric)
 RETURNS boolean
 LANGUAGE sql
 IMMUTABLE
 SET search_path TO 'pg_catalog', 'pg_temp'
AS $function$
  select coalesce(jsonb_typeof(v) = 'number' and (v #>> '{}')::numeric = trunc((v #>> '{}')::numeric)
                  and (v #>> '{}')::numeric between lo and hi, false)
$function$;
grant execute on function app.json_is_integer(v jsonb, lo numeric, hi numeric) to authenticated;
grant execute on function app.json_is_integer(v jsonb, lo numeric, hi numeric) to service_role;

CREATE OR REPLACE FUNCTION app.json_path_append(base text, key text)
 RETURNS text
 LANGUAGE sql
 IMMUTABLE STRICT
 SET search_path TO 'pg_catalog', 'pg_temp'
AS $function$
  select case when key ~ '^[A-Za-z_][A-Za-z0-9_]*$' then base || '.' || key
              else base || '[' || to_jsonb(key)::text || ']' end
$function$;
grant execute on function app.json_path_append(base text, key text) to authenticated;
grant execute on function app.json_path_append(base text, key text) to service_role;

CREATE OR REPLACE FUNCTION app.json_problem(path text, message text)
 RETURNS jsonb
 LANGUAGE sql
 IMMUTABLE
 SET search_path TO 'pg_catalog', 'pg_temp'
AS $function$
  select jsonb_build_object('path', path, 'message', message)
$function$;
grant execute on function app.json_problem(path text, message text) to authenticated;
grant execute on function app.json_problem(path text, message text) to service_role;

CREATE OR REPLACE FUNCTION app.json_schema_problem(s jsonb, path text DEFAULT ''::text)
 RETURNS text
 LANGUAGE plpgsql
 IMMUTABLE
 SET search_path TO 'pg_catalog', 'pg_temp'
AS $function$
declare
  k text;
  v jsonb;
  p text;
  problem text;
  types constant text[] := array['object', 'array', 'string', 'number', 'integer', 'boolean', 'null'];
  keywords constant text[] := array[
    '$schema', '$id', '$comment', 'title', 'description', 'default', 'examples', 'deprecated', 'readOnly', 'writeOnly', 'format',
    'type', 'properties', 'required', 'additionalProperties', 'items', 'enum', 'const',
    'minLength', 'maxLength', 'minimum', 'maximum', 'exclusiveMinimum', 'exclusiveMaximum',
    'minItems', 'maxItems', 'uniqueItems', 'minProperties', 'maxProperties'];
begin
  if s is null then return coalesce(nullif(path, ''), '/') || ': a schema is required'; end if;
  if jsonb_typeof(s) = 'boolean' then return null; end if;
  if jsonb_typeof(s) <> 'object' then return coalesce(nullif(path, ''), '/') || ': a schema must be an object or a boolean'; end if;
  for k, v in select e.key, e.value from jsonb_each(s) e order by e.key loop
    p := path || '/' || replace(replace(k, '~', '~0'), '/', '~1');
    if not k = any (keywords) then
      return format('%s: the keyword "%s" is not supported (supported: %s)', p, k, array_to_string(keywords, ', '));
    end if;
    case
      when k = '$schema' then
        if v <> '"https://json-schema.org/draft/2020-12/schema"'::jsonb then
          return p || ': only https://json-schema.org/draft/2020-12/schema is supported';
        end if;
      when k in ('$id', '$comment', 'title', 'description', 'format') then
        if jsonb_typeof(v) <> 'string' then return p || ': must be a string'; end if;
      when k in ('deprecated', 'readOnly', 'writeOnly', 'uniqueItems') then
        if jsonb_typeof(v) <> 'boolean' then return p || ': must be a boolean'; end if;
      when k = 'type' then
        if jsonb_typeof(v) = 'string' then
          if not (v #>> '{}') = any (types) then return format('%s: must be one of %s', p, array_to_string(types, ', ')); end if;
        elsif jsonb_typeof(v) = 'array' and jsonb_array_length(v) > 0 then
          if exists (select 1 from jsonb_array_elements(v) t where jsonb_typeof(t) <> 'string' or not (t #>> '{}') = any (types))
             or (select count(distinct t) from jsonb_array_elements(v) t) <> jsonb_array_length(v) then
            return format('%s: must be distinct type names (%s)', p, array_to_string(types, ', '));
          end if;
        else
          return p || ': must be a type name or a non-empty array of them';
        end if;
      when k = 'properties' then
        if jsonb_typeof(v) <> 'object' then return p || ': must be an object of schemas'; end if;
        for problem in
          select app.json_schema_problem(e.value, p || '/' || replace(replace(e.key, '~', '~0'), '/', '~1'))
          from jsonb_each(v) e order by e.key
        loop
          if problem is not null then return problem; end if;
        end loop;
      when k in ('additionalProperties', 'items') then
        problem := app.json_schema_problem(v, p);
        if problem is not null then return problem; end if;
      when k = 'required' then
        if jsonb_typeof(v) <> 'array'
           or exists (select 1 from jsonb_array_elements(v) t where jsonb_typeof(t) <> 'string')
           or (select count(distinct t) from jsonb_array_elements(v) t) <> jsonb_array_length(v) then
          return p || ': must be an array of distinct property names';
        end if;
      when k = 'enum' then
        if jsonb_typeof(v) <> 'array' or jsonb_array_length(v) = 0 then return p || ': must be a non-empty array'; end if;
      when k in ('minLength', 'maxLength', 'minItems', 'maxItems', 'minProperties', 'maxProperties') then
        if jsonb_typeof(v) <> 'number' or (v #>> '{}')::numeric < 0 or (v #>> '{}')::numeric % 1 <> 0 then
          return p || ': must be a non-negative integer';
        end if;
      when k in ('minimum', 'maximum', 'exclusiveMinimum', 'exclusiveMaximum') then
        if jsonb_typeof(v) <> 'number' then return p || ': must be a number'; end if;
      else
        null; -- default, examples, const: any JSON value
    end case;
  end loop;
  return null;
end $function$;
grant execute on function app.json_schema_problem(s jsonb, path text) to authenticated;
grant execute on function app.json_schema_problem(s jsonb, path text) to service_role;

CREATE OR REPLACE FUNCTION app.json_unknown_key(doc jsonb, path text, allowed text[])
 RETURNS jsonb
 LANGUAGE sql
 IMMUTABLE
 SET search_path TO 'pg_catalog', 'pg_temp'
AS $function$
  select app.json_problem(app.json_path_append(path, k), 'is not a known key')
  from jsonb_object_keys(doc) as k
  where k <> all (allowed)
  order by k
  limit 1
$function$;
grant execute on function app.json_unknown_key(doc jsonb, path text, allowed text[]) to authenticated;
grant execute on function app.json_unknown_key(doc jsonb, path text, allowed text[]) to service_role;

CREATE OR REPLACE FUNCTION app.jwt()
 RETURNS jsonb
 LANGUAGE sql
 STABLE
AS $function$
  select case when pg_catalog.current_setting('request.jwt.claims', true) operator(pg_catalog.<>) ''
              then pg_catalog.current_setting('request.jwt.claims', true)::pg_catalog.jsonb
              else '{}'::pg_catalog.jsonb end
$function$;
grant execute on function app.jwt() to anon;
grant execute on function app.jwt() to authenticated;
grant execute on function app.jwt() to service_role;

CREATE OR REPLACE FUNCTION app.keep_api_key_revoked()
 RETURNS trigger
 LANGUAGE plpgsql
 SET search_path TO 'pg_catalog', 'pg_temp'
AS $function$
begin
  if old.revoked_at is not null and new.revoked_at is distinct from old.revoked_at then
    raise exception 'a revoked API key stays revoked' using errcode = 'PS409', column = 'revoked_at';
  end if;
  return new;
end $function$;
-- app.keep_api_key_revoked(): executable by its owner only

CREATE OR REPLACE FUNCTION app.keep_capture_key_revoked()
 RETURNS trigger
 LANGUAGE plpgsql
 SET search_path TO 'pg_catalog', 'pg_temp'
AS $function$
begin
  if old.revoked_at is not null and new.revoked_at is distinct from old.revoked_at then
    raise exception 'the key is revoked' using errcode = 'PS409', column = 'revoked_at';
  end if;
  return new;
end $function$;
-- app.keep_capture_key_revoked(): executable by its owner only

CREATE OR REPLACE FUNCTION app.keep_free_plan()
 RETURNS trigger
 LANGUAGE plpgsql
 SET search_path TO 'pg_catalog', 'pg_temp'
AS $function$
begin
  if old.id = 'free' then
    raise exception 'the free plan cannot be deleted: change its limits instead' using errcode = 'PS409', column = 'id';
  end if;
  return old;
end $function$;
-- app.keep_free_plan(): executable by its owner only

CREATE OR REPLACE FUNCTION app.leave_organisation(org uuid)
 RETURNS void
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO 'pg_catalog', 'pg_temp'
AS $function$
#variable_conflict use_variable
declare
  caller uuid := app.require_user();
begin
  perform public.assert_tenant_membership(org);
  delete from public.organisation_members m where m.org_id = org and m.user_id = caller;
  if not found then
    raise exception 'organisation not found' using errcode = 'PS404', column = 'org_id';
  end if;
end $function$;
grant execute on function app.leave_organisation(org uuid) to authenticated;
grant execute on function app.leave_organisation(org uuid) to service_role;

CREATE OR REPLACE FUNCTION app.legacy_claim_sub()
 RETURNS text
 LANGUAGE sql
 STABLE
AS $function$
  select case when pg_catalog.current_setting('request.jwt.claim.sub', true) operator(pg_catalog.<>) ''
              then pg_catalog.current_setting('request.jwt.claim.sub', true) end
$function$;
grant execute on function app.legacy_claim_sub() to anon;
grant execute on function app.legacy_claim_sub() to authenticated;
grant execute on function app.legacy_claim_sub() to service_role;

CREATE OR REPLACE FUNCTION app.list_platform_admins()
 RETURNS TABLE(user_id uuid, email text, note text, created_at timestamp with time zone)
 LANGUAGE plpgsql
 STABLE SECURITY DEFINER
 SET search_path TO 'pg_catalog', 'pg_temp'
AS $function$
#variable_conflict use_column
begin
  if (select app.is_platform_operator()) is not true then
    raise exception 'only platform operators list the platform admins' using errcode = 'PS403';
  end if;
  return query
    select a.user_id, u.email::text, a.note, a.created_at
    from platform.admins a left join auth.users u on u.id operator(pg_catalog.=) a.user_id
    order by a.created_at, a.user_id;
end $function$;
grant execute on function app.list_platform_admins() to platform_admin;
grant execute on function app.list_platform_admins() to service_role;

CREATE OR REPLACE FUNCTION app.load_caller_org_ids(min_role text)
 RETURNS uuid[]
 LANGUAGE plpgsql
 STABLE SECURITY DEFINER
 SET search_path TO 'pg_catalog', 'pg_temp'
AS $function$
declare
  sub text := app.uid()::text;
  scope uuid := app.acting_org();
  key_id text;
  v_orgs uuid[] := '{}';
  ignored text;
begin
  if min_role is null or min_role not in ('viewer', 'member', 'admin', 'owner') then
    raise exception 'min_role must be viewer, member, admin or owner' using errcode = '22023';
  end if;
  if app.is_uuid_text(sub) then
    -- Soft-deleted organisations are left out by an anti-join on the (small) index of deleted ones,
    -- so a caller in thousands reads its memberships once, not every organisation.
    if scope is null then
      v_orgs := array(
        select m.org_id from public.organisation_members m
        where m.user_id = sub::uuid and m.status = 'active' and app.role_rank(m.role) >= app.role_rank(min_role)
          and not exists (select 1 from public.organisations o where o.id = m.org_id and o.deleted_at is not null));
    else
      v_orgs := array(
        select m.org_id from public.organisation_members m
        where m.org_id = scope and m.user_id = sub::uuid and m.status = 'active'
          and app.role_rank(m.role) >= app.role_rank(min_role)
          and not exists (select 1 from public.organisations o where o.id = m.org_id and o.deleted_at is not null));
    end if;
    -- Then the client organisations a provider delegation lets the caller act in at this threshold
    -- (app.delegated_roles: never owner, never workspace-scoped ones, which only
    -- app.caller_workspace_grants hands out). A delegate's role never exceeds its provider role, so
    -- only a provider already in the set can add one: without an acting organisation the rule runs
    -- only when an organisation the caller is an active member of holds an active delegation as
    -- provider (a superset of the set's, which the rule then narrows), and every other caller pays
    -- one index probe per membership. From the memberships by user, not `= any (v_orgs)`: the plan
    -- PL/pgSQL caches after five calls is generic, and its `= any` over a scan of the delegations
    -- compared every delegation with every element (425 ms a load for a caller in 10,000 with
    -- 10,000 delegations). With an acting organisation the rule runs for that organisation unless
    -- the set already holds it.
    if scope is null then
      if exists (select 1 from public.organisation_members m
                 join public.provider_delegations d on d.provider_org_id = m.org_id and d.status = 'active'
                 where m.user_id = sub::uuid and m.status = 'active') then
        v_orgs := array(
          select unnest(v_orgs)
          union
          select d.org_id from app.delegated_roles(sub::uuid) d
          where not d.workspace_scoped and app.role_rank(d.role) >= app.role_rank(min_role));
      end if;
    elsif cardinality(v_orgs) = 0 then
      v_orgs := array(
        select distinct d.org_id from app.delegated_roles(sub::uuid, scope) d
        where not d.workspace_scoped and app.role_rank(d.role) >= app.role_rank(min_role));
    end if;
  elsif coalesce(current_setting('role', true), '') = 'authenticated' then
    -- An API key acts only under the authenticated role, and never as owner. Delegated, never
    -- more than its delegator: it holds the lower of its own role and its creator's live, active
    -- membership, so a key whose creator was suspended, removed, left or is still only invited
    -- (or was deleted: created_by null) grants nothing, and a demoted creator's key is demoted too:
    -- app.api_key_effective_role (src/apikeys/sql/0015_api_keys.sql), the one statement of the rule.
    -- A key belongs to one organisation, so an acting organisation only decides whether it is that.
    key_id := app.jwt() ->> 'api_key_id';
    if app.is_uuid_text(key_id) then
      v_orgs := array(
        select k.org_id from public.api_keys k
        join public.organisation_members c on c.org_id = k.org_id and c.user_id = k.created_by
        join public.organisations o on o.id = k.org_id and o.deleted_at is null
        where k.id = key_id::uuid and k.org_id = coalesce(scope, k.org_id)
          and k.revoked_at is null and (k.expires_at is null or k.expires_at > now())
          and app.api_key_effective_role(k.role, c.role, c.status) = any (case min_role
                when 'viewer' then array['viewer', 'member', 'admin']
                when 'member' then array['member', 'admin']
                when 'admin' then array['admin'] else '{}'::text[] end));
    end if;
  end if;
  -- Assignments, not PERFORM: a simple expression each, with no executor of its own.
  if min_role = 'viewer' then
    ignored := set_config('palisade.org_ids', v_orgs::text, true);
    ignored := set_config('palisade.org_ids_for', app.caller_org_ids_key(), true);
  else
    ignored := set_config('palisade.org_ids_' || min_role, app.caller_org_ids_key() || chr(30) || v_orgs::text, true);
  end if;
  return v_orgs;
end $function$;
grant execute on function app.load_caller_org_ids(min_role text) to anon;
grant execute on function app.load_caller_org_ids(min_role text) to authenticated;
grant execute on function app.load_caller_org_ids(min_role text) to service_role;

CREATE OR REPLACE FUNCTION app.lock_credit_balance(org uuid)
 RETURNS public.credit_balances
 LANGUAGE plpgsql
 SET search_path TO 'pg_catalog', 'pg_temp'
AS $function$
declare
  v_period date := app.usage_period();
  r public.credit_balances;
  g record;
begin
  select * into r from public.credit_balances b where b.org_id = org for update;
  if not found then
    insert into public.credit_balances (org_id) values (org) on conflict (org_id) do nothing;
    select * into r from public.credit_balances b where b.org_id = org for update;
  end if;
  if r.grant_period is null or r.grant_period < v_period then
    select * into g from app.plan_token_grant(org);
    if r.granted > 0 then
      insert into public.credit_ledger (org_id, kind, granted, period_start, plan_id)
      values (org, 'grant_expiry', -r.granted, r.grant_period, r.grant_plan_id);
    end if;
    insert into public.credit_ledger (org_id, kind, granted, period_start, plan_id)
    values (org, 'grant', g.tokens, v_period, g.plan_id);
    update public.credit_balances b set grant_period = v_period, grant_plan_id = g.plan_id, grant_amount = g.tokens
     where b.org_id = org
    returning * into r;
  end if;
  return r;
end $function$;
-- app.lock_credit_balance(org uuid): executable by its owner only

CREATE OR REPLACE FUNCTION app.managed_projects()
 RETURNS TABLE(org_id uuid, project_id uuid)
 LANGUAGE plpgsql
 STABLE SECURITY DEFINER ROWS 10
 SET search_path TO 'pg_catalog', 'pg_temp'
AS $function$
begin
  return query
    select pm.org_id, pm.project_id from public.project_members pm
    join public.organisation_members m on m.org_id = pm.org_id and m.user_id = pm.user_id
    join public.organisations o on o.id = pm.org_id and o.deleted_at is null
    where pm.user_id = app.uid() and m.status = 'active' and pm.role in ('owner', 'manager');
end $function$;
grant execute on function app.managed_projects() to anon;
grant execute on function app.managed_projects() to authenticated;
grant execute on function app.managed_projects() to service_role;

CREATE OR REPLACE FUNCTION app.member_for_change(org uuid, target uuid, action text)
 RETURNS public.organisation_members
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO 'pg_catalog', 'pg_temp'
AS $function$
#variable_conflict use_variable
declare
  caller_role text;
  target_row public.organisation_members;
begin
  caller_role := app.require_org_role(org, '{owner,admin}', action);
  if target is null then
    raise exception 'user_id is required' using errcode = 'PS422', column = 'user_id';
  end if;
  select * into target_row from public.organisation_members m where m.org_id = org and m.user_id = target for update;
  if not found then
    raise exception 'member not found' using errcode = 'PS404', column = 'user_id';
  end if;
  if target_row.role = 'owner' and coalesce(caller_role, '') not in ('owner', 'operator') then
    raise exception 'only owners can % an owner', action using errcode = 'PS403', column = 'user_id';
  end if;
  return target_row;
end $function$;
-- app.member_for_change(org uuid, target uuid, action text): executable by its owner only

CREATE OR REPLACE FUNCTION app.member_org_ids()
 RETURNS SETOF uuid
 LANGUAGE sql
 STABLE ROWS 10
 SET search_path TO 'pg_catalog', 'pg_temp'
AS $function$
  select app.org_ids_with_role(null)
$function$;
grant execute on function app.member_org_ids() to anon;
grant execute on function app.member_org_ids() to authenticated;
grant execute on function app.member_org_ids() to service_role;

CREATE OR REPLACE FUNCTION app.member_projects()
 RETURNS TABLE(org_id uuid, project_id uuid)
 LANGUAGE plpgsql
 STABLE SECURITY DEFINER ROWS 10
 SET search_path TO 'pg_catalog', 'pg_temp'
AS $function$
begin
  return query
    select pm.org_id, pm.project_id from public.project_members pm
    join public.organisation_members m on m.org_id = pm.org_id and m.user_id = pm.user_id
    join public.organisations o on o.id = pm.org_id and o.deleted_at is null
    where pm.user_id = app.uid() and m.status = 'active';
end $function$;
grant execute on function app.member_projects() to authenticated;
grant execute on function app.member_projects() to platform_admin;
grant execute on function app.member_projects() to service_role;

CREATE OR REPLACE FUNCTION app.my_clients()
 RETURNS TABLE(org_id uuid, name text, provider_org_id uuid, delegation_id uuid, role text, workspace_ids uuid[], expires_at timestamp with time zone)
 LANGUAGE plpgsql
 STABLE SECURITY DEFINER ROWS 10
 SET search_path TO 'pg_catalog', 'pg_temp'
AS $function$
declare
  caller uuid := app.require_user();
begin
  return query
    select d.org_id, o.name, d.provider_org_id, d.delegation_id, d.role,
           array(select w.workspace_id from public.provider_delegation_workspaces w
                  where w.org_id = d.org_id and w.delegation_id = d.delegation_id order by w.workspace_id),
           x.expires_at
      from app.delegated_roles(caller) d
      join public.organisations o on o.id = d.org_id
      join public.provider_delegations x on x.org_id = d.org_id and x.id = d.delegation_id
     order by o.name, d.org_id, d.delegation_id;
end $function$;
grant execute on function app.my_clients() to authenticated;
grant execute on function app.my_clients() to service_role;

CREATE OR REPLACE FUNCTION app.my_deleted_organisations()
 RETURNS TABLE(id uuid, name text, slug text, created_at timestamp with time zone, updated_at timestamp with time zone, deleted_at timestamp with time zone, purge_after timestamp with time zone)
 LANGUAGE plpgsql
 STABLE SECURITY DEFINER ROWS 10
 SET search_path TO 'pg_catalog', 'pg_temp'
AS $function$
begin
  return query
    select o.id, o.name, o.slug, o.created_at, o.updated_at, o.deleted_at, o.purge_after
    from public.organisations o
    join public.organisation_members m on m.org_id = o.id
    where m.user_id = app.uid() and m.status = 'active' and m.role = 'owner' and o.deleted_at is not null
    order by o.deleted_at, o.id;
end $function$;
grant execute on function app.my_deleted_organisations() to authenticated;
grant execute on function app.my_deleted_organisations() to service_role;

CREATE OR REPLACE FUNCTION app.oauth2_connection_moved(o public.oauth2_connections, n public.oauth2_connections)
 RETURNS boolean
 LANGUAGE sql
 IMMUTABLE
 SET search_path TO 'pg_catalog', 'pg_temp'
AS $function$
  select (o.issuer, o.authorization_endpoint, o.token_endpoint, o.revocation_endpoint, o.userinfo_endpoint, o.client_id)
    is distinct from (n.issuer, n.authorization_endpoint, n.token_endpoint, n.revocation_endpoint, n.userinfo_endpoint, n.client_id)
$function$;
grant execute on function app.oauth2_connection_moved(o public.oauth2_connections, n public.oauth2_connections) to authenticated;
grant execute on function app.oauth2_connection_moved(o public.oauth2_connections, n public.oauth2_connections) to platform_admin;
grant execute on function app.oauth2_connection_moved(o public.oauth2_connections, n public.oauth2_connections) to service_role;

CREATE OR REPLACE FUNCTION app.oauth2_connections_bind_credentials()
 RETURNS trigger
 LANGUAGE plpgsql
 SET search_path TO 'pg_catalog', 'pg_temp'
AS $function$
begin
  if app.oauth2_connection_moved(old, new) then
    if new.credential_secret_id is not distinct from old.credential_secret_id and old.credential_secret_id is not null then
      new.credential_secret_id := null;
      new.client_secret_updated_at := now();
    end if;
    new.reconsent_required := false;
    new.last_error := null;
    new.last_error_at := null;
  end if;
  new.updated_at := now();
  new.updated_by := app.uid();
  return new;
end $function$;
-- app.oauth2_connections_bind_credentials(): executable by its owner only

CREATE OR REPLACE FUNCTION app.oauth2_connections_forget_grants()
 RETURNS trigger
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO 'pg_catalog', 'pg_temp'
AS $function$
begin
  if app.oauth2_connection_moved(old, new) then
    delete from public.oauth2_tokens where org_id = new.org_id and connection_id = new.id;
    delete from public.oauth2_authorizations where org_id = new.org_id and connection_id = new.id;
  end if;
  return null;
end $function$;
-- app.oauth2_connections_forget_grants(): executable by its owner only

CREATE OR REPLACE FUNCTION app.org_delete_grace()
 RETURNS interval
 LANGUAGE plpgsql
 STABLE
 SET search_path TO 'pg_catalog', 'pg_temp'
AS $function$
declare
  v text;
  g interval;
begin
  select substr(c, length('palisade.org_delete_grace=') + 1) into v
    from pg_catalog.pg_db_role_setting s, unnest(s.setconfig) as c
   where s.setdatabase = (select d.oid from pg_catalog.pg_database d where d.datname = pg_catalog.current_database())
     and s.setrole = 0
     and pg_catalog.starts_with(c, 'palisade.org_delete_grace=');
  if v is null or v = '' then
    return interval '30 days';
  end if;
  begin
    g := v::interval;
  exception when others then
    g := null;
  end;
  if g is null or g < interval '1 hour' or g > interval '3650 days' then
    raise exception 'palisade.org_delete_grace must be an interval between 1 hour and 3650 days'
      using errcode = '22023';
  end if;
  return g;
end $function$;
-- app.org_delete_grace(): executable by its owner only

CREATE OR REPLACE FUNCTION app.org_ids_with_role(roles text[] DEFAULT NULL::text[])
 RETURNS SETOF uuid
 LANGUAGE plpgsql
 STABLE SECURITY DEFINER ROWS 10
 SET search_path TO 'pg_catalog', 'pg_temp'
AS $function$
declare
  v_viewer uuid[] := app.caller_org_ids('viewer');
  v_member uuid[];
  v_admin uuid[];
  v_owner uuid[];
begin
  if roles is null then
    return query select unnest(v_viewer);
    return;
  end if;
  v_member := app.caller_org_ids('member');
  v_admin := app.caller_org_ids('admin');
  v_owner := app.caller_org_ids('owner');
  return query
    select o from unnest(v_viewer) as o
    where ('owner' = any (roles) and o = any (v_owner))
       or ('admin' = any (roles) and o = any (v_admin) and not o = any (v_owner))
       or ('member' = any (roles) and o = any (v_member) and not o = any (v_admin))
       or ('viewer' = any (roles) and not o = any (v_member));
end $function$;
grant execute on function app.org_ids_with_role(roles text[]) to anon;
grant execute on function app.org_ids_with_role(roles text[]) to authenticated;
grant execute on function app.org_ids_with_role(roles text[]) to service_role;

CREATE OR REPLACE FUNCTION app.org_role_rank(role text)
 RETURNS integer
 LANGUAGE sql
 IMMUTABLE
 SET search_path TO 'pg_catalog', 'pg_temp'
AS $function$
  select case role when 'operator' then 5 when 'owner' then 4 when 'admin' then 3
                   when 'member' then 2 when 'viewer' then 1 else 0 end
$function$;
-- app.org_role_rank(role text): executable by its owner only

CREATE OR REPLACE FUNCTION app.org_usage_limit(org uuid, metric text)
 RETURNS bigint
 LANGUAGE plpgsql
 STABLE SECURITY DEFINER
 SET search_path TO 'pg_catalog', 'pg_temp'
AS $function$
declare
  v_limit bigint;
begin
  select (p.limits ->> metric)::bigint into v_limit
  from public.subscriptions s join platform.plans p on p.id = s.plan_id
  where s.org_id = org and s.status in ('active', 'trialing', 'past_due');
  if v_limit is null then
    select (p.limits ->> metric)::bigint into v_limit from platform.plans p where p.id = 'free';
  end if;
  return coalesce(v_limit, 0);
end $function$;
-- app.org_usage_limit(org uuid, metric text): executable by its owner only

CREATE OR REPLACE FUNCTION app.organisation_integrations_bind_credentials()
 RETURNS trigger
 LANGUAGE plpgsql
 SET search_path TO 'pg_catalog', 'pg_temp'
AS $function$
begin
  if old.credential_secret_id is null or new.credential_secret_id is distinct from old.credential_secret_id
     or new.config is not distinct from old.config then
    return new;
  end if;
  if jsonb_typeof(old.config) = 'object' and jsonb_typeof(new.config) = 'object' and not exists (
    select 1
    from (select jsonb_object_keys(old.config) union select jsonb_object_keys(new.config)) as k(key)
    where old.config -> k.key is distinct from new.config -> k.key
      and (coalesce(old.config ->> k.key, '') ~* '^\s*https?:' or coalesce(new.config ->> k.key, '') ~* '^\s*https?:')
  ) then
    return new;
  end if;
  if new.status = 'active' then
    raise exception 'pause the integration before changing where it connects: its credentials are bound to the current address'
      using errcode = 'PS409', column = 'config', table = tg_table_name;
  end if;
  new.credential_secret_id := null;
  new.credentials_updated_at := now();
  return new;
end $function$;
-- app.organisation_integrations_bind_credentials(): executable by its owner only

CREATE OR REPLACE FUNCTION app.organisation_integrations_check_documents()
 RETURNS trigger
 LANGUAGE plpgsql
 SET search_path TO 'pg_catalog', 'pg_temp'
AS $function$
declare
  col text;
  problem jsonb;
begin
  foreach col in array array['config', 'field_mappings', 'sync_schedule'] loop
    problem := case col
      when 'config' then app.integration_config_problem(new.config)
      when 'field_mappings' then app.field_mappings_problem(new.field_mappings)
      else app.sync_schedule_problem(new.sync_schedule) end;
    if problem is not null then
      raise exception 'invalid % at %: %', col, problem ->> 'path', problem ->> 'message'
        using errcode = 'PS422', column = col, detail = problem ->> 'path', table = tg_table_name;
    end if;
  end loop;
  return new;
end $function$;
-- app.organisation_integrations_check_documents(): executable by its owner only

CREATE OR REPLACE FUNCTION app.organisation_integrations_stamp()
 RETURNS trigger
 LANGUAGE plpgsql
 SET search_path TO 'pg_catalog', 'pg_temp'
AS $function$
begin
  new.updated_at := now();
  new.updated_by := app.uid();
  return new;
end $function$;
-- app.organisation_integrations_stamp(): executable by its owner only

CREATE OR REPLACE FUNCTION app.plan_token_grant(org uuid, OUT plan_id text, OUT tokens bigint)
 RETURNS record
 LANGUAGE plpgsql
 STABLE
 SET search_path TO 'pg_catalog', 'pg_temp'
AS $function$
begin
  select s.plan_id into plan_id from public.subscriptions s
  where s.org_id = org and s.status in ('active', 'trialing', 'past_due');
  plan_id := coalesce(plan_id, 'free');
  tokens := coalesce((select g.monthly_tokens from platform.plan_token_grants g where g.plan_id = plan_token_grant.plan_id), 0);
end $function$;
-- app.plan_token_grant(org uuid, OUT plan_id text, OUT tokens bigint): executable by its owner only

CREATE OR REPLACE FUNCTION app.platform_org_id()
 RETURNS uuid
 LANGUAGE sql
 IMMUTABLE
AS $function$
  select '00000000-0000-0000-0000-000000000001'::pg_catalog.uuid
$function$;
grant execute on function app.platform_org_id() to anon;
grant execute on function app.platform_org_id() to authenticated;
grant execute on function app.platform_org_id() to service_role;

CREATE OR REPLACE FUNCTION app.profile_for_new_user()
 RETURNS trigger
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO 'pg_catalog', 'pg_temp'
AS $function$
declare
  name text := pg_catalog.left(pg_catalog.btrim(pg_catalog.regexp_replace(coalesce(
    new.raw_user_meta_data ->> 'full_name', new.raw_user_meta_data ->> 'name',
    pg_catalog.split_part(new.email, '@', 1), ''), '[[:cntrl:]]', '', 'g')), 200);
begin
  insert into public.profiles (user_id, display_name) values (new.id, nullif(name, ''))
  on conflict (user_id) do nothing;
  return null;
end $function$;
-- app.profile_for_new_user(): executable by its owner only

CREATE OR REPLACE FUNCTION app.provider_clients(provider uuid)
 RETURNS TABLE(delegation_id uuid, org_id uuid, name text, role_ceiling text, status text, expires_at timestamp with time zone, workspace_ids uuid[], assignments jsonb, created_at timestamp with time zone)
 LANGUAGE plpgsql
 STABLE SECURITY DEFINER ROWS 10
 SET search_path TO 'pg_catalog', 'pg_temp'
AS $function$
#variable_conflict use_variable
begin
  perform app.require_org_role(provider, '{owner,admin}', 'list the provider''s clients');
  return query
    select d.id, d.org_id, o.name, d.role_ceiling,
           case when d.status <> 'revoked' and d.expires_at <= now() then 'expired' else d.status end,
           d.expires_at,
           array(select w.workspace_id from public.provider_delegation_workspaces w
                  where w.org_id = d.org_id and w.delegation_id = d.id order by w.workspace_id),
           coalesce((select jsonb_agg(jsonb_build_object('id', a.id, 'user_id', a.user_id,
                       'provider_role', a.provider_role, 'role', a.role) order by a.created_at, a.id)
                     from public.provider_assignments a where a.org_id = d.org_id and a.delegation_id = d.id), '[]'),
           d.created_at
      from public.provider_delegations d
      join public.organisations o on o.id = d.org_id and o.deleted_at is null
     where d.provider_org_id = provider
     order by o.name, d.created_at, d.id;
end $function$;
grant execute on function app.provider_clients(provider uuid) to authenticated;
grant execute on function app.provider_clients(provider uuid) to service_role;

CREATE OR REPLACE FUNCTION app.provider_delegation(provider uuid, id uuid, action text, for_update boolean)
 RETURNS public.provider_delegations
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO 'pg_catalog', 'pg_temp'
AS $function$
#variable_conflict use_variable
declare
  d public.provider_delegations;
begin
  perform app.require_org_role(provider, '{owner,admin}', action);
  if for_update then
    select * into d from public.provider_delegations x where x.provider_org_id = provider and x.id = id for update;
  else
    select * into d from public.provider_delegations x where x.provider_org_id = provider and x.id = id for share;
  end if;
  if not found or d.status = 'revoked' then
    raise exception 'delegation not found' using errcode = 'PS404', column = 'delegation_id';
  end if;
  return d;
end $function$;
-- app.provider_delegation(provider uuid, id uuid, action text, for_update boolean): executable by its owner only

CREATE OR REPLACE FUNCTION app.purge_organisation(org uuid)
 RETURNS boolean
 LANGUAGE plpgsql
 SET search_path TO 'pg_catalog', 'pg_temp'
AS $function$
#variable_conflict use_variable
declare
  o public.organisations;
begin
  select * into o from public.organisations x where x.id = org for update;
  if not found or o.deleted_at is null or o.purge_after > now() or org = app.platform_org_id() then
    return false;
  end if;
  perform app.audit_append('audit_log', org, 'org.purged', 'public.organisations', org::text, null, null,
    jsonb_build_object('name', o.name, 'slug', o.slug, 'deleted_at', o.deleted_at, 'deleted_by', o.deleted_by,
      'purge_after', o.purge_after));
  perform app.audit_append('admin_actions', app.platform_org_id(), 'org.purged', 'public.organisations', org::text,
    null, null, jsonb_build_object('org_id', org, 'name', o.name, 'deleted_at', o.deleted_at));
  delete from public.organisations x where x.id = org;
  return true;
end $function$;
-- app.purge_organisation(org uuid): executable by its owner only

CREATE OR REPLACE FUNCTION app.reactivate_member(org uuid, user_id uuid)
 RETURNS void
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO 'pg_catalog', 'pg_temp'
AS $function$
#variable_conflict use_variable
declare
  target_row public.organisation_members := app.member_for_change(org, user_id, 'reactivate');
begin
  if target_row.status <> 'suspended' then
    raise exception 'only a suspended member can be reactivated (this one is %)', target_row.status
      using errcode = 'PS409', column = 'user_id';
  end if;
  update public.organisation_members m set status = 'active' where m.org_id = org and m.id = target_row.id;
end $function$;
grant execute on function app.reactivate_member(org uuid, user_id uuid) to authenticated;
grant execute on function app.reactivate_member(org uuid, user_id uuid) to service_role;

CREATE OR REPLACE FUNCTION app.recheck_workflow_steps()
 RETURNS trigger
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO 'pg_catalog', 'pg_temp'
AS $function$
declare
  schema jsonb;
  version text;
  s record;
  problem text;
begin
  select v.input_schema, v.version into schema, version from platform.step_type_versions v where v.id = new.step_type_version_id;
  for s in
    select st.position, st.config, d.name from public.workflow_def_steps st
    join public.workflow_defs d on d.org_id = st.org_id and d.id = st.workflow_def_id
    where st.org_id = new.org_id and st.install_id = new.id
    order by d.name, st.position
  loop
    problem := app.json_instance_problem(schema, s.config);
    if problem is not null then
      raise exception 'version % would break workflow "%" step % (config%): change that workflow first', version, s.name, s.position, problem
        using errcode = 'PS422', column = 'step_type_version_id';
    end if;
  end loop;
  return new;
end $function$;
-- app.recheck_workflow_steps(): executable by its owner only

CREATE OR REPLACE FUNCTION app.record_admin_action(p_org_id uuid, p_action text, p_target_table text, p_target_id text, p_details jsonb, p_request_id text)
 RETURNS bigint
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO 'pg_catalog', 'pg_temp'
AS $function$
begin
  -- Execution is granted to the two operator roles; the schema owner (seed, CLI) may also call it.
  if app.current_api_role() not in ('service_role', 'platform_admin', '') then
    raise exception 'only platform operators record admin actions' using errcode = 'PS403';
  end if;
  if p_org_id is not null and not exists (select 1 from public.organisations o where o.id = p_org_id) then
    raise exception 'organisation not found' using errcode = 'PS404', column = 'org_id';
  end if;
  if p_details is not null and octet_length(p_details::text) > 65536 then
    raise exception 'details must be at most 64 KiB of JSON' using errcode = 'PS422', column = 'details';
  end if;
  return app.audit_append('admin_actions', p_org_id, p_action, p_target_table, p_target_id, null, null, p_details, p_request_id);
end $function$;
grant execute on function app.record_admin_action(p_org_id uuid, p_action text, p_target_table text, p_target_id text, p_details jsonb, p_request_id text) to platform_admin;
grant execute on function app.record_admin_action(p_org_id uuid, p_action text, p_target_table text, p_target_id text, p_details jsonb, p_request_id text) to service_role;

CREATE OR REPLACE FUNCTION app.record_api_requests(counts jsonb)
 RETURNS TABLE(org_id uuid, used bigint, usage_limit bigint)
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO 'pg_catalog', 'pg_temp'
AS $function$
#variable_conflict use_column
declare
  v_period date := app.usage_period();
begin
  if not app.is_platform_service() then
    raise exception 'only the service records API requests' using errcode = '42501';
  end if;
  if jsonb_typeof(counts) <> 'object' then
    raise exception 'counts must be an object of organisation ids to numbers' using errcode = 'PS422', column = 'counts';
  end if;
  insert into public.usage_counters as c (org_id, metric, period_start, used)
  select o.id, 'api_requests', v_period, (e.value #>> '{}')::bigint
  from jsonb_each(counts) e
  join public.organisations o on app.is_uuid_text(e.key) and o.id = e.key::uuid
  where jsonb_typeof(e.value) = 'number' and (e.value #>> '{}')::bigint > 0
  order by o.id
  on conflict on constraint usage_counters_metric_period_key do update set used = c.used + excluded.used, updated_at = now();
  insert into public.usage_events (org_id, metric, period_start, delta, source)
  select o.id, 'api_requests', v_period, (e.value #>> '{}')::bigint, 'api'
  from jsonb_each(counts) e
  join public.organisations o on app.is_uuid_text(e.key) and o.id = e.key::uuid
  where jsonb_typeof(e.value) = 'number' and (e.value #>> '{}')::bigint > 0;
  -- Every organisation named, counted or not (a count of 0 asks for the current figures only).
  return query
    select o.id, coalesce(c.used, 0)::bigint, app.org_usage_limit(o.id, 'api_requests')
    from jsonb_object_keys(counts) e(key)
    join public.organisations o on app.is_uuid_text(e.key) and o.id = e.key::uuid
    left join public.usage_counters c
      on c.org_id = o.id and c.metric = 'api_requests' and c.period_start = v_period;
end $function$;
grant execute on function app.record_api_requests(counts jsonb) to service_role;

CREATE OR REPLACE FUNCTION app.record_audit_event(p_org_id uuid, p_action text, p_target_table text, p_target_id text, p_details jsonb, p_request_id text)
 RETURNS bigint
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO 'pg_catalog', 'pg_temp'
AS $function$
begin
  if app.current_api_role() not in ('service_role', '') then
    raise exception 'only the service records audit events' using errcode = 'PS403';
  end if;
  if p_org_id is not null and not exists (select 1 from public.organisations o where o.id = p_org_id) then
    raise exception 'organisation not found' using errcode = 'PS404', column = 'org_id';
  end if;
  if p_details is not null and octet_length(p_details::text) > 65536 then
    raise exception 'details must be at most 64 KiB of JSON' using errcode = 'PS422', column = 'details';
  end if;
  return app.audit_append('audit_log', p_org_id, p_action, p_target_table, p_target_id, null, null, p_details, p_request_id);
end $function$;
grant execute on function app.record_audit_event(p_org_id uuid, p_action text, p_target_table text, p_target_id text, p_details jsonb, p_request_id text) to service_role;

CREATE OR REPLACE FUNCTION app.refuse_audit_change()
 RETURNS trigger
 LANGUAGE plpgsql
 SET search_path TO 'pg_catalog', 'pg_temp'
AS $function$
begin
  if coalesce(current_setting('palisade.audit_rewrite', true), '') <> '' and app.current_api_role() = '' then
    return case when tg_level = 'STATEMENT' then null when tg_op = 'DELETE' then old else new end;
  end if;
  raise exception '%.% is append-only: % is refused', tg_table_schema, tg_table_name, lower(tg_op)
    using errcode = 'PS403', table = tg_table_name,
          hint = 'Entries are written by app.audit_append only; a migration that must rewrite history sets palisade.audit_rewrite locally first.';
end $function$;
-- app.refuse_audit_change(): executable by its owner only

CREATE OR REPLACE FUNCTION app.refuse_credit_change()
 RETURNS trigger
 LANGUAGE plpgsql
 SET search_path TO 'pg_catalog', 'pg_temp'
AS $function$
begin
  if tg_op = 'DELETE' then
    if not exists (select 1 from public.organisations o where o.id = old.org_id) then
      return old;
    end if;
  elsif tg_table_name = 'token_usage' then
    if (to_jsonb(new) - '{project_id,created_by}'::text[]) = (to_jsonb(old) - '{project_id,created_by}'::text[])
       and (new.project_id is not distinct from old.project_id
            or (new.project_id is null
                and not exists (select 1 from public.projects p where p.org_id = old.org_id and p.id = old.project_id)))
       and (new.created_by is not distinct from old.created_by
            or (new.created_by is null and not exists (select 1 from auth.users u where u.id = old.created_by))) then
      return new;
    end if;
  end if;
  raise exception '%.% is append-only: % is refused', tg_table_schema, tg_table_name, lower(tg_op)
    using errcode = 'PS403', table = tg_table_name;
end $function$;
-- app.refuse_credit_change(): executable by its owner only

CREATE OR REPLACE FUNCTION app.refuse_deleted_org()
 RETURNS trigger
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO 'pg_catalog', 'pg_temp'
AS $function$
begin
  perform 1 from public.organisations o where o.id = new.org_id and o.deleted_at is null for share;
  if not found then
    raise exception 'organisation not found' using errcode = 'PS404', column = 'org_id';
  end if;
  return new;
end $function$;
-- app.refuse_deleted_org(): executable by its owner only

CREATE OR REPLACE FUNCTION app.remove_member(org uuid, user_id uuid)
 RETURNS void
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO 'pg_catalog', 'pg_temp'
AS $function$
#variable_conflict use_variable
declare
  target_row public.organisation_members := app.member_for_change(org, user_id, 'remove');
begin
  delete from public.organisation_members m where m.org_id = org and m.id = target_row.id;
  -- Removal cancels every pending invitation to the person: none can admit them again.
  update public.invitations i set revoked_at = now()
  from auth.users u
  where u.id = target_row.user_id and i.org_id = org and lower(i.email) = lower(u.email)
    and i.accepted_at is null and i.revoked_at is null;
end $function$;
grant execute on function app.remove_member(org uuid, user_id uuid) to authenticated;
grant execute on function app.remove_member(org uuid, user_id uuid) to service_role;

CREATE OR REPLACE FUNCTION app.require_acting_role(org uuid, roles text[], action text, workspace uuid DEFAULT NULL::uuid)
 RETURNS text
 LANGUAGE plpgsql
 SET search_path TO 'pg_catalog', 'pg_temp'
AS $function$
#variable_conflict use_variable
declare
  r text;
begin
  if org is null or app.is_platform_operator() then
    return app.require_org_role(org, roles, action);
  end if;
  r := app.caller_acting_role(org, workspace);
  if r is null then
    raise exception 'organisation not found' using errcode = 'PS404', column = 'org_id';
  end if;
  if r is distinct from 'operator' and not coalesce(r = any (roles), false) then
    raise exception 'only % can %', array_to_string(roles, ', '), action using errcode = 'PS403';
  end if;
  return r;
end $function$;
grant execute on function app.require_acting_role(org uuid, roles text[], action text, workspace uuid) to authenticated;
grant execute on function app.require_acting_role(org uuid, roles text[], action text, workspace uuid) to service_role;

CREATE OR REPLACE FUNCTION app.require_choice(val text, field text, choices text[])
 RETURNS text
 LANGUAGE plpgsql
 IMMUTABLE
 SET search_path TO 'pg_catalog', 'pg_temp'
AS $function$
#variable_conflict use_variable
begin
  if val is null or not (val = any (choices)) then
    raise exception '% must be one of: %', field, array_to_string(choices, ', ')
      using errcode = 'PS422', column = field;
  end if;
  return val;
end $function$;
-- app.require_choice(val text, field text, choices text[]): executable by its owner only

CREATE OR REPLACE FUNCTION app.require_future(t timestamp with time zone, field text)
 RETURNS timestamp with time zone
 LANGUAGE plpgsql
 STABLE
 SET search_path TO 'pg_catalog', 'pg_temp'
AS $function$
begin
  if t is not null and t <= now() then
    raise exception '% must be in the future', field using errcode = 'PS422', column = field;
  end if;
  return t;
end $function$;
-- app.require_future(t timestamp with time zone, field text): executable by its owner only

CREATE OR REPLACE FUNCTION app.require_id(val uuid, field text)
 RETURNS uuid
 LANGUAGE plpgsql
 IMMUTABLE
 SET search_path TO 'pg_catalog', 'pg_temp'
AS $function$
#variable_conflict use_variable
begin
  if val is null then
    raise exception '% is required', field using errcode = 'PS422', column = field;
  end if;
  return val;
end $function$;
-- app.require_id(val uuid, field text): executable by its owner only

CREATE OR REPLACE FUNCTION app.require_org_role(org uuid, roles text[], action text)
 RETURNS text
 LANGUAGE plpgsql
 SET search_path TO 'pg_catalog', 'pg_temp'
AS $function$
#variable_conflict use_variable
declare
  r text;
begin
  perform public.assert_tenant_membership(org);
  r := app.caller_org_role(org);
  if r is null then
    raise exception 'organisation not found' using errcode = 'PS404', column = 'org_id';
  end if;
  if r is distinct from 'operator' and not coalesce(r = any (roles), false) then
    raise exception 'only % can %', array_to_string(roles, ', '), action
      using errcode = 'PS403';
  end if;
  return r;
end $function$;
-- app.require_org_role(org uuid, roles text[], action text): executable by its owner only

CREATE OR REPLACE FUNCTION app.require_platform_operator()
 RETURNS void
 LANGUAGE plpgsql
 STABLE
 SET search_path TO 'pg_catalog', 'pg_temp'
AS $function$
begin
  if not app.is_platform_operator() then
    raise exception 'only platform admins and the service may do this' using errcode = 'PS403';
  end if;
end $function$;
grant execute on function app.require_platform_operator() to platform_admin;
grant execute on function app.require_platform_operator() to service_role;

CREATE OR REPLACE FUNCTION app.require_text(val text, field text, max_len integer DEFAULT 200)
 RETURNS text
 LANGUAGE plpgsql
 IMMUTABLE
 SET search_path TO 'pg_catalog', 'pg_temp'
AS $function$
#variable_conflict use_variable
begin
  if val is null or length(btrim(val)) = 0 then
    raise exception '% is required', field using errcode = 'PS422', column = field;
  end if;
  if length(val) > max_len then
    raise exception '% must be at most % characters', field, max_len using errcode = 'PS422', column = field;
  end if;
  return btrim(val);
end $function$;
-- app.require_text(val text, field text, max_len integer): executable by its owner only

CREATE OR REPLACE FUNCTION app.require_user()
 RETURNS uuid
 LANGUAGE plpgsql
 STABLE
 SET search_path TO 'pg_catalog', 'pg_temp'
AS $function$
declare
  caller uuid := app.uid();
begin
  if caller is null then
    raise exception 'this operation needs a signed-in user' using errcode = 'PS401';
  end if;
  return caller;
end $function$;
grant execute on function app.require_user() to anon;
grant execute on function app.require_user() to authenticated;
grant execute on function app.require_user() to service_role;

CREATE OR REPLACE FUNCTION app.restore_organisation(org uuid)
 RETURNS TABLE(id uuid, name text, slug text, created_at timestamp with time zone, updated_at timestamp with time zone, deleted_at timestamp with time zone, purge_after timestamp with time zone)
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO 'pg_catalog', 'pg_temp'
AS $function$
#variable_conflict use_variable
declare
  caller uuid := app.require_user();
  r text;
  o public.organisations;
begin
  if org is null then
    raise exception 'org_id is required' using errcode = 'PS422', column = 'org_id';
  end if;
  select m.role into r from public.organisation_members m
   where m.org_id = org and m.user_id = caller and m.status = 'active'
  for share;
  if r is distinct from 'owner' then
    raise exception 'organisation not found' using errcode = 'PS404', column = 'org_id';
  end if;
  select * into o from public.organisations x where x.id = org for update;
  if not found then
    raise exception 'organisation not found' using errcode = 'PS404', column = 'org_id';
  end if;
  if o.deleted_at is null then
    raise exception 'this organisation is not deleted' using errcode = 'PS409', column = 'org_id';
  end if;
  if o.purge_after <= now() then
    raise exception 'the grace period has ended: the organisation is waiting to be purged'
      using errcode = 'PS410', column = 'org_id';
  end if;
  perform app.audit_append('audit_log', org, 'org.restored', 'public.organisations', org::text, null, null,
    jsonb_build_object('deleted_at', o.deleted_at, 'deleted_by', o.deleted_by));
  perform app.audit_append('admin_actions', app.platform_org_id(), 'org.restored', 'public.organisations', org::text,
    null, null, jsonb_build_object('org_id', org, 'name', o.name, 'deleted_at', o.deleted_at));
  update public.organisations x set deleted_at = null, deleted_by = null, purge_after = null
   where x.id = org
  returning * into o;
  return query select o.id, o.name, o.slug, o.created_at, o.updated_at, o.deleted_at, o.purge_after;
end $function$;
grant execute on function app.restore_organisation(org uuid) to authenticated;
grant execute on function app.restore_organisation(org uuid) to service_role;

CREATE OR REPLACE FUNCTION app.retry_workflow_step(org uuid, step_run uuid)
 RETURNS uuid
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO 'pg_catalog', 'pg_temp'
AS $function$
#variable_conflict use_variable
declare
  s public.workflow_step_runs;
  r public.workflow_runs;
begin
  perform app.require_id(step_run, 'step_run_id');
  select * into s from public.workflow_step_runs x where x.org_id = org and x.id = step_run;
  if not found or (not app.is_platform_operator() and not org = any (app.caller_org_ids('viewer'))) then
    raise exception 'workflow step run not found' using errcode = 'PS404', column = 'step_run_id';
  end if;
  r := app.workflow_run_for_change(org, s.run_id);
  select * into s from public.workflow_step_runs x where x.org_id = org and x.id = step_run for update;
  if s.status not in ('failed', 'timed_out') or r.status <> 'failed' then
    raise exception 'only a failed step of a failed run can be re-run (the step is %, the run %)', s.status, r.status
      using errcode = 'PS409', column = 'step_run_id';
  end if;
  update public.workflow_step_runs x
  set status = 'pending', error = null, output = null, callback_token_hash = null, callback_expires_at = null,
      callback_delivery_id = null
  where x.org_id = org and x.id = step_run;
  update public.workflow_runs x set status = 'running', error = null where x.org_id = org and x.id = r.id;
  return r.id;
end $function$;
grant execute on function app.retry_workflow_step(org uuid, step_run uuid) to authenticated;
grant execute on function app.retry_workflow_step(org uuid, step_run uuid) to platform_admin;
grant execute on function app.retry_workflow_step(org uuid, step_run uuid) to service_role;

CREATE OR REPLACE FUNCTION app.revoke_invitation(org uuid, invitation_id uuid)
 RETURNS void
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO 'pg_catalog', 'pg_temp'
AS $function$
#variable_conflict use_variable
declare
  inv public.invitations;
begin
  perform app.require_org_role(org, '{owner,admin}', 'revoke invitations');
  select * into inv from public.invitations i where i.org_id = org and i.id = invitation_id for update;
  if not found then
    raise exception 'invitation not found' using errcode = 'PS404', column = 'invitation_id';
  end if;
  if inv.accepted_at is not null then
    raise exception 'this invitation was already accepted' using errcode = 'PS409', column = 'invitation_id';
  end if;
  update public.invitations i set revoked_at = coalesce(i.revoked_at, now()) where i.org_id = org and i.id = invitation_id;
  delete from public.organisation_members m
  using auth.users u
  where m.org_id = org and m.user_id = u.id and lower(u.email) = lower(inv.email) and m.status = 'invited';
end $function$;
grant execute on function app.revoke_invitation(org uuid, invitation_id uuid) to authenticated;
grant execute on function app.revoke_invitation(org uuid, invitation_id uuid) to service_role;

CREATE OR REPLACE FUNCTION app.revoke_provider_access(org uuid, delegation_id uuid)
 RETURNS void
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO 'pg_catalog', 'pg_temp'
AS $function$
#variable_conflict use_variable
declare
  caller uuid := app.require_user();
  d public.provider_delegations;
begin
  perform app.require_org_role(org, '{owner}', 'revoke provider access');
  d := app.delegation_for_change(org, delegation_id);
  update public.provider_delegations x set status = 'revoked', revoked_at = now(), revoked_by = caller
   where x.org_id = org and x.id = d.id
  returning * into d;
  perform app.audit_provider_side(d, 'provider_delegation.revoked');
end $function$;
grant execute on function app.revoke_provider_access(org uuid, delegation_id uuid) to authenticated;
grant execute on function app.revoke_provider_access(org uuid, delegation_id uuid) to service_role;

CREATE OR REPLACE FUNCTION app.role_rank(role text)
 RETURNS integer
 LANGUAGE sql
 IMMUTABLE
AS $function$
  select case when role operator(pg_catalog.=) 'owner' then 4 when role operator(pg_catalog.=) 'admin' then 3
              when role operator(pg_catalog.=) 'member' then 2 when role operator(pg_catalog.=) 'viewer' then 1
              else 0 end
$function$;
grant execute on function app.role_rank(role text) to anon;
grant execute on function app.role_rank(role text) to authenticated;
grant execute on function app.role_rank(role text) to service_role;

CREATE OR REPLACE FUNCTION app.semver_bump_minor(v text)
 RETURNS text
 LANGUAGE sql
 IMMUTABLE STRICT
 SET search_path TO 'pg_catalog', 'pg_temp'
AS $function$
  select (m[1]::numeric)::text || '.' || (m[2]::numeric + 1)::text || '.0'
  from regexp_match(v, '^(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)\.') m
$function$;
grant execute on function app.semver_bump_minor(v text) to platform_admin;
grant execute on function app.semver_bump_minor(v text) to service_role;

CREATE OR REPLACE FUNCTION app.semver_compare(a text, b text)
 RETURNS integer
 LANGUAGE plpgsql
 IMMUTABLE STRICT
 SET search_path TO 'pg_catalog', 'pg_temp'
AS $function$
declare
  pa text[] := regexp_match(a, '^(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)(?:-([0-9A-Za-z.-]+))?$');
  pb text[] := regexp_match(b, '^(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)(?:-([0-9A-Za-z.-]+))?$');
  ia text[];
  ib text[];
  i int;
  x text;
  y text;
begin
  if pa is null or pb is null then
    raise exception 'not a semantic version: %', case when pa is null then a else b end
      using errcode = 'PS422', column = 'version';
  end if;
  for i in 1..3 loop
    if pa[i]::numeric <> pb[i]::numeric then
      return sign(pa[i]::numeric - pb[i]::numeric)::int;
    end if;
  end loop;
  if pa[4] is null and pb[4] is null then return 0; end if;
  if pa[4] is null then return 1; end if;
  if pb[4] is null then return -1; end if;
  ia := string_to_array(pa[4], '.');
  ib := string_to_array(pb[4], '.');
  for i in 1..least(cardinality(ia), cardinality(ib)) loop
    x := ia[i];
    y := ib[i];
    continue when x = y;
    if x ~ '^[0-9]+$' and y ~ '^[0-9]+$' then return sign(x::numeric - y::numeric)::int; end if;
    if x ~ '^[0-9]+$' then return -1; end if;
    if y ~ '^[0-9]+$' then return 1; end if;
    return case when x collate "C" < y collate "C" then -1 else 1 end;
  end loop;
  return sign(cardinality(ia) - cardinality(ib))::int;
end $function$;
grant execute on function app.semver_compare(a text, b text) to authenticated;
grant execute on function app.semver_compare(a text, b text) to service_role;

CREATE OR REPLACE FUNCTION app.set_delegation_workspaces(org uuid, delegation uuid, workspace_ids uuid[])
 RETURNS void
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO 'pg_catalog', 'pg_temp'
AS $function$
#variable_conflict use_variable
begin
  if cardinality(workspace_ids) > 100 then
    raise exception 'workspace_ids holds at most 100 workspaces' using errcode = 'PS422', column = 'workspace_ids';
  end if;
  if exists (select 1 from unnest(workspace_ids) w(id) where w.id is null
             or not exists (select 1 from public.workspaces x where x.org_id = org and x.id = w.id)) then
    raise exception 'workspace not found' using errcode = 'PS404', column = 'workspace_ids';
  end if;
  delete from public.provider_delegation_workspaces w
   where w.org_id = org and w.delegation_id = delegation and not (w.workspace_id = any (coalesce(workspace_ids, '{}')));
  insert into public.provider_delegation_workspaces (org_id, delegation_id, workspace_id)
  select org, delegation, w from unnest(coalesce(workspace_ids, '{}')) w
  on conflict (org_id, delegation_id, workspace_id) do nothing;
end $function$;
-- app.set_delegation_workspaces(org uuid, delegation uuid, workspace_ids uuid[]): executable by its owner only

CREATE OR REPLACE FUNCTION app.step_run_for_callback(org uuid, step_run uuid, token_hash bytea)
 RETURNS TABLE(org_id uuid, id uuid, run_id uuid, install_id uuid, step_type_version_id uuid, status text, attempt integer, callback_delivery_id text, callback_expires_at timestamp with time zone, signing_key_id uuid, previous_signing_key_id uuid, output_schema jsonb)
 LANGUAGE plpgsql
 STABLE SECURITY DEFINER
 SET search_path TO 'pg_catalog', 'pg_temp'
AS $function$
#variable_conflict use_column
begin
  return query
    select s.org_id, s.id, s.run_id, s.install_id, s.step_type_version_id, s.status, s.attempt, s.callback_delivery_id,
           s.callback_expires_at, i.signing_key_id, i.previous_signing_key_id, v.output_schema
    from public.workflow_step_runs s
    join platform.step_type_versions v on v.id = s.step_type_version_id
    left join public.step_type_installs i on i.org_id = s.org_id and i.id = s.install_id
    where s.org_id = org and s.id = step_run and s.callback_token_hash = token_hash
      and (s.status in ('running', 'waiting_callback') or s.callback_delivery_id is not null);
end $function$;
grant execute on function app.step_run_for_callback(org uuid, step_run uuid, token_hash bytea) to service_role;

CREATE OR REPLACE FUNCTION app.suspend_member(org uuid, user_id uuid)
 RETURNS void
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO 'pg_catalog', 'pg_temp'
AS $function$
#variable_conflict use_variable
declare
  target_row public.organisation_members := app.member_for_change(org, user_id, 'suspend');
begin
  if target_row.user_id = app.uid() then
    raise exception 'you cannot suspend yourself: leave the organisation instead'
      using errcode = 'PS422', column = 'user_id';
  end if;
  if target_row.status <> 'active' then
    raise exception 'only an active member can be suspended (this one is %)', target_row.status
      using errcode = 'PS409', column = 'user_id';
  end if;
  update public.organisation_members m set status = 'suspended' where m.org_id = org and m.id = target_row.id;
end $function$;
grant execute on function app.suspend_member(org uuid, user_id uuid) to authenticated;
grant execute on function app.suspend_member(org uuid, user_id uuid) to service_role;

CREATE OR REPLACE FUNCTION app.sync_schedule_problem(doc jsonb)
 RETURNS jsonb
 LANGUAGE plpgsql
 STABLE
 SET search_path TO 'pg_catalog', 'pg_temp'
AS $function$
declare
  problem jsonb;
begin
  if doc is null or jsonb_typeof(doc) <> 'object' then
    return app.json_problem('$', 'must be an object such as {"kind": "manual"}');
  end if;
  case doc ->> 'kind'
    when 'manual' then
      return app.json_unknown_key(doc, '$', '{kind}');
    when 'interval' then
      problem := app.json_unknown_key(doc, '$', '{kind,minutes}');
      if problem is not null then return problem; end if;
      if not app.json_is_integer(doc -> 'minutes', 5, 10080) then
        return app.json_problem('$.minutes', 'is required: whole minutes from 5 to 10080 (one week)');
      end if;
    when 'cron' then
      problem := app.json_unknown_key(doc, '$', '{kind,expression,timezone}');
      if problem is not null then return problem; end if;
      if jsonb_typeof(doc -> 'expression') is distinct from 'string' or length(doc ->> 'expression') > 100
         or doc ->> 'expression' !~ '^[0-9A-Za-z*,/?#-]+( [0-9A-Za-z*,/?#-]+){4}$' then
        return app.json_problem('$.expression', 'is required: five cron fields separated by single spaces');
      end if;
      if jsonb_typeof(doc -> 'timezone') is distinct from 'string' or length(doc ->> 'timezone') > 64
         or not exists (select 1 from pg_catalog.pg_timezone_names where name = doc ->> 'timezone') then
        return app.json_problem('$.timezone', 'is required: an IANA timezone such as Europe/Oslo');
      end if;
    else
      return app.json_problem('$.kind', 'is required: one of manual, interval, cron');
  end case;
  return null;
end $function$;
grant execute on function app.sync_schedule_problem(doc jsonb) to authenticated;
grant execute on function app.sync_schedule_problem(doc jsonb) to service_role;

CREATE OR REPLACE FUNCTION app.touch_updated_at()
 RETURNS trigger
 LANGUAGE plpgsql
 SET search_path TO 'pg_catalog', 'pg_temp'
AS $function$
begin
  new.updated_at := now();
  return new;
end $function$;
-- app.touch_updated_at(): executable by its owner only

CREATE OR REPLACE FUNCTION app.uid()
 RETURNS uuid
 LANGUAGE sql
 STABLE
AS $function$
  select case when coalesce(app.jwt() operator(pg_catalog.->>) 'sub', app.legacy_claim_sub())
                    operator(pg_catalog.~*) '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$'
              then coalesce(app.jwt() operator(pg_catalog.->>) 'sub', app.legacy_claim_sub())::pg_catalog.uuid end
$function$;
grant execute on function app.uid() to anon;
grant execute on function app.uid() to authenticated;
grant execute on function app.uid() to service_role;

CREATE OR REPLACE FUNCTION app.unassign_provider_member(provider uuid, delegation_id uuid, assignment_id uuid)
 RETURNS void
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO 'pg_catalog', 'pg_temp'
AS $function$
#variable_conflict use_variable
declare
  d public.provider_delegations;
begin
  perform app.require_user();
  d := app.provider_delegation(provider, delegation_id, 'assign provider members', false);
  delete from public.provider_assignments a where a.org_id = d.org_id and a.delegation_id = d.id and a.id = assignment_id;
  if not found then
    raise exception 'assignment not found' using errcode = 'PS404', column = 'assignment_id';
  end if;
end $function$;
grant execute on function app.unassign_provider_member(provider uuid, delegation_id uuid, assignment_id uuid) to authenticated;
grant execute on function app.unassign_provider_member(provider uuid, delegation_id uuid, assignment_id uuid) to service_role;

CREATE OR REPLACE FUNCTION app.usage_live_count(org uuid, metric text)
 RETURNS bigint
 LANGUAGE plpgsql
 STABLE SECURITY DEFINER
 SET search_path TO 'pg_catalog', 'pg_temp'
AS $function$
begin
  return case metric
    when 'members' then (select count(*) from public.organisation_members m where m.org_id = org)
    when 'workspaces' then (select count(*) from public.workspaces w where w.org_id = org)
    when 'integrations' then (select count(*) from public.organisation_integrations i where i.org_id = org)
  end;
end $function$;
-- app.usage_live_count(org uuid, metric text): executable by its owner only

CREATE OR REPLACE FUNCTION app.usage_period()
 RETURNS date
 LANGUAGE sql
 STABLE
 SET search_path TO 'pg_catalog', 'pg_temp'
AS $function$
  select date_trunc('month', now() at time zone 'UTC')::date
$function$;
-- app.usage_period(): executable by its owner only

CREATE OR REPLACE FUNCTION app.usage_summary(org uuid)
 RETURNS TABLE(metric text, used bigint, usage_limit bigint, period_start date, resets_at timestamp with time zone)
 LANGUAGE plpgsql
 STABLE SECURITY DEFINER
 SET search_path TO 'pg_catalog', 'pg_temp'
AS $function$
declare
  v_period date := app.usage_period();
begin
  perform public.assert_tenant_membership(org);
  return query
    with metrics(metric, stock) as (
      values ('leads', false), ('ai_qualifications', false), ('api_requests', false),
             ('members', true), ('workspaces', true), ('integrations', true))
    select m.metric,
           case when m.stock then app.usage_live_count(org, m.metric) else coalesce(c.used, 0) end,
           app.org_usage_limit(org, m.metric),
           v_period,
           case when m.stock then null else (v_period + interval '1 month')::timestamp at time zone 'UTC' end
    from metrics m
    left join public.usage_counters c on c.org_id = org and c.metric = m.metric and c.period_start = v_period
    order by m.metric;
end $function$;
grant execute on function app.usage_summary(org uuid) to authenticated;
grant execute on function app.usage_summary(org uuid) to platform_admin;
grant execute on function app.usage_summary(org uuid) to service_role;

CREATE OR REPLACE FUNCTION app.valid_plan_limits(limits jsonb)
 RETURNS boolean
 LANGUAGE sql
 IMMUTABLE
 SET search_path TO 'pg_catalog', 'pg_temp'
AS $function$
  select jsonb_typeof(limits) = 'object'
    and (select count(*) from jsonb_object_keys(limits)) = 6
    and limits ?& array['leads', 'ai_qualifications', 'api_requests', 'members', 'workspaces', 'integrations']
    and coalesce((select bool_and(jsonb_typeof(v) = 'number' and (v #>> '{}')::numeric between 0 and 1e15
                                  and (v #>> '{}')::numeric = trunc((v #>> '{}')::numeric))
                  from jsonb_each(limits) as l(k, v)), false)
$function$;
grant execute on function app.valid_plan_limits(limits jsonb) to platform_admin;
grant execute on function app.valid_plan_limits(limits jsonb) to service_role;

CREATE OR REPLACE FUNCTION app.workflow_run_for_change(org uuid, run uuid)
 RETURNS public.workflow_runs
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO 'pg_catalog', 'pg_temp'
AS $function$
#variable_conflict use_variable
declare
  r public.workflow_runs;
begin
  perform app.require_id(org, 'org_id');
  perform app.require_id(run, 'run_id');
  if not app.is_platform_operator() and not org = any (app.caller_org_ids('viewer')) then
    raise exception 'workflow run not found' using errcode = 'PS404', column = 'run_id';
  end if;
  select * into r from public.workflow_runs x where x.org_id = org and x.id = run for update;
  if not found then
    raise exception 'workflow run not found' using errcode = 'PS404', column = 'run_id';
  end if;
  if not app.is_platform_operator() and not org = any (app.caller_org_ids('member')) then
    raise exception 'viewers cannot change workflow runs' using errcode = 'PS403';
  end if;
  return r;
end $function$;
-- app.workflow_run_for_change(org uuid, run uuid): executable by its owner only

CREATE OR REPLACE FUNCTION auth.jwt()
 RETURNS jsonb
 LANGUAGE sql
 STABLE
AS $function$
      select coalesce(
        nullif(current_setting('request.jwt.claim', true), ''),
        nullif(current_setting('request.jwt.claims', true), '')
      )::jsonb
    $function$;
grant execute on function auth.jwt() to anon;
grant execute on function auth.jwt() to authenticated;
grant execute on function auth.jwt() to service_role;

CREATE OR REPLACE FUNCTION auth.role()
 RETURNS text
 LANGUAGE sql
 STABLE
AS $function$
      select coalesce(
        nullif(current_setting('request.jwt.claim.role', true), ''),
        (nullif(current_setting('request.jwt.claims', true), '')::jsonb ->> 'role')
      )::text
    $function$;
grant execute on function auth.role() to anon;
grant execute on function auth.role() to authenticated;
grant execute on function auth.role() to service_role;

CREATE OR REPLACE FUNCTION auth.uid()
 RETURNS uuid
 LANGUAGE sql
 STABLE
AS $function$
      select coalesce(
        nullif(current_setting('request.jwt.claim.sub', true), ''),
        (nullif(current_setting('request.jwt.claims', true), '')::jsonb ->> 'sub')
      )::uuid
    $function$;
grant execute on function auth.uid() to anon;
grant execute on function auth.uid() to authenticated;
grant execute on function auth.uid() to service_role;

CREATE OR REPLACE FUNCTION platform.claim_due_rule_sources(max_sources integer DEFAULT 50, lease_seconds integer DEFAULT 300)
 RETURNS SETOF platform.rule_sources
 LANGUAGE plpgsql
 SET search_path TO 'pg_catalog', 'pg_temp'
AS $function$
begin
  perform app.require_platform_operator();
  return query
    with due as (
      select s.id from platform.rule_sources s
      where s.enabled and s.next_poll_at <= now()
      order by s.next_poll_at, s.id
      limit greatest(1, least(coalesce(max_sources, 50), 1000))
      for update skip locked
    )
    update platform.rule_sources s
    set next_poll_at = now() + make_interval(secs => greatest(30, least(coalesce(lease_seconds, 300), 3600)))
    from due where s.id = due.id
    returning s.*;
end $function$;
grant execute on function platform.claim_due_rule_sources(max_sources integer, lease_seconds integer) to platform_admin;
grant execute on function platform.claim_due_rule_sources(max_sources integer, lease_seconds integer) to service_role;

CREATE OR REPLACE FUNCTION platform.decide_rule_pack_proposal(proposal_id uuid, approve boolean, note text DEFAULT NULL::text)
 RETURNS platform.rule_pack_proposals
 LANGUAGE plpgsql
 SET search_path TO 'pg_catalog', 'pg_temp'
AS $function$
#variable_conflict use_variable
declare
  p platform.rule_pack_proposals;
  existing platform.rule_packs;
  pack_id uuid;
begin
  perform app.require_platform_operator();
  if approve is null then
    raise exception 'approve must be true or false' using errcode = 'PS422', column = 'approve';
  end if;
  select * into p from platform.rule_pack_proposals r where r.id = proposal_id for update;
  if not found then
    raise exception 'proposal not found' using errcode = 'PS404', column = 'proposal_id';
  end if;
  if p.status <> 'pending' then
    raise exception 'this proposal was already %', p.status using errcode = 'PS409', column = 'status';
  end if;
  if approve then
    select * into existing from platform.rule_packs r
    where r.name = p.rule_pack_name and r.version = p.proposed_version for update;
    if existing.published_at is not null then
      raise exception 'rule pack % % is already published: propose another version', p.rule_pack_name, p.proposed_version
        using errcode = 'PS409', column = 'proposed_version';
    elsif existing.id is not null then
      update platform.rule_packs r set spec = p.spec, published_at = now() where r.id = existing.id returning r.id into pack_id;
    else
      insert into platform.rule_packs (name, version, spec, published_at)
      values (p.rule_pack_name, p.proposed_version, p.spec, now())
      returning id into pack_id;
    end if;
  else
    update platform.rule_pack_detections d set status = 'dismissed' where d.id = p.detection_id;
  end if;
  update platform.rule_pack_proposals r
  set status = case when approve then 'approved' else 'rejected' end,
      decided_by = app.uid(), decided_at = now(), decision_note = note, rule_pack_id = pack_id
  where r.id = p.id
  returning * into p;
  return p;
end $function$;
grant execute on function platform.decide_rule_pack_proposal(proposal_id uuid, approve boolean, note text) to platform_admin;
grant execute on function platform.decide_rule_pack_proposal(proposal_id uuid, approve boolean, note text) to service_role;

CREATE OR REPLACE FUNCTION platform.deprecate_step_type_version(version_id uuid, deprecated boolean DEFAULT true)
 RETURNS platform.step_type_versions
 LANGUAGE plpgsql
 SET search_path TO 'pg_catalog', 'pg_temp'
AS $function$
declare
  v platform.step_type_versions;
begin
  perform app.require_platform_operator();
  update platform.step_type_versions s
  set deprecated_at = case when deprecated then coalesce(s.deprecated_at, now()) end
  where s.id = version_id
  returning * into v;
  if not found then
    raise exception 'step type version not found' using errcode = 'PS404', column = 'version_id';
  end if;
  return v;
end $function$;
grant execute on function platform.deprecate_step_type_version(version_id uuid, deprecated boolean) to platform_admin;
grant execute on function platform.deprecate_step_type_version(version_id uuid, deprecated boolean) to service_role;

CREATE OR REPLACE FUNCTION platform.dismiss_rule_pack_detection(detection_id uuid, note text DEFAULT NULL::text)
 RETURNS platform.rule_pack_detections
 LANGUAGE plpgsql
 SET search_path TO 'pg_catalog', 'pg_temp'
AS $function$
#variable_conflict use_variable
declare
  det platform.rule_pack_detections;
begin
  perform app.require_platform_operator();
  update platform.rule_pack_detections d set status = 'dismissed' where d.id = detection_id returning * into det;
  if not found then
    raise exception 'detection not found' using errcode = 'PS404', column = 'detection_id';
  end if;
  update platform.rule_pack_proposals r
  set status = 'rejected', decided_by = app.uid(), decided_at = now(), decision_note = coalesce(note, 'detection dismissed')
  where r.detection_id = det.id and r.status = 'pending';
  return det;
end $function$;
grant execute on function platform.dismiss_rule_pack_detection(detection_id uuid, note text) to platform_admin;
grant execute on function platform.dismiss_rule_pack_detection(detection_id uuid, note text) to service_role;

CREATE OR REPLACE FUNCTION platform.propose_rule_pack(detection_id uuid, proposed_version text, spec jsonb)
 RETURNS platform.rule_pack_proposals
 LANGUAGE plpgsql
 SET search_path TO 'pg_catalog', 'pg_temp'
AS $function$
#variable_conflict use_variable
declare
  det platform.rule_pack_detections;
  p platform.rule_pack_proposals;
begin
  perform app.require_platform_operator();
  select * into det from platform.rule_pack_detections d where d.id = detection_id for update;
  if not found then
    raise exception 'detection not found' using errcode = 'PS404', column = 'detection_id';
  end if;
  if det.status = 'dismissed' then
    raise exception 'this detection was dismissed' using errcode = 'PS409', column = 'detection_id';
  end if;
  perform app.semver_compare(proposed_version, '0.0.0');
  if jsonb_typeof(spec) is distinct from 'object' then
    raise exception 'spec must be a JSON object' using errcode = 'PS422', column = 'spec';
  end if;
  update platform.rule_pack_proposals r
  set proposed_version = propose_rule_pack.proposed_version, spec = propose_rule_pack.spec
  where r.id = (select q.id from platform.rule_pack_proposals q where q.detection_id = det.id and q.status = 'pending'
                order by q.created_at desc, q.id limit 1)
  returning * into p;
  if not found then
    insert into platform.rule_pack_proposals (detection_id, rule_pack_name, proposed_version, spec)
    values (det.id, det.rule_pack_name, proposed_version, spec)
    returning * into p;
  end if;
  update platform.rule_pack_detections d set status = 'proposed' where d.id = det.id;
  return p;
end $function$;
grant execute on function platform.propose_rule_pack(detection_id uuid, proposed_version text, spec jsonb) to platform_admin;
grant execute on function platform.propose_rule_pack(detection_id uuid, proposed_version text, spec jsonb) to service_role;

CREATE OR REPLACE FUNCTION platform.publish_step_type_version(version_id uuid)
 RETURNS platform.step_type_versions
 LANGUAGE plpgsql
 SET search_path TO 'pg_catalog', 'pg_temp'
AS $function$
declare
  v platform.step_type_versions;
begin
  perform app.require_platform_operator();
  update platform.step_type_versions s set published_at = now()
  where s.id = version_id and s.published_at is null
  returning * into v;
  if not found then
    select * into v from platform.step_type_versions s where s.id = version_id;
    if not found then
      raise exception 'step type version not found' using errcode = 'PS404', column = 'version_id';
    end if;
  end if;
  return v; -- publishing twice is a no-op: the first publication time stands
end $function$;
grant execute on function platform.publish_step_type_version(version_id uuid) to platform_admin;
grant execute on function platform.publish_step_type_version(version_id uuid) to service_role;

CREATE OR REPLACE FUNCTION platform.record_rule_source_failure(source_id uuid, error text, http_status integer DEFAULT NULL::integer)
 RETURNS platform.rule_sources
 LANGUAGE plpgsql
 SET search_path TO 'pg_catalog', 'pg_temp'
AS $function$
#variable_conflict use_variable
declare
  src platform.rule_sources;
begin
  perform app.require_platform_operator();
  update platform.rule_sources s
  set failure_count = s.failure_count + 1,
      last_error = left(coalesce(error, 'unknown error'), 1000),
      last_status = http_status,
      last_polled_at = now(),
      next_poll_at = now() + least(interval '1 minute' * power(2, least(s.failure_count, 20)), interval '1 day')
  where s.id = source_id
  returning * into src;
  if not found then
    raise exception 'rule source not found' using errcode = 'PS404', column = 'source_id';
  end if;
  return src;
end $function$;
grant execute on function platform.record_rule_source_failure(source_id uuid, error text, http_status integer) to platform_admin;
grant execute on function platform.record_rule_source_failure(source_id uuid, error text, http_status integer) to service_role;

CREATE OR REPLACE FUNCTION platform.record_rule_source_fetch(source_id uuid, http_status integer, content text, etag text DEFAULT NULL::text, last_modified text DEFAULT NULL::text)
 RETURNS jsonb
 LANGUAGE plpgsql
 SET search_path TO 'pg_catalog', 'pg_temp'
AS $function$
#variable_conflict use_variable
declare
  src platform.rule_sources;
  hash text;
  prev platform.rule_source_snapshots;
  snap_id uuid;
  det_id uuid;
  prop_id uuid;
  spec jsonb;
  newest text;
  v text;
begin
  perform app.require_platform_operator();
  select * into src from platform.rule_sources s where s.id = source_id for update;
  if not found then
    raise exception 'rule source not found' using errcode = 'PS404', column = 'source_id';
  end if;
  if http_status not in (200, 304) or (http_status = 200 and content is null) then
    raise exception 'record a 200 with its content or a 304; anything else is a failure (platform.record_rule_source_failure)'
      using errcode = 'PS422', column = 'http_status';
  end if;
  update platform.rule_sources s
  set last_polled_at = now(),
      next_poll_at = now() + make_interval(mins => s.poll_interval_minutes),
      failure_count = 0,
      last_status = http_status,
      last_error = null,
      etag = case when http_status = 200 then record_rule_source_fetch.etag else s.etag end,
      last_modified = case when http_status = 200 then record_rule_source_fetch.last_modified else s.last_modified end
  where s.id = src.id;
  if http_status = 304 then
    return jsonb_build_object('status', 'not_modified', 'changed', false);
  end if;

  hash := encode(sha256(convert_to(content, 'UTF8')), 'hex');
  select * into prev from platform.rule_source_snapshots r
  where r.source_id = src.id order by r.fetched_at desc, r.id desc limit 1;
  if prev.id is not null and prev.content_hash = hash then
    return jsonb_build_object('status', 'unchanged', 'changed', false, 'snapshot_id', prev.id);
  end if;
  insert into platform.rule_source_snapshots (source_id, content_hash, content, http_status, fetched_at)
  values (src.id, hash, content, http_status, clock_timestamp())
  returning id into snap_id;
  if prev.id is null then
    return jsonb_build_object('status', 'baseline', 'changed', true, 'snapshot_id', snap_id);
  end if;

  -- Join the pack's detection that is still open or awaiting a decision; else open one.
  select d.id into det_id from platform.rule_pack_detections d
  where d.rule_pack_name = src.rule_pack_name
    and (d.status = 'open' or (d.status = 'proposed' and exists (
      select 1 from platform.rule_pack_proposals p where p.detection_id = d.id and p.status = 'pending')))
  order by d.detected_at desc limit 1
  for update;
  if det_id is null then
    insert into platform.rule_pack_detections (rule_pack_name, status, summary)
    values (src.rule_pack_name, 'open', format('%s changed', src.key))
    returning id into det_id;
  end if;
  insert into platform.rule_pack_detection_sources (detection_id, source_id, snapshot_id, previous_snapshot_id)
  values (det_id, src.id, snap_id, prev.id);

  begin
    spec := content::jsonb;
  exception when invalid_text_representation then
    spec := null;
  end;
  if spec is null or jsonb_typeof(spec) <> 'object' then
    update platform.rule_pack_detections d
    set summary = format('%s changed; its content is not a JSON object, so a proposal must be written by hand', src.key)
    where d.id = det_id;
    return jsonb_build_object('status', 'detected', 'changed', true, 'snapshot_id', snap_id, 'detection_id', det_id);
  end if;

  select p.id into prop_id from platform.rule_pack_proposals p
  where p.detection_id = det_id and p.status = 'pending'
  order by p.created_at desc, p.id limit 1
  for update;
  if prop_id is not null then
    update platform.rule_pack_proposals p set spec = record_rule_source_fetch.spec where p.id = prop_id;
  else
    for v in select r.version from platform.rule_packs r where r.name = src.rule_pack_name loop
      if newest is null or app.semver_compare(v, newest) > 0 then newest := v; end if;
    end loop;
    insert into platform.rule_pack_proposals (detection_id, rule_pack_name, proposed_version, spec)
    values (det_id, src.rule_pack_name, coalesce(app.semver_bump_minor(newest), '1.0.0'), spec)
    returning id into prop_id;
  end if;
  update platform.rule_pack_detections d
  set status = 'proposed', summary = format('%s changed; proposal ready for review', src.key)
  where d.id = det_id;
  return jsonb_build_object('status', 'proposed', 'changed', true, 'snapshot_id', snap_id, 'detection_id', det_id, 'proposal_id', prop_id);
end $function$;
grant execute on function platform.record_rule_source_fetch(source_id uuid, http_status integer, content text, etag text, last_modified text) to platform_admin;
grant execute on function platform.record_rule_source_fetch(source_id uuid, http_status integer, content text, etag text, last_modified text) to service_role;

CREATE OR REPLACE FUNCTION public.accept_invitation(token text)
 RETURNS uuid
 LANGUAGE plpgsql
 SET search_path TO 'pg_catalog', 'pg_temp'
AS $function$ begin return app.accept_invitation(token); end $function$;
grant execute on function public.accept_invitation(token text) to authenticated;
grant execute on function public.accept_invitation(token text) to service_role;

CREATE OR REPLACE FUNCTION public.accept_provider_access(provider uuid, delegation_id uuid)
 RETURNS void
 LANGUAGE sql
 SET search_path TO 'pg_catalog', 'pg_temp'
AS $function$ select app.accept_provider_access(provider, delegation_id) $function$;
grant execute on function public.accept_provider_access(provider uuid, delegation_id uuid) to authenticated;
grant execute on function public.accept_provider_access(provider uuid, delegation_id uuid) to service_role;

CREATE OR REPLACE FUNCTION public.add_project_member(org uuid, project_id uuid, user_id uuid, role text)
 RETURNS uuid
 LANGUAGE plpgsql
 SET search_path TO 'pg_catalog', 'pg_temp'
AS $function$ begin return app.add_project_member(org, project_id, user_id, role); end $function$;
grant execute on function public.add_project_member(org uuid, project_id uuid, user_id uuid, role text) to authenticated;
grant execute on function public.add_project_member(org uuid, project_id uuid, user_id uuid, role text) to service_role;

CREATE OR REPLACE FUNCTION public.assert_tenant_membership(org uuid)
 RETURNS void
 LANGUAGE plpgsql
 STABLE
 SET search_path TO 'pg_catalog', 'pg_temp'
AS $function$
begin
  if org is null then
    raise exception 'org_id is required' using errcode = 'PS422', column = 'org_id';
  end if;
  if not app.is_org_member(org)
     or (app.is_platform_operator() and not exists (select from public.organisations o where o.id = org)) then
    raise exception 'organisation not found' using errcode = 'PS404', column = 'org_id';
  end if;
end $function$;
grant execute on function public.assert_tenant_membership(org uuid) to anon;
grant execute on function public.assert_tenant_membership(org uuid) to authenticated;
grant execute on function public.assert_tenant_membership(org uuid) to service_role;

CREATE OR REPLACE FUNCTION public.assign_provider_member(provider uuid, delegation_id uuid, role text, user_id uuid DEFAULT NULL::uuid, provider_role text DEFAULT NULL::text)
 RETURNS uuid
 LANGUAGE sql
 SET search_path TO 'pg_catalog', 'pg_temp'
AS $function$ select app.assign_provider_member(provider, delegation_id, role, user_id, provider_role) $function$;
grant execute on function public.assign_provider_member(provider uuid, delegation_id uuid, role text, user_id uuid, provider_role text) to authenticated;
grant execute on function public.assign_provider_member(provider uuid, delegation_id uuid, role text, user_id uuid, provider_role text) to service_role;

CREATE OR REPLACE FUNCTION public.cancel_workflow_run(org uuid, run uuid)
 RETURNS void
 LANGUAGE plpgsql
 SET search_path TO 'pg_catalog', 'pg_temp'
AS $function$ begin perform app.cancel_workflow_run(org, run); end $function$;
grant execute on function public.cancel_workflow_run(org uuid, run uuid) to authenticated;
grant execute on function public.cancel_workflow_run(org uuid, run uuid) to platform_admin;
grant execute on function public.cancel_workflow_run(org uuid, run uuid) to service_role;

CREATE OR REPLACE FUNCTION public.change_member_role(org uuid, user_id uuid, role text)
 RETURNS void
 LANGUAGE plpgsql
 SET search_path TO 'pg_catalog', 'pg_temp'
AS $function$ begin perform app.change_member_role(org, user_id, role); end $function$;
grant execute on function public.change_member_role(org uuid, user_id uuid, role text) to authenticated;
grant execute on function public.change_member_role(org uuid, user_id uuid, role text) to service_role;

CREATE OR REPLACE FUNCTION public.change_provider_access(org uuid, delegation_id uuid, role_ceiling text DEFAULT NULL::text, expires_at timestamp with time zone DEFAULT NULL::timestamp with time zone, workspace_ids uuid[] DEFAULT NULL::uuid[], clear_expiry boolean DEFAULT false, versions text[] DEFAULT NULL::text[])
 RETURNS void
 LANGUAGE sql
 SET search_path TO 'pg_catalog', 'pg_temp'
AS $function$ select app.change_provider_access(org, delegation_id, role_ceiling, expires_at, workspace_ids, clear_expiry, versions) $function$;
grant execute on function public.change_provider_access(org uuid, delegation_id uuid, role_ceiling text, expires_at timestamp with time zone, workspace_ids uuid[], clear_expiry boolean, versions text[]) to authenticated;
grant execute on function public.change_provider_access(org uuid, delegation_id uuid, role_ceiling text, expires_at timestamp with time zone, workspace_ids uuid[], clear_expiry boolean, versions text[]) to service_role;

CREATE OR REPLACE FUNCTION public.create_api_key(org uuid, name text, role text, key_hash bytea, prefix text, expires_at timestamp with time zone DEFAULT NULL::timestamp with time zone)
 RETURNS uuid
 LANGUAGE plpgsql
 SET search_path TO 'pg_catalog', 'pg_temp'
AS $function$ begin return app.create_api_key(org, name, role, key_hash, prefix, expires_at); end $function$;
grant execute on function public.create_api_key(org uuid, name text, role text, key_hash bytea, prefix text, expires_at timestamp with time zone) to authenticated;
grant execute on function public.create_api_key(org uuid, name text, role text, key_hash bytea, prefix text, expires_at timestamp with time zone) to service_role;

CREATE OR REPLACE FUNCTION public.create_organisation(name text, slug text DEFAULT NULL::text)
 RETURNS uuid
 LANGUAGE plpgsql
 SET search_path TO 'pg_catalog', 'pg_temp'
AS $function$ begin return app.create_organisation(name, slug); end $function$;
grant execute on function public.create_organisation(name text, slug text) to authenticated;
grant execute on function public.create_organisation(name text, slug text) to service_role;

CREATE OR REPLACE FUNCTION public.create_project(org uuid, workspace_id uuid, name text, description text DEFAULT NULL::text)
 RETURNS uuid
 LANGUAGE plpgsql
 SET search_path TO 'pg_catalog', 'pg_temp'
AS $function$ begin return app.create_project(org, workspace_id, name, description); end $function$;
grant execute on function public.create_project(org uuid, workspace_id uuid, name text, description text) to authenticated;
grant execute on function public.create_project(org uuid, workspace_id uuid, name text, description text) to service_role;

CREATE OR REPLACE FUNCTION public.create_workspace(org uuid, name text, description text DEFAULT NULL::text)
 RETURNS uuid
 LANGUAGE plpgsql
 SET search_path TO 'pg_catalog', 'pg_temp'
AS $function$ begin return app.create_workspace(org, name, description); end $function$;
grant execute on function public.create_workspace(org uuid, name text, description text) to authenticated;
grant execute on function public.create_workspace(org uuid, name text, description text) to service_role;

CREATE OR REPLACE FUNCTION public.credit_summary(org uuid)
 RETURNS TABLE(balance bigint, granted bigint, purchased bigint, plan_id text, monthly_grant bigint, period_start date, resets_at timestamp with time zone)
 LANGUAGE plpgsql
 STABLE
 SET search_path TO 'pg_catalog', 'pg_temp'
AS $function$ begin return query select * from app.credit_summary(org); end $function$;
grant execute on function public.credit_summary(org uuid) to authenticated;
grant execute on function public.credit_summary(org uuid) to platform_admin;
grant execute on function public.credit_summary(org uuid) to service_role;

CREATE OR REPLACE FUNCTION public.delete_organisation(org uuid)
 RETURNS TABLE(id uuid, name text, slug text, created_at timestamp with time zone, updated_at timestamp with time zone, deleted_at timestamp with time zone, purge_after timestamp with time zone)
 LANGUAGE plpgsql
 SET search_path TO 'pg_catalog', 'pg_temp'
AS $function$ begin return query select * from app.delete_organisation(org); end $function$;
grant execute on function public.delete_organisation(org uuid) to authenticated;
grant execute on function public.delete_organisation(org uuid) to service_role;

CREATE OR REPLACE FUNCTION public.grant_provider_access(org uuid, provider_org_id uuid, role_ceiling text, expires_at timestamp with time zone DEFAULT NULL::timestamp with time zone, workspace_ids uuid[] DEFAULT NULL::uuid[])
 RETURNS uuid
 LANGUAGE sql
 SET search_path TO 'pg_catalog', 'pg_temp'
AS $function$ select app.grant_provider_access(org, provider_org_id, role_ceiling, expires_at, workspace_ids) $function$;
grant execute on function public.grant_provider_access(org uuid, provider_org_id uuid, role_ceiling text, expires_at timestamp with time zone, workspace_ids uuid[]) to authenticated;
grant execute on function public.grant_provider_access(org uuid, provider_org_id uuid, role_ceiling text, expires_at timestamp with time zone, workspace_ids uuid[]) to service_role;

CREATE OR REPLACE FUNCTION public.invite_member(org uuid, email text, role text DEFAULT 'member'::text, valid_for interval DEFAULT '7 days'::interval)
 RETURNS TABLE(invitation_id uuid, token text)
 LANGUAGE plpgsql
 SET search_path TO 'pg_catalog', 'pg_temp'
AS $function$ begin return query select * from app.invite_member(org, email, role, valid_for); end $function$;
grant execute on function public.invite_member(org uuid, email text, role text, valid_for interval) to authenticated;
grant execute on function public.invite_member(org uuid, email text, role text, valid_for interval) to service_role;

CREATE OR REPLACE FUNCTION public.is_member_of_org(org uuid)
 RETURNS boolean
 LANGUAGE sql
 STABLE
 SET search_path TO 'pg_catalog', 'pg_temp'
AS $function$ select app.is_org_member(org) $function$;
grant execute on function public.is_member_of_org(org uuid) to anon;
grant execute on function public.is_member_of_org(org uuid) to authenticated;
grant execute on function public.is_member_of_org(org uuid) to service_role;

CREATE OR REPLACE FUNCTION public.is_platform_service()
 RETURNS boolean
 LANGUAGE sql
 STABLE
 SET search_path TO 'pg_catalog', 'pg_temp'
AS $function$ select app.is_platform_service() $function$;
grant execute on function public.is_platform_service() to anon;
grant execute on function public.is_platform_service() to authenticated;
grant execute on function public.is_platform_service() to service_role;

CREATE OR REPLACE FUNCTION public.leave_organisation(org uuid)
 RETURNS void
 LANGUAGE plpgsql
 SET search_path TO 'pg_catalog', 'pg_temp'
AS $function$ begin perform app.leave_organisation(org); end $function$;
grant execute on function public.leave_organisation(org uuid) to authenticated;
grant execute on function public.leave_organisation(org uuid) to service_role;

CREATE OR REPLACE FUNCTION public.my_clients()
 RETURNS TABLE(org_id uuid, name text, provider_org_id uuid, delegation_id uuid, role text, workspace_ids uuid[], expires_at timestamp with time zone)
 LANGUAGE sql
 STABLE ROWS 10
 SET search_path TO 'pg_catalog', 'pg_temp'
AS $function$ select * from app.my_clients() $function$;
grant execute on function public.my_clients() to authenticated;
grant execute on function public.my_clients() to service_role;

CREATE OR REPLACE FUNCTION public.my_deleted_organisations()
 RETURNS TABLE(id uuid, name text, slug text, created_at timestamp with time zone, updated_at timestamp with time zone, deleted_at timestamp with time zone, purge_after timestamp with time zone)
 LANGUAGE plpgsql
 STABLE ROWS 10
 SET search_path TO 'pg_catalog', 'pg_temp'
AS $function$ begin return query select * from app.my_deleted_organisations(); end $function$;
grant execute on function public.my_deleted_organisations() to authenticated;
grant execute on function public.my_deleted_organisations() to service_role;

CREATE OR REPLACE FUNCTION public.provider_clients(provider uuid)
 RETURNS TABLE(delegation_id uuid, org_id uuid, name text, role_ceiling text, status text, expires_at timestamp with time zone, workspace_ids uuid[], assignments jsonb, created_at timestamp with time zone)
 LANGUAGE sql
 STABLE ROWS 10
 SET search_path TO 'pg_catalog', 'pg_temp'
AS $function$ select * from app.provider_clients(provider) $function$;
grant execute on function public.provider_clients(provider uuid) to authenticated;
grant execute on function public.provider_clients(provider uuid) to service_role;

CREATE OR REPLACE FUNCTION public.reactivate_member(org uuid, user_id uuid)
 RETURNS void
 LANGUAGE plpgsql
 SET search_path TO 'pg_catalog', 'pg_temp'
AS $function$ begin perform app.reactivate_member(org, user_id); end $function$;
grant execute on function public.reactivate_member(org uuid, user_id uuid) to authenticated;
grant execute on function public.reactivate_member(org uuid, user_id uuid) to service_role;

CREATE OR REPLACE FUNCTION public.remove_member(org uuid, user_id uuid)
 RETURNS void
 LANGUAGE plpgsql
 SET search_path TO 'pg_catalog', 'pg_temp'
AS $function$ begin perform app.remove_member(org, user_id); end $function$;
grant execute on function public.remove_member(org uuid, user_id uuid) to authenticated;
grant execute on function public.remove_member(org uuid, user_id uuid) to service_role;

CREATE OR REPLACE FUNCTION public.restore_organisation(org uuid)
 RETURNS TABLE(id uuid, name text, slug text, created_at timestamp with time zone, updated_at timestamp with time zone, deleted_at timestamp with time zone, purge_after timestamp with time zone)
 LANGUAGE plpgsql
 SET search_path TO 'pg_catalog', 'pg_temp'
AS $function$ begin return query select * from app.restore_organisation(org); end $function$;
grant execute on function public.restore_organisation(org uuid) to authenticated;
grant execute on function public.restore_organisation(org uuid) to service_role;

CREATE OR REPLACE FUNCTION public.retry_workflow_step(org uuid, step_run uuid)
 RETURNS uuid
 LANGUAGE plpgsql
 SET search_path TO 'pg_catalog', 'pg_temp'
AS $function$ begin return app.retry_workflow_step(org, step_run); end $function$;
grant execute on function public.retry_workflow_step(org uuid, step_run uuid) to authenticated;
grant execute on function public.retry_workflow_step(org uuid, step_run uuid) to platform_admin;
grant execute on function public.retry_workflow_step(org uuid, step_run uuid) to service_role;

CREATE OR REPLACE FUNCTION public.revoke_invitation(org uuid, invitation_id uuid)
 RETURNS void
 LANGUAGE plpgsql
 SET search_path TO 'pg_catalog', 'pg_temp'
AS $function$ begin perform app.revoke_invitation(org, invitation_id); end $function$;
grant execute on function public.revoke_invitation(org uuid, invitation_id uuid) to authenticated;
grant execute on function public.revoke_invitation(org uuid, invitation_id uuid) to service_role;

CREATE OR REPLACE FUNCTION public.revoke_provider_access(org uuid, delegation_id uuid)
 RETURNS void
 LANGUAGE sql
 SET search_path TO 'pg_catalog', 'pg_temp'
AS $function$ select app.revoke_provider_access(org, delegation_id) $function$;
grant execute on function public.revoke_provider_access(org uuid, delegation_id uuid) to authenticated;
grant execute on function public.revoke_provider_access(org uuid, delegation_id uuid) to service_role;

CREATE OR REPLACE FUNCTION public.suspend_member(org uuid, user_id uuid)
 RETURNS void
 LANGUAGE plpgsql
 SET search_path TO 'pg_catalog', 'pg_temp'
AS $function$ begin perform app.suspend_member(org, user_id); end $function$;
grant execute on function public.suspend_member(org uuid, user_id uuid) to authenticated;
grant execute on function public.suspend_member(org uuid, user_id uuid) to service_role;

CREATE OR REPLACE FUNCTION public.unassign_provider_member(provider uuid, delegation_id uuid, assignment_id uuid)
 RETURNS void
 LANGUAGE sql
 SET search_path TO 'pg_catalog', 'pg_temp'
AS $function$ select app.unassign_provider_member(provider, delegation_id, assignment_id) $function$;
grant execute on function public.unassign_provider_member(provider uuid, delegation_id uuid, assignment_id uuid) to authenticated;
grant execute on function public.unassign_provider_member(provider uuid, delegation_id uuid, assignment_id uuid) to service_role;

CREATE OR REPLACE FUNCTION public.upgrade_rule_pack_install(org uuid, install_id uuid, rule_pack_id uuid DEFAULT NULL::uuid)
 RETURNS public.rule_pack_installs
 LANGUAGE plpgsql
 SET search_path TO 'pg_catalog', 'pg_temp'
AS $function$
#variable_conflict use_variable
declare
  inst public.rule_pack_installs;
  target uuid := rule_pack_id;
  best text;
  cand record;
begin
  perform public.assert_tenant_membership(org);
  select * into inst from public.rule_pack_installs i where i.org_id = org and i.id = install_id for update;
  if not found then
    raise exception 'rule pack install not found' using errcode = 'PS404', column = 'install_id';
  end if;
  if target is null then
    if inst.pinned then
      raise exception 'this install is pinned: name the rule pack version to move to, or unpin it first'
        using errcode = 'PS409', column = 'rule_pack_id';
    end if;
    for cand in select p.id, p.version from platform.rule_packs p where p.name = inst.rule_pack_name and p.published_at is not null loop
      if best is null or app.semver_compare(cand.version, best) > 0 then
        best := cand.version;
        target := cand.id;
      end if;
    end loop;
    if target is null or target = inst.rule_pack_id then
      return inst;
    end if;
  end if;
  update public.rule_pack_installs i set rule_pack_id = target
  where i.org_id = org and i.id = install_id
  returning * into inst;
  if not found then
    raise exception 'only owners and admins can upgrade installs' using errcode = 'PS403', column = 'install_id';
  end if;
  return inst;
end $function$;
grant execute on function public.upgrade_rule_pack_install(org uuid, install_id uuid, rule_pack_id uuid) to authenticated;
grant execute on function public.upgrade_rule_pack_install(org uuid, install_id uuid, rule_pack_id uuid) to service_role;

CREATE OR REPLACE FUNCTION public.upgrade_step_type_install(org uuid, install_id uuid, version_id uuid DEFAULT NULL::uuid)
 RETURNS public.step_type_installs
 LANGUAGE plpgsql
 SET search_path TO 'pg_catalog', 'pg_temp'
AS $function$
#variable_conflict use_variable
declare
  inst public.step_type_installs;
  target uuid := version_id;
  best text;
  cand record;
begin
  perform public.assert_tenant_membership(org);
  select * into inst from public.step_type_installs i where i.org_id = org and i.id = install_id for update;
  if not found then
    raise exception 'step type install not found' using errcode = 'PS404', column = 'install_id';
  end if;
  if target is null then
    if inst.pinned then
      raise exception 'this install is pinned: name the version to move to, or unpin it first'
        using errcode = 'PS409', column = 'version_id';
    end if;
    for cand in
      select s.id, s.version from platform.step_type_versions s
      where s.step_type_id = inst.step_type_id and s.published_at is not null and s.deprecated_at is null
    loop
      if best is null or app.semver_compare(cand.version, best) > 0 then
        best := cand.version;
        target := cand.id;
      end if;
    end loop;
    if target is null or target = inst.step_type_version_id then
      return inst;
    end if;
  end if;
  update public.step_type_installs i set step_type_version_id = target
  where i.org_id = org and i.id = install_id
  returning * into inst;
  if not found then
    raise exception 'only owners and admins can upgrade installs' using errcode = 'PS403', column = 'install_id';
  end if;
  return inst;
end $function$;
grant execute on function public.upgrade_step_type_install(org uuid, install_id uuid, version_id uuid) to authenticated;
grant execute on function public.upgrade_step_type_install(org uuid, install_id uuid, version_id uuid) to service_role;

CREATE OR REPLACE FUNCTION public.usage_summary(org uuid)
 RETURNS TABLE(metric text, used bigint, usage_limit bigint, period_start date, resets_at timestamp with time zone)
 LANGUAGE plpgsql
 STABLE
 SET search_path TO 'pg_catalog', 'pg_temp'
AS $function$ begin return query select * from app.usage_summary(org); end $function$;
grant execute on function public.usage_summary(org uuid) to authenticated;
grant execute on function public.usage_summary(org uuid) to platform_admin;
grant execute on function public.usage_summary(org uuid) to service_role;

-- Default privileges of the migrating role --------------------------------------------------------

-- new functions in any schema: no privileges but their owner's
