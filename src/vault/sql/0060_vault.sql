-- The vault: tenant secrets as AES-256-GCM ciphertext made by the server. Keys never
-- enter the database, so a dump, a replica or a stolen backup holds nothing readable. Associated
-- data binds each ciphertext to (org_id, id, purpose): copied to another row or tenant, it fails to
-- decrypt. Only the service role touches this schema; the server uses it after an RLS-checked
-- statement, run as the caller, proved the caller may manage what the secret belongs to.
-- Named palisade_vault, never vault: Supabase Vault owns that schema on every Supabase project.
create schema if not exists palisade_vault;

-- anon and authenticated (and platform_admin, which inherits authenticated) get nothing here,
-- not even USAGE: the schema is invisible to every browser-facing role.
revoke all on schema palisade_vault from public;
revoke all on schema palisade_vault from anon, authenticated, platform_admin;
grant usage on schema palisade_vault to service_role;

create table if not exists palisade_vault.secrets (
  org_id uuid not null references public.organisations (id) on delete cascade,
  id uuid not null default gen_random_uuid(),
  -- What the secret is for (e.g. integration_credentials); part of the associated data, so a
  -- ciphertext cannot be replayed as a secret of another kind.
  purpose text not null constraint secrets_purpose_check check (purpose ~ '^[a-z][a-z0-9_.:-]{0,62}$'),
  -- Which key of PALISADE_VAULT_KEYS sealed it; rotation rewrites rows whose key is not the newest.
  key_id text not null constraint secrets_key_id_check check (key_id ~ '^[A-Za-z0-9_-]{1,32}$'),
  nonce bytea not null constraint secrets_nonce_check check (length(nonce) = 12),
  -- GCM output with its 16-byte authentication tag appended. 64 KiB of plaintext at most.
  ciphertext bytea not null constraint secrets_ciphertext_check check (length(ciphertext) between 17 and 65552),
  aad_version smallint not null default 1 constraint secrets_aad_version_check check (aad_version = 1),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  rotated_at timestamptz,
  primary key (org_id, id)
);

-- Rotation and `vault status` look rows up by key.
create index if not exists secrets_org_key_idx on palisade_vault.secrets (org_id, key_id);
create index if not exists secrets_key_idx on palisade_vault.secrets (key_id, org_id, id);

alter table palisade_vault.secrets enable row level security;

drop policy if exists "Only the service role reads and writes secrets" on palisade_vault.secrets;
create policy "Only the service role reads and writes secrets" on palisade_vault.secrets
  for all to service_role
  using ((select app.is_platform_service()))
  with check ((select app.is_platform_service()));

revoke all on palisade_vault.secrets from public, anon, authenticated, platform_admin, service_role;
grant select, insert, update (key_id, nonce, ciphertext, updated_at, rotated_at), delete
  on palisade_vault.secrets to service_role;

-- A row never moves between tenants (its ciphertext would not open there anyway).
create or replace trigger secrets_same_org before update on palisade_vault.secrets
  for each row execute function app.forbid_org_change();
