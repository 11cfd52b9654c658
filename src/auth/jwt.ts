import { createRemoteJWKSet, decodeJwt, decodeProtectedHeader, errors, type JWTPayload, jwtVerify } from 'jose';
import { ADMIN_AUDIENCE, ADMIN_ISSUER, ADMIN_TOKEN_MAX_TTL_SECONDS, type AuthConfig } from '../config/auth.ts';
import { PalisadeError } from '../errors/error.ts';

export type VerifiedToken =
  | { kind: 'user'; userId: string; email?: string }
  | { kind: 'admin'; userId: string; email?: string; jti: string };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const ASYMMETRIC = new Set(['RS256', 'ES256']);

/**
 * Verifies bearer JWTs. Threat model, in the order the checks run:
 * - size first, so an oversized header costs nothing;
 * - the algorithm is chosen by configuration, never by the token: HS256 is verified only with
 *   the shared secret, RS256/ES256 only with keys from the configured JWKS (so an HS256 token
 *   "signed" with a public key, or `alg: none`, has no key to verify against);
 * - embedded keys (`jwk`, `jku`, `x5u` headers) are never used: jose ignores them in jwtVerify;
 * - admin tokens are recognised by their audience and verified only with the admin key, which
 *   no identity provider holds, so a user token cannot claim admin rights however it is forged;
 * - `exp` and `sub` are required; `nbf`/`exp` allow a small configured clock skew.
 * Claims in the token are never copied into the database session: the caller builds a principal
 * from the fields returned here.
 */
export function createTokenVerifier(cfg: AuthConfig) {
  // Imported once: handed raw bytes, jose would import the key again for every token.
  const userSecret = cfg.jwtSecret ? hmacKey(cfg.jwtSecret) : undefined;
  const adminKey = hmacKey(cfg.adminSecret);
  const verified = new VerifiedTokens();
  const jwks = cfg.jwksUrl
    ? createRemoteJWKSet(new URL(cfg.jwksUrl), {
        timeoutDuration: 5_000,
        cooldownDuration: 30_000,
        cacheMaxAge: 10 * 60_000,
      })
    : undefined;

  async function verifyAdmin(token: string): Promise<VerifiedToken> {
    const { payload } = await jwtVerify(token, await adminKey, {
      algorithms: ['HS256'],
      issuer: ADMIN_ISSUER,
      audience: ADMIN_AUDIENCE,
      clockTolerance: cfg.clockSkewSeconds,
      requiredClaims: ['sub', 'exp', 'iat', 'jti'],
    });
    // A token claiming a longer life than the server ever mints was not minted by this server.
    if (payload.exp! - payload.iat! > ADMIN_TOKEN_MAX_TTL_SECONDS)
      throw new PalisadeError('PS401', 'the admin token lives longer than 15 minutes');
    return verified.remember(token, payload, {
      kind: 'admin',
      userId: subject(payload),
      jti: String(payload.jti),
      ...emailOf(payload),
    });
  }

  async function verifyUser(token: string, alg: string): Promise<VerifiedToken> {
    const options = {
      issuer: cfg.issuer,
      audience: cfg.audience,
      clockTolerance: cfg.clockSkewSeconds,
      requiredClaims: ['sub', 'exp'],
    };
    let payload: JWTPayload;
    if (alg === 'HS256' && userSecret) {
      ({ payload } = await jwtVerify(token, await userSecret, { ...options, algorithms: ['HS256'] }));
    } else if (ASYMMETRIC.has(alg) && jwks) {
      ({ payload } = await jwtVerify(token, jwks, { ...options, algorithms: [...ASYMMETRIC] }));
    } else {
      throw new PalisadeError('PS401', `tokens signed with ${alg} are not accepted here`);
    }
    // Supabase's anon and service_role keys are JWTs from the same secret: they are not people.
    if (payload.role !== undefined && payload.role !== 'authenticated') {
      throw new PalisadeError('PS401', `tokens for the role "${String(payload.role).slice(0, 40)}" are not accepted`);
    }
    return verified.remember(token, payload, { kind: 'user', userId: subject(payload), ...emailOf(payload) });
  }

  return async function verify(token: string): Promise<VerifiedToken> {
    if (Buffer.byteLength(token) > cfg.maxTokenBytes) throw new PalisadeError('PS401', 'the token is too large');
    const known = verified.get(token, cfg.clockSkewSeconds);
    if (known) return known;
    if (token.split('.').length !== 3) throw new PalisadeError('PS401', 'the token is malformed');
    let alg: string;
    let audiences: string[];
    try {
      alg = String(decodeProtectedHeader(token).alg ?? '');
      const aud = decodeJwt(token).aud;
      audiences = Array.isArray(aud) ? aud : aud === undefined ? [] : [aud];
    } catch {
      throw new PalisadeError('PS401', 'the token is malformed');
    }
    if (!alg || alg.toLowerCase() === 'none') throw new PalisadeError('PS401', 'unsigned tokens are not accepted');
    try {
      // Routing on the unverified audience is safe: each branch verifies everything itself.
      return audiences.includes(ADMIN_AUDIENCE) ? await verifyAdmin(token) : await verifyUser(token, alg);
    } catch (err) {
      throw asAuthError(err);
    }
  };
}

