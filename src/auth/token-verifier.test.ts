import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type CryptoKey, exportJWK, generateKeyPair, type JWK, type JWTPayload, SignJWT } from 'jose';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { ADMIN_AUDIENCE, ADMIN_ISSUER, type AuthConfig } from '../config/auth.ts';
import { PalisadeError } from '../errors/error.ts';
import { mintAdminToken } from './admin-token.ts';
import { createTokenVerifier, VERIFIED_TOKEN_REUSE_MS } from './jwt.ts';

/**
 * createTokenVerifier on its own, without a server or a database: every check it makes, each with
 * the exact refusal it gives. src/auth/jwt.test.ts proves the same rules through the HTTP API.
 */
const SUB = '6a0c47b5-8a5e-4f57-9d0e-3b1f0c2d9e11';
const enc = (s: string) => new TextEncoder().encode(s);
const b64 = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
const nowS = () => Math.floor(Date.now() / 1000);
// The server's test secrets (src/server/testing.ts), repeated so this file does not load the server.
const TEST_JWT_SECRET = 'test-user-jwt-secret-0123456789abcdef-0123456789';
const TEST_ADMIN_SECRET = 'test-admin-jwt-secret-0123456789abcdef-012345678';
const config = (over: Partial<AuthConfig> = {}): AuthConfig => ({
  jwtSecret: TEST_JWT_SECRET,
  clockSkewSeconds: 30,
  adminSecret: TEST_ADMIN_SECRET,
  adminTokenTtlSeconds: 900,
  maxTokenBytes: 8192,
  ...over,
});

/** An HS256 token; `claims` may set or (with undefined) remove any default claim. */
function hs256(claims: JWTPayload = {}, secret = TEST_JWT_SECRET, header: Record<string, unknown> = {}) {
  const payload: JWTPayload = { role: 'authenticated', sub: SUB, iat: nowS(), exp: nowS() + 600, ...claims };
  for (const [k, v] of Object.entries(payload)) if (v === undefined) delete payload[k];
  return new SignJWT(payload).setProtectedHeader({ alg: 'HS256', typ: 'JWT', ...header }).sign(enc(secret));
}

/** An admin token as the server would mint it, with claims changed as given. */
function admin(claims: JWTPayload = {}, secret = TEST_ADMIN_SECRET) {
  return hs256(
    { aud: ADMIN_AUDIENCE, iss: ADMIN_ISSUER, jti: 'jti-1', exp: nowS() + 900, role: undefined, ...claims },
    secret,
  );
}

async function refusal(p: Promise<unknown>): Promise<PalisadeError> {
  const err = await p.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(PalisadeError);
  return err as PalisadeError;
}

/** Refused with 401 and exactly this message. */
async function expectRefused(p: Promise<unknown>, message: string) {
  const err = await refusal(p);
  expect({ code: err.code, message: err.message }).toEqual({ code: 'PS401', message });
}

/** A local identity provider serving a JWKS whose keys the tests choose; counts its fetches. */
interface Idp {
  url: string;
  keys: JWK[];
  fetches: number;
  body?: string;
}
let idp: Idp;
let idpServer: Server;
let ec: { privateKey: CryptoKey; publicJwk: JWK };
let ec2: { privateKey: CryptoKey; publicJwk: JWK };

async function keyPair(alg: 'RS256' | 'ES256', kid?: string) {
  const { privateKey, publicKey } = await generateKeyPair(alg, { extractable: true });
  return { privateKey, publicJwk: { ...(await exportJWK(publicKey)), ...(kid ? { kid } : {}), alg, use: 'sig' } };
}

/** RSA key generation takes a few hundred milliseconds: only the tests that use the key pay for it. */
let rsaPending: Promise<{ privateKey: CryptoKey; publicJwk: JWK }> | undefined;
async function useRsa() {
  rsaPending ??= keyPair('RS256', 'rsa-1');
  const rsa = await rsaPending;
  idp.keys = [rsa.publicJwk, ec.publicJwk];
  return rsa;
}

