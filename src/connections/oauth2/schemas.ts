import { z } from 'zod';
import { Description, iso, isoRequired, Name, OrgParams, SingleLine, Timestamp, Uuid } from '../../http/schemas.ts';
import type { ConnectionWithTokens } from './rows.ts';

/** The database's rule too (app.endpoint_url_ok): https, or http to a loopback stand-in; no credentials, query or fragment. */
const ENDPOINT = /^(https:\/\/|http:\/\/(localhost|127\.0\.0\.1|\[::1\])[:/])[^@?#\s]+$/;
const Endpoint = z
  .string()
  .max(500)
  .regex(ENDPOINT, { error: 'must be an https URL (http only to localhost) without credentials, query or fragment' });

/** RFC 6749 scope-token: printable ASCII but space, " and \. */
const ScopeToken = z
  .string()
  .min(1)
  .max(200)
  .regex(/^[\x21\x23-\x5b\x5d-\x7e]+$/, { error: 'must be a scope token (printable ASCII, no space, " or \\)' });

/** Parameters Palisade sets itself in an authorization request; a connection cannot override them. */
const RESERVED_PARAMS = [
  'response_type',
  'client_id',
  'redirect_uri',
  'scope',
  'state',
  'code_challenge',
  'code_challenge_method',
] as const;

const AdditionalParams = z
  .record(
    z.string().regex(/^[A-Za-z][A-Za-z0-9_.-]{0,99}$/, { error: 'must be a parameter name' }),
    z.string().max(1000),
  )
  .refine((p) => Object.keys(p).length <= 20, { error: 'at most 20 parameters' })
  .refine((p) => !RESERVED_PARAMS.some((k) => Object.hasOwn(p, k)), {
    error: `must not set ${RESERVED_PARAMS.join(', ')}: Palisade sets them`,
  })
  .describe('extra authorization request parameters, e.g. {"prompt": "consent", "access_type": "offline"}');

const ClientAuthMethod = z
  .enum(['client_secret_basic', 'client_secret_post', 'none'])
  .describe('how the client authenticates at the token and revocation endpoints (none: a public client, PKCE only)');

/** What a manager may set on a connection (create and PATCH). */
const Settings = {
  name: Name,
  description: Description.optional(),
  provider: z
    .string()
    .regex(/^[a-z][a-z0-9_-]{0,39}$/, { error: 'must be a lower-case label, e.g. google' })
    .describe('a label of the system, e.g. google, github, salesforce'),
  issuer: Endpoint.nullable()
    .optional()
    .describe("the authorization server's issuer: when set, a response naming another issuer (iss) is refused"),
  authorization_endpoint: Endpoint,
  token_endpoint: Endpoint,
  revocation_endpoint: Endpoint.nullable().optional(),
  userinfo_endpoint: Endpoint.nullable().optional(),
  client_id: SingleLine.min(1).max(500),
  client_auth_method: ClientAuthMethod.optional(),
  scopes: z.array(ScopeToken).max(50).optional(),
  additional_params: AdditionalParams.optional(),
  is_active: z.boolean().optional(),
};

export const CreateConnection = z
  .object({
    workspace_id: Uuid.optional().describe('the workspace it belongs to (or project_id, not both)'),
    project_id: Uuid.optional().describe('the project it belongs to (or workspace_id, not both)'),
    ...Settings,
  })
  .strict()
  .refine((b) => (b.workspace_id === undefined) !== (b.project_id === undefined), {
    error: 'give exactly one of workspace_id and project_id',
    path: ['workspace_id'],
  });

export const UpdateConnection = z
  .object({
    name: Settings.name.optional(),
    description: Settings.description,
    provider: Settings.provider.optional(),
    issuer: Settings.issuer,
    authorization_endpoint: Endpoint.optional(),
    token_endpoint: Endpoint.optional(),
    revocation_endpoint: Settings.revocation_endpoint,
    userinfo_endpoint: Settings.userinfo_endpoint,
    client_id: Settings.client_id.optional(),
    client_auth_method: Settings.client_auth_method,
    scopes: Settings.scopes,
    additional_params: Settings.additional_params,
    is_active: Settings.is_active,
  })
  .strict();

export const ConnectionParams = OrgParams.extend({ connectionId: Uuid });

const ConnectionStatus = z
  .enum(['not_connected', 'connected', 'reconsent_required'])
  .describe('reconsent_required: the provider refused the refresh token; a manager must authorize again');

const TokenInfo = z
  .object({
    token_type: z.string(),
    granted_scope: z.string().nullable(),
    expires_at: Timestamp.nullable().describe('when the access token expires (null: the provider did not say)'),
    has_refresh_token: z.boolean(),
    connected_by: Uuid.nullable(),
    connected_at: Timestamp,
    refreshed_at: Timestamp.nullable(),
  })
  .describe('what is known about the tokens; the tokens themselves are never shown');

export const OAuth2Connection = z
  .object({
    id: Uuid,
    workspace_id: Uuid.nullable(),
    project_id: Uuid.nullable(),
    name: z.string(),
    description: z.string().nullable(),
    provider: z.string(),
    issuer: z.string().nullable(),
    authorization_endpoint: z.string(),
    token_endpoint: z.string(),
    revocation_endpoint: z.string().nullable(),
    userinfo_endpoint: z.string().nullable(),
    client_id: z.string(),
    client_auth_method: ClientAuthMethod,
    scopes: z.array(z.string()),
    additional_params: z.record(z.string(), z.string()),
    redirect_uri: z.string().describe("Palisade's callback: register it with the provider"),
    is_active: z.boolean(),
    client_secret: z.object({ configured: z.boolean(), updated_at: Timestamp.nullable() }),
    status: ConnectionStatus,
    tokens: TokenInfo.nullable(),
    last_error: z.string().nullable(),
    last_error_at: Timestamp.nullable(),
    created_by: Uuid.nullable(),
    updated_by: Uuid.nullable(),
    created_at: Timestamp,
    updated_at: Timestamp,
  })
  .meta({ id: 'OAuth2Connection' });

export type OAuth2ConnectionBody = z.infer<typeof OAuth2Connection>;

export function toConnection(r: ConnectionWithTokens, redirectUri: string): OAuth2ConnectionBody {
  const connected = r.token_row_id !== null;
  return {
    id: r.id,
    workspace_id: r.workspace_id,
    project_id: r.project_id,
    name: r.name,
    description: r.description,
    provider: r.provider,
    issuer: r.issuer,
    authorization_endpoint: r.authorization_endpoint,
    token_endpoint: r.token_endpoint,
    revocation_endpoint: r.revocation_endpoint,
    userinfo_endpoint: r.userinfo_endpoint,
    client_id: r.client_id,
    client_auth_method: r.client_auth_method,
    scopes: r.scopes,
    additional_params: r.additional_params,
    redirect_uri: redirectUri,
    is_active: r.is_active,
    client_secret: { configured: r.client_secret_configured, updated_at: iso(r.client_secret_updated_at) },
    status: connected ? 'connected' : r.reconsent_required ? 'reconsent_required' : 'not_connected',
    tokens: connected
      ? {
          token_type: r.token_type!,
          granted_scope: r.granted_scope,
          expires_at: iso(r.expires_at),
          has_refresh_token: r.has_refresh_token ?? false,
          connected_by: r.connected_by,
          connected_at: isoRequired(r.connected_at!),
          refreshed_at: iso(r.refreshed_at),
        }
      : null,
    last_error: r.last_error,
    last_error_at: iso(r.last_error_at),
    created_by: r.created_by,
    updated_by: r.updated_by,
    created_at: isoRequired(r.created_at),
    updated_at: isoRequired(r.updated_at),
  };
}

export const ClientSecretBody = z
  .object({
    client_secret: z.string().min(1).max(2000).describe('the client secret; stored in the vault, never shown'),
  })
  .strict();

export const ClientSecretStatus = z.object({ configured: z.literal(true), updated_at: Timestamp });

export const AuthorizeResult = z.object({
  authorization_url: z.string().describe('send the person there to consent; single use, for 10 minutes'),
  expires_at: Timestamp,
});

/** What the provider's redirect brings back (RFC 6749 4.1.2); providers may add parameters of their own. */
export const CallbackQuery = z.looseObject({
  state: z.string().max(512),
  code: z.string().max(4096).optional(),
  error: z.string().max(200).optional(),
  error_description: z.string().max(2000).optional(),
  error_uri: z.string().max(2000).optional(),
  iss: z.string().max(500).optional(),
});

export const CallbackResult = z.object({
  connected: z.literal(true),
  org_id: Uuid,
  connection_id: Uuid,
  granted_scope: z.string().nullable(),
  expires_at: Timestamp.nullable(),
  message: z.string(),
});

const RevocationOutcome = z
  .enum(['revoked', 'failed', 'not_supported', 'none'])
  .describe('none: there was no such token; not_supported: the connection has no revocation_endpoint');

export const DisconnectResult = z.object({
  disconnected: z.boolean().describe('false when there were no tokens'),
  revocation: z.object({ refresh_token: RevocationOutcome, access_token: RevocationOutcome }),
  message: z.string(),
});

export const TestResult = z.object({
  ok: z.boolean(),
  status: z.number().int().nullable().describe("the userinfo endpoint's HTTP status"),
  refreshed: z.boolean().describe('the access token was refreshed for this call'),
  subject: z.string().nullable().describe('the `sub` the provider answered, when it did'),
  message: z.string(),
});
