-- A minimal Supabase-compatible "auth" schema, created only where it is absent, so these
-- migrations run unchanged on plain PostgreSQL, on PGlite and on a Supabase project.
create schema if not exists auth;

do $$
begin
  if to_regclass('auth.users') is null then
    create table auth.users (
      id uuid primary key default gen_random_uuid(),
      email text,
      raw_app_meta_data jsonb not null default '{}'::jsonb,
      raw_user_meta_data jsonb not null default '{}'::jsonb,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now()
    );
    create unique index users_email_key on auth.users (lower(email));
    -- The mark that this table is Palisade's: where it is absent, auth.users is GoTrue's
    -- (Supabase) and Palisade never writes to it (src/auth/sql/0031_auth_user_sync.sql).
    comment on table auth.users is 'palisade: auth compatibility table';
  end if;

  -- Same semantics as Supabase's: claims come from request.jwt.claims (or the legacy per-claim settings).
  if to_regprocedure('auth.jwt()') is null then
    create function auth.jwt() returns jsonb language sql stable as $f$
      select coalesce(
        nullif(current_setting('request.jwt.claim', true), ''),
        nullif(current_setting('request.jwt.claims', true), '')
      )::jsonb
    $f$;
  end if;
  if to_regprocedure('auth.uid()') is null then
    create function auth.uid() returns uuid language sql stable as $f$
      select coalesce(
        nullif(current_setting('request.jwt.claim.sub', true), ''),
        (nullif(current_setting('request.jwt.claims', true), '')::jsonb ->> 'sub')
      )::uuid
    $f$;
  end if;
  if to_regprocedure('auth.role()') is null then
    create function auth.role() returns text language sql stable as $f$
      select coalesce(
        nullif(current_setting('request.jwt.claim.role', true), ''),
        (nullif(current_setting('request.jwt.claims', true), '')::jsonb ->> 'role')
      )::text
    $f$;
  end if;
end $$;

-- Where auth is Supabase's, its grants are Supabase's too.
do $$
begin
  if pg_catalog.obj_description('auth.users'::pg_catalog.regclass, 'pg_class') = 'palisade: auth compatibility table' then
    grant usage on schema auth to anon, authenticated, service_role;
    grant execute on function auth.jwt(), auth.uid(), auth.role() to anon, authenticated, service_role;
  end if;
end $$;
-- auth.users is never readable by API roles; profiles expose what members may see of each other.