beforeAll(async () => {
  [ec, ec2] = await Promise.all([keyPair('ES256', 'ec-1'), keyPair('ES256')]);
  idp = { url: '', keys: [ec.publicJwk], fetches: 0 };
  idpServer = createServer((_req, res) => {
    idp.fetches++;
    res.setHeader('content-type', 'application/json');
    res.end(idp.body ?? JSON.stringify({ keys: idp.keys }));
  });
  await new Promise<void>((resolve) => idpServer.listen(0, '127.0.0.1', resolve));
  idp.url = `http://127.0.0.1:${(idpServer.address() as AddressInfo).port}/jwks.json`;
});
afterAll(() => new Promise<void>((resolve) => idpServer.close(() => resolve())));
afterEach(() => {
  vi.useRealTimers();
  vi.restoreAllMocks();
  idp.keys = [ec.publicJwk];
  delete idp.body;
  idp.fetches = 0;
});

function signed(alg: 'RS256' | 'ES256', key: CryptoKey, header: Record<string, unknown>, claims: JWTPayload = {}) {
  return new SignJWT({ role: 'authenticated', ...claims })
    .setProtectedHeader({ alg, ...header })
    .setSubject(SUB)
    .setIssuedAt()
    .setExpirationTime('10m')
    .sign(key);
}

