-- What a registry row must be before it is stored, checked by the database itself so that no path
-- (admin API, service worker, psql as platform_admin) can skip it. The admin API checks the same
-- things first with ajv and zod (src/platform/contracts.ts) to give richer messages.
--
-- Step input/output schemas use a documented subset of JSON Schema 2020-12 that both sides
-- implement identically. `pattern` and `$ref`/combinators are outside it on purpose: PostgreSQL
-- and JavaScript regular expressions differ, and a config accepted by one validator and refused
-- by the other is exactly the bug this design removes.

-- Semantic version order (semver.org §11): numeric major.minor.patch, a pre-release sorts before
-- its release, pre-release identifiers compare numerically when numeric, else as ASCII text.
create or replace function app.semver_compare(a text, b text) returns int
language plpgsql immutable strict set search_path = pg_catalog, pg_temp as $$
declare
  pa text[] := regexp_match(a, '^(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)(?:-([0-9A-Za-z.-]+))?$');
  pb text[] := regexp_match(b, '^(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)(?:-([0-9A-Za-z.-]+))?$');
  ia text[];
  ib text[];
  i int;
  x text;
  y text;
begin
  if pa is null or pb is null then
    raise exception 'not a semantic version: %', case when pa is null then a else b end
      using errcode = 'PS422', column = 'version';
  end if;
  for i in 1..3 loop
    if pa[i]::numeric <> pb[i]::numeric then
      return sign(pa[i]::numeric - pb[i]::numeric)::int;
    end if;
  end loop;
  if pa[4] is null and pb[4] is null then return 0; end if;
  if pa[4] is null then return 1; end if;
  if pb[4] is null then return -1; end if;
  ia := string_to_array(pa[4], '.');
  ib := string_to_array(pb[4], '.');
  for i in 1..least(cardinality(ia), cardinality(ib)) loop
    x := ia[i];
    y := ib[i];
    continue when x = y;
    if x ~ '^[0-9]+$' and y ~ '^[0-9]+$' then return sign(x::numeric - y::numeric)::int; end if;
    if x ~ '^[0-9]+$' then return -1; end if;
    if y ~ '^[0-9]+$' then return 1; end if;
    return case when x collate "C" < y collate "C" then -1 else 1 end;
  end loop;
  return sign(cardinality(ia) - cardinality(ib))::int;
end $$;

-- Null when `s` is a schema in the supported subset, else the first problem as
-- '<json pointer>: <what is wrong>'.
create or replace function app.json_schema_problem(s jsonb, path text default '') returns text
language plpgsql immutable set search_path = pg_catalog, pg_temp as $$
declare
  k text;
  v jsonb;
  p text;
  problem text;
  types constant text[] := array['object', 'array', 'string', 'number', 'integer', 'boolean', 'null'];
  keywords constant text[] := array[
    '$schema', '$id', '$comment', 'title', 'description', 'default', 'examples', 'deprecated', 'readOnly', 'writeOnly', 'format',
    'type', 'properties', 'required', 'additionalProperties', 'items', 'enum', 'const',
    'minLength', 'maxLength', 'minimum', 'maximum', 'exclusiveMinimum', 'exclusiveMaximum',
    'minItems', 'maxItems', 'uniqueItems', 'minProperties', 'maxProperties'];
