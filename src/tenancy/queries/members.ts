import { afterCursor, type Cursor, sortKey, versionOf } from '../../db/fragments.ts';
import type { Queryable } from '../../db/types.ts';

export interface MemberRow {
  id: string;
  user_id: string;
  role: string;
  status: string;
  display_name: string | null;
  invited_by: string | null;
  created_at: Date;
  updated_at: Date;
  v: string;
  _k: string;
}

// Profiles are joined as the caller sees them (RLS: colleagues only), so a name can be null.
const SELECT = `select m.id, m.user_id, m.role, m.status, p.display_name, m.invited_by, m.created_at, m.updated_at,
    ${versionOf('m.')} as v, ${sortKey('m.')}
  from public.organisation_members m
  left join public.profiles p on p.user_id = m.user_id`;

export async function listMembers(
  tx: Queryable,
  orgId: string,
  cursor: Cursor | null,
  limit: number,
): Promise<MemberRow[]> {
  const after = afterCursor(cursor, 3, 'm.');
  const { rows } = await tx.query<MemberRow>(
    `${SELECT} where m.org_id = $1${after.sql} order by m.created_at, m.id limit $2`,
    [orgId, limit + 1, ...after.params],
  );
  return rows;
}

export async function getMember(tx: Queryable, orgId: string, userId: string): Promise<MemberRow | null> {
  const { rows } = await tx.query<MemberRow>(`${SELECT} where m.org_id = $1 and m.user_id = $2`, [orgId, userId]);
  return rows[0] ?? null;
}

/** The membership RPCs of src/tenancy/sql/0011_tenancy_functions.sql; each checks the caller's rights. */
export const MEMBER_ACTIONS = {
  suspend: 'select public.suspend_member($1, $2)',
  reactivate: 'select public.reactivate_member($1, $2)',
  remove: 'select public.remove_member($1, $2)',
} as const;

export async function memberAction(tx: Queryable, action: keyof typeof MEMBER_ACTIONS, orgId: string, userId: string) {
  await tx.query(MEMBER_ACTIONS[action], [orgId, userId]);
}

export async function changeMemberRole(tx: Queryable, orgId: string, userId: string, role: string) {
  await tx.query('select public.change_member_role($1, $2, $3)', [orgId, userId, role]);
}
