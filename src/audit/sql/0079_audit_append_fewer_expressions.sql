-- Fewer expressions on an append's usual path, and a masking test that costs less at every
-- document size (issue 7: `audit_append_ratio_many_orgs`, 8 writers in 8 organisations, one
-- transaction per append, against plain inserts of the same shape). Same hash format
-- (palisade-audit/v1, byte for byte), same errors, same head and floor as 0077.
--
-- PL/pgSQL prepares each expression it evaluates again in every transaction, and preparing a function
-- call costs about as much as making it (~1 100 instructions, measured: 20 calls of length() added
-- ~24 000 to an append). An append is one transaction in the usual case, so what it pays for is mostly
-- the number of expressions and calls it goes through, not what they compute. Counted (callgrind, a
-- single-user backend on a cloned database per run, each statement its own transaction, 150 minus 50
-- over 8 organisations; the plain insert of `palisade bench` 383 000 in the same setting):
--
-- - The masking test. 0077 ran a case-insensitive regular expression over the three documents' text,
--   whose folding follows the database's locale (under a libc Turkish collation `API_KEY` does not
--   match `api_key`, while `APİ_KEY` does; checked on the test server). Here it folds ASCII letters
--   only, the same in every locale: up to 256 bytes, a LIKE for each of the 13 names over
--   lower(… collate "C"); beyond, one case-insensitive regular expression under the "C" collation,
--   which folds exactly as lower(… collate "C") does (checked: `API_KEY` and `Api_Key` match,
--   `APİ_KEY`, `apı_key` and `ÀPI_KEY` do not). Thirteen LIKEs cost ~160 instructions a character,
--   the expression ~37 plus ~25 000 to start (2 000 evaluations each: 10 800 and 34 900 at 45
--   characters, 124 000 and 61 000 at 748), so each takes the lengths where it is cheaper; which one
--   runs changes only the cost, never the answer. app.audit_is_secret_key, app.audit_mask and
--   app.audit_masked use the same folding, so the fast path never skips what the full walk would
--   mask. The documents' text is made once, into a variable (the SQL test's inlining would evaluate
--   its argument twice).
-- - The claims: app.uid() (two readings of the claims, a regular expression) and the API-key lookup
--   only when claims are set: −13 500 without claims (jobs, the CLI, service writes), one setting
--   read more with them.
-- - The chain's name is checked where a head is read or created: an UPDATE that moved a head proves it
--   (audit.chain_heads.chain is the domain audit.chain_name), and an unknown or missing name never
--   finds one, so it reaches the check and the same error as before: −3 000.
-- - The role and request settings read without the SQL helpers' nested defaults: −3 000.
-- One append (0077 → this file): 45 characters of details 616 000 → 572 000 instructions, 748 characters
-- 831 000 → 811 000, 8 560 characters 3 652 000 → 3 643 000; an audited update of an organisation's name
-- 1 294 000 → 1 243 000 (the plain insert of 45 characters: 383 000). `palisade bench`'s case 4 on two databases, interleaved in rotating order, 10 rounds:
-- 0.64 → 0.67 of the plain-insert rate (medians, measured with this file's short-text path alone).
-- Tried, not kept (counted the same way): LIKEs at every length (748 characters: 869 000, above
-- 0077) and a case-sensitive expression over the folded text beyond 256 bytes (~50 a character:
-- 8 560 characters 3 756 000, above 0077); the canonical encoding inlined into the head's UPDATE, as
-- array_to_string over 17 netstrings (+24 000) or its head-independent part built beforehand in this
-- function (−4 000, for the encoding split across two places); string_agg over unnest (+61 000, and
-- +217 000 as a SQL function); the UPDATE and the INSERT as one data-modifying WITH (−2 000); an index
-- scan forced on the head (+3 000, and no faster under load); a lower fillfactor on audit.chain_heads (no
-- faster under load).

-- The secret-looking names, as LIKE patterns for text folded to lower case (`_` escaped).
create or replace function app.audit_secret_likes() returns text[]
language sql immutable as $$
  select array['%secret%', '%token%', '%passw%', '%pwd%', '%credential%', '%ciphertext%', '%private\_key%',
    '%key\_hash%', '%signing\_key%', '%api\_key%', '%apikey%', '%authorization%', '%cookie%']
$$;

-- As in 0040, through the folded test: a secret-looking name that is not an identifier, a timestamp,
-- a reference or a count.
create or replace function app.audit_is_secret_key(k text) returns boolean
language sql immutable as $$
  select lower(k collate "C") like any (app.audit_secret_likes())
     and not lower(k collate "C") like any (array['%\_id', '%\_ids', '%\_ref', '%\_at', '%\_count'])
$$;

-- Does the text (JSON, as it is) name a secret anywhere? A superset of app.audit_is_secret_key over
-- the names in it, whichever of the two ways it takes. The expression is 0040's app.audit_secret_pattern().
create or replace function app.audit_text_looks_secret(t text) returns boolean
language sql immutable as $$
  select case when octet_length(t) <= 256 then lower(t collate "C") like any (app.audit_secret_likes())
              else (t collate "C") ~* app.audit_secret_pattern() end
$$;

create or replace function app.audit_mask(j jsonb, extra text[] default '{}') returns jsonb
language plpgsql immutable as $$
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
end $$;

create or replace function app.audit_masked(j jsonb) returns jsonb
language sql immutable as $$
  select case when j is null or not app.audit_text_looks_secret(j::text) then j
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
  -- The three documents' text, made once for the masking test.
  v_docs text := concat(p_old, p_new, p_details);
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
