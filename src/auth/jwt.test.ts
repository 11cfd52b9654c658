import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { CompactEncrypt, type CryptoKey, exportJWK, generateKeyPair, type JWK, SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_AUDIENCE, ADMIN_ISSUER } from '../config/auth.ts';
import { DEMO } from '../seed/ids.ts';
import {
  bearer,
  json,
  TEST_ADMIN_SECRET,
  TEST_JWT_SECRET,
  testConfig,
  userToken,
  useServer,
} from '../server/testing.ts';
import { describeEngines } from '../testing/engines.ts';

const A = DEMO.orgs.a;
const B = DEMO.orgs.b;
const OWNER = A.users.owner;
const enc = (s: string) => new TextEncoder().encode(s);
const b64 = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
const now = () => Math.floor(Date.now() / 1000);

interface Keys {
  rsa: { privateKey: CryptoKey; publicJwk: JWK };
  ec: { privateKey: CryptoKey; publicJwk: JWK };
  stranger: { privateKey: CryptoKey; publicJwk: JWK };
}

async function keyPair(alg: 'RS256' | 'ES256', kid: string) {
  const { privateKey, publicKey } = await generateKeyPair(alg, { extractable: true });
  return { privateKey, publicJwk: { ...(await exportJWK(publicKey)), kid, alg, use: 'sig' } };
}

/** A local identity provider: serves a JWKS with one RSA and one EC key. */
let keys: Keys;
let jwksServer: Server;
let jwksUrl: string;
beforeAll(async () => {
  keys = {
    rsa: await keyPair('RS256', 'rsa-1'),
    ec: await keyPair('ES256', 'ec-1'),
    stranger: await keyPair('RS256', 'stranger'),
  };
  jwksServer = createServer((_req, res) => {
    res.setHeader('content-type', 'application/json');
    res.end(JSON.stringify({ keys: [keys.rsa.publicJwk, keys.ec.publicJwk] }));
  });
  await new Promise<void>((resolve) => jwksServer.listen(0, '127.0.0.1', resolve));
  jwksUrl = `http://127.0.0.1:${(jwksServer.address() as AddressInfo).port}/.well-known/jwks.json`;
});
afterAll(() => new Promise<void>((resolve) => jwksServer.close(() => resolve())));

function signed(
  alg: 'RS256' | 'ES256',
  key: CryptoKey,
  kid: string,
  claims: Record<string, unknown> = {},
  header: Record<string, unknown> = {},
) {
  return new SignJWT({ role: 'authenticated', ...claims })
    .setProtectedHeader({ alg, kid, typ: 'JWT', ...header })
    .setSubject(OWNER.id)
    .setIssuedAt()
    .setExpirationTime('10m')
    .sign(key);
}

/** Each attack must get 401 with the error shape and a Bearer challenge, and no data. */
function expectRefused(
  res: { statusCode: number; body: string; headers: Record<string, unknown> },
  reason?: RegExp,
  status = 401,
) {
  expect(res.statusCode, res.body).toBe(status);
  const body = JSON.parse(res.body);
  if (reason) expect(body.error.message).toMatch(reason);
  expect(body.error.code).toBe(status === 401 ? 'PS401' : 'PS503');
  expect(typeof body.error.requestId).toBe('string');
  expect(res.body).not.toContain(A.id);
  if (status === 401) expect(res.headers['www-authenticate']).toMatch(/^Bearer /);
}