describe('user tokens signed with the shared HS256 secret', () => {
  it('a valid token yields its subject and verified email, both in lower case', async () => {
    const verify = createTokenVerifier(config());
    expect(await verify(await hs256({ sub: SUB.toUpperCase(), email: 'Ada@Example.COM' }))).toEqual({
      kind: 'user',
      userId: SUB,
      email: 'ada@example.com',
    });
  });

  it('a token without a role claim is a user, and one for the role "authenticated" too', async () => {
    const verify = createTokenVerifier(config());
    expect(await verify(await hs256({ role: undefined }))).toEqual({ kind: 'user', userId: SUB });
    expect(await verify(await hs256({ role: 'authenticated' }))).toEqual({ kind: 'user', userId: SUB });
  });

  it("Supabase's anon and service_role keys are not people: refused, naming at most 40 characters of the role", async () => {
    const verify = createTokenVerifier(config());
    await expectRefused(verify(await hs256({ role: 'anon' })), 'tokens for the role "anon" are not accepted');
    await expectRefused(
      verify(await hs256({ role: 'service_role' })),
      'tokens for the role "service_role" are not accepted',
    );
    await expectRefused(
      verify(await hs256({ role: 'r'.repeat(100) })),
      `tokens for the role "${'r'.repeat(40)}" are not accepted`,
    );
  });

  it('an email is kept only when it is a non-empty string of at most 320 characters not marked unverified', async () => {
    const verify = createTokenVerifier(config());
    const email320 = `${'a'.repeat(308)}@example.com`;
    expect(email320).toHaveLength(320);
    expect(await verify(await hs256({ email: email320 }))).toEqual({ kind: 'user', userId: SUB, email: email320 });
    expect(await verify(await hs256({ email: `a${email320}` }))).toEqual({ kind: 'user', userId: SUB });
    expect(await verify(await hs256({ email: '' }))).toEqual({ kind: 'user', userId: SUB });
    expect(await verify(await hs256({ email: ['x@example.com'] }))).toEqual({ kind: 'user', userId: SUB });
    expect(await verify(await hs256({ email: 'u@example.com', email_verified: false }))).toEqual({
      kind: 'user',
      userId: SUB,
    });
    expect(await verify(await hs256({ email: 'v@example.com', email_verified: true }))).toEqual({
      kind: 'user',
      userId: SUB,
      email: 'v@example.com',
    });
  });

  it('the subject must be a user UUID', async () => {
    const verify = createTokenVerifier(config());
    const msg = 'the token subject (sub) must be a user UUID';
    // jose lets a non-string sub through; an array holding a UUID must not pass as one.
    await expectRefused(verify(await hs256({ sub: [SUB] as unknown as string })), msg);
    await expectRefused(verify(await hs256({ sub: 'not-a-uuid' })), msg);
    await expectRefused(verify(await hs256({ sub: `x${SUB}` })), msg);
    await expectRefused(verify(await hs256({ sub: `${SUB}x` })), msg);
  });

  it('exp and sub are required, and a claim of the wrong type is invalid', async () => {
    const verify = createTokenVerifier(config());
    await expectRefused(verify(await hs256({ exp: undefined })), 'the token has no exp claim');
    await expectRefused(verify(await hs256({ sub: undefined })), 'the token has no sub claim');
    await expectRefused(
      verify(await hs256({ iat: 'yesterday' as unknown as number })),
      'the token iat claim is invalid',
    );
  });

  it('signatures, expiry and nbf are checked, with the configured clock skew', async () => {
    const verify = createTokenVerifier(config({ clockSkewSeconds: 30 }));
    await expectRefused(
      verify(await hs256({}, 'another-secret-another-secret-another-secret')),
      'the token signature is invalid',
    );
    await expectRefused(verify(await hs256({ exp: nowS() - 31 })), 'the token has expired');
    expect(await verify(await hs256({ exp: nowS() - 25 }))).toEqual({ kind: 'user', userId: SUB });
    await expectRefused(verify(await hs256({ nbf: nowS() + 35 })), 'the token is not valid yet (nbf)');
    expect(await verify(await hs256({ nbf: nowS() + 25 }))).toEqual({ kind: 'user', userId: SUB });
  });

  it('the configured issuer and audience are required when set', async () => {
    const verify = createTokenVerifier(config({ issuer: 'https://idp.example', audience: 'palisade-api' }));
    expect(await verify(await hs256({ iss: 'https://idp.example', aud: 'palisade-api' }))).toEqual({
      kind: 'user',
      userId: SUB,
    });
    await expectRefused(
      verify(await hs256({ iss: 'https://evil.example', aud: 'palisade-api' })),
      'the token issuer (iss) is not accepted',
    );
    await expectRefused(
      verify(await hs256({ iss: 'https://idp.example', aud: 'another-api' })),
      'the token audience (aud) is not accepted',
    );
  });

  it('without a shared secret, HS256 tokens are refused before any key is tried', async () => {
    const verify = createTokenVerifier(config({ jwtSecret: undefined, jwksUrl: idp.url }));
    await expectRefused(verify(await hs256()), 'tokens signed with HS256 are not accepted here');
    // Not even one "signed" with the text "undefined", which a missing secret would become as a key.
    await expectRefused(verify(await hs256({}, 'undefined')), 'tokens signed with HS256 are not accepted here');
  });
});

describe('what any token must be before its signature is checked', () => {
  it('a token larger than maxTokenBytes is refused unread; one of exactly that size is verified', async () => {
    const token = await hs256();
    const size = Buffer.byteLength(token);
    expect(await createTokenVerifier(config({ maxTokenBytes: size }))(token)).toEqual({ kind: 'user', userId: SUB });
    await expectRefused(createTokenVerifier(config({ maxTokenBytes: size - 1 }))(token), 'the token is too large');
  });

  it('a token that is not three base64url JSON parts is malformed', async () => {
    const verify = createTokenVerifier(config());
    const token = await hs256();
    const [h, p] = token.split('.');
    for (const bad of ['abc', 'a.b', `${token}.x`, 'a.b.c', `${b64({ alg: 'HS256' })}.not-json.sig`, `${h}.${p}.!!!`]) {
      await expectRefused(verify(bad), 'the token is malformed');
    }
  });

  it('unsigned tokens are refused, whatever the case of "none" or with no alg at all', async () => {
    const verify = createTokenVerifier(config());
    const body = b64({ sub: SUB, role: 'authenticated', exp: nowS() + 600 });
    for (const header of [{ alg: 'none' }, { alg: 'NONE' }, { alg: 'None' }, { typ: 'JWT' }, { alg: '' }]) {
      await expectRefused(verify(`${b64(header)}.${body}.`), 'unsigned tokens are not accepted');
    }
  });

  it('an algorithm the server has no key for is refused by name', async () => {
    const verify = createTokenVerifier(config());
    const body = b64({ sub: SUB, exp: nowS() + 600 });
    await expectRefused(
      verify(`${b64({ alg: 'HS512' })}.${body}.c2ln`),
      'tokens signed with HS512 are not accepted here',
    );
    // Without a JWKS, RS256 has no key either.
    const rsa = await useRsa();
    await expectRefused(
      verify(await signed('RS256', rsa.privateKey, { kid: 'rsa-1' })),
      'tokens signed with RS256 are not accepted here',
    );
  });
});

