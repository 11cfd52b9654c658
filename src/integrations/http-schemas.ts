import { z } from 'zod';
import { Timestamp, Uuid } from '../http/schemas.ts';
import { FieldMappingsV2, StoredFieldMappings } from './mappings/schema.ts';
import type { IntegrationTypeRegistry } from './registry.ts';
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

/**
 * The request bodies as the library checks them, for the OpenAPI document only (`openapiBody`):
 * the routes validate through the library so that each 422 names the JSON path of the field.
 * Credentials depend on the integration type, so they are one of the registered types' schemas.
 */
export function documentedBodies(registry: IntegrationTypeRegistry) {
  const types = registry.list();
  const anyType = (schemas: z.ZodType[], description: string) =>
    (schemas.length > 1 ? z.union(schemas) : (schemas[0] ?? JsonObject)).describe(description);
  // Config stays an open object here: a type's config may hold free JSON (http_api's bodyTemplate),
  // which the document cannot reference; GET /v1/integration-types serves each type's config schema.
  const config = JsonObject.describe(
    "the type's non-secret settings, as its config schema in GET /v1/integration-types says; a draft's may be partial",
  );
  const displayName = z.string().min(1).max(200).describe('1 to 200 characters, no control characters');
  return {
    create: z.strictObject({
      type: z.enum(registry.keys() as [string, ...string[]]).describe('a key of GET /v1/integration-types'),
      display_name: displayName,
      config: config.optional(),
      field_mappings: StoredFieldMappings.optional().describe(
        "schema_version 1 or 2 (stored as 2); default: the type's",
      ),
      sync_schedule: SyncSchedule.optional().describe("default: the type's"),
    }),
    update: z.strictObject({
      display_name: displayName.optional(),
      status: z
        .enum(['draft', 'active', 'paused', 'disabled'])
        .optional()
        .describe('active needs complete config, credentials and mappings; error is set by Palisade'),
      config: config.optional(),
    }),
    credentials: anyType(
      types.map((t) => t.credentials),
      "the fields of the type's credentials schema (GET /v1/integration-types); write-only",
    ),
    fieldMappings: StoredFieldMappings,
    syncSchedule: SyncSchedule,
  };
}
