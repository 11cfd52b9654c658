/** Test-only helpers: build a chain in a fresh organisation, and tamper with it as a superuser would. */
import { withPrincipal } from '../db/principal.ts';
import type { Database, Queryable } from '../db/types.ts';
import type { Chain } from './canonical.ts';

/** A new organisation (created as the owner, so its audit_log starts with its own insert). */
export async function newOrg(db: Database, name: string): Promise<string> {
  const { rows } = await db.query<{ id: string }>(
    'insert into public.organisations (name) values ($1) returning id::text as id',
    [name],
  );
  return rows[0]!.id;
}

/** Appends `n` entries to one chain of `orgId`, as the service role (the server's own path). */
export async function append(
  db: Database,
  chain: Chain,
  orgId: string | null,
  n: number,
  action = 'test.event',
): Promise<number[]> {
  const fn = chain === 'admin_actions' ? 'app.record_admin_action' : 'app.record_audit_event';
  const seqs: number[] = [];
  for (let i = 0; i < n; i++) {
    const { rows } = await withPrincipal(db, { kind: 'service' }, (tx) =>
      tx.query<{ seq: string | number }>(`select ${fn}($1, $2, 'public.things', $3, $4, $5) as seq`, [
        orgId,
        action,
        String(i),
        JSON.stringify({ i, note: `entry ${i}`, amount: 1.5 }),
        `req-${i}`,
      ]),
    );
    seqs.push(Number(rows[0]!.seq));
  }
  return seqs;
}

/** Runs `fn` as the owner in a transaction marked as an audit rewrite, which the append-only trigger honours. */
export function tamper<T>(db: Database, fn: (tx: Queryable) => Promise<T>): Promise<T> {
  return db.transaction(async (tx) => {
    await tx.query(`select set_config('palisade.audit_rewrite', 'test: tamper drill', true)`);
    return fn(tx);
  });
}

const CONTENT = `created_at, actor_id, actor_role, actor_key_id, action, target_table, target_id, old_data, new_data,
  details, request_id, ip, user_agent`;

/**
 * Re-hashes seq >= from with the database's own function (or `hashFn`, e.g. app.audit_entry_hash_v1):
 * a "consistent rewrite" only anchors can catch.
 */
export async function rehashFrom(
  tx: Queryable,
  chain: Chain,
  orgId: string,
  from: number,
  hashFn = 'app.audit_entry_hash',
) {
  const { rows } = await tx.query<{ seq: string | number }>(
    `select seq from public.${chain} where org_id = $1 and seq >= $2 order by seq`,
    [orgId, from],
  );
  const seqs = rows.map((r) => Number(r.seq));
  for (const seq of seqs) {
    await tx.query(
      `update public.${chain} t set
         prev_hash = coalesce((select p.hash from public.${chain} p where p.org_id = t.org_id and p.seq = t.seq - 1), decode(repeat('00', 32), 'hex')),
         hash = ${hashFn}(
           coalesce((select p.hash from public.${chain} p where p.org_id = t.org_id and p.seq = t.seq - 1), decode(repeat('00', 32), 'hex')),
           '${chain}', t.org_id, t.seq, t.created_at, t.actor_id, t.actor_role, t.actor_key_id, t.action, t.target_table,
           t.target_id, t.old_data, t.new_data, t.details, t.request_id, t.ip, t.user_agent)
       where t.org_id = $1 and t.seq = $2`,
      [orgId, seq],
    );
  }
}

/** Swaps the contents (everything but org and seq) of two entries, in one statement. */
export async function swap(tx: Queryable, chain: Chain, orgId: string, a: number, b: number) {
  await tx.query(
    `update public.${chain} t set (${CONTENT}, prev_hash, hash) =
       (select ${CONTENT}, prev_hash, hash from public.${chain} s where s.org_id = t.org_id and s.seq = case t.seq when $2 then $3 else $2 end)
     where t.org_id = $1 and t.seq in ($2, $3)`,
    [orgId, a, b],
  );
}

/** Makes room at `at` by moving seq >= at up by one (two steps: the primary key is checked per row). */
export async function shiftUp(tx: Queryable, chain: Chain, orgId: string, at: number) {
  await tx.query(`update public.${chain} set seq = seq + 1000000000 where org_id = $1 and seq >= $2`, [orgId, at]);
  await tx.query(`update public.${chain} set seq = seq - 1000000000 + 1 where org_id = $1 and seq >= 1000000000`, [
    orgId,
  ]);
}