describeEngines('JWT verification with a shared HS256 secret', (ctx) => {
  const server = useServer(ctx);
  const get = (headers: Record<string, string>, url = '/v1/orgs') => server.inject({ method: 'GET', url, headers });

  it('a valid HS256 token signs in its subject', async () => {
    const res = await get(bearer(await userToken(OWNER.id, { email: OWNER.email })));
    expect(res.statusCode).toBe(200);
    expect(json(res).data.map((o: { id: string }) => o.id)).toEqual([A.id]);
  });

  it('a token with alg "none" is refused', async () => {
    const token = `${b64({ alg: 'none', typ: 'JWT' })}.${b64({ sub: OWNER.id, role: 'authenticated', exp: now() + 600 })}.`;
    expectRefused(await get(bearer(token)), /unsigned/);
    expectRefused(await get(bearer(`${b64({ alg: 'NONE' })}.${b64({ sub: OWNER.id, exp: now() + 600 })}.`)));
  });

  it('a token signed with another secret is refused', async () => {
    expectRefused(
      await get(bearer(await userToken(OWNER.id, {}, { secret: 'another-secret-another-secret-another-secret' }))),
      /signature/,
    );
  });

  it('a token whose payload was altered after signing is refused', async () => {
    const [h, , s] = (await userToken(DEMO.loner.id)).split('.');
    expectRefused(
      await get(bearer(`${h}.${b64({ sub: OWNER.id, role: 'authenticated', exp: now() + 600 })}.${s}`)),
      /signature/,
    );
  });

  it('an expired token is refused, and one expired within the clock skew is still accepted', async () => {
    expectRefused(await get(bearer(await userToken(OWNER.id, {}, { expiresIn: now() - 120 }))), /expired/);
    expect((await get(bearer(await userToken(OWNER.id, {}, { expiresIn: now() - 5 })))).statusCode).toBe(200);
  });

  it('a token that is not valid yet (nbf in the future) is refused', async () => {
    expectRefused(await get(bearer(await userToken(OWNER.id, { nbf: now() + 600 }))), /not valid yet/);
  });

  it('malformed tokens and headers are refused', async () => {
    for (const authorization of [
      'Bearer abc',
      'Bearer a.b.c',
      `Bearer ${b64({ alg: 'HS256' })}.not-json.sig`,
      'Bearer',
      'Basic dXNlcjpwYXNz',
      `Bearer ${(await userToken(OWNER.id)).slice(0, -3)}`,
    ]) {
      expectRefused(await get({ authorization }));
    }
  });

  it('a token without a subject, or whose subject is not a user id, is refused', async () => {
    const noSub = await new SignJWT({ role: 'authenticated' })
      .setProtectedHeader({ alg: 'HS256' })
      .setExpirationTime('10m')
      .sign(enc(TEST_JWT_SECRET));
    expectRefused(await get(bearer(noSub)), /no sub claim/);
    expectRefused(await get(bearer(await userToken('not-a-uuid'))), /user UUID/);
  });

  it('a token without an expiry is refused', async () => {
    const eternal = await new SignJWT({ role: 'authenticated' })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject(OWNER.id)
      .sign(enc(TEST_JWT_SECRET));
    expectRefused(await get(bearer(eternal)), /no exp claim/);
  });

  it('an oversized token is refused before it is parsed', async () => {
    expectRefused(await get(bearer(await userToken(OWNER.id, { padding: 'x'.repeat(10_000) }))), /too large/);
  });

  it('Supabase-style anon and service_role keys signed with the same secret are not people and are refused', async () => {
    for (const role of ['anon', 'service_role']) {
      const key = await new SignJWT({ role })
        .setProtectedHeader({ alg: 'HS256' })
        .setExpirationTime('10m')
        .sign(enc(TEST_JWT_SECRET));
      expectRefused(await get(bearer(key)));
      expectRefused(await get(bearer(await userToken(OWNER.id, { role }))), /role/);
    }
  });

  it('a user token claiming a platform_admin role is refused', async () => {
    expectRefused(await get(bearer(await userToken(DEMO.platformAdmin.id, { role: 'platform_admin' }))), /role/);
  });

  it('a user token carrying is_platform_admin without the admin audience gets no admin rights', async () => {
    const forged = bearer(
      await userToken(DEMO.loner.id, { is_platform_admin: true, app_metadata: { is_platform_admin: true } }),
    );
    const admin = await get(forged, '/v1/admin/orgs');
    expect(admin.statusCode).toBe(403);
    const other = await get(forged, `/v1/orgs/${B.id}`);
    expect(other.statusCode).toBe(404);
    expect(other.body).not.toContain(B.name);
    expect(json(await get(forged)).data).toEqual([]);
    // Even the real platform admin's own user token is only a user token.
    const realAdminUserToken = bearer(await userToken(DEMO.platformAdmin.id, { is_platform_admin: true }));
    expect((await get(realAdminUserToken, '/v1/admin/orgs')).statusCode).toBe(403);
    expect((await get(realAdminUserToken, `/v1/orgs/${B.id}`)).statusCode).toBe(404);
  });

  it('a token with the admin audience signed with the user secret is refused', async () => {
    const forged = await new SignJWT({ role: 'platform_admin', is_platform_admin: true })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject(DEMO.platformAdmin.id)
      .setAudience(ADMIN_AUDIENCE)
      .setIssuer(ADMIN_ISSUER)
      .setIssuedAt()
      .setJti('forged')
      .setExpirationTime('5m')
      .sign(enc(TEST_JWT_SECRET));
    expectRefused(await get(bearer(forged), '/v1/admin/orgs'), /signature/);
  });

  it('an admin-key token claiming a life longer than 15 minutes is refused', async () => {
    const long = await new SignJWT({})
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject(DEMO.platformAdmin.id)
      .setAudience(ADMIN_AUDIENCE)
      .setIssuer(ADMIN_ISSUER)
      .setIssuedAt()
      .setJti('long')
      .setExpirationTime('2h')
      .sign(enc(TEST_ADMIN_SECRET));
    expectRefused(await get(bearer(long), '/v1/admin/orgs'), /15 minutes/);
  });

  it('an encrypted (JWE) token is refused', async () => {
    const jwe = await new CompactEncrypt(enc(JSON.stringify({ sub: OWNER.id })))
      .setProtectedHeader({ alg: 'dir', enc: 'A256GCM' })
      .encrypt(new Uint8Array(32));
    expectRefused(await get(bearer(jwe)), /malformed/);
  });

  it('RS256 tokens are refused when no JWKS is configured', async () => {
    expectRefused(await get(bearer(await signed('RS256', keys.rsa.privateKey, 'rsa-1'))), /RS256 are not accepted/);
  });

  it('sending both a bearer token and an API key is refused', async () => {
    expectRefused(await get({ ...bearer(await userToken(OWNER.id)), 'x-api-key': `pk_${'a'.repeat(43)}` }));
  });

  it('an empty or blank x-api-key beside a bearer token is refused like sending both', async () => {
    for (const key of ['', ' '])
      expectRefused(await get({ ...bearer(await userToken(OWNER.id)), 'x-api-key': key }), /not both/);
  });

  it('the first request of a new subject creates its user row, so its writes can reference it', async () => {
    const newcomer = '0b6f5a52-7d8e-4c37-9d3f-2a9a1c1e0b11';
    const res = await server.inject({
      method: 'POST',
      url: '/v1/orgs',
      headers: bearer(await userToken(newcomer, { email: 'Newcomer@Example.test' })),
      payload: { name: 'Newcomer Ltd' },
    });
    expect(res.statusCode).toBe(201);
    const { rows } = await ctx.db.query<{ email: string }>('select email from auth.users where id = $1', [newcomer]);
    expect(rows).toEqual([{ email: 'newcomer@example.test' }]);
  });

  it('an email the identity provider marks unverified is not recorded', async () => {
    const sub = '1c7e6b63-8e9f-4d48-8e4a-3b0b2d2f1c22';
    expect(
      (await get(bearer(await userToken(sub, { email: 'unverified@example.test', email_verified: false })))).statusCode,
    ).toBe(200);
    const { rows } = await ctx.db.query<{ email: string | null }>('select email from auth.users where id = $1', [sub]);
    expect(rows).toEqual([{ email: null }]);
  });
});

