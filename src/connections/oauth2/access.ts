import type { Queryable } from '../../db/types.ts';
import { forbidden, notFound } from '../../errors/error.ts';
import { CONNECTION_COLUMNS, type ConnectionRow } from './rows.ts';

/**
 * The RLS-checked proofs, run AS THE CALLER, that precede every touch of the vault:
 * - manage: SELECT … FOR UPDATE is subject to the table's UPDATE policy as well as its SELECT
 *   policy, so the row comes back only to the scope's managers (app.connection_scope_allows
 *   'manage'), and stays locked until commit;
 * - use: the row is readable (RLS) and app.connection_scope_allows('use', …) holds for the caller.
 * Nothing here decides by role in TypeScript: the database does.
 */
export type ConnectionAction = 'manage' | 'use';

const BY_ACTION: Record<ConnectionAction, string> = {
  manage: `select ${CONNECTION_COLUMNS} from public.oauth2_connections c where c.org_id = $1 and c.id = $2 for update`,
  use: `select ${CONNECTION_COLUMNS} from public.oauth2_connections c where c.org_id = $1 and c.id = $2
        and app.connection_scope_allows('use', c.org_id, c.workspace_id, c.project_id)`,
};

export const connectionNotFound = () => notFound('OAuth2 connection', 'connectionId');

export async function proveConnection(
  tx: Queryable,
  orgId: string,
  id: string,
  action: ConnectionAction,
): Promise<ConnectionRow> {
  const { rows } = await tx.query<ConnectionRow>(BY_ACTION[action], [orgId, id]);
  if (rows[0]) return rows[0];
  throw await refusal(tx, orgId, id, action);
}

/** 403 when the caller can read the connection, 404 otherwise: another tenant's is "not found". */
async function refusal(tx: Queryable, orgId: string, id: string, action: ConnectionAction): Promise<Error> {
  const { rows } = await tx.query('select 1 from public.oauth2_connections where org_id = $1 and id = $2', [orgId, id]);
  if (!rows.length) return connectionNotFound();
  return action === 'manage' ? manageForbidden() : forbidden('viewers may not call through connections');
}

export const manageForbidden = () =>
  forbidden(
    "only the scope's managers (organisation owners and admins; for a project, its owners and managers) may do this",
  );
