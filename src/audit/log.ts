/**
 * Reading an organisation's chain for people (GET /v1/orgs/:orgId/audit): newest first, filtered,
 * keyset-paginated on seq. Runs inside the caller's transaction, so RLS decides; the org filter
 * here only picks which of the visible chains to read.
 */
import type { Queryable } from '../db/types.ts';
import { CHAIN_TABLE, type Chain } from './canonical.ts';

export interface LogFilter {
  chain: Chain;
  /** Exact action, or a prefix ending in `*` (e.g. `organisation_members.*`). */
  action?: string | undefined;
  actorId?: string | undefined;
  since?: string | undefined;
  until?: string | undefined;
  /** Entries with seq below this (the previous page's last seq). */
  beforeSeq?: number | undefined;
  limit: number;
}

export interface LogRow {
  seq: string;
  created_at: string;
  actor_id: string | null;
  actor_role: string;
  actor_key_id: string | null;
  action: string;
  target_table: string | null;
  target_id: string | null;
  old_data: unknown;
  new_data: unknown;
  details: unknown;
  request_id: string | null;
  ip: string | null;
  user_agent: string | null;
  prev_hash: string;
  hash: string;
}

const likeEscape = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);

/** Fetches limit + 1 rows: the extra one only says there is a next page. */
export async function listEntries(tx: Queryable, orgId: string, f: LogFilter): Promise<LogRow[]> {
  const where = ['e.org_id = $1'];
  const params: unknown[] = [orgId];
  const add = (sql: (n: number) => string, value: unknown) => {
    params.push(value);
    where.push(sql(params.length));
  };
  if (f.action?.endsWith('*')) add((n) => `e.action like $${n}`, `${likeEscape(f.action.slice(0, -1))}%`);
  else if (f.action) add((n) => `e.action = $${n}`, f.action);
  if (f.actorId) add((n) => `e.actor_id = $${n}`, f.actorId);
  if (f.since) add((n) => `e.created_at >= $${n}::timestamptz`, f.since);
  if (f.until) add((n) => `e.created_at < $${n}::timestamptz`, f.until);
  if (f.beforeSeq !== undefined) add((n) => `e.seq < $${n}`, f.beforeSeq);
  params.push(f.limit + 1);
  const { rows } = await tx.query<LogRow>(
    `select e.seq::text as seq, to_char(e.created_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') as created_at,
            e.actor_id::text as actor_id, e.actor_role, e.actor_key_id::text as actor_key_id, e.action, e.target_table, e.target_id,
            e.old_data, e.new_data, e.details, e.request_id, e.ip, e.user_agent,
            encode(e.prev_hash, 'hex') as prev_hash, encode(e.hash, 'hex') as hash
     from ${CHAIN_TABLE[f.chain]} e
     where ${where.join(' and ')}
     order by e.seq desc
     limit $${params.length}`,
    params,
  );
  return rows;
}

export async function canReadAudit(tx: Queryable, orgId: string): Promise<boolean> {
  const { rows } = await tx.query<{ ok: boolean }>(`select app.has_org_role($1, '{owner,admin}') as ok`, [orgId]);
  return rows[0]?.ok === true;
}
