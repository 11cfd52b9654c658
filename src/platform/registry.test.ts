import { expect, it } from 'vitest';
import { DEMO } from '../seed/ids.ts';
import { describeEngines } from '../testing/engines.ts';
import { DEMO_REGISTRY } from './seed.ts';
import { A, ADMIN, expectCode, MEMBER_A, OWNER_A, SERVICE, sql } from './testing.ts';

const S = DEMO.stepTypes;

describeEngines('platform registries', (ctx) => {
  it('a published step type version is immutable: schemas, contract, version and publication cannot change', async () => {
    for (const [set, column] of [
      [`input_schema = '{"type":"object"}'`, 'input_schema'],
      [`external_call = '{}'`, 'external_call'],
      [`version = '1.0.1'`, 'version'],
      ['published_at = null', 'published_at'],
    ] as const) {
      await expectCode(
        sql(ctx.db, ADMIN, `update platform.step_type_versions set ${set} where id = $1`, [S.httpV1]),
        'PS409',
        column,
      );
    }
    await expectCode(
      sql(ctx.db, SERVICE, 'delete from platform.step_type_versions where id = $1', [S.httpV1]),
      'PS409',
      'published_at',
    );
  });

  it('a published version can still be deprecated and un-deprecated, and a draft edited and deleted', async () => {
    const [v] = await sql<{ deprecated_at: Date | null }>(
      ctx.db,
      ADMIN,
      'select deprecated_at from platform.deprecate_step_type_version($1)',
      [S.httpV1],
    );
    expect(v!.deprecated_at).not.toBeNull();
    const [u] = await sql<{ deprecated_at: Date | null }>(
      ctx.db,
      ADMIN,
      'select deprecated_at from platform.deprecate_step_type_version($1, false)',
      [S.httpV1],
    );
    expect(u!.deprecated_at).toBeNull();
    await sql(
      ctx.db,
      ADMIN,
      `update platform.step_type_versions set input_schema = '{"type":"object","properties":{}}' where id = $1`,
      [S.httpV2Draft],
    );
    const gone = await sql(ctx.db, ADMIN, 'delete from platform.step_type_versions where id = $1 returning id', [
      S.classifyDraft,
    ]);
    expect(gone).toHaveLength(1);
  });

  it('input and output schemas are validated on write, naming the field and the place', async () => {
    const insert = (input: string, output = '{"type":"object"}') =>
      sql(
        ctx.db,
        ADMIN,
        `insert into platform.step_type_versions (step_type_id, version, input_schema, output_schema) values ($1, '7.0.0', $2, $3)`,
        [S.http, input, output],
      );
    const e1 = await expectCode(
      insert('{"type":"object","properties":{"url":{"type":"strng"}}}'),
      'PS422',
      'input_schema',
    );
    expect(e1.message).toContain('/properties/url/type');
    const e2 = await expectCode(insert('{"type":"string","pattern":"^a"}'), 'PS422', 'input_schema');
    expect(e2.message).toContain('"pattern" is not supported');
    await expectCode(insert('{"type":"object"}', '{"required":"x"}'), 'PS422', 'output_schema');
    await expectCode(insert('[]'), 'PS422', 'input_schema');
  });

  it('versions are semantic and unique per step type', async () => {
    await expectCode(
      sql(ctx.db, ADMIN, `insert into platform.step_type_versions (step_type_id, version) values ($1, '1.0')`, [
        S.http,
      ]),
      '23514',
    );
    await expectCode(
      sql(ctx.db, ADMIN, `insert into platform.step_type_versions (step_type_id, version) values ($1, '1.0.0')`, [
        S.http,
      ]),
      '23505',
    );
    // The same version of another step type is fine.
    await sql(ctx.db, ADMIN, `insert into platform.step_type_versions (step_type_id, version) values ($1, '1.0.0')`, [
      DEMO_REGISTRY.stepTypes.email,
    ]).catch(
      (e: { code?: string }) => expect(e.code).toBe('23505'), // email.send 1.0.0 is seeded: the pair exists
    );
    await sql(
      ctx.db,
      ADMIN,
      `insert into platform.step_type_versions (step_type_id, version) values ($1, '9.0.0-rc.1')`,
      [DEMO_REGISTRY.stepTypes.email],
    );
  });

  it('semantic versions order numerically, with pre-releases before their release', async () => {
    const pairs: [string, string, number][] = [
      ['1.0.0', '1.0.0', 0],
      ['2.0.0', '10.0.0', -1],
      ['1.0.0-rc.1', '1.0.0', -1],
      ['1.0.0-alpha', '1.0.0-alpha.1', -1],
      ['1.0.0-alpha.beta', '1.0.0-beta', -1],
      ['1.0.0-2', '1.0.0-11', -1],
      ['1.0.0-rc.1', '1.0.0-beta.11', 1],
    ];
    for (const [a, b, want] of pairs) {
      const [r] = await sql<{ c: number }>(ctx.db, SERVICE, 'select app.semver_compare($1, $2) as c', [a, b]);
      expect(r!.c, `${a} vs ${b}`).toBe(want);
    }
  });

  it('tenants see only published versions, through the views and the tables alike', async () => {
    const view = await sql<{ id: string }>(ctx.db, MEMBER_A, 'select id from public.v_step_type_versions');
    expect(view.map((r) => r.id)).not.toContain(S.httpV2Draft);
    expect(view.map((r) => r.id)).toContain(S.httpV1);
    expect(
      await sql(ctx.db, MEMBER_A, 'select id from platform.step_type_versions where id = $1', [S.httpV2Draft]),
    ).toEqual([]);
    expect(await sql(ctx.db, MEMBER_A, 'select id from public.v_step_types where id = $1', [S.classify])).toEqual([]);
  });

  it('tenants cannot write any platform table or call any registry function', async () => {
    for (const [stmt, params] of [
      [`insert into platform.rule_packs (name, version, spec, published_at) values ('x', '1.0.0', '{}', now())`, []],
      ['update platform.step_type_versions set deprecated_at = now() where id = $1', [S.httpV1]],
      ['delete from platform.rule_sources', []],
      ['select platform.publish_step_type_version($1)', [S.httpV2Draft]],
      ['select platform.decide_rule_pack_proposal($1, true)', [DEMO.proposal]],
      [`select platform.record_rule_source_fetch($1, 200, '{}')`, [DEMO.ruleSource]],
    ] as const) {
      await expectCode(sql(ctx.db, OWNER_A, stmt, [...params]), '42501');
    }
    expect(
      (
        await sql<{ n: number }>(ctx.db, SERVICE, `select count(*)::int as n from platform.rule_packs where name = 'x'`)
      )[0]!.n,
    ).toBe(0);
  });

  it('publishing a draft makes it visible to tenants', async () => {
    await sql(ctx.db, ADMIN, 'select platform.publish_step_type_version($1)', [S.httpV2Draft]);
    const rows = await sql(ctx.db, MEMBER_A, 'select id from public.v_step_type_versions where id = $1', [
      S.httpV2Draft,
    ]);
    expect(rows).toHaveLength(1);
  });
});

