import { z } from 'zod';
import { Timestamp, Uuid } from '../http/schemas.ts';
import { FieldMappingsV2 } from './mappings/schema.ts';
import { SyncSchedule } from './schedule.ts';

/** The integration API's response shapes (validated on the way out, and published in /openapi.json). */
export const JsonObject = z.record(z.string(), z.unknown());
export const CredentialsStatus = z
  .object({ configured: z.boolean(), updatedAt: Timestamp.nullable() })
  .meta({ id: 'IntegrationCredentialsStatus' });

export const Integration = z
  .object({
    id: Uuid,
    org_id: Uuid,
    type: z.string().describe('a key of GET /v1/integration-types'),
    type_version: z.number().int(),
    display_name: z.string(),
    status: z.enum(['draft', 'active', 'paused', 'error', 'disabled']),
    config: JsonObject.describe('non-secret settings of the type'),
    field_mappings: FieldMappingsV2,
    sync_schedule: SyncSchedule,
    credentials: CredentialsStatus.describe('never the credentials themselves'),
    next_sync_at: Timestamp.nullable(),
    last_sync_at: Timestamp.nullable(),
    last_tested_at: Timestamp.nullable(),
    last_test_ok: z.boolean().nullable(),
    last_error: z.string().nullable(),
    created_by: Uuid.nullable(),
    updated_by: Uuid.nullable(),
    created_at: Timestamp,
    updated_at: Timestamp,
  })
  .meta({ id: 'Integration' });

export const TypeDescription = z
  .object({
    key: z.string(),
    label: z.string(),
    version: z.number().int(),
    description: z.string(),
    config: z.unknown().describe('JSON Schema of the config, a description per field'),
    credentials: z.unknown().describe('JSON Schema of the credentials: names and descriptions, never values'),
    targets: z.array(z.object({ name: z.string(), type: z.string(), required: z.boolean(), description: z.string() })),
    openTargets: z.object({ type: z.string(), description: z.string() }).optional(),
    defaultConfig: z.unknown(),
    defaultMappings: z.unknown(),
    defaultSchedule: z.unknown(),
  })
  .meta({ id: 'IntegrationType' });

export const MappingSourceRecord = z
  .object({
    record: z.string().describe('the first segment of a source path, e.g. employee'),
    description: z.string(),
    fields: z.array(
      z.object({
        source: z.string().describe('the path a mapping names as its source, e.g. employee.number'),
        type: z.enum(['string', 'number', 'boolean', 'date', 'datetime']),
        description: z.string(),
      }),
    ),
  })
  .meta({ id: 'IntegrationMappingSource' });

export const TestResult = z
  .object({
    ok: z.boolean(),
    code: z
      .enum(['auth_failed', 'unreachable', 'blocked', 'timeout', 'unexpected_response', 'misconfigured'])
      .optional(),
    message: z.string().describe('what happened, never the credentials'),
    tested_at: Timestamp,
  })
  .meta({ id: 'IntegrationTestResult' });

export const Notice = z
  .object({
    id: Uuid,
    integration_id: Uuid.nullable(),
    kind: z.string(),
    severity: z.enum(['info', 'warning', 'error']),
    title: z.string(),
    body: z.string(),
    details: JsonObject,
    read_at: Timestamp.nullable(),
    created_at: Timestamp,
  })
  .meta({ id: 'IntegrationNotice' });
