import { claimsFor } from '../db/principal.ts';
import type { Queryable } from '../db/types.ts';
import { DEMO } from '../seed/ids.ts';

/**
 * Demo admin actions, so each organisation's admin_actions chain has something to read and verify.
 * audit_log needs no seeding: the row-change triggers already chained every demo insert.
 * Appended through app.record_admin_action as the demo platform admin, and only into an empty
 * chain, so running the seed again adds nothing.
 */
export async function seedAudit(tx: Queryable) {
  const claims = JSON.stringify(
    claimsFor({ kind: 'platform_admin', userId: DEMO.platformAdmin.id, email: DEMO.platformAdmin.email }),
  );
  const actions: {
    org: string | null;
    action: string;
    table: string | null;
    target: string | null;
    details: object;
  }[] = [
    {
      org: null,
      action: 'admin.token.minted',
      table: 'platform.admins',
      target: DEMO.platformAdmin.id,
      details: { ttl_seconds: 900 },
    },
    // The soft-deleted demo organisation too (seeded before its delete): a chain row for the matrix to refuse.
    ...[...Object.values(DEMO.orgs), DEMO.deletedOrg].flatMap((o) => [
      {
        org: o.id,
        action: 'support.members.viewed',
        table: 'public.organisation_members',
        target: null,
        details: { ticket: `DEMO-${o.key.toUpperCase()}1` },
      },
      {
        org: o.id,
        action: 'support.api_key.revoked',
        table: 'public.api_keys',
        target: o.apiKey,
        details: { reason: 'demo: key reported leaked', dry_run: true },
      },
    ]),
  ];
  await tx.query(`select set_config('role', 'platform_admin', true), set_config('request.jwt.claims', $1, true)`, [
    claims,
  ]);
  for (const a of actions) {
    await tx.query(
      `select app.record_admin_action($1, $2, $3, $4, $5, 'demo-seed')
       where not exists (select 1 from public.admin_actions where org_id = coalesce($1::uuid, app.platform_org_id()) and action = $2)`,
      [a.org, a.action, a.table, a.target, JSON.stringify(a.details)],
    );
  }
  // Back to the seed's own role for whatever runs after in this transaction.
  await tx.query(`select set_config('role', 'none', true), set_config('request.jwt.claims', '', true)`);
}
