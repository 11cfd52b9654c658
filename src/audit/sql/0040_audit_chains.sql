-- Tamper-evident audit: two hash chains per organisation, public.audit_log (what happened to the
-- tenant's data) and public.admin_actions (what platform operators and the server did to or for
-- it), each row (org_id, seq) with seq gapless from 1 and hash = sha256(prev_hash || entry); the
-- chain heads and signed anchors. The writer is in 0041_audit_append.sql.
-- Threat model. API roles can read (owners/admins their organisation's rows, operators all) and
-- can append only through app.audit_append, reached by triggers and two granted RPCs. Nobody
-- edits: no UPDATE/DELETE/TRUNCATE grant exists and a trigger refuses them even for the owner
-- unless a migration marks itself (palisade.audit_rewrite). A superuser can still disable
-- triggers; that is what the chain and the signed anchors make evident, not preventable.

create schema if not exists palisade_audit;
revoke all on schema palisade_audit from public;

-- The reserved organisation that chains platform-wide events (no tenant concerned). Fixed and
-- well known so every installation agrees; created on first use by app.ensure_platform_org()
-- rather than here, so an empty database still looks empty to first-start checks.
create or replace function app.platform_org_id() returns uuid
language sql immutable as $$
  select '00000000-0000-0000-0000-000000000001'::pg_catalog.uuid
$$;
grant execute on function app.platform_org_id() to anon, authenticated, service_role;

create or replace function app.ensure_platform_org() returns void
language plpgsql volatile security definer set search_path = pg_catalog, pg_temp as $$
begin
  if not exists (select 1 from public.organisations o where o.id = app.platform_org_id()) then
    insert into public.organisations (id, name) values (app.platform_org_id(), 'Palisade platform (reserved)')
    on conflict (id) do nothing;
  end if;
end $$;

-- Nobody joins the platform organisation: its chains are read by operators through their own
-- policies, never through a membership someone could grant themselves.
create or replace function app.guard_platform_org() returns trigger
language plpgsql set search_path = pg_catalog, pg_temp as $$
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
  using (org_id = any ((select app.caller_org_ids('admin'))::uuid[]));

drop policy if exists "Platform operators read every audit log" on public.audit_log;
create policy "Platform operators read every audit log" on public.audit_log
  for select to platform_admin, service_role
  using ((select app.is_platform_operator()));

drop policy if exists "Owners and admins read admin actions on their organisations" on public.admin_actions;
create policy "Owners and admins read admin actions on their organisations" on public.admin_actions
  for select to authenticated
  using (org_id = any ((select app.caller_org_ids('admin'))::uuid[]));

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
create or replace function app.refuse_audit_change() returns trigger
language plpgsql set search_path = pg_catalog, pg_temp as $$
begin
  if coalesce(current_setting('palisade.audit_rewrite', true), '') <> '' and app.current_api_role() = '' then
    return case when tg_level = 'STATEMENT' then null when tg_op = 'DELETE' then old else new end;
  end if;
  raise exception '%.% is append-only: % is refused', tg_table_schema, tg_table_name, lower(tg_op)
    using errcode = 'PS403', table = tg_table_name,
          hint = 'Entries are written by app.audit_append only; a migration that must rewrite history sets palisade.audit_rewrite locally first.';
end $$;

create or replace trigger audit_log_append_only before update or delete on public.audit_log
  for each row execute function app.refuse_audit_change();
create or replace trigger audit_log_no_truncate before truncate on public.audit_log
  for each statement execute function app.refuse_audit_change();
create or replace trigger admin_actions_append_only before update or delete on public.admin_actions
  for each row execute function app.refuse_audit_change();
create or replace trigger admin_actions_no_truncate before truncate on public.admin_actions
  for each statement execute function app.refuse_audit_change();

-- One head row per (organisation, chain): the lock that serialises appends to that chain and
-- only that chain. Chosen over pg_advisory_xact_lock on a hash of the org id because a 32-bit
-- hash lets two organisations collide and wait on each other (and shares its key space with
-- every other advisory lock user); a row lock is exact, and the row also remembers how far the
-- chain had got (see below). Not trusted by the verifier, which recomputes everything.
--
-- seq, hash: how far the chain had got (the deletion floor). prev_hash: the head entry's own
-- prev_hash, or null when the chain may have gone past the head (the next append then reads the
-- chain's last entry). xact_moves: how many times the transaction that last moved the head (its
-- xmin) moved it; a transaction moves a head with each of its first 8 appends to that chain and
-- marks it at the 9th, so one transaction leaves at most 9 versions of the row.
--
-- The chain's name is a domain rather than a CHECK on the column, so the head's UPDATE, which
-- never sets chain, does not evaluate the constraint's expression in every statement.
do $$
begin
  if to_regtype('palisade_audit.chain_name') is null then
    create domain palisade_audit.chain_name as text
      constraint chain_name_check check (value in ('audit_log', 'admin_actions'));
  end if;
end $$;

create table if not exists palisade_audit.chain_heads (
  org_id uuid not null,
  chain palisade_audit.chain_name not null,
  seq bigint not null,
  hash bytea not null,
  updated_at timestamptz not null default now(),
  prev_hash bytea,
  xact_moves smallint not null default 0,
  primary key (org_id, chain)
);
alter table palisade_audit.chain_heads enable row level security;
revoke all on palisade_audit.chain_heads from anon, authenticated, platform_admin, service_role, public;

-- What an append takes from the call and the transaction (app.audit_append fills it in one
-- expression).
do $$
begin
  if to_regtype('palisade_audit.append_entry') is null then
    create type palisade_audit.append_entry as (
      org_id uuid, seq bigint, created_at timestamptz, actor_id uuid, actor_role text, actor_key_id uuid,
      old_data jsonb, new_data jsonb, details jsonb, request_id text, ip text, user_agent text,
      prev_hash bytea, hash bytea,
      -- this transaction has marked a head after many appends: skip the head's fast path
      repeated boolean);
  end if;
end $$;

-- Anchors: signed chain heads (docs/audit.md "Anchors"). An anchor says: on <signed_at>, chain <chain> of
-- organisation <org_id> ended at <seq> with <hash>, signed with Ed25519 by a key that never enters
-- the database. Whoever truncates a chain or rewrites it consistently from some entry on cannot
-- make it match an earlier anchor without that key. Rows here are a convenience copy; the JSON
-- file `palisade audit anchor --out` writes is the copy to keep out of the database's reach.
create table if not exists palisade_audit.anchors (
  org_id uuid not null,
  id bigint generated always as identity,
  chain text not null constraint anchors_chain_check check (chain in ('audit_log', 'admin_actions')),
  seq bigint not null constraint anchors_seq_check check (seq >= 1),
  hash bytea not null constraint anchors_hash_check check (octet_length(hash) = 32),
  signed_at timestamptz not null,
  key_id text not null constraint anchors_key_id_check check (key_id ~ '^[0-9a-f]{16}$'),
  signature bytea not null constraint anchors_signature_check check (octet_length(signature) = 64),
  created_at timestamptz not null default now(),
  primary key (org_id, id)
);

create index if not exists anchors_org_chain_seq_idx on palisade_audit.anchors (org_id, chain, seq);

alter table palisade_audit.anchors enable row level security;

-- Owners and admins check their own chains (GET /v1/orgs/:orgId/audit/verify) against them.
drop policy if exists "Owners and admins read their organisations' anchors" on palisade_audit.anchors;
create policy "Owners and admins read their organisations' anchors" on palisade_audit.anchors
  for select to authenticated
  using (org_id = any ((select app.caller_org_ids('admin'))::uuid[]));

drop policy if exists "Platform operators read every anchor" on palisade_audit.anchors;
create policy "Platform operators read every anchor" on palisade_audit.anchors
  for select to platform_admin, service_role
  using ((select app.is_platform_operator()));

-- The server's periodic anchoring runs as the service role.
drop policy if exists "The service records anchors" on palisade_audit.anchors;
create policy "The service records anchors" on palisade_audit.anchors
  for insert to service_role
  with check ((select app.is_platform_service()));

drop policy if exists "Platform operators read chain heads" on palisade_audit.chain_heads;
create policy "Platform operators read chain heads" on palisade_audit.chain_heads
  for select to platform_admin, service_role
  using ((select app.is_platform_operator()));

grant usage on schema palisade_audit to authenticated, service_role;
revoke all on palisade_audit.anchors from anon, authenticated, platform_admin, service_role, public;
grant select on palisade_audit.anchors to authenticated, service_role;
grant insert (org_id, chain, seq, hash, signed_at, key_id, signature) on palisade_audit.anchors to service_role;
grant select on palisade_audit.chain_heads to platform_admin, service_role;

-- Anchors are evidence too: append-only like the chains.
create or replace trigger anchors_append_only before update or delete on palisade_audit.anchors
  for each row execute function app.refuse_audit_change();
create or replace trigger anchors_no_truncate before truncate on palisade_audit.anchors
  for each statement execute function app.refuse_audit_change();
