import { API_KEY_PREFIX } from '../apikeys/keys.ts';
import { authenticateApiKey } from '../apikeys/verify.ts';
import type { AuthConfig } from '../config/auth.ts';
import type { Principal } from '../db/principal.ts';
import type { AuditContext } from '../db/request-context.ts';
import type { Database } from '../db/types.ts';
import { PalisadeError } from '../errors/error.ts';
import { isPlatformAdmin } from './admins.ts';
import { createTokenVerifier } from './jwt.ts';
import { createUserSync } from './users.ts';

export interface Credentials {
  authorization?: string | string[] | undefined;
  apiKey?: string | string[] | undefined;
  /** Request id, client address and user agent, for what authentication records (API key use). */
  context?: AuditContext;
}

export interface Authentication {
  principal: Principal;
  /** Set for admin tokens: their id, so admin actions can name the token that did them. */
  tokenId?: string;
}

const BEARER = /^Bearer[ ]+([^\s]+)[ ]*$/i;

/**
 * Turns a request's credentials into a principal. Every credential is verified here, and the
 * principal is built from what was verified: a user id and email from a signature-checked token,
 * an organisation and role from the API key's own row, admin rights only from an admin token
 * whose holder is still listed in platform.admins.
 */
export function createAuthenticator(db: Database, cfg: AuthConfig) {
  const verifyToken = createTokenVerifier(cfg);
  const ensureUser = createUserSync(db);

  async function fromApiKey(key: string, context: AuditContext | undefined): Promise<Authentication> {
    const k = await authenticateApiKey(db, key, context);
    return { principal: { kind: 'api_key', keyId: k.keyId, orgId: k.orgId, role: k.role } };
  }

  return async function authenticate(creds: Credentials): Promise<Authentication> {
    if (Array.isArray(creds.authorization) || Array.isArray(creds.apiKey))
      throw new PalisadeError('PS401', 'send one credential, once');
    const authorization = creds.authorization?.trim();
    const apiKey = creds.apiKey?.trim();
    // Both headers present is refused whatever they hold: an empty x-api-key beside a Bearer token too.
    if (creds.authorization !== undefined && creds.apiKey !== undefined)
      throw new PalisadeError('PS401', 'send either an Authorization header or an x-api-key header, not both');
    if (!authorization && !apiKey) return { principal: { kind: 'anonymous' } };
    if (apiKey) {
      if (apiKey.length > cfg.maxTokenBytes) throw new PalisadeError('PS401', 'the API key is malformed');
      return fromApiKey(apiKey, creds.context);
    }
    if (authorization!.length > cfg.maxTokenBytes + 16) throw new PalisadeError('PS401', 'the token is too large');
    const match = BEARER.exec(authorization!);
    if (!match) throw new PalisadeError('PS401', 'the Authorization header must be "Bearer <token>"');
    const credential = match[1]!;
    if (credential.startsWith(API_KEY_PREFIX)) return fromApiKey(credential, creds.context);

    const token = await verifyToken(credential);
    if (token.kind === 'admin') {
      if (!(await isPlatformAdmin(db, token.userId)))
        throw new PalisadeError('PS401', 'this admin token belongs to someone who is no longer a platform admin');
      return {
        principal: { kind: 'platform_admin', userId: token.userId, ...(token.email ? { email: token.email } : {}) },
        tokenId: token.jti,
      };
    }
    await ensureUser(token.userId, token.email);
    return { principal: { kind: 'user', userId: token.userId, ...(token.email ? { email: token.email } : {}) } };
  };
}

export type Authenticate = ReturnType<typeof createAuthenticator>;
