import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { beforeAll, expect, it } from 'vitest';
import type { PalisadeClient } from '../client/index.ts';
import { DEMO } from '../seed/ids.ts';
import { bearer, json, userToken, useServer } from '../server/testing.ts';
import { ok, testClient } from '../testing/client.ts';
import { describeEngines } from '../testing/engines.ts';
import { DEMO_REGISTRY } from './seed.ts';
import { A, B } from './testing.ts';

describeEngines('platform registries over HTTP', (ctx) => {
  const server = useServer(ctx);
  const as = {} as Record<'admin' | 'owner' | 'member' | 'viewer' | 'ownerB', PalisadeClient>;
  const client = async (sub: string, email: string) => testClient(server, { token: await userToken(sub, { email }) });
  const inA = { params: { path: { orgId: A.id } } };
  let adminToken = '';

  beforeAll(async () => {
    const operator = bearer(await userToken(DEMO.platformAdmin.id, { email: DEMO.platformAdmin.email }));
    const minted = await server.inject({ method: 'POST', url: '/v1/admin/token', headers: operator });
    expect(minted.statusCode).toBe(201);
    adminToken = json(minted).token;
    as.admin = testClient(server, { token: adminToken });
    for (const k of ['owner', 'member', 'viewer'] as const) as[k] = await client(A.users[k].id, A.users[k].email);
    as.ownerB = await client(B.users.owner.id, B.users.owner.email);
  });

  it('an admin registers a step type version; bad schemas and contracts are refused naming the field', async () => {
    const t = ok(
      await as.admin.POST('/v1/admin/step-types', {
        body: { key: 'vendor.lookup', name: 'Vendor lookup', category: 'integration' },
      }),
      201,
    );
    const versions = '/v1/admin/step-types/{stepTypeId}/versions' as const;
    const ofT = { params: { path: { stepTypeId: t.id } } };
    const badSchema = await as.admin.POST(versions, {
      ...ofT,
      body: {
        version: '1.0.0',
        input_schema: { type: 'object', properties: { vat: { type: 'string', pattern: '^[A-Z]{2}' } } },
      },
    });
    expect(badSchema.response.status).toBe(422);
    expect(badSchema.error?.error).toMatchObject({ code: 'PS422', field: 'input_schema' });
    expect(badSchema.error?.error.message).toContain('/properties/vat/pattern');
    const badContract = await as.admin.POST(versions, {
      ...ofT,
      body: {
        version: '1.0.0',
        input_schema: { type: 'object', properties: { vat: { type: 'string' } } },
        external_call: { endpoint: 'https://api.example.com/{{config.country}}' },
      },
    });
    expect(badContract.error?.error).toMatchObject({
      field: 'external_call',
      message: 'external_call/endpoint: {{config.country}} is not a property of input_schema',
    });
    const v = ok(
      await as.admin.POST(versions, {
        ...ofT,
        body: {
          version: '1.0.0',
          input_schema: { type: 'object', properties: { vat: { type: 'string', minLength: 4 } }, required: ['vat'] },
          external_call: {
            endpoint: 'https://api.example.com/vat/{{config.vat}}',
            auth: { type: 'hmac_sha256', secret: 'vendor-api' },
            callback: { expected: true },
          },
        },
      }),
      201,
    );
    expect(v.external_call).toMatchObject({
      method: 'POST',
      timeout_ms: 10_000,
      callback: { expected: true, signature: 'hmac_sha256' },
    });
    expect((await as.admin.POST(versions, { ...ofT, body: { version: '1.0.0' } })).response.status).toBe(409);

    // Unpublished: invisible to tenants, not installable.
    const inCatalog = { params: { path: { stepTypeId: t.id } } };
    expect((await as.member.GET('/v1/catalog/step-types/{stepTypeId}', inCatalog)).response.status).toBe(404);
    const early = await as.owner.POST('/v1/orgs/{orgId}/step-type-installs', {
      ...inA,
      body: { step_type_version_id: v.id },
    });
    expect({ status: early.response.status, field: early.error?.error.field }).toEqual({
      status: 404,
      field: 'step_type_version_id',
    });

    const ofV = { params: { path: { versionId: v.id } } };
    const published = ok(await as.admin.POST('/v1/admin/step-type-versions/{versionId}/publish', ofV));
    expect(published.published_at).not.toBeNull();
    const frozen = await as.admin.PATCH('/v1/admin/step-type-versions/{versionId}', {
      ...ofV,
      body: { output_schema: { type: 'string' } },
    });
    expect({ status: frozen.response.status, field: frozen.error?.error.field }).toEqual({
      status: 409,
      field: 'output_schema',
    });
    const catalog = ok(await as.member.GET('/v1/catalog/step-types/{stepTypeId}', inCatalog));
    expect(catalog.versions.map((x) => x.version)).toEqual(['1.0.0']);
    // The contract is not a tenant column (read untyped: the spec rightly has no such field).
    expect((catalog.versions[0] as Record<string, unknown>).external_call).toBeUndefined();
  });

  it('tenant users are refused every admin route, and cannot reach a platform write any other way', async () => {
    for (const [url, res] of [
      ['/v1/admin/step-types', await as.owner.GET('/v1/admin/step-types')],
      [
        `/v1/admin/rule-pack-proposals/${DEMO.proposal}/approve`,
        await as.owner.POST('/v1/admin/rule-pack-proposals/{proposalId}/approve', {
          params: { path: { proposalId: DEMO.proposal } },
          body: {},
        }),
      ],
      [
        `/v1/admin/step-type-versions/${DEMO.stepTypes.httpV2Draft}/publish`,
        await as.owner.POST('/v1/admin/step-type-versions/{versionId}/publish', {
          params: { path: { versionId: DEMO.stepTypes.httpV2Draft } },
        }),
      ],
    ] as const) {
      expect(res.response.status, url).toBe(403);
    }
    const [{ n }] = (
      await ctx.db.query<{ n: number }>(
        `select count(*)::int as n from platform.step_type_versions where id = $1 and published_at is null`,
        [DEMO.stepTypes.httpV2Draft],
      )
    ).rows as [{ n: number }];
    expect(n).toBe(1);
  });

  it('owners install, pin and upgrade; members may not; deprecated versions are gone for new installs', async () => {
    const R = DEMO_REGISTRY;
    const installs = '/v1/orgs/{orgId}/step-type-installs' as const;
    const denied = await as.member.POST(installs, { ...inA, body: { step_type_version_id: R.stepTypes.slackV1 } });
    expect(denied.response.status).toBe(403);
    const inst = ok(
      await as.owner.POST(installs, { ...inA, body: { step_type_version_id: R.stepTypes.slackV1, pinned: false } }),
      201,
    );
    expect(inst).toMatchObject({
      step_type_key: 'slack.notify',
      version: '1.0.0',
      pinned: false,
      deprecated: false,
    });
    // Without a body (deprecate, the default): the spec calls the body required, so raw inject.
    const dep = await server.inject({
      method: 'POST',
      url: `/v1/admin/step-type-versions/${DEMO.stepTypes.httpV1}/deprecate`,
      headers: bearer(adminToken),
    });
    expect(json(dep)).toMatchObject({ id: DEMO.stepTypes.httpV1 });
    const gone = await as.ownerB.POST(installs, {
      params: { path: { orgId: B.id } },
      body: { step_type_version_id: DEMO.stepTypes.httpV1 },
    });
    expect({ status: gone.response.status, code: gone.error?.error.code, field: gone.error?.error.field }).toEqual({
      status: 410,
      code: 'PS410',
      field: 'step_type_version_id',
    });
    const httpInstall = { params: { path: { orgId: A.id, installId: R.org(A).httpInstall } } };
    const httpA = await as.viewer.GET('/v1/orgs/{orgId}/step-type-installs/{installId}', httpInstall);
    expect(httpA.data).toMatchObject({ version: '1.0.0', deprecated: true, pinned: true });
    const upgrade = '/v1/orgs/{orgId}/step-type-installs/{installId}/upgrade' as const;
    const pinnedUpgrade = await as.owner.POST(upgrade, { ...httpInstall, body: {} });
    expect({ status: pinnedUpgrade.response.status, field: pinnedUpgrade.error?.error.field }).toEqual({
      status: 409,
      field: 'version_id',
    });
    const named = await as.owner.POST(upgrade, {
      ...httpInstall,
      body: { step_type_version_id: R.stepTypes.httpV11 },
    });
    expect(named.data).toMatchObject({ version: '1.1.0', deprecated: false });
    await as.admin.POST('/v1/admin/step-type-versions/{versionId}/deprecate', {
      params: { path: { versionId: DEMO.stepTypes.httpV1 } },
      body: { deprecated: false },
    });
    // Another organisation's install under A's path is not found.
    expect(
      (
        await as.owner.GET('/v1/orgs/{orgId}/step-type-installs/{installId}', {
          params: { path: { orgId: A.id, installId: R.org(B).httpInstall } },
        })
      ).response.status,
    ).toBe(404);
  });

  it('workflow definitions keep ordered steps whose configuration matches the installed input schema', async () => {
    const R = DEMO_REGISTRY.org(A);
    const defs = '/v1/orgs/{orgId}/workflow-defs' as const;
    const bad = await as.member.POST(defs, {
      ...inA,
      body: {
        name: 'Onboarding',
        steps: [
          { install_id: R.httpInstall, config: { url: 'https://example.org' } },
          { install_id: R.emailInstall, config: { to: 'x' } },
        ],
      },
    });
    expect(bad.response.status).toBe(422);
    expect(bad.error?.error).toMatchObject({
      field: 'steps.1.config',
      message: 'step 2 config/to: must NOT have fewer than 3 characters',
    });
    const created = ok(
      await as.member.POST(defs, {
        ...inA,
        body: {
          name: 'Onboarding',
          steps: [
            { install_id: R.httpInstall, config: { url: 'https://example.org' } },
            { install_id: R.emailInstall, config: { to: 'ops@acme.test' } },
          ],
        },
      }),
      201,
    );
    expect(created.steps.map((s) => [s.position, s.step_type_key])).toEqual([
      [1, 'http.request'],
      [2, 'email.send'],
    ]);
    const reordered = await as.member.PATCH('/v1/orgs/{orgId}/workflow-defs/{workflowId}', {
      params: { path: { orgId: A.id, workflowId: created.id } },
      body: { steps: [{ install_id: R.emailInstall, config: { to: 'ops@acme.test' } }] },
    });
    expect(reordered.data?.steps).toHaveLength(1);
    expect((await as.viewer.POST(defs, { ...inA, body: { name: 'Viewer flow' } })).response.status).toBe(403);
    const foreign = await as.member.POST(defs, {
      ...inA,
      body: { name: 'Cross', steps: [{ install_id: DEMO_REGISTRY.org(B).httpInstall, config: {} }] },
    });
    expect({ status: foreign.response.status, field: foreign.error?.error.field }).toEqual({
      status: 404,
      field: 'steps.0.install_id',
    });
    // The install a workflow uses cannot be removed under it.
    expect(
      (
        await as.owner.DELETE('/v1/orgs/{orgId}/step-type-installs/{installId}', {
          params: { path: { orgId: A.id, installId: R.emailInstall } },
        })
      ).response.status,
    ).toBe(409);
  });

  it('a rule source polled through the admin API ends, after approval, as a published rule pack tenants can install', async () => {
    let body = '{"rules":["r1"]}';
    const feed = createServer((_req, res) => res.writeHead(200, { 'content-type': 'application/json' }).end(body));
    await new Promise<void>((resolve) => feed.listen(0, '127.0.0.1', resolve));
    const previous = process.env.PALISADE_ALLOW_PRIVATE_EGRESS;
    process.env.PALISADE_ALLOW_PRIVATE_EGRESS = '1';
    try {
      const src = ok(
        await as.admin.POST('/v1/admin/rule-sources', {
          body: {
            key: 'http-feed',
            name: 'HTTP feed',
            url: `http://127.0.0.1:${(feed.address() as AddressInfo).port}/rules.json`,
            rule_pack_name: 'http-pack',
          },
        }),
        201,
      );
      const ofSrc = { params: { path: { sourceId: src.id } } };
      const poll = () => as.admin.POST('/v1/admin/rule-sources/{sourceId}/poll', ofSrc);
      expect((await poll()).data?.status).toBe('baseline');
      body = '{"rules":["r1","r2"]}';
      const change = await poll();
      expect(change.data?.status).toBe('proposed');
      const snaps = await as.admin.GET('/v1/admin/rule-sources/{sourceId}/snapshots', ofSrc);
      expect(snaps.data?.data).toHaveLength(2);
      const proposal = { params: { path: { proposalId: change.data?.proposal_id as string } } };
      const approved = await as.admin.POST('/v1/admin/rule-pack-proposals/{proposalId}/approve', {
        ...proposal,
        body: { note: 'reviewed' },
      });
      expect(approved.data).toMatchObject({
        status: 'approved',
        decision_note: 'reviewed',
        decided_by: DEMO.platformAdmin.id,
      });
      const again = await as.admin.POST('/v1/admin/rule-pack-proposals/{proposalId}/reject', {
        ...proposal,
        body: {},
      });
      expect(again.error).toMatchObject({ error: { code: 'PS409' } });
      const packs = await as.member.GET('/v1/catalog/rule-packs');
      const pack = packs.data?.data.find((p) => p.name === 'http-pack');
      expect(pack).toMatchObject({ version: '1.0.0', spec: { rules: ['r1', 'r2'] } });
      const installed = await as.owner.POST('/v1/orgs/{orgId}/rule-pack-installs', {
        ...inA,
        body: { rule_pack_id: pack?.id as string },
      });
      expect(installed.data).toMatchObject({ rule_pack_name: 'http-pack', version: '1.0.0' });
      // Every admin write above is in admin_actions.
      const { rows } = await ctx.db.query<{ action: string }>(
        `select action from public.admin_actions where action like 'rule_pack_proposal.%' or action like '%rule-sources%'`,
      );
      expect(rows.map((r) => r.action)).toContain('rule_pack_proposal.approve');
    } finally {
      feed.close();
      if (previous === undefined) delete process.env.PALISADE_ALLOW_PRIVATE_EGRESS;
      else process.env.PALISADE_ALLOW_PRIVATE_EGRESS = previous;
    }
  });
});
