import type { Queryable } from '../db/types.ts';
import { DEMO } from '../seed/ids.ts';

/** The demo operator is a platform admin, so `POST /v1/admin/token` can be tried with the demo data. */
export async function seedPlatformAdmins(tx: Queryable) {
  await tx.query(
    `insert into platform.admins (user_id, note) values ($1, 'demo platform admin') on conflict do nothing`,
    [DEMO.platformAdmin.id],
  );
}
