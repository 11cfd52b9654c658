-- Leads and their AI qualification (AgentFlow, seed 002).
--
-- Who writes what:
-- * members and up create and edit leads (org_id is not in the update grant); nobody deletes one
--   through the API: retention is `palisade leads purge`, an operator's reviewed, audited workflow;
-- * a public form creates leads with a capture key (lead_capture_keys) bound to one workspace,
--   through app.capture_lead, which decides the tenant from the key, never from the request;
-- * qualifications are history: written once (by a member or the qualification job), never
--   changed; the newest one is copied onto its lead's summary columns;
-- * owners and admins set how leads are qualified (qualification_settings).
-- Every lead counts against the plan's monthly leads (app.count_usage), every qualification
-- against its AI qualifications.

create table if not exists public.leads (
  org_id uuid not null references public.organisations (id) on delete cascade,
  id uuid not null default gen_random_uuid(),
  workspace_id uuid not null,
  email text constraint leads_email_check
    check (length(email) between 3 and 320 and email ~ '^[^@\s]+@[^@\s]+$' and email = lower(email)),
  name text constraint leads_name_check check (length(name) <= 200)
    constraint leads_name_single_line check (name !~ '[\x01-\x1f\x7f]'),
  company text constraint leads_company_check check (length(company) <= 200)
    constraint leads_company_single_line check (company !~ '[\x01-\x1f\x7f]'),
  job_title text constraint leads_job_title_check check (length(job_title) <= 200)
    constraint leads_job_title_single_line check (job_title !~ '[\x01-\x1f\x7f]'),
  phone text constraint leads_phone_check check (phone ~ '^[0-9+() .-]{3,40}$'),
  website text constraint leads_website_check check (length(website) <= 500 and website ~ '^https?://'),
  message text constraint leads_message_check check (length(message) <= 5000),
  -- A lead needs a way to reach it.
  constraint leads_contact_check check (email is not null or phone is not null),
  source text not null default 'manual'
    constraint leads_source_check check (source in ('manual', 'api', 'form', 'hubspot', 'import')),
  status text not null default 'new'
    constraint leads_status_check check (status in ('new', 'contacted', 'qualified', 'disqualified', 'converted')),
  -- The newest qualification's outcome (copied from lead_qualifications; not writable by tenants).
  score int constraint leads_score_check check (score between 0 and 100),
  qualification text constraint leads_qualification_check check (qualification in ('qualified', 'nurture', 'disqualified')),
  qualification_summary text constraint leads_qualification_summary_check check (length(qualification_summary) <= 2000),
  qualified_at timestamptz,
  -- The HubSpot contact this lead mirrors (src/revenue/hubspot): one lead per contact.
  hubspot_contact_id text constraint leads_hubspot_contact_id_check check (hubspot_contact_id ~ '^[0-9]{1,20}$'),
  capture_key_id uuid,
  created_by uuid default app.uid() references auth.users (id) on delete set null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  primary key (org_id, id),
  -- What lead_qualifications refers to: a lead in its workspace.
  constraint leads_workspace_id_key unique (org_id, workspace_id, id),
  constraint leads_workspace_fkey foreign key (org_id, workspace_id)
    references public.workspaces (org_id, id) on delete cascade
);

create index if not exists leads_workspace_idx on public.leads (org_id, workspace_id, created_at, id);
create index if not exists leads_created_idx on public.leads (org_id, created_at, id);
create unique index if not exists leads_hubspot_contact_key on public.leads (org_id, hubspot_contact_id)
  where hubspot_contact_id is not null;

alter table public.leads enable row level security;

drop policy if exists "Members see their organisations' leads" on public.leads;
create policy "Members see their organisations' leads" on public.leads
  for select to authenticated
  using (org_id = any ((select app.caller_org_ids('viewer'))::uuid[]));

drop policy if exists "Owners, admins and members add leads" on public.leads;
create policy "Owners, admins and members add leads" on public.leads
  for insert to authenticated
  with check (org_id = any ((select app.caller_org_ids('member'))::uuid[]));

drop policy if exists "Owners, admins and members edit leads" on public.leads;
create policy "Owners, admins and members edit leads" on public.leads
  for update to authenticated
  using (org_id = any ((select app.caller_org_ids('member'))::uuid[]))
  with check (org_id = any ((select app.caller_org_ids('member'))::uuid[]));

drop policy if exists "Platform operators manage leads" on public.leads;
create policy "Platform operators manage leads" on public.leads
  for all to platform_admin, service_role
  using ((select app.is_platform_operator()))
  with check ((select app.is_platform_operator()));

