/**
 * SQL for rule sources, snapshots, detections, proposals and rule packs, as the caller. The
 * workflow steps themselves are the platform.* functions of 0051 (one transaction each).
 */
import { afterCursor, type Cursor, setList, sortKey } from '../../db/fragments.ts';
import type { Queryable } from '../../db/types.ts';

export interface RuleSourceRow {
  id: string;
  key: string;
  name: string;
  url: string;
  rule_pack_name: string;
  poll_interval_minutes: number;
  enabled: boolean;
  etag: string | null;
  last_modified: string | null;
  last_polled_at: Date | null;
  last_status: number | null;
  last_error: string | null;
  next_poll_at: Date;
  failure_count: number;
  created_at: Date;
  _k: string;
}

const SOURCE = `select id, key, name, url, rule_pack_name, poll_interval_minutes, enabled, etag, last_modified, last_polled_at,
    last_status, last_error, next_poll_at, failure_count, created_at, ${sortKey()}
  from platform.rule_sources`;

export async function listSources(tx: Queryable, cursor: Cursor | null, limit: number) {
  const after = afterCursor(cursor, 2);
  return (
    await tx.query<RuleSourceRow>(`${SOURCE} where true${after.sql} order by created_at, id limit $1`, [
      limit + 1,
      ...after.params,
    ])
  ).rows;
}

export async function getSource(tx: Queryable, id: string) {
  return (await tx.query<RuleSourceRow>(`${SOURCE} where id = $1`, [id])).rows[0] ?? null;
}

export interface SourceFields {
  key?: string | undefined;
  name?: string | undefined;
  url?: string | undefined;
  rule_pack_name?: string | undefined;
  poll_interval_minutes?: number | undefined;
  enabled?: boolean | undefined;
}

export async function createSource(tx: Queryable, s: SourceFields & { key: string; name: string; url: string }) {
  const { rows } = await tx.query<{ id: string }>(
    `insert into platform.rule_sources (key, name, url, rule_pack_name, poll_interval_minutes, enabled)
     values ($1, $2, $3, $4, coalesce($5, 1440), coalesce($6, true)) returning id`,
    [s.key, s.name, s.url, s.rule_pack_name ?? null, s.poll_interval_minutes ?? null, s.enabled ?? null],
  );
  return rows[0]!.id;
}

export async function updateSource(tx: Queryable, id: string, fields: SourceFields) {
  // Columns are named here, never taken from the caller's object: a key it carries beyond these is not SQL.
  const set = setList(
    {
      key: fields.key,
      name: fields.name,
      url: fields.url,
      rule_pack_name: fields.rule_pack_name,
      poll_interval_minutes: fields.poll_interval_minutes,
      enabled: fields.enabled,
    },
    2,
  );
  if (!set.params.length) return true;
  // A changed URL is a different feed: forget the validators of the old one and poll it now.
  const reset = fields.url !== undefined ? ', etag = null, last_modified = null, next_poll_at = now()' : '';
  return (
    (await tx.query(`update platform.rule_sources set ${set.sql}${reset} where id = $1`, [id, ...set.params]))
      .rowCount > 0
  );
}

export async function deleteSource(tx: Queryable, id: string) {
  return (await tx.query('delete from platform.rule_sources where id = $1', [id])).rowCount > 0;
}

export interface SnapshotRow {
  id: string;
  content_hash: string;
  bytes: number;
  http_status: number | null;
  fetched_at: Date;
}

/** Newest first; content stays out of lists (it can be large). */
export async function listSnapshots(tx: Queryable, sourceId: string, limit: number) {
  return (
    await tx.query<SnapshotRow>(
      `select id, content_hash, octet_length(coalesce(content, ''))::int as bytes, http_status, fetched_at
       from platform.rule_source_snapshots where source_id = $1 order by fetched_at desc, id desc limit $2`,
      [sourceId, limit],
    )
  ).rows;
}

export interface DetectionRow {
  id: string;
  rule_pack_name: string;
  status: string;
  summary: string | null;
  detected_at: Date;
  sources: { source_id: string; snapshot_id: string; previous_snapshot_id: string | null }[];
}

