import type { Database } from '../db/types.ts';
import { DEMO } from '../seed/ids.ts';
import type { MatrixEntry, Operation, Statement } from './matrix.ts';
import { OPERATORS, PERSONA_IDS, PERSONAS, type Persona } from './personas.ts';
import { type Attempt, attempt } from './probe.ts';

/*
 * Checks a live, seeded database against the persona matrix: every persona, every operation, as
 * the matrix writes it down. Used by the matrix test on both engines and by the Supabase-shaped
 * database test.
 */

const A = DEMO.orgs.a;
const B = DEMO.orgs.b;

async function count(db: Database, sql: string, params: unknown[] = []): Promise<number> {
  const { rows } = await db.query<{ n: string | number }>(`select count(*) as n from (${sql}) s`, params);
  return Number(rows[0]!.n);
}

/** Profiles a persona must see: its own and those of active members of its organisations. */
async function colleagueIds(db: Database, p: Persona): Promise<string[]> {
  // A key's organisation counts only while the key grants something (the persona's home); so does
  // the client organisation a provider's person acts in.
  const keyOrg =
    p.principal && 'kind' in p.principal && p.principal.kind === 'api_key' ? (p.home?.orgId ?? null) : null;
  // A soft-deleted organisation makes no colleagues: its members are in no one's membership set.
  const { rows } = await db.query<{ user_id: string }>(
    `with orgs as (
       select m.org_id from public.organisation_members m
       join public.organisations o on o.id = m.org_id and o.deleted_at is null
       where m.user_id = $1 and m.status = 'active'
       union select $2::uuid where $2::uuid is not null
       union select $3::uuid where $3::uuid is not null)
     select user_id from public.profiles
     where user_id = $1 or user_id in (select user_id from public.organisation_members where status = 'active' and org_id in (select org_id from orgs))`,
    [p.userId ?? null, keyOrg, p.provider ? (p.home?.orgId ?? null) : null],
  );
  return rows.map((r) => r.user_id).sort();
}

/** The entry's scoped-row condition for a persona it names (matrix data, never input). */
const scopedRows = (e: MatrixEntry, p: Persona) => (e.scoped?.personas.includes(p.id) ? ` and (${e.scoped.rows})` : '');

async function checkSelect(db: Database, e: MatrixEntry, p: Persona): Promise<string | null> {
  const expected = e.select[p.id];
  const res = await attempt(
    db,
    p,
    async (tx) => (await tx.query<Record<string, string>>(`select ${e.probe} from ${e.table}`)).rows,
  );
  if (!res.ok) {
    return expected === 'denied' && res.code === '42501'
      ? null
      : `expected ${expected}, got error ${res.code}: ${res.message}`;
  }
  if (expected === 'denied') return `expected permission denied, got ${res.value.length} rows`;
  const rows = res.value;
  const firstCol = e.probe.split(',')[0]!.trim();
  switch (expected) {
    case 'none':
      if (p.provider) return checkProviderRows(db, e, p, rows, firstCol);
      return rows.length === 0 ? null : `expected no rows, got ${rows.length}`;
    case 'all': {
      const total = await count(db, `select 1 from ${e.table}`);
      return rows.length === total && total > 0 ? null : `expected all ${total} rows, got ${rows.length}`;
    }
    case 'published': {
      const published = await count(db, e.publishedRows!);
      const total = await count(db, `select 1 from ${e.table}`);
      if (e.tenancy !== 'view' && !(total > published))
        return `the seed must hold unpublished rows in ${e.table} to probe`;
      return rows.length === published && published > 0
        ? null
        : `expected the ${published} published rows, got ${rows.length}`;
    }
    case 'own': {
      if (p.provider) return checkProviderRows(db, e, p, rows, firstCol);
      const home = p.home!.orgId;
      const orgs = new Set(rows.map((r) => r[firstCol]));
      const expectedCount = await count(db, `select 1 from ${e.table} where ${firstCol} = $1${scopedRows(e, p)}`, [
        home,
      ]);
      if (orgs.size !== 1 || !orgs.has(home))
        return `expected only its organisation's rows, saw organisations ${[...orgs].join(', ') || '(none)'}`;
      return rows.length === expectedCount
        ? null
        : `expected its organisation's ${expectedCount} rows, got ${rows.length}`;
    }
    case 'colleagues': {
      const want = await colleagueIds(db, p);
      const got = rows.map((r) => r[firstCol]!).sort();
      return JSON.stringify(got) === JSON.stringify(want)
        ? null
        : `expected profiles ${want.length} (${want.join(',')}), got ${got.length}`;
    }
  }
}