begin
  if s is null then return coalesce(nullif(path, ''), '/') || ': a schema is required'; end if;
  if jsonb_typeof(s) = 'boolean' then return null; end if;
  if jsonb_typeof(s) <> 'object' then return coalesce(nullif(path, ''), '/') || ': a schema must be an object or a boolean'; end if;
  for k, v in select e.key, e.value from jsonb_each(s) e order by e.key loop
    p := path || '/' || replace(replace(k, '~', '~0'), '/', '~1');
    if not k = any (keywords) then
      return format('%s: the keyword "%s" is not supported (supported: %s)', p, k, array_to_string(keywords, ', '));
    end if;
    case
      when k = '$schema' then
        if v <> '"https://json-schema.org/draft/2020-12/schema"'::jsonb then
          return p || ': only https://json-schema.org/draft/2020-12/schema is supported';
        end if;
      when k in ('$id', '$comment', 'title', 'description', 'format') then
        if jsonb_typeof(v) <> 'string' then return p || ': must be a string'; end if;
      when k in ('deprecated', 'readOnly', 'writeOnly', 'uniqueItems') then
        if jsonb_typeof(v) <> 'boolean' then return p || ': must be a boolean'; end if;
      when k = 'type' then
        if jsonb_typeof(v) = 'string' then
          if not (v #>> '{}') = any (types) then return format('%s: must be one of %s', p, array_to_string(types, ', ')); end if;
        elsif jsonb_typeof(v) = 'array' and jsonb_array_length(v) > 0 then
          if exists (select 1 from jsonb_array_elements(v) t where jsonb_typeof(t) <> 'string' or not (t #>> '{}') = any (types))
             or (select count(distinct t) from jsonb_array_elements(v) t) <> jsonb_array_length(v) then
            return format('%s: must be distinct type names (%s)', p, array_to_string(types, ', '));
          end if;
        else
          return p || ': must be a type name or a non-empty array of them';
        end if;
      when k = 'properties' then
        if jsonb_typeof(v) <> 'object' then return p || ': must be an object of schemas'; end if;
        for problem in
          select app.json_schema_problem(e.value, p || '/' || replace(replace(e.key, '~', '~0'), '/', '~1'))
          from jsonb_each(v) e order by e.key
        loop
          if problem is not null then return problem; end if;
        end loop;
      when k in ('additionalProperties', 'items') then
        problem := app.json_schema_problem(v, p);
        if problem is not null then return problem; end if;
      when k = 'required' then
        if jsonb_typeof(v) <> 'array'
           or exists (select 1 from jsonb_array_elements(v) t where jsonb_typeof(t) <> 'string')
           or (select count(distinct t) from jsonb_array_elements(v) t) <> jsonb_array_length(v) then
          return p || ': must be an array of distinct property names';
        end if;
      when k = 'enum' then
        if jsonb_typeof(v) <> 'array' or jsonb_array_length(v) = 0 then return p || ': must be a non-empty array'; end if;
      when k in ('minLength', 'maxLength', 'minItems', 'maxItems', 'minProperties', 'maxProperties') then
        if jsonb_typeof(v) <> 'number' or (v #>> '{}')::numeric < 0 or (v #>> '{}')::numeric % 1 <> 0 then
          return p || ': must be a non-negative integer';
        end if;
      when k in ('minimum', 'maximum', 'exclusiveMinimum', 'exclusiveMaximum') then
        if jsonb_typeof(v) <> 'number' then return p || ': must be a number'; end if;
      else
        null; -- default, examples, const: any JSON value
    end case;
  end loop;
  return null;
end $$;

-- Null when `x` satisfies schema `s` (assumed to pass app.json_schema_problem), else the first
-- problem as '<json pointer>: <what is wrong>'. src/platform/contracts.ts (ajv) agrees with it on
-- every schema of the subset; a test feeds both the same cases.
create or replace function app.json_instance_problem(s jsonb, x jsonb, path text default '') returns text
language plpgsql immutable set search_path = pg_catalog, pg_temp as $$
declare
  t text := jsonb_typeof(x);
  here text := coalesce(nullif(path, ''), '/');
  types jsonb;
  k text;
  v jsonb;
  i int;
  n numeric;
  problem text;
begin
  if s = 'true'::jsonb or s = '{}'::jsonb then return null; end if;
  if s = 'false'::jsonb then return here || ': no value is allowed here'; end if;
  if s ? 'type' then
    types := case jsonb_typeof(s -> 'type') when 'array' then s -> 'type' else jsonb_build_array(s -> 'type') end;
    if not exists (
      select 1 from jsonb_array_elements_text(types) want
      where want = t or (want = 'integer' and t = 'number' and (x #>> '{}')::numeric % 1 = 0)
    ) then
      return format('%s: must be %s', here, (select string_agg(w, ' or ') from jsonb_array_elements_text(types) w));
    end if;
  end if;
  if s ? 'const' and s -> 'const' <> x then
    return format('%s: must be %s', here, s -> 'const');
  end if;
  if s ? 'enum' and not exists (select 1 from jsonb_array_elements(s -> 'enum') e where e = x) then
    return format('%s: must be one of %s', here, s -> 'enum');
  end if;
  if t = 'string' then
    if s ? 'minLength' and length(x #>> '{}') < (s ->> 'minLength')::numeric then
      return format('%s: must be at least %s characters long', here, s ->> 'minLength');
    end if;
    if s ? 'maxLength' and length(x #>> '{}') > (s ->> 'maxLength')::numeric then
      return format('%s: must be at most %s characters long', here, s ->> 'maxLength');
    end if;
  elsif t = 'number' then
    n := (x #>> '{}')::numeric;
    if s ? 'minimum' and n < (s ->> 'minimum')::numeric then return format('%s: must be >= %s', here, s ->> 'minimum'); end if;
    if s ? 'maximum' and n > (s ->> 'maximum')::numeric then return format('%s: must be <= %s', here, s ->> 'maximum'); end if;
    if s ? 'exclusiveMinimum' and n <= (s ->> 'exclusiveMinimum')::numeric then return format('%s: must be > %s', here, s ->> 'exclusiveMinimum'); end if;
    if s ? 'exclusiveMaximum' and n >= (s ->> 'exclusiveMaximum')::numeric then return format('%s: must be < %s', here, s ->> 'exclusiveMaximum'); end if;
  elsif t = 'array' then
    if s ? 'minItems' and jsonb_array_length(x) < (s ->> 'minItems')::numeric then return format('%s: must have at least %s items', here, s ->> 'minItems'); end if;
    if s ? 'maxItems' and jsonb_array_length(x) > (s ->> 'maxItems')::numeric then return format('%s: must have at most %s items', here, s ->> 'maxItems'); end if;
    if (s -> 'uniqueItems') = 'true'::jsonb and (select count(distinct e) from jsonb_array_elements(x) e) <> jsonb_array_length(x) then
      return here || ': must not have duplicate items';
    end if;
    if s ? 'items' then
      for i in 0 .. jsonb_array_length(x) - 1 loop
        problem := app.json_instance_problem(s -> 'items', x -> i, path || '/' || i);
        if problem is not null then return problem; end if;
      end loop;
    end if;
  elsif t = 'object' then
    if s ? 'required' then
      select format('%s: must have the property "%s"', here, r) into problem
      from jsonb_array_elements_text(s -> 'required') with ordinality as q(r, o) where not x ? r order by o limit 1;
      if problem is not null then return problem; end if;
    end if;
    if s ? 'minProperties' and (select count(*) from jsonb_object_keys(x)) < (s ->> 'minProperties')::numeric then
      return format('%s: must have at least %s properties', here, s ->> 'minProperties');
    end if;
    if s ? 'maxProperties' and (select count(*) from jsonb_object_keys(x)) > (s ->> 'maxProperties')::numeric then
      return format('%s: must have at most %s properties', here, s ->> 'maxProperties');
    end if;
    for k, v in select e.key, e.value from jsonb_each(x) e order by e.key loop
      if s -> 'properties' ? k then
        problem := app.json_instance_problem(s -> 'properties' -> k, v, path || '/' || replace(replace(k, '~', '~0'), '/', '~1'));
      elsif s ? 'additionalProperties' then
        problem := case when s -> 'additionalProperties' = 'false'::jsonb
                        then format('%s: the property "%s" is not allowed', here, k)
                        else app.json_instance_problem(s -> 'additionalProperties', v, path || '/' || replace(replace(k, '~', '~0'), '/', '~1')) end;
      end if;
      if problem is not null then return problem; end if;
    end loop;
  end if;
  return null;
end $$;

grant execute on function app.semver_compare(text, text), app.json_schema_problem(jsonb, text),
  app.json_instance_problem(jsonb, jsonb, text) to authenticated, service_role;

-- A step type version: schemas in the subset, a contract that is an object; once published,
-- frozen except for deprecation. Installs and workflow configs were validated against exactly
-- these schemas, so changing them in place would silently invalidate tenants' data.
create or replace function app.check_step_type_version() returns trigger
language plpgsql set search_path = pg_catalog, pg_temp as $$
declare
  problem text;
  changed text;
begin
  if tg_op = 'DELETE' then
    if old.published_at is not null then
      raise exception 'a published step type version cannot be deleted: deprecate it instead'
        using errcode = 'PS409', column = 'published_at';
    end if;
    return old;
  end if;
  if tg_op = 'UPDATE' and old.published_at is not null then
    changed := case
      when new.step_type_id is distinct from old.step_type_id then 'step_type_id'
      when new.version is distinct from old.version then 'version'
      when new.input_schema is distinct from old.input_schema then 'input_schema'
      when new.output_schema is distinct from old.output_schema then 'output_schema'
      when new.external_call is distinct from old.external_call then 'external_call'
      when new.published_at is distinct from old.published_at then 'published_at'
    end;
    if changed is not null then
      raise exception 'step type version % is published and immutable (% cannot change): publish a new version', old.version, changed
        using errcode = 'PS409', column = changed;
    end if;
    return new;
  end if;
  problem := app.json_schema_problem(new.input_schema);
  if problem is not null then
    raise exception 'input_schema%', problem using errcode = 'PS422', column = 'input_schema';
  end if;
  problem := app.json_schema_problem(new.output_schema);
  if problem is not null then
    raise exception 'output_schema%', problem using errcode = 'PS422', column = 'output_schema';
  end if;
  if jsonb_typeof(new.external_call) is distinct from 'object' then
    raise exception 'external_call must be a JSON object ({} for a step that calls nothing)' using errcode = 'PS422', column = 'external_call';
  end if;
  if new.deprecated_at is not null and new.published_at is null then
    raise exception 'only a published version can be deprecated' using errcode = 'PS409', column = 'deprecated_at';
  end if;
  return new;
end $$;

create or replace trigger step_type_versions_check before insert or update or delete on platform.step_type_versions
  for each row execute function app.check_step_type_version();

create or replace function app.check_rule_pack() returns trigger
language plpgsql set search_path = pg_catalog, pg_temp as $$
begin
  if tg_op = 'DELETE' then
    if old.published_at is not null then
      raise exception 'a published rule pack version cannot be deleted' using errcode = 'PS409', column = 'published_at';
    end if;
    return old;
  end if;
  if tg_op = 'UPDATE' and old.published_at is not null
     and (new.name, new.version, new.spec, new.published_at) is distinct from (old.name, old.version, old.spec, old.published_at) then
    raise exception 'rule pack % % is published and immutable: publish a new version', old.name, old.version
      using errcode = 'PS409', column = 'spec';
  end if;
  if jsonb_typeof(new.spec) is distinct from 'object' then
    raise exception 'spec must be a JSON object' using errcode = 'PS422', column = 'spec';
  end if;
  return new;
end $$;

create or replace trigger rule_packs_check before insert or update or delete on platform.rule_packs
  for each row execute function app.check_rule_pack();
