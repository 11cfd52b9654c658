import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { beforeAll, expect, it } from 'vitest';
import { DEMO } from '../seed/ids.ts';
import { bearer, json, userToken, useServer } from '../server/testing.ts';
import { describeEngines } from '../testing/engines.ts';
import { DEMO_REGISTRY } from './seed.ts';
import { A, B } from './testing.ts';

type Headers = Record<string, string>;

describeEngines('platform registries over HTTP', (ctx) => {
  const server = useServer(ctx);
  const as = {} as Record<'admin' | 'owner' | 'member' | 'viewer' | 'ownerB', Headers>;
  const call = async (method: string, url: string, headers: Headers, payload?: unknown) => {
    const res = await server.inject({
      method: method as 'GET',
      url,
      headers,
      ...(payload !== undefined ? { payload: payload as object } : {}),
    });
    return { status: res.statusCode, body: res.body ? json(res) : null, headers: res.headers };
  };

  beforeAll(async () => {
    const operator = bearer(await userToken(DEMO.platformAdmin.id, { email: DEMO.platformAdmin.email }));
    const minted = await server.inject({ method: 'POST', url: '/v1/admin/token', headers: operator });
    expect(minted.statusCode).toBe(201);
    as.admin = bearer(json(minted).token);
    for (const k of ['owner', 'member', 'viewer'] as const)
      as[k] = bearer(await userToken(A.users[k].id, { email: A.users[k].email }));
    as.ownerB = bearer(await userToken(B.users.owner.id, { email: B.users.owner.email }));
  });

  it('an admin registers a step type version; bad schemas and contracts are refused naming the field', async () => {
    const t = await call('POST', '/v1/admin/step-types', as.admin, {
      key: 'vendor.lookup',
      name: 'Vendor lookup',
      category: 'integration',
    });
    expect(t.status).toBe(201);
    const versions = `/v1/admin/step-types/${t.body.id}/versions`;
    const badSchema = await call('POST', versions, as.admin, {
      version: '1.0.0',
      input_schema: { type: 'object', properties: { vat: { type: 'string', pattern: '^[A-Z]{2}' } } },
    });
    expect(badSchema.status).toBe(422);
    expect(badSchema.body.error).toMatchObject({ code: 'PS422', field: 'input_schema' });
    expect(badSchema.body.error.message).toContain('/properties/vat/pattern');
    const badContract = await call('POST', versions, as.admin, {
      version: '1.0.0',
      input_schema: { type: 'object', properties: { vat: { type: 'string' } } },
      external_call: { endpoint: 'https://api.example.com/{{config.country}}' },
    });
    expect(badContract.body.error).toMatchObject({
      field: 'external_call',
      message: 'external_call/endpoint: {{config.country}} is not a property of input_schema',
    });
    const v = await call('POST', versions, as.admin, {
      version: '1.0.0',
      input_schema: { type: 'object', properties: { vat: { type: 'string', minLength: 4 } }, required: ['vat'] },
      external_call: {
        endpoint: 'https://api.example.com/vat/{{config.vat}}',
        auth: { type: 'hmac_sha256', secret: 'vendor-api' },
        callback: { expected: true },
      },
    });
    expect(v.status).toBe(201);
    expect(v.body.external_call).toMatchObject({
      method: 'POST',
      timeout_ms: 10_000,
      callback: { expected: true, signature: 'hmac_sha256' },
    });
    expect((await call('POST', versions, as.admin, { version: '1.0.0' })).status).toBe(409);

    // Unpublished: invisible to tenants, not installable.
    expect((await call('GET', `/v1/catalog/step-types/${t.body.id}`, as.member)).status).toBe(404);
    const early = await call('POST', `/v1/orgs/${A.id}/step-type-installs`, as.owner, {
      step_type_version_id: v.body.id,
    });
    expect({ status: early.status, field: early.body.error.field }).toEqual({
      status: 404,
      field: 'step_type_version_id',
    });

    const published = await call('POST', `/v1/admin/step-type-versions/${v.body.id}/publish`, as.admin);
    expect(published.body.published_at).not.toBeNull();
    const frozen = await call('PATCH', `/v1/admin/step-type-versions/${v.body.id}`, as.admin, {
      output_schema: { type: 'string' },
    });
    expect({ status: frozen.status, field: frozen.body.error.field }).toEqual({ status: 409, field: 'output_schema' });
    const catalog = await call('GET', `/v1/catalog/step-types/${t.body.id}`, as.member);
    expect(catalog.body.versions.map((x: { version: string }) => x.version)).toEqual(['1.0.0']);
    expect(catalog.body.versions[0].external_call).toBeUndefined(); // the contract is not a tenant column
  });

  it('tenant users are refused every admin route, and cannot reach a platform write any other way', async () => {
    for (const [method, url] of [
      ['GET', '/v1/admin/step-types'],
      ['POST', `/v1/admin/rule-pack-proposals/${DEMO.proposal}/approve`],
      ['POST', `/v1/admin/step-type-versions/${DEMO.stepTypes.httpV2Draft}/publish`],
    ] as const) {
      expect((await call(method, url, as.owner)).status, url).toBe(403);
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
    const denied = await call('POST', `/v1/orgs/${A.id}/step-type-installs`, as.member, {
      step_type_version_id: R.stepTypes.slackV1,
    });
    expect(denied.status).toBe(403);
    const inst = await call('POST', `/v1/orgs/${A.id}/step-type-installs`, as.owner, {
      step_type_version_id: R.stepTypes.slackV1,
      pinned: false,
    });
    expect(inst.status).toBe(201);
    expect(inst.body).toMatchObject({
      step_type_key: 'slack.notify',
      version: '1.0.0',
      pinned: false,
      deprecated: false,
    });
    const dep = await call('POST', `/v1/admin/step-type-versions/${DEMO.stepTypes.httpV1}/deprecate`, as.admin);
    expect(dep.body).toMatchObject({ id: DEMO.stepTypes.httpV1 });
    const gone = await call('POST', `/v1/orgs/${B.id}/step-type-installs`, as.ownerB, {
      step_type_version_id: DEMO.stepTypes.httpV1,
    });
    expect({ status: gone.status, code: gone.body.error.code, field: gone.body.error.field }).toEqual({
      status: 410,
      code: 'PS410',
      field: 'step_type_version_id',
    });
    const httpA = await call('GET', `/v1/orgs/${A.id}/step-type-installs/${R.org(A).httpInstall}`, as.viewer);
    expect(httpA.body).toMatchObject({ version: '1.0.0', deprecated: true, pinned: true });
    const pinnedUpgrade = await call(
      'POST',
      `/v1/orgs/${A.id}/step-type-installs/${R.org(A).httpInstall}/upgrade`,
      as.owner,
      {},
    );
    expect({ status: pinnedUpgrade.status, field: pinnedUpgrade.body.error.field }).toEqual({
      status: 409,
      field: 'version_id',
    });
    const named = await call('POST', `/v1/orgs/${A.id}/step-type-installs/${R.org(A).httpInstall}/upgrade`, as.owner, {
      step_type_version_id: R.stepTypes.httpV11,
    });
    expect(named.body).toMatchObject({ version: '1.1.0', deprecated: false });
    await call('POST', `/v1/admin/step-type-versions/${DEMO.stepTypes.httpV1}/deprecate`, as.admin, {
      deprecated: false,
    });
    // Another organisation's install under A's path is not found.
    expect((await call('GET', `/v1/orgs/${A.id}/step-type-installs/${R.org(B).httpInstall}`, as.owner)).status).toBe(
      404,
    );
  });

  it('workflow definitions keep ordered steps whose configuration matches the installed input schema', async () => {
    const R = DEMO_REGISTRY.org(A);
    const bad = await call('POST', `/v1/orgs/${A.id}/workflow-defs`, as.member, {
      name: 'Onboarding',
      steps: [
        { install_id: R.httpInstall, config: { url: 'https://example.org' } },
        { install_id: R.emailInstall, config: { to: 'x' } },
      ],
    });
    expect(bad.status).toBe(422);
    expect(bad.body.error).toMatchObject({
      field: 'steps.1.config',
      message: 'step 2 config/to: must NOT have fewer than 3 characters',
    });
    const created = await call('POST', `/v1/orgs/${A.id}/workflow-defs`, as.member, {
      name: 'Onboarding',
      steps: [
        { install_id: R.httpInstall, config: { url: 'https://example.org' } },
        { install_id: R.emailInstall, config: { to: 'ops@acme.test' } },
      ],
    });
    expect(created.status).toBe(201);
    expect(
      created.body.steps.map((s: { position: number; step_type_key: string }) => [s.position, s.step_type_key]),
    ).toEqual([
      [1, 'http.request'],
      [2, 'email.send'],
    ]);
    const reordered = await call('PATCH', `/v1/orgs/${A.id}/workflow-defs/${created.body.id}`, as.member, {
      steps: [{ install_id: R.emailInstall, config: { to: 'ops@acme.test' } }],
    });
    expect(reordered.body.steps).toHaveLength(1);
    expect((await call('POST', `/v1/orgs/${A.id}/workflow-defs`, as.viewer, { name: 'Viewer flow' })).status).toBe(403);
    const foreign = await call('POST', `/v1/orgs/${A.id}/workflow-defs`, as.member, {
      name: 'Cross',
      steps: [{ install_id: DEMO_REGISTRY.org(B).httpInstall, config: {} }],
    });
    expect({ status: foreign.status, field: foreign.body.error.field }).toEqual({
      status: 404,
      field: 'steps.0.install_id',
    });
    // The install a workflow uses cannot be removed under it.
    expect((await call('DELETE', `/v1/orgs/${A.id}/step-type-installs/${R.emailInstall}`, as.owner)).status).toBe(409);
  });

  it('a rule source polled through the admin API ends, after approval, as a published rule pack tenants can install', async () => {
    let body = '{"rules":["r1"]}';
    const feed = createServer((_req, res) => res.writeHead(200, { 'content-type': 'application/json' }).end(body));
    await new Promise<void>((resolve) => feed.listen(0, '127.0.0.1', resolve));
    const previous = process.env.PALISADE_ALLOW_PRIVATE_EGRESS;
    process.env.PALISADE_ALLOW_PRIVATE_EGRESS = '1';
    try {
      const src = await call('POST', '/v1/admin/rule-sources', as.admin, {
        key: 'http-feed',
        name: 'HTTP feed',
        url: `http://127.0.0.1:${(feed.address() as AddressInfo).port}/rules.json`,
        rule_pack_name: 'http-pack',
      });
      expect(src.status).toBe(201);
      expect((await call('POST', `/v1/admin/rule-sources/${src.body.id}/poll`, as.admin)).body.status).toBe('baseline');
      body = '{"rules":["r1","r2"]}';
      const change = await call('POST', `/v1/admin/rule-sources/${src.body.id}/poll`, as.admin);
      expect(change.body.status).toBe('proposed');
      const snaps = await call('GET', `/v1/admin/rule-sources/${src.body.id}/snapshots`, as.admin);
      expect(snaps.body.data).toHaveLength(2);
      const approved = await call(
        'POST',
        `/v1/admin/rule-pack-proposals/${change.body.proposal_id}/approve`,
        as.admin,
        { note: 'reviewed' },
      );
      expect(approved.body).toMatchObject({
        status: 'approved',
        decision_note: 'reviewed',
        decided_by: DEMO.platformAdmin.id,
      });
      const again = await call('POST', `/v1/admin/rule-pack-proposals/${change.body.proposal_id}/reject`, as.admin);
      expect(again.body).toMatchObject({ error: { code: 'PS409' } });
      const packs = await call('GET', '/v1/catalog/rule-packs', as.member);
      const pack = packs.body.data.find((p: { name: string }) => p.name === 'http-pack');
      expect(pack).toMatchObject({ version: '1.0.0', spec: { rules: ['r1', 'r2'] } });
      const installed = await call('POST', `/v1/orgs/${A.id}/rule-pack-installs`, as.owner, { rule_pack_id: pack.id });
      expect(installed.body).toMatchObject({ rule_pack_name: 'http-pack', version: '1.0.0' });
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
