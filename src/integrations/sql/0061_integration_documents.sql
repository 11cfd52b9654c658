-- Validation of the three JSONB documents an integration carries, so that malformed JSON cannot
-- silently corrupt configurations. These functions back CHECK constraints, so whoever writes
-- (API, worker, a superuser in psql) cannot store a malformed document. They mirror the zod
-- schemas in src/integrations/mappings/schema.ts and schedule.ts; a test feeds both the same
-- corpus and compares verdicts. Each returns null when the document is valid, else
-- {"path": "$.mappings[2].target", "message": "…"} naming the first offending JSON path.
-- Messages never quote values, only paths and rules, so an error cannot leak what was written.

-- $.a.b for identifier keys, $["x-y"] otherwise.
create or replace function app.json_path_append(base text, key text) returns text
language sql immutable strict set search_path = pg_catalog, pg_temp as $$
  select case when key ~ '^[A-Za-z_][A-Za-z0-9_]*$' then base || '.' || key
              else base || '[' || to_jsonb(key)::text || ']' end
$$;

create or replace function app.json_problem(path text, message text) returns jsonb
language sql immutable set search_path = pg_catalog, pg_temp as $$
  select jsonb_build_object('path', path, 'message', message)
$$;

-- The first key of `doc` (an object) not in `allowed`, as a problem; null when all are known.
create or replace function app.json_unknown_key(doc jsonb, path text, allowed text[]) returns jsonb
language sql immutable set search_path = pg_catalog, pg_temp as $$
  select app.json_problem(app.json_path_append(path, k), 'is not a known key')
  from jsonb_object_keys(doc) as k
  where k <> all (allowed)
  order by k
  limit 1
$$;

