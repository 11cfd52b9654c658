import { randomUUID } from 'node:crypto';
import { claimsFor, claimsStatementFor } from '../db/principal.ts';
import type { Database } from '../db/types.ts';
import { type CompareOptions, type Comparison, compareAlternating } from './stats.ts';

export interface RlsBenchOptions extends CompareOptions {
  rows: number;
  orgs: number;
  onProgress?: (done: number, total: number) => void;
}

/**
 * A tenant table shaped like the real ones (org_id first in the key and indexes, RLS through the
 * app helpers), filled with `rows` rows over `orgs` organisations. The caller is a member of 3.
 */
export async function seedRlsBench(db: Database, opts: RlsBenchOptions) {
  await db.exec(`
    create table if not exists public.bench_items (
      org_id uuid not null references public.organisations (id) on delete cascade,
      id uuid not null default gen_random_uuid(),
      title text not null,
      status text not null,
      amount int not null,
      created_at timestamptz not null default now(),
      primary key (org_id, id)
    );
    create index if not exists bench_items_org_created_idx on public.bench_items (org_id, created_at desc);
    create index if not exists bench_items_org_status_idx on public.bench_items (org_id, status);
    alter table public.bench_items enable row level security;
    drop policy if exists "Members read their organisations' bench items" on public.bench_items;
    create policy "Members read their organisations' bench items" on public.bench_items
      for select to authenticated using (org_id = any ((select app.caller_org_ids('viewer'))::uuid[]));
    grant select on public.bench_items to authenticated;`);
  const user = randomUUID();
  await db.query(`insert into auth.users (id, email) values ($1, $2)`, [user, `bench-${user}@bench.test`]);
  await db.query(
    `insert into public.organisations (id, name) select gen_random_uuid(), 'Bench org ' || g from generate_series(1, $1) g`,
    [opts.orgs],
  );
  const { rows: orgRows } = await db.query<{ id: string }>(
    `select id from public.organisations where name like 'Bench org %' order by id`,
  );
  const orgIds = orgRows.map((r) => r.id);
  const mine = orgIds.slice(0, 3);
  for (const org of mine) {
    await db.query(`insert into public.organisation_members (org_id, user_id, role) values ($1, $2, 'member')`, [
      org,
      user,
    ]);
  }
  // Rows are spread evenly; the caller's organisations hold their fair share (rows / orgs each).
  await insertBenchItems(db, orgIds, 0, opts.rows, opts.onProgress);
  await db.exec('analyze public.organisation_members; analyze public.organisations;');
  const { rows: keyRows } = await db.query<{ id: string }>(
    `select id from public.bench_items where org_id = $1 limit 1`,
    [mine[0]],
  );
  return { user, org: mine[0]!, itemId: keyRows[0]!.id };
}

/** Inserts rows `from` to `to` (exclusive) of the bench table, spread evenly over `orgIds`, then vacuums. */
async function insertBenchItems(
  db: Database,
  orgIds: string[],
  from: number,
  to: number,
  onProgress?: (done: number, total: number) => void,
) {
  const chunk = 50_000;
  for (let done = from; done < to; done += chunk) {
    const n = Math.min(chunk, to - done);
    await db.query(
      `insert into public.bench_items (org_id, title, status, amount, created_at)
       select o.ids[1 + ((g + $3) % array_length(o.ids, 1))], 'Item ' || (g + $3), (array['open','won','lost'])[1 + g % 3],
              g % 1000, now() - make_interval(secs => g + $3)
       from generate_series(1, $1) g, (select $2::uuid[] as ids) o`,
      [n, orgIds, done],
    );
    onProgress?.(done + n - from, to - from);
  }
  // Vacuum as well as analyse: a freshly loaded table has no visibility map, so without it every
  // index-only scan visits the heap (and autovacuum, off on some servers, may never run).
  await db.exec('vacuum (analyze) public.bench_items');
}

/**
 * Grows the bench table to `rows` rows with more of the same (the same organisations, so each one
 * holds more rows): the data-scale points reuse case 1's seeding rather than seeding again.
 */
export async function growBenchItems(db: Database, rows: number, onProgress?: (done: number, total: number) => void) {
  const { rows: count } = await db.query<{ n: string }>('select count(*) as n from public.bench_items');
  const { rows: orgRows } = await db.query<{ id: string }>(
    `select id from public.organisations where name like 'Bench org %' order by id`,
  );
  await insertBenchItems(
    db,
    orgRows.map((r) => r.id),
    Number(count[0]!.n),
    rows,
    onProgress,
  );
}

/** Case 1's queries, for one organisation of the caller's and one of its rows. */
export const QUERIES = (org: string, id: string) => ({
  'newest 50 of one org': {
    sql: `select * from public.bench_items where org_id = $1 order by created_at desc limit 50`,
    params: [org],
  },
  'count in one org': { sql: `select count(*) from public.bench_items where org_id = $1`, params: [org] },
  'fetch by (org_id, id)': { sql: `select * from public.bench_items where org_id = $1 and id = $2`, params: [org, id] },
  'filtered search': {
    sql: `select id, title from public.bench_items where org_id = $1 and status = 'open' and title like 'Item 1%' order by created_at desc limit 20`,
    params: [org],
  },
});

