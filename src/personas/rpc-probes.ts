import type { Database } from '../db/types.ts';
import { DEMO } from '../seed/ids.ts';
import { PERSONAS, type PersonaId } from './personas.ts';
import { attempt } from './probe.ts';

/*
 * The persona matrix probes tables; these probe the security-definer RPCs, which check roles
 * themselves (app.require_org_role, app.member_for_change). Each call runs as a persona in a
 * transaction that rolls back, and must end as written: 'ok', or the registered error code.
 * src/personas/rpc-probes.test.ts proves them on both engines; the SQL mutation run
 * (scripts/mutate-sql.ts) uses them with the matrix to judge each mutant.
 */

const A = DEMO.orgs.a;
const B = DEMO.orgs.b;
const digest = "sha256('probe'::bytea)";

export interface RpcProbe {
  /** What the probe checks, in words. */
  title: string;
  sql: string;
  params: unknown[];
  expect: Partial<Record<PersonaId, 'ok' | `PS${number}` | '42501'>>;
}

export const RPC_PROBES: RpcProbe[] = [
  {
    title: 'create_project: members and up (keys by their role); strangers and the suspended see no organisation',
    sql: "select public.create_project($1, $2, 'Probe project')",
    params: [A.id, A.defaultWorkspace],
    expect: {
      member_a: 'ok',
      viewer_a: 'PS403',
      key_member_a: 'ok',
      key_viewer_a: 'PS403',
      key_admin_a: 'ok',
      member_b: 'PS404',
      suspended_a: 'PS404',
      invited_a: 'PS404',
      service: 'ok',
    },
  },
  {
    title: 'create_workspace: owners and admins (keys by their role)',
    sql: "select public.create_workspace($1, 'Probe workspace')",
    params: [A.id],
    expect: { admin_a: 'ok', member_a: 'PS403', key_admin_a: 'ok', key_member_a: 'PS403', loner: 'PS404' },
  },
  {
    title: 'change_member_role: an admin cannot change an owner, and the last owner stays one',
    sql: "select public.change_member_role($1, $2, 'member')",
    params: [A.id, A.users.owner.id],
    expect: { admin_a: 'PS403', key_admin_a: 'PS403', member_a: 'PS403', owner_a: 'PS423', platform_admin: 'PS423' },
  },
  {
    title: 'change_member_role: only owners grant ownership',
    sql: "select public.change_member_role($1, $2, 'owner')",
    params: [A.id, A.users.member.id],
    expect: { owner_a: 'ok', admin_a: 'PS403', key_admin_a: 'PS403' },
  },
  {
    title: 'suspend_member: owners and admins suspend members, never themselves',
    sql: 'select public.suspend_member($1, $2)',
    params: [A.id, A.users.admin.id],
    expect: { owner_a: 'ok', admin_a: 'PS422', member_a: 'PS403', member_b: 'PS404' },
  },
  {
    title: 'create_api_key: an owner or admin signed in as themselves, never above their own role',
    sql: `select public.create_api_key($1, 'Probe key', $2, ${digest}, 'pk_probe')`,
    params: [A.id, 'admin'],
    expect: { owner_a: 'ok', admin_a: 'ok', member_a: 'PS403', key_admin_a: 'PS403', platform_admin: 'PS403' },
  },
  {
    title: "create_api_key: a key's role is refused above its creator's",
    sql: `select public.create_api_key($1, 'Probe key', $2, ${digest}, 'pk_probe')`,
    params: [B.id, 'admin'],
    expect: { member_b: 'PS403', owner_a: 'PS404' },
  },
];

/** Runs every probe; returns what differs from what it expects (empty: all as written). */
export async function checkRpcProbes(db: Database): Promise<string[]> {
  const problems: string[] = [];
  for (const probe of RPC_PROBES) {
    for (const [id, want] of Object.entries(probe.expect)) {
      // palisade-lint: constant-sql the RPC probes above: fixed statements, the seed's fixed ids as parameters
      const res = await attempt(db, PERSONAS[id as PersonaId], (tx) => tx.query(probe.sql, probe.params));
      const got = res.ok ? 'ok' : res.code;
      if (got !== want)
        problems.push(
          `${probe.title}: ${PERSONAS[id as PersonaId].label} expected ${want}, got ${got}${res.ok ? '' : ` (${res.message})`}`,
        );
    }
  }
  return problems;
}
