import { createHash } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { DEMO } from '../seed/ids.ts';
import { bearer, json, userToken, useServer } from '../server/testing.ts';
import { describeEngines } from '../testing/engines.ts';
import { generateApiKey, hashApiKey, looksLikeApiKey } from './keys.ts';

const A = DEMO.orgs.a;
const B = DEMO.orgs.b;
type Headers = Record<string, string>;

describe('API key minting', () => {
  it('keys are pk_ and 43 base62 characters drawn from 32 random bytes, stored as their SHA-256 with a short prefix', () => {
    const seen = new Set<string>();
    for (let i = 0; i < 200; i++) {
      const k = generateApiKey();
      expect(looksLikeApiKey(k.plaintext)).toBe(true);
      expect(k.prefix).toBe(k.plaintext.slice(0, 11));
      expect(k.hash.equals(createHash('sha256').update(k.plaintext).digest())).toBe(true);
      seen.add(k.plaintext);
    }
    expect(seen.size).toBe(200);
    expect(hashApiKey('pk_x').length).toBe(32);
  });
});

describeEngines('API keys over HTTP: shown once, hashed, scoped to one organisation, revocable, expiring', (ctx) => {
  const server = useServer(ctx);
  const as: Record<'owner' | 'admin' | 'member', Headers> = {} as never;
  beforeAll(async () => {
    for (const k of ['owner', 'admin', 'member'] as const)
      as[k] = bearer(await userToken(A.users[k].id, { email: A.users[k].email }));
  });
  const call = (method: string, url: string, headers: Headers, payload?: unknown, extra: Headers = {}) =>
    server.inject({
      method: method as 'GET',
      url,
      headers: { ...headers, ...extra },
      ...(payload !== undefined ? { payload: payload as object } : {}),
    });
  async function mint(role: 'admin' | 'member' | 'viewer', by: Headers = as.owner, expires_at?: string) {
    const res = await call('POST', `/v1/orgs/${A.id}/api-keys`, by, {
      name: `${role} key`,
      role,
      ...(expires_at ? { expires_at } : {}),
    });
    expect(res.statusCode, res.body).toBe(201);
    return { ...(json(res) as { key: string; api_key: { id: string; prefix: string } }), res };
  }

  it('creating a key returns the plaintext once, uncacheable; the database holds only its hash', async () => {
    const { key, api_key, res } = await mint('member');
    expect(looksLikeApiKey(key)).toBe(true);
    expect(res.headers['cache-control']).toBe('no-store');
    expect(api_key.prefix).toBe(key.slice(0, 11));
    const { rows } = await ctx.db.query<{ row: string; matches: boolean }>(
      `select k::text as row, key_hash = sha256(convert_to($2, 'UTF8')) as matches from public.api_keys k where id = $1`,
      [api_key.id, key],
    );
    expect(rows[0]!.matches).toBe(true);
    expect(rows[0]!.row).not.toContain(key);
    expect(rows[0]!.row).not.toContain(key.slice(11));
  });

  it('the list and read endpoints return metadata only, never the key or its hash', async () => {
    const { key, api_key } = await mint('viewer');
    const list = await call('GET', `/v1/orgs/${A.id}/api-keys?limit=100`, as.admin);
    expect(list.statusCode).toBe(200);
    expect(list.body).not.toContain(key.slice(11));
    expect(list.body).not.toContain('key_hash');
    const one = json(await call('GET', `/v1/orgs/${A.id}/api-keys/${api_key.id}`, as.admin));
    expect(Object.keys(one).sort()).toEqual(
      [
        'created_at',
        'created_by',
        'effective_role',
        'expires_at',
        'id',
        'last_used_at',
        'name',
        'prefix',
        'revoked_at',
        'role',
        'status',
        'updated_at',
      ].sort(),
    );
  });

  it('a key works as Bearer or x-api-key, acts as its organisation with its role, and records when it was used', async () => {
    const { key, api_key } = await mint('member');
    const me = json(await call('GET', '/v1/me', bearer(key)));
    expect(me.principal).toEqual({ kind: 'api_key', org_id: A.id, role: 'member', api_key_id: api_key.id });
    const project = await call(
      'POST',
      `/v1/orgs/${A.id}/projects`,
      { 'x-api-key': key },
      { workspace_id: A.workspace, name: 'Made by a key' },
    );
    expect(project.statusCode).toBe(201);
    expect(json(project).created_by).toBeNull();
    expect(
      (await call('POST', `/v1/orgs/${A.id}/workspaces`, { 'x-api-key': key }, { name: 'Members cannot' })).statusCode,
    ).toBe(403);
    const used = json(await call('GET', `/v1/orgs/${A.id}/api-keys/${api_key.id}`, as.owner));
    expect(used.last_used_at).toEqual(expect.any(String));
  });

  it('key use is summarised in the audit log: one api_key.used event when last_used_at moves, not one per request', async () => {
    const { key, api_key } = await mint('viewer');
    const first = await call('GET', '/v1/orgs', bearer(key));
    await call('GET', '/v1/orgs', bearer(key));
    const { rows } = await ctx.db.query<{ org_id: string; request_id: string; actor_role: string }>(
      `select org_id, request_id, actor_role from public.audit_log where action = 'api_key.used' and target_id = $1`,
      [api_key.id],
    );
    expect(rows).toEqual([{ org_id: A.id, request_id: first.headers['x-request-id'], actor_role: 'service_role' }]);
  });

  it("a key sees only its organisation: another tenant's ids are 404 and its list holds one organisation", async () => {
    const { key } = await mint('admin');
    expect(json(await call('GET', '/v1/orgs', bearer(key))).data.map((o: { id: string }) => o.id)).toEqual([A.id]);
    for (const url of [
      `/v1/orgs/${B.id}`,
      `/v1/orgs/${B.id}/workspaces`,
      `/v1/orgs/${B.id}/api-keys`,
      `/v1/orgs/${B.id}/members`,
    ]) {
      const res = await call('GET', url, bearer(key));
      expect(res.statusCode, url).toBe(404);
    }
  });

  it('a viewer key reads but cannot write at the member threshold (a project) or above, and no key can mint keys or act as a person', async () => {
    const { key } = await mint('viewer');
    expect((await call('GET', `/v1/orgs/${A.id}/workspaces`, bearer(key))).statusCode).toBe(200);
    expect(
      (await call('PATCH', `/v1/orgs/${A.id}/workspaces/${A.workspace}`, bearer(key), { name: 'x' })).statusCode,
    ).toBe(403);
    const project = { workspace_id: A.defaultWorkspace, name: 'Viewer key project' };
    expect((await call('POST', `/v1/orgs/${A.id}/projects`, bearer(key), project)).statusCode).toBe(403);
    // The same request with a member key is the control: the refusal above is the role's.
    const member = await mint('member');
    expect((await call('POST', `/v1/orgs/${A.id}/projects`, bearer(member.key), project)).statusCode).toBe(201);
    const admin = await mint('admin');
    expect(
      (await call('POST', `/v1/orgs/${A.id}/api-keys`, bearer(admin.key), { name: 'child', role: 'viewer' }))
        .statusCode,
    ).toBe(403);
    expect((await call('POST', '/v1/orgs', bearer(admin.key), { name: 'Key Org' })).statusCode).toBe(403);
  });

  it("a key's role is at most its creator's, and members cannot create keys", async () => {
    expect((await mint('admin', as.admin)).api_key).toBeTruthy();
    const owner = await call('POST', `/v1/orgs/${A.id}/api-keys`, as.owner, { name: 'x', role: 'owner' });
    expect(json(owner).error).toMatchObject({ code: 'PS422', field: 'role' });
    expect((await call('POST', `/v1/orgs/${A.id}/api-keys`, as.member, { name: 'x', role: 'viewer' })).statusCode).toBe(
      403,
    );
    expect((await call('GET', `/v1/orgs/${A.id}/api-keys`, as.member)).statusCode).toBe(403);
  });

  it('a revoked key gets 401 at once, and revoking twice is harmless', async () => {
    const { key, api_key } = await mint('member');
    expect((await call('GET', '/v1/orgs', bearer(key))).statusCode).toBe(200);
    expect((await call('DELETE', `/v1/orgs/${A.id}/api-keys/${api_key.id}`, as.admin)).statusCode).toBe(204);
    const refused = await call('GET', '/v1/orgs', bearer(key));
    expect(refused.statusCode).toBe(401);
    expect(json(refused).error.message).toMatch(/revoked/);
    expect((await call('DELETE', `/v1/orgs/${A.id}/api-keys/${api_key.id}`, as.admin)).statusCode).toBe(204);
    expect(json(await call('GET', `/v1/orgs/${A.id}/api-keys/${api_key.id}`, as.admin)).status).toBe('revoked');
  });

  it('an expired key gets 401, and an expiry in the past is refused at creation', async () => {
    const { key, api_key } = await mint('member', as.owner, new Date(Date.now() + 3600_000).toISOString());
    expect((await call('GET', '/v1/orgs', bearer(key))).statusCode).toBe(200);
    await ctx.db.query(`update public.api_keys set expires_at = now() - interval '1 second' where id = $1`, [
      api_key.id,
    ]);
    const refused = await call('GET', '/v1/orgs', { 'x-api-key': key });
    expect(refused.statusCode).toBe(401);
    expect(json(refused).error.message).toMatch(/expired/);
    const past = await call('POST', `/v1/orgs/${A.id}/api-keys`, as.owner, {
      name: 'x',
      expires_at: '2001-01-01T00:00:00Z',
    });
    expect(json(past).error).toMatchObject({ code: 'PS422', field: 'expires_at' });
  });

  it('unknown, malformed and truncated keys get 401', async () => {
    const { key } = await mint('viewer');
    for (const k of [`pk_${'A'.repeat(43)}`, 'pk_short', key.slice(0, -1), `${key}x`, key.replace('pk_', 'pk-')]) {
      const res = await call('GET', '/v1/orgs', { 'x-api-key': k });
      expect(res.statusCode, k).toBe(401);
    }
  });

  it('renaming uses If-Match; using a key does not change its ETag', async () => {
    const { key, api_key, res } = await mint('viewer');
    await call('GET', '/v1/orgs', bearer(key));
    const renamed = await call(
      'PATCH',
      `/v1/orgs/${A.id}/api-keys/${api_key.id}`,
      as.owner,
      { name: 'Renamed' },
      { 'if-match': res.headers.etag as string },
    );
    expect(renamed.statusCode, renamed.body).toBe(200);
    expect(json(renamed).name).toBe('Renamed');
    const stale = await call(
      'PATCH',
      `/v1/orgs/${A.id}/api-keys/${api_key.id}`,
      as.owner,
      { name: 'Late' },
      { 'if-match': res.headers.etag as string },
    );
    expect(stale.statusCode).toBe(412);
  });
});
