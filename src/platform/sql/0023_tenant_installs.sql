-- Tenant overlays: an organisation installs a published step type version or rule pack version
-- into itself, pinned (it moves only when someone names the version) or following the newest.
-- The catalogs stay global in `platform`; what a tenant chose lives here, under its org_id.

create table if not exists public.step_type_installs (
  org_id uuid not null references public.organisations (id) on delete cascade,
  id uuid not null default gen_random_uuid(),
  -- Filled from the version by the trigger below; one install per step type per organisation.
  step_type_id uuid not null references platform.step_types (id) on delete no action,
  step_type_version_id uuid not null references platform.step_type_versions (id) on delete no action,
  pinned boolean not null default true,
  -- The key its custom-step calls are signed with, and callbacks verified by (src/runtime): the
  -- id of a palisade_vault secret of purpose 'step_signing' (never the secret). The previous one
  -- still verifies callbacks while a rotation settles.
  signing_key_id uuid,
  previous_signing_key_id uuid,
  signing_key_rotated_at timestamptz,
  -- For a step type whose contract authenticates with a bearer token: the vault secret (purpose
  -- 'step_bearer') holding it, write-only through the API.
  bearer_secret_id uuid,
  installed_by uuid default app.uid() references auth.users (id) on delete set null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  primary key (org_id, id),
  constraint step_type_installs_step_type_key unique (org_id, step_type_id)
);

create index if not exists step_type_installs_version_idx on public.step_type_installs (step_type_version_id);

alter table public.step_type_installs enable row level security;

drop policy if exists "Members see their organisations' installed step types" on public.step_type_installs;
create policy "Members see their organisations' installed step types" on public.step_type_installs
  for select to authenticated
  using (org_id = any ((select app.caller_org_ids('viewer'))::uuid[]));

drop policy if exists "Owners and admins install step types" on public.step_type_installs;
create policy "Owners and admins install step types" on public.step_type_installs
  for insert to authenticated
  with check (org_id = any ((select app.caller_org_ids('admin'))::uuid[]));

drop policy if exists "Owners and admins pin and upgrade step types" on public.step_type_installs;
create policy "Owners and admins pin and upgrade step types" on public.step_type_installs
  for update to authenticated
  using (org_id = any ((select app.caller_org_ids('admin'))::uuid[]))
  with check (org_id = any ((select app.caller_org_ids('admin'))::uuid[]));

drop policy if exists "Owners and admins uninstall step types" on public.step_type_installs;
create policy "Owners and admins uninstall step types" on public.step_type_installs
  for delete to authenticated
  using (org_id = any ((select app.caller_org_ids('admin'))::uuid[]));

drop policy if exists "Platform operators manage step type installs" on public.step_type_installs;
create policy "Platform operators manage step type installs" on public.step_type_installs
  for all to platform_admin, service_role
  using ((select app.is_platform_operator()))
  with check ((select app.is_platform_operator()));

-- Supabase grants every public table to the API roles by default; start from nothing.
revoke all on public.step_type_installs from anon, authenticated, platform_admin, service_role;
grant select, insert (org_id, step_type_version_id, pinned), update (step_type_version_id, pinned), delete
  on public.step_type_installs to authenticated;
grant select, insert, update, delete on public.step_type_installs to platform_admin, service_role;

create or replace trigger step_type_installs_touch before update on public.step_type_installs
  for each row execute function app.touch_updated_at();
create or replace trigger step_type_installs_same_org before update on public.step_type_installs
  for each row execute function app.forbid_org_change();

create table if not exists public.rule_pack_installs (
  org_id uuid not null references public.organisations (id) on delete cascade,
  id uuid not null default gen_random_uuid(),
  -- Filled from the rule pack by the trigger below; one install per rule pack name per organisation.
  rule_pack_name text not null
    constraint rule_pack_installs_rule_pack_name_single_line check (rule_pack_name !~ '[\x01-\x1f\x7f]'),
  rule_pack_id uuid not null references platform.rule_packs (id) on delete no action,
  pinned boolean not null default true,
  installed_by uuid default app.uid() references auth.users (id) on delete set null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  primary key (org_id, id),
  constraint rule_pack_installs_rule_pack_name_key unique (org_id, rule_pack_name)
);

create index if not exists rule_pack_installs_rule_pack_idx on public.rule_pack_installs (rule_pack_id);

