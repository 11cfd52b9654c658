import type { Queryable } from '../../db/types.ts';

/**
 * Whether the caller holds one of `roles` in the organisation (platform operators always do).
 * Routes ask first only to answer 403 with a sentence instead of an empty list: RLS still
 * decides what the statements that follow may see and change.
 */
export async function hasOrgRole(tx: Queryable, orgId: string, roles: string[]): Promise<boolean> {
  const { rows } = await tx.query<{ ok: boolean }>('select app.has_org_role($1, $2::text[]) as ok', [orgId, roles]);
  return rows[0]?.ok === true;
}
