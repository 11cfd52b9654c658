import { withPrincipal } from '../db/principal.ts';
import type { Database, Queryable } from '../db/types.ts';

export interface PlatformAdminRow {
  user_id: string;
  email: string | null;
  note: string | null;
  created_at: Date;
}

/**
 * Whether a person is listed in platform.admins right now. Checked on every admin-token request,
 * not only at minting, so removing someone ends their admin access at once rather than when
 * their last token expires.
 */
export async function isPlatformAdmin(db: Database, userId: string): Promise<boolean> {
  return withPrincipal(db, { kind: 'service' }, async (tx) => {
    const { rows } = await tx.query<{ ok: boolean }>(
      'select exists (select 1 from platform.admins where user_id = $1) as ok',
      [userId],
    );
    return rows[0]?.ok === true;
  });
}

/** Runs as the service (or the schema owner): the registry has no API write path. */
export async function addPlatformAdmin(tx: Queryable, userId: string, note: string | null): Promise<boolean> {
  const res = await tx.query(
    'insert into platform.admins (user_id, note) values ($1, $2) on conflict (user_id) do nothing',
    [userId, note],
  );
  return res.rowCount > 0;
}

export async function removePlatformAdmin(tx: Queryable, userId: string): Promise<boolean> {
  const res = await tx.query('delete from platform.admins where user_id = $1', [userId]);
  return res.rowCount > 0;
}

/**
 * Every platform admin with their email. API roles (platform_admin, service_role) read it through
 * app.list_platform_admins(), which alone may read auth.users for them; the CLI, connected as the
 * schema owner, joins auth.users itself.
 */
export async function listPlatformAdmins(tx: Queryable, opts: { asOwner?: boolean } = {}): Promise<PlatformAdminRow[]> {
  const { rows } = await tx.query<PlatformAdminRow>(
    opts.asOwner
      ? `select a.user_id, u.email, a.note, a.created_at from platform.admins a
         left join auth.users u on u.id = a.user_id order by a.created_at, a.user_id`
      : 'select user_id, email, note, created_at from app.list_platform_admins()',
  );
  return rows;
}
