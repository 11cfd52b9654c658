/**
 * Workflow runs as their API reads and starts them: every statement runs as the caller, under RLS
 * (src/runtime/sql/0070_workflow_runs.sql decides who sees and starts what).
 */
import { afterCursor, type Cursor, sortKey } from '../db/fragments.ts';
import type { Queryable } from '../db/types.ts';

interface StepRunRow {
  id: string;
  position: number;
  install_id: string | null;
  step_type_key: string | null;
  version: string | null;
  status: string;
  attempt: number;
  output: unknown;
  error: string | null;
  callback_expires_at: string | null;
  started_at: string | null;
  finished_at: string | null;
}

export interface RunRow {
  id: string;
  workflow_def_id: string;
  status: string;
  input: unknown;
  error: string | null;
  started_by: string | null;
  cancelled_by: string | null;
  created_at: Date;
  started_at: Date | null;
  finished_at: Date | null;
  steps: StepRunRow[];
  _k: string;
}

const RUN = `select r.id, r.workflow_def_id, r.status, r.input, r.error, r.started_by, r.cancelled_by, r.created_at,
    r.started_at, r.finished_at,
    coalesce((select json_agg(json_build_object('id', s.id, 'position', s.position, 'install_id', s.install_id,
                'step_type_key', t.key, 'version', v.version, 'status', s.status, 'attempt', s.attempt,
                'output', s.output, 'error', s.error, 'callback_expires_at', s.callback_expires_at,
                'started_at', s.started_at, 'finished_at', s.finished_at) order by s.position)
              from public.workflow_step_runs s
              left join public.v_step_type_versions v on v.id = s.step_type_version_id
              left join public.v_step_types t on t.id = v.step_type_id
              where s.org_id = r.org_id and s.run_id = r.id), '[]') as steps,
    ${sortKey('r.')}
  from public.workflow_runs r`;

export async function startRun(tx: Queryable, orgId: string, workflowId: string, input: unknown): Promise<string> {
  const { rows } = await tx.query<{ id: string }>(
    'insert into public.workflow_runs (org_id, workflow_def_id, input) values ($1, $2, $3::jsonb) returning id',
    [orgId, workflowId, JSON.stringify(input)],
  );
  return rows[0]!.id;
}

export async function getRun(tx: Queryable, orgId: string, id: string): Promise<RunRow | null> {
  return (await tx.query<RunRow>(`${RUN} where r.org_id = $1 and r.id = $2`, [orgId, id])).rows[0] ?? null;
}

export async function listRuns(
  tx: Queryable,
  orgId: string,
  filter: { workflowId?: string | undefined; status?: string | undefined },
  cursor: Cursor | null,
  limit: number,
): Promise<RunRow[]> {
  const after = afterCursor(cursor, 5, 'r.');
  const { rows } = await tx.query<RunRow>(
    `${RUN} where r.org_id = $1 and ($3::uuid is null or r.workflow_def_id = $3) and ($4::text is null or r.status = $4)${after.sql}
     order by r.created_at, r.id limit $2`,
    [orgId, limit + 1, filter.workflowId ?? null, filter.status ?? null, ...after.params],
  );
  return rows;
}

export async function cancelRun(tx: Queryable, orgId: string, id: string): Promise<void> {
  await tx.query('select public.cancel_workflow_run($1, $2)', [orgId, id]);
}

/** Puts a failed step back to pending; returns its run's id. */
export async function retryStep(tx: Queryable, orgId: string, stepRunId: string): Promise<string> {
  const { rows } = await tx.query<{ run_id: string }>('select public.retry_workflow_step($1, $2) as run_id', [
    orgId,
    stepRunId,
  ]);
  return rows[0]!.run_id;
}
