import { beforeAll, expect, it } from 'vitest';
import { DEMO } from '../../seed/ids.ts';
import { bearer, json, userToken, useServer } from '../../server/testing.ts';
import { describeEngines } from '../../testing/engines.ts';
import { DEMO_REVENUE } from '../seed.ts';

const A = DEMO.orgs.a;
const B = DEMO.orgs.b;

describeEngines('HTTP leads: members add and edit, no one deletes, forms capture with a key', (ctx) => {
  const server = useServer(ctx);
  const t: Record<string, string> = {};
  beforeAll(async () => {
    for (const k of ['owner', 'admin', 'member', 'viewer'] as const) t[k] = await userToken(A.users[k].id);
    t.ownerB = await userToken(B.users.owner.id);
  });
  const call = (who: string, method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, payload?: object) =>
    server.inject({ method, url, headers: bearer(t[who]!), ...(payload ? { payload } : {}) });
  const capture = (key: string, payload: object) =>
    server.inject({ method: 'POST', url: '/v1/lead-capture', headers: { 'x-lead-capture-key': key }, payload });

  it('a member adds a lead and edits it; a viewer cannot; another organisation is "not found"; nothing deletes it', async () => {
    const made = await call('member', 'POST', `/v1/orgs/${A.id}/leads`, {
      workspace_id: A.defaultWorkspace,
      email: 'Pat@Example.TEST',
      name: 'Pat',
    });
    expect(made.statusCode).toBe(201);
    const lead = json(made);
    expect(lead).toMatchObject({ email: 'pat@example.test', source: 'manual', status: 'new', score: null });
    const edited = await call('member', 'PATCH', `/v1/orgs/${A.id}/leads/${lead.id}`, { status: 'contacted' });
    expect(json(edited)).toMatchObject({ status: 'contacted' });
    expect((await call('viewer', 'PATCH', `/v1/orgs/${A.id}/leads/${lead.id}`, { status: 'new' })).statusCode).toBe(
      403,
    );
    expect(
      (await call('viewer', 'POST', `/v1/orgs/${A.id}/leads`, { workspace_id: A.defaultWorkspace, email: 'v@x.test' }))
        .statusCode,
    ).toBe(403);
    expect((await call('ownerB', 'GET', `/v1/orgs/${A.id}/leads/${lead.id}`)).statusCode).toBe(404);
    expect((await call('ownerB', 'GET', `/v1/orgs/${B.id}/leads/${lead.id}`)).statusCode).toBe(404);
    expect((await call('owner', 'DELETE', `/v1/orgs/${A.id}/leads/${lead.id}`)).statusCode).toBe(405);
  });

  it('refuses bad input naming the field: no contact, a bad email, a NUL, org_id, another tenant’s workspace', async () => {
    const post = (body: object) =>
      call('member', 'POST', `/v1/orgs/${A.id}/leads`, { workspace_id: A.defaultWorkspace, ...body });
    const field = async (body: object) => {
      const res = await post(body);
      return [res.statusCode, json(res).error.field];
    };
    expect(await field({ name: 'No contact' })).toEqual([422, 'email']);
    expect(await field({ email: 'not-an-email' })).toEqual([422, 'email']);
    expect(await field({ email: 'a@b.test', name: 'Nul\u0000' })).toEqual([422, 'name']);
    expect(await field({ email: 'a@b.test', org_id: B.id })).toEqual([422, undefined]);
    const cross = await call('member', 'POST', `/v1/orgs/${A.id}/leads`, {
      workspace_id: B.defaultWorkspace,
      email: 'x@y.test',
    });
    expect(cross.statusCode).toBe(422);
    expect(json(cross).error.field).toBe('workspace_id');
  });

  it('past the plan’s leads a month: 402 naming the metric, the limit and the reset, with Retry-After', async () => {
    const { rows } = await ctx.db.query<{ used: string }>(
      "select used from public.usage_counters where org_id = $1 and metric = 'leads' and period_start = app.usage_period()",
      [B.id],
    );
    const used = Number(rows[0]?.used ?? 0);
    await ctx.db.query(
      `insert into platform.plans (id, name, limits) values ('tiny-b', 'Tiny', $1) on conflict (id) do update set limits = excluded.limits`,
      [
        JSON.stringify({
          leads: used,
          ai_qualifications: 1,
          api_requests: 1e9,
          members: 100,
          workspaces: 100,
          integrations: 100,
        }),
      ],
    );
    await ctx.db.query(`update public.subscriptions set plan_id = 'tiny-b' where org_id = $1`, [B.id]);
    const res = await call('ownerB', 'POST', `/v1/orgs/${B.id}/leads`, {
      workspace_id: B.defaultWorkspace,
      email: 'over@b.test',
    });
    expect(res.statusCode).toBe(402);
    const err = json(res).error;
    expect(err).toMatchObject({ code: 'PS402', field: 'leads', usage: { metric: 'leads', limit: used } });
    expect(err.usage.resetAt).toMatch(/^\d{4}-\d{2}-01T00:00:00Z$/);
    expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);
    const usage = json(await call('ownerB', 'GET', `/v1/orgs/${B.id}/usage`));
    expect(usage.metrics.find((m: { metric: string }) => m.metric === 'leads')).toMatchObject({ used, limit: used });
    await ctx.db.query(`update public.subscriptions set plan_id = 'team' where org_id = $1`, [B.id]);
  });

  it('a capture key adds form leads to its workspace only; its key is shown once and never listed', async () => {
    const made = await call('admin', 'POST', `/v1/orgs/${A.id}/lead-capture-keys`, {
      workspace_id: A.defaultWorkspace,
      name: 'Pricing page',
    });
    expect(made.statusCode).toBe(201);
    const { key, capture_key } = json(made);
    expect(key).toMatch(/^plc_[0-9A-Za-z]{43}$/);
    const listed = await call('admin', 'GET', `/v1/orgs/${A.id}/lead-capture-keys`);
    expect(listed.body).not.toContain(key);
    expect(listed.body).not.toContain('key_hash');
    expect((await call('member', 'GET', `/v1/orgs/${A.id}/lead-capture-keys`)).statusCode).toBe(403);

    const ok = await capture(key, { email: 'visitor@example.test', message: 'Call me' });
    expect(ok.statusCode).toBe(202);
    const { rows } = await ctx.db.query<{
      org_id: string;
      workspace_id: string;
      source: string;
      capture_key_id: string;
    }>("select org_id, workspace_id, source, capture_key_id from public.leads where email = 'visitor@example.test'");
    expect(rows).toEqual([
      { org_id: A.id, workspace_id: A.defaultWorkspace, source: 'form', capture_key_id: capture_key.id },
    ]);

    // Naming another workspace, of A or of B, is "not found": the key decides the tenant.
    for (const workspace_id of [A.workspace, B.defaultWorkspace]) {
      const res = await capture(key, { email: 'elsewhere@example.test', workspace_id });
      expect(res.statusCode).toBe(404);
    }
    // The honeypot: answered the same, stored nowhere.
    const bot = await capture(key, { email: 'bot@example.test', hp: 'http://spam.test' });
    expect([bot.statusCode, json(bot)]).toEqual([202, { status: 'received' }]);
    const none = await ctx.db.query(
      "select 1 from public.leads where email in ('bot@example.test', 'elsewhere@example.test')",
    );
    expect(none.rows).toEqual([]);
    // Malformed and unknown keys.
    expect((await capture('plc_short', { email: 'x@y.test' })).statusCode).toBe(400);
    expect((await capture(`plc_${'A'.repeat(43)}`, { email: 'x@y.test' })).statusCode).toBe(404);
    // Revoked: never again.
    expect((await call('admin', 'DELETE', `/v1/orgs/${A.id}/lead-capture-keys/${capture_key.id}`)).statusCode).toBe(
      204,
    );
    expect((await capture(key, { email: 'late@example.test' })).statusCode).toBe(404);
  });

  it('a capture key grants nothing once its creator is suspended, and works again when they are reactivated', async () => {
    const made = json(
      await call('admin', 'POST', `/v1/orgs/${A.id}/lead-capture-keys`, {
        workspace_id: A.defaultWorkspace,
        name: 'Admin form',
      }),
    );
    await ctx.db.query(
      "update public.organisation_members set status = 'suspended' where org_id = $1 and user_id = $2",
      [A.id, A.users.admin.id],
    );
    expect((await capture(made.key, { email: 'while-suspended@example.test' })).statusCode).toBe(404);
    await ctx.db.query("update public.organisation_members set status = 'active' where org_id = $1 and user_id = $2", [
      A.id,
      A.users.admin.id,
    ]);
    expect((await capture(made.key, { email: 'after@example.test' })).statusCode).toBe(202);
  });

  it('a capture key is rate limited on its own: the 31st post in a minute is 429 with Retry-After', async () => {
    const made = json(
      await call('owner', 'POST', `/v1/orgs/${A.id}/lead-capture-keys`, {
        workspace_id: A.defaultWorkspace,
        name: 'Busy form',
      }),
    );
    const codes: number[] = [];
    for (let i = 0; i < 30; i++)
      codes.push((await capture(made.key, { hp: 'x', email: `r${i}@example.test` })).statusCode);
    expect(codes.every((c) => c === 202)).toBe(true);
    const limited = await capture(made.key, { hp: 'x', email: 'r31@example.test' });
    expect(limited.statusCode).toBe(429);
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    // Another form's key has its own allowance.
    const other = json(
      await call('owner', 'POST', `/v1/orgs/${A.id}/lead-capture-keys`, {
        workspace_id: A.defaultWorkspace,
        name: 'Quiet form',
      }),
    );
    expect((await capture(other.key, { hp: 'x', email: 'q@example.test' })).statusCode).toBe(202);
  });

  it('implementation requests: members file them, everyone reads them, operator notes stay hidden', async () => {
    const made = await call('member', 'POST', `/v1/orgs/${A.id}/implementation-requests`, {
      kind: 'data_import',
      title: 'Import our CSV of leads',
    });
    expect(made.statusCode).toBe(201);
    expect(
      (await call('viewer', 'POST', `/v1/orgs/${A.id}/implementation-requests`, { kind: 'other', title: 'x' }))
        .statusCode,
    ).toBe(403);
    const list = await call('viewer', 'GET', `/v1/orgs/${A.id}/implementation-requests`);
    expect(list.statusCode).toBe(200);
    expect(list.body).not.toContain('operator_notes');
    expect(list.body).not.toContain('Customer success owns this one');
    expect(json(list).data.map((r: { id: string }) => r.id)).toContain(DEMO_REVENUE.org(A).request);
  });
});
