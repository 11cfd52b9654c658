-- The API roles. Roles are cluster-wide: several databases on one server share them,
-- so creation is guarded and tolerates a concurrent creator in another database.
do $$
declare
  r record;
begin
  for r in
    select * from (values
      ('anon', false), ('authenticated', false), ('service_role', false),
      -- platform_admin inherits authenticated's grants, so it alone is INHERIT.
      ('platform_admin', true),
      -- The runtime login role owns nothing and holds no table privileges; it only switches role.
      ('authenticator', false)
    ) as t(name, inherit)
  loop
    if not exists (select 1 from pg_roles where rolname = r.name) then
      begin
        execute format('create role %I nologin %s', r.name, case when r.inherit then 'inherit' else 'noinherit' end);
      exception when duplicate_object or unique_violation then
        null; -- created meanwhile by a migration running in another database
      end;
    end if;
  end loop;
end $$;

-- service_role deliberately has no BYPASSRLS here: policies admit it through
-- app.is_platform_service(), so its reach is written down in the policies like everyone else's.
grant authenticated to platform_admin;
grant anon, authenticated, service_role, platform_admin to authenticator;

-- A non-superuser owner (Supabase's postgres role) must be able to become each API role to run
-- the persona tests and the seed; a superuser already can.
do $$
begin
  if not (select rolsuper from pg_roles where rolname = current_user) then
    execute format('grant anon, authenticated, service_role, platform_admin to %I', current_user);
  end if;
end $$;

-- Functions are not executable by PUBLIC unless a migration grants them explicitly.
alter default privileges revoke execute on functions from public;

-- pgcrypto lives in "extensions", as on Supabase, and is always schema-qualified.
create schema if not exists extensions;
create extension if not exists pgcrypto with schema extensions;

-- Defence in depth for security-definer functions (docs/security-definer.md): the API roles cannot
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
  r record;
begin
  if not exists (select 1 from pg_catalog.pg_database d
                 where d.datname = db and pg_catalog.pg_has_role(current_user, d.datdba, 'USAGE')) then
    raise notice 'TEMP on database % is left as it is: only its owner can revoke it from PUBLIC', db;
    return;
  end if;
  for r in
    select a.rolname from pg_catalog.pg_roles a
    where a.rolcanlogin and a.rolname not in ('anon', 'authenticated', 'service_role', 'platform_admin', 'authenticator')
  loop
    execute pg_catalog.format('grant temporary on database %I to %I', db, r.rolname);
  end loop;
  execute pg_catalog.format(
    'revoke temporary on database %I from public, anon, authenticated, service_role, platform_admin, authenticator', db);
end $$;