/** The direct member of A whose outcome a provider's person has on its provider's own rows. */
const DIRECT_PERSONA = { owner: 'owner_a', admin: 'admin_a', member: 'member_a', viewer: 'viewer_a' } as const;

/**
 * A provider's person sees the rows of A its role through the delegation gives ('own' for it), and
 * its provider organisation's rows as a direct member of its provider role would see its own:
 * exactly those organisations' rows, no other.
 */
async function checkProviderRows(
  db: Database,
  e: MatrixEntry,
  p: Persona,
  rows: Record<string, string>[],
  firstCol: string,
): Promise<string | null> {
  const expected = new Set<string>();
  if (e.select[p.id] === 'own') expected.add(p.home!.orgId);
  if (e.select[DIRECT_PERSONA[p.provider!.role]] === 'own') expected.add(p.provider!.orgId);
  const orgs = [...expected];
  const seen = new Set(rows.map((r) => r[firstCol]!));
  const stray = [...seen].filter((o) => !expected.has(o));
  if (stray.length)
    return `expected rows of ${orgs.join(', ') || 'no organisation'} only, saw organisations ${stray.join(', ')}`;
  const want = orgs.length
    ? await count(db, `select 1 from ${e.table} where ${firstCol} = any ($1::uuid[])${scopedRows(e, p)}`, [orgs])
    : 0;
  return rows.length === want
    ? null
    : `expected ${want} rows of ${orgs.join(', ') || 'no organisation'}, got ${rows.length}`;
}

function statementFor(e: MatrixEntry, op: Exclude<Operation, 'select'>, org: typeof A, p: Persona): Statement | null {
  if (op === 'insert') return e.probes.insert?.(org, p) ?? null;
  const target = e.probes.target?.(org, p);
  if (!target) return null;
  return op === 'update'
    ? { sql: `update ${e.table} set ${e.probes.set} where ${target.sql}`, params: target.params }
    : { sql: `delete from ${e.table} where ${target.sql}`, params: target.params };
}

async function tryWrite(
  db: Database,
  e: MatrixEntry,
  op: Exclude<Operation, 'select'>,
  stmt: Statement,
  p: Persona,
  org: typeof A,
) {
  const setup = op === 'insert' ? e.probes.beforeInsert?.(org, p) : undefined;
  // Writes act in the organisation they aim at, as a request to the server's route for it does
  // (palisade.acting_org); reads stay across every organisation, as a direct SQL client reads.
  // Both ways of loading the membership sets are probed.
  // palisade-lint: constant-sql the persona matrix's probe statements and setup (src/personas/matrix.ts), test data from the seed's fixed ids
  return attempt(db, p, async (tx) => (await tx.query(stmt.sql, stmt.params)).rowCount, setup, org.id);
}

/** Cross-tenant checks apply where rows belong to an organisation or a person, for non-operators. */
const crossChecked = (e: MatrixEntry, p: Persona) =>
  ['tenant', 'organisation', 'user'].includes(e.tenancy) && !OPERATORS.has(p.id);

export interface Tally {
  failed: number;
  checks: number;
  crossChecks: number;
  /** How the refused writes were refused: 42501, no row changed, or a registered refusal code. */
  refusals: { permissionDenied: number; noRows: number; registered: number };
}

export const newTally = (): Tally => ({
  failed: 0,
  checks: 0,
  crossChecks: 0,
  refusals: { permissionDenied: 0, noRows: 0, registered: 0 },
});

/** The database's permission error: RLS, grants. */
const PERMISSION_DENIED = '42501';

/**
 * How a write attempt that must be refused went: null when it was refused as the database refuses
 * (42501, or zero rows changed, or the one registered refusal `also` names), else what happened
 * instead. Any other error is a broken probe (a typo, a constraint), not a refusal, and fails the
 * check with the error.
 */
