/** How tokens are verified and admin tokens minted. Built by src/config/server.ts from the environment. */
export interface AuthConfig {
  /** HS256 secret for user tokens (Supabase's JWT secret, or the embedded development secret). */
  jwtSecret?: string;
  /** JWKS endpoint for RS256/ES256 user tokens (an identity provider's public keys). */
  jwksUrl?: string;
  /** Checked against `iss` when set. */
  issuer?: string;
  /** Checked against `aud` when set. */
  audience?: string;
  /** Tolerance for exp/nbf between this host's clock and the issuer's. */
  clockSkewSeconds: number;
  /** HS256 key for admin tokens; the server alone holds it, and it must differ from jwtSecret. */
  adminSecret: string;
  /** Lifetime of a minted admin token (at most 15 minutes). */
  adminTokenTtlSeconds: number;
  /** A credential longer than this is refused before any parsing. */
  maxTokenBytes: number;
}

/** The audience of admin tokens: only tokens minted by POST /v1/admin/token carry it. */
export const ADMIN_AUDIENCE = 'palisade-admin';
export const ADMIN_ISSUER = 'palisade';
export const ADMIN_TOKEN_MAX_TTL_SECONDS = 15 * 60;
export const MIN_SECRET_LENGTH = 32;
