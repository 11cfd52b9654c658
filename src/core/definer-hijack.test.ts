import { loadModule, parseSync } from 'libpg-query';
import pg from 'pg';
import { beforeAll, expect, inject, it } from 'vitest';
import { DEMO_OAUTH2 } from '../connections/oauth2/seed.ts';
import { DEMO_CREDITS } from '../credits/seed.ts';
import { CLAIMS_SQL, type Claims, claimsFor, withPrincipal } from '../db/principal.ts';
import type { Queryable } from '../db/types.ts';
import { DEMO_REVENUE } from '../revenue/seed.ts';
import { DEMO, demoId } from '../seed/ids.ts';
import { describeEngines } from '../testing/engines.ts';

/**
 * PostgreSQL resolves unqualified type (and table) names in pg_temp FIRST
 * unless the search_path lists pg_temp explicitly, and `search_path = ''` does not. A caller who
 * plants `pg_temp.uuid` as a domain whose CHECK calls their own function gets it run with the
 * definer's rights the moment a definer body casts to uuid. Every definer function reachable by
 * an API role is called here with such domains planted (TEMP granted for the test only, since
 * the migrations revoke it), and the planted function must never run as anyone but the caller.
 */

const A = DEMO.orgs.a;
const B = DEMO.orgs.b;
const API_ROLES = ['anon', 'authenticated', 'service_role', 'platform_admin'] as const;

/** Type names a body might spell unqualified. `int` and `boolean` are keywords that always mean pg_catalog's. */
const PLANTED_TYPES: [string, string][] = [
  ['uuid', 'uuid'],
  ['text', 'text'],
  ['jsonb', 'jsonb'],
  ['json', 'json'],
  ['timestamptz', 'timestamptz'],
  ['bytea', 'bytea'],
  ['int4', 'int4'],
  ['int8', 'int8'],
  ['bool', 'bool'],
  ['"int"', 'int4'],
  ['"boolean"', 'bool'],
  ['"interval"', 'interval'],
  ['name', 'name'],
  ['regclass', 'regclass'],
];

type Call = { as: Claims; sql: string; params?: unknown[] };

const owner = claimsFor({ kind: 'user', userId: A.users.owner.id });
const admin = claimsFor({ kind: 'user', userId: A.users.admin.id });
const apiKey = claimsFor({ kind: 'api_key', keyId: A.apiKey, orgId: A.id, role: 'admin' });
const service = claimsFor({ kind: 'service' });
const operator = claimsFor({ kind: 'platform_admin', userId: DEMO.platformAdmin.id });
const loner = claimsFor({ kind: 'user', userId: DEMO.loner.id, email: DEMO.loner.email });
const P = DEMO.providerOrg;
const providerAdmin = claimsFor({ kind: 'user', userId: P.users.admin.id });

/**
 * The probes of an RPC whose definer body is app.<signature>: first through its security-invoker
 * wrapper in public, as the API calls it, then on the body directly. Function probes are rolled
 * back (attempt), so both run on the same rows.
 */
function rpc(as: Claims, signature: string, args: string, params?: unknown[]): Record<string, Call[]> {
  const name = signature.slice(0, signature.indexOf('('));
  const call = (schema: string): Call => ({ as, sql: `select * from ${schema}.${name}(${args})`, params });
  return { [`app.${signature}`]: [call('public'), call('app')] };
}