type QueryName = keyof ReturnType<typeof QUERIES>;

/**
 * The caller and its data. `actingOrg`: the caller acts in that organisation (palisade.acting_org),
 * as a request to one of the server's /v1/orgs/{orgId}/… routes does, so its sets are loaded for
 * that organisation alone; without it they hold every organisation, as for a direct SQL client.
 */
export interface Seeded {
  user: string;
  org: string;
  itemId: string;
  actingOrg?: string;
}

/** Which queries a run of a case measures, and what its comparisons are called. */
export interface RlsScope {
  /** Prefix of each comparison's name, e.g. 'RLS' gives 'RLS: count in one org'. */
  label: string;
  queries: readonly QueryName[];
}

export const ALL_QUERIES = Object.keys(QUERIES('', '')) as QueryName[];

/** The two queries the scale curves repeat at each point: an aggregate over one org and a key lookup. */
export const SCALE_QUERIES = ['count in one org', 'fetch by (org_id, id)'] as const satisfies readonly QueryName[];

const RLS_TURN = 25;

/**
 * Both sides run on one connection inside one long transaction, taking turns of 25 queries in
 * ABBA order (compareAlternating), so the machine's drift falls on both alike. One connection,
 * because two backends on a 2-core machine are not equal: the one that shares a core with this
 * process runs slower. At the
 * start of each turn, untimed, the transaction switches role: the table owner (no RLS) for the
 * baseline, `authenticated` with the caller's claims (set once) for the case. Each side sends the
 * query as Palisade's server engine sends every parameterised statement, prepared once per
 * connection (src/db/prepared.ts); the case's text carries a comment so that it is a statement of
 * its own, planned once for its role as a server connection's would be, not at every switch.
 */
export async function benchRls(
  db: Database,
  seeded: Seeded,
  opts: CompareOptions,
  scope: RlsScope = { label: 'RLS', queries: ALL_QUERIES },
) {
  const queries = QUERIES(seeded.org, seeded.itemId);
  return db.session(async (s) => {
    const as = claimsStatementFor({ kind: 'user', userId: seeded.user }, seeded.actingOrg);
    await s.exec('begin');
    await s.query(as.sql, as.params);
    try {
      const results: Comparison[] = [];
      for (const name of scope.queries) {
        const q = queries[name];
        results.push(
          await compareAlternating(
            `${scope.label}: ${name}`,
            { before: () => s.exec("select set_config('role', 'none', true)"), op: () => s.query(q.sql, q.params) },
            {
              before: () => s.exec("select set_config('role', 'authenticated', true)"),
              op: () => s.query(`${q.sql} -- as the caller`, q.params),
            },
            { ...opts, turn: RLS_TURN },
          ),
        );
      }
      return results;
    } finally {
      await s.exec('rollback');
    }
  });
}

/**
 * RLS per request: each statement its own transaction, as each API request is one, so the
 * caller's membership set, kept per transaction, is loaded again for every statement. Role and
 * claims are set for the session (untimed, at each turn), so no set_config is counted: what the
 * case adds over the owner is the policy and loading the set. One connection, turns of 25, ABBA,
 * as benchRls.
 */
export async function benchRlsPerRequest(
  db: Database,
  seeded: Seeded,
  opts: CompareOptions,
  scope: RlsScope = { label: 'RLS per request', queries: SCALE_QUERIES },
) {
  const queries = QUERIES(seeded.org, seeded.itemId);
  const claims = JSON.stringify(claimsFor({ kind: 'user', userId: seeded.user }));
  return db.session(async (s) => {
    await s.query("select set_config('request.jwt.claims', $1, false), set_config('palisade.acting_org', $2, false)", [
      claims,
      seeded.actingOrg ?? '',
    ]);
    try {
      const results: Comparison[] = [];
      for (const name of scope.queries) {
        const q = queries[name];
        results.push(
          await compareAlternating(
            `${scope.label}: ${name}`,
            { before: () => s.exec('reset role'), op: () => s.query(q.sql, q.params) },
            {
              before: () => s.exec('set role authenticated'),
              op: () => s.query(`${q.sql} -- as the caller, a transaction each`, q.params),
            },
            { ...opts, turn: RLS_TURN },
          ),
        );
      }
      return results;
    } finally {
      await s.exec('reset role');
      await s.query("select set_config('request.jwt.claims', '', false), set_config('palisade.acting_org', '', false)");
    }
  });
}

/** EXPLAIN of a case query as the caller: shows the helper evaluated once (hashed SubPlan/InitPlan). */
export async function explainRls(db: Database, seeded: { user: string; org: string }) {
  return db.transaction(
    async (tx) => {
      const { rows } = await tx.query<Record<string, string>>(
        `explain (analyze, costs off, timing off, summary off) select * from public.bench_items where org_id = $1 order by created_at desc limit 50`,
        [seeded.org],
      );
      return rows.map((r) => Object.values(r)[0]).join('\n');
    },
    [claimsStatementFor({ kind: 'user', userId: seeded.user })],
  );
}
