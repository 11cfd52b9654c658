-- API keys are minted by the server: it draws the random secret, shows it once and passes only
-- its SHA-256 here, so the plaintext never reaches SQL, logs or the database.

-- Ranks for "a key's role is at most its creator's": an admin cannot mint a key stronger than itself.
create or replace function app.org_role_rank(role text) returns int
language sql immutable set search_path = pg_catalog, pg_temp as $$
  select case role when 'operator' then 5 when 'owner' then 4 when 'admin' then 3
                   when 'member' then 2 when 'viewer' then 1 else 0 end
$$;

create or replace function app.create_api_key(
  org uuid, name text, role text, key_hash bytea, prefix text, expires_at timestamptz default null
) returns uuid
language plpgsql volatile security definer set search_path = pg_catalog, pg_temp as $$
#variable_conflict use_variable
declare
  caller_role text;
  key_id uuid;
begin
  perform public.assert_tenant_membership(org);
  -- The reserved platform organisation has no members, so nobody holds a key there either.
  if org = '00000000-0000-0000-0000-000000000001'::uuid then
    raise exception 'the reserved platform organisation has no API keys' using errcode = 'PS422', column = 'org_id';
  end if;
  -- A key acts with the lower of its role and its creator's live membership (app.caller_org_role,
  -- app.load_caller_org_ids), so it is minted by an active owner or admin of the organisation:
  -- keys do not mint keys, and operators do not turn a short-lived admin token into a key.
  if app.uid() is null or app.is_platform_operator() then
    raise exception 'API keys are created by an owner or admin of the organisation, signed in as themselves'
      using errcode = 'PS403';
  end if;
  caller_role := app.require_org_role(org, '{owner,admin}', 'create API keys');
  name := app.require_text(name, 'name');
  role := app.require_choice(role, 'role', '{admin,member,viewer}');
  if app.org_role_rank(role) > app.org_role_rank(caller_role) then
    raise exception 'a key cannot have a stronger role than its creator (%)', caller_role
      using errcode = 'PS403', column = 'role';
  end if;
  if key_hash is null or length(key_hash) <> 32 then
    raise exception 'key_hash must be a SHA-256 digest' using errcode = 'PS422', column = 'key_hash';
  end if;
  if prefix is null or prefix !~ '^pk_[A-Za-z0-9]{1,13}$' then
    raise exception 'prefix must look like pk_ followed by letters and digits' using errcode = 'PS422', column = 'prefix';
  end if;
  if expires_at is not null and expires_at <= now() then
    raise exception 'expires_at must be in the future' using errcode = 'PS422', column = 'expires_at';
  end if;
  insert into public.api_keys (org_id, name, role, key_hash, prefix, created_by, expires_at)
  values (org, name, role, key_hash, prefix, app.uid(), expires_at)
  returning id into key_id;
  return key_id;
end $$;

-- What the API calls: a security-invoker wrapper in public (exposed), like the tenancy RPCs
-- (src/tenancy/sql/0011_tenancy_functions.sql).
create or replace function public.create_api_key(
  org uuid, name text, role text, key_hash bytea, prefix text, expires_at timestamptz default null
) returns uuid
language plpgsql volatile security invoker set search_path = pg_catalog, pg_temp
as $$ begin return app.create_api_key(org, name, role, key_hash, prefix, expires_at); end $$;

revoke all on function
  app.create_api_key(uuid, text, text, bytea, text, timestamptz),
  public.create_api_key(uuid, text, text, bytea, text, timestamptz)
  from public, anon, authenticated, service_role, platform_admin;
grant execute on function
  app.create_api_key(uuid, text, text, bytea, text, timestamptz),
  public.create_api_key(uuid, text, text, bytea, text, timestamptz)
  to authenticated, service_role;
