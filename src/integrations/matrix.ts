import { type MatrixEntry, READ, WRITE } from '../personas/levels.ts';
import { DEMO_INTEGRATIONS } from './seed.ts';

/**
 * The persona matrix entries of this module's tables, spliced into src/personas/matrix.ts.
 * docs/integration-foundation/security-model.md renders these rows; a test compares.
 */
export const INTEGRATION_TABLES = ['public.organisation_integrations', 'public.integration_notifications'] as const;

export const INTEGRATION_MATRIX_ENTRIES: MatrixEntry[] = [
  {
    table: 'public.organisation_integrations',
    tenancy: 'tenant',
    // Tenants are granted every column but credential_secret_id; the probe sticks to granted ones.
    probe: 'org_id, id, type_key, status, credentials_configured',
    select: READ.members,
    insert: WRITE.ownerAdmin,
    update: WRITE.ownerAdmin,
    delete: WRITE.ownerAdmin,
    probes: {
      insert: (o) => ({
        sql: `insert into public.organisation_integrations (org_id, type_key, display_name) values ($1, 'http_api', 'Probe')`,
        params: [o.id],
      }),
      target: (o) => ({ sql: 'org_id = $1 and id = $2', params: [o.id, DEMO_INTEGRATIONS[o.key].primary] }),
      set: 'display_name = display_name',
    },
  },
  {
    table: 'public.integration_notifications',
    tenancy: 'tenant',
    probe: 'org_id, id, title',
    select: READ.ownerAdmin,
    insert: WRITE.service,
    update: WRITE.ownerAdmin,
    delete: WRITE.operators,
    probes: {
      insert: (o) => ({
        sql: `insert into public.integration_notifications (org_id, kind, title, body) values ($1, 'probe.notice', 'Probe', '')`,
        params: [o.id],
      }),
      target: (o) => ({ sql: 'org_id = $1 and id = $2', params: [o.id, DEMO_INTEGRATIONS[o.key].notice] }),
      set: 'read_at = read_at',
    },
  },
];
