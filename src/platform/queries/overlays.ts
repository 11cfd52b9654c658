/**
 * SQL for what tenants see and choose: the published catalogs (through the public.v_* views, so
 * RLS on the platform tables still applies), their installs and their workflow definitions. Every
 * statement names its organisation, and RLS refuses the rest whatever it names.
 */
import { afterCursor, type Cursor, sortKey, versionOf } from '../../db/fragments.ts';
import type { Queryable } from '../../db/types.ts';

export interface CatalogStepTypeRow {
  id: string;
  key: string;
  name: string;
  category: string;
  description: string | null;
  versions: {
    id: string;
    version: string;
    input_schema: unknown;
    output_schema: unknown;
    published_at: string;
    deprecated_at: string | null;
  }[];
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

/**
 * The queries of one kind of install. Step type installs and rule pack installs differ only in
 * their table, the catalog row they point at and the RPC that upgrades them.
 */
function installQueries<Row>(kind: { table: string; select: string; target: string; upgrade: string }) {
  const { table, select, target, upgrade } = kind;
  return {
    async list(tx: Queryable, orgId: string, cursor: Cursor | null, limit: number) {
      const after = afterCursor(cursor, 3, 'i.');
      return (
        await tx.query<Row>(`${select} where i.org_id = $1${after.sql} order by i.created_at, i.id limit $2`, [
          orgId,
          limit + 1,
          ...after.params,
        ])
      ).rows;
    },
    async get(tx: Queryable, orgId: string, id: string) {
      return (await tx.query<Row>(`${select} where i.org_id = $1 and i.id = $2`, [orgId, id])).rows[0] ?? null;
    },
    async create(tx: Queryable, orgId: string, targetId: string, pinned: boolean) {
      const { rows } = await tx.query<{ id: string }>(
        `insert into ${table} (org_id, ${target}, pinned) values ($1, $2, $3) returning id`,
        [orgId, targetId, pinned],
      );
      return rows[0]!.id;
    },
    async setPinned(tx: Queryable, orgId: string, id: string, pinned: boolean, versions: string[] | null) {
      const res = await tx.query(
        `update ${table} i set pinned = $3 where org_id = $1 and id = $2 and ($4::text[] is null or ${versionOf('i.')} = any ($4::text[]))`,
        [orgId, id, pinned, versions],
      );
      return res.rowCount > 0;
    },
    async upgrade(tx: Queryable, orgId: string, id: string, targetId: string | null) {
      await tx.query(`select 1 from ${upgrade}($1, $2, $3)`, [orgId, id, targetId]);
    },
    async remove(tx: Queryable, orgId: string, id: string) {
      return (await tx.query(`delete from ${table} where org_id = $1 and id = $2`, [orgId, id])).rowCount > 0;
    },
    version: (orgId: string, id: string) => ({
      sql: `select ${versionOf()} as v from ${table} where org_id = $1 and id = $2`,
      params: [orgId, id],
    }),
  };
}

export const stepTypeInstalls = installQueries<InstallRow>({
  table: 'public.step_type_installs',
  select: INSTALL,
  target: 'step_type_version_id',
  upgrade: 'public.upgrade_step_type_install',
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

export const rulePackInstalls = installQueries<RulePackInstallRow>({
  table: 'public.rule_pack_installs',
  select: PACK_INSTALL,
  target: 'rule_pack_id',
  upgrade: 'public.upgrade_rule_pack_install',
});