describe('user tokens signed by an identity provider (JWKS)', () => {
  it('RS256 and ES256 tokens verify with the JWKS, also when a shared secret is configured', async () => {
    const rsa = await useRsa();
    for (const cfg of [config({ jwksUrl: idp.url }), config({ jwksUrl: idp.url, jwtSecret: undefined })]) {
      const verify = createTokenVerifier(cfg);
      expect(await verify(await signed('RS256', rsa.privateKey, { kid: 'rsa-1' }))).toEqual({
        kind: 'user',
        userId: SUB,
      });
      expect(await verify(await signed('ES256', ec.privateKey, { kid: 'ec-1' }))).toEqual({
        kind: 'user',
        userId: SUB,
      });
    }
  });

  it('JWKS tokens get the same claim checks: issuer, audience, exp and sub', async () => {
    const verify = createTokenVerifier(
      config({ jwksUrl: idp.url, issuer: 'https://idp.example', audience: 'palisade-api' }),
    );
    const ok = { iss: 'https://idp.example', aud: 'palisade-api' };
    expect(await verify(await signed('ES256', ec.privateKey, { kid: 'ec-1' }, ok))).toEqual({
      kind: 'user',
      userId: SUB,
    });
    await expectRefused(
      verify(await signed('ES256', ec.privateKey, { kid: 'ec-1' }, { ...ok, iss: 'https://evil.example' })),
      'the token issuer (iss) is not accepted',
    );
    await expectRefused(
      verify(await signed('ES256', ec.privateKey, { kid: 'ec-1' }, { ...ok, aud: 'another-api' })),
      'the token audience (aud) is not accepted',
    );
    const noExp = await new SignJWT({ ...ok, sub: SUB })
      .setProtectedHeader({ alg: 'ES256', kid: 'ec-1' })
      .sign(ec.privateKey);
    await expectRefused(verify(noExp), 'the token has no exp claim');
  });

  it('the JWKS is fetched once and kept, not fetched again for each new token', async () => {
    const verify = createTokenVerifier(config({ jwksUrl: idp.url }));
    for (let i = 0; i < 3; i++) await verify(await signed('ES256', ec.privateKey, { kid: 'ec-1' }, { n: i }));
    expect(idp.fetches).toBe(1);
  });

  it('a token whose kid matches no key, or matches several, is refused as such', async () => {
    const verify = createTokenVerifier(config({ jwksUrl: idp.url }));
    await expectRefused(
      verify(await signed('ES256', ec.privateKey, { kid: 'unknown' })),
      'no signing key matches the token (kid)',
    );
    idp.keys = [ec.publicJwk, ec2.publicJwk];
    const verify2 = createTokenVerifier(config({ jwksUrl: idp.url }));
    // No kid: both ES256 keys are candidates.
    await expectRefused(verify2(await signed('ES256', ec2.privateKey, {})), 'no signing key matches the token (kid)');
  });

  it('a JWKS that cannot be fetched or read is an outage (503), not a refusal of the token', async () => {
    idp.body = JSON.stringify({ keys: 'not a list' });
    const invalid = await refusal(
      createTokenVerifier(config({ jwksUrl: idp.url }))(await signed('ES256', ec.privateKey, { kid: 'ec-1' })),
    );
    expect({ code: invalid.code, message: invalid.message }).toEqual({
      code: 'PS503',
      message: 'the signing keys cannot be fetched right now; try again shortly',
    });
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const unreachable = await refusal(
      createTokenVerifier(config({ jwksUrl: `http://127.0.0.1:${port}/jwks.json` }))(
        await signed('ES256', ec.privateKey, { kid: 'ec-1' }),
      ),
    );
    expect(unreachable.code).toBe('PS503');
  });
});

