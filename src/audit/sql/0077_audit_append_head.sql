-- The chain's head row becomes the authority for (seq, hash) (issue 7: `audit_append_ratio_many_orgs`,
-- 8 writers in 8 organisations, one transaction per append, against plain inserts of the same shape).
-- Same hash format (palisade-audit/v1, byte for byte), same errors, masking, request context, platform
-- organisation and API key id; seq stays gapless and created_at never decreases along a chain.
--
-- Before: four statements per append (lock the head with SELECT … FOR UPDATE, probe the chain's last
-- entry, insert, move the head) and nine DECLARE initialisers, each its own PL/pgSQL expression. Now,
-- in the usual case, two statements: one UPDATE of the head row takes its lock, the next seq and the
-- previous hash, hashes the entry and moves the head on; then the insert. The entry's fields are
-- computed in one expression. The head is exact (it is the chain's last entry) except after a
-- transaction that appended to the chain more than 8 times (it moves the head with its first 8
-- appends and marks it, prev_hash null, at the 9th: a row updated thousands of times in one
-- transaction makes every later read walk all its versions), after a marked rewrite
-- (palisade.audit_rewrite; a trigger marks the heads it touched), and for heads from before this
-- migration. A marked head makes the next append read the chain as 0040 did, and exact again. The
-- deletion floor holds as before. Also: the chain column's CHECK becomes a domain, and the canonical
-- encoding converts to UTF-8 once (both below).
--
-- Measured on the test server (PostgreSQL 15, 2 shared cores, another benchmark running):
-- - Instructions per statement (callgrind, single-user backend, each statement its own transaction,
--   60 rounds interleaved with the plain insert of `palisade bench`, medians): one append
--   752 000 → 616 000, the plain insert 383 000 and 379 000, so 0.51 → 0.62 of the plain insert.
--   Transactions of 2, 3 and 20 appends: 1.23 → 1.08, 1.67 → 1.50, 9.36 → 9.10 million.
-- - `palisade bench`'s case 4 reproduced on two databases, one migrated without this file and one
--   with it, sides interleaved in rotating order, 8 writers × 200 appends per round in 8
--   organisations: ratio of the appends/s medians to the plain-insert median 0.63 → 0.71 and
--   0.66 → 0.67 (24 and 30 rounds; per-round medians 0.62 → 0.67 and 0.64 → 0.69; the new one
--   better in 16 of 24 and 23 of 30 rounds); server CPU per append 314 → 264 and 272 → 242 µs.
-- - What remains, by instructions: the hash (the encoding's loop and sha256), the masking test (a
--   case-insensitive regular expression over the documents' text, ~35 000), the fields, the head
--   update, and the insert, which costs what the plain insert costs.
-- Tried, not kept (A/B in the same settings, no better or worse): the update and the insert in one
-- data-modifying WITH (and slower when the head cannot be used); the canonical encoding inlined as one
-- expression instead of the loop (~40 000 instructions more: its ~100 nodes are prepared in every
-- transaction); the fields as separate variables; taking the head only at the first append of each
-- transaction (transactions of 2 and 3 appends were then 12–16% slower than before); a transaction-
-- level advisory lock with the floor kept by a delete trigger instead of the head update (the read that
-- replaces the update costs about as much, and a tail deleted with triggers disabled would no longer
-- show); testing the three documents for secrets one by one, or lower() and a case-sensitive pattern.

-- prev_hash: the head entry's own prev_hash, or null when the chain may have gone past the head (the
-- next append then reads the chain's last entry). Rows from before this migration start null, so the
-- first append of each chain reads it once. xact_moves: how many times the transaction that last moved
-- the head (its xmin) moved it. A transaction moves a head with each of its first 8 appends to that
-- chain and marks it at the 9th, so one transaction leaves at most 9 versions of the row.
alter table audit.chain_heads add column if not exists prev_hash bytea;
alter table audit.chain_heads add column if not exists xact_moves smallint not null default 0;

-- The chain's name: a domain instead of 0040's CHECK constraint on the column, so the same rule holds
-- for every value stored, but the head's UPDATE, which never sets chain, no longer reads and prepares
-- the constraint's expression in every statement (~40 000 instructions per append).
do $$
begin
  if to_regtype('audit.chain_name') is null then
    create domain audit.chain_name as text
      constraint chain_name_check check (value in ('audit_log', 'admin_actions'));
  end if;
  if (select a.atttypid from pg_catalog.pg_attribute a
      where a.attrelid = 'audit.chain_heads'::regclass and a.attname = 'chain') <> 'audit.chain_name'::regtype then
    alter table audit.chain_heads drop constraint if exists chain_heads_chain_check,
      alter column chain type audit.chain_name;
  end if;
end $$;

-- The canonical encoding (docs/audit.md), byte for byte as 0043's: the netstrings are built as text and
-- converted to UTF-8 once. In a UTF-8 database a text's octet_length is already its UTF-8 length, so
-- each field is no longer converted twice (~30 000 instructions of the append).
create or replace function app.audit_canonical(fields text[]) returns bytea
language plpgsql stable as $$
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
end $$;

-- What an entry takes from the call and the transaction, filled in one expression.
do $$
begin
  if to_regtype('audit.append_entry') is null then
    create type audit.append_entry as (
      org_id uuid, seq bigint, created_at timestamptz, actor_id uuid, actor_role text, actor_key_id uuid,
      old_data jsonb, new_data jsonb, details jsonb, request_id text, ip text, user_agent text,
      prev_hash bytea, hash bytea,
      -- this transaction has marked a head after many appends: skip the head's fast path
      repeated boolean);
  end if;
end $$;

create or replace function app.audit_append(
  p_chain text, p_org_id uuid, p_action text, p_target_table text, p_target_id text,
  p_old jsonb, p_new jsonb, p_details jsonb, p_request_id text default null
) returns bigint
language plpgsql volatile security definer set search_path = '' as $$
declare
  e audit.append_entry := row(coalesce(p_org_id, app.platform_org_id()), null, clock_timestamp(), app.uid(),
    coalesce(nullif(app.current_api_role(), ''), session_user::text), null, p_old, p_new, p_details,
    left(coalesce(nullif(p_request_id, ''), app.audit_setting('palisade.request_id', 200)), 200),
    app.audit_setting('palisade.client_ip', 100), app.audit_setting('palisade.user_agent', 512), null, null,
    coalesce(current_setting('palisade.audit_many_appends', true), '') = 'on')::audit.append_entry;
  v_head_seq bigint;
  v_head_hash bytea;
  v_exact boolean;
  v_mine boolean;
  v_last_seq bigint;
  v_last_hash bytea;
begin
  if p_chain is null or p_chain not in ('audit_log', 'admin_actions') or p_action is null
     or length(btrim(p_action)) = 0 or length(p_action) > 200 then
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
  if coalesce(p_old::text, '') || coalesce(p_new::text, '') || coalesce(p_details::text, '') ~* app.audit_secret_pattern() then
    e.old_data := app.audit_mask(p_old);
    e.new_data := app.audit_mask(p_new);
    e.details := app.audit_mask(p_details);
  end if;
  -- Only an API key acting as itself has a key id (app.api_key_id() is null otherwise).
  if e.actor_role = 'authenticated' and e.actor_id is null then
    e.actor_key_id := app.api_key_id();
  end if;
  if e.ip is not null then
    begin
      e.ip := host(e.ip::inet); -- one spelling per address, so the hash input is stable
    exception when others then
      e.ip := null; -- an unparseable forwarded address is dropped, never allowed to fail the write
    end;
  end if;

  -- The usual case: the head is the chain's last entry (and this transaction has moved it fewer than
  -- 8 times). The UPDATE is the lock; a writer that waited for it is re-evaluated on the head as the
  -- holder left it (READ COMMITTED), so seq, prev_hash and created_at always follow the entry before.
  -- created_at is when the append began, raised to the previous entry's if that is later, so it never
  -- decreases along the chain.
  if not e.repeated then
    update audit.chain_heads h
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
    -- Otherwise as in 0040: lock the head (creating it if missing), read the chain's last entry, and
    -- continue after whichever is further on, so a deleted tail still shows as a gap.
    select h.seq, h.hash, h.prev_hash is not null, h.xmin = xid(pg_current_xact_id())
      into v_head_seq, v_head_hash, v_exact, v_mine
    from audit.chain_heads h where h.org_id = e.org_id and h.chain = p_chain for update;
    if not found then
      insert into audit.chain_heads (org_id, chain, seq, hash)
      values (e.org_id, p_chain, 0, decode(repeat('00', 32), 'hex'))
      on conflict do nothing;
      select h.seq, h.hash into strict v_head_seq, v_head_hash
      from audit.chain_heads h where h.org_id = e.org_id and h.chain = p_chain for update;
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
      update audit.chain_heads h
      set seq = e.seq, hash = e.hash, prev_hash = e.prev_hash, updated_at = e.created_at, xact_moves = 1
      where h.org_id = e.org_id and h.chain = p_chain;
    elsif v_exact then
      -- This transaction has moved the head 8 times (or skipped the fast path): the floor moves once
      -- more and the head is marked, so the next transaction reads the chain; this transaction's later
      -- appends leave the head alone, and skip the fast path.
      update audit.chain_heads h
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
end $$;

-- A marked rewrite (0040: palisade.audit_rewrite) may change or delete any entry, the last included:
-- the heads of the organisations it touched are marked, so their next append reads the chain, as
-- before this migration. (Deleting entries leaves the head where it was: the floor.)
create or replace function app.audit_heads_reread() returns trigger
language plpgsql security definer set search_path = '' as $$
begin
  if tg_op = 'UPDATE' then
    update audit.chain_heads h set prev_hash = null
    where h.chain = tg_table_name and h.prev_hash is not null
      and h.org_id in (select o.org_id from rewritten_old o union select n.org_id from rewritten_new n);
  else
    update audit.chain_heads h set prev_hash = null
    where h.chain = tg_table_name and h.prev_hash is not null
      and h.org_id in (select o.org_id from rewritten_old o);
  end if;
  return null;
end $$;
revoke all on function app.audit_heads_reread() from public;

create or replace trigger audit_log_rewritten_update after update on public.audit_log
  referencing old table as rewritten_old new table as rewritten_new
  for each statement execute function app.audit_heads_reread();
create or replace trigger audit_log_rewritten_delete after delete on public.audit_log
  referencing old table as rewritten_old
  for each statement execute function app.audit_heads_reread();
create or replace trigger admin_actions_rewritten_update after update on public.admin_actions
  referencing old table as rewritten_old new table as rewritten_new
  for each statement execute function app.audit_heads_reread();
create or replace trigger admin_actions_rewritten_delete after delete on public.admin_actions
  referencing old table as rewritten_old
  for each statement execute function app.audit_heads_reread();