function hmacKey(secret: string): Promise<CryptoKey> {
  return crypto.subtle.importKey('raw', new TextEncoder().encode(secret), { name: 'HMAC', hash: 'SHA-256' }, false, [
    'verify',
  ]);
}

/** How long one verification is reused at most, so a key withdrawn from the JWKS stops working soon. */
export const VERIFIED_TOKEN_REUSE_MS = 60_000;
const VERIFIED_TOKEN_LIMIT = 10_000;

/**
 * Tokens that passed every check, so a client sending the same token again is not verified again
 * on each request (signature and claims are a large share of a request's CPU). A token is the
 * exact string that was verified, so its signature cannot differ; what can change is time, so a
 * hit re-checks `exp` and `nbf` (with the same skew), and an entry is reused for at most
 * VERIFIED_TOKEN_REUSE_MS. Failures are never remembered. Bounded: the oldest entry goes first.
 */
class VerifiedTokens {
  private readonly entries = new Map<string, { result: VerifiedToken; exp: number; nbf: number; until: number }>();

  get(token: string, skewSeconds: number): VerifiedToken | undefined {
    const e = this.entries.get(token);
    if (!e) return undefined;
    const now = Date.now();
    if (now >= e.until || now >= (e.exp + skewSeconds) * 1000 || now < (e.nbf - skewSeconds) * 1000) {
      this.entries.delete(token);
      return undefined;
    }
    return e.result;
  }

  remember(token: string, payload: JWTPayload, result: VerifiedToken): VerifiedToken {
    if (typeof payload.exp !== 'number') return result;
    this.entries.set(token, {
      result,
      exp: payload.exp,
      nbf: typeof payload.nbf === 'number' ? payload.nbf : 0,
      until: Date.now() + VERIFIED_TOKEN_REUSE_MS,
    });
    if (this.entries.size > VERIFIED_TOKEN_LIMIT) this.entries.delete(this.entries.keys().next().value!);
    return result;
  }
}

function subject(payload: JWTPayload): string {
  const sub = payload.sub;
  if (typeof sub !== 'string' || !UUID.test(sub))
    throw new PalisadeError('PS401', 'the token subject (sub) must be a user UUID');
  return sub.toLowerCase();
}

/** The email is trusted only as the identity provider states it; an explicitly unverified one is dropped. */
function emailOf(payload: JWTPayload): { email?: string } {
  const email = payload.email;
  if (typeof email !== 'string' || email.length === 0 || email.length > 320 || payload.email_verified === false)
    return {};
  return { email: email.toLowerCase() };
}

function asAuthError(err: unknown): PalisadeError {
  if (err instanceof PalisadeError) return err;
  if (err instanceof errors.JWTExpired) return new PalisadeError('PS401', 'the token has expired');
  if (err instanceof errors.JWTClaimValidationFailed) {
    switch (err.claim) {
      case 'nbf':
        return new PalisadeError('PS401', 'the token is not valid yet (nbf)');
      case 'aud':
        return new PalisadeError('PS401', 'the token audience (aud) is not accepted');
      case 'iss':
        return new PalisadeError('PS401', 'the token issuer (iss) is not accepted');
      default:
        return new PalisadeError(
          'PS401',
          err.reason === 'missing' ? `the token has no ${err.claim} claim` : `the token ${err.claim} claim is invalid`,
        );
    }
  }
  if (err instanceof errors.JWSSignatureVerificationFailed)
    return new PalisadeError('PS401', 'the token signature is invalid');
  if (err instanceof errors.JOSEAlgNotAllowed) return new PalisadeError('PS401', 'the token algorithm is not accepted');
  if (err instanceof errors.JWKSNoMatchingKey || err instanceof errors.JWKSMultipleMatchingKeys) {
    return new PalisadeError('PS401', 'no signing key matches the token (kid)');
  }
  if (err instanceof errors.JWKSTimeout || err instanceof errors.JWKSInvalid || err instanceof TypeError) {
    return new PalisadeError('PS503', 'the signing keys cannot be fetched right now; try again shortly');
  }
  return new PalisadeError('PS401', 'the token is malformed');
}