describe('admin tokens', () => {
  it('a token minted by the server verifies as an admin token naming its holder and id', async () => {
    const verify = createTokenVerifier(config());
    const minted = await mintAdminToken(config(), { userId: SUB, email: 'Root@Example.com' });
    expect(await verify(minted.token)).toEqual({
      kind: 'admin',
      userId: SUB,
      jti: minted.jti,
      email: 'root@example.com',
    });
  });

  it('the admin audience may be one of several; the token is still an admin token', async () => {
    const verify = createTokenVerifier(config());
    expect(await verify(await admin({ aud: ['elsewhere', ADMIN_AUDIENCE] }))).toEqual({
      kind: 'admin',
      userId: SUB,
      jti: 'jti-1',
    });
  });

  it('is verified with the admin key only: the user secret cannot sign one', async () => {
    const verify = createTokenVerifier(config());
    await expectRefused(verify(await admin({}, TEST_JWT_SECRET)), 'the token signature is invalid');
  });

  it('is refused with another issuer, or without sub, exp, iat or jti', async () => {
    const verify = createTokenVerifier(config());
    await expectRefused(verify(await admin({ iss: 'someone-else' })), 'the token issuer (iss) is not accepted');
    await expectRefused(verify(await admin({ sub: undefined })), 'the token has no sub claim');
    await expectRefused(verify(await admin({ exp: undefined })), 'the token has no exp claim');
    await expectRefused(verify(await admin({ iat: undefined })), 'the token has no iat claim');
    await expectRefused(verify(await admin({ jti: undefined })), 'the token has no jti claim');
  });

  it('lives at most 15 minutes: exp - iat of 900 s is accepted, 901 s is not', async () => {
    const verify = createTokenVerifier(config());
    const iat = nowS();
    expect(await verify(await admin({ iat, exp: iat + 900 }))).toEqual({ kind: 'admin', userId: SUB, jti: 'jti-1' });
    await expectRefused(verify(await admin({ iat, exp: iat + 901 })), 'the admin token lives longer than 15 minutes');
  });

  it('is HS256 only: an admin-audience token signed by the identity provider is refused for its algorithm', async () => {
    const verify = createTokenVerifier(config({ jwksUrl: idp.url }));
    const token = await signed(
      'ES256',
      ec.privateKey,
      { kid: 'ec-1' },
      { aud: ADMIN_AUDIENCE, iss: ADMIN_ISSUER, jti: 'x' },
    );
    await expectRefused(verify(token), 'the token algorithm is not accepted');
  });
});

