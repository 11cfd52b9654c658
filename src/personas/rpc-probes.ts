import { claimsStatementFor } from '../db/principal.ts';
import type { Database, Queryable } from '../db/types.ts';
import { DEMO, demoId } from '../seed/ids.ts';
import { PERSONAS, type PersonaId } from './personas.ts';
import { attempt } from './probe.ts';

/*
 * The persona matrix probes tables; these probe the security-definer RPCs, which check roles
 * themselves (app.require_org_role, app.member_for_change), and the role helpers product
 * policies are written with (app.has_org_role, app.org_ids_with_role). Each call runs as a persona
 * in a transaction that rolls back, and must end as written: 'ok', the registered error code, or
 * the boolean a helper must return.
 * src/personas/rpc-probes.test.ts proves them on both engines; the SQL mutation run
 * (scripts/mutate-sql.ts) uses them with the matrix to judge each mutant.
 */

const A = DEMO.orgs.a;
const B = DEMO.orgs.b;
const D = DEMO.deletedOrg;
const P = DEMO.providerOrg;
const digest = "sha256('probe'::bytea)";

export interface RpcProbe {
  /** What the probe checks, in words. */
  title: string;
  sql: string;
  params: unknown[];
  /** 'ok', the error code, or (for a helper returning one boolean) the value it must return. */
  expect: Partial<Record<PersonaId, 'ok' | `PS${number}` | '42501' | boolean>>;
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
      // Through A's delegation: the role it gives (app.caller_acting_role), and nothing without one.
      provider_admin: 'ok',
      provider_viewer: 'PS403',
      provider_owner: 'PS403',
      provider_member: 'PS404',
      provider_suspended: 'PS404',
    },
  },
  {
    title: 'create_workspace: owners and admins (keys by their role)',
    sql: "select public.create_workspace($1, 'Probe workspace')",
    params: [A.id],
    expect: {
      admin_a: 'ok',
      member_a: 'PS403',
      key_admin_a: 'ok',
      key_member_a: 'PS403',
      loner: 'PS404',
      provider_admin: 'PS403',
      provider_viewer: 'PS403',
    },
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
    expect: {
      owner_a: 'ok',
      admin_a: 'ok',
      member_a: 'PS403',
      key_admin_a: 'PS403',
      platform_admin: 'PS403',
      // A delegate holds no membership a key could outlive: keys are for direct members only.
      provider_admin: 'PS404',
    },
  },
  {
    title: 'invite_member: a provider admin acting in A invites nobody (a membership would outlive the delegation)',
    sql: "select public.invite_member($1, 'probe@example.test', 'member')",
    params: [A.id],
    expect: { admin_a: 'ok', provider_admin: 'PS404', provider_member: 'PS404' },
  },
  ...providerProbes(),
  {
    title: "usage_summary: every member and key reads its organisation's usage; strangers meet no organisation",
    sql: 'select count(*) from public.usage_summary($1)',
    params: [A.id],
    expect: {
      owner_a: 'ok',
      viewer_a: 'ok',
      key_viewer_a: 'ok',
      member_b: 'PS404',
      suspended_a: 'PS404',
      loner: 'PS404',
      service: 'ok',
      platform_admin: 'ok',
      anonymous: '42501',
    },
  },
  {
    title: "credit_summary: every member and key reads its organisation's credits; strangers meet no organisation",
    sql: 'select count(*) from public.credit_summary($1)',
    params: [A.id],
    expect: {
      owner_a: 'ok',
      viewer_a: 'ok',
      key_viewer_a: 'ok',
      provider_owner: 'ok',
      member_b: 'PS404',
      suspended_a: 'PS404',
      invited_a: 'PS404',
      loner: 'PS404',
      service: 'ok',
      platform_admin: 'ok',
      anonymous: '42501',
    },
  },
  {
    title: 'cancel_workflow_run: members and up (keys by their role) reach the run, which has already finished',
    sql: 'select public.cancel_workflow_run($1, $2)',
    params: [A.id, demoId(`workflow-run:${A.slug}:vendor-check:1`)],
    expect: {
      owner_a: 'PS409',
      member_a: 'PS409',
      viewer_a: 'PS403',
      key_member_a: 'PS409',
      key_viewer_a: 'PS403',
      member_b: 'PS404',
      suspended_a: 'PS404',
      loner: 'PS404',
      service: 'PS409',
      provider_admin: 'PS409',
      provider_member: 'PS404',
    },
  },
  {
    title: 'retry_workflow_step: only a failed step of a failed run, by members and up',
    sql: `select public.retry_workflow_step($1, (select s.id from public.workflow_step_runs s
            where s.org_id = $1 and s.run_id = $2 and s.position = 1))`,
    params: [A.id, demoId(`workflow-run:${A.slug}:vendor-check:1`)],
    expect: { member_a: 'PS409', viewer_a: 'PS403', key_member_a: 'PS409', service: 'PS409' },
  },
  {
    title: "create_api_key: members mint no keys, and nobody mints in another's organisation",
    sql: `select public.create_api_key($1, 'Probe key', $2, ${digest}, 'pk_probe')`,
    params: [B.id, 'viewer'],
    expect: { member_b: 'PS403', owner_a: 'PS404' },
  },
  {
    title: 'list_platform_admins: platform operators only; a forged admin claim and every tenant are refused',
    sql: 'select count(*) > 0 as any from app.list_platform_admins()',
    params: [],
    expect: {
      platform_admin: true,
      service: true,
      forged_admin: '42501',
      owner_a: '42501',
      key_admin_a: '42501',
      anonymous: '42501',
    },
  },
  ...lifecycleProbes(),
  // The role helpers: exact roles, as product policies use them.
  {
    title: 'has_org_role(owner): owners (and operators) only',
    sql: "select app.has_org_role($1, '{owner}')",
    params: [A.id],
    expect: { owner_a: true, admin_a: false, key_admin_a: false, member_a: false, loner: false, platform_admin: true },
  },
  {
    title: 'has_org_role(admin): admins and admin keys, not owners (exact role)',
    sql: "select app.has_org_role($1, '{admin}')",
    params: [A.id],
    expect: {
      admin_a: true,
      key_admin_a: true,
      owner_a: false,
      member_a: false,
      key_member_a: false,
      suspended_a: false,
    },
  },
  {
    title: 'org_ids_with_role(member): members and member keys, not admins or viewers',
    sql: "select $1::uuid = any (array(select app.org_ids_with_role('{member}')))",
    params: [A.id],
    expect: {
      member_a: true,
      key_member_a: true,
      admin_a: false,
      viewer_a: false,
      key_viewer_a: false,
      key_stale_a: false,
    },
  },
  {
    title: 'org_ids_with_role(viewer): viewers and viewer keys only',
    sql: "select $1::uuid = any (array(select app.org_ids_with_role('{viewer}')))",
    params: [A.id],
    expect: { viewer_a: true, key_viewer_a: true, member_a: false, key_revoked_a: false, invited_a: false },
  },
];

