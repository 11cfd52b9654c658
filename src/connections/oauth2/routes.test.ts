import { expect, it } from 'vitest';
import { generateApiKey } from '../../apikeys/keys.ts';
import { insertApiKey } from '../../apikeys/queries.ts';
import { withPrincipal } from '../../db/principal.ts';
import { DEMO } from '../../seed/ids.ts';
import { buildServer } from '../../server/app.ts';
import { bearer, json, testConfig, userToken } from '../../server/testing.ts';
import { describeEngines } from '../../testing/engines.ts';
import { oauth2FlowRoutes } from './flow-routes.ts';
import { DEMO_OAUTH2 } from './seed.ts';
import { base, CALLBACK, useOAuth2 } from './testing/harness.ts';

/**
 * OAuth2 connections over HTTP: who may read, call through, configure and connect them (the
 * scope model of app.connection_scope_allows), what a create or edit refuses, and where the
 * credentials are bound.
 */
const A = DEMO.orgs.a;
const B = DEMO.orgs.b;

describeEngines('OAuth2 connections API: rights, validation, binding', (ctx) => {
  const h = useOAuth2(ctx);
  const endpoints = () => ({
    authorization_endpoint: h.provider.endpoints.authorization,
    token_endpoint: h.provider.endpoints.token,
  });

  it('an owner creates one; the answer shows the redirect URI to register and no secret', async () => {
    const res = await h.call('ownerA', 'POST', base, {
      workspace_id: A.workspace,
      name: 'CRM',
      provider: 'salesforce',
      client_id: 'abc',
      ...endpoints(),
    });
    expect(res.statusCode, res.body).toBe(201);
    const c = json(res);
    expect(res.headers.location).toBe(`${base}/${c.id}`);
    expect(res.headers.etag).toMatch(/^"\d+"$/);
    expect(c).toMatchObject({
      workspace_id: A.workspace,
      project_id: null,
      redirect_uri: CALLBACK,
      client_auth_method: 'client_secret_basic',
      scopes: [],
      additional_params: {},
      client_secret: { configured: false, updated_at: null },
      status: 'not_connected',
      tokens: null,
      created_by: A.users.owner.id,
    });
    const put = await h.call('ownerA', 'PUT', `${base}/${c.id}/client-secret`, { client_secret: 'shh-123456' });
    expect(json(put)).toMatchObject({ configured: true });
    expect(put.body).not.toContain('shh-123456');
    const got = await h.call('viewerA', 'GET', `${base}/${c.id}`);
    expect(json(got).client_secret.configured).toBe(true);
    expect(got.body).not.toContain('shh-123456');
    const list = json(await h.call('memberA', 'GET', `${base}?workspace_id=${A.workspace}`));
    expect(list.data.map((x: { id: string }) => x.id)).toContain(c.id);
  });

  it('members and viewers read; only owners and admins configure a workspace connection', async () => {
    const id = DEMO_OAUTH2.org(A).connection;
    for (const who of ['memberA', 'viewerA'] as const) {
      expect((await h.call(who, 'GET', `${base}/${id}`)).statusCode).toBe(200);
      const create = await h.call(who, 'POST', base, {
        workspace_id: A.workspace,
        name: 'No',
        provider: 'x',
        client_id: 'x',
        ...endpoints(),
      });
      expect(create.statusCode).toBe(403);
      for (const [method, url, body] of [
        ['PATCH', `${base}/${id}`, { name: 'No' }],
        ['PUT', `${base}/${id}/client-secret`, { client_secret: 'nope-nope' }],
        ['POST', `${base}/${id}/authorize`, undefined],
        ['DELETE', `${base}/${id}/tokens`, undefined],
        ['DELETE', `${base}/${id}`, undefined],
      ] as const) {
        const res = await h.call(who, method, url, body);
        expect([method, url, res.statusCode]).toEqual([method, url, 403]);
      }
    }
    expect((await h.call('adminA', 'PATCH', `${base}/${id}`, { description: 'Ours' })).statusCode).toBe(200);
  });

  it("another organisation's connection is not found, whatever the route", async () => {
    const theirs = DEMO_OAUTH2.org(B).connection;
    for (const [method, url, body] of [
      ['GET', `${base}/${theirs}`, undefined],
      ['PATCH', `${base}/${theirs}`, { name: 'Mine' }],
      ['PUT', `${base}/${theirs}/client-secret`, { client_secret: 'nope-nope' }],
      ['POST', `${base}/${theirs}/authorize`, undefined],
      ['POST', `${base}/${theirs}/test`, undefined],
      ['DELETE', `${base}/${theirs}/tokens`, undefined],
      ['DELETE', `${base}/${theirs}`, undefined],
    ] as const) {
      const res = await h.call('ownerA', method, url, body);
      expect([method, res.statusCode]).toEqual([method, 404]);
    }
    const foreign = await h.call('ownerB', 'GET', `${base}/${DEMO_OAUTH2.org(A).connection}`);
    expect(foreign.statusCode).toBe(404);
    const inB = await h.call('ownerA', 'POST', base, {
      workspace_id: B.workspace,
      name: 'Cross',
      provider: 'x',
      client_id: 'x',
      ...endpoints(),
    });
    expect(inB.statusCode).toBeGreaterThanOrEqual(400);
    expect(inB.statusCode).toBeLessThan(500);
  });

  it('a project connection: its members read it, contributors call through it, its managers configure it', async () => {
    const res = await h.call('ownerA', 'POST', base, {
      project_id: A.project,
      name: 'Project drive',
      provider: 'google',
      client_id: 'drive',
      ...endpoints(),
    });
    expect(res.statusCode, res.body).toBe(201);
    const id = json(res).id;
    // member: the project's contributor; viewer: the project's viewer; admin: not in the project, an organisation admin.
    for (const who of ['memberA', 'viewerA', 'adminA'] as const)
      expect((await h.call(who, 'GET', `${base}/${id}`)).statusCode).toBe(200);
    expect((await h.call('viewerA', 'POST', `${base}/${id}/test`)).statusCode).toBe(403);
    const notConnected = await h.call('memberA', 'POST', `${base}/${id}/test`);
    expect([notConnected.statusCode, json(notConnected).error.field]).toEqual([409, 'tokens']);
    expect((await h.call('memberA', 'PATCH', `${base}/${id}`, { name: 'Mine' })).statusCode).toBe(403);
    await ctx.db.query(
      `update public.project_members set role = 'manager' where org_id = $1 and project_id = $2 and user_id = $3`,
      [A.id, A.project, A.users.member.id],
    );
    try {
      expect((await h.call('memberA', 'PATCH', `${base}/${id}`, { name: 'Managed' })).statusCode).toBe(200);
    } finally {
      await ctx.db.query(
        `update public.project_members set role = 'contributor' where org_id = $1 and project_id = $2 and user_id = $3`,
        [A.id, A.project, A.users.member.id],
      );
    }
    // A member outside the project does not see it at all.
    await ctx.db.query('delete from public.project_members where org_id = $1 and project_id = $2 and user_id = $3', [
      A.id,
      A.project,
      A.users.viewer.id,
    ]);
    expect((await h.call('viewerA', 'GET', `${base}/${id}`)).statusCode).toBe(404);
    const listed = json(await h.call('viewerA', 'GET', base)).data.map((c: { id: string }) => c.id);
    expect(listed).not.toContain(id);
  });

  it('refuses what it cannot use, naming the field', async () => {
    const ok = { workspace_id: A.workspace, name: 'Bad', provider: 'x', client_id: 'x', ...endpoints() };
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ ...ok, project_id: A.project }, 'workspace_id'],
      [{ ...ok, workspace_id: undefined }, 'workspace_id'],
      [{ ...ok, token_endpoint: 'http://evil.example/token' }, 'token_endpoint'],
      [{ ...ok, authorization_endpoint: 'https://user:pw@idp.example/auth' }, 'authorization_endpoint'],
      [{ ...ok, userinfo_endpoint: 'https://idp.example/me?x=1' }, 'userinfo_endpoint'],
      [{ ...ok, scopes: ['openid email'] }, 'scopes.0'],
      [{ ...ok, additional_params: { state: 'mine' } }, 'additional_params'],
      [{ ...ok, additional_params: { prompt: 1 } }, 'additional_params.prompt'],
      [{ ...ok, client_auth_method: 'private_key_jwt' }, 'client_auth_method'],
      [{ ...ok, name: 'two\nlines' }, 'name'],
      [{ ...ok, redirect_uri: 'https://attacker.example/cb' }, 'redirect_uri'],
      [{ ...ok, client_secret: 'inline' }, 'client_secret'],
    ];
    for (const [body, field] of cases) {
      const res = await h.call('ownerA', 'POST', base, body);
      const err = json(res).error;
      // An unknown field is named in the message (the body's zod error has no path for it).
      const named = err.field === field || (err.field === undefined && err.message.includes(`"${field}"`));
      expect([field, res.statusCode, named], res.body).toEqual([field, 422, true]);
    }
  });

  it('changing an endpoint or the client id forgets the client secret and the tokens; other edits keep them', async () => {
    const { id } = await h.create();
    expect((await h.connect(id)).statusCode).toBe(200);
    const renamed = json(await h.call('ownerA', 'PATCH', `${base}/${id}`, { name: 'Renamed', scopes: ['openid'] }));
    expect(renamed).toMatchObject({ status: 'connected', client_secret: { configured: true } });
    for (const change of [{ client_id: 'someone-else' }, { userinfo_endpoint: `${h.provider.issuer}/me2` }]) {
      await h.call('ownerA', 'PUT', `${base}/${id}/client-secret`, { client_secret: h.provider.clients.basic.secret });
      const res = await h.call('ownerA', 'PATCH', `${base}/${id}`, change);
      expect(json(res)).toMatchObject({ status: 'not_connected', tokens: null, client_secret: { configured: false } });
    }
    expect(await h.tokenRow(id)).toBeNull();
    const left = await ctx.db.query(
      `select count(*)::int as n from palisade_vault.secrets s where s.org_id = $1 and s.purpose = 'oauth2_tokens'
         and not exists (select 1 from public.oauth2_tokens t where t.org_id = s.org_id and t.credential_secret_id = s.id)`,
      [A.id],
    );
    expect(left.rows[0]).toEqual({ n: 0 });
  });

  it('an If-Match that is no longer current is refused (412)', async () => {
    const { id } = await h.create();
    const etag = (await h.call('ownerA', 'GET', `${base}/${id}`)).headers.etag as string;
    await h.call('ownerA', 'PATCH', `${base}/${id}`, { name: 'First' });
    const stale = await h.app.inject({
      method: 'PATCH',
      url: `${base}/${id}`,
      headers: { ...bearer(await userToken(A.users.owner.id)), 'if-match': etag },
      payload: { name: 'Second' },
    });
    expect(stale.statusCode).toBe(412);
  });

  it('authorize needs an active connection, its client secret, and a person (not an API key)', async () => {
    const { id } = await h.create();
    await h.call('ownerA', 'PATCH', `${base}/${id}`, { is_active: false });
    expect(json(await h.call('ownerA', 'POST', `${base}/${id}/authorize`)).error.field).toBe('is_active');
    await h.call('ownerA', 'PATCH', `${base}/${id}`, { is_active: true, client_id: 'changed' });
    expect(json(await h.call('ownerA', 'POST', `${base}/${id}/authorize`)).error.field).toBe('client_secret');
    // An admin key may manage the connection, but a consent is a person's.
    const key = generateApiKey();
    await withPrincipal(ctx.db, { kind: 'user', userId: A.users.owner.id }, (tx) =>
      insertApiKey(tx, A.id, 'oauth2 test', 'admin', key, null),
    );
    const byKey = await h.app.inject({
      method: 'POST',
      url: `${base}/${id}/authorize`,
      headers: { 'x-api-key': key.plaintext },
    });
    expect(byKey.statusCode, byKey.body).toBe(403);
    const patched = await h.app.inject({
      method: 'PATCH',
      url: `${base}/${id}`,
      headers: { 'x-api-key': key.plaintext },
      payload: { description: 'by key' },
    });
    expect(patched.statusCode, patched.body).toBe(200);
  });

  it('deleting a connected connection revokes its tokens and removes every vault row it had', async () => {
    const { id } = await h.create();
    expect((await h.connect(id)).statusCode).toBe(200);
    await h.authorize(id);
    const stored = (await h.storedTokens(id))!;
    const secrets = await ctx.db.query<{ n: number }>(
      'select count(*)::int as n from palisade_vault.secrets where org_id = $1',
      [A.id],
    );
    const res = await h.call('ownerA', 'DELETE', `${base}/${id}`);
    expect(res.statusCode).toBe(204);
    expect(await h.provider.introspect(stored.refresh_token!)).toBe(false);
    const after = await ctx.db.query<{ n: number }>(
      'select count(*)::int as n from palisade_vault.secrets where org_id = $1',
      [A.id],
    );
    // The client secret, the tokens and the consent's verifier.
    expect(after.rows[0]!.n).toBe(secrets.rows[0]!.n - 3);
    expect((await h.call('ownerA', 'GET', `${base}/${id}`)).statusCode).toBe(404);
  });

  it('without the operator allowing private egress, a provider on loopback is refused (the tests allow it explicitly)', async () => {
    const { id } = await h.create();
    const redirect = await h.consent(await h.authorize(id));
    const guarded = await buildServer({
      db: ctx.db,
      config: testConfig(),
      vaultRing: h.ring,
      routes: [async () => ({ default: oauth2FlowRoutes({ ring: h.ring, publicUrl: 'http://palisade.test' }) })],
    });
    try {
      const res = await guarded.inject({ method: 'GET', url: `${redirect.pathname}${redirect.search}` });
      expect([res.statusCode, json(res).error.code]).toEqual([502, 'PS502']);
      expect(json(res).error.message).toMatch(/loopback/);
    } finally {
      await guarded.close();
    }
    expect(await h.tokenRow(id)).toBeNull();
  });
});
