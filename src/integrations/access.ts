import type { Queryable } from '../db/types.ts';
import { integrationNotFound, manageForbidden } from './problems.ts';
import { INTEGRATION_COLUMNS, type IntegrationRow } from './rows.ts';

/**
 * The RLS-checked proof that the caller may manage an integration, run AS THE CALLER.
 * SELECT … FOR UPDATE is subject to the table's UPDATE policy as well as its SELECT policy, so
 * the row comes back only to owners and admins of its organisation (and operators); it is also
 * locked until commit, so what follows (a vault write, a document update) cannot race another
 * writer. Nothing here filters by role in TypeScript: the database decides.
 */
export async function proveCanManage(tx: Queryable, orgId: string, id: string): Promise<IntegrationRow> {
  const { rows } = await tx.query<IntegrationRow>(
    `select ${INTEGRATION_COLUMNS} from public.organisation_integrations where org_id = $1 and id = $2 for update`,
    [orgId, id],
  );
  if (rows[0]) return rows[0];
  throw await refusal(tx, orgId, id);
}

/**
 * Why a write found no row: 403 when the caller can read it (a member or viewer), 404 otherwise,
 * so another organisation's integration is indistinguishable from one that does not exist.
 */
export function refusal(tx: Queryable, orgId: string, id: string): Promise<Error> {
  return refusalOf(tx, 'public.organisation_integrations', orgId, id, 'integration');
}

export async function refusalOf(tx: Queryable, table: string, orgId: string, id: string, what: string): Promise<Error> {
  const { rows } = await tx.query(`select 1 from ${table} where org_id = $1 and id = $2`, [orgId, id]);
  return rows.length ? manageForbidden() : integrationNotFound(what);
}

/** The organisation must be the caller's (PS404 otherwise, raised by the database). */
export async function assertMember(tx: Queryable, orgId: string): Promise<void> {
  await tx.query('select public.assert_tenant_membership($1)', [orgId]);
}
