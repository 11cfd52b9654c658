-- OAuth 2.0 connections (seed 003's oauth2_connections and oauth2_tokens): a workspace or a project
-- connects to another system on a person's consent (authorization code with PKCE), and Palisade
-- keeps the tokens, refreshes them and revokes them on disconnect.
--
-- Scope and rights are the api_connections ones (0090): app.connection_scope_allows decides who
-- reads ('read'), calls through ('use') and configures, connects or disconnects ('manage').
-- What no tenant role can read, ever: the client secret, the access and refresh tokens and the
-- PKCE code_verifier. Each lives in palisade_vault.secrets (credential_secret_id of its row, granted
-- to no tenant; app.drop_credential_secret removes the vault row with the reference). The seed's
-- oauth2_tokens policy let every member read the tokens; here members read metadata only.
-- Credentials are bound to where they were issued: changing an endpoint, the issuer or the client
-- id forgets the client secret, the tokens and the consents in flight.

-- Every endpoint passes app.endpoint_url_ok (0090): where Palisade may send a client secret, a
-- code or a token.

create table if not exists public.oauth2_connections (
  org_id uuid not null references public.organisations (id) on delete cascade,
  id uuid not null default gen_random_uuid(),
  workspace_id uuid,
  project_id uuid,
  name text not null constraint oauth2_connections_name_check check (length(btrim(name)) between 1 and 200)
    constraint oauth2_connections_name_single_line check (name !~ '[\x01-\x1f\x7f]'),
  description text constraint oauth2_connections_description_check check (length(description) <= 2000),
  -- A label of the system (the document's provider), e.g. 'google', 'github', 'salesforce'.
  provider text not null constraint oauth2_connections_provider_check check (provider ~ '^[a-z][a-z0-9_-]{0,39}$'),
  -- The authorization server's issuer identifier: when set, an authorization response that names
  -- another issuer (RFC 9207 `iss`) is refused, against mix-up attacks between providers.
  issuer text constraint oauth2_connections_issuer_check check (app.endpoint_url_ok(issuer)),
  authorization_endpoint text not null
    constraint oauth2_connections_authorization_endpoint_check check (app.endpoint_url_ok(authorization_endpoint)),
  token_endpoint text not null constraint oauth2_connections_token_endpoint_check check (app.endpoint_url_ok(token_endpoint)),
  -- RFC 7009; without it a disconnect only forgets the tokens.
  revocation_endpoint text
    constraint oauth2_connections_revocation_endpoint_check check (app.endpoint_url_ok(revocation_endpoint)),
  userinfo_endpoint text
    constraint oauth2_connections_userinfo_endpoint_check check (app.endpoint_url_ok(userinfo_endpoint)),
  client_id text not null
    constraint oauth2_connections_client_id_check check (length(client_id) between 1 and 500 and client_id !~ '[\x00-\x1f\x7f]'),
  -- How the client authenticates at the token and revocation endpoints ('none': a public client, PKCE only).
  client_auth_method text not null default 'client_secret_basic' constraint oauth2_connections_client_auth_method_check
    check (client_auth_method in ('client_secret_basic', 'client_secret_post', 'none')),
  -- RFC 6749 scope tokens: printable ASCII but space, " and \.
  scopes text[] not null default '{}' constraint oauth2_connections_scopes_check
    check (cardinality(scopes) <= 50 and array_position(scopes, null) is null and '' <> all (scopes)
           and length(array_to_string(scopes, ' ')) <= 2000 and array_to_string(scopes, '"') ~ '^[\x21\x23-\x5b\x5d-\x7e"]*$'),
  -- Extra authorization request parameters (e.g. prompt, access_type): strings, never the ones
  -- Palisade sets itself.
  additional_params jsonb not null default '{}'::jsonb constraint oauth2_connections_additional_params_check
    check (jsonb_typeof(additional_params) = 'object' and pg_column_size(additional_params) <= 4096
           and not jsonb_path_exists(additional_params, '$.* ? (@.type() != "string")')
           and not additional_params ?| array['response_type', 'client_id', 'redirect_uri', 'scope', 'state',
                                                'code_challenge', 'code_challenge_method']),
  is_active boolean not null default true,
  -- The client secret's vault row; written by the service role only, granted to no tenant.
  credential_secret_id uuid,
  client_secret_configured boolean generated always as (credential_secret_id is not null) stored,
  client_secret_updated_at timestamptz,
  -- Set by the service when the provider refused the refresh token (invalid_grant): the tokens are
  -- gone, a manager must consent again. last_error says what failed, in words, never a secret.
  reconsent_required boolean not null default false,
  last_error text constraint oauth2_connections_last_error_check check (length(last_error) <= 500),
  last_error_at timestamptz,
  created_by uuid default app.uid() references auth.users (id) on delete set null,
  updated_by uuid references auth.users (id) on delete set null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  primary key (org_id, id),
  constraint oauth2_connections_scope_check check ((workspace_id is null) <> (project_id is null)),
  constraint oauth2_connections_workspace_fkey foreign key (org_id, workspace_id)
    references public.workspaces (org_id, id) on delete cascade,
  constraint oauth2_connections_project_fkey foreign key (org_id, project_id)
    references public.projects (org_id, id) on delete cascade,
  constraint oauth2_connections_credential_fkey foreign key (org_id, credential_secret_id)
    references palisade_vault.secrets (org_id, id) on delete set null (credential_secret_id)
);

create index if not exists oauth2_connections_workspace_idx on public.oauth2_connections (org_id, workspace_id) where workspace_id is not null;
create index if not exists oauth2_connections_project_idx on public.oauth2_connections (org_id, project_id) where project_id is not null;

-- The access and refresh tokens of a connection (at most one set), as metadata a reader may see;
-- the tokens themselves are in the vault row credential_secret_id.
create table if not exists public.oauth2_tokens (
  org_id uuid not null references public.organisations (id) on delete cascade,
  id uuid not null default gen_random_uuid(),
  connection_id uuid not null,
  credential_secret_id uuid,
  token_type text not null default 'Bearer' constraint oauth2_tokens_token_type_check check (token_type ~ '^[A-Za-z][A-Za-z0-9_.-]{0,39}$'),
  -- The scope the provider granted (it may differ from the one asked for).
  granted_scope text constraint oauth2_tokens_granted_scope_check check (length(granted_scope) <= 2000),
  -- When the access token expires, as the provider said (null: it did not say).
  expires_at timestamptz,
  has_refresh_token boolean not null default false,
  connected_by uuid references auth.users (id) on delete set null,
  connected_at timestamptz not null default now(),
  refreshed_at timestamptz,
  -- Bumped by each change of the tokens: a refresh replaces only the generation it started from.
  generation int not null default 1,
  -- A refresh in flight holds this lease (service only), so two instances never spend one refresh token twice.
  refresh_lease_until timestamptz,
  updated_at timestamptz not null default now(),
  primary key (org_id, id),
  constraint oauth2_tokens_connection_key unique (org_id, connection_id),
  constraint oauth2_tokens_connection_fkey foreign key (org_id, connection_id)
    references public.oauth2_connections (org_id, id) on delete cascade,
  constraint oauth2_tokens_credential_fkey foreign key (org_id, credential_secret_id)
    references palisade_vault.secrets (org_id, id) on delete set null (credential_secret_id)
);

-- A consent in flight: created by POST …/authorize, consumed (deleted) by the callback. The state
-- is kept as its SHA-256 only; the PKCE code_verifier is a secret until used, in the vault.
create table if not exists public.oauth2_authorizations (
  org_id uuid not null references public.organisations (id) on delete cascade,
  id uuid not null default gen_random_uuid(),
  connection_id uuid not null,
  -- Who asked: the code is exchanged with this person's rights, checked again at the callback.
  user_id uuid not null references auth.users (id) on delete cascade,
  state_hash bytea not null constraint oauth2_authorizations_state_hash_check check (octet_length(state_hash) = 32),
  credential_secret_id uuid,
  -- The redirect URI sent with the request, which the token request must repeat exactly.
  redirect_uri text not null constraint oauth2_authorizations_redirect_uri_check check (length(redirect_uri) <= 1000),
  created_at timestamptz not null default now(),
  expires_at timestamptz not null default now() + interval '10 minutes',
  primary key (org_id, id),
  constraint oauth2_authorizations_state_hash_key unique (state_hash),
  constraint oauth2_authorizations_connection_fkey foreign key (org_id, connection_id)
    references public.oauth2_connections (org_id, id) on delete cascade,
  constraint oauth2_authorizations_credential_fkey foreign key (org_id, credential_secret_id)
    references palisade_vault.secrets (org_id, id) on delete set null (credential_secret_id)
);

create index if not exists oauth2_authorizations_connection_idx on public.oauth2_authorizations (org_id, connection_id);

-- Does an update move the connection to another authorization server or client? Then nothing
-- issued for the old one may follow it.
create or replace function app.oauth2_connection_moved(o public.oauth2_connections, n public.oauth2_connections)
returns boolean language sql immutable set search_path = pg_catalog, pg_temp as $$
  select (o.issuer, o.authorization_endpoint, o.token_endpoint, o.revocation_endpoint, o.userinfo_endpoint, o.client_id)
    is distinct from (n.issuer, n.authorization_endpoint, n.token_endpoint, n.revocation_endpoint, n.userinfo_endpoint, n.client_id)
$$;
grant execute on function app.oauth2_connection_moved(public.oauth2_connections, public.oauth2_connections)
  to authenticated, platform_admin, service_role;

-- The client secret goes in the same statement as the move (unless that statement stores a new
-- one), and so does a re-consent request that was about the old server; the vault row goes with
-- app.drop_credential_secret. Whoever updates passes here.
create or replace function app.oauth2_connections_bind_credentials() returns trigger
language plpgsql set search_path = pg_catalog, pg_temp as $$
begin
  if app.oauth2_connection_moved(old, new) then
    if new.credential_secret_id is not distinct from old.credential_secret_id and old.credential_secret_id is not null then
      new.credential_secret_id := null;
      new.client_secret_updated_at := now();
    end if;
    new.reconsent_required := false;
    new.last_error := null;
    new.last_error_at := null;
  end if;
  new.updated_at := now();
  new.updated_by := app.uid();
  return new;
end $$;

-- The tokens and the consents in flight go too. Definer: neither table is writable by tenants, and
-- AFTER the update, so RLS (the update policy) has already admitted the row.
create or replace function app.oauth2_connections_forget_grants() returns trigger
language plpgsql security definer set search_path = pg_catalog, pg_temp as $$
begin
  if app.oauth2_connection_moved(old, new) then
    delete from public.oauth2_tokens where org_id = new.org_id and connection_id = new.id;
    delete from public.oauth2_authorizations where org_id = new.org_id and connection_id = new.id;
  end if;
  return null;
end $$;

create or replace trigger oauth2_connections_bind_credentials before update on public.oauth2_connections
  for each row execute function app.oauth2_connections_bind_credentials();
create or replace trigger oauth2_connections_same_org before update on public.oauth2_connections
  for each row execute function app.forbid_org_change();
create or replace trigger oauth2_connections_forget_grants after update on public.oauth2_connections
  for each row execute function app.oauth2_connections_forget_grants();
create or replace trigger oauth2_connections_drop_secret after update or delete on public.oauth2_connections
  for each row execute function app.drop_credential_secret();

create or replace trigger oauth2_tokens_same_org before update on public.oauth2_tokens
  for each row execute function app.forbid_org_change();
create or replace trigger oauth2_tokens_drop_secret after update or delete on public.oauth2_tokens
  for each row execute function app.drop_credential_secret();

create or replace trigger oauth2_authorizations_same_org before update on public.oauth2_authorizations
  for each row execute function app.forbid_org_change();
create or replace trigger oauth2_authorizations_drop_secret after update or delete on public.oauth2_authorizations
  for each row execute function app.drop_credential_secret();

alter table public.oauth2_connections enable row level security;
alter table public.oauth2_tokens enable row level security;
alter table public.oauth2_authorizations enable row level security;

drop policy if exists "Scope members see OAuth2 connections" on public.oauth2_connections;
create policy "Scope members see OAuth2 connections" on public.oauth2_connections
  for select to authenticated
  using (app.connection_scope_allows('read', org_id, workspace_id, project_id));

drop policy if exists "Scope managers create OAuth2 connections" on public.oauth2_connections;
create policy "Scope managers create OAuth2 connections" on public.oauth2_connections
  for insert to authenticated
  with check (app.connection_scope_allows('manage', org_id, workspace_id, project_id));

drop policy if exists "Scope managers edit OAuth2 connections" on public.oauth2_connections;
create policy "Scope managers edit OAuth2 connections" on public.oauth2_connections
  for update to authenticated
  using (app.connection_scope_allows('manage', org_id, workspace_id, project_id))
  with check (app.connection_scope_allows('manage', org_id, workspace_id, project_id));

drop policy if exists "Scope managers delete OAuth2 connections" on public.oauth2_connections;
create policy "Scope managers delete OAuth2 connections" on public.oauth2_connections
  for delete to authenticated
  using (app.connection_scope_allows('manage', org_id, workspace_id, project_id));

drop policy if exists "Platform operators manage OAuth2 connections" on public.oauth2_connections;
create policy "Platform operators manage OAuth2 connections" on public.oauth2_connections
  for all to platform_admin, service_role
  using ((select app.is_platform_operator()))
  with check ((select app.is_platform_operator()));

-- Who reads the connection reads whether it is connected, how and until when; nothing more.
drop policy if exists "Connection readers see OAuth2 token metadata" on public.oauth2_tokens;
create policy "Connection readers see OAuth2 token metadata" on public.oauth2_tokens
  for select to authenticated
  using (exists (select 1 from public.oauth2_connections c
                 where c.org_id = oauth2_tokens.org_id and c.id = oauth2_tokens.connection_id
                   and app.connection_scope_allows('read', c.org_id, c.workspace_id, c.project_id)));

drop policy if exists "Platform operators manage OAuth2 tokens" on public.oauth2_tokens;
create policy "Platform operators manage OAuth2 tokens" on public.oauth2_tokens
  for all to platform_admin, service_role
  using ((select app.is_platform_operator()))
  with check ((select app.is_platform_operator()));

-- Consents in flight are the service's alone (the routes prove the caller's rights first).
drop policy if exists "Platform operators manage OAuth2 authorizations" on public.oauth2_authorizations;
create policy "Platform operators manage OAuth2 authorizations" on public.oauth2_authorizations
  for all to platform_admin, service_role
  using ((select app.is_platform_operator()))
  with check ((select app.is_platform_operator()));

-- Supabase grants every public table to the API roles by default; start from nothing. The scope is
-- fixed at creation (moving a connection would carry its tokens to another audience); the secret
-- reference, the re-consent flag and the last error are the service's to write.
revoke all on public.oauth2_connections from anon, authenticated, platform_admin, service_role;
grant select (org_id, id, workspace_id, project_id, name, description, provider, issuer, authorization_endpoint,
              token_endpoint, revocation_endpoint, userinfo_endpoint, client_id, client_auth_method, scopes,
              additional_params, is_active, client_secret_configured, client_secret_updated_at, reconsent_required,
              last_error, last_error_at, created_by, updated_by, created_at, updated_at),
  insert (org_id, workspace_id, project_id, name, description, provider, issuer, authorization_endpoint, token_endpoint,
          revocation_endpoint, userinfo_endpoint, client_id, client_auth_method, scopes, additional_params, is_active),
  update (name, description, provider, issuer, authorization_endpoint, token_endpoint, revocation_endpoint,
          userinfo_endpoint, client_id, client_auth_method, scopes, additional_params, is_active),
  delete
  on public.oauth2_connections to authenticated;
grant select (org_id, id, workspace_id, project_id, name, description, provider, issuer, authorization_endpoint,
              token_endpoint, revocation_endpoint, userinfo_endpoint, client_id, client_auth_method, scopes,
              additional_params, is_active, client_secret_configured, client_secret_updated_at, reconsent_required,
              last_error, last_error_at, created_by, updated_by, created_at, updated_at),
  insert, update, delete
  on public.oauth2_connections to platform_admin;
grant select, insert, update, delete on public.oauth2_connections to service_role;

revoke all on public.oauth2_tokens from anon, authenticated, platform_admin, service_role;
grant select (org_id, id, connection_id, token_type, granted_scope, expires_at, has_refresh_token, connected_by,
              connected_at, refreshed_at, generation, updated_at)
  on public.oauth2_tokens to authenticated, platform_admin;
grant select, insert, update, delete on public.oauth2_tokens to service_role;

revoke all on public.oauth2_authorizations from anon, authenticated, platform_admin, service_role;
grant select (org_id, id, connection_id, user_id, redirect_uri, created_at, expires_at)
  on public.oauth2_authorizations to platform_admin;
grant select, insert, update, delete on public.oauth2_authorizations to service_role;

create or replace trigger audit_row_change after insert or update or delete on public.oauth2_connections
  for each row execute function app.audit_row_change('mask=credential_secret_id', 'ignore=last_error,last_error_at');
-- Connected and disconnected are recorded; a routine refresh is not.
create or replace trigger audit_row_change after insert or update or delete on public.oauth2_tokens
  for each row execute function app.audit_row_change('mask=credential_secret_id',
    'ignore=expires_at,refreshed_at,generation,refresh_lease_until,granted_scope,token_type,has_refresh_token');
