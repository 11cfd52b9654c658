import { type MatrixEntry, READ, WRITE } from '../personas/levels.ts';
import { DEMO, type DemoOrg, demoId } from '../seed/ids.ts';

/**
 * The persona matrix entries of the provider tables (src/providers/sql), spliced into
 * src/personas/matrix.ts. Each row is the client's: its owners and admins read them (a provider's
 * admin acting in A at admin too); the provider's side reads through public.provider_clients and
 * public.my_clients, probed by src/personas/rpc-probes.ts. Only operators write them directly;
 * everyone else goes through the RPCs.
 */
const P = DEMO.providerOrg;
const dl = DEMO.delegations;
/** A delegation of each demo organisation that the probes may touch: A's and D's active ones, B's expired one. */
const delegationOf = (o: DemoOrg) =>
  o.key === 'a' ? dl.aActive : o.key === 'b' ? dl.bExpired : o.key === 'd' ? dl.dActive : demoId('none');
const revokedOf = (o: DemoOrg) =>
  o.key === 'a' ? dl.aRevoked : o.key === 'b' ? dl.bRevoked : o.key === 'd' ? dl.dRevoked : demoId('none');

export const PROVIDER_MATRIX_ENTRIES: MatrixEntry[] = [
  {
    table: 'public.provider_delegations',
    tenancy: 'tenant',
    probe: 'org_id, id, provider_org_id, role_ceiling, status',
    select: READ.ownerAdmin,
    insert: WRITE.operators,
    update: WRITE.operators,
    delete: WRITE.operators,
    probes: {
      // A revoked row: the live one per client and provider already exists.
      insert: (o) => ({
        sql: `insert into public.provider_delegations (org_id, provider_org_id, role_ceiling, status, revoked_at)
              values ($1, $2, 'viewer', 'revoked', now())`,
        params: [o.id, P.id],
      }),
      target: (o) => ({ sql: 'org_id = $1 and id = $2', params: [o.id, delegationOf(o)] }),
      set: 'role_ceiling = role_ceiling',
    },
  },
  {
    table: 'public.provider_delegation_workspaces',
    tenancy: 'tenant',
    probe: 'org_id, id, delegation_id, workspace_id',
    select: READ.ownerAdmin,
    insert: WRITE.operators,
    update: WRITE.operators,
    delete: WRITE.operators,
    probes: {
      insert: (o) => ({
        sql: `insert into public.provider_delegation_workspaces (org_id, delegation_id, workspace_id) values ($1, $2, $3)`,
        params: [o.id, delegationOf(o), o.defaultWorkspace],
      }),
      target: (o) => ({
        sql: 'org_id = $1 and id = $2',
        params: [o.id, demoId(`delegation-workspace:${revokedOf(o)}`)],
      }),
      set: 'workspace_id = workspace_id',
    },
  },
  {
    table: 'public.provider_assignments',
    tenancy: 'tenant',
    probe: 'org_id, id, delegation_id, user_id, provider_role, role',
    select: READ.ownerAdmin,
    insert: WRITE.operators,
    update: WRITE.operators,
    delete: WRITE.operators,
    probes: {
      insert: (o) => ({
        sql: `insert into public.provider_assignments (org_id, delegation_id, user_id, role) values ($1, $2, $3, 'viewer')`,
        params: [o.id, delegationOf(o), P.users.owner.id],
      }),
      target: (o) => ({
        sql: 'org_id = $1 and id = $2',
        params: [o.id, demoId(`assignment:${delegationOf(o)}:${P.users.admin.id}`)],
      }),
      set: 'role = role',
    },
  },
];