/** Plausible calls per definer function (regprocedure text): deep enough to pass the permission checks. */
function callsFor(ids: {
  newUser: string;
  invitationToken: string;
  pendingDelegation: string;
  pendingRun: string;
  failedStep: string;
}): Record<string, Call[]> {
  const v = A.users;
  return {
    'app.load_caller_org_ids(text)': ['viewer', 'member', 'admin', 'owner'].flatMap((r) => [
      { as: owner, sql: 'select app.load_caller_org_ids($1)', params: [r] },
      { as: apiKey, sql: 'select app.load_caller_org_ids($1)', params: [r] },
    ]),
    'app.org_ids_with_role(text[])': [
      { as: owner, sql: 'select app.org_ids_with_role(null)' },
      { as: owner, sql: "select app.org_ids_with_role('{owner,admin,member,viewer}')" },
    ],
    'app.managed_projects()': [{ as: owner, sql: 'select * from app.managed_projects()' }],
    'app.member_projects()': [{ as: owner, sql: 'select * from app.member_projects()' }],
    'app.contributing_projects()': [{ as: owner, sql: 'select * from app.contributing_projects()' }],
    'app.colleague_user_ids()': [{ as: owner, sql: 'select app.colleague_user_ids()' }],
    'app.list_platform_admins()': [
      { as: operator, sql: 'select * from app.list_platform_admins()' },
      { as: service, sql: 'select * from app.list_platform_admins()' },
    ],
    'app.ensure_platform_org()': [{ as: service, sql: 'select app.ensure_platform_org()' }],
    'app.ensure_user(uuid,text)': [
      { as: service, sql: 'select app.ensure_user($1, $2)', params: [ids.newUser, 'planted@example.test'] },
    ],
    'app.record_audit_event(uuid,text,text,text,jsonb,text)': [
      {
        as: service,
        sql: `select app.record_audit_event($1, 'probe.event', 'public.organisations', $2, '{"a":1}', 'req-1')`,
        params: [A.id, A.id],
      },
    ],
    'app.record_admin_action(uuid,text,text,text,jsonb,text)': [
      {
        as: operator,
        sql: `select app.record_admin_action($1, 'probe.action', 'public.organisations', $2, '{"a":1}', 'req-2')`,
        params: [A.id, A.id],
      },
    ],
    ...rpc(owner, 'create_organisation(text,text)', "'Planted Ltd', 'planted-ltd'"),
    ...rpc(owner, 'create_workspace(uuid,text,text)', "$1, 'Planted space', 'd'", [A.id]),
    ...rpc(owner, 'create_project(uuid,uuid,text,text)', "$1, $2, 'Planted project', 'd'", [A.id, A.workspace]),
    ...rpc(owner, 'add_project_member(uuid,uuid,uuid,text)', "$1, $2, $3, 'manager'", [A.id, A.project, v.admin.id]),
    ...rpc(owner, 'invite_member(uuid,text,text,interval)', "$1, 'newcomer@example.test', 'member', '7 days'", [A.id]),
    ...rpc(loner, 'accept_invitation(text)', '$1', [ids.invitationToken]),
    ...rpc(owner, 'revoke_invitation(uuid,uuid)', '$1, $2', [A.id, A.invitation]),
    ...rpc(owner, 'change_member_role(uuid,uuid,text)', "$1, $2, 'admin'", [A.id, v.member.id]),
    ...rpc(owner, 'suspend_member(uuid,uuid)', '$1, $2', [A.id, v.viewer.id]),
    ...rpc(owner, 'reactivate_member(uuid,uuid)', '$1, $2', [A.id, v.suspended.id]),
    ...rpc(owner, 'remove_member(uuid,uuid)', '$1, $2', [A.id, v.suspended.id]),
    ...rpc(admin, 'leave_organisation(uuid)', '$1', [A.id]),
    ...rpc(owner, 'delete_organisation(uuid)', '$1', [A.id]),
    // Deleted first (in the same statement), so the restore runs its body to the end.
    'app.restore_organisation(uuid)': ['public', 'app'].map((schema) => ({
      as: owner,
      sql: `select * from ${schema}.restore_organisation((select d.id from ${schema}.delete_organisation($1) d))`,
      params: [A.id],
    })),
    ...rpc(owner, 'my_deleted_organisations()', ''),
    'app.caller_org_page(bigint,uuid,integer)': [
      { as: owner, sql: 'select * from app.caller_org_page(null, null, 50)' },
      { as: owner, sql: 'select * from app.caller_org_page(0, $1, 50)', params: [A.id] },
    ],
    ...rpc(
      owner,
      'create_api_key(uuid,text,text,bytea,text,timestamp with time zone)',
      "$1, 'planted key', 'member', $2, 'pk_planted', now() + interval '1 day'",
      [A.id, Buffer.alloc(32, 7)],
    ),
    // Provider delegation (src/providers/sql): the client's owner, the provider's admin, a delegate.
    'app.caller_workspace_grants(text)': [
      { as: providerAdmin, sql: "select * from app.caller_workspace_grants('viewer')" },
    ],
    'app.caller_acting_role(uuid,uuid)': [
      { as: providerAdmin, sql: 'select app.caller_acting_role($1, $2)', params: [A.id, A.workspace] },
    ],
    ...rpc(
      owner,
      'grant_provider_access(uuid,uuid,text,timestamp with time zone,uuid[])',
      "$1, $2, 'viewer', now() + interval '1 day', $3",
      [A.id, B.id, [A.workspace]],
    ),
    ...rpc(
      owner,
      'change_provider_access(uuid,uuid,text,timestamp with time zone,uuid[],boolean,text[])',
      "$1, $2, 'viewer', now() + interval '1 day', $3, false, null",
      [A.id, DEMO.delegations.aActive, [A.workspace]],
    ),
    ...rpc(owner, 'revoke_provider_access(uuid,uuid)', '$1, $2', [A.id, DEMO.delegations.aActive]),
    // B granted A access (pending, written by the setup): A's admin accepts it.
    ...rpc(admin, 'accept_provider_access(uuid,uuid)', '$1, $2', [A.id, ids.pendingDelegation]),
    ...rpc(providerAdmin, 'assign_provider_member(uuid,uuid,text,uuid,text)', "$1, $2, 'member', $3, null", [
      P.id,
      DEMO.delegations.aActive,
      P.users.member.id,
    ]),
    ...rpc(providerAdmin, 'unassign_provider_member(uuid,uuid,uuid)', '$1, $2, $3', [
      P.id,
      DEMO.delegations.aActive,
      demoId(`assignment:${DEMO.delegations.aActive}:${P.users.viewer.id}`),
    ]),
    ...rpc(providerAdmin, 'provider_clients(uuid)', '$1', [P.id]),
    ...rpc(providerAdmin, 'my_clients()', ''),
    ...rpc(owner, 'cancel_workflow_run(uuid,uuid)', '$1, $2', [A.id, ids.pendingRun]),
    ...rpc(owner, 'retry_workflow_step(uuid,uuid)', '$1, $2', [A.id, ids.failedStep]),
    // The revenue module (src/revenue/sql).
    'app.record_api_requests(jsonb)': [
      { as: service, sql: 'select * from app.record_api_requests($1)', params: [JSON.stringify({ [A.id]: 3 })] },
    ],
    ...rpc(owner, 'usage_summary(uuid)', '$1', [A.id]),
    // The setup planted a capture key whose hash is 32 bytes of 5.
    'app.capture_lead(bytea,jsonb,uuid)': [
      {
        as: service,
        sql: 'select * from app.capture_lead($1, $2, null)',
        params: [Buffer.alloc(32, 5), JSON.stringify({ email: 'planted@example.test', name: 'Planted' })],
      },
    ],
    // The credits module (src/credits/sql).
    ...rpc(owner, 'credit_summary(uuid)', '$1', [A.id]),
    'app.step_run_for_callback(uuid,uuid,bytea)': [
      {
        as: service,
        sql: 'select * from app.step_run_for_callback($1, $2, $3)',
        params: [A.id, ids.failedStep, Buffer.alloc(32, 1)],
      },
    ],
  };
}

