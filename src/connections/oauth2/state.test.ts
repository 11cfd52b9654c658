import { randomBytes } from 'node:crypto';
import { beforeAll, expect, it } from 'vitest';
import { DEMO } from '../../seed/ids.ts';
import { bearer, json, userToken } from '../../server/testing.ts';
import { describeEngines } from '../../testing/engines.ts';
import { hashState } from './pkce.ts';
import { base, useOAuth2 } from './testing/harness.ts';

/**
 * The callback's refusals: the state is the one credential of a public route, so it must be
 * unguessable, single use, short-lived and bound to the person who asked; a code is good once.
 * Each refusal leaves the stored tokens as they were.
 */
const A = DEMO.orgs.a;
const B = DEMO.orgs.b;

describeEngines('OAuth2 callback: state and code refusals', (ctx) => {
  const h = useOAuth2(ctx);
  let id: string;
  let generation: number;

  const pending = async () =>
    (await ctx.db.query('select count(*)::int as n from public.oauth2_authorizations where connection_id = $1', [id]))
      .rows[0] as { n: number };
  const unchanged = async () => {
    expect((await h.tokenRow(id))?.generation).toBe(generation);
  };

  beforeAll(async () => {
    id = (await h.create()).id;
    expect((await h.connect(id)).statusCode).toBe(200);
    generation = (await h.tokenRow(id))!.generation;
  });

  it('a state Palisade never issued is not found, and nothing is stored', async () => {
    const redirect = await h.consent(await h.authorize(id));
    for (const state of [randomBytes(32).toString('base64url'), 'short', `${'x'.repeat(43)}`]) {
      const forged = new URL(redirect);
      forged.searchParams.set('state', state);
      const res = await h.deliver(forged);
      expect([res.statusCode, json(res).error.code, json(res).error.field]).toEqual([404, 'PS404', 'state']);
    }
    const missing = await h.call('nobody', 'GET', '/v1/oauth2/callback?code=abc');
    expect([missing.statusCode, json(missing).error.field]).toEqual([400, 'state']);
    await unchanged();
    // The real one still works afterwards, once.
    expect((await h.deliver(redirect)).statusCode).toBe(200);
    generation++;
  });

  it('a state is good once: the same callback again is not found', async () => {
    const redirect = await h.consent(await h.authorize(id));
    expect((await h.deliver(redirect)).statusCode).toBe(200);
    generation++;
    const again = await h.deliver(redirect);
    expect([again.statusCode, json(again).error.field]).toEqual([404, 'state']);
    await unchanged();
  });

  it('a replayed code is refused by the provider with another state, and overwrites nothing', async () => {
    const first = await h.consent(await h.authorize(id));
    expect((await h.deliver(first)).statusCode).toBe(200);
    generation++;
    const before = await h.storedTokens(id);
    // A second consent in flight, whose state the replay borrows: its verifier is not the code's.
    const second = new URL(await h.authorize(id));
    const replay = new URL(first);
    replay.searchParams.set('state', second.searchParams.get('state')!);
    const res = await h.deliver(replay);
    expect([res.statusCode, json(res).error.code, json(res).error.field]).toEqual([502, 'PS502', 'code']);
    expect(json(res).error.message).toMatch(/invalid_grant/);
    await unchanged();
    expect(await h.storedTokens(id)).toEqual(before);
    const got = json(await h.call('viewerA', 'GET', `${base}/${id}`));
    expect(got).toMatchObject({ status: 'connected' });
    expect(got.last_error).toMatch(/invalid_grant/);
  });

  it('an expired state is refused (410) and spent', async () => {
    const url = new URL(await h.authorize(id));
    const redirect = await h.consent(url.toString());
    await ctx.db.query(
      `update public.oauth2_authorizations set expires_at = now() - interval '1 second' where state_hash = $1`,
      [hashState(url.searchParams.get('state')!)],
    );
    const res = await h.deliver(redirect);
    expect([res.statusCode, json(res).error.code, json(res).error.field]).toEqual([410, 'PS410', 'state']);
    const again = await h.deliver(redirect);
    expect(again.statusCode).toBe(404);
    await unchanged();
  });

  it("another tenant's user presenting a valid state is refused, and the state is spent", async () => {
    const redirect = await h.consent(await h.authorize(id));
    const path = `${redirect.pathname}${redirect.search}`;
    const stranger = await h.app.inject({
      method: 'GET',
      url: path,
      headers: bearer(await userToken(B.users.owner.id)),
    });
    h.responses.push(stranger.body);
    expect([stranger.statusCode, json(stranger).error.field]).toEqual([404, 'state']);
    expect(h.logs.some((l) => l.includes('the state belongs to another person'))).toBe(true);
    // Spent: not even its own person can use it now.
    const own = await h.app.inject({ method: 'GET', url: path, headers: bearer(await userToken(A.users.owner.id)) });
    expect(own.statusCode).toBe(404);
    await unchanged();
  });

  it('the person who asked may present their own credential at the callback', async () => {
    const redirect = await h.consent(await h.authorize(id, 'adminA'));
    expect((await h.deliver(redirect, 'adminA')).statusCode).toBe(200);
    generation++;
    expect(json(await h.call('viewerA', 'GET', `${base}/${id}`)).tokens.connected_by).toBe(A.users.admin.id);
  });

  it('a consent started by a manager who is no longer one is refused at the callback', async () => {
    const redirect = await h.consent(await h.authorize(id, 'adminA'));
    await ctx.db.query(`update public.organisation_members set role = 'member' where org_id = $1 and user_id = $2`, [
      A.id,
      A.users.admin.id,
    ]);
    try {
      const res = await h.deliver(redirect);
      expect(res.statusCode).toBe(403);
    } finally {
      await ctx.db.query(`update public.organisation_members set role = 'admin' where org_id = $1 and user_id = $2`, [
        A.id,
        A.users.admin.id,
      ]);
    }
    await unchanged();
  });

  it('a refusal at the provider (access_denied) is recorded and changes no tokens', async () => {
    const url = new URL(await h.authorize(id));
    const res = await h.call(
      'nobody',
      'GET',
      `/v1/oauth2/callback?state=${url.searchParams.get('state')}&error=access_denied&error_description=The+user+said+no`,
    );
    expect([res.statusCode, json(res).error.message]).toEqual([
      409,
      'the provider did not grant access (access_denied: The user said no)',
    ]);
    await unchanged();
  });

  it("an issuer that is set must be the response's iss (mix-up defence)", async () => {
    const patched = await h.call('ownerA', 'PATCH', `${base}/${id}`, { issuer: 'https://elsewhere.example' });
    expect(patched.statusCode).toBe(200);
    // The issuer is part of where the tokens belong: setting it forgot them and the client secret.
    expect(json(patched)).toMatchObject({ status: 'not_connected', client_secret: { configured: false } });
    await h.call('ownerA', 'PUT', `${base}/${id}/client-secret`, { client_secret: h.provider.clients.basic.secret });
    const res = await h.deliver(await h.consent(await h.authorize(id)));
    expect([res.statusCode, json(res).error.field]).toEqual([409, 'iss']);
    expect(await h.tokenRow(id)).toBeNull();
    await h.call('ownerA', 'PATCH', `${base}/${id}`, { issuer: h.provider.issuer });
    await h.call('ownerA', 'PUT', `${base}/${id}/client-secret`, { client_secret: h.provider.clients.basic.secret });
    expect((await h.deliver(await h.consent(await h.authorize(id)))).statusCode).toBe(200);
    generation = (await h.tokenRow(id))!.generation;
  });

  it('editing where the connection points forgets the consents in flight', async () => {
    const redirect = await h.consent(await h.authorize(id));
    expect((await pending()).n).toBeGreaterThan(0);
    await h.call('ownerA', 'PATCH', `${base}/${id}`, { token_endpoint: `${h.provider.issuer}/token2` });
    expect((await pending()).n).toBe(0);
    expect((await h.deliver(redirect)).statusCode).toBe(404);
    await h.call('ownerA', 'PATCH', `${base}/${id}`, { token_endpoint: h.provider.endpoints.token });
  });

  it.skipIf(ctx.engine !== 'postgres')('two callbacks with one state at once: exactly one wins', async () => {
    await h.call('ownerA', 'PUT', `${base}/${id}/client-secret`, { client_secret: h.provider.clients.basic.secret });
    for (let round = 0; round < 3; round++) {
      const redirect = await h.consent(await h.authorize(id));
      const results = await Promise.all([h.deliver(redirect), h.deliver(redirect)]);
      expect(results.map((r) => r.statusCode).sort()).toEqual([200, 404]);
    }
  });
});
