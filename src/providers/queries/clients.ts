import { afterCursor, type Cursor, sortKey } from '../../db/fragments.ts';
import type { Queryable } from '../../db/types.ts';
import type { AssignmentRow } from './delegations.ts';

/**
 * The provider's side. Its rows belong to the clients, so RLS shows the provider nothing of them:
 * it reads through public.provider_clients (its direct owners and admins) and public.my_clients
 * (the people acting for a client), which check the caller themselves.
 */

export interface ClientRow {
  delegation_id: string;
  org_id: string;
  name: string;
  role_ceiling: string;
  status: 'pending' | 'active' | 'expired' | 'revoked';
  expires_at: Date | null;
  workspace_ids: string[];
  assignments: AssignmentRow[];
  created_at: Date;
  _k: string;
}

const CLIENTS = `select c.delegation_id, c.org_id, c.name, c.role_ceiling, c.status, c.expires_at, c.workspace_ids,
    c.assignments, c.created_at, ${sortKey('c.')}
  from public.provider_clients($1) c`;

export async function listClients(
  tx: Queryable,
  providerId: string,
  cursor: Cursor | null,
  limit: number,
): Promise<ClientRow[]> {
  const after = afterCursor(cursor, 3, 'c.', 'delegation_id');
  const { rows } = await tx.query<ClientRow>(
    `${CLIENTS} where true${after.sql} order by c.created_at, c.delegation_id limit $2`,
    [providerId, limit + 1, ...after.params],
  );
  return rows;
}

export async function getClient(tx: Queryable, providerId: string, delegationId: string): Promise<ClientRow | null> {
  const { rows } = await tx.query<ClientRow>(`${CLIENTS} where c.delegation_id = $2`, [providerId, delegationId]);
  return rows[0] ?? null;
}

export async function acceptDelegation(tx: Queryable, providerId: string, delegationId: string) {
  await tx.query('select public.accept_provider_access($1, $2)', [providerId, delegationId]);
}

/** Assigning the same person or provider role again changes its role (and keeps its id). */
export async function assignMember(
  tx: Queryable,
  providerId: string,
  delegationId: string,
  a: { role: string; user_id: string | null; provider_role: string | null },
): Promise<string> {
  const { rows } = await tx.query<{ id: string }>('select public.assign_provider_member($1, $2, $3, $4, $5) as id', [
    providerId,
    delegationId,
    a.role,
    a.user_id,
    a.provider_role,
  ]);
  return rows[0]!.id;
}

export async function unassignMember(tx: Queryable, providerId: string, delegationId: string, assignmentId: string) {
  await tx.query('select public.unassign_provider_member($1, $2, $3)', [providerId, delegationId, assignmentId]);
}

export interface MyClientRow {
  org_id: string;
  name: string;
  provider_org_id: string;
  delegation_id: string;
  role: string;
  /** Null when the delegation covers the whole organisation. */
  workspace_ids: string[] | null;
  expires_at: Date | null;
}

export async function listMyClients(tx: Queryable): Promise<MyClientRow[]> {
  const { rows } = await tx.query<MyClientRow>(
    'select org_id, name, provider_org_id, delegation_id, role, workspace_ids, expires_at from public.my_clients()',
  );
  return rows;
}
