import type { Queryable } from '../db/types.ts';
import { DEMO, type DemoOrg, demoId } from '../seed/ids.ts';

/** Demo rows of the connections module, by label, so tests, probes and the persona matrix can name them. */
export const DEMO_CONNECTIONS = {
  org(o: DemoOrg) {
    return {
      workspaceApi: demoId(`api-connection:${o.slug}:workspace`),
      projectApi: demoId(`api-connection:${o.slug}:project`),
    };
  },
} as const;

/**
 * Each demo organisation's API connections: a public weather API its default workspace reads
 * without credentials, and a CRM its website project posts contacts to with a bearer token not yet
 * stored (store one through the API: credentials are only ever written encrypted, by the server).
 * The deleted organisation's only while it still exists.
 */
export async function seedConnections(tx: Queryable, withDeleted: boolean) {
  const orgs = [...Object.values(DEMO.orgs), ...(withDeleted ? [DEMO.deletedOrg] : [])];
  for (const o of orgs) {
    const ids = DEMO_CONNECTIONS.org(o);
    await tx.query(
      `insert into public.api_connections (org_id, id, workspace_id, name, description, api_type, endpoint_url,
         http_method, auth_type, response_path, created_by)
       values ($1, $2, $3, 'Weather forecast', 'Public forecast API, no credentials', 'weather',
         'https://api.weather.example/v1/forecast', 'GET', 'none', 'daily', $4)
       on conflict do nothing`,
      [o.id, ids.workspaceApi, o.defaultWorkspace, o.users.owner.id],
    );
    await tx.query(
      `insert into public.api_connections (org_id, id, project_id, name, api_type, endpoint_url, http_method, auth_type,
         request_body_template, response_path, created_by)
       values ($1, $2, $3, 'CRM contacts', 'crm', 'https://crm.example.test/api/contacts', 'POST', 'bearer',
         '{"source": "website", "contact": {}}', 'id', $4)
       on conflict do nothing`,
      [o.id, ids.projectApi, o.project, o.users.owner.id],
    );
  }
}