describeEngines('JWT verification with issuer and audience configured', (ctx) => {
  const server = useServer(ctx, () => ({
    config: testConfig({ auth: { issuer: 'https://idp.example.test/', audience: 'palisade-api' } }),
  }));
  const get = (token: string) => server.inject({ method: 'GET', url: '/v1/orgs', headers: bearer(token) });

  it('a token with the configured issuer and audience is accepted', async () => {
    expect(
      (await get(await userToken(OWNER.id, { iss: 'https://idp.example.test/', aud: 'palisade-api' }))).statusCode,
    ).toBe(200);
  });

  it('a token for another audience, or with none, is refused', async () => {
    expectRefused(
      await get(await userToken(OWNER.id, { iss: 'https://idp.example.test/', aud: 'another-api' })),
      /audience/,
    );
    expectRefused(await get(await userToken(OWNER.id, { iss: 'https://idp.example.test/' })), /aud/);
  });

  it('a token from another issuer, or with none, is refused', async () => {
    expectRefused(
      await get(await userToken(OWNER.id, { iss: 'https://evil.example.test/', aud: 'palisade-api' })),
      /issuer/,
    );
    expectRefused(await get(await userToken(OWNER.id, { aud: 'palisade-api' })), /iss/);
  });
});

describeEngines('JWT verification with RS256/ES256 keys from a JWKS', (ctx) => {
  const server = useServer(ctx, () => ({ config: testConfig({ auth: { jwksUrl, jwtSecret: TEST_JWT_SECRET } }) }));
  const get = (token: string) => server.inject({ method: 'GET', url: '/v1/orgs', headers: bearer(token) });

  it('RS256 and ES256 tokens signed by the identity provider are accepted', async () => {
    expect((await get(await signed('RS256', keys.rsa.privateKey, 'rsa-1'))).statusCode).toBe(200);
    expect((await get(await signed('ES256', keys.ec.privateKey, 'ec-1'))).statusCode).toBe(200);
  });

  it('a token whose kid names no published key is refused', async () => {
    expectRefused(await get(await signed('RS256', keys.stranger.privateKey, 'stranger')), /kid/);
  });

  it('a token signed by another key under a published kid is refused', async () => {
    expectRefused(await get(await signed('RS256', keys.stranger.privateKey, 'rsa-1')), /signature/);
  });

  it('a token carrying its own key in the header (jwk) is not trusted', async () => {
    expectRefused(
      await get(await signed('RS256', keys.stranger.privateKey, 'stranger', {}, { jwk: keys.stranger.publicJwk })),
      /kid/,
    );
  });

  it('HS256 signed with the public key (algorithm confusion) is refused', async () => {
    for (const publicJwk of [keys.rsa.publicJwk, keys.ec.publicJwk]) {
      const material = JSON.stringify(publicJwk);
      const confused = await new SignJWT({ role: 'authenticated' })
        .setProtectedHeader({ alg: 'HS256', kid: publicJwk.kid! })
        .setSubject(OWNER.id)
        .setExpirationTime('10m')
        .sign(enc(material));
      expectRefused(await get(confused), /signature/);
      const pem = `-----BEGIN PUBLIC KEY-----${publicJwk.n ?? publicJwk.x}-----END PUBLIC KEY-----`;
      const confusedPem = await new SignJWT({ role: 'authenticated' })
        .setProtectedHeader({ alg: 'HS256' })
        .setSubject(OWNER.id)
        .setExpirationTime('10m')
        .sign(enc(pem));
      expectRefused(await get(confusedPem), /signature/);
    }
  });

  it('algorithms outside RS256, ES256 and HS256 are refused', async () => {
    const { privateKey } = await generateKeyPair('PS256');
    expectRefused(
      await get(
        await new SignJWT({})
          .setProtectedHeader({ alg: 'PS256', kid: 'rsa-1' })
          .setSubject(OWNER.id)
          .setExpirationTime('10m')
          .sign(privateKey),
      ),
      /not accepted/,
    );
    expectRefused(
      await get(
        await new SignJWT({})
          .setProtectedHeader({ alg: 'HS512' })
          .setSubject(OWNER.id)
          .setExpirationTime('10m')
          .sign(enc(TEST_JWT_SECRET.repeat(2))),
      ),
      /not accepted/,
    );
  });
});