/** Writes that fire the definer triggers on tables API roles may write. */
function triggerWrites(ids: { install: string; workflowDef: string; integration: string }) {
  return [
    {
      as: owner,
      sql: `insert into public.workflow_def_steps (org_id, workflow_def_id, position, install_id, config)
            values ($1, $2, 199, $3, '{"url": "https://example.test/"}')`,
      params: [A.id, ids.workflowDef, ids.install],
    },
    {
      as: owner,
      sql: `select public.upgrade_step_type_install($1, $2, (select v.id from platform.step_type_versions v
              where v.step_type_id = (select c.step_type_id from platform.step_type_versions c where c.id = $3) and v.version = '1.1.0'))`,
      params: [A.id, ids.install, DEMO.stepTypes.httpV1],
    },
    {
      as: admin,
      sql: `update public.organisation_integrations set display_name = display_name || ' (planted)' where org_id = $1 and id = $2`,
      params: [A.id, ids.integration],
    },
    {
      as: service,
      sql: `insert into public.api_keys (org_id, name, role, key_hash, prefix, created_by)
            values ($1, 'planted key', 'viewer', $2, 'pk_planted2', $3)`,
      params: [A.id, Buffer.alloc(32, 9), A.users.owner.id],
    },
    {
      as: owner,
      sql: `insert into public.integration_records (org_id, integration_id, record)
            values ($1, $2, '{"lead": {"email": "planted@example.test"}}')`,
      params: [A.id, ids.integration],
    },
    {
      as: service,
      sql: 'delete from public.organisation_integrations where org_id = $1 and id = $2',
      params: [A.id, ids.integration],
    },
    {
      as: service,
      sql: `update public.organisation_members set role = 'member' where org_id = $1 and user_id = $2`,
      params: [A.id, A.users.admin.id],
    },
    {
      as: owner,
      sql: `insert into public.workflow_runs (org_id, workflow_def_id, input) values ($1, $2, '{}')`,
      params: [A.id, ids.workflowDef],
    },
    {
      as: owner,
      sql: `insert into public.lead_qualifications (org_id, workspace_id, lead_id, qualifier, score, outcome)
            values ($1, $2, $3, 'manual', 80, 'qualified')`,
      params: [A.id, A.defaultWorkspace, DEMO_REVENUE.org(A).lead],
    },
    {
      as: owner,
      sql: `insert into public.checkout_sessions (org_id, plan_id) values ($1, 'team')`,
      params: [A.id],
    },
    {
      as: owner,
      sql: `insert into public.token_usage (org_id, project_id, tokens_used, usage_type, model)
            values ($1, $2, 5, 'chat', 'planted-model')`,
      params: [A.id, A.project],
    },
    {
      as: owner,
      sql: 'insert into public.token_purchases (org_id, pack_id) values ($1, $2)',
      params: [A.id, DEMO_CREDITS.packs.small],
    },
    {
      as: service,
      sql: `update public.token_purchases set status = 'completed' where org_id = $1 and id = $2`,
      params: [A.id, DEMO_CREDITS.org(A).pendingPurchase],
    },
    {
      as: owner,
      sql: `update public.oauth2_connections set token_endpoint = token_endpoint || '/planted' where org_id = $1 and id = $2`,
      params: [A.id, DEMO_OAUTH2.org(A).connection],
    },
  ];
}

/** Runs one probe in a savepoint; `keep` keeps its writes, otherwise they are rolled back. */
async function attempt(tx: Queryable, step: Call, keep: boolean): Promise<string> {
  await tx.query('savepoint probe');
  try {
    await tx.query(CLAIMS_SQL, [step.as.role, JSON.stringify(step.as)]);
    await tx.query(step.sql, step.params ?? []);
    await tx.query(keep ? 'release savepoint probe' : 'rollback to savepoint probe');
    return 'ok';
  } catch (e) {
    await tx.query('rollback to savepoint probe');
    return (e as Error).message;
  }
}

