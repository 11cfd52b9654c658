import type { FieldMappingsV2 } from './mappings/schema.ts';
import { readFieldMappings } from './mappings/upgrade.ts';
import type { SyncSchedule } from './schedule.ts';

/**
 * The columns tenants are granted on public.organisation_integrations: everything but
 * credential_secret_id. Every tenant-side query selects exactly these.
 */
export const INTEGRATION_COLUMNS = `org_id, id, type_key, type_version, display_name, status, config, field_mappings,
  sync_schedule, credentials_configured, credentials_updated_at, next_sync_at, last_sync_at, last_tested_at,
  last_test_ok, last_error, created_by, updated_by, created_at, updated_at`;

export type IntegrationStatus = 'draft' | 'active' | 'paused' | 'error' | 'disabled';

export interface IntegrationRow {
  org_id: string;
  id: string;
  type_key: string;
  type_version: number;
  display_name: string;
  status: IntegrationStatus;
  config: Record<string, unknown>;
  field_mappings: unknown;
  sync_schedule: SyncSchedule;
  credentials_configured: boolean;
  credentials_updated_at: Date | null;
  next_sync_at: Date | null;
  last_sync_at: Date | null;
  last_tested_at: Date | null;
  last_test_ok: boolean | null;
  last_error: string | null;
  created_by: string | null;
  updated_by: string | null;
  created_at: Date;
  updated_at: Date;
}

/**
 * What the API returns (snake_case, like every Palisade resource). Credentials appear only as
 * `{ configured, updatedAt }`, the shape PUT …/credentials answers with; never a value or the vault id.
 */
export interface Integration {
  id: string;
  org_id: string;
  type: string;
  type_version: number;
  display_name: string;
  status: IntegrationStatus;
  config: Record<string, unknown>;
  /** Always the current schema_version: older stored documents are upgraded as they are read. */
  field_mappings: FieldMappingsV2;
  sync_schedule: SyncSchedule;
  credentials: { configured: boolean; updatedAt: string | null };
  next_sync_at: string | null;
  last_sync_at: string | null;
  last_tested_at: string | null;
  last_test_ok: boolean | null;
  last_error: string | null;
  created_by: string | null;
  updated_by: string | null;
  created_at: string;
  updated_at: string;
}

const iso = (d: Date | string | null): string | null => (d === null ? null : new Date(d).toISOString());

export function toIntegration(r: IntegrationRow): Integration {
  return {
    id: r.id,
    org_id: r.org_id,
    type: r.type_key,
    type_version: r.type_version,
    display_name: r.display_name,
    status: r.status,
    config: r.config,
    field_mappings: readFieldMappings(r.field_mappings),
    sync_schedule: r.sync_schedule,
    credentials: { configured: r.credentials_configured, updatedAt: iso(r.credentials_updated_at) },
    next_sync_at: iso(r.next_sync_at),
    last_sync_at: iso(r.last_sync_at),
    last_tested_at: iso(r.last_tested_at),
    last_test_ok: r.last_test_ok,
    last_error: r.last_error,
    created_by: r.created_by,
    updated_by: r.updated_by,
    created_at: iso(r.created_at)!,
    updated_at: iso(r.updated_at)!,
  };
}