alter table public.rule_pack_installs enable row level security;

drop policy if exists "Members see their organisations' installed rule packs" on public.rule_pack_installs;
create policy "Members see their organisations' installed rule packs" on public.rule_pack_installs
  for select to authenticated
  using (org_id = any ((select app.caller_org_ids('viewer'))::uuid[]));

drop policy if exists "Owners and admins install rule packs" on public.rule_pack_installs;
create policy "Owners and admins install rule packs" on public.rule_pack_installs
  for insert to authenticated
  with check (org_id = any ((select app.caller_org_ids('admin'))::uuid[]));

drop policy if exists "Owners and admins pin and upgrade rule packs" on public.rule_pack_installs;
create policy "Owners and admins pin and upgrade rule packs" on public.rule_pack_installs
  for update to authenticated
  using (org_id = any ((select app.caller_org_ids('admin'))::uuid[]))
  with check (org_id = any ((select app.caller_org_ids('admin'))::uuid[]));

drop policy if exists "Owners and admins uninstall rule packs" on public.rule_pack_installs;
create policy "Owners and admins uninstall rule packs" on public.rule_pack_installs
  for delete to authenticated
  using (org_id = any ((select app.caller_org_ids('admin'))::uuid[]));

drop policy if exists "Platform operators manage rule pack installs" on public.rule_pack_installs;
create policy "Platform operators manage rule pack installs" on public.rule_pack_installs
  for all to platform_admin, service_role
  using ((select app.is_platform_operator()))
  with check ((select app.is_platform_operator()));

revoke all on public.rule_pack_installs from anon, authenticated, platform_admin, service_role;
grant select, insert (org_id, rule_pack_id, pinned), update (rule_pack_id, pinned), delete
  on public.rule_pack_installs to authenticated;
grant select, insert, update, delete on public.rule_pack_installs to platform_admin, service_role;

create or replace trigger rule_pack_installs_touch before update on public.rule_pack_installs
  for each row execute function app.touch_updated_at();
create or replace trigger rule_pack_installs_same_org before update on public.rule_pack_installs
  for each row execute function app.forbid_org_change();

-- Only what is published and not deprecated can be installed or moved to. The lookups run as the
-- caller: a tenant cannot see an unpublished version at all, so it is "not found" — the same
-- answer an operator gets, who can see it but is refused explicitly.
create or replace function app.check_step_type_install() returns trigger
language plpgsql set search_path = pg_catalog, pg_temp as $$
declare
  v record;
begin
  if tg_op = 'UPDATE' and new.step_type_version_id is not distinct from old.step_type_version_id then
    if new.step_type_id is distinct from old.step_type_id then
      raise exception 'step_type_id follows the installed version and cannot be set' using errcode = 'PS422', column = 'step_type_id';
    end if;
    return new;
  end if;
  select s.step_type_id, s.version, s.published_at, s.deprecated_at into v
  from platform.step_type_versions s where s.id = new.step_type_version_id;
  if not found or v.published_at is null then
    raise exception 'step type version not found' using errcode = 'PS404', column = 'step_type_version_id';
  end if;
  if v.deprecated_at is not null then
    raise exception 'step type version % is deprecated: install a newer version', v.version
      using errcode = 'PS410', column = 'step_type_version_id';
  end if;
  if tg_op = 'UPDATE' and v.step_type_id <> old.step_type_id then
    raise exception 'that version belongs to another step type: install it separately' using errcode = 'PS422', column = 'step_type_version_id';
  end if;
  if tg_op = 'INSERT' and new.step_type_id is not null and new.step_type_id <> v.step_type_id then
    raise exception 'step_type_id does not match the version' using errcode = 'PS422', column = 'step_type_id';
  end if;
  new.step_type_id := v.step_type_id;
  return new;
end $$;

create or replace trigger step_type_installs_check before insert or update on public.step_type_installs
  for each row execute function app.check_step_type_install();

create or replace function app.check_rule_pack_install() returns trigger
language plpgsql set search_path = pg_catalog, pg_temp as $$
declare
  r record;