describeEngines('security-definer functions are hijack-proof', (ctx) => {
  // First in the file: on a connection that has compiled no function yet, as an attacker's would be.
  it('a pg_temp domain planted by an API role never runs with a definer’s rights, in any definer function or trigger', async () => {
    const client = ctx.url ? new pg.Client({ connectionString: ctx.url }) : undefined;
    await client?.connect();
    const db: Queryable = client
      ? {
          query: async (sql, params) => {
            const r = await client.query(sql, params as unknown[]);
            return { rows: r.rows, rowCount: r.rowCount ?? 0 };
          },
          exec: async (sql) => void (await client.query(sql)),
        }
      : ctx.db;
    const run = async (tx: Queryable) => {
      const one = async <T>(sql: string, params: unknown[] = []) => (await tx.query<T>(sql, params)).rows[0]!;
      const newUser = (await one<{ id: string }>(`select gen_random_uuid()::text as id`)).id;
      const { install } = await one<{ install: string }>(
        'select id as install from public.step_type_installs where org_id = $1 and step_type_version_id = $2',
        [A.id, DEMO.stepTypes.httpV1],
      );
      const { workflowDef } = await one<{ workflowDef: string }>(
        'select id as "workflowDef" from public.workflow_defs where org_id = $1 limit 1',
        [A.id],
      );
      const { integration } = await one<{ integration: string }>(
        'select id as integration from public.organisation_integrations where org_id = $1 order by id limit 1',
        [A.id],
      );
      // A lead capture key whose hash is known, for app.capture_lead.
      await tx.query(
        `insert into public.lead_capture_keys (org_id, workspace_id, name, key_hash, prefix, created_by)
         values ($1, $2, 'planted form', $3, 'plc_planted', $4)`,
        [A.id, A.defaultWorkspace, Buffer.alloc(32, 5), A.users.admin.id],
      );
      // An invitation whose token is known, for the loner to accept.
      const token = 'planted-invitation-token-0123456789abcdef';
      await tx.query(
        `insert into public.invitations (org_id, email, role, token_hash, invited_by, expires_at)
         values ($1, $2, 'viewer', extensions.digest($3, 'sha256'), $4, now() + interval '1 day')`,
        [A.id, DEMO.loner.email, token, A.users.owner.id],
      );

      const reachable = (
        await tx.query<{ f: string; wrapper: string | null }>(
          `select n.nspname || '.' || p.proname || '(' || replace(oidvectortypes(p.proargtypes), ', ', ',') || ')' as f,
                  (select 'public.' || w.proname || '(' from pg_proc w
                   where w.pronamespace = 'public'::regnamespace and w.oid <> p.oid
                     and w.proname = p.proname and w.proargtypes = p.proargtypes) as wrapper
           from pg_proc p join pg_namespace n on n.oid = p.pronamespace
           where p.prosecdef and n.nspname not in ('pg_catalog', 'information_schema')
             and exists (select 1 from unnest($1::text[]) r where has_function_privilege(r, p.oid, 'execute'))
           order by 1`,
          [[...API_ROLES]],
        )
      ).rows;
      const triggers = (
        await tx.query<{ f: string }>(
          `select distinct n.nspname || '.' || p.proname || '()' as f from pg_trigger t join pg_proc p on p.oid = t.tgfoid
           join pg_namespace n on n.oid = p.pronamespace
           where p.prosecdef and not t.tgisinternal
             and exists (select 1 from unnest($1::text[]) r
                         where has_table_privilege(r, t.tgrelid, 'insert,update,delete')
                            or has_any_column_privilege(r, t.tgrelid, 'insert,update'))
           order by 1`,
          [[...API_ROLES]],
        )
      ).rows.map((r) => r.f);
      // A pending delegation from B to A, for A's admin to accept.
      const { pendingDelegation } = await one<{ pendingDelegation: string }>(
        `insert into public.provider_delegations (org_id, provider_org_id, role_ceiling, granted_by)
         values ($1, $2, 'viewer', $3) returning id as "pendingDelegation"`,
        [B.id, A.id, B.users.owner.id],
      );
      // A pending run to cancel, and a failed one whose step can be re-run.
      const runOf = `insert into public.workflow_runs (org_id, workflow_def_id) values ($1, $2) returning id`;
      const { id: pendingRun } = await one<{ id: string }>(runOf, [A.id, workflowDef]);
      const { id: failedRun } = await one<{ id: string }>(runOf, [A.id, workflowDef]);
      const { id: failedStep } = await one<{ id: string }>(
        `with s as (update public.workflow_step_runs set status = 'running' where org_id = $1 and run_id = $2 returning id)
         select id from s`,
        [A.id, failedRun],
      );
      await tx.query(`update public.workflow_step_runs set status = 'failed' where org_id = $1 and id = $2`, [
        A.id,
        failedStep,
      ]);
      for (const status of ['running', 'failed'])
        await tx.query('update public.workflow_runs set status = $3 where org_id = $1 and id = $2', [
          A.id,
          failedRun,
          status,
        ]);
      const calls = callsFor({ newUser, invitationToken: token, pendingDelegation, pendingRun, failedStep });
      // A definer function added later must be added to callsFor: being callable is being probed.
      expect(reachable.map((r) => r.f).filter((f) => !calls[f])).toEqual([]);
      // A definer with a wrapper in public is probed through it too, as the API calls it.
      const unwrapped = reachable.filter((r) => r.wrapper && !calls[r.f]!.some((c) => c.sql.includes(r.wrapper!)));
      expect(unwrapped).toEqual([]);

      // The attack, as the API role, with TEMP granted to it for this transaction only.
      await tx.query(`do $$ begin
        execute format('grant temporary on database %I to anon, authenticated, service_role, platform_admin', current_database());
      end $$`);
      await tx.query(CLAIMS_SQL, [owner.role, JSON.stringify(owner)]);
      await tx.query('create sequence pg_temp.hijack_marks');
      await tx.query('grant all on sequence pg_temp.hijack_marks to public');
      // Counts only when it runs as someone other than an API role: that is, with a definer's rights.
      await tx.query(`create function pg_temp.hijack_mark() returns pg_catalog.bool language sql volatile as $f$
        select case when current_user in ('anon', 'authenticated', 'service_role', 'platform_admin') then true
                    else pg_catalog.nextval('pg_temp.hijack_marks') > 0 end
      $f$`);
      await tx.query('grant execute on function pg_temp.hijack_mark() to public');
      for (const [name, base] of PLANTED_TYPES) {
        await tx.query(`create domain pg_temp.${name} as pg_catalog.${base} check (pg_temp.hijack_mark())`);
        await tx.query(`grant usage on domain pg_temp.${name} to public`);
      }
      // The plant works as the caller: the caller's own casts go through it (and are not counted).
      const planted = await tx.query<{ ns: string }>(
        `select n.nspname::pg_catalog.text as ns from pg_catalog.pg_type t join pg_catalog.pg_namespace n on n.oid = t.typnamespace
         where t.oid = pg_catalog.pg_typeof('x'::text)`,
      );
      expect(planted.rows[0]!.ns).toMatch(/^pg_temp_\d+$/);

      const outcomes: Record<string, string[]> = {};
      for (const { f } of reachable) {
        outcomes[f] = [];
        for (const c of calls[f]!) outcomes[f].push(await attempt(tx, c, false));
      }
      for (const w of triggerWrites({ install, workflowDef, integration })) {
        outcomes[`trigger: ${w.sql.split(/\s+/).slice(0, 4).join(' ')}`] = [await attempt(tx, w, true)];
      }
      await tx.query(CLAIMS_SQL, [owner.role, JSON.stringify(owner)]);
      const marks = (
        await tx.query<{ n: string }>(
          'select case when is_called then last_value else 0 end::pg_catalog.text as n from pg_temp.hijack_marks',
        )
      ).rows[0]!.n;
      return { marks, outcomes, triggers, reachable: reachable.length };
    };
    let result: Awaited<ReturnType<typeof run>>;
    try {
      if (client) {
        await client.query('begin');
        try {
          result = await run(db);
        } finally {
          await client.query('rollback');
        }
      } else {
        result = await ctx.db
          .transaction(async (tx) => {
            const r = await run(tx);
            throw Object.assign(new Error('rollback'), { r });
          })
          .catch((e: { r?: Awaited<ReturnType<typeof run>> }) => {
            if (!e.r) throw e;
            return e.r;
          });
      }
    } finally {
      await client?.end();
    }
    // The planted function never ran with anyone's rights but the caller's.
    expect(result.marks).toBe('0');
    expect(result.reachable).toBeGreaterThanOrEqual(20);
    // Every definer trigger on a table an API role writes is fired by one of triggerWrites.
    expect(result.triggers).toEqual([
      'app.apply_lead_qualification()',
      'app.audit_row_change()',
      'app.check_checkout_plan()',
      'app.check_token_pack()',
      'app.check_workflow_run_start()',
      'app.check_workflow_step_config()',
      'app.copy_workflow_steps()',
      'app.count_usage()',
      'app.credit_token_purchase()',
      'app.debit_token_usage()',
      'app.drop_credential_secret()',
      'app.guard_last_owner()',
      'app.oauth2_connections_forget_grants()',
      'app.recheck_workflow_steps()',
      'app.refuse_deleted_org()',
    ]);
    // Every probe ran its body to the end (with the old search_path, the planted types broke some of them).
    const failed = Object.entries(result.outcomes).filter(([, o]) => o.some((x) => x !== 'ok'));
    expect(failed).toEqual([]);
  });
});