revoke all on public.leads from anon, authenticated, platform_admin, service_role;
grant select,
  insert (org_id, workspace_id, email, name, company, job_title, phone, website, message, source),
  update (email, name, company, job_title, phone, website, message, status)
  on public.leads to authenticated;
grant select, insert, update, delete on public.leads to platform_admin, service_role;

create or replace trigger leads_touch before update on public.leads
  for each row execute function app.touch_updated_at();
create or replace trigger leads_same_org before update on public.leads
  for each row execute function app.forbid_org_change();
create or replace trigger count_usage after insert on public.leads
  referencing new table as new_rows for each statement execute function app.count_usage('leads');
-- Contact details are personal data: the chain records that a lead changed, not what it says.
create or replace trigger audit_row_change after insert or update or delete on public.leads
  for each row execute function app.audit_row_change('omit=email,name,company,job_title,phone,website,message,qualification_summary');

create table if not exists public.lead_qualifications (
  org_id uuid not null references public.organisations (id) on delete cascade,
  id uuid not null default gen_random_uuid(),
  workspace_id uuid not null,
  lead_id uuid not null,
  qualifier text not null constraint lead_qualifications_qualifier_check check (qualifier in ('rules', 'llm', 'manual')),
  -- The model an LLM qualifier used (null for rules and people).
  model text constraint lead_qualifications_model_check check (length(model) between 1 and 200),
  score int not null constraint lead_qualifications_score_check check (score between 0 and 100),
  outcome text not null constraint lead_qualifications_outcome_check check (outcome in ('qualified', 'nurture', 'disqualified')),
  summary text constraint lead_qualifications_summary_check check (length(summary) <= 2000),
  -- [{criterion, points, matched}]: why, in the qualifier's words; never a credential.
  reasons jsonb not null default '[]'::jsonb constraint lead_qualifications_reasons_check
    check (jsonb_typeof(reasons) = 'array' and jsonb_array_length(reasons) <= 100 and octet_length(reasons::text) <= 32768),
  created_by uuid default app.uid() references auth.users (id) on delete set null,
  created_at timestamptz not null default now(),
  primary key (org_id, id),
  -- The organisation, the workspace and the lead must match: one composite reference says all three.
  constraint lead_qualifications_lead_fkey foreign key (org_id, workspace_id, lead_id)
    references public.leads (org_id, workspace_id, id) on delete cascade
);

create index if not exists lead_qualifications_lead_idx on public.lead_qualifications (org_id, workspace_id, lead_id, created_at);

alter table public.lead_qualifications enable row level security;

drop policy if exists "Members see their organisations' lead qualifications" on public.lead_qualifications;
create policy "Members see their organisations' lead qualifications" on public.lead_qualifications
  for select to authenticated
  using (org_id = any ((select app.caller_org_ids('viewer'))::uuid[]));

drop policy if exists "Owners, admins and members record lead qualifications" on public.lead_qualifications;
create policy "Owners, admins and members record lead qualifications" on public.lead_qualifications
  for insert to authenticated
  with check (org_id = any ((select app.caller_org_ids('member'))::uuid[]));

drop policy if exists "Platform operators manage lead qualifications" on public.lead_qualifications;
create policy "Platform operators manage lead qualifications" on public.lead_qualifications
  for all to platform_admin, service_role
  using ((select app.is_platform_operator()))
  with check ((select app.is_platform_operator()));

revoke all on public.lead_qualifications from anon, authenticated, platform_admin, service_role;
grant select, insert (org_id, workspace_id, lead_id, qualifier, model, score, outcome, summary, reasons)
  on public.lead_qualifications to authenticated;
-- No UPDATE for anyone: a qualification is history. DELETE only for the purge (operators).
grant select, insert, delete on public.lead_qualifications to platform_admin, service_role;

create or replace trigger lead_qualifications_same_org before update on public.lead_qualifications
  for each row execute function app.forbid_org_change();
create or replace trigger count_usage after insert on public.lead_qualifications
  referencing new table as new_rows for each statement execute function app.count_usage('ai_qualifications');
create or replace trigger audit_row_change after insert or delete on public.lead_qualifications
  for each row execute function app.audit_row_change('omit=summary,reasons');

