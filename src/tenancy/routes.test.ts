import type { LightMyRequestResponse } from 'fastify';
import { beforeAll, expect, it } from 'vitest';
import { DEMO } from '../seed/ids.ts';
import { bearer, json, userToken, useServer } from '../server/testing.ts';
import { describeEngines } from '../testing/engines.ts';

const A = DEMO.orgs.a;
type Headers = Record<string, string>;

describeEngines('HTTP resources: the happy path of every endpoint, pagination and optimistic concurrency', (ctx) => {
  const server = useServer(ctx);
  const as: Record<'owner' | 'admin' | 'member' | 'viewer' | 'loner', Headers> = {} as never;
  beforeAll(async () => {
    for (const k of ['owner', 'admin', 'member', 'viewer'] as const)
      as[k] = bearer(await userToken(A.users[k].id, { email: A.users[k].email }));
    as.loner = bearer(await userToken(DEMO.loner.id, { email: DEMO.loner.email }));
  });
  const call = (method: string, url: string, headers: Headers, payload?: unknown, extra: Headers = {}) =>
    server.inject({
      method: method as 'GET',
      url,
      headers: { ...headers, ...extra },
      ...(payload !== undefined ? { payload: payload as object } : {}),
    });
  const ok = (res: LightMyRequestResponse, status = 200) => {
    expect(res.statusCode, res.body).toBe(status);
    return res.statusCode === 204 ? null : json(res);
  };
  const person = async (sub: string, email: string) => bearer(await userToken(sub, { email }));

  it('GET /v1/me says who I am and shows my profile with an ETag', async () => {
    const res = await call('GET', '/v1/me', as.owner);
    const body = ok(res);
    expect(body.principal).toEqual({ kind: 'user', user_id: A.users.owner.id, email: A.users.owner.email });
    expect(body.profile.display_name).toBe('Owner');
    expect(res.headers.etag).toMatch(/^"\d+"$/);
  });

  it('PATCH /v1/me creates a profile on first edit, then edits it under If-Match, and a stale ETag gets 412', async () => {
    const me = await person('3d1f0a4b-5c6d-4e7f-8a9b-0c1d2e3f4a5b', 'profile@example.test');
    const created = await call('PATCH', '/v1/me', me, { display_name: 'First' });
    expect(ok(created).display_name).toBe('First');
    const etag = created.headers.etag as string;
    const edited = await call(
      'PATCH',
      '/v1/me',
      me,
      { avatar_url: 'https://example.test/a.png' },
      { 'if-match': etag },
    );
    expect(ok(edited)).toMatchObject({ display_name: 'First', avatar_url: 'https://example.test/a.png' });
    const stale = await call('PATCH', '/v1/me', me, { display_name: 'Late' }, { 'if-match': etag });
    expect(stale.statusCode).toBe(412);
    expect(json(stale).error).toMatchObject({ code: 'PS412', field: 'if-match' });
    expect(ok(await call('GET', '/v1/me', me)).profile.display_name).toBe('First');
  });

  it('GET /v1/orgs pages through my organisations with a cursor, and refuses a limit above 100', async () => {
    const me = await person('4e2a1b5c-6d7e-4f80-9a1b-2c3d4e5f6a7b', 'pager@example.test');
    for (const name of ['One', 'Two', 'Three']) ok(await call('POST', '/v1/orgs', me, { name }), 201);
    const first = ok(await call('GET', '/v1/orgs?limit=2', me));
    expect(first.data.map((o: { name: string }) => o.name)).toEqual(['One', 'Two']);
    expect(first.next_cursor).toEqual(expect.any(String));
    const second = ok(await call('GET', `/v1/orgs?limit=2&cursor=${first.next_cursor}`, me));
    expect(second.data.map((o: { name: string }) => o.name)).toEqual(['Three']);
    expect(second.next_cursor).toBeNull();
    const tooMany = await call('GET', '/v1/orgs?limit=101', me);
    expect(tooMany.statusCode).toBe(400);
    expect(json(tooMany).error).toMatchObject({ code: 'PS400', field: 'limit' });
    const badCursor = await call('GET', '/v1/orgs?cursor=not-a-cursor', me);
    expect(json(badCursor).error).toMatchObject({ code: 'PS400', field: 'cursor' });
  });

  it('POST /v1/orgs makes me owner with a default workspace, answers 201 with Location, and a taken slug is 409', async () => {
    const res = await call('POST', '/v1/orgs', as.loner, { name: 'Loner Labs', slug: 'loner-labs' });
    const org = ok(res, 201);
    expect(org).toMatchObject({ name: 'Loner Labs', slug: 'loner-labs', my_role: 'owner' });
    expect(res.headers.location).toBe(`/v1/orgs/${org.id}`);
    const ws = ok(await call('GET', `/v1/orgs/${org.id}/workspaces`, as.loner));
    expect(ws.data).toMatchObject([{ name: 'Default', is_default: true }]);
    const taken = await call('POST', '/v1/orgs', as.loner, { name: 'Other', slug: 'loner-labs' });
    expect(taken.statusCode).toBe(409);
    expect(json(taken).error).toMatchObject({ code: 'PS409', field: 'slug' });
  });

  it('GET and PATCH /v1/orgs/:orgId rename under If-Match; members and viewers are refused with 403', async () => {
    const got = await call('GET', `/v1/orgs/${A.id}`, as.member);
    expect(ok(got)).toMatchObject({ id: A.id, my_role: 'member' });
    const renamed = await call(
      'PATCH',
      `/v1/orgs/${A.id}`,
      as.admin,
      { name: 'Acme Compliance GmbH' },
      { 'if-match': got.headers.etag as string },
    );
    expect(ok(renamed).name).toBe('Acme Compliance GmbH');
    const stale = await call(
      'PATCH',
      `/v1/orgs/${A.id}`,
      as.admin,
      { name: 'Late' },
      { 'if-match': got.headers.etag as string },
    );
    expect(stale.statusCode).toBe(412);
    for (const who of [as.member, as.viewer]) {
      const refused = await call('PATCH', `/v1/orgs/${A.id}`, who, { name: 'Nope' });
      expect(refused.statusCode).toBe(403);
    }
    const invalid = await call('PATCH', `/v1/orgs/${A.id}`, as.admin, { slug: 'Not A Slug' });
    expect(json(invalid).error).toMatchObject({ code: 'PS422', field: 'slug' });
  });

  it('members: list, read, change role under If-Match, suspend, reactivate and remove', async () => {
    const list = ok(await call('GET', `/v1/orgs/${A.id}/members?limit=100`, as.viewer));
    expect(list.data.length).toBeGreaterThanOrEqual(6);
    // A person of our own, so other tests keep the demo members.
    const target = '7b5d4e8f-9a0b-4c1d-8e2f-3a4b5c6d7e8f';
    const inv = ok(
      await call('POST', `/v1/orgs/${A.id}/invitations`, as.admin, { email: 'temp@example.test', role: 'viewer' }),
      201,
    );
    ok(await call('POST', '/v1/invitations/accept', await person(target, 'temp@example.test'), { token: inv.token }));
    const read = await call('GET', `/v1/orgs/${A.id}/members/${target}`, as.admin);
    expect(ok(read)).toMatchObject({ user_id: target, role: 'viewer', status: 'active' });
    const promoted = await call(
      'PATCH',
      `/v1/orgs/${A.id}/members/${target}`,
      as.admin,
      { role: 'member' },
      { 'if-match': read.headers.etag as string },
    );
    expect(ok(promoted).role).toBe('member');
    expect(
      (
        await call(
          'PATCH',
          `/v1/orgs/${A.id}/members/${target}`,
          as.admin,
          { role: 'viewer' },
          { 'if-match': read.headers.etag as string },
        )
      ).statusCode,
    ).toBe(412);
    expect(ok(await call('POST', `/v1/orgs/${A.id}/members/${target}/suspend`, as.admin)).status).toBe('suspended');
    expect(ok(await call('POST', `/v1/orgs/${A.id}/members/${target}/reactivate`, as.admin)).status).toBe('active');
    ok(await call('DELETE', `/v1/orgs/${A.id}/members/${target}`, as.admin), 204);
    expect((await call('GET', `/v1/orgs/${A.id}/members/${target}`, as.admin)).statusCode).toBe(404);
  });

  it('members: admins cannot change an owner, members cannot manage anyone, the last owner cannot be demoted', async () => {
    expect(
      (await call('PATCH', `/v1/orgs/${A.id}/members/${A.users.owner.id}`, as.admin, { role: 'member' })).statusCode,
    ).toBe(403);
    expect((await call('POST', `/v1/orgs/${A.id}/members/${A.users.admin.id}/suspend`, as.member)).statusCode).toBe(
      403,
    );
    const lastOwner = await call('PATCH', `/v1/orgs/${A.id}/members/${A.users.owner.id}`, as.owner, { role: 'admin' });
    expect(lastOwner.statusCode).toBe(409);
    expect(json(lastOwner).error).toMatchObject({ code: 'PS423', field: 'role' });
  });

  it('POST /v1/orgs/:orgId/leave lets a member go, but not the last owner', async () => {
    const org = ok(await call('POST', '/v1/orgs', as.loner, { name: 'Leavers' }), 201);
    const inv = ok(
      await call('POST', `/v1/orgs/${org.id}/invitations`, as.loner, { email: A.users.member.email }),
      201,
    );
    ok(await call('POST', '/v1/invitations/accept', as.member, { token: inv.token }));
    ok(await call('POST', `/v1/orgs/${org.id}/leave`, as.member), 204);
    expect((await call('GET', `/v1/orgs/${org.id}`, as.member)).statusCode).toBe(404);
    const last = await call('POST', `/v1/orgs/${org.id}/leave`, as.loner);
    expect(last.statusCode).toBe(409);
    expect(json(last).error.code).toBe('PS423');
  });

  it('invitations: create returns the token once, the list never shows it, the invitee accepts, revoked ones are gone', async () => {
    const invitee = await person('5f3b2c6d-7e8f-4091-8b2c-3d4e5f6a7b8c', 'newhire@example.test');
    const created = await call('POST', `/v1/orgs/${A.id}/invitations`, as.admin, {
      email: 'NewHire@example.test',
      role: 'viewer',
    });
    const { invitation, token } = ok(created, 201);
    expect(token).toMatch(/^inv_[0-9a-f]{64}$/);
    expect(invitation).toMatchObject({ email: 'newhire@example.test', role: 'viewer', status: 'pending' });
    const list = await call('GET', `/v1/orgs/${A.id}/invitations`, as.owner);
    expect(ok(list).data.some((i: { id: string }) => i.id === invitation.id)).toBe(true);
    expect(list.body).not.toContain(token);
    expect(list.body).not.toContain('token_hash');
    expect((await call('GET', `/v1/orgs/${A.id}/invitations`, as.member)).statusCode).toBe(403);
    expect((await call('POST', '/v1/invitations/accept', as.loner, { token })).statusCode).toBe(403);
    const joined = ok(await call('POST', '/v1/invitations/accept', invitee, { token }));
    expect(joined).toMatchObject({ id: A.id, my_role: 'viewer' });
    expect((await call('POST', '/v1/invitations/accept', invitee, { token })).statusCode).toBe(409);

    const second = ok(
      await call('POST', `/v1/orgs/${A.id}/invitations`, as.admin, { email: 'maybe@example.test' }),
      201,
    );
    ok(await call('DELETE', `/v1/orgs/${A.id}/invitations/${second.invitation.id}`, as.admin), 204);
    const gone = await call(
      'POST',
      '/v1/invitations/accept',
      await person('6a4c3d7e-8f90-4a1b-9c3d-4e5f6a7b8c9d', 'maybe@example.test'),
      { token: second.token },
    );
    expect(gone.statusCode).toBe(410);
    const unknown = await call('POST', '/v1/invitations/accept', invitee, { token: `inv_${'f'.repeat(64)}` });
    expect(json(unknown).error).toMatchObject({ code: 'PS404', field: 'token' });
  });

  it('workspaces: list, create, read, edit under If-Match, delete; the default one stays; members may not create', async () => {
    const created = await call('POST', `/v1/orgs/${A.id}/workspaces`, as.admin, {
      name: 'Marketing',
      description: 'Campaigns',
    });
    const ws = ok(created, 201);
    expect(created.headers.location).toBe(`/v1/orgs/${A.id}/workspaces/${ws.id}`);
    expect(
      ok(await call('GET', `/v1/orgs/${A.id}/workspaces`, as.viewer)).data.map((w: { id: string }) => w.id),
    ).toContain(ws.id);
    const read = await call('GET', `/v1/orgs/${A.id}/workspaces/${ws.id}`, as.member);
    const edited = await call(
      'PATCH',
      `/v1/orgs/${A.id}/workspaces/${ws.id}`,
      as.owner,
      { description: null },
      { 'if-match': read.headers.etag as string },
    );
    expect(ok(edited)).toMatchObject({ name: 'Marketing', description: null });
    expect(
      (
        await call(
          'PATCH',
          `/v1/orgs/${A.id}/workspaces/${ws.id}`,
          as.owner,
          { name: 'X' },
          { 'if-match': read.headers.etag as string },
        )
      ).statusCode,
    ).toBe(412);
    expect((await call('POST', `/v1/orgs/${A.id}/workspaces`, as.member, { name: 'Nope' })).statusCode).toBe(403);
    expect((await call('DELETE', `/v1/orgs/${A.id}/workspaces/${ws.id}`, as.member)).statusCode).toBe(403);
    ok(await call('DELETE', `/v1/orgs/${A.id}/workspaces/${ws.id}`, as.admin), 204);
    expect((await call('GET', `/v1/orgs/${A.id}/workspaces/${ws.id}`, as.admin)).statusCode).toBe(404);
    const keep = await call('DELETE', `/v1/orgs/${A.id}/workspaces/${A.defaultWorkspace}`, as.owner);
    expect(json(keep).error).toMatchObject({ code: 'PS409', field: 'workspace_id' });
  });

  it('projects: list (by workspace), create (the creator owns it), read, edit, delete; viewers may not create', async () => {
    const created = await call('POST', `/v1/orgs/${A.id}/projects`, as.member, {
      workspace_id: A.workspace,
      name: 'Audit prep',
    });
    const p = ok(created, 201);
    expect(p).toMatchObject({ workspace_id: A.workspace, name: 'Audit prep', created_by: A.users.member.id });
    const inWs = ok(await call('GET', `/v1/orgs/${A.id}/projects?workspace_id=${A.workspace}`, as.viewer));
    expect(inWs.data.map((x: { id: string }) => x.id)).toEqual([p.id]);
    const team = ok(await call('GET', `/v1/orgs/${A.id}/projects/${p.id}/members`, as.viewer));
    expect(team.data).toMatchObject([{ user_id: A.users.member.id, role: 'owner' }]);
    const read = await call('GET', `/v1/orgs/${A.id}/projects/${p.id}`, as.viewer);
    // The member owns the project, so may edit it, though members cannot edit others' projects.
    const edited = await call(
      'PATCH',
      `/v1/orgs/${A.id}/projects/${p.id}`,
      as.member,
      { description: 'Q3' },
      { 'if-match': read.headers.etag as string },
    );
    expect(ok(edited).description).toBe('Q3');
    expect(
      (await call('PATCH', `/v1/orgs/${A.id}/projects/${A.project}`, as.viewer, { name: 'Nope' })).statusCode,
    ).toBe(403);
    expect(
      (await call('POST', `/v1/orgs/${A.id}/projects`, as.viewer, { workspace_id: A.workspace, name: 'Nope' }))
        .statusCode,
    ).toBe(403);
    const nowhere = await call('POST', `/v1/orgs/${A.id}/projects`, as.member, {
      workspace_id: DEMO.orgs.b.workspace,
      name: 'Nope',
    });
    expect(json(nowhere).error).toMatchObject({ code: 'PS404', field: 'workspace_id' });
    ok(await call('DELETE', `/v1/orgs/${A.id}/projects/${p.id}`, as.admin), 204);
    expect((await call('GET', `/v1/orgs/${A.id}/projects/${p.id}`, as.admin)).statusCode).toBe(404);
  });

  it('project members: add, list, change role under If-Match, remove; strangers and duplicates are refused', async () => {
    const url = `/v1/orgs/${A.id}/projects/${A.project}/members`;
    const added = await call('POST', url, as.owner, { user_id: A.users.admin.id, role: 'manager' });
    expect(ok(added, 201)).toMatchObject({ user_id: A.users.admin.id, role: 'manager' });
    const dup = await call('POST', url, as.owner, { user_id: A.users.admin.id, role: 'viewer' });
    expect(json(dup).error).toMatchObject({ code: 'PS409', field: 'user_id' });
    const stranger = await call('POST', url, as.owner, { user_id: DEMO.loner.id, role: 'viewer' });
    expect(json(stranger).error).toMatchObject({ code: 'PS422', field: 'user_id' });
    expect(ok(await call('GET', url, as.viewer)).data.map((m: { user_id: string }) => m.user_id)).toContain(
      A.users.admin.id,
    );
    const changed = await call(
      'PATCH',
      `${url}/${A.users.admin.id}`,
      as.owner,
      { role: 'contributor' },
      { 'if-match': added.headers.etag as string },
    );
    expect(ok(changed).role).toBe('contributor');
    expect(
      (
        await call(
          'PATCH',
          `${url}/${A.users.admin.id}`,
          as.owner,
          { role: 'viewer' },
          { 'if-match': added.headers.etag as string },
        )
      ).statusCode,
    ).toBe(412);
    expect((await call('DELETE', `${url}/${A.users.admin.id}`, as.viewer)).statusCode).toBe(403);
    ok(await call('DELETE', `${url}/${A.users.admin.id}`, as.owner), 204);
    expect((await call('DELETE', `${url}/${A.users.admin.id}`, as.owner)).statusCode).toBe(404);
  });

  it('If-Match: * matches any version, and a malformed If-Match is a 400 naming the header', async () => {
    const any = await call(
      'PATCH',
      `/v1/orgs/${A.id}/workspaces/${A.workspace}`,
      as.owner,
      { name: 'Research' },
      { 'if-match': '*' },
    );
    expect(any.statusCode).toBe(200);
    const bad = await call(
      'PATCH',
      `/v1/orgs/${A.id}/workspaces/${A.workspace}`,
      as.owner,
      { name: 'Research' },
      { 'if-match': 'no-quotes' },
    );
    expect(json(bad).error).toMatchObject({ code: 'PS400', field: 'if-match' });
  });
});
