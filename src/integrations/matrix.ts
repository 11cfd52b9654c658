import { type MatrixEntry, READ, WRITE } from '../personas/levels.ts';
import { DEMO_INTEGRATIONS, DEMO_SYNCS } from './seed.ts';

/**
 * The persona matrix entries of this module's tables, spliced into src/personas/matrix.ts.
 * docs/integration-foundation/security-model.md renders these rows; a test compares.
 */
export const INTEGRATION_TABLES = [
  'public.organisation_integrations',
  'public.integration_notifications',
  'public.integration_events',
  'public.integration_records',
] as const;

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
  {
    table: 'public.integration_events',
    tenancy: 'tenant',
    probe: 'org_id, id, integration_id, status',
    // Who reads the integration reads its syncs; only the sync job (the service) writes them.
    select: READ.members,
    insert: WRITE.operators,
    update: WRITE.operators,
    delete: WRITE.operators,
    probes: {
      insert: (o) => ({
        sql: `insert into public.integration_events (org_id, integration_id, trigger) values ($1, $2, 'manual')`,
        params: [o.id, DEMO_INTEGRATIONS[o.key].primary],
      }),
      target: (o) => ({ sql: 'org_id = $1 and id = $2', params: [o.id, DEMO_SYNCS[o.key].event] }),
      set: 'status = status',
    },
  },
  {
    table: 'public.integration_records',
    tenancy: 'tenant',
    probe: 'org_id, id, integration_id, exported_at',
    // Staged records are the members' data; viewers neither stage nor read them.
    select: READ.writers,
    insert: WRITE.writers,
    update: WRITE.operators,
    delete: WRITE.operators,
    probes: {
      insert: (o) => ({
        sql: `insert into public.integration_records (org_id, integration_id, record) values ($1, $2, '{"lead": {"email": "probe@example.test"}}')`,
        params: [o.id, DEMO_INTEGRATIONS[o.key].primary],
      }),
      target: (o) => ({ sql: 'org_id = $1 and id = $2', params: [o.id, DEMO_SYNCS[o.key].record] }),
      set: 'error = error',
    },
  },
];
