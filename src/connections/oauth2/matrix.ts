import { type MatrixEntry, READ, WRITE } from '../../personas/levels.ts';
import type { DemoOrg } from '../../seed/ids.ts';
import { DEMO_OAUTH2 } from './seed.ts';

/**
 * The persona matrix entries of the OAuth2 connection tables, spliced into src/personas/matrix.ts.
 * The demo rows sit in each organisation's Research workspace, so the scope's readers are its
 * organisation's members and the providers its delegation admits there, and its managers the
 * organisation's owners and admins. The secret references (credential_secret_id: the client
 * secret, the tokens, a consent's PKCE verifier, all in the vault) are the service's alone.
 */
const byId = (pick: (o: DemoOrg) => string) => (o: DemoOrg) => ({
  sql: 'org_id = $1 and id = $2',
  params: [o.id, pick(o)],
});

export const OAUTH2_MATRIX_ENTRIES: MatrixEntry[] = [
  {
    table: 'public.oauth2_connections',
    tenancy: 'tenant',
    probe: 'org_id, id, name, client_id, client_secret_configured',
    select: READ.members,
    insert: WRITE.ownerAdmin,
    update: WRITE.ownerAdmin,
    delete: WRITE.ownerAdmin,
    probes: {
      insert: (o) => ({
        sql: `insert into public.oauth2_connections (org_id, workspace_id, name, provider, authorization_endpoint, token_endpoint, client_id)
              values ($1, $2, 'Probe', 'probe', 'https://probe.example/authorize', 'https://probe.example/token', 'probe')`,
        params: [o.id, o.workspace],
      }),
      target: byId((o) => DEMO_OAUTH2.org(o).connection),
      set: 'name = name',
    },
    secret: ['credential_secret_id'],
  },
  {
    table: 'public.oauth2_tokens',
    tenancy: 'tenant',
    probe: 'org_id, id, connection_id, expires_at, has_refresh_token',
    // Who reads the connection reads whether it is connected; only the service writes tokens.
    select: READ.members,
    insert: WRITE.service,
    update: WRITE.service,
    delete: WRITE.service,
    probes: {
      // One set of tokens per connection: the probe replaces the seeded one.
      beforeInsert: () => 'delete from public.oauth2_tokens',
      insert: (o) => ({
        sql: 'insert into public.oauth2_tokens (org_id, connection_id) values ($1, $2)',
        params: [o.id, DEMO_OAUTH2.org(o).connection],
      }),
      target: byId((o) => DEMO_OAUTH2.org(o).tokens),
      set: 'expires_at = expires_at',
    },
    secret: ['credential_secret_id', 'refresh_lease_until'],
  },
  {
    table: 'public.oauth2_authorizations',
    tenancy: 'tenant',
    probe: 'org_id, id, connection_id, user_id, expires_at',
    // Consents in flight: written and read by the service for the routes; operators may look.
    select: READ.operators,
    insert: WRITE.service,
    update: WRITE.service,
    delete: WRITE.service,
    probes: {
      insert: (o) => ({
        sql: `insert into public.oauth2_authorizations (org_id, connection_id, user_id, state_hash, redirect_uri)
              values ($1, $2, $3, sha256(gen_random_uuid()::text::bytea), 'https://palisade.example/v1/oauth2/callback')`,
        params: [o.id, DEMO_OAUTH2.org(o).connection, o.users.owner.id],
      }),
      target: byId((o) => DEMO_OAUTH2.org(o).authorization),
      set: 'expires_at = expires_at',
    },
    secret: ['state_hash', 'credential_secret_id'],
  },
];