describeEngines('rule pack workflow', (ctx) => {
  const newSource = async () => {
    const [s] = await sql<{ id: string }>(
      ctx.db,
      ADMIN,
      `insert into platform.rule_sources (key, name, url, rule_pack_name) values ('eu-ai-act', 'EU AI Act feed', 'https://example.org/ai.json', 'ai-act') returning id`,
    );
    return s!.id;
  };
  const fetch = (id: string, content: string | null, status = 200) =>
    sql<{ r: Record<string, string> }>(
      ctx.db,
      SERVICE,
      'select platform.record_rule_source_fetch($1, $2, $3, $4, null) as r',
      [id, status, content, '"etag-1"'],
    ).then((r) => r[0]!.r);

  it('a source snapshots its content, a changed hash opens a detection and a proposal, and approval publishes a rule pack version', async () => {
    const id = await newSource();
    const first = await fetch(id, '{"rules":["transparency"]}');
    expect(first).toMatchObject({ status: 'baseline', changed: true });
    expect(await fetch(id, '{"rules":["transparency"]}')).toMatchObject({ status: 'unchanged', changed: false });
    expect(await fetch(id, null, 304)).toMatchObject({ status: 'not_modified' });
    const change = await fetch(id, '{"rules":["transparency","risk-register"]}');
    expect(change).toMatchObject({ status: 'proposed', changed: true });

    const snaps = await sql<{ content_hash: string }>(
      ctx.db,
      ADMIN,
      'select content_hash from platform.rule_source_snapshots where source_id = $1 order by fetched_at',
      [id],
    );
    expect(snaps).toHaveLength(2);
    expect(snaps[0]!.content_hash).toMatch(/^[0-9a-f]{64}$/);
    const links = await sql(
      ctx.db,
      ADMIN,
      'select previous_snapshot_id is not null as has_previous from platform.rule_pack_detection_sources where detection_id = $1',
      [change.detection_id],
    );
    expect(links).toEqual([{ has_previous: true }]);

    const [p] = await sql<{ proposed_version: string; spec: unknown; status: string }>(
      ctx.db,
      ADMIN,
      'select proposed_version, spec, status from platform.rule_pack_proposals where id = $1',
      [change.proposal_id],
    );
    expect(p).toEqual({
      proposed_version: '1.0.0',
      spec: { rules: ['transparency', 'risk-register'] },
      status: 'pending',
    });
    // Tenants do not see the proposal's rule pack yet.
    expect(await sql(ctx.db, MEMBER_A, `select 1 from public.v_rule_packs where name = 'ai-act'`)).toEqual([]);

    const [decided] = await sql<{ status: string; rule_pack_id: string; decided_by: string }>(
      ctx.db,
      ADMIN,
      'select * from platform.decide_rule_pack_proposal($1, true, $2)',
      [change.proposal_id, 'looks right'],
    );
    expect(decided).toMatchObject({ status: 'approved', decided_by: DEMO.platformAdmin.id });
    const published = await sql(
      ctx.db,
      MEMBER_A,
      `select name, version, spec from public.v_rule_packs where name = 'ai-act'`,
    );
    expect(published).toEqual([
      { name: 'ai-act', version: '1.0.0', spec: { rules: ['transparency', 'risk-register'] } },
    ]);

    await expectCode(
      sql(ctx.db, ADMIN, 'select platform.decide_rule_pack_proposal($1, false)', [change.proposal_id]),
      'PS409',
      'status',
    );

    // The next change proposes the next minor version.
    const next = await fetch(id, '{"rules":["transparency","risk-register","logging"]}');
    const [p2] = await sql<{ proposed_version: string }>(
      ctx.db,
      ADMIN,
      'select proposed_version from platform.rule_pack_proposals where id = $1',
      [next.proposal_id],
    );
    expect(p2!.proposed_version).toBe('1.1.0');
  });

  it('approving a version that a draft already holds publishes the draft; one already published is a conflict', async () => {
    // The demo proposal is gdpr-core 1.1.0, for which the seed holds an unpublished draft.
    await sql(ctx.db, ADMIN, 'select platform.decide_rule_pack_proposal($1, true)', [DEMO.proposal]);
    const [pack] = await sql<{ published: boolean; spec: unknown }>(
      ctx.db,
      ADMIN,
      'select published_at is not null as published, spec from platform.rule_packs where id = $1',
      [DEMO.rulePacks.draft],
    );
    expect(pack).toEqual({ published: true, spec: { rules: ['retention', 'dsr'] } });
    const [det] = await sql<{ id: string }>(
      ctx.db,
      ADMIN,
      `insert into platform.rule_pack_detections (rule_pack_name) values ('gdpr-core') returning id`,
    );
    const [prop] = await sql<{ id: string }>(
      ctx.db,
      ADMIN,
      `select id from platform.propose_rule_pack($1, '1.1.0', '{"rules":[]}')`,
      [det!.id],
    );
    await expectCode(
      sql(ctx.db, ADMIN, 'select platform.decide_rule_pack_proposal($1, true)', [prop!.id]),
      'PS409',
      'proposed_version',
    );
  });

  it('rejecting a proposal dismisses its detection and publishes nothing', async () => {
    const id = await sql<{ id: string }>(
      ctx.db,
      ADMIN,
      `insert into platform.rule_sources (key, name, url) values ('nis2', 'NIS2', 'https://example.org/nis2.json') returning id`,
    ).then((r) => r[0]!.id);
    await fetch(id, '{"v":1}');
    const change = await fetch(id, '{"v":2}');
    await sql(ctx.db, ADMIN, 'select platform.decide_rule_pack_proposal($1, false, $2)', [change.proposal_id, 'noise']);
    const [det] = await sql<{ status: string }>(
      ctx.db,
      ADMIN,
      'select status from platform.rule_pack_detections where id = $1',
      [change.detection_id],
    );
    expect(det!.status).toBe('dismissed');
    expect(await sql(ctx.db, ADMIN, `select 1 from platform.rule_packs where name = 'nis2'`)).toEqual([]);
  });

  it('content that is not a JSON object is detected but not proposed', async () => {
    const id = await sql<{ id: string }>(
      ctx.db,
      ADMIN,
      `insert into platform.rule_sources (key, name, url) values ('dora', 'DORA', 'https://example.org/dora.html') returning id`,
    ).then((r) => r[0]!.id);
    await fetch(id, '<html>v1</html>');
    const change = await fetch(id, '<html>v2</html>');
    expect(change).toMatchObject({ status: 'detected' });
    expect(change.proposal_id).toBeUndefined();
  });

  it('a failed poll backs off exponentially and a success resets it', async () => {
    const id = await newSource().catch(
      async () =>
        (await sql<{ id: string }>(ctx.db, ADMIN, `select id from platform.rule_sources where key = 'eu-ai-act'`))[0]!
          .id,
    );
    const delays: number[] = [];
    for (let i = 0; i < 3; i++) {
      const [s] = await sql<{ delay: number; failure_count: number }>(
        ctx.db,
        SERVICE,
        `select extract(epoch from next_poll_at - last_polled_at)::int as delay, failure_count from platform.record_rule_source_failure($1, 'HTTP 503', 503)`,
        [id],
      );
      delays.push(s!.delay);
      expect(s!.failure_count).toBe(i + 1);
    }
    expect(delays).toEqual([60, 120, 240]);
    await fetch(id, null, 304);
    const [s] = await sql<{ failure_count: number; last_error: string | null }>(
      ctx.db,
      SERVICE,
      'select failure_count, last_error from platform.rule_sources where id = $1',
      [id],
    );
    expect(s).toEqual({ failure_count: 0, last_error: null });
  });

  it('a published rule pack is immutable', async () => {
    await expectCode(
      sql(ctx.db, ADMIN, `update platform.rule_packs set spec = '{}' where id = $1`, [DEMO.rulePacks.published]),
      'PS409',
      'spec',
    );
    await expectCode(
      sql(ctx.db, ADMIN, 'delete from platform.rule_packs where id = $1', [DEMO.rulePacks.published]),
      'PS409',
    );
  });

  it('two claimers never get the same due source', async () => {
    await sql(
      ctx.db,
      ADMIN,
      "update platform.rule_sources set next_poll_at = now() - interval '1 minute', enabled = true",
    );
    const first = await sql<{ id: string }>(ctx.db, SERVICE, 'select id from platform.claim_due_rule_sources(100)');
    const second = await sql<{ id: string }>(ctx.db, SERVICE, 'select id from platform.claim_due_rule_sources(100)');
    expect(first.length).toBeGreaterThan(0);
    expect(second).toEqual([]);
  });
});

