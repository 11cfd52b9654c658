import { expect, it } from 'vitest';
import type { Database } from '../db/types.ts';
import { DEMO } from '../seed/ids.ts';
import { describeEngines } from '../testing/engines.ts';
import { safeUrl } from './plugins/logging.ts';
import {
  bearer,
  captureLogs,
  json,
  TEST_ADMIN_SECRET,
  TEST_JWT_SECRET,
  testConfig,
  userToken,
  useServer,
} from './testing.ts';

const A = DEMO.orgs.a;

describeEngines('logs: structured, with request ids, and free of secrets', (ctx) => {
  const capture = captureLogs('trace');
  const server = useServer(ctx, () => ({ logger: capture.logger, config: testConfig({ logLevel: 'trace' }) }));

  it('requests carrying every kind of secret leave none of them in any log line, at trace level', async () => {
    const secrets: string[] = [TEST_JWT_SECRET, TEST_ADMIN_SECRET];
    const ownerToken = await userToken(A.users.owner.id, { email: A.users.owner.email });
    secrets.push(ownerToken, ownerToken.split('.')[2]!);

    // A user token, a cookie and a credential in the query string.
    const list = await server.inject({
      method: 'GET',
      url: `/v1/orgs?limit=5&token=QUERY-SECRET-1&api_key=QUERY-SECRET-2`,
      headers: { ...bearer(ownerToken), cookie: 'session=COOKIE-SECRET' },
    });
    expect(list.statusCode).toBe(400); // unknown query parameters are refused by name; their values are never logged
    secrets.push('QUERY-SECRET-1', 'QUERY-SECRET-2', 'COOKIE-SECRET');

    // A minted API key (in a response body), then used as a header.
    const created = await server.inject({
      method: 'POST',
      url: `/v1/orgs/${A.id}/api-keys`,
      headers: bearer(ownerToken),
      payload: { name: 'logged?', role: 'viewer' },
    });
    const key = json(created).key as string;
    secrets.push(key, key.slice(3));
    expect(
      (await server.inject({ method: 'GET', url: `/v1/orgs/${A.id}/workspaces`, headers: { 'x-api-key': key } }))
        .statusCode,
    ).toBe(200);

    // An invitation token (response body, then request body).
    const inv = json(
      await server.inject({
        method: 'POST',
        url: `/v1/orgs/${A.id}/invitations`,
        headers: bearer(ownerToken),
        payload: { email: 'logs@example.test' },
      }),
    );
    secrets.push(inv.token);
    await server.inject({
      method: 'POST',
      url: '/v1/invitations/accept',
      headers: bearer(ownerToken),
      payload: { token: inv.token },
    });

    // An admin token.
    const admin = json(
      await server.inject({
        method: 'POST',
        url: '/v1/admin/token',
        headers: bearer(await userToken(DEMO.platformAdmin.id)),
      }),
    );
    secrets.push(admin.token);
    await server.inject({
      method: 'PATCH',
      url: `/v1/orgs/${A.id}`,
      headers: bearer(admin.token),
      payload: { name: 'Acme Compliance' },
    });

    // Refused credentials: an expired token and a wrong key; a body with a password in it.
    const expired = await userToken(A.users.owner.id, {}, { expiresIn: Math.floor(Date.now() / 1000) - 3600 });
    secrets.push(expired);
    expect((await server.inject({ method: 'GET', url: '/v1/orgs', headers: bearer(expired) })).statusCode).toBe(401);
    const wrongKey = `pk_${'W'.repeat(43)}`;
    secrets.push(wrongKey);
    expect(
      (await server.inject({ method: 'GET', url: '/v1/orgs', headers: { 'x-api-key': wrongKey } })).statusCode,
    ).toBe(401);
    await server.inject({
      method: 'POST',
      url: '/v1/orgs',
      headers: bearer(ownerToken),
      payload: { name: 'x', password: 'BODY-SECRET' },
    });
    secrets.push('BODY-SECRET');

    const lines = capture.lines;
    expect(lines.length).toBeGreaterThan(20);
    for (const line of lines) {
      for (const s of secrets)
        expect(line.includes(s), `a log line contains a secret: ${line.slice(0, 300)}`).toBe(false);
    }
  });

  it('every request log line is JSON with its request id; authenticated lines name the principal and the organisation', async () => {
    capture.lines.length = 0;
    const res = await server.inject({
      method: 'GET',
      url: `/v1/orgs/${A.id}/members`,
      headers: bearer(await userToken(A.users.member.id)),
    });
    const id = res.headers['x-request-id'];
    const entries = capture.lines.map((l) => JSON.parse(l) as Record<string, unknown>);
    const mine = entries.filter((e) => e.requestId === id);
    expect(mine.length).toBeGreaterThanOrEqual(2);
    const completed = mine.find((e) => e.msg === 'request completed')!;
    expect(completed).toMatchObject({
      principal: 'user',
      userId: A.users.member.id,
      orgId: A.id,
      res: { statusCode: 200 },
    });
  });

  it('failed authentication is logged, with the reason and without the credential', async () => {
    capture.lines.length = 0;
    const forged = await userToken(A.users.owner.id, {}, { secret: 'wrong-secret-wrong-secret-wrong-secret-wrong' });
    await server.inject({ method: 'GET', url: '/v1/orgs', headers: bearer(forged) });
    const warn = capture.lines.map((l) => JSON.parse(l)).find((e) => e.msg === 'authentication failed');
    expect(warn).toMatchObject({ level: 40, reason: 'the token signature is invalid' });
    expect(capture.lines.join('\n')).not.toContain(forged);
  });
});