-- The newest qualification becomes its lead's summary. Definer: tenants cannot write the summary
-- columns themselves; the insert it follows already passed the table's policy.
create or replace function app.apply_lead_qualification() returns trigger
language plpgsql security definer set search_path = pg_catalog, pg_temp as $$
begin
  update public.leads l
  set score = new.score, qualification = new.outcome, qualification_summary = new.summary, qualified_at = new.created_at,
      status = case when l.status in ('new', 'contacted', 'qualified', 'disqualified')
                     and new.outcome in ('qualified', 'disqualified') then new.outcome else l.status end
  where l.org_id = new.org_id and l.id = new.lead_id
    and (l.qualified_at is null or l.qualified_at <= new.created_at);
  return null;
end $$;

create or replace trigger lead_qualifications_apply after insert on public.lead_qualifications
  for each row execute function app.apply_lead_qualification();

-- How a workspace's leads are qualified: the rules scorer's criteria (src/revenue/qualify/rules.ts
-- validates them) and whether an LLM is asked instead. One row per workspace; none means defaults.
create table if not exists public.qualification_settings (
  org_id uuid not null references public.organisations (id) on delete cascade,
  id uuid not null default gen_random_uuid(),
  workspace_id uuid not null,
  qualifier text not null default 'rules' constraint qualification_settings_qualifier_check check (qualifier in ('rules', 'llm')),
  criteria jsonb not null default '{}'::jsonb constraint qualification_settings_criteria_check
    check (jsonb_typeof(criteria) = 'object' and octet_length(criteria::text) <= 32768),
  -- Qualify each new lead as it arrives (a queued job), or only when asked.
  auto_qualify boolean not null default true,
  updated_by uuid default app.uid() references auth.users (id) on delete set null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  primary key (org_id, id),
  constraint qualification_settings_workspace_key unique (org_id, workspace_id),
  constraint qualification_settings_workspace_fkey foreign key (org_id, workspace_id)
    references public.workspaces (org_id, id) on delete cascade
);

alter table public.qualification_settings enable row level security;

drop policy if exists "Members see their organisations' qualification settings" on public.qualification_settings;
create policy "Members see their organisations' qualification settings" on public.qualification_settings
  for select to authenticated
  using (org_id = any ((select app.caller_org_ids('viewer'))::uuid[]));

drop policy if exists "Owners and admins set qualification" on public.qualification_settings;
create policy "Owners and admins set qualification" on public.qualification_settings
  for insert to authenticated
  with check (org_id = any ((select app.caller_org_ids('admin'))::uuid[]));

drop policy if exists "Owners and admins change qualification" on public.qualification_settings;
create policy "Owners and admins change qualification" on public.qualification_settings
  for update to authenticated
  using (org_id = any ((select app.caller_org_ids('admin'))::uuid[]))
  with check (org_id = any ((select app.caller_org_ids('admin'))::uuid[]));

drop policy if exists "Owners and admins remove qualification settings" on public.qualification_settings;
create policy "Owners and admins remove qualification settings" on public.qualification_settings
  for delete to authenticated
  using (org_id = any ((select app.caller_org_ids('admin'))::uuid[]));

drop policy if exists "Platform operators manage qualification settings" on public.qualification_settings;
create policy "Platform operators manage qualification settings" on public.qualification_settings
  for all to platform_admin, service_role
  using ((select app.is_platform_operator()))
  with check ((select app.is_platform_operator()));

revoke all on public.qualification_settings from anon, authenticated, platform_admin, service_role;
grant select, insert (org_id, workspace_id, qualifier, criteria, auto_qualify),
  update (qualifier, criteria, auto_qualify), delete on public.qualification_settings to authenticated;
grant select, insert, update, delete on public.qualification_settings to platform_admin, service_role;

create or replace trigger qualification_settings_touch before update on public.qualification_settings
  for each row execute function app.touch_updated_at();
create or replace trigger qualification_settings_same_org before update on public.qualification_settings
  for each row execute function app.forbid_org_change();
create or replace trigger audit_row_change after insert or update or delete on public.qualification_settings
  for each row execute function app.audit_row_change();

