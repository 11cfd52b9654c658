-- The writer of both audit chains and what it hashes. docs/audit.md specifies the canonical
-- encodings byte for byte; src/audit/canonical.ts is their Node twin.
--
-- The pure SQL helpers below do not pin search_path, deliberately: a SET clause stops PostgreSQL
-- from inlining a SQL function and costs a configuration push per call. They qualify every
-- function, type, operator and collation (pg_catalog.*, app.*, OPERATOR(pg_catalog.||)), so they
-- mean the same on any search_path, are not security definer, and run inside app.audit_append,
-- which pins it. The PL/pgSQL ones (never inlined) pin it like every other
-- function (docs/security.md lists the exceptions; src/core/definer-hijack.test.ts checks).

-- Secret-looking keys anywhere in old/new/details are replaced by "[masked]" (a null stays null:
-- knowing a secret is unset reveals nothing). Identifiers and timestamps named after secrets
-- (credential_id, token_expires_at, vault_secret_ref) stay readable: they are not the secret.
create or replace function app.audit_secret_pattern() returns text
language sql immutable as $$
  select '(secret|token|passw|pwd|credential|ciphertext|private_key|key_hash|signing_key|api_key|apikey|authorization|cookie)'
$$;

-- The same names as LIKE patterns for text folded to lower case (`_` escaped).
create or replace function app.audit_secret_likes() returns text[]
language sql immutable as $$
  select array['%secret%', '%token%', '%passw%', '%pwd%', '%credential%', '%ciphertext%', '%private\_key%',
    '%key\_hash%', '%signing\_key%', '%api\_key%', '%apikey%', '%authorization%', '%cookie%']
$$;

-- A secret-looking name that is not an identifier, a timestamp, a reference or a count.
create or replace function app.audit_is_secret_key(k text) returns boolean
language sql immutable as $$
  select pg_catalog.lower(k collate pg_catalog."C") operator(pg_catalog.~~) any (app.audit_secret_likes())
     and not pg_catalog.lower(k collate pg_catalog."C")
             operator(pg_catalog.~~) any (array['%\_id', '%\_ids', '%\_ref', '%\_at', '%\_count'])
$$;

-- Does the text (JSON, as it is) name a secret anywhere? A superset of app.audit_is_secret_key over
-- the names in it, whichever of the two ways it takes.
create or replace function app.audit_text_looks_secret(t text) returns boolean
language sql immutable as $$
  select case when pg_catalog.octet_length(t) operator(pg_catalog.<=) 256
              then pg_catalog.lower(t collate pg_catalog."C") operator(pg_catalog.~~) any (app.audit_secret_likes())
              else (t collate pg_catalog."C") operator(pg_catalog.~*) app.audit_secret_pattern() end
$$;

create or replace function app.audit_mask(j jsonb, extra text[] default '{}') returns jsonb
language plpgsql immutable set search_path = pg_catalog, pg_temp as $$
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

-- app.audit_mask's fast path, inlined into the caller: a null or a document with nothing
-- secret-looking in it (the usual case) is returned without calling the PL/pgSQL function.
create or replace function app.audit_masked(j jsonb) returns jsonb
language sql immutable as $$
  select case when j is null or not app.audit_text_looks_secret(j::pg_catalog.text) then j
              else app.audit_mask(j) end
$$;

-- One field of the v1 canonical encoding: a netstring "<UTF-8 byte length>:<bytes>," and a SQL
-- null is "~,". Length prefixes make it unambiguous whatever the fields contain.
create or replace function app.audit_field(v text) returns bytea
language sql stable as $$
  select case when v is null then '\x7e2c'::pg_catalog.bytea
              else pg_catalog.convert_to(
                     pg_catalog.octet_length(pg_catalog.convert_to(v, 'UTF8'))::pg_catalog.text
                       operator(pg_catalog.||) ':', 'UTF8')
                   operator(pg_catalog.||) pg_catalog.convert_to(v, 'UTF8')
                   operator(pg_catalog.||) '\x2c'::pg_catalog.bytea end
$$;