describeEngines('JWT verification when only a JWKS is configured', (ctx) => {
  const server = useServer(ctx, () => ({ config: testConfig({ auth: { jwksUrl, jwtSecret: undefined } }) }));
  const get = (token: string) => server.inject({ method: 'GET', url: '/v1/orgs', headers: bearer(token) });

  it('HS256 tokens are refused, whatever they are signed with', async () => {
    expectRefused(await get(await userToken(OWNER.id)), /HS256 are not accepted/);
    const confused = await new SignJWT({ role: 'authenticated' })
      .setProtectedHeader({ alg: 'HS256', kid: 'rsa-1' })
      .setSubject(OWNER.id)
      .setExpirationTime('10m')
      .sign(enc(JSON.stringify(keys.rsa.publicJwk)));
    expectRefused(await get(confused), /HS256 are not accepted/);
  });
});

describe('JWT verification when the JWKS cannot be fetched', () => {
  it('answers 503 rather than accepting or blaming the token', async () => {
    const { createTokenVerifier } = await import('./jwt.ts');
    const verify = createTokenVerifier(
      testConfig({ auth: { jwksUrl: 'http://127.0.0.1:9/jwks.json', jwtSecret: undefined } }).auth,
    );
    const err = await verify(await signed('RS256', keys.rsa.privateKey, 'rsa-1')).then(
      () => null,
      (e: unknown) => e as { status?: number },
    );
    expect(err?.status).toBe(503);
  });
});
