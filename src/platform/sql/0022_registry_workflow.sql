-- The registry workflow as SQL functions, so each step is one transaction whoever calls it (the
-- admin API, the freshness watcher, an operator in psql). They are SECURITY INVOKER: a caller
-- gets exactly what the platform tables' policies give it, and only platform admins and the
-- service may execute them at all.
--
--   rule source ──poll──▶ snapshot (content hash) ──changed──▶ detection (+ detection sources)
--     ──▶ proposal ──approve──▶ new published rule_packs version   (reject ──▶ detection dismissed)

create or replace function app.require_platform_operator() returns void
language plpgsql stable set search_path = pg_catalog, pg_temp as $$
begin
  if not app.is_platform_operator() then
    raise exception 'only platform admins and the service may do this' using errcode = 'PS403';
  end if;
end $$;

create or replace function app.semver_bump_minor(v text) returns text
language sql immutable strict set search_path = pg_catalog, pg_temp as $$
  select (m[1]::numeric)::text || '.' || (m[2]::numeric + 1)::text || '.0'
  from regexp_match(v, '^(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)\.') m
$$;

-- Step type versions -------------------------------------------------------------------------

create or replace function platform.publish_step_type_version(version_id uuid) returns platform.step_type_versions
language plpgsql volatile set search_path = pg_catalog, pg_temp as $$
declare
  v platform.step_type_versions;
begin
  perform app.require_platform_operator();
  update platform.step_type_versions s set published_at = now()
  where s.id = version_id and s.published_at is null
  returning * into v;
  if not found then
    select * into v from platform.step_type_versions s where s.id = version_id;
    if not found then
      raise exception 'step type version not found' using errcode = 'PS404', column = 'version_id';
    end if;
  end if;
  return v; -- publishing twice is a no-op: the first publication time stands
end $$;

create or replace function platform.deprecate_step_type_version(version_id uuid, deprecated boolean default true)
returns platform.step_type_versions
language plpgsql volatile set search_path = pg_catalog, pg_temp as $$
declare
  v platform.step_type_versions;
begin
  perform app.require_platform_operator();
  update platform.step_type_versions s
  set deprecated_at = case when deprecated then coalesce(s.deprecated_at, now()) end
  where s.id = version_id
  returning * into v;
  if not found then
    raise exception 'step type version not found' using errcode = 'PS404', column = 'version_id';
  end if;
  return v;
end $$;

-- Rule sources: the freshness watcher's side ---------------------------------------------------

-- Due sources, leased so that two watchers never poll the same one: the lease pushes
-- next_poll_at ahead, and SKIP LOCKED keeps a concurrent claimer from waiting on our rows.
create or replace function platform.claim_due_rule_sources(max_sources int default 50, lease_seconds int default 300)
returns setof platform.rule_sources
language plpgsql volatile set search_path = pg_catalog, pg_temp as $$
begin
  perform app.require_platform_operator();
  return query
    with due as (
      select s.id from platform.rule_sources s
      where s.enabled and s.next_poll_at <= now()
      order by s.next_poll_at, s.id
      limit greatest(1, least(coalesce(max_sources, 50), 1000))
      for update skip locked
    )
    update platform.rule_sources s
    set next_poll_at = now() + make_interval(secs => greatest(30, least(coalesce(lease_seconds, 300), 3600)))
    from due where s.id = due.id
    returning s.*;
end $$;

-- A successful poll: 304 (unchanged, per the server), or 200 with the body. The hash is computed
-- here, so what is stored is what was fetched. A first snapshot is the baseline; a changed hash
-- opens (or joins) the rule pack's detection, and a JSON-object body becomes (or refreshes) its
-- pending proposal.
create or replace function platform.record_rule_source_fetch(
  source_id uuid, http_status int, content text, etag text default null, last_modified text default null
) returns jsonb
language plpgsql volatile set search_path = pg_catalog, pg_temp as $$
#variable_conflict use_variable
declare
  src platform.rule_sources;
  hash text;
  prev platform.rule_source_snapshots;
  snap_id uuid;
  det_id uuid;
  prop_id uuid;
  spec jsonb;
  newest text;
  v text;
