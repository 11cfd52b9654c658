import { type MatrixEntry, READ, WRITE } from '../personas/levels.ts';
import { DEMO_REGISTRY } from './seed.ts';

const R = DEMO_REGISTRY;

/**
 * The persona matrix entries of the tenant overlays (src/platform/sql/0052, 0053), spliced into
 * src/personas/matrix.ts.
 * Installing is for owners and admins; defining workflows for everyone but viewers.
 */
export const REGISTRY_OVERLAY_MATRIX_ENTRIES: MatrixEntry[] = [
  {
    table: 'public.step_type_installs',
    tenancy: 'tenant',
    probe: 'org_id, id, step_type_version_id, pinned',
    select: READ.members,
    insert: WRITE.ownerAdmin,
    update: WRITE.ownerAdmin,
    delete: WRITE.ownerAdmin,
    probes: {
      insert: (o) => ({
        sql: 'insert into public.step_type_installs (org_id, step_type_version_id) values ($1, $2)',
        params: [o.id, R.stepTypes.slackV1],
      }),
      // The email.send install: no workflow uses it, so deleting it is a matter of rights alone.
      target: (o) => ({ sql: 'org_id = $1 and id = $2', params: [o.id, R.org(o).emailInstall] }),
      set: 'pinned = pinned',
    },
  },
  {
    table: 'public.rule_pack_installs',
    tenancy: 'tenant',
    probe: 'org_id, id, rule_pack_id, pinned',
    select: READ.members,
    insert: WRITE.ownerAdmin,
    update: WRITE.ownerAdmin,
    delete: WRITE.ownerAdmin,
    probes: {
      insert: (o) => ({
        sql: 'insert into public.rule_pack_installs (org_id, rule_pack_id) values ($1, $2)',
        params: [o.id, R.rulePacks.soc2],
      }),
      target: (o) => ({ sql: 'org_id = $1 and id = $2', params: [o.id, R.org(o).gdprInstall] }),
      set: 'pinned = pinned',
    },
  },
  {
    table: 'public.workflow_defs',
    tenancy: 'tenant',
    probe: 'org_id, id, name',
    select: READ.members,
    insert: WRITE.writers,
    update: WRITE.writers,
    delete: WRITE.writers,
    probes: {
      insert: (o) => ({
        sql: `insert into public.workflow_defs (org_id, name) values ($1, 'Probe workflow')`,
        params: [o.id],
      }),
      target: (o) => ({ sql: 'org_id = $1 and id = $2', params: [o.id, R.org(o).workflow] }),
      set: 'name = name',
    },
  },
  {
    table: 'public.workflow_def_steps',
    tenancy: 'tenant',
    probe: 'org_id, id, workflow_def_id, position',
    select: READ.members,
    insert: WRITE.writers,
    update: WRITE.writers,
    delete: WRITE.writers,
    probes: {
      insert: (o) => ({
        sql: `insert into public.workflow_def_steps (org_id, workflow_def_id, position, install_id, config)
              values ($1, $2, 99, $3, '{"url":"https://example.org/probe"}')`,
        params: [o.id, R.org(o).workflow, R.org(o).httpInstall],
      }),
      target: (o) => ({ sql: 'org_id = $1 and id = $2', params: [o.id, R.org(o).step] }),
      set: 'config = config',
    },
  },
];