describeEngines('a login role that cannot become platform_admin: 403 to the caller, the cause in the log', (ctx) => {
  const capture = captureLogs('info');
  // The deployment's mistake, simulated: every switch to platform_admin fails as PostgreSQL fails it.
  const refusing = (db: Database): Database =>
    new Proxy(db, {
      get(target, key) {
        if (key === 'transaction') {
          // palisade-lint: constant-sql a test double of Database.transaction, passing on the prelude it is given
          return ((fn, begin) =>
            begin?.some((s) => s.params?.[0] === 'platform_admin')
              ? Promise.reject(
                  Object.assign(new Error('permission denied to set role "platform_admin"'), {
                    code: '42501',
                    severity: 'ERROR',
                  }),
                )
              : target.transaction(fn, begin)) satisfies Database['transaction'];
        }
        const v = Reflect.get(target, key);
        return typeof v === 'function' ? v.bind(target) : v;
      },
    });
  const server = useServer(
    {
      get db() {
        return refusing(ctx.db);
      },
    },
    () => ({ logger: capture.logger }),
  );

  it('/v1/admin/token logs `permission denied to set role` with its SQLSTATE, without the token', async () => {
    const token = await userToken(DEMO.platformAdmin.id);
    const res = await server.inject({ method: 'POST', url: '/v1/admin/token', headers: bearer(token) });
    expect(res.statusCode).toBe(403);
    const logged = capture.lines.map((l) => JSON.parse(l)).find((e) => /cannot switch to platform_admin/.test(e.msg));
    expect(logged).toMatchObject({
      level: 50,
      sqlstate: '42501',
      cause: 'permission denied to set role "platform_admin"',
      userId: DEMO.platformAdmin.id,
    });
    const all = capture.lines.join('\n');
    expect(all).not.toContain(token);
    expect(all).not.toContain(token.split('.')[2]!);
  });
});

it('credential-looking query parameters are replaced in logged URLs', () => {
  expect(safeUrl('/v1/x?token=abc&limit=5&api_key=k&access_token=t&cursor=c')).toBe(
    '/v1/x?token=%5Bredacted%5D&limit=5&api_key=%5Bredacted%5D&access_token=%5Bredacted%5D&cursor=c',
  );
  expect(safeUrl('/v1/x')).toBe('/v1/x');
});
