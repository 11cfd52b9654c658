import { expect, it } from 'vitest';
import { DEMO } from '../../seed/ids.ts';
import { json } from '../../server/testing.ts';
import { describeEngines } from '../../testing/engines.ts';
import { base, useOAuth2 } from './testing/harness.ts';

/**
 * The authorization-code flow end to end against a real authorization server (oidc-provider on
 * loopback): consent, code exchange, refresh before expiry and on a 401, a refresh token the
 * provider revoked, disconnect with revocation.
 */
const A = DEMO.orgs.a;

describeEngines('OAuth2 connections: consent, tokens, refresh and revocation against a real provider', (ctx) => {
  const h = useOAuth2(ctx);
  let id: string;

  it('consent and code exchange: the tokens go to the vault, readers see metadata only', async () => {
    id = (await h.create()).id;
    const url = new URL(await h.authorize(id));
    expect(url.origin + url.pathname).toBe(h.provider.endpoints.authorization);
    expect(Object.fromEntries(url.searchParams)).toMatchObject({
      response_type: 'code',
      client_id: h.provider.clients.basic.id,
      redirect_uri: 'http://palisade.test/v1/oauth2/callback',
      scope: 'openid offline_access profile',
      code_challenge_method: 'S256',
      prompt: 'consent',
    });
    expect(url.searchParams.get('state')).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(url.searchParams.get('code_challenge')).toMatch(/^[A-Za-z0-9_-]{43}$/);

    const redirect = await h.consent(url.toString());
    expect(redirect.searchParams.get('code')).toBeTruthy();
    const done = await h.deliver(redirect);
    expect(done.statusCode, done.body).toBe(200);
    expect(json(done)).toMatchObject({ connected: true, org_id: A.id, connection_id: id });
    expect(h.provider.grants.authorization_code).toBe(1);

    const stored = await h.storedTokens(id);
    expect(stored?.access_token && h.provider.seen.has(stored.access_token)).toBe(true);
    expect(stored?.refresh_token && h.provider.seen.has(stored.refresh_token)).toBe(true);

    for (const who of ['viewerA', 'memberA', 'ownerA'] as const) {
      const got = await h.call(who, 'GET', `${base}/${id}`);
      expect(got.statusCode).toBe(200);
      expect(json(got)).toMatchObject({
        status: 'connected',
        client_secret: { configured: true },
        tokens: { token_type: 'Bearer', has_refresh_token: true, connected_by: A.users.owner.id },
      });
      expect(json(got).tokens.granted_scope).toContain('offline_access');
    }
  });

  it('a browser at the callback gets a page, no token in it', async () => {
    const redirect = await h.consent(await h.authorize(id));
    const page = await h.app.inject({
      method: 'GET',
      url: `${redirect.pathname}${redirect.search}`,
      headers: { accept: 'text/html,application/xhtml+xml' },
    });
    h.responses.push(page.body, JSON.stringify(page.headers));
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-type']).toMatch(/^text\/html/);
    expect(page.headers['cache-control']).toBe('no-store');
    expect(page.body).toContain('Connected');
  });

  it('an access token within a minute of its expiry is refreshed before use', async () => {
    h.provider.accessTokenTtl = 30;
    expect((await h.connect(id)).statusCode).toBe(200);
    h.provider.accessTokenTtl = 3600;
    const before = h.provider.grants.refresh_token;
    const generation = (await h.tokenRow(id))!.generation;
    const res = await h.call('memberA', 'POST', `${base}/${id}/test`);
    expect(res.statusCode, res.body).toBe(200);
    expect(json(res)).toMatchObject({ ok: true, status: 200, refreshed: true, subject: 'alice' });
    expect(h.provider.grants.refresh_token).toBe(before + 1);
    expect((await h.tokenRow(id))!.generation).toBe(generation + 1);
    // Now valid for an hour: used as it is.
    const again = await h.call('memberA', 'POST', `${base}/${id}/test`);
    expect(json(again)).toMatchObject({ ok: true, refreshed: false });
    expect(h.provider.grants.refresh_token).toBe(before + 1);
    const got = json(await h.call('viewerA', 'GET', `${base}/${id}`));
    expect(got.tokens.refreshed_at).not.toBeNull();
  });

  it('callers at once share one refresh; so do two servers (a lease on the tokens row)', async () => {
    const near = async () => {
      h.provider.accessTokenTtl = 30;
      expect((await h.connect(id)).statusCode).toBe(200);
      h.provider.accessTokenTtl = 3600;
    };
    await near();
    let before = h.provider.grants.refresh_token;
    const answers = await Promise.all(
      [0, 1, 2].map(() => h.call('memberA', 'POST', `${base}/${id}/test`).then((r) => json(r))),
    );
    expect(answers.map((a) => a.ok)).toEqual([true, true, true]);
    expect(h.provider.grants.refresh_token).toBe(before + 1);
    if (ctx.engine !== 'postgres') return;
    // Two servers (each with its own refreshes in flight) on the server engine, where they run at once.
    const other = await h.anotherServer();
    for (let round = 0; round < 3; round++) {
      await near();
      before = h.provider.grants.refresh_token;
      const both = await Promise.all(
        [h.app, other].map((app) =>
          app.inject({ method: 'POST', url: `${base}/${id}/test`, headers: h.tokenOf('memberA') }),
        ),
      );
      expect(both.map((r) => [r.statusCode, json(r).ok])).toEqual([
        [200, true],
        [200, true],
      ]);
      expect(h.provider.grants.refresh_token).toBe(before + 1);
    }
  });

  it('a 401 from the provider makes one refresh and one retry', async () => {
    const stored = (await h.storedTokens(id))!;
    // The provider stops accepting the access token before it expires.
    await h.provider.dropAccessToken(stored.access_token);
    const before = h.provider.grants.refresh_token;
    const res = await h.call('memberA', 'POST', `${base}/${id}/test`);
    expect(res.statusCode, res.body).toBe(200);
    expect(json(res)).toMatchObject({ ok: true, status: 200, refreshed: true });
    expect(h.provider.grants.refresh_token).toBe(before + 1);
    expect((await h.storedTokens(id))!.access_token).not.toBe(stored.access_token);
  });

  it('a refresh token the provider revoked: invalid_grant marks the connection for re-consent and forgets the tokens', async () => {
    const stored = (await h.storedTokens(id))!;
    const secretId = (await h.tokenRow(id))!.credential_secret_id;
    await h.provider.revoke(stored.refresh_token!, 'refresh_token');
    const res = await h.call('memberA', 'POST', `${base}/${id}/test`);
    expect(res.statusCode, res.body).toBe(409);
    expect(json(res).error.message).toMatch(/invalid_grant/);
    expect(await h.tokenRow(id)).toBeNull();
    const vault = await ctx.db.query('select 1 from palisade_vault.secrets where org_id = $1 and id = $2', [
      A.id,
      secretId,
    ]);
    expect(vault.rows).toEqual([]);
    const got = json(await h.call('viewerA', 'GET', `${base}/${id}`));
    expect(got).toMatchObject({ status: 'reconsent_required', tokens: null });
    expect(got.last_error).toMatch(/invalid_grant/);
    // Calling through it now says so, without asking the provider.
    const again = await h.call('memberA', 'POST', `${base}/${id}/test`);
    expect([again.statusCode, json(again).error.message]).toEqual([
      409,
      'the provider refused the refresh token: a manager must authorize the connection again',
    ]);
    // Consenting again clears it.
    expect((await h.connect(id)).statusCode).toBe(200);
    expect(json(await h.call('viewerA', 'GET', `${base}/${id}`))).toMatchObject({
      status: 'connected',
      last_error: null,
    });
  });

  it('disconnect revokes both tokens at the provider and deletes them from the vault', async () => {
    const stored = (await h.storedTokens(id))!;
    const secretId = (await h.tokenRow(id))!.credential_secret_id;
    expect(await h.provider.introspect(stored.refresh_token!)).toBe(true);
    const res = await h.call('ownerA', 'DELETE', `${base}/${id}/tokens`);
    expect(res.statusCode, res.body).toBe(200);
    expect(json(res)).toMatchObject({
      disconnected: true,
      revocation: { refresh_token: 'revoked', access_token: 'revoked' },
    });
    expect(await h.provider.introspect(stored.refresh_token!)).toBe(false);
    expect(await h.provider.introspect(stored.access_token)).toBe(false);
    expect(await h.provider.refreshDirectly(stored.refresh_token!)).toMatchObject({
      status: 400,
      error: 'invalid_grant',
    });
    expect(await h.tokenRow(id)).toBeNull();
    const vault = await ctx.db.query('select 1 from palisade_vault.secrets where org_id = $1 and id = $2', [
      A.id,
      secretId,
    ]);
    expect(vault.rows).toEqual([]);
    expect(json(await h.call('viewerA', 'GET', `${base}/${id}`))).toMatchObject({ status: 'not_connected' });
    // Again: nothing to revoke.
    expect(json(await h.call('ownerA', 'DELETE', `${base}/${id}/tokens`))).toMatchObject({
      disconnected: false,
      revocation: { refresh_token: 'none', access_token: 'none' },
    });
  });

  it('a revocation the provider refuses still deletes the tokens, and the answer says so', async () => {
    const c = await h.create(undefined, { revocation_endpoint: `${h.provider.issuer}/no-such-revocation` });
    expect((await h.connect(c.id)).statusCode).toBe(200);
    const stored = (await h.storedTokens(c.id))!;
    const res = await h.call('ownerA', 'DELETE', `${base}/${c.id}/tokens`);
    expect(res.statusCode, res.body).toBe(200);
    expect(json(res)).toMatchObject({
      disconnected: true,
      revocation: { refresh_token: 'failed', access_token: 'failed' },
      message: expect.stringMatching(/deleted from Palisade; the provider did not confirm/),
    });
    expect(await h.tokenRow(c.id)).toBeNull();
    expect(h.logs.some((l) => l.includes('OAuth2 revocation failed'))).toBe(true);
    // The provider still honours them: nothing told it otherwise.
    expect(await h.provider.introspect(stored.refresh_token!)).toBe(true);
  });

  it('the client authenticates with client_secret_post, or as a public client with PKCE only', async () => {
    for (const client of [h.provider.clients.post, h.provider.clients.public]) {
      const c = await h.create(client);
      const done = await h.connect(c.id);
      expect(done.statusCode, done.body).toBe(200);
      const test = await h.call('memberA', 'POST', `${base}/${c.id}/test`);
      expect(json(test)).toMatchObject({ ok: true });
      const off = await h.call('ownerA', 'DELETE', `${base}/${c.id}/tokens`);
      expect(json(off).revocation).toEqual({ refresh_token: 'revoked', access_token: 'revoked' });
    }
  });
});
