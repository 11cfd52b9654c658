import type { Queryable } from '../db/types.ts';
import { refusalOf } from './access.ts';
import { checkIds } from './service.ts';

/** Notices to an organisation's owners and admins (public.integration_notifications); RLS decides who reads them. */
export interface Notice {
  id: string;
  integration_id: string | null;
  kind: string;
  severity: 'info' | 'warning' | 'error';
  title: string;
  body: string;
  details: Record<string, unknown>;
  read_at: string | null;
  created_at: string;
}

const COLUMNS = 'id, integration_id, kind, severity, title, body, details, read_at, created_at';
type Row = Omit<Notice, 'read_at' | 'created_at'> & { read_at: Date | null; created_at: Date };
const toNotice = (r: Row): Notice => ({
  ...r,
  read_at: r.read_at ? new Date(r.read_at).toISOString() : null,
  created_at: new Date(r.created_at).toISOString(),
});

export async function listNotices(tx: Queryable, orgId: string): Promise<Notice[]> {
  checkIds(orgId);
  const { rows } = await tx.query<Row>(
    `select ${COLUMNS} from public.integration_notifications where org_id = $1 order by created_at desc, id limit 200`,
    [orgId],
  );
  return rows.map(toNotice);
}

export async function markNoticeRead(tx: Queryable, orgId: string, id: string): Promise<Notice> {
  checkIds(orgId, id);
  const { rows } = await tx.query<Row>(
    `update public.integration_notifications set read_at = coalesce(read_at, now()), read_by = coalesce(read_by, app.uid())
     where org_id = $1 and id = $2 returning ${COLUMNS}`,
    [orgId, id],
  );
  if (!rows[0]) throw await refusalOf(tx, 'public.integration_notifications', orgId, id, 'notice');
  return toNotice(rows[0]);
}
