import { type MatrixEntry, READ, WRITE } from '../personas/levels.ts';
import { DEMO_REGISTRY } from '../platform/seed.ts';
import { DEMO } from '../seed/ids.ts';
import { DEMO_RUNS } from './seed.ts';

const R = DEMO_REGISTRY;

/**
 * The persona matrix entries of workflow runs (src/runtime/sql/0070), spliced into
 * src/personas/matrix.ts. Members and up start runs; nobody but the runtime (the service role) and
 * platform admins changes one directly: tenants cancel and re-run through the RPCs, which the
 * RPC probes cover.
 */
export const RUNTIME_MATRIX_ENTRIES: MatrixEntry[] = [
  {
    table: 'public.workflow_runs',
    tenancy: 'tenant',
    probe: 'org_id, id, workflow_def_id, status',
    select: READ.members,
    insert: WRITE.writers,
    update: WRITE.operators,
    delete: WRITE.operators,
    probes: {
      insert: (o) => ({
        sql: `insert into public.workflow_runs (org_id, workflow_def_id, input) values ($1, $2, '{}')`,
        params: [o.id, R.org(o).workflow],
      }),
      target: (o) => ({ sql: 'org_id = $1 and id = $2', params: [o.id, DEMO_RUNS.org(o).run] }),
      set: 'status = status',
    },
  },
  {
    table: 'public.workflow_step_runs',
    tenancy: 'tenant',
    probe: 'org_id, id, run_id, position, status',
    select: READ.members,
    insert: WRITE.operators,
    update: WRITE.operators,
    delete: WRITE.operators,
    probes: {
      insert: (o) => ({
        sql: `insert into public.workflow_step_runs (org_id, run_id, position, install_id, step_type_version_id)
              values ($1, $2, 99, $3, $4)`,
        params: [o.id, DEMO_RUNS.org(o).run, R.org(o).httpInstall, DEMO.stepTypes.httpV1],
      }),
      target: (o) => ({ sql: 'org_id = $1 and run_id = $2 and position = 1', params: [o.id, DEMO_RUNS.org(o).run] }),
      set: 'attempt = attempt',
    },
  },
];