begin
  perform app.require_platform_operator();
  select * into src from platform.rule_sources s where s.id = source_id for update;
  if not found then
    raise exception 'rule source not found' using errcode = 'PS404', column = 'source_id';
  end if;
  if http_status not in (200, 304) or (http_status = 200 and content is null) then
    raise exception 'record a 200 with its content or a 304; anything else is a failure (platform.record_rule_source_failure)'
      using errcode = 'PS422', column = 'http_status';
  end if;
  update platform.rule_sources s
  set last_polled_at = now(),
      next_poll_at = now() + make_interval(mins => s.poll_interval_minutes),
      failure_count = 0,
      last_status = http_status,
      last_error = null,
      etag = case when http_status = 200 then record_rule_source_fetch.etag else s.etag end,
      last_modified = case when http_status = 200 then record_rule_source_fetch.last_modified else s.last_modified end
  where s.id = src.id;
  if http_status = 304 then
    return jsonb_build_object('status', 'not_modified', 'changed', false);
  end if;

  hash := encode(sha256(convert_to(content, 'UTF8')), 'hex');
  select * into prev from platform.rule_source_snapshots r
  where r.source_id = src.id order by r.fetched_at desc, r.id desc limit 1;
  if prev.id is not null and prev.content_hash = hash then
    return jsonb_build_object('status', 'unchanged', 'changed', false, 'snapshot_id', prev.id);
  end if;
  insert into platform.rule_source_snapshots (source_id, content_hash, content, http_status, fetched_at)
  values (src.id, hash, content, http_status, clock_timestamp())
  returning id into snap_id;
  if prev.id is null then
    return jsonb_build_object('status', 'baseline', 'changed', true, 'snapshot_id', snap_id);
  end if;

  -- Join the pack's detection that is still open or awaiting a decision; else open one.
  select d.id into det_id from platform.rule_pack_detections d
  where d.rule_pack_name = src.rule_pack_name
    and (d.status = 'open' or (d.status = 'proposed' and exists (
      select 1 from platform.rule_pack_proposals p where p.detection_id = d.id and p.status = 'pending')))
  order by d.detected_at desc limit 1
  for update;
  if det_id is null then
    insert into platform.rule_pack_detections (rule_pack_name, status, summary)
    values (src.rule_pack_name, 'open', format('%s changed', src.key))
    returning id into det_id;
  end if;
  insert into platform.rule_pack_detection_sources (detection_id, source_id, snapshot_id, previous_snapshot_id)
  values (det_id, src.id, snap_id, prev.id);

  begin
    spec := content::jsonb;
  exception when invalid_text_representation then
    spec := null;
  end;
  if spec is null or jsonb_typeof(spec) <> 'object' then
    update platform.rule_pack_detections d
    set summary = format('%s changed; its content is not a JSON object, so a proposal must be written by hand', src.key)
    where d.id = det_id;
    return jsonb_build_object('status', 'detected', 'changed', true, 'snapshot_id', snap_id, 'detection_id', det_id);
  end if;

  select p.id into prop_id from platform.rule_pack_proposals p
  where p.detection_id = det_id and p.status = 'pending'
  order by p.created_at desc, p.id limit 1
  for update;
  if prop_id is not null then
    update platform.rule_pack_proposals p set spec = record_rule_source_fetch.spec where p.id = prop_id;
  else
    for v in select r.version from platform.rule_packs r where r.name = src.rule_pack_name loop
      if newest is null or app.semver_compare(v, newest) > 0 then newest := v; end if;
    end loop;
    insert into platform.rule_pack_proposals (detection_id, rule_pack_name, proposed_version, spec)
    values (det_id, src.rule_pack_name, coalesce(app.semver_bump_minor(newest), '1.0.0'), spec)
    returning id into prop_id;
  end if;
  update platform.rule_pack_detections d
  set status = 'proposed', summary = format('%s changed; proposal ready for review', src.key)
  where d.id = det_id;
  return jsonb_build_object('status', 'proposed', 'changed', true, 'snapshot_id', snap_id, 'detection_id', det_id, 'proposal_id', prop_id);
end $$;

-- A failed poll (network error, timeout, refused address, non-200/304 status): exponential backoff
-- from one minute, doubling per consecutive failure, capped at a day; a success resets it.
create or replace function platform.record_rule_source_failure(source_id uuid, error text, http_status int default null)
returns platform.rule_sources
language plpgsql volatile set search_path = pg_catalog, pg_temp as $$
#variable_conflict use_variable
declare
  src platform.rule_sources;
begin
  perform app.require_platform_operator();
  update platform.rule_sources s
  set failure_count = s.failure_count + 1,
      last_error = left(coalesce(error, 'unknown error'), 1000),
      last_status = http_status,
      last_polled_at = now(),
      next_poll_at = now() + least(interval '1 minute' * power(2, least(s.failure_count, 20)), interval '1 day')
  where s.id = source_id
  returning * into src;
  if not found then
    raise exception 'rule source not found' using errcode = 'PS404', column = 'source_id';
  end if;
  return src;
end $$;

-- Proposals: the platform admin's side ------------------------------------------------------------

-- A hand-written proposal for a detection (its content was not a spec, or the spec needs edits).
create or replace function platform.propose_rule_pack(detection_id uuid, proposed_version text, spec jsonb)
returns platform.rule_pack_proposals
language plpgsql volatile set search_path = pg_catalog, pg_temp as $$
#variable_conflict use_variable
declare
  det platform.rule_pack_detections;
  p platform.rule_pack_proposals;
