-- The API roles, and the login role the server connects as. Roles are cluster-wide and, on a
-- Supabase project, anon/authenticated/service_role/authenticator exist already and are reserved:
-- a role is created only where it is absent, and a role Palisade did not create is never altered.
-- Role grants are attempted and, where refused (a reserved role, or PostgreSQL 16+ without ADMIN
-- OPTION), skipped with a notice that says what is lost. The login role's name comes from the
-- setting palisade.login_role (PALISADE_LOGIN_ROLE, default palisade_login).
do $$
declare
  r record;
  login text := coalesce(nullif(pg_catalog.current_setting('palisade.login_role', true), ''), 'palisade_login');
begin
  if login !~ '^[a-z_][a-z0-9_]{0,62}$' or login in ('anon', 'authenticated', 'service_role', 'platform_admin') then
    raise exception 'palisade.login_role must be a lower-case role name other than an API role, not "%"', login
      using errcode = '22023';
  end if;
  for r in
    select * from (values
      -- platform_admin inherits authenticated's grants, so it alone is INHERIT.
      ('anon', 'nologin noinherit'), ('authenticated', 'nologin noinherit'),
      ('service_role', 'nologin noinherit'), ('platform_admin', 'nologin inherit'),
      -- PostgREST's login role on plain PostgreSQL (Supabase has its own).
      ('authenticator', 'nologin noinherit'),
      -- Palisade's server logs in as this one: it owns nothing and only switches to an API role.
      -- NOLOGIN until an operator gives it a password (docs/server.md).
      (login, 'nologin noinherit')
    ) as t(name, options)
  loop
    if not exists (select 1 from pg_catalog.pg_roles where rolname = r.name) then
      begin
        execute pg_catalog.format('create role %I %s', r.name, r.options);
      exception when duplicate_object or unique_violation then
        null; -- created meanwhile by a migration running in another database
      end;
    end if;
  end loop;

  -- service_role deliberately gets no BYPASSRLS from Palisade: policies admit it through
  -- app.is_platform_service(). (Supabase's service_role has BYPASSRLS: docs/supabase.md.)
  -- A non-superuser migration role (Supabase's postgres) must be able to become each API role to
  -- run the seed and the persona tests; a superuser already can.
  for r in
    select * from (values
      ('authenticated', 'platform_admin', 'platform_admin gets none of authenticated''s grants'),
      ('anon', login, 'the server cannot serve anonymous requests'),
      ('authenticated', login, 'the server cannot serve signed-in users'),
      ('service_role', login, 'the server cannot act as the service'),
      ('platform_admin', login, 'the server cannot serve platform admins'),
      ('anon', 'authenticator', 'PostgREST cannot switch to anon'),
      ('authenticated', 'authenticator', 'PostgREST cannot switch to authenticated'),
      ('service_role', 'authenticator', 'PostgREST cannot switch to service_role'),
      ('platform_admin', 'authenticator', 'PostgREST (supabase-js) cannot switch to platform_admin'),
      ('anon', current_user, 'the migration role cannot run the seed or the persona tests'),
      ('authenticated', current_user, 'the migration role cannot run the seed or the persona tests'),
      ('service_role', current_user, 'the migration role cannot run the seed or the persona tests'),
      ('platform_admin', current_user, 'the migration role cannot run the seed or the persona tests')
    ) as t(granted, member, lost)
  loop
    continue when r.member = current_user and (select rolsuper from pg_catalog.pg_roles where rolname = current_user);
    continue when exists (
      select 1 from pg_catalog.pg_auth_members m
      where m.roleid = (select oid from pg_catalog.pg_roles where rolname = r.granted)
        and m.member = (select oid from pg_catalog.pg_roles where rolname = r.member));
    begin
      execute pg_catalog.format('grant %I to %I', r.granted, r.member);
    exception when insufficient_privilege or invalid_grant_operation then
      raise notice 'grant % to % was refused (%): %', r.granted, r.member, sqlerrm, r.lost;
    end;
  end loop;
end $$;

-- Functions are not executable by PUBLIC unless a migration grants them explicitly.
alter default privileges revoke execute on functions from public;

-- pgcrypto lives in "extensions", as on Supabase, and is always schema-qualified.
create schema if not exists extensions;
create extension if not exists pgcrypto with schema extensions;

-- Defence in depth for security-definer functions (docs/security.md): the API roles cannot
-- create temporary objects, so they cannot plant pg_temp types or tables for a definer body to
-- find. TEMP belongs to PUBLIC by default: it is revoked from PUBLIC (and from the API roles, should
-- anyone have granted it to them) and granted back to every other role that can log in, so other
-- clients of the database keep it. Only the database's owner (or a superuser) can do this; anyone
-- else gets a notice, not a failure (a Supabase project migrated by a role that does not own the
-- database). Database privileges belong to one database, and CREATE DATABASE … TEMPLATE does not
-- copy them.
do $$
declare
  db text := pg_catalog.current_database();
  login text := coalesce(nullif(pg_catalog.current_setting('palisade.login_role', true), ''), 'palisade_login');
  r record;
begin
  if not exists (select 1 from pg_catalog.pg_database d
                 where d.datname = db and pg_catalog.pg_has_role(current_user, d.datdba, 'USAGE')) then
    raise notice 'TEMP on database % is left as it is (only its owner can revoke it from PUBLIC): the API roles keep TEMP, so pinned search_paths alone keep pg_temp out of definer functions', db;
    return;
  end if;
  for r in
    select a.rolname from pg_catalog.pg_roles a
    where a.rolcanlogin and a.rolname not in ('anon', 'authenticated', 'service_role', 'platform_admin', 'authenticator', login)
  loop
    execute pg_catalog.format('grant temporary on database %I to %I', db, r.rolname);
  end loop;
  execute pg_catalog.format(
    'revoke temporary on database %I from public, anon, authenticated, service_role, platform_admin, authenticator, %I',
    db, login);
end $$;
