-- Row-change auditing any module can attach to its own table (docs/audit.md "Recording changes"):
--   create or replace trigger audit_row_change after insert or update or delete on public.my_table
--     for each row execute function app.audit_row_change('mask=config_blob', 'ignore=last_seen_at');
-- Arguments, each optional, as key=value: org_column (default org_id; a row without it is
-- platform-wide), id_column (default id), mask (more columns to mask beside the secret-looking
-- names app.audit_is_secret_key catches), omit (columns left out entirely, e.g. large contents),
-- ignore (columns whose change alone is not worth an entry; updated_at always is).
-- Changes made as platform_admin go to the tenant's admin_actions chain (operators acting on a
-- tenant are recorded where the tenant reads them); everyone else's go to its audit_log.
create or replace function app.audit_row_change() returns trigger
language plpgsql security definer set search_path = pg_catalog, pg_temp as $$
declare
  org_column text := 'org_id';
  id_column text := 'id';
  mask text[] := '{}';
  omit text[] := '{}';
  ignore text[] := '{updated_at}';
  arg text;
  k text;
  v text;
  v_old jsonb;
  v_new jsonb;
  v_row jsonb;
  v_changed text[];
  v_details jsonb;
  v_org uuid;
begin
  foreach arg in array coalesce(tg_argv, '{}'::text[]) loop
    k := split_part(arg, '=', 1);
    v := substr(arg, length(k) + 2);
    case k
      when 'org_column' then org_column := v;
      when 'id_column' then id_column := v;
      when 'mask' then mask := mask || string_to_array(v, ',');
      when 'omit' then omit := omit || string_to_array(v, ',');
      when 'ignore' then ignore := ignore || string_to_array(v, ',');
      else raise exception 'app.audit_row_change: unknown argument "%" on %.%', arg, tg_table_schema, tg_table_name
        using errcode = 'PS422';
    end case;
  end loop;

  if tg_op <> 'INSERT' then v_old := to_jsonb(old); end if;
  if tg_op <> 'DELETE' then v_new := to_jsonb(new); end if;
  v_row := coalesce(v_new, v_old);

  if tg_op = 'UPDATE' then
    select array_agg(n.key order by n.key) into v_changed
    from jsonb_each(v_new) n
    where n.value is distinct from v_old -> n.key;
    -- A no-op update (or one touching only ignored columns) leaves no entry.
    if v_changed is null or v_changed <@ ignore then
      return null;
    end if;
    v_details := jsonb_build_object('changed', to_jsonb(v_changed));
  end if;

  v_org := case when v_row ? org_column then (v_row ->> org_column)::uuid end;

  -- A tenant row deleted after its organisation is gone is the cascade of that organisation's
  -- deletion (a purge, or an operator's delete): the chain records the organisation's own delete
  -- (and a purge's org.purged entry), not one entry per row that went with it. Nothing else can
  -- delete a row of an organisation that no longer exists.
  if tg_op = 'DELETE' and v_org is not null and (tg_table_schema, tg_table_name) <> ('public', 'organisations')
     and not exists (select 1 from public.organisations o where o.id = v_org) then
    return null;
  end if;

  v_old := app.audit_mask(v_old - omit, mask);
  v_new := app.audit_mask(v_new - omit, mask);

  perform app.audit_append(
    case when app.current_api_role() = 'platform_admin' then 'admin_actions' else 'audit_log' end,
    v_org,
    tg_table_name || '.' || lower(tg_op),
    tg_table_schema || '.' || tg_table_name,
    v_row ->> id_column,
    v_old, v_new, v_details);
  return null;
end $$;

-- The sensitive tables that exist now. Other modules attach the same trigger to theirs.
create or replace trigger audit_row_change after insert or update or delete on public.organisations
  for each row execute function app.audit_row_change('org_column=id');
create or replace trigger audit_row_change after insert or update or delete on public.organisation_members
  for each row execute function app.audit_row_change();
create or replace trigger audit_row_change after insert or update or delete on public.invitations
  for each row execute function app.audit_row_change();
create or replace trigger audit_row_change after insert or update or delete on public.project_members
  for each row execute function app.audit_row_change();
-- Workspaces, projects and the tenant's installs and workflows: so that every change, a provider
-- delegate's included (the entry names the provider: app.audit_append), is in the tenant's chain.
create or replace trigger audit_row_change after insert or update or delete on public.workspaces
  for each row execute function app.audit_row_change();
create or replace trigger audit_row_change after insert or update or delete on public.projects
  for each row execute function app.audit_row_change();
create or replace trigger audit_row_change after insert or update or delete on public.step_type_installs
  for each row execute function app.audit_row_change();
create or replace trigger audit_row_change after insert or update or delete on public.rule_pack_installs
  for each row execute function app.audit_row_change();
create or replace trigger audit_row_change after insert or update or delete on public.workflow_defs
  for each row execute function app.audit_row_change();
create or replace trigger audit_row_change after insert or update or delete on public.workflow_def_steps
  for each row execute function app.audit_row_change();
-- last_used_at moves on every request made with the key; use is summarised by the server instead.
create or replace trigger audit_row_change after insert or update or delete on public.api_keys
  for each row execute function app.audit_row_change('ignore=last_used_at');

-- Platform registries: platform-wide, so chained under the platform organisation.
create or replace trigger audit_row_change after insert or update or delete on platform.step_types
  for each row execute function app.audit_row_change();
create or replace trigger audit_row_change after insert or update or delete on platform.step_type_versions
  for each row execute function app.audit_row_change();
-- The watcher's polling bookkeeping is not a change of the source.
create or replace trigger audit_row_change after insert or update or delete on platform.rule_sources
  for each row execute function app.audit_row_change('ignore=etag,last_modified,last_polled_at,next_poll_at,failure_count');
-- A snapshot's content can be large and is public; its content_hash identifies it.
create or replace trigger audit_row_change after insert or update or delete on platform.rule_source_snapshots
  for each row execute function app.audit_row_change('omit=content');
create or replace trigger audit_row_change after insert or update or delete on platform.rule_packs
  for each row execute function app.audit_row_change();
create or replace trigger audit_row_change after insert or update or delete on platform.rule_pack_detections
  for each row execute function app.audit_row_change();
create or replace trigger audit_row_change after insert or update or delete on platform.rule_pack_detection_sources
  for each row execute function app.audit_row_change();
create or replace trigger audit_row_change after insert or update or delete on platform.rule_pack_proposals
  for each row execute function app.audit_row_change();

-- Who may become a platform admin (src/auth/sql/0030_platform_admins.sql), when that module is present.
do $$
begin
  if to_regclass('platform.admins') is not null then
    create or replace trigger audit_row_change after insert or update or delete on platform.admins
      for each row execute function app.audit_row_change('id_column=user_id');
  end if;
end $$;