/**
 * The organisation lifecycle (src/tenancy/sql/0011_tenancy_functions.sql), through the public
 * wrapper PostgREST exposes and the app definer it calls, both granted to the API roles. Deleting
 * and restoring run in the probe's transaction, which rolls back (checkRpcProbes then checks that
 * A is still live and D still deleted). Keys and the service are no person: PS401, whatever their
 * role, so no key can end its organisation.
 */
function lifecycleProbes(): RpcProbe[] {
  const both = (fn: string, title: string, sql: (f: string) => string, params: unknown[], expect: RpcProbe['expect']) =>
    (['public', 'app'] as const).map((schema) => ({
      title: `${schema}.${fn}: ${title}`,
      sql: sql(`${schema}.${fn}`),
      params,
      expect,
    }));
  return [
    ...both(
      'delete_organisation',
      'owners only; admins and operators PS403, keys and the service PS401, strangers PS404',
      (f) => `select d.deleted_at is not null and d.purge_after > d.deleted_at from ${f}($1) d`,
      [A.id],
      {
        owner_a: true,
        admin_a: 'PS403',
        member_a: 'PS403',
        viewer_a: 'PS403',
        invited_a: 'PS404',
        suspended_a: 'PS404',
        member_b: 'PS404',
        owner_deleted: 'PS404',
        loner: 'PS404',
        forged_admin: 'PS404',
        key_admin_a: 'PS401',
        key_member_a: 'PS401',
        key_viewer_a: 'PS401',
        key_revoked_a: 'PS401',
        key_expired_a: 'PS401',
        key_stale_a: 'PS401',
        platform_admin: 'PS403',
        service: 'PS401',
        anonymous: '42501',
      },
    ),
    ...both(
      'delete_organisation',
      'a deleted organisation is not found, even by its owner; operators delete none (PS403)',
      (f) => `select 1 from ${f}($1)`,
      [D.id],
      { owner_deleted: 'PS404', member_deleted: 'PS404', owner_a: 'PS404', platform_admin: 'PS403' },
    ),
    ...both(
      'restore_organisation',
      "the deleted organisation's active owner only; anyone else PS404, keys and the service PS401",
      (f) => `select r.deleted_at is null and r.purge_after is null from ${f}($1) r`,
      [D.id],
      {
        owner_deleted: true,
        member_deleted: 'PS404',
        owner_a: 'PS404',
        admin_a: 'PS404',
        loner: 'PS404',
        forged_admin: 'PS404',
        key_admin_a: 'PS401',
        key_revoked_a: 'PS401',
        platform_admin: 'PS404',
        service: 'PS401',
        anonymous: '42501',
      },
    ),
    ...both(
      'restore_organisation',
      'a live organisation: PS409 for its owner, PS404 for anyone else',
      (f) => `select 1 from ${f}($1)`,
      [A.id],
      { owner_a: 'PS409', admin_a: 'PS404', member_a: 'PS404', member_b: 'PS404', key_admin_a: 'PS401' },
    ),
    ...both(
      'my_deleted_organisations',
      'lists the deleted organisation to its owner only',
      (f) => `select $1::uuid = any (array(select d.id from ${f}() d))`,
      [D.id],
      {
        owner_deleted: true,
        member_deleted: false,
        owner_a: false,
        loner: false,
        key_admin_a: false,
        platform_admin: false,
        service: false,
        anonymous: '42501',
      },
    ),
  ];
}

