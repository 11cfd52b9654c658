-- The runtime login role (authenticator) owns nothing and holds no table privileges: every
-- request switches to an API role. The one exception is reading the migration ledger, so
-- GET /readyz can say whether the schema matches the code it serves. Names and checksums of
-- migrations are not tenant data.
grant usage on schema palisade_meta to authenticator;
grant select on palisade_meta.migrations to authenticator;
