/**
 * A workspace's qualification settings (public.qualification_settings): which qualifier, its
 * criteria, and whether new leads are qualified as they arrive. Members read them; owners and
 * admins write them (RLS). A workspace without a row has the defaults.
 */
import type { Queryable } from '../../db/types.ts';
import { type Criteria, parseCriteria } from './criteria.ts';

export interface Settings {
  workspace_id: string;
  qualifier: 'rules' | 'llm';
  criteria: Criteria;
  auto_qualify: boolean;
  /** Null while the workspace has the defaults (no settings row). */
  updated_at: Date | null;
}

interface SettingsRow {
  workspace_id: string;
  qualifier: 'rules' | 'llm' | null;
  criteria: unknown;
  auto_qualify: boolean | null;
  updated_at: Date | null;
}

/** What a workspace without settings gets (the table's column defaults). */
export const DEFAULT_QUALIFIER = 'rules';
const DEFAULT_AUTO_QUALIFY = true;

/** Null when the workspace is not visible to the caller. */
export async function getSettings(tx: Queryable, orgId: string, workspaceId: string): Promise<Settings | null> {
  const { rows } = await tx.query<SettingsRow>(
    `select w.id as workspace_id, s.qualifier, s.criteria, s.auto_qualify, s.updated_at
     from public.workspaces w
     left join public.qualification_settings s on s.org_id = w.org_id and s.workspace_id = w.id
     where w.org_id = $1 and w.id = $2`,
    [orgId, workspaceId],
  );
  const r = rows[0];
  if (!r) return null;
  return {
    workspace_id: r.workspace_id,
    qualifier: r.qualifier ?? DEFAULT_QUALIFIER,
    criteria: parseCriteria(r.criteria),
    auto_qualify: r.auto_qualify ?? DEFAULT_AUTO_QUALIFY,
    updated_at: r.updated_at,
  };
}

export async function workspaceExists(tx: Queryable, orgId: string, workspaceId: string): Promise<boolean> {
  const { rows } = await tx.query('select 1 from public.workspaces where org_id = $1 and id = $2', [
    orgId,
    workspaceId,
  ]);
  return rows.length > 0;
}

/** Replaces the workspace's settings (criteria already validated, stored with defaults filled in). */
export async function putSettings(
  tx: Queryable,
  orgId: string,
  workspaceId: string,
  s: { qualifier: 'rules' | 'llm'; criteria: Criteria; auto_qualify: boolean },
): Promise<void> {
  await tx.query(
    `insert into public.qualification_settings (org_id, workspace_id, qualifier, criteria, auto_qualify)
     values ($1, $2, $3, $4::jsonb, $5)
     on conflict (org_id, workspace_id) do update
       set qualifier = excluded.qualifier, criteria = excluded.criteria, auto_qualify = excluded.auto_qualify`,
    [orgId, workspaceId, s.qualifier, JSON.stringify(s.criteria), s.auto_qualify],
  );
}
