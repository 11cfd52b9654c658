-- Canonical encoding palisade-audit/v2: one JSON array instead of 17 netstrings (issue 7:
-- `audit_append_ratio_many_orgs`). docs/audit.md "Canonical encoding" specifies both versions;
-- src/audit/canonical.ts is the Node twin of each, and the verifier accepts either at every entry,
-- so chains written before this migration (v1) keep verifying and simply continue in v2.
--
-- Why: after 0079 the hash was the largest part of an append that a plain insert does not have. Counted
-- with callgrind (a single-user backend on a cloned database per run, each statement its own
-- transaction, 150 minus 50 appends over 8 organisations): 573 000 instructions an append, 477 000 with
-- no hash at all. v1's 17 length prefixes need 17 computed lengths, either as ~100 expression nodes
-- (prepared again in every transaction) or as a PL/pgSQL loop (app.audit_canonical, ~55 000 for the
-- 17 iterations and its call). json_build_array is one C call over the 17 values as they are, and JSON
-- text is as unambiguous as netstrings (strings quoted and escaped, null distinct from ""): an append
-- costs 530 000 (−43 000, −7.5%). Also counted, not kept: a text[] literal (array_out, 532 000) and
-- array_to_json over text casts (535 000).
--
-- The hash input starts with prev_hash and then "[" (v2) or "17:" (v1): no byte string is both a v1
-- and a v2 encoding, so accepting either cannot make one entry pass as another.

-- v1 keeps its definition (0043's, through 0077's app.audit_canonical) under a new name,
-- app.audit_entry_hash_v1: nothing appends with it; the tests use it to prove that Node's v1 encoder
-- (which verifies every entry written before this migration) agrees with what the database wrote.
-- Renaming moves the function itself, so plans that inlined it are invalidated and, planned again,
-- find the v2 function below under the old name. Once only: on a rerun the v1 name is taken.
do $$
begin
  if to_regprocedure('app.audit_entry_hash_v1(bytea, text, uuid, bigint, timestamptz, uuid, text, uuid, text, text, text, jsonb, jsonb, jsonb, text, text, text)') is null then
    alter function app.audit_entry_hash(bytea, text, uuid, bigint, timestamptz, uuid, text, uuid, text, text, text, jsonb, jsonb, jsonb, text, text, text)
      rename to audit_entry_hash_v1;
  end if;
end $$;

-- v2. Same signature, so app.audit_append (0079) and every caller use it unchanged. Each value enters
-- json_build_array with its own type: uuids and texts become JSON strings, seq a JSON number, the
-- three documents their jsonb text (already canonical), created_at the v1 text (UTC, microseconds,
-- never the session's time zone), SQL nulls JSON null. The text is the server's, in UTF-8.
create or replace function app.audit_entry_hash(
  prev_hash bytea, chain text, org_id uuid, seq bigint, created_at timestamptz,
  actor_id uuid, actor_role text, actor_key_id uuid, action text, target_table text, target_id text,
  old_data jsonb, new_data jsonb, details jsonb, request_id text, ip text, user_agent text
) returns bytea
language sql stable as $$
  select sha256(prev_hash || convert_to(json_build_array('palisade-audit/v2', chain, org_id, seq,
    to_char(created_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'),
    actor_id, actor_role, actor_key_id, action, target_table, target_id,
    old_data, new_data, details, request_id, ip, user_agent)::text, 'UTF8'))
$$;
