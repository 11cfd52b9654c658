import { randomUUID } from 'node:crypto';
import { claimsStatementFor } from '../db/principal.ts';
import type { Database } from '../db/types.ts';
import { type CurvePoint, executionMs, worstOf } from './curve.ts';
import { benchRls, benchRlsPerRequest, SCALE_QUERIES, type Seeded } from './rls.ts';
import type { CompareOptions, Comparison } from './stats.ts';
import { benchTxSetupWithRead } from './txsetup.ts';

/**
 * One caller per size N, an active member of the organisation that holds case 1's rows and of N - 1
 * other organisations that hold none. The data table stays as case 1 seeded it, and the same
 * organisations and memberships exist at every point, so a curve moves only with the caller's set.
 * Set-based (generate_series, insert … select): 10,000 organisations and their memberships take
 * seconds. Returns each size's caller.
 */
export async function seedScaleCallers(db: Database, dataOrg: string, sizes: number[]): Promise<Map<number, string>> {
  await db.query(`insert into public.organisations (name) select 'Scale org ' || g from generate_series(1, $1) g`, [
    Math.max(...sizes) - 1,
  ]);
  const callers = new Map<number, string>();
  for (const n of sizes) {
    const user = randomUUID();
    await db.query(`insert into auth.users (id, email) values ($1, $2)`, [user, `scale-${n}-${user}@bench.test`]);
    await db.query(
      `insert into public.organisation_members (org_id, user_id, role)
       select $2::uuid, $1::uuid, 'member'
       union all
       select id, $1::uuid, 'member'
       from (select id from public.organisations where name like 'Scale org %' order by id limit $3) o`,
      [user, dataOrg, n - 1],
    );
    callers.set(n, user);
  }
  // Vacuumed as well as analysed, as case 1's table is: the server's autovacuum may be off.
  await db.exec('vacuum (analyze) public.organisation_members, public.organisations');
  return callers;
}

/**
 * One provider member per size N, acting through delegations in the organisation that holds case
 * 1's rows and in N - 1 of the scale organisations (seedScaleCallers made them): each caller
 * belongs to a provider organisation of its own, as a member, and each client granted that provider
 * an active delegation at ceiling member that assigns the caller as member. Set-based, like the
 * direct callers; the row triggers append each delegation and assignment to its client's chain.
 */
export async function seedDelegatedCallers(
  db: Database,
  dataOrg: string,
  sizes: number[],
): Promise<Map<number, string>> {
  const callers = new Map<number, string>();
  for (const n of sizes) {
    const user = randomUUID();
    await db.query(`insert into auth.users (id, email) values ($1, $2)`, [user, `provider-${n}-${user}@bench.test`]);
    const { rows } = await db.query<{ id: string }>(
      `insert into public.organisations (name) values ($1) returning id`,
      [`Bench provider ${n}`],
    );
    const provider = rows[0]!.id;
    await db.query(`insert into public.organisation_members (org_id, user_id, role) values ($1, $2, 'member')`, [
      provider,
      user,
    ]);
    await db.query(
      `with client as (
         select $3::uuid as id
         union all
         (select id from public.organisations where name like 'Scale org %' order by id limit $4)
       ), d as (
         insert into public.provider_delegations (org_id, provider_org_id, role_ceiling, status, accepted_at)
         select id, $1, 'member', 'active', now() from client
         returning org_id, id
       )
       insert into public.provider_assignments (org_id, delegation_id, user_id, role)
       select org_id, id, $2, 'member' from d`,
      [provider, user, dataOrg, n - 1],
    );
    callers.set(n, user);
  }
  await db.exec(
    'vacuum (analyze) public.organisation_members, public.organisations, public.provider_delegations, public.provider_assignments',
  );
  return callers;
}

/**
 * The figures the curve follows at each size, as the keys name them: each once as a direct SQL
 * client runs (the sets hold every organisation of the caller's) and once acting in the data's
 * organisation, as a request to the server's /v1/orgs/{orgId}/… routes runs (palisade.acting_org).
 */
