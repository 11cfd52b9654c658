import { beforeAll, expect, it } from 'vitest';
import { mintAdminToken } from '../../auth/admin-token.ts';
import { type Claims, withPrincipal } from '../../db/principal.ts';
import { DEMO } from '../../seed/ids.ts';
import { json, testConfig, userToken, useServer } from '../../server/testing.ts';
import { describeEngines } from '../../testing/engines.ts';
import { qualifierDeps } from './qualify.ts';
import { qualifyRoutes } from './routes.ts';
import { addLead, GOOD_LEAD, qualificationCount, setAiQualificationsUsed } from './testing/leads.ts';

const A = DEMO.orgs.a;
const B = DEMO.orgs.b;

describeEngines('lead qualification over HTTP: the rules scorer, who may, limits, settings', (ctx) => {
  // No LLM here (llm.test.ts and llm-routes.test.ts have one); the queue is job.test.ts's.
  const server = useServer(ctx, () => ({
    routes: [async () => ({ default: qualifyRoutes({ deps: qualifierDeps({ llm: null }) }) })],
  }));
  const people = {
    owner: A.users.owner.id,
    admin: A.users.admin.id,
    member: A.users.member.id,
    viewer: A.users.viewer.id,
    ownerB: B.users.owner.id,
  };
  type Who = keyof typeof people;
  let lead: string;
  let leadB: string;
  beforeAll(async () => {
    // The research workspace: the demo seed gives the default one settings already.
    lead = await addLead(ctx.db, A.id, A.workspace);
    leadB = await addLead(ctx.db, B.id, B.defaultWorkspace);
  });
  const call = async (who: Who, method: 'GET' | 'POST' | 'PUT', url: string, payload?: unknown) =>
    server.inject({
      method,
      url,
      headers: { authorization: `Bearer ${await userToken(people[who])}` },
      ...(payload === undefined ? {} : { payload: payload as object }),
    });
  const qualify = (who: Who, id = lead, org = A.id, body: unknown = {}) =>
    call(who, 'POST', `/v1/orgs/${org}/leads/${id}/qualify`, body);
  const settingsUrl = (ws = A.workspace, org = A.id) => `/v1/orgs/${org}/workspaces/${ws}/qualification-settings`;
  const usedThisMonth = async () =>
    (
      await ctx.db.query<{ used: string }>(
        `select coalesce((select used from public.usage_counters
          where org_id = $1 and metric = 'ai_qualifications' and period_start = app.usage_period()), 0) as used`,
        [A.id],
      )
    ).rows[0]!.used;

  it('a member qualifies a lead: 201, the lead’s summary follows, one AI qualification counted', async () => {
    const before = Number(await usedThisMonth());
    const res = await qualify('member');
    expect(res.statusCode, res.body).toBe(201);
    expect(json(res)).toMatchObject({
      lead_id: lead,
      workspace_id: A.workspace,
      qualifier: 'rules',
      model: null,
      score: 95,
      outcome: 'qualified',
      created_by: A.users.member.id,
    });
    expect(res.headers.location).toBe(`/v1/orgs/${A.id}/leads/${lead}/qualifications`);
    const { rows } = await ctx.db.query('select score, qualification, status from public.leads where id = $1', [lead]);
    expect(rows[0]).toEqual({ score: 95, qualification: 'qualified', status: 'qualified' });
    expect(Number(await usedThisMonth())).toBe(before + 1);
    // No body at all is the default, sync.
    const bare = await server.inject({
      method: 'POST',
      url: `/v1/orgs/${A.id}/leads/${lead}/qualify`,
      headers: { authorization: `Bearer ${await userToken(people.owner)}` },
    });
    expect(bare.statusCode, bare.body).toBe(201);
  });

  it('a viewer reads the history but cannot qualify; another organisation’s lead is not found', async () => {
    const count = await qualificationCount(ctx.db, A.id);
    const countB = await qualificationCount(ctx.db, B.id);
    expect((await qualify('viewer')).statusCode).toBe(403);
    expect(await qualificationCount(ctx.db, A.id)).toBe(count);
    const history = await call('viewer', 'GET', `/v1/orgs/${A.id}/leads/${lead}/qualifications?limit=1`);
    expect(history.statusCode).toBe(200);
    expect(json(history).data).toHaveLength(1);
    expect(json(history).next_cursor).toEqual(expect.any(String));
    const next = await call(
      'viewer',
      'GET',
      `/v1/orgs/${A.id}/leads/${lead}/qualifications?cursor=${json(history).next_cursor}`,
    );
    expect(json(next).data[0].id).not.toBe(json(history).data[0].id);
    // B's lead under A's path, A's lead to B's owner, and B's path to A's member: all "not found".
    for (const res of [
      await qualify('member', leadB),
      await qualify('ownerB'),
      await qualify('member', leadB, B.id),
      await call('ownerB', 'GET', `/v1/orgs/${A.id}/leads/${lead}/qualifications`),
      await call('member', 'GET', `/v1/orgs/${A.id}/leads/${leadB}/qualifications`),
    ]) {
      expect(res.statusCode).toBe(404);
      expect(res.body).not.toContain('Northwind');
    }
    expect(await qualificationCount(ctx.db, B.id)).toBe(countB);
  });

  it('a qualification is history: no API role may change or delete it', async () => {
    const history = async () =>
      (
        await ctx.db.query<{ h: string }>(
          `select md5(string_agg(q::text, ',' order by q.id)) as h from public.lead_qualifications q where org_id = $1`,
          [A.id],
        )
      ).rows[0]!.h;
    const before = await history();
    const as: Claims[] = [
      { role: 'authenticated', sub: A.users.owner.id },
      { role: 'authenticated', sub: A.users.member.id },
      { role: 'platform_admin', sub: DEMO.platformAdmin.id, is_platform_admin: true },
      { role: 'service_role' },
    ];
    for (const claims of as) {
      const refused = await withPrincipal(ctx.db, claims, (tx) =>
        tx.query(`update public.lead_qualifications set score = 1, outcome = 'disqualified' where org_id = $1`, [A.id]),
      ).then(
        () => 'updated',
        (e: { code?: string }) => e.code,
      );
      expect(refused, claims.role).toBe('42501');
    }
    const deleted = await withPrincipal(ctx.db, as[0]!, (tx) =>
      tx.query('delete from public.lead_qualifications where org_id = $1', [A.id]),
    ).then(
      () => 'deleted',
      (e: { code?: string }) => e.code,
    );
    expect(deleted).toBe('42501');
    expect(await history()).toBe(before);
  });

  it('past the plan’s monthly AI qualifications: 402 naming the metric, limit and reset, nothing recorded', async () => {
    await setAiQualificationsUsed(ctx.db, A.id, 'limit');
    try {
      const count = await qualificationCount(ctx.db, A.id);
      const res = await qualify('member');
      expect(res.statusCode, res.body).toBe(402);
      const limit = (
        await ctx.db.query<{ n: string }>(`select app.org_usage_limit($1, 'ai_qualifications') as n`, [A.id])
      ).rows[0]!.n;
      expect(json(res).error).toMatchObject({
        code: 'PS402',
        field: 'ai_qualifications',
        usage: { metric: 'ai_qualifications', limit: Number(limit) },
      });
      expect(json(res).error.message).toMatch(
        new RegExp(
          `^the plan's limit of ${limit} ai qualifications a month is reached: it resets at \\d{4}-\\d\\d-01T00:00:00Z$`,
        ),
      );
      expect(await qualificationCount(ctx.db, A.id)).toBe(count);
    } finally {
      await setAiQualificationsUsed(ctx.db, A.id, 0);
    }
  });

  it('settings: the defaults, owners and admins set them, a bad document is 422 at its JSON path', async () => {
    const settingsB = (
      await ctx.db.query('select updated_at from public.qualification_settings where org_id = $1', [B.id])
    ).rows;
    const defaults = await call('viewer', 'GET', settingsUrl());
    expect(defaults.statusCode).toBe(200);
    expect(json(defaults)).toMatchObject({
      workspace_id: A.workspace,
      qualifier: 'rules',
      auto_qualify: true,
      updated_at: null,
      criteria: { business_email: 20, thresholds: { qualified: 60, nurture: 30 } },
    });
    const wanted = { criteria: { thresholds: { qualified: 99, nurture: 40 } }, auto_qualify: false };
    expect((await call('member', 'PUT', settingsUrl(), wanted)).statusCode).toBe(403);
    const bad = await call('admin', 'PUT', settingsUrl(), { criteria: { thresholds: { qualified: 10, nurture: 20 } } });
    expect(bad.statusCode).toBe(422);
    expect(json(bad).error).toMatchObject({ code: 'PS422', field: 'criteria' });
    expect(json(bad).error.message).toBe(
      'invalid criteria at $.thresholds.nurture: must not be above thresholds.qualified',
    );
    const unknown = await call('admin', 'PUT', settingsUrl(), { criteria: { bonus: 5 } });
    expect(json(unknown).error.message).toBe('invalid criteria at $.bonus: is not a known key');
    const llm = await call('admin', 'PUT', settingsUrl(), { qualifier: 'llm' });
    expect(json(llm).error).toMatchObject({ code: 'PS422', field: 'qualifier' });

    const set = await call('admin', 'PUT', settingsUrl(), wanted);
    expect(set.statusCode, set.body).toBe(200);
    expect(json(set)).toMatchObject({
      qualifier: 'rules',
      auto_qualify: false,
      criteria: { company: 15, ...wanted.criteria },
    });
    expect(json(set).updated_at).toEqual(expect.any(String));
    expect(json(await call('viewer', 'GET', settingsUrl()))).toEqual(json(set));
    // The same lead scores the same; the new thresholds make it nurture.
    expect(json(await qualify('member'))).toMatchObject({ score: 95, outcome: 'nurture' });
    expect(json(await call('owner', 'PUT', settingsUrl(), {}))).toMatchObject({
      auto_qualify: true,
      criteria: { thresholds: { qualified: 60 } },
    });

    for (const res of [
      await call('admin', 'PUT', settingsUrl(B.defaultWorkspace), wanted),
      await call('viewer', 'GET', settingsUrl(B.defaultWorkspace)),
      await call('ownerB', 'PUT', settingsUrl(), wanted),
      await call('ownerB', 'GET', settingsUrl()),
    ])
      expect(res.statusCode).toBe(404);
    const { rows } = await ctx.db.query('select updated_at from public.qualification_settings where org_id = $1', [
      B.id,
    ]);
    expect(rows).toEqual(settingsB);
  });

  it('asking for a queued qualification where no queue runs qualifies the lead at once (201)', async () => {
    const res = await qualify('member', lead, A.id, { mode: 'queued' });
    expect(res.statusCode).toBe(201);
    expect(json(res)).toMatchObject({ lead_id: lead, qualifier: 'rules' });
  });

  it('a platform admin’s qualification is in admin_actions: the request once, and the rows it wrote', async () => {
    const admin = await mintAdminToken(testConfig().auth, { userId: DEMO.platformAdmin.id });
    const seq = `select coalesce(max(seq), 0) as n from public.admin_actions where org_id = $1`;
    const before = (await ctx.db.query<{ n: string }>(seq, [A.id])).rows[0]!.n;
    const res = await server.inject({
      method: 'POST',
      url: `/v1/orgs/${A.id}/leads/${lead}/qualify`,
      headers: { authorization: `Bearer ${admin.token}` },
      payload: {},
    });
    expect(res.statusCode, res.body).toBe(201);
    // The request once (the read before the qualifier is not recorded), and the rows it wrote.
    const { rows } = await ctx.db.query<{ action: string }>(
      `select action from public.admin_actions where org_id = $1 and actor_id = $2 and seq > $3 order by seq`,
      [A.id, DEMO.platformAdmin.id, before],
    );
    expect(rows.map((r) => r.action)).toEqual([
      'lead_qualifications.insert',
      'leads.update',
      'POST /v1/orgs/:orgId/leads/:leadId/qualify',
    ]);
  });

  it('a lead without contact details other than a phone still scores, deterministically', async () => {
    const id = await addLead(ctx.db, A.id, A.workspace, {
      ...GOOD_LEAD,
      email: null,
      company: null,
      message: null,
    });
    const first = json(await qualify('member', id));
    const again = json(await qualify('member', id));
    expect({ ...first, id: 0, created_at: 0 }).toEqual({ ...again, id: 0, created_at: 0 });
    expect(first).toMatchObject({ score: 40, outcome: 'nurture' });
  });
});
