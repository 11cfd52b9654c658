import { randomUUID } from 'node:crypto';
import { SignJWT } from 'jose';
import { ADMIN_AUDIENCE, ADMIN_ISSUER, ADMIN_TOKEN_MAX_TTL_SECONDS, type AuthConfig } from '../config/auth.ts';

export interface AdminToken {
  token: string;
  jti: string;
  expiresAt: Date;
  ttlSeconds: number;
}

/**
 * Signs an admin token: HS256 with the server's own admin key, audience `palisade-admin`, at most
 * 15 minutes. The caller has checked platform.admins and recorded the minting first.
 */
export async function mintAdminToken(
  cfg: Pick<AuthConfig, 'adminSecret' | 'adminTokenTtlSeconds'>,
  user: { userId: string; email?: string },
  ttlSeconds = cfg.adminTokenTtlSeconds,
): Promise<AdminToken> {
  const ttl = Math.max(1, Math.min(Math.floor(ttlSeconds), ADMIN_TOKEN_MAX_TTL_SECONDS));
  const now = Math.floor(Date.now() / 1000);
  const jti = randomUUID();
  // `role` is informational for other readers of the token; the server builds claims from the principal.
  const token = await new SignJWT({ role: 'platform_admin', ...(user.email ? { email: user.email } : {}) })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT', kid: 'palisade-admin' })
    .setSubject(user.userId)
    .setAudience(ADMIN_AUDIENCE)
    .setIssuer(ADMIN_ISSUER)
    .setIssuedAt(now)
    .setExpirationTime(now + ttl)
    .setJti(jti)
    .sign(new TextEncoder().encode(cfg.adminSecret));
  return { token, jti, expiresAt: new Date((now + ttl) * 1000), ttlSeconds: ttl };
}
