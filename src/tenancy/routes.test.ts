import { beforeAll, expect, it } from 'vitest';
import type { PalisadeClient } from '../client/index.ts';
import { DEMO } from '../seed/ids.ts';
import { userToken, useServer } from '../server/testing.ts';
import { ok, testClient } from '../testing/client.ts';
import { describeEngines } from '../testing/engines.ts';

const A = DEMO.orgs.a;
const orgId = A.id;

describeEngines('HTTP resources: the happy path of every endpoint, pagination and optimistic concurrency', (ctx) => {
  const server = useServer(ctx);
  // The typed client (src/client) per caller: a request the spec does not describe fails tsc.
  const as: Record<'owner' | 'admin' | 'member' | 'viewer' | 'loner', PalisadeClient> = {} as never;
  beforeAll(async () => {
    for (const k of ['owner', 'admin', 'member', 'viewer'] as const)
      as[k] = testClient(server, { token: await userToken(A.users[k].id, { email: A.users[k].email }) });
    as.loner = testClient(server, { token: await userToken(DEMO.loner.id, { email: DEMO.loner.email }) });
  });
  const person = async (sub: string, email: string) => testClient(server, { token: await userToken(sub, { email }) });

  it('GET /v1/me says who I am and shows my profile with an ETag', async () => {
    const res = await as.owner.GET('/v1/me');
    const body = ok(res);
    expect(body.principal).toEqual({ kind: 'user', user_id: A.users.owner.id, email: A.users.owner.email });
    expect(body.profile?.display_name).toBe('Owner');
    expect(res.response.headers.get('etag')).toMatch(/^"\d+"$/);
  });

  it('PATCH /v1/me creates a profile on first edit, then edits it under If-Match, and a stale ETag gets 412', async () => {
    const me = await person('3d1f0a4b-5c6d-4e7f-8a9b-0c1d2e3f4a5b', 'profile@example.test');
    const created = await me.PATCH('/v1/me', { body: { display_name: 'First' } });
    expect(ok(created).display_name).toBe('First');
    const etag = created.response.headers.get('etag') as string;
    const edited = await me.PATCH('/v1/me', {
      params: { header: { 'if-match': etag } },
      body: { avatar_url: 'https://example.test/a.png' },
    });
    expect(ok(edited)).toMatchObject({ display_name: 'First', avatar_url: 'https://example.test/a.png' });
    const stale = await me.PATCH('/v1/me', {
      params: { header: { 'if-match': etag } },
      body: { display_name: 'Late' },
    });
    expect(stale.response.status).toBe(412);
    expect(stale.error?.error).toMatchObject({ code: 'PS412', field: 'if-match' });
    expect(ok(await me.GET('/v1/me')).profile?.display_name).toBe('First');
  });

  it('GET /v1/orgs pages through my organisations with a cursor, and refuses a limit above 100', async () => {
    const me = await person('4e2a1b5c-6d7e-4f80-9a1b-2c3d4e5f6a7b', 'pager@example.test');
    for (const name of ['One', 'Two', 'Three']) ok(await me.POST('/v1/orgs', { body: { name } }), 201);
    const first = ok(await me.GET('/v1/orgs', { params: { query: { limit: 2 } } }));
    expect(first.data.map((o) => [o.name, o.my_role])).toEqual([
      ['One', 'owner'],
      ['Two', 'owner'],
    ]);
    expect(first.next_cursor).toEqual(expect.any(String));
    const second = ok(
      await me.GET('/v1/orgs', { params: { query: { limit: 2, cursor: first.next_cursor as string } } }),
    );
    expect(second.data.map((o) => o.name)).toEqual(['Three']);
    expect(second.next_cursor).toBeNull();
    const tooMany = await me.GET('/v1/orgs', { params: { query: { limit: 101 } } });
    expect(tooMany.response.status).toBe(400);
    expect(tooMany.error?.error).toMatchObject({ code: 'PS400', field: 'limit' });
    const badCursor = await me.GET('/v1/orgs', { params: { query: { cursor: 'not-a-cursor' } } });
    expect(badCursor.error?.error).toMatchObject({ code: 'PS400', field: 'cursor' });
  });

  it('POST /v1/orgs makes me owner with a default workspace, answers 201 with Location, and a taken slug is 409', async () => {
    const res = await as.loner.POST('/v1/orgs', { body: { name: 'Loner Labs', slug: 'loner-labs' } });
    const org = ok(res, 201);
    expect(org).toMatchObject({ name: 'Loner Labs', slug: 'loner-labs', my_role: 'owner' });
    expect(res.response.headers.get('location')).toBe(`/v1/orgs/${org.id}`);
    const ws = ok(await as.loner.GET('/v1/orgs/{orgId}/workspaces', { params: { path: { orgId: org.id } } }));
    expect(ws.data).toMatchObject([{ name: 'Default', is_default: true }]);
    const taken = await as.loner.POST('/v1/orgs', { body: { name: 'Other', slug: 'loner-labs' } });
    expect(taken.response.status).toBe(409);
    expect(taken.error?.error).toMatchObject({ code: 'PS409', field: 'slug' });
  });

  it('GET and PATCH /v1/orgs/:orgId rename under If-Match; members and viewers are refused with 403', async () => {
    const got = await as.member.GET('/v1/orgs/{orgId}', { params: { path: { orgId } } });
    expect(ok(got)).toMatchObject({ id: A.id, my_role: 'member' });
    const etag = got.response.headers.get('etag') as string;
    const renamed = await as.admin.PATCH('/v1/orgs/{orgId}', {
      params: { path: { orgId }, header: { 'if-match': etag } },
      body: { name: 'Acme Compliance GmbH' },
    });
    expect(ok(renamed).name).toBe('Acme Compliance GmbH');
    const stale = await as.admin.PATCH('/v1/orgs/{orgId}', {
      params: { path: { orgId }, header: { 'if-match': etag } },
      body: { name: 'Late' },
    });
    expect(stale.response.status).toBe(412);
    for (const who of [as.member, as.viewer]) {
      const refused = await who.PATCH('/v1/orgs/{orgId}', { params: { path: { orgId } }, body: { name: 'Nope' } });
      expect(refused.response.status).toBe(403);
    }
    const invalid = await as.admin.PATCH('/v1/orgs/{orgId}', {
      params: { path: { orgId } },
      body: { slug: 'Not A Slug' },
    });
    expect(invalid.error?.error).toMatchObject({ code: 'PS422', field: 'slug' });
  });

  it('members: list, read, change role under If-Match, suspend, reactivate and remove', async () => {
    const list = ok(
      await as.viewer.GET('/v1/orgs/{orgId}/members', { params: { path: { orgId }, query: { limit: 100 } } }),
    );
    expect(list.data.length).toBeGreaterThanOrEqual(6);
    // A person of our own, so other tests keep the demo members.
    const target = '7b5d4e8f-9a0b-4c1d-8e2f-3a4b5c6d7e8f';
    const member = { params: { path: { orgId, userId: target } } };
    const inv = ok(
      await as.admin.POST('/v1/orgs/{orgId}/invitations', {
        params: { path: { orgId } },
        body: { email: 'temp@example.test', role: 'viewer' },
      }),
      201,
    );
    ok(
      await (await person(target, 'temp@example.test')).POST('/v1/invitations/accept', { body: { token: inv.token } }),
    );
    const read = await as.admin.GET('/v1/orgs/{orgId}/members/{userId}', member);
    expect(ok(read)).toMatchObject({ user_id: target, role: 'viewer', status: 'active' });
    const etag = read.response.headers.get('etag') as string;
    const promoted = await as.admin.PATCH('/v1/orgs/{orgId}/members/{userId}', {
      params: { path: { orgId, userId: target }, header: { 'if-match': etag } },
      body: { role: 'member' },
    });
    expect(ok(promoted).role).toBe('member');
    expect(
      (
        await as.admin.PATCH('/v1/orgs/{orgId}/members/{userId}', {
          params: { path: { orgId, userId: target }, header: { 'if-match': etag } },
          body: { role: 'viewer' },
        })
      ).response.status,
    ).toBe(412);
    expect(ok(await as.admin.POST('/v1/orgs/{orgId}/members/{userId}/suspend', member)).status).toBe('suspended');
    expect(ok(await as.admin.POST('/v1/orgs/{orgId}/members/{userId}/reactivate', member)).status).toBe('active');
    ok(await as.admin.DELETE('/v1/orgs/{orgId}/members/{userId}', member), 204);
    expect((await as.admin.GET('/v1/orgs/{orgId}/members/{userId}', member)).response.status).toBe(404);
  });

  it('members: admins cannot change an owner, members cannot manage anyone, the last owner cannot be demoted', async () => {
    const owner = { path: { orgId, userId: A.users.owner.id } };
    expect(
      (await as.admin.PATCH('/v1/orgs/{orgId}/members/{userId}', { params: owner, body: { role: 'member' } })).response
        .status,
    ).toBe(403);
    expect(
      (
        await as.member.POST('/v1/orgs/{orgId}/members/{userId}/suspend', {
          params: { path: { orgId, userId: A.users.admin.id } },
        })
      ).response.status,
    ).toBe(403);
    const lastOwner = await as.owner.PATCH('/v1/orgs/{orgId}/members/{userId}', {
      params: owner,
      body: { role: 'admin' },
    });
    expect(lastOwner.response.status).toBe(409);
    expect(lastOwner.error?.error).toMatchObject({ code: 'PS423', field: 'role' });
  });

  it('POST /v1/orgs/:orgId/leave lets a member go, but not the last owner', async () => {
    const org = ok(await as.loner.POST('/v1/orgs', { body: { name: 'Leavers' } }), 201);
    const here = { params: { path: { orgId: org.id } } };
    const inv = ok(
      await as.loner.POST('/v1/orgs/{orgId}/invitations', { ...here, body: { email: A.users.member.email } }),
      201,
    );
    ok(await as.member.POST('/v1/invitations/accept', { body: { token: inv.token } }));
    ok(await as.member.POST('/v1/orgs/{orgId}/leave', here), 204);
    expect((await as.member.GET('/v1/orgs/{orgId}', here)).response.status).toBe(404);
    const last = await as.loner.POST('/v1/orgs/{orgId}/leave', here);
    expect(last.response.status).toBe(409);
    expect(last.error?.error.code).toBe('PS423');
  });

  it('invitations: create returns the token once, the list never shows it, the invitee accepts, revoked ones are gone', async () => {
    const invitee = await person('5f3b2c6d-7e8f-4091-8b2c-3d4e5f6a7b8c', 'newhire@example.test');
    const here = { params: { path: { orgId } } };
    const created = await as.admin.POST('/v1/orgs/{orgId}/invitations', {
      ...here,
      body: { email: 'NewHire@example.test', role: 'viewer' },
    });
    const { invitation, token } = ok(created, 201);
    expect(token).toMatch(/^inv_[0-9a-f]{64}$/);
    expect(invitation).toMatchObject({ email: 'newhire@example.test', role: 'viewer', status: 'pending' });
    const list = await as.owner.GET('/v1/orgs/{orgId}/invitations', here);
    expect(ok(list).data.some((i) => i.id === invitation.id)).toBe(true);
    // Every byte of the answer (the client parsed it; serialised again it holds the same strings).
    expect(JSON.stringify(list.data)).not.toContain(token);
    expect(JSON.stringify(list.data)).not.toContain('token_hash');
    expect((await as.member.GET('/v1/orgs/{orgId}/invitations', here)).response.status).toBe(403);
    expect((await as.loner.POST('/v1/invitations/accept', { body: { token } })).response.status).toBe(403);
    const joined = ok(await invitee.POST('/v1/invitations/accept', { body: { token } }));
    expect(joined).toMatchObject({ id: A.id, my_role: 'viewer' });
    expect((await invitee.POST('/v1/invitations/accept', { body: { token } })).response.status).toBe(409);

    const second = ok(
      await as.admin.POST('/v1/orgs/{orgId}/invitations', { ...here, body: { email: 'maybe@example.test' } }),
      201,
    );
    ok(
      await as.admin.DELETE('/v1/orgs/{orgId}/invitations/{invitationId}', {
        params: { path: { orgId, invitationId: second.invitation.id } },
      }),
      204,
    );
    const gone = await (await person('6a4c3d7e-8f90-4a1b-9c3d-4e5f6a7b8c9d', 'maybe@example.test')).POST(
      '/v1/invitations/accept',
      { body: { token: second.token } },
    );
    expect(gone.response.status).toBe(410);
    const unknown = await invitee.POST('/v1/invitations/accept', { body: { token: `inv_${'f'.repeat(64)}` } });
    expect(unknown.error?.error).toMatchObject({ code: 'PS404', field: 'token' });
  });

  it('workspaces: list, create, read, edit under If-Match, delete; the default one stays; members may not create', async () => {
    const here = { params: { path: { orgId } } };
    const created = await as.admin.POST('/v1/orgs/{orgId}/workspaces', {
      ...here,
      body: { name: 'Marketing', description: 'Campaigns' },
    });
    const ws = ok(created, 201);
    expect(created.response.headers.get('location')).toBe(`/v1/orgs/${A.id}/workspaces/${ws.id}`);
    expect(ok(await as.viewer.GET('/v1/orgs/{orgId}/workspaces', here)).data.map((w) => w.id)).toContain(ws.id);
    const one = { params: { path: { orgId, workspaceId: ws.id } } };
    const read = await as.member.GET('/v1/orgs/{orgId}/workspaces/{workspaceId}', one);
    const etag = read.response.headers.get('etag') as string;
    const edited = await as.owner.PATCH('/v1/orgs/{orgId}/workspaces/{workspaceId}', {
      params: { path: { orgId, workspaceId: ws.id }, header: { 'if-match': etag } },
      body: { description: null },
    });
    expect(ok(edited)).toMatchObject({ name: 'Marketing', description: null });
    expect(
      (
        await as.owner.PATCH('/v1/orgs/{orgId}/workspaces/{workspaceId}', {
          params: { path: { orgId, workspaceId: ws.id }, header: { 'if-match': etag } },
          body: { name: 'X' },
        })
      ).response.status,
    ).toBe(412);
    expect(
      (await as.member.POST('/v1/orgs/{orgId}/workspaces', { ...here, body: { name: 'Nope' } })).response.status,
    ).toBe(403);
    expect((await as.member.DELETE('/v1/orgs/{orgId}/workspaces/{workspaceId}', one)).response.status).toBe(403);
    ok(await as.admin.DELETE('/v1/orgs/{orgId}/workspaces/{workspaceId}', one), 204);
    expect((await as.admin.GET('/v1/orgs/{orgId}/workspaces/{workspaceId}', one)).response.status).toBe(404);
    const keep = await as.owner.DELETE('/v1/orgs/{orgId}/workspaces/{workspaceId}', {
      params: { path: { orgId, workspaceId: A.defaultWorkspace } },
    });
    expect(keep.error?.error).toMatchObject({ code: 'PS409', field: 'workspace_id' });
  });

  it('projects: list (by workspace), create (the creator owns it), read, edit, delete; viewers may not create', async () => {
    const here = { params: { path: { orgId } } };
    const created = await as.member.POST('/v1/orgs/{orgId}/projects', {
      ...here,
      body: { workspace_id: A.workspace, name: 'Audit prep' },
    });
    const p = ok(created, 201);
    expect(p).toMatchObject({ workspace_id: A.workspace, name: 'Audit prep', created_by: A.users.member.id });
    const inWs = ok(
      await as.viewer.GET('/v1/orgs/{orgId}/projects', {
        params: { path: { orgId }, query: { workspace_id: A.workspace } },
      }),
    );
    expect(inWs.data.map((x) => x.id)).toEqual([p.id]);
    const one = { params: { path: { orgId, projectId: p.id } } };
    const team = ok(await as.viewer.GET('/v1/orgs/{orgId}/projects/{projectId}/members', one));
    expect(team.data).toMatchObject([{ user_id: A.users.member.id, role: 'owner' }]);
    const read = await as.viewer.GET('/v1/orgs/{orgId}/projects/{projectId}', one);
    // The member owns the project, so may edit it, though members cannot edit others' projects.
    const edited = await as.member.PATCH('/v1/orgs/{orgId}/projects/{projectId}', {
      params: { path: { orgId, projectId: p.id }, header: { 'if-match': read.response.headers.get('etag') as string } },
      body: { description: 'Q3' },
    });
    expect(ok(edited).description).toBe('Q3');
    expect(
      (
        await as.viewer.PATCH('/v1/orgs/{orgId}/projects/{projectId}', {
          params: { path: { orgId, projectId: A.project } },
          body: { name: 'Nope' },
        })
      ).response.status,
    ).toBe(403);
    expect(
      (
        await as.viewer.POST('/v1/orgs/{orgId}/projects', {
          ...here,
          body: { workspace_id: A.workspace, name: 'Nope' },
        })
      ).response.status,
    ).toBe(403);
    const nowhere = await as.member.POST('/v1/orgs/{orgId}/projects', {
      ...here,
      body: { workspace_id: DEMO.orgs.b.workspace, name: 'Nope' },
    });
    expect(nowhere.error?.error).toMatchObject({ code: 'PS404', field: 'workspace_id' });
    ok(await as.admin.DELETE('/v1/orgs/{orgId}/projects/{projectId}', one), 204);
    expect((await as.admin.GET('/v1/orgs/{orgId}/projects/{projectId}', one)).response.status).toBe(404);
  });

  it('project members: add, list, change role under If-Match, remove; strangers and duplicates are refused', async () => {
    const url = '/v1/orgs/{orgId}/projects/{projectId}/members' as const;
    const one = '/v1/orgs/{orgId}/projects/{projectId}/members/{userId}' as const;
    const project = { params: { path: { orgId, projectId: A.project } } };
    const admin = { params: { path: { orgId, projectId: A.project, userId: A.users.admin.id } } };
    const added = await as.owner.POST(url, { ...project, body: { user_id: A.users.admin.id, role: 'manager' } });
    expect(ok(added, 201)).toMatchObject({ user_id: A.users.admin.id, role: 'manager' });
    const dup = await as.owner.POST(url, { ...project, body: { user_id: A.users.admin.id, role: 'viewer' } });
    expect(dup.error?.error).toMatchObject({ code: 'PS409', field: 'user_id' });
    const stranger = await as.owner.POST(url, { ...project, body: { user_id: DEMO.loner.id, role: 'viewer' } });
    expect(stranger.error?.error).toMatchObject({ code: 'PS422', field: 'user_id' });
    expect(ok(await as.viewer.GET(url, project)).data.map((m) => m.user_id)).toContain(A.users.admin.id);
    const etag = added.response.headers.get('etag') as string;
    const changed = await as.owner.PATCH(one, {
      params: { ...admin.params, header: { 'if-match': etag } },
      body: { role: 'contributor' },
    });
    expect(ok(changed).role).toBe('contributor');
    expect(
      (
        await as.owner.PATCH(one, {
          params: { ...admin.params, header: { 'if-match': etag } },
          body: { role: 'viewer' },
        })
      ).response.status,
    ).toBe(412);
    expect((await as.viewer.DELETE(one, admin)).response.status).toBe(403);
    ok(await as.owner.DELETE(one, admin), 204);
    expect((await as.owner.DELETE(one, admin)).response.status).toBe(404);
  });

  it('If-Match: * matches any version, and a malformed If-Match is a 400 naming the header', async () => {
    const ws = (ifMatch: string) =>
      as.owner.PATCH('/v1/orgs/{orgId}/workspaces/{workspaceId}', {
        params: { path: { orgId, workspaceId: A.workspace }, header: { 'if-match': ifMatch } },
        body: { name: 'Research' },
      });
    expect((await ws('*')).response.status).toBe(200);
    const bad = await ws('no-quotes');
    expect(bad.error?.error).toMatchObject({ code: 'PS400', field: 'if-match' });
  });
});
