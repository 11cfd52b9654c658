-- The server's login role (palisade.login_role, default palisade_login) owns nothing and holds no
-- table privileges: every request switches to an API role. The one exception is reading the
-- migration ledger, so GET /readyz can say whether the schema matches the code it serves. Names
-- and checksums of migrations are not tenant data.
do $$
declare
  login text := coalesce(nullif(pg_catalog.current_setting('palisade.login_role', true), ''), 'palisade_login');
begin
  execute pg_catalog.format('grant usage on schema palisade_meta to %I', login);
  execute pg_catalog.format('grant select on palisade_meta.migrations to %I', login);
end $$;