begin
  if tg_op = 'UPDATE' and new.rule_pack_id is not distinct from old.rule_pack_id then
    if new.rule_pack_name is distinct from old.rule_pack_name then
      raise exception 'rule_pack_name follows the installed rule pack and cannot be set' using errcode = 'PS422', column = 'rule_pack_name';
    end if;
    return new;
  end if;
  select p.name, p.version, p.published_at into r from platform.rule_packs p where p.id = new.rule_pack_id;
  if not found or r.published_at is null then
    raise exception 'rule pack not found' using errcode = 'PS404', column = 'rule_pack_id';
  end if;
  if tg_op = 'UPDATE' and r.name <> old.rule_pack_name then
    raise exception 'that version belongs to another rule pack: install it separately' using errcode = 'PS422', column = 'rule_pack_id';
  end if;
  new.rule_pack_name := r.name;
  return new;
end $$;

create or replace trigger rule_pack_installs_check before insert or update on public.rule_pack_installs
  for each row execute function app.check_rule_pack_install();

-- Upgrades. With no version named, an install moves to the newest published, non-deprecated
-- version, which a pinned install refuses (naming a version always works). As the caller: the
-- update policies decide who may.
create or replace function public.upgrade_step_type_install(org uuid, install_id uuid, version_id uuid default null)
returns public.step_type_installs
language plpgsql volatile set search_path = pg_catalog, pg_temp as $$
#variable_conflict use_variable
declare
  inst public.step_type_installs;
  target uuid := version_id;
  best text;
  cand record;
begin
  perform public.assert_tenant_membership(org);
  select * into inst from public.step_type_installs i where i.org_id = org and i.id = install_id for update;
  if not found then
    raise exception 'step type install not found' using errcode = 'PS404', column = 'install_id';
  end if;
  if target is null then
    if inst.pinned then
      raise exception 'this install is pinned: name the version to move to, or unpin it first'
        using errcode = 'PS409', column = 'version_id';
    end if;
    for cand in
      select s.id, s.version from platform.step_type_versions s
      where s.step_type_id = inst.step_type_id and s.published_at is not null and s.deprecated_at is null
    loop
      if best is null or app.semver_compare(cand.version, best) > 0 then
        best := cand.version;
        target := cand.id;
      end if;
    end loop;
    if target is null or target = inst.step_type_version_id then
      return inst;
    end if;
  end if;
  update public.step_type_installs i set step_type_version_id = target
  where i.org_id = org and i.id = install_id
  returning * into inst;
  if not found then
    raise exception 'only owners and admins can upgrade installs' using errcode = 'PS403', column = 'install_id';
  end if;
  return inst;
end $$;

create or replace function public.upgrade_rule_pack_install(org uuid, install_id uuid, rule_pack_id uuid default null)
returns public.rule_pack_installs
language plpgsql volatile set search_path = pg_catalog, pg_temp as $$
#variable_conflict use_variable
declare
  inst public.rule_pack_installs;
  target uuid := rule_pack_id;
  best text;
  cand record;
begin
  perform public.assert_tenant_membership(org);
  select * into inst from public.rule_pack_installs i where i.org_id = org and i.id = install_id for update;
  if not found then
    raise exception 'rule pack install not found' using errcode = 'PS404', column = 'install_id';
  end if;
  if target is null then
    if inst.pinned then
      raise exception 'this install is pinned: name the rule pack version to move to, or unpin it first'
        using errcode = 'PS409', column = 'rule_pack_id';
    end if;
    for cand in select p.id, p.version from platform.rule_packs p where p.name = inst.rule_pack_name and p.published_at is not null loop
      if best is null or app.semver_compare(cand.version, best) > 0 then
        best := cand.version;
        target := cand.id;
      end if;
    end loop;
    if target is null or target = inst.rule_pack_id then
      return inst;
    end if;
  end if;
  update public.rule_pack_installs i set rule_pack_id = target
  where i.org_id = org and i.id = install_id
  returning * into inst;
  if not found then
    raise exception 'only owners and admins can upgrade installs' using errcode = 'PS403', column = 'install_id';
  end if;
  return inst;
end $$;

revoke all on function public.upgrade_step_type_install(uuid, uuid, uuid), public.upgrade_rule_pack_install(uuid, uuid, uuid)
  from public, anon, authenticated, service_role, platform_admin;
grant execute on function public.upgrade_step_type_install(uuid, uuid, uuid), public.upgrade_rule_pack_install(uuid, uuid, uuid)
  to authenticated, service_role;
