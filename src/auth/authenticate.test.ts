import { describe, expect, it } from 'vitest';
import { generateApiKey } from '../apikeys/keys.ts';
import { insertApiKey } from '../apikeys/queries.ts';
import { ApiKeyRefused, authenticateApiKey } from '../apikeys/verify.ts';
import type { AuthConfig } from '../config/auth.ts';
import { withPrincipal } from '../db/principal.ts';
import type { Database } from '../db/types.ts';
import { PalisadeError } from '../errors/error.ts';
import { DEMO } from '../seed/ids.ts';
import { describeEngines } from '../testing/engines.ts';
import { mintAdminToken } from './admin-token.ts';
import { addPlatformAdmin } from './admins.ts';
import { createAuthenticator } from './authenticate.ts';

/**
 * createAuthenticator and authenticateApiKey against a real database, without the HTTP layer:
 * which credential becomes which principal, and the exact refusal for each bad one.
 */
const A = DEMO.orgs.a;
const MAX = 512;
const cfg: AuthConfig = {
  jwtSecret: 'test-user-jwt-secret-0123456789abcdef-0123456789',
  clockSkewSeconds: 30,
  adminSecret: 'test-admin-jwt-secret-0123456789abcdef-012345678',
  adminTokenTtlSeconds: 900,
  maxTokenBytes: MAX,
};

async function refusal(p: Promise<unknown>): Promise<PalisadeError> {
  const err = await p.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(PalisadeError);
  return err as PalisadeError;
}
async function expectRefused(p: Promise<unknown>, message: string, code = 'PS401') {
  const err = await refusal(p);
  expect({ code: err.code, message: err.message }).toEqual({ code, message });
}

/** A key minted by `by` (an org A member) with `role`, as the API does. */
async function mintKey(db: Database, by: string, role: 'admin' | 'member' | 'viewer', orgId = A.id) {
  const key = generateApiKey();
  const id = await withPrincipal(db, { kind: 'user', userId: by }, (tx) =>
    insertApiKey(tx, orgId, `${role} key`, role, key, null),
  );
  return { id, plaintext: key.plaintext, prefix: key.prefix };
}

async function userToken(sub: string, claims: Record<string, unknown> = {}) {
  const { SignJWT } = await import('jose');
  return new SignJWT({ role: 'authenticated', ...claims })
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject(sub)
    .setIssuedAt()
    .setExpirationTime('10m')
    .sign(new TextEncoder().encode(cfg.jwtSecret));
}

