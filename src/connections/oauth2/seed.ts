import { createHash } from 'node:crypto';
import type { Queryable } from '../../db/types.ts';
import { DEMO, type DemoOrg, demoId } from '../../seed/ids.ts';

/** Demo rows of the OAuth2 connections, by label, so tests, probes and the persona matrix can name them. */
export const DEMO_OAUTH2 = {
  org(o: DemoOrg) {
    return {
      connection: demoId(`oauth2-connection:${o.slug}:github`),
      tokens: demoId(`oauth2-tokens:${o.slug}:github`),
      authorization: demoId(`oauth2-authorization:${o.slug}:github`),
    };
  },
} as const;

/**
 * Each demo organisation's GitHub connection in its Research workspace (which the provider
 * organisation's delegation covers), shown as connected (token metadata only: the demo's vault
 * key is not known here, so there are no tokens to use; authorize it again to try it) and an
 * expired consent in flight. The deleted organisation's only while it still exists.
 */
export async function seedOAuth2(tx: Queryable, withDeleted: boolean) {
  const orgs = [...Object.values(DEMO.orgs), ...(withDeleted ? [DEMO.deletedOrg] : [])];
  for (const o of orgs) {
    const ids = DEMO_OAUTH2.org(o);
    const { rowCount } = await tx.query(
      `insert into public.oauth2_connections (org_id, id, workspace_id, name, provider, authorization_endpoint,
         token_endpoint, revocation_endpoint, userinfo_endpoint, client_id, scopes, created_by)
       values ($1, $2, $3, 'GitHub', 'github', 'https://github.com/login/oauth/authorize',
         'https://github.com/login/oauth/access_token', null, 'https://api.github.com/user', $4, '{read:user,repo}', $5)
       on conflict do nothing`,
      [o.id, ids.connection, o.workspace, `Iv1.demo${o.slug}`, o.users.owner.id],
    );
    if (!rowCount) continue;
    await tx.query(
      `insert into public.oauth2_tokens (org_id, id, connection_id, granted_scope, expires_at, has_refresh_token, connected_by,
         connected_at, refreshed_at)
       values ($1, $2, $3, 'read:user,repo', now() + interval '8 hours', true, $4, now() - interval '2 days', now() - interval '1 hour')`,
      [o.id, ids.tokens, ids.connection, o.users.owner.id],
    );
    await tx.query(
      `insert into public.oauth2_authorizations (org_id, id, connection_id, user_id, state_hash, redirect_uri, created_at, expires_at)
       values ($1, $2, $3, $4, $5, 'http://127.0.0.1:4000/v1/oauth2/callback', now() - interval '1 hour', now() - interval '50 minutes')`,
      [
        o.id,
        ids.authorization,
        ids.connection,
        o.users.owner.id,
        createHash('sha256').update(ids.authorization).digest(),
      ],
    );
  }
}
