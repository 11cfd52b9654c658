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