describeEngines('authentication: credentials become a principal, and API keys are checked', (ctx) => {
  const authenticate = () => createAuthenticator(ctx.db, cfg);

  it('no credential, or only blanks, is anonymous', async () => {
    const auth = authenticate();
    expect(await auth({})).toEqual({ principal: { kind: 'anonymous' } });
    expect(await auth({ authorization: '   ' })).toEqual({ principal: { kind: 'anonymous' } });
    expect(await auth({ apiKey: '  ' })).toEqual({ principal: { kind: 'anonymous' } });
  });

  it('a header sent twice, or both kinds of credential at once, is refused', async () => {
    const auth = authenticate();
    const token = await userToken(A.users.member.id);
    await expectRefused(auth({ authorization: [`Bearer ${token}`, `Bearer ${token}`] }), 'send one credential, once');
    await expectRefused(auth({ apiKey: ['a', 'b'] }), 'send one credential, once');
    const both = 'send either an Authorization header or an x-api-key header, not both';
    await expectRefused(auth({ authorization: `Bearer ${token}`, apiKey: '' }), both);
    await expectRefused(auth({ authorization: '', apiKey: 'pk_x' }), both);
  });

  it('a user token signs in its user (created on first sight), with the email when the token has one', async () => {
    const auth = authenticate();
    const id = '5d2f7b7e-1c1a-4c55-8f3e-0a9b8c7d6e5f';
    expect(await auth({ authorization: `Bearer ${await userToken(id, { email: 'New@Example.com' })}` })).toEqual({
      principal: { kind: 'user', userId: id, email: 'new@example.com' },
    });
    const { rows } = await ctx.db.query<{ email: string }>('select email from auth.users where id = $1', [id]);
    expect(rows).toEqual([{ email: 'new@example.com' }]);
    expect(await auth({ authorization: `bearer   ${await userToken(A.users.member.id)}  ` })).toEqual({
      principal: { kind: 'user', userId: A.users.member.id },
    });
  });

  it('the Authorization header must be "Bearer <token>", and at most maxTokenBytes + 16 long', async () => {
    const auth = authenticate();
    const shape = 'the Authorization header must be "Bearer <token>"';
    for (const authorization of ['Basic dXNlcjpwYXNz', 'Bearer a b', 'Bearertoken', 'Bearer', 'x Bearer abc']) {
      await expectRefused(auth({ authorization }), shape);
    }
    // 16 characters for "Bearer " and spaces: one more is refused before the header is even parsed.
    const header = (n: number) => `Basic ${'a'.repeat(n - 6)}`;
    await expectRefused(auth({ authorization: header(MAX + 17) }), 'the token is too large');
    await expectRefused(auth({ authorization: header(MAX + 16) }), shape);
  });

  it('an admin token signs in a platform admin while they are listed, naming the token', async () => {
    const auth = authenticate();
    const admin = A.users.admin;
    await withPrincipal(ctx.db, { kind: 'service' }, (tx) => addPlatformAdmin(tx, admin.id, 'test'));
    const minted = await mintAdminToken(cfg, { userId: admin.id, email: admin.email });
    expect(await auth({ authorization: `Bearer ${minted.token}` })).toEqual({
      principal: { kind: 'platform_admin', userId: admin.id, email: admin.email },
      tokenId: minted.jti,
    });
    const noEmail = await mintAdminToken(cfg, { userId: admin.id });
    expect(await auth({ authorization: `Bearer ${noEmail.token}` })).toEqual({
      principal: { kind: 'platform_admin', userId: admin.id },
      tokenId: noEmail.jti,
    });
    const owner = await mintAdminToken(cfg, { userId: A.users.owner.id });
    await expectRefused(
      auth({ authorization: `Bearer ${owner.token}` }),
      'this admin token belongs to someone who is no longer a platform admin',
    );
  });

  it('an API key, in x-api-key or as a Bearer token, signs in as the key with its organisation and role', async () => {
    const auth = authenticate();
    const key = await mintKey(ctx.db, A.users.admin.id, 'viewer');
    const expected = { principal: { kind: 'api_key', keyId: key.id, orgId: A.id, role: 'viewer' } };
    expect(await auth({ apiKey: key.plaintext })).toEqual(expected);
    expect(await auth({ apiKey: ` ${key.plaintext} ` })).toEqual(expected);
    expect(await auth({ authorization: `Bearer ${key.plaintext}` })).toEqual(expected);
  });

  it('an API key longer than maxTokenBytes is refused before it is looked up; one of exactly that length is not', async () => {
    const key = await mintKey(ctx.db, A.users.admin.id, 'viewer');
    const length = key.plaintext.length;
    await expectRefused(
      createAuthenticator(ctx.db, { ...cfg, maxTokenBytes: length - 1 })({ apiKey: key.plaintext }),
      'the API key is malformed',
    );
    expect(
      (await createAuthenticator(ctx.db, { ...cfg, maxTokenBytes: length })({ apiKey: key.plaintext })).principal,
    ).toMatchObject({ kind: 'api_key', keyId: key.id });
  });

  it('an x-api-key longer than maxTokenBytes is refused unread', async () => {
    const auth = authenticate();
    await expectRefused(auth({ apiKey: `pk_${'a'.repeat(MAX - 2)}` }), 'the API key is malformed');
    await expectRefused(auth({ apiKey: `pk_${'a'.repeat(MAX - 3)}` }), 'the API key is malformed');
  });

  // One database for both: a mutation run pays for each fresh database.
  describe('API keys: what a presented key is checked against', () => {
    const refusedKey = async (p: Promise<unknown>, code: string, message: string, keyId: string) => {
      const err = await refusal(p);
      expect(err).toBeInstanceOf(ApiKeyRefused);
      expect({
        code: err.code,
        message: err.message,
        keyId: (err as ApiKeyRefused).keyId,
        orgId: (err as ApiKeyRefused).orgId,
      }).toEqual({ code, message, keyId, orgId: A.id });
    };

    it('a key not shaped like one, or unknown, is refused without a key id', async () => {
      const key = await mintKey(ctx.db, A.users.admin.id, 'member');
      for (const bad of [key.plaintext.slice(1), `x${key.plaintext.slice(1)}`, `${key.plaintext}a`, 'pk_short']) {
        await expectRefused(authenticateApiKey(ctx.db, bad), 'the API key is malformed');
      }
      const unknown = generateApiKey().plaintext;
      const err = await refusal(authenticateApiKey(ctx.db, unknown));
      expect(err).not.toBeInstanceOf(ApiKeyRefused);
      expect({ code: err.code, message: err.message }).toEqual({ code: 'PS401', message: 'the API key is not valid' });
    });

    it("acts as the lower of its own role and its creator's", async () => {
      const key = await mintKey(ctx.db, A.users.admin.id, 'admin');
      expect(await authenticateApiKey(ctx.db, key.plaintext)).toEqual({ keyId: key.id, orgId: A.id, role: 'admin' });
      await ctx.db.query(`update public.organisation_members set role = 'member' where org_id = $1 and user_id = $2`, [
        A.id,
        A.users.admin.id,
      ]);
      try {
        expect(await authenticateApiKey(ctx.db, key.plaintext)).toEqual({ keyId: key.id, orgId: A.id, role: 'member' });
      } finally {
        await ctx.db.query(`update public.organisation_members set role = 'admin' where org_id = $1 and user_id = $2`, [
          A.id,
          A.users.admin.id,
        ]);
      }
    });

    it('a revoked key is refused, naming the key for the log', async () => {
      const key = await mintKey(ctx.db, A.users.admin.id, 'member');
      await ctx.db.query('update public.api_keys set revoked_at = now() where id = $1', [key.id]);
      await refusedKey(authenticateApiKey(ctx.db, key.plaintext), 'PS401', 'the API key was revoked', key.id);
    });

    it('an expired key is refused; one expiring later is not', async () => {
      const key = await mintKey(ctx.db, A.users.admin.id, 'member');
      await ctx.db.query(`update public.api_keys set expires_at = now() + interval '1 hour' where id = $1`, [key.id]);
      expect((await authenticateApiKey(ctx.db, key.plaintext)).keyId).toBe(key.id);
      await ctx.db.query(`update public.api_keys set expires_at = now() - interval '1 second' where id = $1`, [key.id]);
      await refusedKey(authenticateApiKey(ctx.db, key.plaintext), 'PS401', 'the API key has expired', key.id);
    });

    it('a key whose creator is no longer an active member grants nothing and is refused (424)', async () => {
      const key = await mintKey(ctx.db, A.users.admin.id, 'viewer');
      await ctx.db.query(
        `update public.organisation_members set status = 'suspended' where org_id = $1 and user_id = $2`,
        [A.id, A.users.admin.id],
      );
      try {
        await refusedKey(
          authenticateApiKey(ctx.db, key.plaintext),
          'PS424',
          "the API key's creator is not an active member of its organisation: the key grants nothing until they are",
          key.id,
        );
      } finally {
        await ctx.db.query(
          `update public.organisation_members set status = 'active' where org_id = $1 and user_id = $2`,
          [A.id, A.users.admin.id],
        );
      }
    });

    it('use is recorded at most once a minute: last_used_at and one api_key.used audit entry with the request id', async () => {
      const key = await mintKey(ctx.db, A.users.admin.id, 'member');
      const used = async () =>
        (
          await ctx.db.query<{ details: { prefix: string; previous_use: string | null }; request_id: string | null }>(
            `select details, request_id from public.audit_log where org_id = $1 and action = 'api_key.used' and target_id = $2 order by seq`,
            [A.id, key.id],
          )
        ).rows;
      await authenticateApiKey(ctx.db, key.plaintext, { requestId: 'req-7', ip: '203.0.113.9', userAgent: 'probe/1' });
      await authenticateApiKey(ctx.db, key.plaintext, { requestId: 'req-8' });
      expect(await used()).toEqual([{ details: { prefix: key.prefix, previous_use: null }, request_id: 'req-7' }]);
      // Recorded as the service, with the request's client address and user agent.
      const { rows: who } = await ctx.db.query<{ actor_role: string; ip: string; user_agent: string }>(
        `select actor_role, ip, user_agent from public.audit_log where org_id = $1 and action = 'api_key.used' and target_id = $2`,
        [A.id, key.id],
      );
      expect(who).toEqual([{ actor_role: 'service_role', ip: '203.0.113.9', user_agent: 'probe/1' }]);
      const { rows } = await ctx.db.query<{ last_used_at: Date | null }>(
        'select last_used_at from public.api_keys where id = $1',
        [key.id],
      );
      expect(rows[0]!.last_used_at).toBeInstanceOf(Date);
      // A minute later the next use is recorded again, naming the previous one.
      await ctx.db.query(
        `update public.api_keys set last_used_at = last_used_at - interval '61 seconds' where id = $1`,
        [key.id],
      );
      await authenticateApiKey(ctx.db, key.plaintext);
      const entries = await used();
      expect(entries).toHaveLength(2);
      expect(entries[1]!.request_id).toBeNull();
      expect(entries[1]!.details.prefix).toBe(key.prefix);
      expect(typeof entries[1]!.details.previous_use).toBe('string');
    });
  });
});
