/**
 * The columns of public.oauth2_connections and oauth2_tokens a reader may select (their column
 * grants), as the query modules read them. The secret references (credential_secret_id) are not
 * among them: only the service reads those, in secrets.ts.
 */

export const CONNECTION_COLUMNS = `c.org_id, c.id, c.workspace_id, c.project_id, c.name, c.description, c.provider, c.issuer,
  c.authorization_endpoint, c.token_endpoint, c.revocation_endpoint, c.userinfo_endpoint, c.client_id,
  c.client_auth_method, c.scopes, c.additional_params, c.is_active, c.client_secret_configured,
  c.client_secret_updated_at, c.reconsent_required, c.last_error, c.last_error_at, c.created_by, c.updated_by,
  c.created_at, c.updated_at`;

export type ClientAuthMethod = 'client_secret_basic' | 'client_secret_post' | 'none';

export interface ConnectionRow {
  org_id: string;
  id: string;
  workspace_id: string | null;
  project_id: string | null;
  name: string;
  description: string | null;
  provider: string;
  issuer: string | null;
  authorization_endpoint: string;
  token_endpoint: string;
  revocation_endpoint: string | null;
  userinfo_endpoint: string | null;
  client_id: string;
  client_auth_method: ClientAuthMethod;
  scopes: string[];
  additional_params: Record<string, string>;
  is_active: boolean;
  client_secret_configured: boolean;
  client_secret_updated_at: Date | null;
  reconsent_required: boolean;
  last_error: string | null;
  last_error_at: Date | null;
  created_by: string | null;
  updated_by: string | null;
  created_at: Date;
  updated_at: Date;
}

/** The token metadata joined to a connection (null columns when it is not connected). */
export const TOKEN_COLUMNS = `t.id as token_row_id, t.token_type, t.granted_scope, t.expires_at, t.has_refresh_token,
  t.connected_by, t.connected_at, t.refreshed_at, t.generation`;

interface TokenMetaRow {
  token_row_id: string | null;
  token_type: string | null;
  granted_scope: string | null;
  expires_at: Date | null;
  has_refresh_token: boolean | null;
  connected_by: string | null;
  connected_at: Date | null;
  refreshed_at: Date | null;
  generation: number | null;
}

export type ConnectionWithTokens = ConnectionRow & TokenMetaRow;

/** Connection and token metadata, as one readable row. */
export const CONNECTION_FROM = `public.oauth2_connections c
  left join public.oauth2_tokens t on t.org_id = c.org_id and t.connection_id = c.id`;