begin
  perform app.require_platform_operator();
  select * into det from platform.rule_pack_detections d where d.id = detection_id for update;
  if not found then
    raise exception 'detection not found' using errcode = 'PS404', column = 'detection_id';
  end if;
  if det.status = 'dismissed' then
    raise exception 'this detection was dismissed' using errcode = 'PS409', column = 'detection_id';
  end if;
  perform app.semver_compare(proposed_version, '0.0.0');
  if jsonb_typeof(spec) is distinct from 'object' then
    raise exception 'spec must be a JSON object' using errcode = 'PS422', column = 'spec';
  end if;
  update platform.rule_pack_proposals r
  set proposed_version = propose_rule_pack.proposed_version, spec = propose_rule_pack.spec
  where r.id = (select q.id from platform.rule_pack_proposals q where q.detection_id = det.id and q.status = 'pending'
                order by q.created_at desc, q.id limit 1)
  returning * into p;
  if not found then
    insert into platform.rule_pack_proposals (detection_id, rule_pack_name, proposed_version, spec)
    values (det.id, det.rule_pack_name, proposed_version, spec)
    returning * into p;
  end if;
  update platform.rule_pack_detections d set status = 'proposed' where d.id = det.id;
  return p;
end $$;

-- Approve: publish the proposed version (a draft row of that name and version is published in
-- place; a published one is a conflict). Reject: the detection is dismissed. Either way the
-- decision, its author and note are kept on the proposal, in the same transaction.
create or replace function platform.decide_rule_pack_proposal(proposal_id uuid, approve boolean, note text default null)
returns platform.rule_pack_proposals
language plpgsql volatile set search_path = pg_catalog, pg_temp as $$
#variable_conflict use_variable
declare
  p platform.rule_pack_proposals;
  existing platform.rule_packs;
  pack_id uuid;
begin
  perform app.require_platform_operator();
  if approve is null then
    raise exception 'approve must be true or false' using errcode = 'PS422', column = 'approve';
  end if;
  select * into p from platform.rule_pack_proposals r where r.id = proposal_id for update;
  if not found then
    raise exception 'proposal not found' using errcode = 'PS404', column = 'proposal_id';
  end if;
  if p.status <> 'pending' then
    raise exception 'this proposal was already %', p.status using errcode = 'PS409', column = 'status';
  end if;
  if approve then
    select * into existing from platform.rule_packs r
    where r.name = p.rule_pack_name and r.version = p.proposed_version for update;
    if existing.published_at is not null then
      raise exception 'rule pack % % is already published: propose another version', p.rule_pack_name, p.proposed_version
        using errcode = 'PS409', column = 'proposed_version';
    elsif existing.id is not null then
      update platform.rule_packs r set spec = p.spec, published_at = now() where r.id = existing.id returning r.id into pack_id;
    else
      insert into platform.rule_packs (name, version, spec, published_at)
      values (p.rule_pack_name, p.proposed_version, p.spec, now())
      returning id into pack_id;
    end if;
  else
    update platform.rule_pack_detections d set status = 'dismissed' where d.id = p.detection_id;
  end if;
  update platform.rule_pack_proposals r
  set status = case when approve then 'approved' else 'rejected' end,
      decided_by = app.uid(), decided_at = now(), decision_note = note, rule_pack_id = pack_id
  where r.id = p.id
  returning * into p;
  return p;
end $$;

create or replace function platform.dismiss_rule_pack_detection(detection_id uuid, note text default null)
returns platform.rule_pack_detections
language plpgsql volatile set search_path = pg_catalog, pg_temp as $$
#variable_conflict use_variable
declare
  det platform.rule_pack_detections;
begin
  perform app.require_platform_operator();
  update platform.rule_pack_detections d set status = 'dismissed' where d.id = detection_id returning * into det;
  if not found then
    raise exception 'detection not found' using errcode = 'PS404', column = 'detection_id';
  end if;
  update platform.rule_pack_proposals r
  set status = 'rejected', decided_by = app.uid(), decided_at = now(), decision_note = coalesce(note, 'detection dismissed')
  where r.detection_id = det.id and r.status = 'pending';
  return det;
end $$;

revoke all on function
  platform.publish_step_type_version(uuid), platform.deprecate_step_type_version(uuid, boolean),
  platform.claim_due_rule_sources(int, int), platform.record_rule_source_fetch(uuid, int, text, text, text),
  platform.record_rule_source_failure(uuid, text, int), platform.propose_rule_pack(uuid, text, jsonb),
  platform.decide_rule_pack_proposal(uuid, boolean, text), platform.dismiss_rule_pack_detection(uuid, text)
  from public;
grant execute on function
  platform.publish_step_type_version(uuid), platform.deprecate_step_type_version(uuid, boolean),
  platform.claim_due_rule_sources(int, int), platform.record_rule_source_fetch(uuid, int, text, text, text),
  platform.record_rule_source_failure(uuid, text, int), platform.propose_rule_pack(uuid, text, jsonb),
  platform.decide_rule_pack_proposal(uuid, boolean, text), platform.dismiss_rule_pack_detection(uuid, text),
  app.require_platform_operator(), app.semver_bump_minor(text)
  to platform_admin, service_role;