describe('verified tokens are remembered for a while', () => {
  const signatureChecks = () => vi.spyOn(crypto.subtle, 'verify');

  it('within the reuse window the signature is not checked again; at its end it is', async () => {
    vi.useFakeTimers({ now: new Date('2026-11-23T12:00:00Z'), toFake: ['Date'] });
    const checks = signatureChecks();
    const verify = createTokenVerifier(config());
    const token = await hs256({ exp: nowS() + 3600 });
    const start = Date.now();
    await verify(token);
    vi.setSystemTime(start + VERIFIED_TOKEN_REUSE_MS - 1);
    expect(await verify(token)).toEqual({ kind: 'user', userId: SUB });
    expect(checks).toHaveBeenCalledTimes(1);
    vi.setSystemTime(start + VERIFIED_TOKEN_REUSE_MS);
    expect(await verify(token)).toEqual({ kind: 'user', userId: SUB });
    expect(checks).toHaveBeenCalledTimes(2);
  });

  it('a remembered token is reused up to exp + skew and refused from that second on', async () => {
    vi.useFakeTimers({ now: new Date('2026-11-23T12:00:00Z'), toFake: ['Date'] });
    const checks = signatureChecks();
    const verify = createTokenVerifier(config({ clockSkewSeconds: 30 }));
    const exp = nowS() + 10;
    const token = await hs256({ exp });
    await verify(token);
    vi.setSystemTime((exp + 29) * 1000);
    expect(await verify(token)).toEqual({ kind: 'user', userId: SUB });
    expect(checks).toHaveBeenCalledTimes(1);
    vi.setSystemTime((exp + 30) * 1000);
    await expectRefused(verify(token), 'the token has expired');
  });

  it('a remembered token with nbf is checked again when the clock goes back before nbf - skew', async () => {
    vi.useFakeTimers({ now: new Date('2026-11-23T12:00:00Z'), toFake: ['Date'] });
    const checks = signatureChecks();
    const verify = createTokenVerifier(config({ clockSkewSeconds: 30 }));
    const nbf = nowS();
    const token = await hs256({ nbf, exp: nbf + 3600 });
    await verify(token);
    // The clock stepped back to exactly nbf - skew: still remembered.
    vi.setSystemTime((nbf - 30) * 1000);
    expect(await verify(token)).toEqual({ kind: 'user', userId: SUB });
    expect(checks).toHaveBeenCalledTimes(1);
    // One millisecond earlier: verified again, and jose refuses it.
    vi.setSystemTime((nbf - 30) * 1000 - 1000);
    await expectRefused(verify(token), 'the token is not valid yet (nbf)');
    expect(checks).toHaveBeenCalledTimes(2);
  });

  it('a token without nbf is remembered however the clock moves inside its life', async () => {
    vi.useFakeTimers({ now: new Date('2026-11-23T12:00:00Z'), toFake: ['Date'] });
    const checks = signatureChecks();
    const verify = createTokenVerifier(config());
    const token = await hs256({ iat: undefined, exp: nowS() + 3600 });
    await verify(token);
    vi.setSystemTime(Date.now() - 50_000);
    expect(await verify(token)).toEqual({ kind: 'user', userId: SUB });
    expect(checks).toHaveBeenCalledTimes(1);
  });

  it('admin tokens are remembered too', async () => {
    const checks = signatureChecks();
    const verify = createTokenVerifier(config());
    const token = await admin();
    expect(await verify(token)).toEqual({ kind: 'admin', userId: SUB, jti: 'jti-1' });
    expect(await verify(token)).toEqual({ kind: 'admin', userId: SUB, jti: 'jti-1' });
    expect(checks).toHaveBeenCalledTimes(1);
  });

  it('at most 10,000 tokens are remembered: the oldest is forgotten first', async () => {
    const verify = createTokenVerifier(config());
    const exp = nowS() + 3600;
    const secret = enc(TEST_JWT_SECRET);
    // Distinct tokens, signed directly (one HMAC each) to keep this quick.
    const header = b64({ alg: 'HS256' });
    const { createHmac } = await import('node:crypto');
    const token = (i: number) => {
      const body = `${header}.${b64({ sub: SUB, exp, n: i })}`;
      return `${body}.${createHmac('sha256', secret).update(body).digest('base64url')}`;
    };
    for (let i = 0; i < 10_000; i++) await verify(token(i));
    const checks = signatureChecks();
    await verify(token(0));
    expect(checks, 'the first of 10,000 is still remembered').toHaveBeenCalledTimes(0);
    await verify(token(10_000));
    await verify(token(1));
    expect(checks, 'the 10,001st is verified; the second is still remembered').toHaveBeenCalledTimes(1);
    await verify(token(0));
    expect(checks, 'the first was forgotten (using it again did not make it younger)').toHaveBeenCalledTimes(2);
  });
});