const DETECTION = `select d.id, d.rule_pack_name, d.status, d.summary, d.detected_at,
    coalesce((select json_agg(json_build_object('source_id', s.source_id, 'snapshot_id', s.snapshot_id, 'previous_snapshot_id', s.previous_snapshot_id) order by s.id)
              from platform.rule_pack_detection_sources s where s.detection_id = d.id), '[]') as sources
  from platform.rule_pack_detections d`;

/** Newest first. */
export async function listDetections(tx: Queryable, status: string | undefined, limit: number) {
  return (
    await tx.query<DetectionRow>(
      `${DETECTION} where ($1::text is null or d.status = $1) order by d.detected_at desc, d.id limit $2`,
      [status ?? null, limit],
    )
  ).rows;
}

export async function getDetection(tx: Queryable, id: string) {
  return (await tx.query<DetectionRow>(`${DETECTION} where d.id = $1`, [id])).rows[0] ?? null;
}

export async function dismissDetection(tx: Queryable, id: string, note: string | null) {
  await tx.query('select 1 from platform.dismiss_rule_pack_detection($1, $2)', [id, note]);
}

export interface ProposalRow {
  id: string;
  detection_id: string;
  rule_pack_name: string;
  proposed_version: string;
  spec: unknown;
  status: string;
  decided_by: string | null;
  decided_at: Date | null;
  decision_note: string | null;
  rule_pack_id: string | null;
  created_at: Date;
  _k: string;
}

const PROPOSAL = `select id, detection_id, rule_pack_name, proposed_version, spec, status, decided_by, decided_at, decision_note,
    rule_pack_id, created_at, ${sortKey()} from platform.rule_pack_proposals`;

export async function listProposals(tx: Queryable, status: string | undefined, cursor: Cursor | null, limit: number) {
  const after = afterCursor(cursor, 3);
  return (
    await tx.query<ProposalRow>(
      `${PROPOSAL} where ($1::text is null or status = $1)${after.sql} order by created_at, id limit $2`,
      [status ?? null, limit + 1, ...after.params],
    )
  ).rows;
}

export async function getProposal(tx: Queryable, id: string) {
  return (await tx.query<ProposalRow>(`${PROPOSAL} where id = $1`, [id])).rows[0] ?? null;
}

export async function propose(tx: Queryable, detectionId: string, version: string, spec: unknown) {
  const { rows } = await tx.query<{ id: string }>('select id from platform.propose_rule_pack($1, $2, $3::jsonb)', [
    detectionId,
    version,
    JSON.stringify(spec),
  ]);
  return rows[0]!.id;
}

export async function decide(tx: Queryable, id: string, approve: boolean, note: string | null) {
  await tx.query('select 1 from platform.decide_rule_pack_proposal($1, $2, $3)', [id, approve, note]);
}

export interface RulePackRow {
  id: string;
  name: string;
  version: string;
  spec: unknown;
  published_at: Date | null;
  created_at: Date;
  _k: string;
}

const PACK = `select id, name, version, spec, published_at, created_at, ${sortKey()} from platform.rule_packs`;

export async function listRulePacks(tx: Queryable, cursor: Cursor | null, limit: number) {
  const after = afterCursor(cursor, 2);
  return (
    await tx.query<RulePackRow>(`${PACK} where true${after.sql} order by created_at, id limit $1`, [
      limit + 1,
      ...after.params,
    ])
  ).rows;
}

export async function getRulePack(tx: Queryable, id: string) {
  return (await tx.query<RulePackRow>(`${PACK} where id = $1`, [id])).rows[0] ?? null;
}

export async function createRulePack(tx: Queryable, p: { name: string; version: string; spec: unknown }) {
  const { rows } = await tx.query<{ id: string }>(
    `insert into platform.rule_packs (name, version, spec) values ($1, $2, $3::jsonb) returning id`,
    [p.name, p.version, JSON.stringify(p.spec)],
  );
  return rows[0]!.id;
}

/** Publishing is once: a published pack is immutable (the trigger), so a second call changes nothing. */
export async function publishRulePack(tx: Queryable, id: string) {
  await tx.query('update platform.rule_packs set published_at = now() where id = $1 and published_at is null', [id]);
}