describeEngines('tenant overlays', (ctx) => {
  const R = DEMO_REGISTRY;
  const installs = (p = OWNER_A) =>
    sql<{ id: string; step_type_version_id: string; pinned: boolean }>(
      ctx.db,
      p,
      'select id, step_type_version_id, pinned from public.step_type_installs where org_id = $1',
      [A.id],
    );

  it('installing an unpublished version is refused as not found, a deprecated one as gone', async () => {
    const err = await expectCode(
      sql(ctx.db, OWNER_A, 'insert into public.step_type_installs (org_id, step_type_version_id) values ($1, $2)', [
        A.id,
        S.classifyDraft,
      ]),
      'PS404',
      'step_type_version_id',
    );
    expect(err.message).toBe('step type version not found');
    // Operators can see drafts, and are refused all the same.
    await expectCode(
      sql(ctx.db, SERVICE, 'insert into public.step_type_installs (org_id, step_type_version_id) values ($1, $2)', [
        A.id,
        S.classifyDraft,
      ]),
      'PS404',
      'step_type_version_id',
    );
    await sql(ctx.db, ADMIN, 'select platform.deprecate_step_type_version($1)', [R.stepTypes.slackV1]);
    await expectCode(
      sql(ctx.db, OWNER_A, 'insert into public.step_type_installs (org_id, step_type_version_id) values ($1, $2)', [
        A.id,
        R.stepTypes.slackV1,
      ]),
      'PS410',
      'step_type_version_id',
    );
    await expectCode(
      sql(ctx.db, OWNER_A, 'insert into public.rule_pack_installs (org_id, rule_pack_id) values ($1, $2)', [
        A.id,
        DEMO.rulePacks.draft,
      ]),
      'PS404',
      'rule_pack_id',
    );
    await sql(ctx.db, ADMIN, 'select platform.deprecate_step_type_version($1, false)', [R.stepTypes.slackV1]);
  });

  it('members read installs but only owners and admins install', async () => {
    // http.request and email.send, and the two screening step types (src/runtime/seed.ts).
    expect((await installs(MEMBER_A)).length).toBe(4);
    const insert = (p = MEMBER_A) =>
      sql(
        ctx.db,
        p,
        'insert into public.step_type_installs (org_id, step_type_version_id) values ($1, $2) returning step_type_id',
        [A.id, R.stepTypes.slackV1],
      );
    await expectCode(insert(), '42501');
    const [row] = (await insert(OWNER_A)) as { step_type_id: string }[];
    expect(row!.step_type_id).toBe(R.stepTypes.slack); // filled from the version
    await expectCode(insert(OWNER_A), '23505'); // one install per step type
  });

  it("workflow step configuration is validated against the installed version's input schema", async () => {
    const ids = R.org(A);
    const add = (config: unknown, position = 5) =>
      sql(
        ctx.db,
        MEMBER_A,
        'insert into public.workflow_def_steps (org_id, workflow_def_id, position, install_id, config) values ($1, $2, $3, $4, $5)',
        [A.id, ids.workflow, position, ids.httpInstall, JSON.stringify(config)],
      );
    const err = await expectCode(add({ url: 42 }), 'PS422', 'config');
    expect(err.message).toBe('step 5 config/url: must be string');
    await expectCode(add({}), 'PS422', 'config');
    await add({ url: 'https://example.org/x' });
    // Another organisation's install cannot be referenced: it is not found.
    await expectCode(
      sql(
        ctx.db,
        MEMBER_A,
        'insert into public.workflow_def_steps (org_id, workflow_def_id, position, install_id, config) values ($1, $2, 6, $3, $4)',
        [A.id, ids.workflow, R.org(DEMO.orgs.b).httpInstall, '{"url":"https://x"}'],
      ),
      'PS404',
      'install_id',
    );
  });

  it('a pinned install refuses an unnamed upgrade; an upgrade that would break a workflow is refused naming it', async () => {
    const ids = R.org(A);
    await expectCode(
      sql(ctx.db, OWNER_A, 'select public.upgrade_step_type_install($1, $2)', [A.id, ids.httpInstall]),
      'PS409',
      'version_id',
    );
    // 1.1.0 keeps `url` required: a compatible upgrade.
    const [up] = await sql<{ step_type_version_id: string }>(
      ctx.db,
      OWNER_A,
      'select step_type_version_id from public.upgrade_step_type_install($1, $2, $3)',
      [A.id, ids.httpInstall, R.stepTypes.httpV11],
    );
    expect(up!.step_type_version_id).toBe(R.stepTypes.httpV11);
    // 3.0.0 requires a token the workflow does not configure.
    const [v3] = await sql<{ id: string }>(
      ctx.db,
      ADMIN,
      `insert into platform.step_type_versions (step_type_id, version, input_schema, published_at)
      values ($1, '3.0.0', '{"type":"object","properties":{"url":{"type":"string"},"token":{"type":"string"}},"required":["url","token"]}', now()) returning id`,
      [S.http],
    );
    await sql(ctx.db, OWNER_A, 'update public.step_type_installs set pinned = false where org_id = $1 and id = $2', [
      A.id,
      ids.httpInstall,
    ]);
    const err = await expectCode(
      sql(ctx.db, OWNER_A, 'select public.upgrade_step_type_install($1, $2)', [A.id, ids.httpInstall]),
      'PS422',
      'step_type_version_id',
    );
    expect(err.message).toContain('workflow "Vendor check" step 1');
    expect(err.message).toContain('must have the property "token"');
    const [still] = await sql<{ step_type_version_id: string }>(
      ctx.db,
      OWNER_A,
      'select step_type_version_id from public.step_type_installs where org_id = $1 and id = $2',
      [A.id, ids.httpInstall],
    );
    expect(still!.step_type_version_id).toBe(R.stepTypes.httpV11);
    expect(still!.step_type_version_id).not.toBe(v3!.id);
  });

  it('an install cannot be moved to another step type, and an install in use cannot be removed', async () => {
    const ids = R.org(A);
    await expectCode(
      sql(
        ctx.db,
        OWNER_A,
        'update public.step_type_installs set step_type_version_id = $3 where org_id = $1 and id = $2',
        [A.id, ids.httpInstall, R.stepTypes.emailV1],
      ),
      'PS422',
      'step_type_version_id',
    );
    await expectCode(
      sql(ctx.db, OWNER_A, 'delete from public.step_type_installs where org_id = $1 and id = $2', [
        A.id,
        ids.httpInstall,
      ]),
      '23503',
    );
  });

  it('an unpinned rule pack install follows the newest published version', async () => {
    const ids = R.org(A);
    await sql(ctx.db, ADMIN, 'update platform.rule_packs set published_at = now() where id = $1', [
      DEMO.rulePacks.draft,
    ]);
    await sql(ctx.db, OWNER_A, 'update public.rule_pack_installs set pinned = false where org_id = $1 and id = $2', [
      A.id,
      ids.gdprInstall,
    ]);
    const [up] = await sql<{ rule_pack_id: string }>(
      ctx.db,
      OWNER_A,
      'select rule_pack_id from public.upgrade_rule_pack_install($1, $2)',
      [A.id, ids.gdprInstall],
    );
    expect(up!.rule_pack_id).toBe(DEMO.rulePacks.draft);
  });
});
