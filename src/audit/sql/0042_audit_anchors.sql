-- Signed chain heads (docs/audit.md "Anchors"). An anchor says: on <signed_at>, chain <chain> of
-- organisation <org_id> ended at <seq> with <hash>, signed with Ed25519 by a key that never enters
-- the database. Whoever truncates a chain or rewrites it consistently from some entry on cannot
-- make it match an earlier anchor without that key. Rows here are a convenience copy; the JSON
-- file `palisade audit anchor --out` writes is the copy to keep out of the database's reach.
create table if not exists audit.anchors (
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

create index if not exists anchors_org_chain_seq_idx on audit.anchors (org_id, chain, seq);

alter table audit.anchors enable row level security;

-- Owners and admins check their own chains (GET /v1/orgs/:orgId/audit/verify) against them.
drop policy if exists "Owners and admins read their organisations' anchors" on audit.anchors;
create policy "Owners and admins read their organisations' anchors" on audit.anchors
  for select to authenticated
  using (org_id in (select app.org_ids_with_role('{owner,admin}')));

drop policy if exists "Platform operators read every anchor" on audit.anchors;
create policy "Platform operators read every anchor" on audit.anchors
  for select to platform_admin, service_role
  using ((select app.is_platform_operator()));

-- The server's periodic anchoring runs as the service role.
drop policy if exists "The service records anchors" on audit.anchors;
create policy "The service records anchors" on audit.anchors
  for insert to service_role
  with check ((select app.is_platform_service()));

drop policy if exists "Platform operators read chain heads" on audit.chain_heads;
create policy "Platform operators read chain heads" on audit.chain_heads
  for select to platform_admin, service_role
  using ((select app.is_platform_operator()));

grant usage on schema audit to authenticated, service_role;
revoke all on audit.anchors from anon, authenticated, platform_admin, service_role, public;
grant select on audit.anchors to authenticated, service_role;
grant insert (org_id, chain, seq, hash, signed_at, key_id, signature) on audit.anchors to service_role;
grant select on audit.chain_heads to platform_admin, service_role;

-- Anchors are evidence too: append-only like the chains.
create or replace trigger anchors_append_only before update or delete on audit.anchors
  for each row execute function app.audit_append_only();
create or replace trigger anchors_no_truncate before truncate on audit.anchors
  for each statement execute function app.audit_append_only();
