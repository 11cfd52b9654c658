import { randomUUID } from 'node:crypto';
import { beforeAll, expect, it } from 'vitest';
import type { PalisadeClient } from '../client/index.ts';
import { DEMO } from '../seed/ids.ts';
import { userToken, useServer } from '../server/testing.ts';
import { ok, testClient } from '../testing/client.ts';
import { describeEngines } from '../testing/engines.ts';

const A = DEMO.orgs.a;
const P = DEMO.providerOrg;
const dl = DEMO.delegations;

/** A refusal: the status, its registered code and the field it names. */
function refused(res: { error?: unknown; response: Response }, status: number, field?: string) {
  expect(res.response.status, JSON.stringify(res.error ?? null)).toBe(status);
  expect((res.error as { error: unknown }).error).toMatchObject({ code: `PS${status}`, ...(field ? { field } : {}) });
}

describeEngines('HTTP provider delegation: grant, accept, assign, act through the client routes, revoke', (ctx) => {
  const server = useServer(ctx);
  const person = async (sub: string, email: string) => testClient(server, { token: await userToken(sub, { email }) });
  const demo: Record<'pOwner' | 'pAdmin' | 'pMember' | 'aOwner', PalisadeClient> = {} as never;
  beforeAll(async () => {
    demo.pOwner = await person(P.users.owner.id, P.users.owner.email);
    demo.pAdmin = await person(P.users.admin.id, P.users.admin.email);
    demo.pMember = await person(P.users.member.id, P.users.member.email);
    demo.aOwner = await person(A.users.owner.id, A.users.owner.email);
  });

  /** Someone new, with a typed client of their own. */
  async function newcomer(kind: string) {
    const id = randomUUID();
    const email = `${kind}-${id.slice(0, 8)}@providers.test`;
    return { id, email, api: await person(id, email) };
  }

  /** A client organisation (owner, admin) and a provider organisation (owner, member), made through the API. */
  async function world() {
    const c = { owner: await newcomer('c-owner'), admin: await newcomer('c-admin') };
    const p = { owner: await newcomer('p-owner'), member: await newcomer('p-member') };
    const client = ok(await c.owner.api.POST('/v1/orgs', { body: { name: 'Client' } }), 201).id;
    const provider = ok(await p.owner.api.POST('/v1/orgs', { body: { name: 'Provider' } }), 201).id;
    const join = async (
      owner: PalisadeClient,
      orgId: string,
      who: { email: string; api: PalisadeClient },
      role: 'admin' | 'member',
    ) => {
      const inv = ok(
        await owner.POST('/v1/orgs/{orgId}/invitations', {
          params: { path: { orgId } },
          body: { email: who.email, role },
        }),
        201,
      );
      ok(await who.api.POST('/v1/invitations/accept', { body: { token: inv.token } }));
    };
    await join(c.owner.api, client, c.admin, 'admin');
    await join(p.owner.api, provider, p.member, 'member');
    const workspace = ok(await c.owner.api.GET('/v1/orgs/{orgId}/workspaces', { params: { path: { orgId: client } } }))
      .data[0]!.id;
    return { client, provider, c, p, workspace };
  }
  type World = Awaited<ReturnType<typeof world>>;

  const grant = async (w: World, body: { role_ceiling: 'viewer' | 'member' | 'admin'; workspace_ids?: string[] }) =>
    ok(
      await w.c.owner.api.POST('/v1/orgs/{orgId}/providers', {
        params: { path: { orgId: w.client } },
        body: { provider_org_id: w.provider, ...body },
      }),
      201,
    );

  /** Granted, accepted, and the provider's member assigned at `role`: the delegation's id. */
  async function delegate(w: World, ceiling: 'viewer' | 'member' | 'admin', workspaceIds?: string[]) {
    const d = await grant(w, { role_ceiling: ceiling, ...(workspaceIds ? { workspace_ids: workspaceIds } : {}) });
    const path = { orgId: w.provider, delegationId: d.id };
    ok(await w.p.owner.api.POST('/v1/orgs/{orgId}/clients/{delegationId}/accept', { params: { path } }));
    ok(
      await w.p.owner.api.POST('/v1/orgs/{orgId}/clients/{delegationId}/assignments', {
        params: { path },
        body: { user_id: w.p.member.id, role: 'member' },
      }),
      201,
    );
    return d.id;
  }

  it('GET /v1/me/clients lists where I act now and at which role; GET /v1/orgs/:orgId/clients is the provider’s view, paged', async () => {
    expect(ok(await demo.pAdmin.GET('/v1/me/clients')).data).toEqual([
      {
        org_id: A.id,
        name: A.name,
        provider_org_id: P.id,
        delegation_id: dl.aActive,
        // Assigned as admin, capped by A's ceiling.
        role: 'member',
        workspace_ids: [],
        expires_at: null,
      },
    ]);
    // GET /v1/orgs lists the client beside the provider, with no membership role in it.
    const orgs = ok(await demo.pAdmin.GET('/v1/orgs')).data.map((o) => [o.id, o.my_role]);
    expect(orgs).toEqual(
      expect.arrayContaining([
        [P.id, 'admin'],
        [A.id, null],
      ]),
    );
    // Assigned only in a revoked delegation.
    expect(ok(await demo.pMember.GET('/v1/me/clients')).data).toEqual([]);
    expect(ok(await demo.aOwner.GET('/v1/me/clients')).data).toEqual([]);

    const all = ok(await demo.pOwner.GET('/v1/orgs/{orgId}/clients', { params: { path: { orgId: P.id } } }));
    const byId = new Map(all.data.map((c) => [c.delegation_id, c]));
    expect(byId.get(dl.aActive)).toMatchObject({
      org_id: A.id,
      name: A.name,
      role_ceiling: 'member',
      status: 'active',
    });
    expect(byId.get(dl.aRevoked)?.status).toBe('revoked');
    expect(byId.get(dl.bExpired)?.status).toBe('expired');
    expect(byId.has(dl.dActive)).toBe(false); // the deleted organisation's
    expect(byId.get(dl.aActive)?.assignments).toContainEqual(
      expect.objectContaining({ user_id: P.users.admin.id, provider_role: null, role: 'admin' }),
    );
    const first = ok(
      await demo.pOwner.GET('/v1/orgs/{orgId}/clients', { params: { path: { orgId: P.id }, query: { limit: 2 } } }),
    );
    expect(first.data).toHaveLength(2);
    const rest = ok(
      await demo.pOwner.GET('/v1/orgs/{orgId}/clients', {
        params: { path: { orgId: P.id }, query: { limit: 100, cursor: first.next_cursor as string } },
      }),
    );
    expect([...first.data, ...rest.data].map((c) => c.delegation_id)).toEqual(all.data.map((c) => c.delegation_id));
    expect(rest.next_cursor).toBeNull();
    // The provider's members who are not owners or admins do not see its clients.
    refused(await demo.pMember.GET('/v1/orgs/{orgId}/clients', { params: { path: { orgId: P.id } } }), 403);
  });

  it('a delegate lists and creates the client’s projects through the existing routes, and gets 404 after revocation', async () => {
    const w = await world();
    const granted = await grant(w, { role_ceiling: 'member' });
    expect(granted).toMatchObject({ provider_org_id: w.provider, role_ceiling: 'member', status: 'pending' });
    const path = { orgId: w.provider, delegationId: granted.id };
    const pending = ok(
      await w.p.owner.api.GET('/v1/orgs/{orgId}/clients', { params: { path: { orgId: w.provider } } }),
    );
    expect(pending.data).toMatchObject([{ delegation_id: granted.id, org_id: w.client, status: 'pending' }]);
    expect(
      ok(await w.p.owner.api.POST('/v1/orgs/{orgId}/clients/{delegationId}/accept', { params: { path } })).status,
    ).toBe('active');
    // Accepted, but nobody acts until named.
    expect(ok(await w.p.member.api.GET('/v1/me/clients')).data).toEqual([]);
    const assigned = ok(
      await w.p.owner.api.POST('/v1/orgs/{orgId}/clients/{delegationId}/assignments', {
        params: { path },
        body: { user_id: w.p.member.id, role: 'admin' },
      }),
      201,
    );
    expect(assigned).toEqual({ id: expect.any(String), user_id: w.p.member.id, provider_role: null, role: 'admin' });
    expect(ok(await w.p.member.api.GET('/v1/me/clients')).data).toMatchObject([
      { org_id: w.client, delegation_id: granted.id, role: 'member' }, // the ceiling caps the assignment
    ]);

    const clientPath = { path: { orgId: w.client } };
    const act = () =>
      w.p.member.api.POST('/v1/orgs/{orgId}/projects', {
        params: clientPath,
        body: { workspace_id: w.workspace, name: 'Through the provider' },
      });
    const created = ok(await act(), 201);
    expect(created.created_by).toBe(w.p.member.id);
    expect(
      ok(await w.p.member.api.GET('/v1/orgs/{orgId}/projects', { params: clientPath })).data.map((p) => p.id),
    ).toEqual([created.id]);
    // At member, the delegate does not see the client's delegations (owners and admins only).
    expect((await w.p.member.api.GET('/v1/orgs/{orgId}/providers', { params: clientPath })).response.status).toBe(403);

    const seen = ok(
      await w.c.admin.api.GET('/v1/orgs/{orgId}/providers/{delegationId}', {
        params: { path: { orgId: w.client, delegationId: granted.id } },
      }),
    );
    expect(seen).toMatchObject({ status: 'active', accepted_by: w.p.owner.id, assignments: [assigned] });
    ok(
      await w.c.owner.api.DELETE('/v1/orgs/{orgId}/providers/{delegationId}', {
        params: { path: { orgId: w.client, delegationId: granted.id } },
      }),
      204,
    );
    // The next request already runs without it.
    refused(await w.p.member.api.GET('/v1/orgs/{orgId}/projects', { params: clientPath }), 404, 'org_id');
    refused(await act(), 404, 'org_id');
    expect(ok(await w.p.member.api.GET('/v1/me/clients')).data).toEqual([]);
    const listed = ok(await w.c.owner.api.GET('/v1/orgs/{orgId}/providers', { params: clientPath }));
    expect(listed.data).toMatchObject([{ id: granted.id, status: 'revoked', revoked_by: w.c.owner.id }]);
    // Revoked is for good: it cannot be revoked, changed or accepted again.
    const again = { params: { path: { orgId: w.client, delegationId: granted.id } } };
    refused(await w.c.owner.api.DELETE('/v1/orgs/{orgId}/providers/{delegationId}', again), 404, 'delegation_id');
    refused(
      await w.c.owner.api.PATCH('/v1/orgs/{orgId}/providers/{delegationId}', {
        ...again,
        body: { role_ceiling: 'admin' },
      }),
      404,
      'delegation_id',
    );
    refused(
      await w.p.owner.api.POST('/v1/orgs/{orgId}/clients/{delegationId}/accept', { params: { path } }),
      404,
      'delegation_id',
    );
  });

  it('PATCH changes ceiling, expiry and workspaces under If-Match, keeps what it does not name, and the delegate feels it at once', async () => {
    const w = await world();
    const id = await delegate(w, 'admin');
    const path = { orgId: w.client, delegationId: id };
    const read = await w.c.owner.api.GET('/v1/orgs/{orgId}/providers/{delegationId}', { params: { path } });
    const etag = read.response.headers.get('etag') as string;
    const expires = new Date(Date.now() + 86_400_000).toISOString();
    const changed = await w.c.owner.api.PATCH('/v1/orgs/{orgId}/providers/{delegationId}', {
      params: { path, header: { 'if-match': etag } },
      body: { role_ceiling: 'viewer', expires_at: expires },
    });
    expect(ok(changed)).toMatchObject({ role_ceiling: 'viewer', expires_at: expires, workspace_ids: [] });
    refused(
      await w.c.owner.api.PATCH('/v1/orgs/{orgId}/providers/{delegationId}', {
        params: { path, header: { 'if-match': etag } },
        body: { role_ceiling: 'member' },
      }),
      412,
      'if-match',
    );
    // A viewer now: the next create is refused.
    refused(
      await w.p.member.api.POST('/v1/orgs/{orgId}/projects', {
        params: { path: { orgId: w.client } },
        body: { workspace_id: w.workspace, name: 'Nope' },
      }),
      403,
    );
    // Only the workspaces: ceiling and expiry stay as they are.
    const limited = ok(
      await w.c.owner.api.PATCH('/v1/orgs/{orgId}/providers/{delegationId}', {
        params: { path },
        body: { workspace_ids: [w.workspace] },
      }),
    );
    expect(limited).toMatchObject({ role_ceiling: 'viewer', expires_at: expires, workspace_ids: [w.workspace] });
    const whole = ok(
      await w.c.owner.api.PATCH('/v1/orgs/{orgId}/providers/{delegationId}', {
        params: { path },
        body: { expires_at: null, workspace_ids: [] },
      }),
    );
    expect(whole).toMatchObject({ role_ceiling: 'viewer', expires_at: null, workspace_ids: [] });
    expect(changed.response.headers.get('etag')).not.toBe(etag);

    const patch = (body: object) =>
      w.c.owner.api.PATCH('/v1/orgs/{orgId}/providers/{delegationId}', { params: { path }, body: body as never });
    refused(await patch({ role_ceiling: 'owner' }), 422, 'role_ceiling');
    refused(await patch({ expires_at: new Date(Date.now() - 60_000).toISOString() }), 422, 'expires_at');
    refused(await patch({ workspace_ids: [randomUUID()] }), 404, 'workspace_ids');
    refused(await patch({ status: 'active' }), 422);
    // Admins read delegations but only owners change them.
    refused(
      await w.c.admin.api.PATCH('/v1/orgs/{orgId}/providers/{delegationId}', {
        params: { path },
        body: { role_ceiling: 'admin' },
      }),
      403,
    );
    refused(await w.c.admin.api.DELETE('/v1/orgs/{orgId}/providers/{delegationId}', { params: { path } }), 403);
  });

  it('a bad grant is refused naming the field, and only owners grant', async () => {
    const w = await world();
    const post = (api: PalisadeClient, body: object) =>
      api.POST('/v1/orgs/{orgId}/providers', { params: { path: { orgId: w.client } }, body: body as never });
    const valid = { provider_org_id: w.provider, role_ceiling: 'member' };
    refused(await post(w.c.owner.api, { ...valid, role_ceiling: 'owner' }), 422, 'role_ceiling');
    refused(await post(w.c.owner.api, { role_ceiling: 'member' }), 422, 'provider_org_id');
    refused(await post(w.c.owner.api, { ...valid, provider_org_id: randomUUID() }), 404, 'provider_org_id');
    refused(await post(w.c.owner.api, { ...valid, provider_org_id: w.client }), 422, 'provider_org_id');
    refused(await post(w.c.owner.api, { ...valid, expires_at: '2001-01-01T00:00:00Z' }), 422, 'expires_at');
    refused(await post(w.c.owner.api, { ...valid, workspace_ids: [randomUUID()] }), 404, 'workspace_ids');
    refused(await post(w.c.owner.api, { ...valid, note: 'unknown field' }), 422);
    refused(await post(w.c.admin.api, valid), 403);
    expect(
      ok(await w.c.owner.api.GET('/v1/orgs/{orgId}/providers', { params: { path: { orgId: w.client } } })).data,
    ).toEqual([]);
    const created = await post(w.c.owner.api, valid);
    expect(ok(created, 201).status).toBe('pending');
    expect(created.response.headers.get('location')).toBe(`/v1/orgs/${w.client}/providers/${created.data!.id}`);
    refused(await post(w.c.owner.api, valid), 409, 'provider_org_id');
  });

  it('the provider accepts once, assigns by person or by provider role, and unassigning ends the access', async () => {
    const w = await world();
    const d = await grant(w, { role_ceiling: 'admin' });
    const path = { orgId: w.provider, delegationId: d.id };
    const assign = (api: PalisadeClient, body: object) =>
      api.POST('/v1/orgs/{orgId}/clients/{delegationId}/assignments', { params: { path }, body: body as never });
    // The provider's plain members neither accept nor assign.
    refused(await w.p.member.api.POST('/v1/orgs/{orgId}/clients/{delegationId}/accept', { params: { path } }), 403);
    ok(await w.p.owner.api.POST('/v1/orgs/{orgId}/clients/{delegationId}/accept', { params: { path } }));
    refused(
      await w.p.owner.api.POST('/v1/orgs/{orgId}/clients/{delegationId}/accept', { params: { path } }),
      409,
      'delegation_id',
    );
    refused(await assign(w.p.member.api, { user_id: w.p.member.id, role: 'member' }), 403);
    refused(await assign(w.p.owner.api, { role: 'member' }), 422, 'user_id');
    refused(
      await assign(w.p.owner.api, { user_id: w.p.member.id, provider_role: 'member', role: 'member' }),
      422,
      'user_id',
    );
    refused(await assign(w.p.owner.api, { user_id: w.c.owner.id, role: 'member' }), 404, 'user_id');
    refused(await assign(w.p.owner.api, { user_id: w.p.member.id, role: 'owner' }), 422, 'role');

    const everyMember = ok(await assign(w.p.owner.api, { provider_role: 'member', role: 'viewer' }), 201);
    expect(everyMember).toMatchObject({ user_id: null, provider_role: 'member', role: 'viewer' });
    expect(ok(await w.p.member.api.GET('/v1/me/clients')).data.map((c) => c.role)).toEqual(['viewer']);
    // Naming the same provider role again changes its role, not a second assignment.
    const raised = ok(await assign(w.p.owner.api, { provider_role: 'member', role: 'member' }), 201);
    expect(raised.id).toBe(everyMember.id);
    expect(ok(await w.p.member.api.GET('/v1/me/clients')).data.map((c) => c.role)).toEqual(['member']);

    const unassign = (assignmentId: string) =>
      w.p.owner.api.DELETE('/v1/orgs/{orgId}/clients/{delegationId}/assignments/{assignmentId}', {
        params: { path: { ...path, assignmentId } },
      });
    refused(await unassign(randomUUID()), 404, 'assignment_id');
    ok(await unassign(everyMember.id), 204);
    expect(ok(await w.p.member.api.GET('/v1/me/clients')).data).toEqual([]);
    refused(
      await w.p.member.api.GET('/v1/orgs/{orgId}/projects', { params: { path: { orgId: w.client } } }),
      404,
      'org_id',
    );
  });

  it('a stranger gets 404, never 403, for another organisation’s delegation, on either side', async () => {
    const w = await world();
    const id = await delegate(w, 'admin');
    const other = await world();
    const theirs = { params: { path: { orgId: w.client, delegationId: id } } };
    for (const stranger of [other.c.owner.api, other.p.owner.api]) {
      refused(
        await stranger.GET('/v1/orgs/{orgId}/providers', { params: { path: { orgId: w.client } } }),
        404,
        'org_id',
      );
      refused(await stranger.GET('/v1/orgs/{orgId}/providers/{delegationId}', theirs), 404, 'org_id');
      refused(
        await stranger.PATCH('/v1/orgs/{orgId}/providers/{delegationId}', {
          ...theirs,
          body: { role_ceiling: 'viewer' },
        }),
        404,
        'org_id',
      );
      refused(await stranger.DELETE('/v1/orgs/{orgId}/providers/{delegationId}', theirs), 404, 'org_id');
      refused(
        await stranger.GET('/v1/orgs/{orgId}/clients', { params: { path: { orgId: w.provider } } }),
        404,
        'org_id',
      );
    }
    // Their own organisation in the path, someone else's delegation: not found either.
    const mine = { params: { path: { orgId: other.client, delegationId: id } } };
    refused(await other.c.owner.api.GET('/v1/orgs/{orgId}/providers/{delegationId}', mine), 404, 'delegation_id');
    refused(
      await other.c.owner.api.PATCH('/v1/orgs/{orgId}/providers/{delegationId}', {
        ...mine,
        body: { role_ceiling: 'viewer' },
      }),
      404,
      'delegation_id',
    );
    refused(await other.c.owner.api.DELETE('/v1/orgs/{orgId}/providers/{delegationId}', mine), 404, 'delegation_id');
    const asProvider = { params: { path: { orgId: other.provider, delegationId: id } } };
    refused(
      await other.p.owner.api.POST('/v1/orgs/{orgId}/clients/{delegationId}/accept', asProvider),
      404,
      'delegation_id',
    );
    refused(
      await other.p.owner.api.POST('/v1/orgs/{orgId}/clients/{delegationId}/assignments', {
        ...asProvider,
        body: { provider_role: 'member', role: 'admin' },
      }),
      404,
      'delegation_id',
    );
    // Nothing changed.
    expect(ok(await w.c.owner.api.GET('/v1/orgs/{orgId}/providers/{delegationId}', theirs))).toMatchObject({
      status: 'active',
      role_ceiling: 'admin',
    });
  });

  it('a workspace-limited delegate reaches its workspace’s projects but not the organisation’s routes', async () => {
    const w = await world();
    const clientPath = { params: { path: { orgId: w.client } } };
    const two = ok(
      await w.c.owner.api.POST('/v1/orgs/{orgId}/workspaces', { ...clientPath, body: { name: 'Two' } }),
      201,
    ).id;
    const inOne = ok(
      await w.c.owner.api.POST('/v1/orgs/{orgId}/projects', {
        ...clientPath,
        body: { workspace_id: w.workspace, name: 'In one' },
      }),
      201,
    );
    ok(
      await w.c.owner.api.POST('/v1/orgs/{orgId}/projects', {
        ...clientPath,
        body: { workspace_id: two, name: 'In two' },
      }),
      201,
    );
    await delegate(w, 'admin', [w.workspace]);
    const m = w.p.member.api;
    expect(ok(await m.GET('/v1/me/clients')).data).toMatchObject([{ org_id: w.client, workspace_ids: [w.workspace] }]);
    // The organisation-wide routes do not know it.
    refused(await m.GET('/v1/orgs/{orgId}', clientPath), 404, 'org_id');
    refused(await m.GET('/v1/orgs/{orgId}/members', clientPath), 404, 'org_id');
    // Its workspace and that workspace's projects are listed, as RLS shows them.
    expect(ok(await m.GET('/v1/orgs/{orgId}/workspaces', clientPath)).data.map((x) => x.id)).toEqual([w.workspace]);
    expect(ok(await m.GET('/v1/orgs/{orgId}/projects', clientPath)).data.map((p) => p.id)).toEqual([inOne.id]);
    // The other workspace's projects: none visible, so the route's membership check answers, and it fails.
    refused(
      await m.GET('/v1/orgs/{orgId}/projects', { params: { path: { orgId: w.client }, query: { workspace_id: two } } }),
      404,
      'org_id',
    );
    // Creating asserts membership of the organisation first (run), so even its own workspace is refused
    // over HTTP, although public.create_project would accept it.
    refused(
      await m.POST('/v1/orgs/{orgId}/projects', { ...clientPath, body: { workspace_id: w.workspace, name: 'Scoped' } }),
      404,
      'org_id',
    );
  });
});