describeEngines('TEMP is refused to the API roles', (ctx) => {
  it('no API role may create temporary objects in the migrated database; its owner still may', async () => {
    // CREATE DATABASE … TEMPLATE does not copy database privileges, so on the server the migrated
    // database is the template these test databases are cloned from.
    const migrated = ctx.engine === 'postgres' ? inject('templates').postgres!.template : undefined;
    const { rows } = await ctx.db.query<{ role: string; temp: boolean }>(
      `select r as role, has_database_privilege(r, coalesce($2, current_database()), 'TEMPORARY') as temp
       from unnest($1::text[] || current_user::text) r order by 1`,
      [[...API_ROLES, 'authenticator'], migrated ?? null],
    );
    const me = (await ctx.db.query<{ u: string }>('select current_user::text as u')).rows[0]!.u;
    expect(rows).toEqual([...API_ROLES, 'authenticator', me].sort().map((role) => ({ role, temp: role === me })));
    if (ctx.engine === 'pglite') {
      const refused = await withPrincipal(ctx.db, { kind: 'user', userId: A.users.owner.id }, (tx) =>
        tx.query('create temporary table planted (id int)'),
      ).then(
        () => null,
        (e: { code?: string }) => e.code,
      );
      expect(refused).toBe('42501');
    }
  });
});

