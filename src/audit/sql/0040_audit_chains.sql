-- Tamper-evident audit (seed 004: "hash chains stamp the acting tenant"). docs/audit.md specifies
-- the canonical encoding byte for byte; src/audit/canonical.ts is its Node twin.
--
-- Two chains per organisation, public.audit_log (what happened to the tenant's data) and
-- public.admin_actions (what platform operators and the server did to or for it). Each row is
-- (org_id, seq) with seq gapless from 1 and hash = sha256(prev_hash || canonical entry).
--
-- Threat model. API roles can read (owners/admins their organisation's rows, operators all) and
-- can append only through app.audit_append, reached by triggers and two granted RPCs. Nobody
-- edits: no UPDATE/DELETE/TRUNCATE grant exists and a trigger refuses them even for the owner
-- unless a migration marks itself (palisade.audit_rewrite). A superuser can still disable
-- triggers; that is what the chain and the signed anchors (0042) make evident, not preventable.

create schema if not exists audit;
revoke all on schema audit from public;

-- The reserved organisation that chains platform-wide events (no tenant concerned). Fixed and
-- well known so every installation agrees; created on first use by app.ensure_platform_org()
-- rather than here, so an empty database still looks empty to first-start checks.
create or replace function app.platform_org_id() returns uuid
language sql immutable as $$
  select '00000000-0000-0000-0000-000000000001'::uuid
$$;
grant execute on function app.platform_org_id() to anon, authenticated, service_role;

create or replace function app.ensure_platform_org() returns void
language plpgsql volatile security definer set search_path = '' as $$
begin
  if not exists (select 1 from public.organisations o where o.id = app.platform_org_id()) then
    insert into public.organisations (id, name) values (app.platform_org_id(), 'Palisade platform (reserved)')
    on conflict (id) do nothing;
  end if;
end $$;

-- Nobody joins the platform organisation: its chains are read by operators through their own
-- policies, never through a membership someone could grant themselves.
create or replace function app.guard_platform_org() returns trigger
language plpgsql set search_path = '' as $$
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
end $$;

create or replace trigger organisations_platform_guard before delete on public.organisations
  for each row when (old.id = '00000000-0000-0000-0000-000000000001') execute function app.guard_platform_org();
create or replace trigger organisation_members_platform_guard before insert or update on public.organisation_members
  for each row when (new.org_id = '00000000-0000-0000-0000-000000000001') execute function app.guard_platform_org();

-- The two chains share one shape, so one canonical encoding covers both.
-- No foreign key to organisations, deliberately: an organisation's history outlives it (its
-- deletion is itself the last entry of its chain), and a cascade would erase the evidence.
create table if not exists public.audit_log (
  org_id uuid not null,
  seq bigint not null constraint audit_log_seq_check check (seq >= 1),
  created_at timestamptz not null,
  actor_id uuid,
  actor_role text not null,
  actor_key_id uuid,
  action text not null constraint audit_log_action_check check (length(action) between 1 and 200),
  target_table text,
  target_id text,
  old_data jsonb,
  new_data jsonb,
  details jsonb,
  request_id text,
  ip text,
  user_agent text,
  prev_hash bytea not null constraint audit_log_prev_hash_check check (octet_length(prev_hash) = 32),
  hash bytea not null constraint audit_log_hash_check check (octet_length(hash) = 32),
  primary key (org_id, seq)
);

create table if not exists public.admin_actions (
  org_id uuid not null,
  seq bigint not null constraint admin_actions_seq_check check (seq >= 1),
  created_at timestamptz not null,
  actor_id uuid,
  actor_role text not null,
  actor_key_id uuid,
  action text not null constraint admin_actions_action_check check (length(action) between 1 and 200),
  target_table text,
  target_id text,
  old_data jsonb,
  new_data jsonb,
  details jsonb,
  request_id text,
  ip text,
  user_agent text,
  prev_hash bytea not null constraint admin_actions_prev_hash_check check (octet_length(prev_hash) = 32),
  hash bytea not null constraint admin_actions_hash_check check (octet_length(hash) = 32),
  primary key (org_id, seq)
);

-- The API's filters (GET /v1/orgs/:orgId/audit): by action, by actor, by time.
create index if not exists audit_log_org_action_idx on public.audit_log (org_id, action, seq);
create index if not exists audit_log_org_actor_idx on public.audit_log (org_id, actor_id, seq);
create index if not exists audit_log_org_created_idx on public.audit_log (org_id, created_at);
create index if not exists admin_actions_org_action_idx on public.admin_actions (org_id, action, seq);
create index if not exists admin_actions_org_actor_idx on public.admin_actions (org_id, actor_id, seq);
create index if not exists admin_actions_org_created_idx on public.admin_actions (org_id, created_at);

alter table public.audit_log enable row level security;
alter table public.admin_actions enable row level security;

-- Tenants see what operators did to them too (admin_actions): transparency is the point.
drop policy if exists "Owners and admins read their organisations' audit log" on public.audit_log;
create policy "Owners and admins read their organisations' audit log" on public.audit_log
  for select to authenticated
  using (org_id in (select app.org_ids_with_role('{owner,admin}')));

drop policy if exists "Platform operators read every audit log" on public.audit_log;
create policy "Platform operators read every audit log" on public.audit_log
  for select to platform_admin, service_role
  using ((select app.is_platform_operator()));

drop policy if exists "Owners and admins read admin actions on their organisations" on public.admin_actions;
create policy "Owners and admins read admin actions on their organisations" on public.admin_actions
  for select to authenticated
  using (org_id in (select app.org_ids_with_role('{owner,admin}')));

drop policy if exists "Platform operators read every admin action" on public.admin_actions;
create policy "Platform operators read every admin action" on public.admin_actions
  for select to platform_admin, service_role
  using ((select app.is_platform_operator()));

-- Read-only for every API role: no INSERT (only app.audit_append writes), no UPDATE, no DELETE.
revoke all on public.audit_log, public.admin_actions from anon, authenticated, platform_admin, service_role, public;
grant select on public.audit_log, public.admin_actions to authenticated, service_role;

-- Append-only, for the owner too. A migration that must rewrite history (a retention purge, a
-- re-hash) says so first: select set_config('palisade.audit_rewrite', '<migration>: <why>', true).
-- The mark is transaction-local and only honoured outside API roles.
create or replace function app.audit_append_only() returns trigger
language plpgsql set search_path = '' as $$
begin
  if coalesce(current_setting('palisade.audit_rewrite', true), '') <> '' and app.current_api_role() = '' then
    return case when tg_level = 'STATEMENT' then null when tg_op = 'DELETE' then old else new end;
  end if;
  raise exception '%.% is append-only: % is refused', tg_table_schema, tg_table_name, lower(tg_op)
    using errcode = 'PS403', table = tg_table_name,
          hint = 'Entries are written by app.audit_append only; a migration that must rewrite history sets palisade.audit_rewrite locally first.';
end $$;

create or replace trigger audit_log_append_only before update or delete on public.audit_log
  for each row execute function app.audit_append_only();
create or replace trigger audit_log_no_truncate before truncate on public.audit_log
  for each statement execute function app.audit_append_only();
create or replace trigger admin_actions_append_only before update or delete on public.admin_actions
  for each row execute function app.audit_append_only();
create or replace trigger admin_actions_no_truncate before truncate on public.admin_actions
  for each statement execute function app.audit_append_only();

-- One head row per (organisation, chain): the lock that serialises appends to that chain and
-- only that chain. Chosen over pg_advisory_xact_lock on a hash of the org id because a 32-bit
-- hash lets two organisations collide and wait on each other (and shares its key space with
-- every other advisory lock user); a row lock is exact, and the row also remembers how far the
-- chain had got (see app.audit_append). Not trusted by the verifier, which recomputes everything.
create table if not exists audit.chain_heads (
  org_id uuid not null,
  chain text not null constraint chain_heads_chain_check check (chain in ('audit_log', 'admin_actions')),
  seq bigint not null,
  hash bytea not null,
  updated_at timestamptz not null default now(),
  primary key (org_id, chain)
);
alter table audit.chain_heads enable row level security;
revoke all on audit.chain_heads from anon, authenticated, platform_admin, service_role, public;

-- The pure helpers from here to app.audit_setting do not pin search_path, deliberately: a SET
-- clause stops PostgreSQL from inlining a SQL function and costs a configuration push per call
-- (17 encoded fields: ~0.4 ms per append). They name only pg_catalog built-ins and schema-qualified
-- app.* functions, are not security definer, and run inside app.audit_append, which pins it.

-- Secret-looking keys anywhere in old/new/details are replaced by "[masked]" (a null stays null:
-- knowing a secret is unset reveals nothing). Identifiers and timestamps named after secrets
-- (credential_id, token_expires_at, vault_secret_ref) stay readable: they are not the secret.
create or replace function app.audit_secret_pattern() returns text
language sql immutable as $$
  select '(secret|token|passw|pwd|credential|ciphertext|private_key|key_hash|signing_key|api_key|apikey|authorization|cookie)'
$$;

create or replace function app.audit_is_secret_key(k text) returns boolean
language sql immutable as $$
  select k ~* app.audit_secret_pattern() and k !~* '(_id|_ids|_ref|_at|_count)$'
$$;

create or replace function app.audit_mask(j jsonb, extra text[] default '{}') returns jsonb
language plpgsql immutable as $$
begin
  -- Fast path: nothing in the document even looks like a secret's name.
  if j is null or (cardinality(extra) = 0 and j::text !~* app.audit_secret_pattern()) then
    return j;
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
end $$;

-- The canonical encoding (docs/audit.md "Canonical encoding"): each field is a netstring
-- "<UTF-8 byte length>:<bytes>," and a SQL null is "~,". Length prefixes make it unambiguous
-- whatever the fields contain.
create or replace function app.audit_field(v text) returns bytea
language sql stable as $$
  select case when v is null then '\x7e2c'::bytea
              else convert_to(octet_length(convert_to(v, 'UTF8'))::text || ':', 'UTF8')
                   || convert_to(v, 'UTF8') || '\x2c'::bytea end
$$;

create or replace function app.audit_entry_hash(
  prev_hash bytea, chain text, org_id uuid, seq bigint, created_at timestamptz,
  actor_id uuid, actor_role text, actor_key_id uuid, action text, target_table text, target_id text,
  old_data jsonb, new_data jsonb, details jsonb, request_id text, ip text, user_agent text
) returns bytea
language sql stable as $$
  select sha256(
    prev_hash
    || app.audit_field('palisade-audit/v1')
    || app.audit_field(chain)
    || app.audit_field(org_id::text)
    || app.audit_field(seq::text)
    || app.audit_field(to_char(created_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'))
    || app.audit_field(actor_id::text)
    || app.audit_field(actor_role)
    || app.audit_field(actor_key_id::text)
    || app.audit_field(action)
    || app.audit_field(target_table)
    || app.audit_field(target_id)
    || app.audit_field(old_data::text)
    || app.audit_field(new_data::text)
    || app.audit_field(details::text)
    || app.audit_field(request_id)
    || app.audit_field(ip)
    || app.audit_field(user_agent))
$$;

-- Request context the server sets per transaction (src/audit/context.ts), read when present.
create or replace function app.audit_setting(name text, max_len int) returns text
language sql stable as $$
  select left(nullif(current_setting(name, true), ''), max_len)
$$;

-- The one writer of both chains. Serialises per (organisation, chain) on its head row, so
-- writers in different organisations never wait on each other; the row lock is held until
-- commit, so seq is gapless (a rolled-back append rolls back with its transaction) and
-- created_at, taken after the lock, never decreases along a chain.
--
-- The previous entry is read from the chain itself (a primary-key probe). The head row keeps a
-- floor: the seq and hash it last saw, refreshed at the first append of each transaction only
-- (updating one row thousands of times in one transaction makes every later probe walk all its
-- versions). If entries at or below that floor disappear, the next append continues after the
-- floor, so the deletion shows as a gap even before any anchor is checked.
create or replace function app.audit_append(
  p_chain text, p_org_id uuid, p_action text, p_target_table text, p_target_id text,
  p_old jsonb, p_new jsonb, p_details jsonb, p_request_id text default null
) returns bigint
language plpgsql volatile security definer set search_path = '' as $$
declare
  v_org uuid := coalesce(p_org_id, app.platform_org_id());
  v_head_seq bigint;
  v_head_hash bytea;
  v_head_mine boolean;
  v_last_seq bigint;
  v_last_hash bytea;
  v_seq bigint;
  v_prev bytea;
  v_hash bytea;
  v_at timestamptz;
  v_actor uuid := app.uid();
  v_role text := coalesce(nullif(app.current_api_role(), ''), session_user::text);
  v_key uuid := app.api_key_id();
  v_old jsonb := app.audit_mask(p_old);
  v_new jsonb := app.audit_mask(p_new);
  v_details jsonb := app.audit_mask(p_details);
  v_request text := left(coalesce(nullif(p_request_id, ''), app.audit_setting('palisade.request_id', 200)), 200);
  v_ip text := app.audit_setting('palisade.client_ip', 100);
  v_agent text := app.audit_setting('palisade.user_agent', 512);
begin
  if p_chain is null or p_chain not in ('audit_log', 'admin_actions') then
    raise exception 'chain must be audit_log or admin_actions' using errcode = 'PS422', column = 'chain';
  end if;
  if p_action is null or length(btrim(p_action)) = 0 or length(p_action) > 200 then
    raise exception 'action is required (at most 200 characters)' using errcode = 'PS422', column = 'action';
  end if;
  if v_org = app.platform_org_id() then
    perform app.ensure_platform_org();
  end if;
  if v_ip is not null then
    begin
      v_ip := host(v_ip::inet); -- one spelling per address, so the hash input is stable
    exception when others then
      v_ip := null; -- an unparseable forwarded address is dropped, never allowed to fail the write
    end;
  end if;

  -- The lock. A missing head row (first append, or lost) is created, then locked.
  select h.seq, h.hash, h.xmin = xid(pg_current_xact_id()) into v_head_seq, v_head_hash, v_head_mine
  from audit.chain_heads h where h.org_id = v_org and h.chain = p_chain for update;
  if not found then
    insert into audit.chain_heads (org_id, chain, seq, hash)
    values (v_org, p_chain, 0, decode(repeat('00', 32), 'hex'))
    on conflict do nothing;
    select h.seq, h.hash, h.xmin = xid(pg_current_xact_id()) into strict v_head_seq, v_head_hash, v_head_mine
    from audit.chain_heads h where h.org_id = v_org and h.chain = p_chain for update;
  end if;

  if p_chain = 'audit_log' then
    select e.seq, e.hash into v_last_seq, v_last_hash from public.audit_log e
    where e.org_id = v_org order by e.seq desc limit 1;
  else
    select e.seq, e.hash into v_last_seq, v_last_hash from public.admin_actions e
    where e.org_id = v_org order by e.seq desc limit 1;
  end if;
  if v_last_seq is null or v_last_seq < v_head_seq then
    v_seq := v_head_seq + 1;
    v_prev := v_head_hash;
  else
    v_seq := v_last_seq + 1;
    v_prev := v_last_hash;
  end if;

  v_at := clock_timestamp();
  v_hash := app.audit_entry_hash(v_prev, p_chain, v_org, v_seq, v_at, v_actor, v_role, v_key, p_action,
    p_target_table, p_target_id, v_old, v_new, v_details, v_request, v_ip, v_agent);

  if p_chain = 'audit_log' then
    insert into public.audit_log (org_id, seq, created_at, actor_id, actor_role, actor_key_id, action, target_table,
      target_id, old_data, new_data, details, request_id, ip, user_agent, prev_hash, hash)
    values (v_org, v_seq, v_at, v_actor, v_role, v_key, p_action, p_target_table, p_target_id, v_old, v_new, v_details,
      v_request, v_ip, v_agent, v_prev, v_hash);
  else
    insert into public.admin_actions (org_id, seq, created_at, actor_id, actor_role, actor_key_id, action, target_table,
      target_id, old_data, new_data, details, request_id, ip, user_agent, prev_hash, hash)
    values (v_org, v_seq, v_at, v_actor, v_role, v_key, p_action, p_target_table, p_target_id, v_old, v_new, v_details,
      v_request, v_ip, v_agent, v_prev, v_hash);
  end if;

  if not v_head_mine then
    update audit.chain_heads h set seq = v_seq, hash = v_hash, updated_at = v_at
    where h.org_id = v_org and h.chain = p_chain;
  end if;
  return v_seq;
end $$;

-- The server's record of its own and operators' actions (sign-ins, admin token minting, every
-- admin write). A null organisation is platform-wide and lands in the platform organisation.
create or replace function app.record_admin_action(
  p_org_id uuid, p_action text, p_target_table text, p_target_id text, p_details jsonb, p_request_id text
) returns bigint
language plpgsql volatile security definer set search_path = '' as $$
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
end $$;

-- The same for audit_log events that are not row changes (e.g. API key use summaries); service only.
create or replace function app.record_audit_event(
  p_org_id uuid, p_action text, p_target_table text, p_target_id text, p_details jsonb, p_request_id text
) returns bigint
language plpgsql volatile security definer set search_path = '' as $$
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
end $$;

revoke all on function app.ensure_platform_org(), app.audit_append(text, uuid, text, text, text, jsonb, jsonb, jsonb, text),
  app.record_admin_action(uuid, text, text, text, jsonb, text), app.record_audit_event(uuid, text, text, text, jsonb, text)
  from public;
grant execute on function app.record_admin_action(uuid, text, text, text, jsonb, text) to service_role, platform_admin;
grant execute on function app.record_audit_event(uuid, text, text, text, jsonb, text) to service_role;
