/**
 * Workflow definitions and their ordered steps. Saving replaces a definition's steps in the same
 * transaction as the definition, so a reader never sees half a workflow; each step's configuration
 * is checked by the database against its install's input schema as it is written.
 */
import { afterCursor, type Cursor, sortKey, versionOf } from '../../db/fragments.ts';
import type { Queryable } from '../../db/types.ts';

interface WorkflowStep {
  position: number;
  install_id: string;
  step_type_key: string | null;
  version: string | null;
  config: unknown;
}

export interface WorkflowRow {
  id: string;
  name: string;
  description: string | null;
  input_schema: unknown;
  published_at: Date | null;
  created_by: string | null;
  created_at: Date;
  updated_at: Date;
  steps: WorkflowStep[];
  v: string;
  _k: string;
}

const WORKFLOW = `select w.id, w.name, w.description, w.input_schema, w.published_at, w.created_by, w.created_at, w.updated_at,
    coalesce((select json_agg(json_build_object('position', s.position, 'install_id', s.install_id, 'step_type_key', t.key,
                                               'version', v.version, 'config', s.config) order by s.position)
              from public.workflow_def_steps s
              left join public.step_type_installs i on i.org_id = s.org_id and i.id = s.install_id
              left join public.v_step_types t on t.id = i.step_type_id
              left join public.v_step_type_versions v on v.id = i.step_type_version_id
              where s.org_id = w.org_id and s.workflow_def_id = w.id), '[]') as steps,
    ${versionOf('w.')} as v, ${sortKey('w.')}
  from public.workflow_defs w`;

export async function listWorkflows(tx: Queryable, orgId: string, cursor: Cursor | null, limit: number) {
  const after = afterCursor(cursor, 3, 'w.');
  return (
    await tx.query<WorkflowRow>(`${WORKFLOW} where w.org_id = $1${after.sql} order by w.created_at, w.id limit $2`, [
      orgId,
      limit + 1,
      ...after.params,
    ])
  ).rows;
}

export async function getWorkflow(tx: Queryable, orgId: string, id: string) {
  return (await tx.query<WorkflowRow>(`${WORKFLOW} where w.org_id = $1 and w.id = $2`, [orgId, id])).rows[0] ?? null;
}

export async function createWorkflow(
  tx: Queryable,
  orgId: string,
  w: { name: string; description: string | null; inputSchema: unknown },
) {
  const { rows } = await tx.query<{ id: string }>(
    `insert into public.workflow_defs (org_id, name, description, input_schema)
     values ($1, $2, $3, coalesce($4::jsonb, '{"type": "object"}')) returning id`,
    [orgId, w.name, w.description, w.inputSchema === undefined ? null : JSON.stringify(w.inputSchema)],
  );
  return rows[0]!.id;
}

export async function updateWorkflow(
  tx: Queryable,
  orgId: string,
  id: string,
  fields: { name?: string | undefined; description?: string | null | undefined; input_schema?: unknown },
  versions: string[] | null,
) {
  // Touching updated_at even when only the steps change keeps the ETag honest.
  const res = await tx.query(
    `update public.workflow_defs w set name = coalesce($3, name), description = case when $5 then $4 else description end,
       input_schema = coalesce($7::jsonb, input_schema)
     where org_id = $1 and id = $2 and ($6::text[] is null or ${versionOf('w.')} = any ($6::text[]))`,
    [
      orgId,
      id,
      fields.name ?? null,
      fields.description ?? null,
      fields.description !== undefined,
      versions,
      fields.input_schema === undefined ? null : JSON.stringify(fields.input_schema),
    ],
  );
  return res.rowCount > 0;
}

/** Steps are numbered 1…n in the order given. */
export async function replaceSteps(
  tx: Queryable,
  orgId: string,
  workflowId: string,
  steps: { install_id: string; config: unknown }[],
) {
  await tx.query('delete from public.workflow_def_steps where org_id = $1 and workflow_def_id = $2', [
    orgId,
    workflowId,
  ]);
  for (const [i, s] of steps.entries()) {
    await tx.query(
      'insert into public.workflow_def_steps (org_id, workflow_def_id, position, install_id, config) values ($1, $2, $3, $4, $5::jsonb)',
      [orgId, workflowId, i + 1, s.install_id, JSON.stringify(s.config)],
    );
  }
}

/** Marks the workflow runnable (kept when already published); false when the caller may not or it is gone. */
export async function publishWorkflow(tx: Queryable, orgId: string, id: string) {
  const res = await tx.query(
    'update public.workflow_defs set published_at = coalesce(published_at, now()) where org_id = $1 and id = $2',
    [orgId, id],
  );
  return res.rowCount > 0;
}

export async function deleteWorkflow(tx: Queryable, orgId: string, id: string, versions: string[] | null) {
  const res = await tx.query(
    `delete from public.workflow_defs w where org_id = $1 and id = $2 and ($3::text[] is null or ${versionOf('w.')} = any ($3::text[]))`,
    [orgId, id, versions],
  );
  return res.rowCount > 0;
}

export const workflowVersion = (orgId: string, id: string) => ({
  sql: `select ${versionOf()} as v from public.workflow_defs where org_id = $1 and id = $2`,
  params: [orgId, id],
});

/** The input schemas of an organisation's installs, to check configurations before writing. */
export async function installSchemas(tx: Queryable, orgId: string, ids: string[]) {
  const { rows } = await tx.query<{ id: string; input_schema: unknown }>(
    `select i.id, v.input_schema from public.step_type_installs i join public.v_step_type_versions v on v.id = i.step_type_version_id
     where i.org_id = $1 and i.id = any ($2::uuid[])`,
    [orgId, ids],
  );
  return new Map(rows.map((r) => [r.id, r.input_schema]));
}