/** Provider delegation (src/providers/sql): the client's owners on one side, the provider's on the other. */
function providerProbes(): RpcProbe[] {
  const dl = DEMO.delegations;
  return [
    {
      title: "grant_provider_access: the client's owners only, in person; a delegate grants nothing",
      sql: "select public.grant_provider_access($1, $2, 'member')",
      params: [A.id, B.id],
      expect: {
        owner_a: 'ok',
        admin_a: 'PS403',
        member_a: 'PS403',
        key_admin_a: 'PS401',
        provider_admin: 'PS404',
        member_b: 'PS404',
      },
    },
    {
      title: 'grant_provider_access: one live delegation per client and provider',
      sql: "select public.grant_provider_access($1, $2, 'member')",
      params: [A.id, P.id],
      expect: { owner_a: 'PS409' },
    },
    {
      title: "change_provider_access: the client's owners only",
      sql: "select public.change_provider_access($1, $2, 'viewer')",
      params: [A.id, dl.aActive],
      expect: { owner_a: 'ok', admin_a: 'PS403', provider_admin: 'PS404', provider_owner: 'PS404' },
    },
    {
      title: "revoke_provider_access: the client's owners only; a revoked delegation is gone",
      sql: 'select public.revoke_provider_access($1, $2)',
      params: [A.id, dl.aActive],
      expect: { owner_a: 'ok', admin_a: 'PS403', provider_admin: 'PS404', member_b: 'PS404' },
    },
    {
      title: 'revoke_provider_access: revoking twice finds nothing',
      sql: 'select public.revoke_provider_access($1, $2)',
      params: [A.id, dl.aRevoked],
      expect: { owner_a: 'PS404' },
    },
    {
      title: "accept_provider_access: the provider's owners and admins; an accepted delegation is not accepted again",
      sql: 'select public.accept_provider_access($1, $2)',
      params: [P.id, dl.aActive],
      expect: { provider_admin: 'PS409', provider_owner: 'PS409', provider_member: 'PS403', owner_a: 'PS404' },
    },
    {
      title: "assign_provider_member: the provider's owners and admins assign its active members",
      sql: "select public.assign_provider_member($1, $2, 'member', $3)",
      params: [P.id, dl.aActive, P.users.viewer.id],
      expect: {
        provider_admin: 'ok',
        provider_owner: 'ok',
        provider_member: 'PS403',
        provider_viewer: 'PS403',
        owner_a: 'PS404',
        admin_a: 'PS404',
      },
    },
    {
      title: 'assign_provider_member: a suspended member of the provider cannot be assigned',
      sql: "select public.assign_provider_member($1, $2, 'member', $3)",
      params: [P.id, dl.aActive, P.users.suspended.id],
      expect: { provider_admin: 'PS404' },
    },
    {
      title: 'assign_provider_member: nobody assigns through a revoked delegation',
      sql: "select public.assign_provider_member($1, $2, 'member', $3)",
      params: [P.id, dl.aRevoked, P.users.member.id],
      expect: { provider_admin: 'PS404', provider_owner: 'PS404' },
    },
    {
      title: "unassign_provider_member: the provider's owners and admins",
      sql: 'select public.unassign_provider_member($1, $2, $3)',
      params: [P.id, dl.aActive, demoId(`assignment:${dl.aActive}:${P.users.viewer.id}`)],
      expect: { provider_admin: 'ok', provider_member: 'PS403', owner_a: 'PS404' },
    },
    {
      title: "provider_clients: the provider's owners and admins (its admin keys read it too)",
      sql: 'select count(*) = 4 as all_four from public.provider_clients($1)',
      params: [P.id],
      expect: { provider_admin: true, provider_owner: true, provider_member: 'PS403', owner_a: 'PS404' },
    },
    {
      title: 'my_clients: A for the assigned members of its provider, while the delegation lives; never B',
      sql: 'select array(select org_id from public.my_clients() order by org_id) = array[$1::uuid] as only_a',
      params: [A.id],
      expect: {
        provider_admin: true,
        provider_owner: true,
        provider_viewer: true,
        provider_member: false,
        provider_suspended: false,
        owner_a: false,
        key_member_a: 'PS401',
      },
    },
  ];
}

