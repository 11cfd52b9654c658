import { afterCursor, type Cursor, sortKey } from '../../db/fragments.ts';
import type { Queryable } from '../../db/types.ts';

export interface InvitationRow {
  id: string;
  email: string;
  role: string;
  invited_by: string | null;
  expires_at: Date;
  accepted_at: Date | null;
  accepted_by: string | null;
  revoked_at: Date | null;
  created_at: Date;
  status: 'pending' | 'accepted' | 'revoked' | 'expired';
  _k: string;
}

// token_hash is not granted to tenants; it is never selected here either.
const SELECT = `select id, email, role, invited_by, expires_at, accepted_at, accepted_by, revoked_at, created_at,
    case when accepted_at is not null then 'accepted' when revoked_at is not null then 'revoked'
         when expires_at <= now() then 'expired' else 'pending' end as status,
    ${sortKey()}
  from public.invitations`;

export async function listInvitations(
  tx: Queryable,
  orgId: string,
  cursor: Cursor | null,
  limit: number,
): Promise<InvitationRow[]> {
  const after = afterCursor(cursor, 3);
  const { rows } = await tx.query<InvitationRow>(
    `${SELECT} where org_id = $1${after.sql} order by created_at, id limit $2`,
    [orgId, limit + 1, ...after.params],
  );
  return rows;
}

export async function getInvitation(tx: Queryable, orgId: string, id: string): Promise<InvitationRow | null> {
  const { rows } = await tx.query<InvitationRow>(`${SELECT} where org_id = $1 and id = $2`, [orgId, id]);
  return rows[0] ?? null;
}

/** Returns the plaintext token once; the database keeps only its SHA-256. */
export async function invite(tx: Queryable, orgId: string, email: string, role: string, validForHours: number) {
  const { rows } = await tx.query<{ invitation_id: string; token: string }>(
    `select invitation_id, token from public.invite_member($1, $2, $3, make_interval(hours => $4::int))`,
    [orgId, email, role, validForHours],
  );
  return rows[0]!;
}

export async function revokeInvitation(tx: Queryable, orgId: string, id: string) {
  await tx.query('select public.revoke_invitation($1, $2)', [orgId, id]);
}

export async function acceptInvitation(tx: Queryable, token: string): Promise<string> {
  const { rows } = await tx.query<{ org_id: string }>('select public.accept_invitation($1) as org_id', [token]);
  return rows[0]!.org_id;
}
