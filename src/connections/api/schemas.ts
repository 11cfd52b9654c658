import { z } from 'zod';
import { PageQuery } from '../../http/pagination.ts';
import { Description, iso, isoRequired, Name, OrgParams, Timestamp, Uuid } from '../../http/schemas.ts';
import { TARGET_PATTERN } from '../../integrations/mappings/schema.ts';
import { httpApi } from '../../integrations/types/http-api.ts';

/**
 * The API's view of an API connection. The request fields are the integration foundation's
 * http_api type's own validators (src/integrations/types/http-api.ts), under the document's column
 * names: an API connection accepts exactly what an HTTP API integration accepts.
 */
const config = httpApi.config.shape;

const ApiType = z
  .string()
  .regex(/^[a-z][a-z0-9_-]{0,39}$/, { error: 'must be a lower-case label of 1-40 letters, digits, - or _' })
  .describe('What kind of API it is, a free label (e.g. rest, crm, weather)');

/** Any JSON object: the body was JSON, so every value in it is. */
const JsonObject = z.record(z.string(), z.unknown());

const ResponseSchema = JsonObject.describe(
  'A JSON Schema of the response, kept for the caller; Palisade does not enforce it',
);

/** The fields a manager may set, shared by create and update. */
const editable = {
  name: Name,
  description: Description.optional(),
  api_type: ApiType.optional(),
  endpoint_url: config.endpointUrl,
  http_method: config.method.optional(),
  auth_type: config.authType.optional(),
  api_key_name: config.apiKeyName.optional(),
  api_key_in: config.apiKeyIn.optional(),
  custom_headers: config.headers.optional(),
  request_body_template: JsonObject.describe(config.bodyTemplate.description ?? '').optional(),
  response_path: config.responsePath.nullable(),
  response_schema: ResponseSchema.optional(),
  is_active: z.boolean().optional(),
};

export const CreateApiConnection = z
  .strictObject({
    ...editable,
    response_path: editable.response_path.optional(),
    workspace_id: Uuid.optional().describe('The workspace it belongs to (exactly one of workspace_id, project_id)'),
    project_id: Uuid.optional().describe('The project it belongs to (exactly one of workspace_id, project_id)'),
  })
  .meta({ id: 'CreateApiConnection' });

export const UpdateApiConnection = z
  .strictObject({
    ...editable,
    name: Name.optional(),
    endpoint_url: editable.endpoint_url.optional(),
    response_path: editable.response_path.optional(),
  })
  .meta({ id: 'UpdateApiConnection' });

export const ApiConnectionCredentials = httpApi.credentials.meta({ id: 'ApiConnectionCredentials' });

export const CallBody = z
  .strictObject({
    input: z
      .record(
        z.string().regex(TARGET_PATTERN, { error: 'must be a dotted path into the body template, e.g. contact.email' }),
        z.unknown(),
      )
      .refine((o) => Object.keys(o).length <= 200, { error: 'must hold at most 200 values' })
      .optional()
      .describe('Values written into the request body template at their dotted paths'),
  })
  .meta({ id: 'CallApiConnection' });

export const ApiConnection = z
  .object({
    id: Uuid,
    org_id: Uuid,
    workspace_id: Uuid.nullable(),
    project_id: Uuid.nullable(),
    name: z.string(),
    description: z.string().nullable(),
    api_type: z.string(),
    endpoint_url: z.string(),
    http_method: z.string(),
    auth_type: z.string(),
    api_key_name: z.string(),
    api_key_in: z.string(),
    custom_headers: z.record(z.string(), z.string()),
    request_body_template: z.record(z.string(), z.unknown()),
    response_path: z.string().nullable(),
    response_schema: z.record(z.string(), z.unknown()),
    is_active: z.boolean(),
    credentials_configured: z.boolean().describe('whether credentials are stored; they are never shown'),
    credentials_updated_at: Timestamp.nullable(),
    last_called_at: Timestamp.nullable(),
    last_status: z.number().int().nullable(),
    created_by: Uuid.nullable(),
    created_at: Timestamp,
    updated_at: Timestamp,
  })
  .meta({ id: 'ApiConnection' });

export const CallResult = z
  .object({
    status: z.number().int().describe("the API's HTTP status"),
    ok: z.boolean().describe('true for a 2xx status'),
    body: z.unknown().describe('the JSON value at response_path (the whole body without one); text when not JSON'),
    truncated: z.boolean().describe('true when a text body was cut to 64 KiB'),
  })
  .meta({ id: 'ApiConnectionCallResult' });

export const ConnectionParams = OrgParams.extend({ connectionId: Uuid });

export const ListQuery = PageQuery.extend({
  workspace_id: Uuid.optional().describe('Only the connections of this workspace'),
  project_id: Uuid.optional().describe('Only the connections of this project'),
});

export interface ApiConnectionRow {
  id: string;
  org_id: string;
  workspace_id: string | null;
  project_id: string | null;
  name: string;
  description: string | null;
  api_type: string;
  endpoint_url: string;
  http_method: 'GET' | 'POST' | 'PUT' | 'DELETE' | 'PATCH';
  auth_type: 'bearer' | 'basic' | 'api_key' | 'none';
  api_key_name: string;
  api_key_in: 'header' | 'query';
  custom_headers: Record<string, string>;
  request_body_template: Record<string, unknown>;
  response_path: string | null;
  response_schema: Record<string, unknown>;
  is_active: boolean;
  credentials_configured: boolean;
  credentials_updated_at: Date | null;
  last_called_at: Date | null;
  last_status: number | null;
  created_by: string | null;
  created_at: Date;
  updated_at: Date;
  _k: string;
}

export const toApiConnection = (c: ApiConnectionRow) => ({
  id: c.id,
  org_id: c.org_id,
  workspace_id: c.workspace_id,
  project_id: c.project_id,
  name: c.name,
  description: c.description,
  api_type: c.api_type,
  endpoint_url: c.endpoint_url,
  http_method: c.http_method,
  auth_type: c.auth_type,
  api_key_name: c.api_key_name,
  api_key_in: c.api_key_in,
  custom_headers: c.custom_headers,
  request_body_template: c.request_body_template,
  response_path: c.response_path,
  response_schema: c.response_schema,
  is_active: c.is_active,
  credentials_configured: c.credentials_configured,
  credentials_updated_at: iso(c.credentials_updated_at),
  last_called_at: iso(c.last_called_at),
  last_status: c.last_status,
  created_by: c.created_by,
  created_at: isoRequired(c.created_at),
  updated_at: isoRequired(c.updated_at),
});