/**
 * Splinter, Supabase's database linter, reproduced with its own catalog logic: the schemas it never
 * lints, and what PostgREST exposes (pgrst.db_schemas, which Splinter reads; `public` when unset).
 */
const SPLINTER_SKIPS = [
  '_timescaledb_cache',
  '_timescaledb_catalog',
  '_timescaledb_config',
  '_timescaledb_internal',
  'auth',
  'cron',
  'extensions',
  'graphql',
  'graphql_public',
  'information_schema',
  'net',
  'pgmq',
  'pgroonga',
  'pgsodium',
  'pgsodium_masks',
  'pgtle',
  'pgbouncer',
  'pg_catalog',
  'realtime',
  'repack',
  'storage',
  'supabase_functions',
  'supabase_migrations',
  'tiger',
  'topology',
  'vault',
];
const EXPOSED = ['public'];

/** The RPCs: a security-invoker wrapper in public over a definer body of the same signature in app. */
const RPCS = [
  'accept_invitation(text)',
  'accept_provider_access(uuid,uuid)',
  'add_project_member(uuid,uuid,uuid,text)',
  'assign_provider_member(uuid,uuid,text,uuid,text)',
  'cancel_workflow_run(uuid,uuid)',
  'change_member_role(uuid,uuid,text)',
  'change_provider_access(uuid,uuid,text,timestamp with time zone,uuid[],boolean,text[])',
  'create_api_key(uuid,text,text,bytea,text,timestamp with time zone)',
  'create_organisation(text,text)',
  'create_project(uuid,uuid,text,text)',
  'create_workspace(uuid,text,text)',
  'credit_summary(uuid)',
  'delete_organisation(uuid)',
  'grant_provider_access(uuid,uuid,text,timestamp with time zone,uuid[])',
  'invite_member(uuid,text,text,interval)',
  'leave_organisation(uuid)',
  'my_clients()',
  'my_deleted_organisations()',
  'provider_clients(uuid)',
  'reactivate_member(uuid,uuid)',
  'remove_member(uuid,uuid)',
  'restore_organisation(uuid)',
  'retry_workflow_step(uuid,uuid)',
  'revoke_invitation(uuid,uuid)',
  'revoke_provider_access(uuid,uuid)',
  'suspend_member(uuid,uuid)',
  'unassign_provider_member(uuid,uuid,uuid)',
  'usage_summary(uuid)',
];

/** `schema.name(types)` of pg_proc p joined to pg_namespace n, as regprocedure text without spaces after commas. */
const SIGNATURE = `n.nspname || '.' || p.proname || '(' || replace(oidvectortypes(p.proargtypes), ', ', ',') || ')'`;

describeEngines('Splinter: no SECURITY DEFINER function is exposed to the API roles', (ctx) => {
  const definersExecutable = async (schemas: string[]) =>
    (
      await ctx.db.query<{ f: string; role: string }>(
        `select ${SIGNATURE} as f, r as role
         from pg_proc p join pg_namespace n on n.oid = p.pronamespace cross join unnest($2::text[]) r
         where p.prosecdef and n.nspname = any ($1::text[]) and not n.nspname = any ($3::text[])
           and has_function_privilege(r, p.oid, 'EXECUTE')
         order by 1, 2`,
        [schemas, ['anon', 'authenticated', 'platform_admin'], SPLINTER_SKIPS],
      )
    ).rows;

  it('no function in an exposed schema is security definer and executable by anon or authenticated (anon_ and authenticated_security_definer_function_executable)', async () => {
    expect(await definersExecutable(EXPOSED)).toEqual([]);
    // The same query does find the definer bodies, which sit in app, outside the API.
    const inApp = (await definersExecutable(['app'])).filter((r) => r.role === 'authenticated').map((r) => r.f);
    expect(inApp).toEqual(expect.arrayContaining(RPCS.map((f) => `app.${f}`)));
  });

  it('each RPC in public is a security-invoker wrapper with its definer body’s arguments, defaults, result and grants', async () => {
    const { rows } = await ctx.db.query<{
      f: string;
      definer: boolean;
      config: string[] | null;
      same_args: boolean;
      same_result: boolean;
      to_public: boolean;
      roles: string[];
      body_roles: string[];
    }>(
      `select ${SIGNATURE} as f, p.prosecdef as definer, p.proconfig as config,
              pg_get_function_arguments(p.oid) = pg_get_function_arguments(b.oid) as same_args,
              pg_get_function_result(p.oid) = pg_get_function_result(b.oid) as same_result,
              exists (select 1 from aclexplode(p.proacl) a where a.grantee = 0)
                or exists (select 1 from aclexplode(b.proacl) a where a.grantee = 0) as to_public,
              array(select r from unnest($1::text[]) r where has_function_privilege(r, p.oid, 'EXECUTE')) as roles,
              array(select r from unnest($1::text[]) r where has_function_privilege(r, b.oid, 'EXECUTE')) as body_roles
       from pg_proc p join pg_namespace n on n.oid = p.pronamespace
       join pg_proc b on b.pronamespace = 'app'::regnamespace and b.proname = p.proname and b.proargtypes = p.proargtypes
       where n.nspname = 'public' and b.prosecdef
       order by 1`,
      [['anon', 'authenticated', 'service_role', 'platform_admin']],
    );
    expect(rows.map((r) => r.f)).toEqual(RPCS.map((f) => `public.${f}`));
    const callers = ['authenticated', 'service_role', 'platform_admin'];
    for (const r of rows) {
      expect(r, r.f).toMatchObject({
        definer: false,
        config: ['search_path=pg_catalog, pg_temp'],
        same_args: true,
        same_result: true,
        to_public: false,
        roles: callers,
        body_roles: callers,
      });
    }
  });
});

