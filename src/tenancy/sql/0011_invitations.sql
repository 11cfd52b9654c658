-- Invitations by email. The token is shown once by public.invite_member; only its SHA-256 is
-- stored, and tenants cannot even read the hash (column grants below).
create table if not exists public.invitations (
  org_id uuid not null references public.organisations (id) on delete cascade,
  id uuid not null default gen_random_uuid(),
  email text not null constraint invitations_email_check
    check (length(email) <= 320 and email ~ '^[^@[:space:]]+@[^@[:space:]]+\.[^@[:space:]]+$'),
  role text not null constraint invitations_role_check check (role in ('owner', 'admin', 'member', 'viewer')),
  token_hash bytea not null constraint invitations_token_hash_key unique,
  invited_by uuid references auth.users (id) on delete set null,
  expires_at timestamptz not null,
  accepted_at timestamptz,
  accepted_by uuid references auth.users (id) on delete set null,
  revoked_at timestamptz,
  created_at timestamptz not null default now(),
  primary key (org_id, id)
);

create index if not exists invitations_org_email_idx on public.invitations (org_id, lower(email));

alter table public.invitations enable row level security;

drop policy if exists "Owners and admins see their organisations' invitations" on public.invitations;
create policy "Owners and admins see their organisations' invitations" on public.invitations
  for select to authenticated
  using (org_id in (select app.org_ids_with_role('{owner,admin}')));

drop policy if exists "Platform operators manage invitations" on public.invitations;
create policy "Platform operators manage invitations" on public.invitations
  for all to platform_admin, service_role
  using ((select app.is_platform_operator()))
  with check ((select app.is_platform_operator()));

-- Creating, accepting and revoking go through RPCs that mint and check tokens.
-- Supabase grants every public table to the API roles by default; start from nothing.
revoke all on public.invitations from anon, authenticated, platform_admin, service_role;
grant select (org_id, id, email, role, invited_by, expires_at, accepted_at, accepted_by, revoked_at, created_at)
  on public.invitations to authenticated;
grant update (revoked_at, expires_at), delete on public.invitations to platform_admin;
grant select, insert, update, delete on public.invitations to service_role;

create or replace trigger invitations_same_org before update on public.invitations
  for each row execute function app.forbid_org_change();