-- Keys a public web form posts leads with: bound to one workspace, able to do nothing but add a
-- lead there. Shown once, stored as SHA-256 (minted by the server: src/revenue/leads/capture-keys.ts).
create table if not exists public.lead_capture_keys (
  org_id uuid not null references public.organisations (id) on delete cascade,
  id uuid not null default gen_random_uuid(),
  workspace_id uuid not null,
  name text not null constraint lead_capture_keys_name_check check (length(btrim(name)) between 1 and 200)
    constraint lead_capture_keys_name_single_line check (name !~ '[\x01-\x1f\x7f]'),
  key_hash bytea not null constraint lead_capture_keys_key_hash_key unique
    constraint lead_capture_keys_key_hash_check check (length(key_hash) = 32),
  prefix text not null constraint lead_capture_keys_prefix_check check (length(prefix) between 4 and 16),
  created_by uuid default app.uid() references auth.users (id) on delete set null,
  expires_at timestamptz,
  revoked_at timestamptz,
  last_used_at timestamptz,
  created_at timestamptz not null default now(),
  primary key (org_id, id),
  constraint lead_capture_keys_workspace_fkey foreign key (org_id, workspace_id)
    references public.workspaces (org_id, id) on delete cascade
);

create index if not exists lead_capture_keys_workspace_idx on public.lead_capture_keys (org_id, workspace_id);

alter table public.lead_capture_keys enable row level security;

drop policy if exists "Owners and admins see lead capture keys" on public.lead_capture_keys;
create policy "Owners and admins see lead capture keys" on public.lead_capture_keys
  for select to authenticated
  using (org_id = any ((select app.caller_org_ids('admin'))::uuid[]));

drop policy if exists "Owners and admins create lead capture keys" on public.lead_capture_keys;
create policy "Owners and admins create lead capture keys" on public.lead_capture_keys
  for insert to authenticated
  with check (org_id = any ((select app.caller_org_ids('admin'))::uuid[]));

drop policy if exists "Owners and admins rename and revoke lead capture keys" on public.lead_capture_keys;
create policy "Owners and admins rename and revoke lead capture keys" on public.lead_capture_keys
  for update to authenticated
  using (org_id = any ((select app.caller_org_ids('admin'))::uuid[]))
  with check (org_id = any ((select app.caller_org_ids('admin'))::uuid[]));

drop policy if exists "Platform operators manage lead capture keys" on public.lead_capture_keys;
create policy "Platform operators manage lead capture keys" on public.lead_capture_keys
  for all to platform_admin, service_role
  using ((select app.is_platform_operator()))
  with check ((select app.is_platform_operator()));

revoke all on public.lead_capture_keys from anon, authenticated, platform_admin, service_role;
-- The hash can be written (the server computes it) but never read back.
grant select (org_id, id, workspace_id, name, prefix, created_by, expires_at, revoked_at, last_used_at, created_at),
  insert (org_id, workspace_id, name, key_hash, prefix, expires_at),
  update (name, revoked_at) on public.lead_capture_keys to authenticated;
grant select (org_id, id, workspace_id, name, prefix, created_by, expires_at, revoked_at, last_used_at, created_at),
  update (name, revoked_at), delete on public.lead_capture_keys to platform_admin;
grant select, insert, update, delete on public.lead_capture_keys to service_role;

create or replace trigger lead_capture_keys_same_org before update on public.lead_capture_keys
  for each row execute function app.forbid_org_change();
create or replace trigger audit_row_change after insert or update or delete on public.lead_capture_keys
  for each row execute function app.audit_row_change('omit=key_hash', 'ignore=last_used_at');

-- A revoked key stays revoked.
create or replace function app.keep_capture_key_revoked() returns trigger
language plpgsql set search_path = pg_catalog, pg_temp as $$
begin
  if old.revoked_at is not null and new.revoked_at is distinct from old.revoked_at then
    raise exception 'the key is revoked' using errcode = 'PS409', column = 'revoked_at';
  end if;
  return new;
end $$;

create or replace trigger lead_capture_keys_stay_revoked before update on public.lead_capture_keys
  for each row execute function app.keep_capture_key_revoked();

-- A form's lead: the key (its SHA-256, computed by the server) decides the organisation and the
-- workspace. A key grants no more than its creator holds now: its creator must still be an active
-- owner, admin or member of the organisation, which must not be deleted. Every refusal is the same
-- "not found", so a caller learns nothing about keys it does not hold. `workspace` is what the form
-- named, if anything: it must be the key's. The form's request has no principal: the server calls
-- this as the service (the function, not the role, decides the tenant), and only this.
create or replace function app.capture_lead(key_hash bytea, lead jsonb, workspace uuid default null)
returns table (org_id uuid, lead_id uuid)
language plpgsql security definer set search_path = pg_catalog, pg_temp as $$
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
end $$;

revoke all on function app.capture_lead(bytea, jsonb, uuid) from public, anon, authenticated, platform_admin;
grant execute on function app.capture_lead(bytea, jsonb, uuid) to service_role;