-- The v1 canonical encoding of the 17 field texts, in order: the netstrings built as text and
-- converted to UTF-8 once (in a UTF-8 database a text's octet_length is its UTF-8 length).
create or replace function app.audit_canonical(fields text[]) returns bytea
language plpgsql stable set search_path = pg_catalog, pg_temp as $$
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

-- palisade-audit/v1, 17 netstrings. Nothing appends with it any more; the verifier accepts it for
-- entries written before v2, and the tests use it to prove that Node's v1 encoder agrees with
-- what the database wrote.
create or replace function app.audit_entry_hash_v1(
  prev_hash bytea, chain text, org_id uuid, seq bigint, created_at timestamptz,
  actor_id uuid, actor_role text, actor_key_id uuid, action text, target_table text, target_id text,
  old_data jsonb, new_data jsonb, details jsonb, request_id text, ip text, user_agent text
) returns bytea
language sql stable as $$
  select pg_catalog.sha256(prev_hash operator(pg_catalog.||) app.audit_canonical(array[
    'palisade-audit/v1', chain, org_id::pg_catalog.text, seq::pg_catalog.text,
    pg_catalog.to_char(created_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'),
    actor_id::pg_catalog.text, actor_role, actor_key_id::pg_catalog.text, action, target_table, target_id,
    old_data::pg_catalog.text, new_data::pg_catalog.text, details::pg_catalog.text, request_id, ip, user_agent]))
$$;

-- palisade-audit/v2, what app.audit_append hashes with: one JSON array. Each value enters
-- json_build_array with its own type: uuids and texts become JSON strings, seq a JSON number, the
-- three documents their jsonb text (already canonical), created_at the v1 text (UTC, microseconds,
-- never the session's time zone), SQL nulls JSON null. The hash input starts with prev_hash and
-- then "[" (v2) or "17:" (v1): no byte string is both, so accepting either cannot make one entry
-- pass as another.
create or replace function app.audit_entry_hash(
  prev_hash bytea, chain text, org_id uuid, seq bigint, created_at timestamptz,
  actor_id uuid, actor_role text, actor_key_id uuid, action text, target_table text, target_id text,
  old_data jsonb, new_data jsonb, details jsonb, request_id text, ip text, user_agent text
) returns bytea
language sql stable as $$
  select pg_catalog.sha256(prev_hash operator(pg_catalog.||) pg_catalog.convert_to(
    pg_catalog.json_build_array('palisade-audit/v2', chain, org_id, seq,
      pg_catalog.to_char(created_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'),
      actor_id, actor_role, actor_key_id, action, target_table, target_id,
      old_data, new_data, details, request_id, ip, user_agent)::pg_catalog.text, 'UTF8'))
$$;

-- Request context the server sets per transaction (src/db/request-context.ts), read when present.
create or replace function app.audit_setting(name text, max_len int) returns text
language sql stable as $$
  select case when pg_catalog.current_setting(name, true) operator(pg_catalog.<>) ''
              then pg_catalog.left(pg_catalog.current_setting(name, true), max_len) end
$$;

-- The one writer of both chains. It serialises per (organisation, chain) on the chain's head row,
-- so writers in different organisations never wait on each other; the row lock is held until
-- commit, so seq is gapless (a rolled-back append rolls back with its transaction) and created_at
-- never decreases along a chain. In the usual case one UPDATE of the head takes the lock, the next
-- seq and the previous hash, and moves the head on. Otherwise (a marked head, or a transaction
-- past 8 appends to the chain) it reads the chain's last entry and continues after whichever of
-- it and the head's floor is further on, so entries deleted at or below the floor show as a gap
-- even before any anchor is checked.
create or replace function app.audit_append(
  p_chain text, p_org_id uuid, p_action text, p_target_table text, p_target_id text,
  p_old jsonb, p_new jsonb, p_details jsonb, p_request_id text default null
) returns bigint
language plpgsql volatile security definer set search_path = pg_catalog, pg_temp as $$
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
end $$;

-- The server's record of its own and operators' actions (sign-ins, admin token minting, every
-- admin write). A null organisation is platform-wide and lands in the platform organisation.
create or replace function app.record_admin_action(
  p_org_id uuid, p_action text, p_target_table text, p_target_id text, p_details jsonb, p_request_id text
) returns bigint
language plpgsql volatile security definer set search_path = pg_catalog, pg_temp as $$
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
language plpgsql volatile security definer set search_path = pg_catalog, pg_temp as $$
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

-- A marked rewrite (palisade.audit_rewrite) may change or delete any entry, the last included:
-- the heads of the organisations it touched are marked, so their next append reads the chain.
-- (Deleting entries leaves the head where it was: the floor.)
create or replace function app.audit_heads_reread() returns trigger
language plpgsql security definer set search_path = pg_catalog, pg_temp as $$
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
