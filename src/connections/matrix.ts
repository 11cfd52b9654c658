import { type MatrixEntry, READ, WRITE } from '../personas/levels.ts';
import { DEMO_CONNECTIONS } from './seed.ts';

/**
 * The persona matrix entries of the connections module (src/connections/sql), spliced into
 * src/personas/matrix.ts. Project-scoped connections are read by the project's members and the
 * organisation's owners and admins only: for every other reader, 'own' is the workspace ones.
 */
export const CONNECTIONS_MATRIX_ENTRIES: MatrixEntry[] = [
  {
    table: 'public.api_connections',
    tenancy: 'tenant',
    probe: 'org_id, id, name, endpoint_url, credentials_configured',
    select: READ.members,
    insert: WRITE.ownerAdmin,
    update: WRITE.ownerAdmin,
    delete: WRITE.ownerAdmin,
    probes: {
      insert: (o) => ({
        sql: `insert into public.api_connections (org_id, workspace_id, name, endpoint_url)
              values ($1, $2, 'Probe', 'https://probe.example/api')`,
        params: [o.id, o.defaultWorkspace],
      }),
      target: (o) => ({ sql: 'org_id = $1 and id = $2', params: [o.id, DEMO_CONNECTIONS.org(o).workspaceApi] }),
      set: 'name = name',
    },
    secret: ['credential_secret_id'],
    scoped: {
      rows: 'workspace_id is not null',
      personas: ['key_member_a', 'key_viewer_a', 'provider_owner', 'provider_admin', 'provider_viewer'],
      note: "the workspace's connections only: a project's are read by its members and the organisation's owners and admins",
    },
  },
];
