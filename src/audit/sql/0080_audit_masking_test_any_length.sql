-- The masking test of 0079 for text of any length (issue 7). 0079 tested the documents' folded text
-- with a LIKE for each of the 13 secret-looking names: cheaper than 0043's case-insensitive regular
-- expression on short text, but each LIKE walks the whole text, so thirteen of them cost about 160
-- instructions a character against about 50 for one regular expression over the same folded text
-- (callgrind, 2 000 evaluations each: 10 800 against 35 800 at 45 characters, 124 000 against 70 000
-- at 748). An append whose documents came to 748 characters cost 831 000 instructions under 0077 and
-- 869 000 under 0079. Here the test takes the LIKEs up to 256 bytes of text, about where the two
-- cost the same, and the regular expression beyond: both look for the same names in the same folded text
-- (`_` literal in both), so which one runs changes only the cost, never the answer. The text is
-- folded once into a variable rather than in the test's argument, which the SQL function's inlining
-- would evaluate twice.
-- Measured the same way (one statement per transaction, 8 organisations; 0077 → 0079 → this file):
-- an append with 45 characters of details 616 000 → 567 000 → 573 000 instructions, with 748
-- characters 831 000 → 869 000 → 820 000; an audited UPDATE of an organisation's name (the row
-- trigger, its two documents and the append) 1 294 000 → 1 241 000 → 1 249 000. app.audit_mask folds
-- a document's text once into a variable for the same reason.

-- The names as one regular expression for folded text (app.audit_secret_likes() as LIKE patterns).
create or replace function app.audit_secret_folded_pattern() returns text
language sql immutable as $$
  select 'secret|token|passw|pwd|credential|ciphertext|private_key|key_hash|signing_key|api_key|apikey|authorization|cookie'
$$;

-- Does text folded by lower(… collate "C") name a secret anywhere? A superset of
-- app.audit_is_secret_key over the names in it, whichever of the two ways it takes.
create or replace function app.audit_folded_looks_secret(folded text) returns boolean
language sql immutable as $$
  select case when octet_length(folded) <= 256 then folded like any (app.audit_secret_likes())
              else folded ~ app.audit_secret_folded_pattern() end
$$;

create or replace function app.audit_mask(j jsonb, extra text[] default '{}') returns jsonb
language plpgsql immutable as $$
declare
  folded text;
begin
  -- Fast path: nothing in the document even looks like a secret's name (its text folded once).
  if j is null then
    return j;
  end if;
  if cardinality(extra) = 0 then
    folded := lower(j::text collate "C");
    if not app.audit_folded_looks_secret(folded) then
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
end $$;

create or replace function app.audit_masked(j jsonb) returns jsonb
language sql immutable as $$
  select case when j is null or not app.audit_folded_looks_secret(lower(j::text collate "C")) then j
              else app.audit_mask(j) end
$$;

create or replace function app.audit_append(
  p_chain text, p_org_id uuid, p_action text, p_target_table text, p_target_id text,
  p_old jsonb, p_new jsonb, p_details jsonb, p_request_id text default null
) returns bigint
language plpgsql volatile security definer set search_path = '' as $$
declare
  -- actor_id and actor_key_id come from the claims, below.
  e audit.append_entry := row(coalesce(p_org_id, app.platform_org_id()), null, clock_timestamp(), null,
    coalesce(nullif(nullif(current_setting('role', true), 'none'), ''), session_user::text), null, p_old, p_new, p_details,
    left(coalesce(nullif(p_request_id, ''), nullif(current_setting('palisade.request_id', true), '')), 200),
    left(nullif(current_setting('palisade.client_ip', true), ''), 100),
    left(nullif(current_setting('palisade.user_agent', true), ''), 512), null, null,
    current_setting('palisade.audit_many_appends', true) = 'on')::audit.append_entry;
  v_head_seq bigint;
  v_head_hash bytea;
  v_exact boolean;
  v_mine boolean;
  v_last_seq bigint;
  v_last_hash bytea;
  -- The three documents' text, folded as app.audit_is_secret_key folds names.
  v_folded text := lower(concat(p_old, p_new, p_details) collate "C");
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
  if app.audit_folded_looks_secret(v_folded) then
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
  if e.ip is not null then
    begin
      e.ip := host(e.ip::inet); -- one spelling per address, so the hash input is stable
    exception when others then
      e.ip := null; -- an unparseable forwarded address is dropped, never allowed to fail the write
    end;
  end if;

  -- The usual case (0077): the head is the chain's last entry and this transaction has moved it fewer
  -- than 8 times. The UPDATE is the lock; a writer that waited for it is re-evaluated on the head as the
  -- holder left it (READ COMMITTED), so seq, prev_hash and created_at always follow the entry before.
  -- A head it moves has a valid chain name (the column's domain), so the name is checked only below.
  if e.repeated is not true then
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
    if p_chain is null or p_chain not in ('audit_log', 'admin_actions') then
      raise exception 'chain must be audit_log or admin_actions' using errcode = 'PS422', column = 'chain';
    end if;
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
