/**
 * SQL for what tenants see and choose: the published catalogs (through the public.v_* views, so
 * RLS on the platform tables still applies), their installs and their workflow definitions. Every
 * statement names its organisation, and RLS refuses the rest whatever it names.
 */
import type { Queryable } from '../../db/types.ts';
import { versionOf } from '../../server/http/concurrency.ts';
import { afterCursor, sortKey, type Cursor } from '../../server/http/pagination.ts';

export interface CatalogStepTypeRow {
  id: string;
  key: string;
  name: string;
  category: string;
  description: string | null;
  versions: { id: string; version: string; input_schema: unknown; output_schema: unknown; published_at: string; deprecated_at: string | null }[];
}

const CATALOG = `select t.id, t.key, t.name, t.category, t.description,
    coalesce((select json_agg(json_build_object('id', v.id, 'version', v.version, 'input_schema', v.input_schema, 'output_schema', v.output_schema,
                                               'published_at', v.published_at, 'deprecated_at', v.deprecated_at) order by v.published_at, v.id)
              from public.v_step_type_versions v where v.step_type_id = t.id), '[]') as versions
  from public.v_step_types t`;

export async function catalogStepTypes(tx: Queryable) {
  return (await tx.query<CatalogStepTypeRow>(`${CATALOG} order by t.key`)).rows;
}

export async function catalogStepType(tx: Queryable, id: string) {
  return (await tx.query<CatalogStepTypeRow>(`${CATALOG} where t.id = $1`, [id])).rows[0] ?? null;
}

export async function catalogRulePacks(tx: Queryable) {
  return (
    await tx.query<{ id: string; name: string; version: string; spec: unknown; published_at: Date }>(
      'select id, name, version, spec, published_at from public.v_rule_packs order by name, published_at, id',
    )
  ).rows;
}

export interface InstallRow {
  id: string;
  step_type_id: string;
  step_type_key: string | null;
  step_type_version_id: string;
  version: string | null;
  deprecated: boolean;
  pinned: boolean;
  installed_by: string | null;
  created_at: Date;
  updated_at: Date;
  v: string;
  _k: string;
}

const INSTALL = `select i.id, i.step_type_id, t.key as step_type_key, i.step_type_version_id, v.version,
    coalesce(v.deprecated_at is not null, false) as deprecated, i.pinned, i.installed_by, i.created_at, i.updated_at,
    ${versionOf('i.')} as v, ${sortKey('i.')}
  from public.step_type_installs i
  left join public.v_step_types t on t.id = i.step_type_id
  left join public.v_step_type_versions v on v.id = i.step_type_version_id`;

export async function listInstalls(tx: Queryable, orgId: string, cursor: Cursor | null, limit: number) {
  const after = afterCursor(cursor, 3, 'i.');
  return (await tx.query<InstallRow>(`${INSTALL} where i.org_id = $1${after.sql} order by i.created_at, i.id limit $2`, [orgId, limit + 1, ...after.params])).rows;
}

export async function getInstall(tx: Queryable, orgId: string, id: string) {
  return (await tx.query<InstallRow>(`${INSTALL} where i.org_id = $1 and i.id = $2`, [orgId, id])).rows[0] ?? null;
}

export async function createInstall(tx: Queryable, orgId: string, versionId: string, pinned: boolean) {
  const { rows } = await tx.query<{ id: string }>(
    'insert into public.step_type_installs (org_id, step_type_version_id, pinned) values ($1, $2, $3) returning id',
    [orgId, versionId, pinned],
  );
  return rows[0]!.id;
}

export async function setInstallPinned(tx: Queryable, orgId: string, id: string, pinned: boolean, versions: string[] | null) {
  const res = await tx.query(
    `update public.step_type_installs i set pinned = $3 where org_id = $1 and id = $2 and ($4::text[] is null or ${versionOf('i.')} = any ($4::text[]))`,
    [orgId, id, pinned, versions],
  );
  return res.rowCount > 0;
}

export async function upgradeInstall(tx: Queryable, orgId: string, id: string, versionId: string | null) {
  await tx.query('select 1 from public.upgrade_step_type_install($1, $2, $3)', [orgId, id, versionId]);
}

export async function deleteInstall(tx: Queryable, orgId: string, id: string) {
  return (await tx.query('delete from public.step_type_installs where org_id = $1 and id = $2', [orgId, id])).rowCount > 0;
}

export const installVersion = (orgId: string, id: string) => ({
  sql: `select ${versionOf()} as v from public.step_type_installs where org_id = $1 and id = $2`,
  params: [orgId, id],
});

export interface RulePackInstallRow {
  id: string;
  rule_pack_name: string;
  rule_pack_id: string;
  version: string | null;
  pinned: boolean;
  installed_by: string | null;
  created_at: Date;
  updated_at: Date;
  v: string;
  _k: string;
}

const PACK_INSTALL = `select i.id, i.rule_pack_name, i.rule_pack_id, p.version, i.pinned, i.installed_by, i.created_at, i.updated_at,
    ${versionOf('i.')} as v, ${sortKey('i.')}
  from public.rule_pack_installs i left join public.v_rule_packs p on p.id = i.rule_pack_id`;

export async function listPackInstalls(tx: Queryable, orgId: string, cursor: Cursor | null, limit: number) {
  const after = afterCursor(cursor, 3, 'i.');
  return (await tx.query<RulePackInstallRow>(`${PACK_INSTALL} where i.org_id = $1${after.sql} order by i.created_at, i.id limit $2`, [orgId, limit + 1, ...after.params])).rows;
}

export async function getPackInstall(tx: Queryable, orgId: string, id: string) {
  return (await tx.query<RulePackInstallRow>(`${PACK_INSTALL} where i.org_id = $1 and i.id = $2`, [orgId, id])).rows[0] ?? null;
}

export async function createPackInstall(tx: Queryable, orgId: string, rulePackId: string, pinned: boolean) {
  const { rows } = await tx.query<{ id: string }>(
    'insert into public.rule_pack_installs (org_id, rule_pack_id, pinned) values ($1, $2, $3) returning id',
    [orgId, rulePackId, pinned],
  );
  return rows[0]!.id;
}

export async function setPackInstallPinned(tx: Queryable, orgId: string, id: string, pinned: boolean, versions: string[] | null) {
  const res = await tx.query(
    `update public.rule_pack_installs i set pinned = $3 where org_id = $1 and id = $2 and ($4::text[] is null or ${versionOf('i.')} = any ($4::text[]))`,
    [orgId, id, pinned, versions],
  );
  return res.rowCount > 0;
}

export async function upgradePackInstall(tx: Queryable, orgId: string, id: string, rulePackId: string | null) {
  await tx.query('select 1 from public.upgrade_rule_pack_install($1, $2, $3)', [orgId, id, rulePackId]);
}

export async function deletePackInstall(tx: Queryable, orgId: string, id: string) {
  return (await tx.query('delete from public.rule_pack_installs where org_id = $1 and id = $2', [orgId, id])).rowCount > 0;
}

export const packInstallVersion = (orgId: string, id: string) => ({
  sql: `select ${versionOf()} as v from public.rule_pack_installs where org_id = $1 and id = $2`,
  params: [orgId, id],
});
