import { afterCursor, type Cursor, sortKey, versionOf } from '../../db/fragments.ts';
import type { Queryable } from '../../db/types.ts';

/** One assignment as both sides read it: a named member of the provider or a provider role, up to `role`. */
export interface AssignmentRow {
  id: string;
  user_id: string | null;
  provider_role: string | null;
  role: string;
}

export interface DelegationRow {
  id: string;
  provider_org_id: string;
  role_ceiling: string;
  status: 'pending' | 'active' | 'expired' | 'revoked';
  expires_at: Date | null;
  workspace_ids: string[];
  assignments: AssignmentRow[];
  granted_by: string | null;
  accepted_by: string | null;
  accepted_at: Date | null;
  revoked_by: string | null;
  revoked_at: Date | null;
  created_at: Date;
  updated_at: Date;
  v: string;
  _k: string;
}

// The client's side, read through RLS (its owners and admins see these rows). Status, workspaces
// and assignments are spelled as public.provider_clients spells them for the provider's side.
const SELECT = `select d.id, d.provider_org_id, d.role_ceiling,
    case when d.status = 'active' and d.expires_at <= now() then 'expired' else d.status end as status,
    d.expires_at,
    array(select w.workspace_id from public.provider_delegation_workspaces w
           where w.org_id = d.org_id and w.delegation_id = d.id order by w.workspace_id) as workspace_ids,
    coalesce((select jsonb_agg(jsonb_build_object('id', a.id, 'user_id', a.user_id,
                'provider_role', a.provider_role, 'role', a.role) order by a.created_at, a.id)
              from public.provider_assignments a where a.org_id = d.org_id and a.delegation_id = d.id), '[]') as assignments,
    d.granted_by, d.accepted_by, d.accepted_at, d.revoked_by, d.revoked_at, d.created_at, d.updated_at,
    ${versionOf('d.')} as v, ${sortKey('d.')}
  from public.provider_delegations d`;

export async function listDelegations(
  tx: Queryable,
  orgId: string,
  cursor: Cursor | null,
  limit: number,
): Promise<DelegationRow[]> {
  const after = afterCursor(cursor, 3, 'd.');
  const { rows } = await tx.query<DelegationRow>(
    `${SELECT} where d.org_id = $1${after.sql} order by d.created_at, d.id limit $2`,
    [orgId, limit + 1, ...after.params],
  );
  return rows;
}

export async function getDelegation(tx: Queryable, orgId: string, id: string): Promise<DelegationRow | null> {
  const { rows } = await tx.query<DelegationRow>(`${SELECT} where d.org_id = $1 and d.id = $2`, [orgId, id]);
  return rows[0] ?? null;
}

export interface DelegationTerms {
  role_ceiling: string;
  expires_at: string | Date | null;
  /** Null or empty: the whole organisation. */
  workspace_ids: string[] | null;
}

/** The RPCs of src/providers/sql/0043_provider_delegations.sql; each checks that the caller owns `orgId`. */
export async function grantDelegation(
  tx: Queryable,
  orgId: string,
  providerOrgId: string,
  terms: DelegationTerms,
): Promise<string> {
  const { rows } = await tx.query<{ id: string }>('select public.grant_provider_access($1, $2, $3, $4, $5) as id', [
    orgId,
    providerOrgId,
    terms.role_ceiling,
    terms.expires_at,
    terms.workspace_ids,
  ]);
  return rows[0]!.id;
}

/** What a change sets; each field left undefined stays as it is. */
export interface DelegationChange {
  role_ceiling?: string;
  /** null: never expires. */
  expires_at?: string | Date | null;
  /** Empty: the whole organisation. */
  workspace_ids?: string[];
}

/**
 * Changes what `change` names, nothing else. `versions` (If-Match) are checked under the row lock
 * inside the RPC, so a change made meanwhile is a PS412, never overwritten.
 */
export async function changeDelegation(
  tx: Queryable,
  orgId: string,
  id: string,
  change: DelegationChange,
  versions: string[] | null,
) {
  await tx.query('select public.change_provider_access($1, $2, $3, $4, $5, $6, $7)', [
    orgId,
    id,
    change.role_ceiling ?? null,
    change.expires_at ?? null,
    change.workspace_ids ?? null,
    change.expires_at === null,
    versions,
  ]);
}

export async function revokeDelegation(tx: Queryable, orgId: string, id: string) {
  await tx.query('select public.revoke_provider_access($1, $2)', [orgId, id]);
}
