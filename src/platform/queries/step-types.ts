/**
 * SQL for the step type registry, run as the caller (an admin token's platform_admin role): the
 * platform tables' policies and triggers decide, these only say what to read and write.
 */
import { afterCursor, type Cursor, setList, sortKey } from '../../db/fragments.ts';
import type { Queryable } from '../../db/types.ts';

export interface StepTypeRow {
  id: string;
  key: string;
  name: string;
  category: string;
  description: string | null;
  created_at: Date;
  updated_at: Date;
  versions: number;
  published_versions: number;
  _k: string;
}

export interface StepTypeVersionRow {
  id: string;
  step_type_id: string;
  version: string;
  input_schema: unknown;
  output_schema: unknown;
  external_call: unknown;
  published_at: Date | null;
  deprecated_at: Date | null;
  created_at: Date;
}

const TYPE = `select t.id, t.key, t.name, t.category, t.description, t.created_at, t.updated_at,
    (select count(*)::int from platform.step_type_versions v where v.step_type_id = t.id) as versions,
    (select count(*)::int from platform.step_type_versions v where v.step_type_id = t.id and v.published_at is not null) as published_versions,
    ${sortKey('t.')}
  from platform.step_types t`;

const VERSION = `select id, step_type_id, version, input_schema, output_schema, external_call, published_at, deprecated_at, created_at
  from platform.step_type_versions`;

export async function listStepTypes(tx: Queryable, cursor: Cursor | null, limit: number): Promise<StepTypeRow[]> {
  const after = afterCursor(cursor, 2, 't.');
  const { rows } = await tx.query<StepTypeRow>(`${TYPE} where true${after.sql} order by t.created_at, t.id limit $1`, [
    limit + 1,
    ...after.params,
  ]);
  return rows;
}

export async function getStepType(tx: Queryable, id: string): Promise<StepTypeRow | null> {
  return (await tx.query<StepTypeRow>(`${TYPE} where t.id = $1`, [id])).rows[0] ?? null;
}

export async function createStepType(
  tx: Queryable,
  t: { key: string; name: string; category?: string | undefined; description?: string | null | undefined },
) {
  const { rows } = await tx.query<{ id: string }>(
    `insert into platform.step_types (key, name, category, description, created_by)
     values ($1, $2, coalesce($3, 'general'), $4, app.uid()) returning id`,
    [t.key, t.name, t.category ?? null, t.description ?? null],
  );
  return rows[0]!.id;
}

export async function updateStepType(
  tx: Queryable,
  id: string,
  fields: { name?: string | undefined; category?: string | undefined; description?: string | null | undefined },
) {
  // Columns are named here, never taken from the caller's object: a key it carries beyond these is not SQL.
  const set = setList({ name: fields.name, category: fields.category, description: fields.description }, 2);
  if (!set.params.length) return true;
  return (await tx.query(`update platform.step_types set ${set.sql} where id = $1`, [id, ...set.params])).rowCount > 0;
}

export async function listVersions(tx: Queryable, stepTypeId: string): Promise<StepTypeVersionRow[]> {
  return (
    await tx.query<StepTypeVersionRow>(`${VERSION} where step_type_id = $1 order by created_at, id`, [stepTypeId])
  ).rows;
}

export async function getVersion(tx: Queryable, id: string): Promise<StepTypeVersionRow | null> {
  return (await tx.query<StepTypeVersionRow>(`${VERSION} where id = $1`, [id])).rows[0] ?? null;
}

export async function createVersion(
  tx: Queryable,
  stepTypeId: string,
  v: { version: string; input_schema: unknown; output_schema: unknown; external_call: unknown },
): Promise<string> {
  const { rows } = await tx.query<{ id: string }>(
    `insert into platform.step_type_versions (step_type_id, version, input_schema, output_schema, external_call)
     values ($1, $2, $3::jsonb, $4::jsonb, $5::jsonb) returning id`,
    [
      stepTypeId,
      v.version,
      JSON.stringify(v.input_schema),
      JSON.stringify(v.output_schema),
      JSON.stringify(v.external_call),
    ],
  );
  return rows[0]!.id;
}

/** Drafts only: the trigger refuses any change to a published version but deprecation. */
export async function updateVersion(
  tx: Queryable,
  id: string,
  fields: { input_schema?: unknown; output_schema?: unknown; external_call?: unknown },
) {
  // Columns are named here, never taken from the caller's object: a key it carries beyond these is not SQL.
  const columns = {
    input_schema: fields.input_schema,
    output_schema: fields.output_schema,
    external_call: fields.external_call,
  };
  const entries = Object.entries(columns).filter(([, v]) => v !== undefined);
  if (!entries.length) return true;
  const set = entries.map(([col], i) => `${col} = $${i + 2}::jsonb`).join(', ');
  const params = entries.map(([, v]) => JSON.stringify(v));
  return (await tx.query(`update platform.step_type_versions set ${set} where id = $1`, [id, ...params])).rowCount > 0;
}

export async function deleteVersion(tx: Queryable, id: string) {
  return (await tx.query('delete from platform.step_type_versions where id = $1', [id])).rowCount > 0;
}

export async function publishVersion(tx: Queryable, id: string) {
  await tx.query('select 1 from platform.publish_step_type_version($1)', [id]);
}

export async function deprecateVersion(tx: Queryable, id: string, deprecated: boolean) {
  await tx.query('select 1 from platform.deprecate_step_type_version($1, $2)', [id, deprecated]);
}