/**
 * Splinter's function_search_path_mutable, kept at its documented exceptions: SQL helpers that
 * policies and audit hashing rely on being inlined (a SET clause stops inlining). Each is SQL,
 * security invoker, and named here and in docs/security.md; anything else pins
 * search_path = pg_catalog, pg_temp.
 */
const INLINABLE = [
  'app.acting_org()',
  'app.api_key_id()',
  'app.audit_entry_hash(bytea,text,uuid,bigint,timestamp with time zone,uuid,text,uuid,text,text,text,jsonb,jsonb,jsonb,text,text,text)',
  'app.audit_entry_hash_v1(bytea,text,uuid,bigint,timestamp with time zone,uuid,text,uuid,text,text,text,jsonb,jsonb,jsonb,text,text,text)',
  'app.audit_field(text)',
  'app.audit_is_secret_key(text)',
  'app.audit_masked(jsonb)',
  'app.audit_secret_likes()',
  'app.audit_secret_pattern()',
  'app.audit_setting(text,integer)',
  'app.audit_text_looks_secret(text)',
  'app.caller_org_ids_key()',
  'app.current_api_role()',
  'app.has_org_role(uuid,text[])',
  'app.is_org_member(uuid)',
  'app.is_platform_admin()',
  'app.is_platform_operator()',
  'app.is_platform_service()',
  'app.is_uuid_text(text)',
  'app.jwt()',
  'app.legacy_claim_sub()',
  'app.platform_org_id()',
  'app.role_rank(text)',
  'app.uid()',
];

/**
 * Names in a SQL body that PostgreSQL resolves on the search_path in force when the body is parsed
 * (the caller's, for an unpinned function): unqualified functions, types, collations and operators,
 * and the constructs that look an operator up by its bare name (IN, LIKE, NULLIF, IS DISTINCT FROM,
 * BETWEEN, CASE x WHEN).
 */
function searchPathNames(body: string): string[] {
  const out: string[] = [];
  type Names = { String: { sval: string } }[] | undefined;
  const check = (what: string, list: Names) => {
    if (list && list.length < 2) out.push(`${what} ${list.map((n) => n.String.sval).join('.')}`);
  };
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) {
      for (const item of node) walk(item);
      return;
    }
    if (!node || typeof node !== 'object') return;
    for (const [kind, value] of Object.entries(node)) {
      const v = value as Record<string, Names> & { kind?: string; arg?: unknown; typeName?: { names: Names } };
      if (kind === 'FuncCall') check('function', v.funcname);
      if (kind === 'TypeName') check('type', v.names);
      if (kind === 'TypeCast') check('type', v.typeName?.names);
      if (kind === 'CollateClause') check('collation', v.collname);
      if (kind === 'A_Expr') check(`operator (${v.kind})`, v.name);
      if (kind === 'SubLink') check('operator', v.operName);
      if (kind === 'CaseExpr' && v.arg) out.push('operator = (CASE x WHEN)');
      walk(value);
    }
  };
  walk(parseSync(body));
  return out;
}