export const SCALE_MEASURES = [
  'rls_overhead_ratio',
  'rls_per_request_ratio',
  'tx_setup_ratio',
  'rls_overhead_acting_ratio',
  'rls_per_request_acting_ratio',
  'tx_setup_acting_ratio',
] as const;
type Measure = (typeof SCALE_MEASURES)[number];

export interface ScaleCurves {
  comparisons: Comparison[];
  /** Each measure's points, smallest N first. */
  curves: Record<Measure, CurvePoint[]>;
}

/**
 * The orgs-per-caller curve: at each size, case 1's 'count in one org' and 'fetch by (org_id, id)'
 * inside one transaction whose set is already loaded (benchRls), the same two each in its own
 * transaction, so the set is loaded every statement (benchRlsPerRequest), and a whole request's
 * transaction, role and claims with one fetch, against the owner's plain transaction
 * (benchTxSetupWithRead). The data organisation and row are the same at every point.
 */
export async function benchOrgsPerCaller(
  db: Database,
  seeded: { org: string; itemId: string },
  callers: Map<number, string>,
  opts: CompareOptions,
  log: (line: string) => void,
): Promise<ScaleCurves> {
  const comparisons: Comparison[] = [];
  const curves = Object.fromEntries(SCALE_MEASURES.map((m) => [m, []])) as unknown as ScaleCurves['curves'];
  for (const [n, user] of callers) {
    const label = `${n.toLocaleString('en')} orgs per caller`;
    for (const acting of [false, true]) {
      const at: Seeded = { user, org: seeded.org, itemId: seeded.itemId, ...(acting ? { actingOrg: seeded.org } : {}) };
      const how = acting ? `${label}, acting in the organisation` : label;
      const suffix = acting ? '_acting_ratio' : '_ratio';
      log(`  ${how}`);
      const rls = await benchRls(db, at, opts, { label: `RLS, ${how}`, queries: SCALE_QUERIES });
      const perRequest = await benchRlsPerRequest(db, at, opts, {
        label: `RLS per request, ${how}`,
        queries: SCALE_QUERIES,
      });
      const tx = await benchTxSetupWithRead(db, at, opts, `transaction setup with one RLS read, ${how}`);
      comparisons.push(...rls, ...perRequest, tx);
      curves[`rls_overhead${suffix}`].push({ n, ...worstOf(rls) });
      curves[`rls_per_request${suffix}`].push({ n, ...worstOf(perRequest) });
      curves[`tx_setup${suffix}`].push({ n, ratio: tx.ratio, interval: tx.interval });
    }
  }
  return { comparisons, curves };
}

const CALLS = 20;

/**
 * Where a large set's time goes, measured inside the server (no round trips): the loader
 * (app.load_caller_org_ids, what every request's first RLS statement runs), the read of a set already
 * loaded in the transaction (app.caller_org_ids, what every later statement runs), each the mean of
 * 20 calls in one statement, and the EXPLAIN ANALYZE of 'count in one org' as the caller with the
 * set loaded; `acting`: the same acting in the data's organisation.
 */
export async function setCost(db: Database, seeded: { org: string }, user: string, acting = false) {
  return db.transaction(
    async (tx) => {
      const explain = async (sql: string, params: unknown[] = []) => {
        const { rows } = await tx.query<Record<string, string>>(sql, params);
        return rows.map((r) => Object.values(r)[0]).join('\n');
      };
      // The mean of CALLS calls of a helper in one statement.
      const meanMs = async (call: string) =>
        executionMs(
          await explain(`explain (analyze, timing off, costs off) select count(${call}) from generate_series(1, $1)`, [
            CALLS,
          ]),
        ) / CALLS;
      const loadMs = await meanMs("app.load_caller_org_ids('viewer')");
      const readMs = await meanMs("app.caller_org_ids('viewer')");
      const { rows } = await tx.query<{ n: number }>(`select cardinality(app.caller_org_ids('viewer')) as n`);
      const plan = await explain(
        `explain (analyze, costs off) select count(*) from public.bench_items where org_id = $1`,
        [seeded.org],
      );
      return { setSize: rows[0]!.n, loadMs, readMs, plan };
    },
    [claimsStatementFor({ kind: 'user', userId: user }, acting ? seeded.org : undefined)],
  );
}
