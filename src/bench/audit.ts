import { createHash, randomBytes, randomUUID } from 'node:crypto';
import type pg from 'pg';
import { canonicalBytes, ENTRY_COLUMNS, type EntryRow, GENESIS_HASH, toCanonical } from '../audit/canonical.ts';
import { verifyChains } from '../audit/verify.ts';
import type { Database } from '../db/types.ts';
import { type Comparison, fromRounds } from './stats.ts';

const WRITERS = 8;

async function createOrgs(db: Database, n: number): Promise<string[]> {
  const ids = Array.from({ length: n }, () => randomUUID());
  for (const id of ids) await db.query(`insert into public.organisations (id, name) values ($1, 'Audit bench')`, [id]);
  return ids;
}

/** Appends per second with WRITERS concurrent connections, each one transaction per append. */
async function rate(
  pool: pg.Pool,
  perWriter: number,
  op: (c: pg.PoolClient, writer: number, i: number) => Promise<unknown>,
) {
  const clients = await Promise.all(Array.from({ length: WRITERS }, () => pool.connect()));
  try {
    const t = performance.now();
    await Promise.all(
      clients.map(async (c, w) => {
        for (let i = 0; i < perWriter; i++) await op(c, w, i);
      }),
    );
    return (WRITERS * perWriter) / ((performance.now() - t) / 1000);
  } finally {
    for (const c of clients) c.release();
  }
}

/**
 * Server only (PGlite has one connection). Chain appends through app.audit_append with 8 writers
 * in one organisation and in 8, against plain inserts of the same shape into an unchained copy.
 */
export async function benchAuditAppend(db: Database & { pool: pg.Pool }, opts: { rounds: number; perWriter: number }) {
  await db.exec(`
    create table if not exists public.bench_audit_plain (like public.audit_log including defaults including constraints including indexes);
    alter table public.bench_audit_plain enable row level security;
    create sequence if not exists public.bench_audit_plain_seq;`);
  const [one] = await createOrgs(db, 1);
  const many = await createOrgs(db, WRITERS);
  const details = JSON.stringify({ amount: 42, note: 'benchmark entry' });
  const append = (org: string) => (c: pg.PoolClient) =>
    c.query(`select app.audit_append('audit_log', $1, 'bench.append', 'public.bench', 'x', null, null, $2::jsonb)`, [
      org,
      details,
    ]);
  const plain = (c: pg.PoolClient, w: number) =>
    c.query(
      `insert into public.bench_audit_plain (org_id, seq, created_at, actor_role, action, target_table, target_id, details, prev_hash, hash)
       values ($1, nextval('public.bench_audit_plain_seq'), now(), 'bench', 'bench.append', 'public.bench', 'x', $2::jsonb, $3, $4)`,
      [many[w], details, randomBytes(32), randomBytes(32)],
    );
  const samples = { plain: [] as number[], one: [] as number[], many: [] as number[] };
  const sides = {
    plain: () => rate(db.pool, opts.perWriter, plain),
    one: () => rate(db.pool, opts.perWriter, append(one!)),
    many: () => rate(db.pool, opts.perWriter, (c, w) => append(many[w]!)(c)),
  };
  for (let r = 0; r < opts.rounds; r++) {
    // The sides take turns in every order (plain, many, one / many, one, plain / one, plain, many,
    // then the same reversed), so a drift, a checkpoint or an autovacuum does not always land on one side.
    const base = ['plain', 'many', 'one'] as const;
    const order = base.map((_, i) => base[(i + r) % base.length]!);
    if (Math.floor(r / base.length) % 2 === 1) order.reverse();
    for (const side of order) samples[side].push(await sides[side]());
  }
  // Rates: a higher figure is better, so ratio = case rate / baseline rate.
  const mk = (name: string, cas: number[]): Comparison =>
    fromRounds(
      name,
      'appends/s',
      cas.map((c, i) => ({ baseline: [samples.plain[i]!], case: [c] })),
    );
  return {
    oneOrg: mk('audit append, 8 writers, 1 org', samples.one),
    manyOrgs: mk('audit append, 8 writers, 8 orgs', samples.many),
  };
}

/**
 * Entries verified per second by verifyChains (streaming from the database, encoding, hashing)
 * against raw SHA-256 over the very same bytes in Node: the verifier's physical limit.
 */
export async function benchAuditVerify(db: Database, opts: { entries: number; rounds: number }) {
  const [org] = await createOrgs(db, 1);
  const batch = 5_000;
  for (let done = 0; done < opts.entries; done += batch) {
    await db.query(
      `select app.audit_append('audit_log', $1, 'bench.verify', 'public.bench', g::text, null, jsonb_build_object('n', g), null)
       from generate_series(1, $2) g`,
      [org, Math.min(batch, opts.entries - done)],
    );
  }
  const { rows } = await db.query<EntryRow>(
    `select ${ENTRY_COLUMNS} from public.audit_log where org_id = $1 order by seq`,
    [org],
  );
  let prev: Uint8Array = GENESIS_HASH;
  const inputs = rows.map((r) => {
    const buf = Buffer.concat([prev, canonicalBytes(toCanonical('audit_log', org!, r))]);
    prev = r.hash;
    return buf;
  });
  const verified: number[] = [];
  const raw: number[] = [];
  for (let r = 0; r < opts.rounds; r++) {
    let t = performance.now();
    const result = await verifyChains(db, { orgId: org!, chains: ['audit_log'], databaseAnchors: false });
    verified.push(rows.length / ((performance.now() - t) / 1000));
    if (!result.ok) throw new Error('the benchmark chain did not verify');
    t = performance.now();
    for (const b of inputs) createHash('sha256').update(b).digest();
    raw.push(inputs.length / ((performance.now() - t) / 1000));
  }
  return fromRounds(
    `audit verify, ${rows.length} entries`,
    'entries/s',
    verified.map((v, i) => ({ baseline: [raw[i]!], case: [v] })),
  );
}