describeEngines('every Palisade function pins search_path, but the documented inlinable helpers', (ctx) => {
  beforeAll(() => loadModule());

  it('functions without a pinned search_path are exactly the inlinable SQL helpers (function_search_path_mutable); pinned ones end with pg_temp', async () => {
    const { rows } = await ctx.db.query<{ f: string; lang: string; definer: boolean; path: string | null }>(
      `select ${SIGNATURE} as f, l.lanname as lang, p.prosecdef as definer,
              (select substr(s, length('search_path=') + 1) from unnest(p.proconfig) s where s like 'search_path=%') as path
       from pg_proc p join pg_namespace n on n.oid = p.pronamespace join pg_language l on l.oid = p.prolang
       left join pg_depend dep on p.oid = dep.objid and dep.deptype = 'e'
       where not n.nspname = any ($1::text[]) and dep.objid is null
       order by 1`,
      [SPLINTER_SKIPS],
    );
    // Splinter's rule: outside the schemas it skips, not an extension's, no search_path in proconfig.
    const unpinned = rows.filter((r) => r.path === null);
    expect(unpinned.map((r) => r.f)).toEqual(INLINABLE);
    expect(unpinned.filter((r) => r.lang !== 'sql' || r.definer)).toEqual([]);
    expect(
      rows.filter((r) => r.path !== null && r.path !== 'pg_catalog, pg_temp').map((r) => `${r.f}: ${r.path}`),
    ).toEqual([]);
    expect(rows.length).toBeGreaterThan(80);
  });

  it('the inlinable helpers name every function, type, collation and operator with its schema', async () => {
    const { rows } = await ctx.db.query<{ f: string; src: string }>(
      `select ${SIGNATURE} as f, p.prosrc as src from pg_proc p join pg_namespace n on n.oid = p.pronamespace
       where ${SIGNATURE} = any ($1::text[]) order by 1`,
      [INLINABLE],
    );
    expect(rows.map((r) => r.f)).toEqual(INLINABLE);
    expect(rows.map((r) => [r.f, searchPathNames(r.src)]).filter(([, found]) => found!.length > 0)).toEqual([]);
  });

  it('the inlinable helpers answer the same on a caller’s search_path that finds planted functions and operators first', async () => {
    // One call of each helper; only qualified names in this query itself.
    const sample = `select pg_catalog.row_to_json(t)::pg_catalog.text as r from (select
      app.jwt() as jwt, app.uid() as uid, app.current_api_role() as role, app.is_platform_service() as service,
      app.is_platform_admin() as admin, app.is_platform_operator() as operator, app.api_key_id() as key,
      app.caller_org_ids_key() as identity, app.acting_org() as acting, app.is_uuid_text($2) as uuid_text, app.is_uuid_text('x') as not_uuid,
      app.is_org_member($1) as member, app.has_org_role($1, '{owner}') as owns, app.platform_org_id() as platform,
      app.audit_is_secret_key('api_key') as secret, app.audit_is_secret_key('api_key_id') as not_secret,
      app.audit_text_looks_secret('{"a": 1}') as looks, app.audit_masked('{"token": "t", "a": 1}') as masked,
      app.audit_field('héllo') as field, app.audit_setting('request.jwt.claims', 12) as setting,
      app.audit_entry_hash('\\x00', 'tenant', $1, 1, '2025-01-01T00:00:00Z', null, 'owner', null, 'a.b', null, null,
        null, '{"x": 1}', null, null, null, null) as hash,
      app.audit_entry_hash_v1('\\x00', 'tenant', $1, 1, '2025-01-01T00:00:00Z', null, 'owner', null, 'a.b', null, null,
        null, '{"x": 1}', null, null, null, null) as hash_v1,
      app.audit_secret_likes() as likes, app.audit_secret_pattern() as pattern,
      app.role_rank('admin') as admin_rank, app.role_rank('planted') as no_rank) t`;
    const run = async (tx: Queryable) => {
      // What a schema earlier on the caller's path could hold (TEMP is revoked, so it is not pg_temp).
      await tx.exec(`
        create schema planted;
        grant usage on schema planted to public;
        create function planted.current_setting(text, boolean) returns text language sql as $$ select 'service_role' $$;
        create function planted.lower(text) returns text language sql as $$ select 'token' $$;
        create function planted.octet_length(text) returns int language sql as $$ select 32 $$;
        create function planted.replace(text, text, text) returns text language sql as $$ select '' $$;
        create function planted.convert_to(text, name) returns bytea language sql as $$ select '\\x00'::pg_catalog.bytea $$;
        create function planted.sha256(bytea) returns bytea language sql as $$ select '\\x00'::pg_catalog.bytea $$;
        create function planted.yes(text, text) returns boolean language sql as $$ select true $$;
        create function planted.no(text, text) returns boolean language sql as $$ select false $$;
        create function planted.same(uuid, uuid) returns boolean language sql as $$ select true $$;
        create function planted.cat(text, text) returns text language sql as $$ select 'planted' $$;
        create function planted.field(jsonb, text) returns text language sql as $$ select 'planted' $$;
        create operator planted.= (leftarg = text, rightarg = text, function = planted.yes);
        create operator planted.<> (leftarg = text, rightarg = text, function = planted.no);
        create operator planted.~ (leftarg = text, rightarg = text, function = planted.yes);
        create operator planted.~* (leftarg = text, rightarg = text, function = planted.yes);
        create operator planted.~~ (leftarg = text, rightarg = text, function = planted.yes);
        create operator planted.= (leftarg = uuid, rightarg = uuid, function = planted.same);
        create operator planted.|| (leftarg = text, rightarg = text, function = planted.cat);
        create operator planted.->> (leftarg = jsonb, rightarg = text, function = planted.field);
        grant execute on all functions in schema planted to public;`);
      // As the database owner (the audit helpers are not the API roles' to call) with A's owner's claims.
      await tx.query(
        `select pg_catalog.set_config('request.jwt.claims', $1, true), pg_catalog.set_config('palisade.acting_org', $2, true)`,
        [JSON.stringify(owner), A.id],
      );
      const answer = async (path: string | null) => {
        if (path) await tx.query(`select pg_catalog.set_config('search_path', $1, true)`, [path]);
        return (await tx.query<{ r: string }>(sample, [A.id, A.id])).rows[0]!.r;
      };
      const usual = await answer(null);
      const planted = await answer('planted, pg_catalog, pg_temp').catch((e: Error) => e.message);
      return { usual, planted };
    };
    const result = await ctx.db
      .transaction(async (tx) => {
        throw Object.assign(new Error('rollback'), { r: await run(tx) });
      })
      .catch((e: { r?: Awaited<ReturnType<typeof run>> }) => {
        if (!e.r) throw e;
        return e.r;
      });
    expect(JSON.parse(result.usual)).toMatchObject({
      acting: A.id,
      admin_rank: 3,
      no_rank: 0,
      operator: false,
      owns: true,
      member: true,
      not_uuid: false,
      secret: true,
    });
    expect(result.planted).toBe(result.usual);
  });
});