/** The lifecycle RPCs: each must be probed through its public wrapper and its app definer. */
export const LIFECYCLE_RPCS = ['delete_organisation', 'restore_organisation', 'my_deleted_organisations'] as const;

/**
 * Functions in `public` the API roles may execute that have no probe here, each with where it is
 * tested instead. rpc-probes.test.ts fails for a callable public function that is neither probed
 * nor listed, so a new RPC comes with probes (or a reason); and for an entry here that is probed
 * or no longer exists.
 */
export const UNPROBED_RPCS: Record<string, string> = {
  is_platform_service: 'a policy helper, no operation: every policy of the persona matrix calls it',
  is_member_of_org: 'a policy helper, no operation: every policy of the persona matrix calls it',
  assert_tenant_membership: 'the PS404 guard every definer calls first: src/tenancy/tenancy.test.ts',
  create_organisation: 'any signed-in person, no organisation role to probe: src/tenancy/tenancy.test.ts',
  accept_invitation: 'by token, no organisation role: src/tenancy/invitations.test.ts',
  revoke_invitation: 'src/tenancy/tenancy.test.ts',
  reactivate_member: 'src/tenancy/tenancy.test.ts, src/apikeys/delegation.test.ts',
  remove_member: 'src/tenancy/tenancy.test.ts, src/tenancy/concurrency.test.ts',
  leave_organisation: 'the caller leaves, no role to probe: src/tenancy/tenancy.test.ts',
  add_project_member: 'src/tenancy/tenancy.test.ts',
  upgrade_step_type_install: 'src/platform/registry.test.ts',
  upgrade_rule_pack_install: 'src/platform/registry.test.ts',
};

/** Owner-side, after every probe: the probes that deleted A or restored D rolled back. */
async function checkLifecycleRolledBack(db: Database): Promise<string[]> {
  const { rows } = await db.query<{ id: string; deleted: boolean }>(
    'select id, deleted_at is not null as deleted from public.organisations where id = any ($1::uuid[])',
    [[A.id, D.id]],
  );
  const deleted = new Map(rows.map((r) => [r.id, r.deleted]));
  const problems: string[] = [];
  if (deleted.get(A.id) !== false) problems.push('a delete probe did not roll back: organisation A is not live');
  if (deleted.get(D.id) !== true) problems.push('a restore probe did not roll back: organisation D is not deleted');
  return problems;
}

class Rollback extends Error {}

/**
 * One transaction, two identities: the threshold sets loaded for the first (A's owner) must not
 * answer for the second (A's member), who holds no admin role. A client that switches claims
 * within a transaction must not inherit the first caller's rights.
 */
async function checkIdentitySwitch(db: Database): Promise<string[]> {
  const heldAdmin = async (tx: Queryable) =>
    (await tx.query<{ held: boolean }>("select $1::uuid = any (app.caller_org_ids('admin')) as held", [A.id])).rows[0]!
      .held;
  const held: boolean[] = [];
  await db
    .transaction(async (tx) => {
      for (const id of ['owner_a', 'member_a'] as const) {
        const as = claimsStatementFor(PERSONAS[id].principal);
        await tx.query(as.sql, as.params);
        held.push(await heldAdmin(tx));
      }
      throw new Rollback();
    })
    .catch((err: unknown) => {
      if (!(err instanceof Rollback)) throw err;
    });
  const problems: string[] = [];
  if (!held[0]) problems.push("identity switch: A's owner does not hold A's admin set");
  if (held[1]) problems.push("identity switch: A's member inherited the owner's admin set in the same transaction");
  return problems;
}

/** Runs every probe; returns what differs from what it expects (empty: all as written). */
export async function checkRpcProbes(db: Database): Promise<string[]> {
  const problems: string[] = [];
  for (const probe of RPC_PROBES) {
    for (const [id, want] of Object.entries(probe.expect)) {
      const res = await attempt(db, PERSONAS[id as PersonaId], (tx) =>
        tx.query<Record<string, unknown>>(probe.sql, probe.params),
      );
      const got = !res.ok ? res.code : typeof want === 'boolean' ? Object.values(res.value.rows[0] ?? {})[0] : 'ok';
      if (got !== want)
        problems.push(
          `${probe.title}: ${PERSONAS[id as PersonaId].label} expected ${want}, got ${got}${res.ok ? '' : ` (${res.message})`}`,
        );
    }
  }
  problems.push(...(await checkIdentitySwitch(db)));
  problems.push(...(await checkLifecycleRolledBack(db)));
  return problems;
}