create or replace function app.json_is_integer(v jsonb, lo numeric, hi numeric) returns boolean
language sql immutable set search_path = pg_catalog, pg_temp as $$
  select coalesce(jsonb_typeof(v) = 'number' and (v #>> '{}')::numeric = trunc((v #>> '{}')::numeric)
                  and (v #>> '{}')::numeric between lo and hi, false)
$$;

-- A schema_version 2 transform: {"kind": …} plus the parameters that kind takes.
create or replace function app.field_mapping_transform_problem(t jsonb, path text) returns jsonb
language plpgsql immutable set search_path = pg_catalog, pg_temp as $$
declare
  kind text;
  problem jsonb;
  n int;
begin
  if jsonb_typeof(t) <> 'object' then
    return app.json_problem(path, 'must be an object like {"kind": "trim"}');
  end if;
  if jsonb_typeof(t -> 'kind') is distinct from 'string' then
    return app.json_problem(path || '.kind', 'is required and must be a string');
  end if;
  kind := t ->> 'kind';
  case
    when kind in ('trim', 'uppercase', 'lowercase', 'number', 'boolean') then
      return app.json_unknown_key(t, path, '{kind}');
    when kind = 'date' then
      problem := app.json_unknown_key(t, path, '{kind,format}');
      if problem is not null then return problem; end if;
      if coalesce(t ->> 'format', '') not in ('date', 'datetime', 'unix_seconds') or jsonb_typeof(t -> 'format') <> 'string' then
        return app.json_problem(path || '.format', 'must be one of date, datetime, unix_seconds');
      end if;
    when kind = 'truncate' then
      problem := app.json_unknown_key(t, path, '{kind,length}');
      if problem is not null then return problem; end if;
      if not app.json_is_integer(t -> 'length', 1, 10000) then
        return app.json_problem(path || '.length', 'must be an integer from 1 to 10000');
      end if;
    when kind = 'default' then
      problem := app.json_unknown_key(t, path, '{kind,value}');
      if problem is not null then return problem; end if;
      if coalesce(jsonb_typeof(t -> 'value'), 'missing') not in ('string', 'number', 'boolean')
         or (jsonb_typeof(t -> 'value') = 'string' and length(t ->> 'value') > 1000) then
        return app.json_problem(path || '.value', 'must be a string (at most 1000 characters), a number or a boolean');
      end if;
    when kind = 'map' then
      problem := app.json_unknown_key(t, path, '{kind,values}');
      if problem is not null then return problem; end if;
      if jsonb_typeof(t -> 'values') is distinct from 'object' then
        return app.json_problem(path || '.values', 'must be an object mapping source values to target values');
      end if;
      select count(*) into n from jsonb_object_keys(t -> 'values');
      if n > 100 then
        return app.json_problem(path || '.values', 'must hold at most 100 entries');
      end if;
      select app.json_problem(app.json_path_append(path || '.values', e.key),
                              'must be a string (at most 1000 characters), a number, a boolean or null')
        into problem
        from jsonb_each(t -> 'values') e
        where jsonb_typeof(e.value) not in ('string', 'number', 'boolean', 'null')
           or (jsonb_typeof(e.value) = 'string' and length(e.value #>> '{}') > 1000)
        order by e.key
        limit 1;
      return problem;
    else
      return app.json_problem(path || '.kind', 'must be one of trim, uppercase, lowercase, number, boolean, date, truncate, default, map');
  end case;
  return null;
end $$;

create or replace function app.field_mappings_problem(doc jsonb) returns jsonb
language plpgsql immutable set search_path = pg_catalog, pg_temp as $$
declare
  version numeric;
  item jsonb;
  i int;
  p text;
  problem jsonb;
  first_at jsonb := '{}'::jsonb;
begin
  if doc is null or jsonb_typeof(doc) <> 'object' then
    return app.json_problem('$', 'must be an object {"schema_version": 2, "mappings": […]}');
  end if;
  problem := app.json_unknown_key(doc, '$', '{schema_version,mappings}');
  if problem is not null then return problem; end if;
  if not app.json_is_integer(doc -> 'schema_version', 1, 2) then
    return app.json_problem('$.schema_version', 'is required and must be 1 or 2');
  end if;
  version := (doc ->> 'schema_version')::numeric;
  if jsonb_typeof(doc -> 'mappings') is distinct from 'array' then
    return app.json_problem('$.mappings', 'is required and must be an array');
  end if;
  if jsonb_array_length(doc -> 'mappings') > 200 then
    return app.json_problem('$.mappings', 'must hold at most 200 entries');
  end if;
  for item, i in select e, o - 1 from jsonb_array_elements(doc -> 'mappings') with ordinality as x(e, o) loop
    p := '$.mappings[' || i || ']';
    if jsonb_typeof(item) <> 'object' then
      return app.json_problem(p, 'must be an object {"source": …, "target": …}');
    end if;
    problem := app.json_unknown_key(item, p, '{source,target,transform,required}');
    if problem is not null then return problem; end if;
    if jsonb_typeof(item -> 'source') is distinct from 'string' or length(item ->> 'source') > 200
       or item ->> 'source' !~ '^[A-Za-z_][A-Za-z0-9_]*(\.([A-Za-z_][A-Za-z0-9_]*|[0-9]+))*$' then
      return app.json_problem(p || '.source', 'is required: a dotted path such as employee.number (at most 200 characters)');
    end if;
    if jsonb_typeof(item -> 'target') is distinct from 'string' or length(item ->> 'target') > 100
       or item ->> 'target' !~ '^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*$' then
      return app.json_problem(p || '.target', 'is required: a target field name such as posting_date (at most 100 characters)');
    end if;
    if first_at ? (item ->> 'target') then
      return app.json_problem(p || '.target', 'is already mapped at $.mappings[' || (first_at ->> (item ->> 'target')) || ']');
    end if;
    first_at := first_at || jsonb_build_object(item ->> 'target', i);
    if item ? 'required' and jsonb_typeof(item -> 'required') <> 'boolean' then
      return app.json_problem(p || '.required', 'must be true or false');
    end if;
    if item ? 'transform' then
      if version = 1 then
        if jsonb_typeof(item -> 'transform') <> 'string'
           or item ->> 'transform' not in ('trim', 'uppercase', 'lowercase', 'number', 'boolean', 'date') then
          return app.json_problem(p || '.transform', 'must be one of trim, uppercase, lowercase, number, boolean, date');
        end if;
      else
        problem := app.field_mapping_transform_problem(item -> 'transform', p || '.transform');
        if problem is not null then return problem; end if;
      end if;
    end if;
  end loop;
  return null;
end $$;

-- manual | interval (5 minutes to a week) | cron (five fields) with an IANA timezone PostgreSQL
-- knows. Croner, in TypeScript, additionally parses the expression and bounds its frequency.
create or replace function app.sync_schedule_problem(doc jsonb) returns jsonb
language plpgsql stable set search_path = pg_catalog, pg_temp as $$
declare
  problem jsonb;
begin
  if doc is null or jsonb_typeof(doc) <> 'object' then
    return app.json_problem('$', 'must be an object such as {"kind": "manual"}');
  end if;
  case doc ->> 'kind'
    when 'manual' then
      return app.json_unknown_key(doc, '$', '{kind}');
    when 'interval' then
      problem := app.json_unknown_key(doc, '$', '{kind,minutes}');
      if problem is not null then return problem; end if;
      if not app.json_is_integer(doc -> 'minutes', 5, 10080) then
        return app.json_problem('$.minutes', 'is required: whole minutes from 5 to 10080 (one week)');
      end if;
    when 'cron' then
      problem := app.json_unknown_key(doc, '$', '{kind,expression,timezone}');
      if problem is not null then return problem; end if;
      if jsonb_typeof(doc -> 'expression') is distinct from 'string' or length(doc ->> 'expression') > 100
         or doc ->> 'expression' !~ '^[0-9A-Za-z*,/?#-]+( [0-9A-Za-z*,/?#-]+){4}$' then
        return app.json_problem('$.expression', 'is required: five cron fields separated by single spaces');
      end if;
      if jsonb_typeof(doc -> 'timezone') is distinct from 'string' or length(doc ->> 'timezone') > 64
         or not exists (select 1 from pg_catalog.pg_timezone_names where name = doc ->> 'timezone') then
        return app.json_problem('$.timezone', 'is required: an IANA timezone such as Europe/Oslo');
      end if;
    else
      return app.json_problem('$.kind', 'is required: one of manual, interval, cron');
  end case;
  return null;
end $$;

-- Key names that say "I am a secret". Normalised (lower case, letters and digits only) so
-- X-Api-Key, api_key and apiKey are one name. Credentials belong in the vault, never in config.
create or replace function app.is_secret_like_key(key text) returns boolean
language sql immutable strict set search_path = pg_catalog, pg_temp as $$
  select k in ('pwd', 'authorization', 'proxyauthorization', 'cookie', 'bearer')
      or k ~ '(password|passwd|passphrase|secret|token|apikey|accesskey|privatekey|signingkey|subscriptionkey|credential|credentials)$'
  from (select lower(regexp_replace(key, '[^A-Za-z0-9]', '', 'g')) as k) n
$$;

-- Non-secret configuration: an object of at most 16 KiB in which no key, at any depth, names a
-- secret. Its shape per integration type is checked by the type registry in TypeScript.
create or replace function app.integration_config_problem(doc jsonb) returns jsonb
language sql immutable set search_path = pg_catalog, pg_temp as $$
  with recursive walk(path, key, value) as (
    select '$'::text, null::text, doc
    union all
    select coalesce(app.json_path_append(w.path, e.key), w.path || '[' || e.idx || ']'), e.key, e.value
    from walk w
    cross join lateral (
      select o.key, o.value, null::bigint as idx from jsonb_each(case when jsonb_typeof(w.value) = 'object' then w.value end) o
      union all
      select null, a.value, a.ord - 1 from jsonb_array_elements(case when jsonb_typeof(w.value) = 'array' then w.value end)
        with ordinality as a(value, ord)
    ) e
  )
  select case
    when doc is null or jsonb_typeof(doc) <> 'object' then app.json_problem('$', 'must be an object')
    when octet_length(doc::text) > 16384 then app.json_problem('$', 'must be at most 16 KiB')
    else (select app.json_problem(w.path, 'names a secret: credentials go to the vault (PUT …/credentials), never into config')
          from walk w where w.key is not null and app.is_secret_like_key(w.key) order by w.path limit 1)
  end
$$;

grant execute on function app.json_path_append(text, text), app.json_problem(text, text),
  app.json_unknown_key(jsonb, text, text[]), app.json_is_integer(jsonb, numeric, numeric),
  app.field_mapping_transform_problem(jsonb, text), app.field_mappings_problem(jsonb),
  app.sync_schedule_problem(jsonb), app.is_secret_like_key(text), app.integration_config_problem(jsonb)
  to authenticated, service_role;