function refusalProblem(res: Attempt<number>, tally: Tally, also?: { code: string; column: string }): string | null {
  if (res.ok) {
    if (res.value > 0) return `it changed ${res.value} row(s)`;
    tally.refusals.noRows++;
    return null;
  }
  if (res.code === PERMISSION_DENIED) {
    tally.refusals.permissionDenied++;
    return null;
  }
  if (also && res.code === also.code && res.column === also.column) {
    tally.refusals.registered++;
    return null;
  }
  const accepted = `42501${also ? `, ${also.code} on ${also.column}` : ''} or 0 rows`;
  return `it failed with ${res.code} instead of a refusal (${accepted}): ${res.message}`;
}

/** The tenant-row trigger's refusal to move a row between organisations (app.forbid_org_change, PS422 on org_id). */
const ORG_MOVE_REFUSED = { code: 'PS422', column: 'org_id' };

async function checkWrite(
  db: Database,
  e: MatrixEntry,
  op: Exclude<Operation, 'select'>,
  p: Persona,
  tally: Tally,
): Promise<string[]> {
  const problems: string[] = [];
  const expected = e[op][p.id];
  // Personas of the deleted organisation aim at its rows: they must write none of them.
  const home = p.aim ?? A;
  const stmt = statementFor(e, op, home, p);
  if (!stmt) return [`no ${op} probe defined`];
  tally.checks++;
  const res = await tryWrite(db, e, op, stmt, p, home);
  if (expected === 'allow' && !(res.ok && res.value > 0))
    problems.push(`${op}: expected allowed, got ${res.ok ? '0 rows' : `error ${res.code}: ${res.message}`}`);
  if (expected === 'deny') {
    const why = refusalProblem(res, tally);
    if (why) problems.push(`${op}: expected refused, but ${why}`);
  }
  if (expected === 'allow' && crossChecked(e, p)) {
    // The same write aimed at organisation B must be refused.
    tally.crossChecks++;
    const why = refusalProblem(await tryWrite(db, e, op, statementFor(e, op, B, p)!, p, B), tally);
    if (why) problems.push(`${op}: allowed on its own row; aimed at organisation B's, ${why}`);
  }
  if (op === 'update' && expected === 'allow' && e.tenancy === 'tenant') {
    // Moving a row to another organisation is refused for everyone, operators included.
    tally.crossChecks++;
    const target = e.probes.target!(A, p);
    const move = await tryWrite(
      db,
      e,
      'update',
      { sql: `update ${e.table} set org_id = '${B.id}' where ${target.sql}`, params: target.params },
      p,
      A,
    );
    const why = refusalProblem(move, tally, ORG_MOVE_REFUSED);
    if (why) problems.push(`update: moving a row from organisation A to B must be refused, but ${why}`);
  }
  return problems;
}

/**
 * Column-level reads: each hidden or secret column, selected on its own, must be refused (42501)
 * to every persona not allowed it, and readable by those who are.
 */
async function checkColumns(db: Database, e: MatrixEntry, p: Persona, tally: Tally): Promise<string[]> {
  const problems: string[] = [];
  const columns = [
    ...(e.hidden ?? []).map((c) => ({ c, allowed: OPERATORS.has(p.id) })),
    ...(e.secret ?? []).map((c) => ({ c, allowed: p.id === 'service' })),
  ];
  for (const { c, allowed } of columns) {
    tally.checks++;
    const res = await attempt(db, p, async (tx) => (await tx.query(`select ${c} from ${e.table} limit 1`)).rowCount);
    if (allowed && !res.ok) problems.push(`column ${c}: expected readable, got error ${res.code}`);
    if (!allowed && (res.ok || res.code !== PERMISSION_DENIED))
      problems.push(`column ${c}: expected permission denied, got ${res.ok ? 'rows' : `error ${res.code}`}`);
  }
  return problems;
}

/** Every persona × operation of one entry; returns what differs from the matrix (empty: all as written). */
export async function checkEntry(db: Database, entry: MatrixEntry, tally: Tally): Promise<string[]> {
  const problems: string[] = [];
  for (const id of PERSONA_IDS) {
    const p = PERSONAS[id];
    tally.checks++;
    const sel = await checkSelect(db, entry, p);
    if (sel) problems.push(`${p.label} select: ${sel}`);
    for (const msg of await checkColumns(db, entry, p, tally)) problems.push(`${p.label} select ${msg}`);
    for (const op of ['insert', 'update', 'delete'] as const) {
      for (const msg of await checkWrite(db, entry, op, p, tally)) problems.push(`${p.label} ${msg}`);
    }
  }
  tally.failed += problems.length;
  return problems;
}
