import { z } from 'zod';
import { Uuid } from '../../http/schemas.ts';
import type { AssignmentRow } from '../queries/delegations.ts';

/** What a delegation may give: never owner. */
export const DelegatedRole = z.enum(['viewer', 'member', 'admin']);

export const DelegationStatus = z
  .enum(['pending', 'active', 'expired', 'revoked'])
  .describe('pending until the provider accepts; expired: active, but past expires_at');

export const WorkspaceIds = z
  .array(Uuid)
  .max(100)
  .describe("the client's workspaces the delegation is limited to; empty: the whole organisation");

export const DelegationParams = z.object({ orgId: Uuid, delegationId: Uuid });

export const Assignment = z
  .object({
    id: Uuid,
    user_id: Uuid.nullable().describe('a named member of the provider; null when provider_role is set'),
    provider_role: z
      .enum(['owner', 'admin', 'member', 'viewer'])
      .nullable()
      .describe('every member of the provider holding at least this role; null when user_id is set'),
    role: DelegatedRole.describe("the most it gives (the ceiling and the person's provider role still cap it)"),
  })
  .meta({ id: 'ProviderAssignment' });

export const toAssignment = (a: AssignmentRow) => ({
  id: a.id,
  user_id: a.user_id,
  provider_role: a.provider_role as z.infer<typeof Assignment>['provider_role'],
  role: a.role as z.infer<typeof DelegatedRole>,
});
