import { expect, it } from 'vitest';
import { DEMO } from '../seed/ids.ts';
import { json } from '../server/testing.ts';
import { describeEngines } from '../testing/engines.ts';
import { DEMO_CREDITS } from './seed.ts';
import { useCreditsServer } from './test-server.ts';

const A = DEMO.orgs.a;
const B = DEMO.orgs.b;
const credits = (org = A.id) => `/v1/orgs/${org}/credits`;
const usage = (org = A.id) => `/v1/orgs/${org}/credits/usage`;
const chat = (tokens: number, extra: object = {}) => ({
  project_id: A.project,
  tokens_used: tokens,
  usage_type: 'chat',
  model: 'gpt-4o-mini',
  ...extra,
});

describeEngines('credits API: balance, usage, packs', (ctx) => {
  const { get, post } = useCreditsServer(ctx);

  it("every member reads the organisation's credits: the demo's Team grant and its 100k pack, less what was used", async () => {
    for (const who of ['owner', 'viewer', 'keyA'] as const) {
      const res = await get(who, credits());
      expect(res.statusCode, who).toBe(200);
      expect(json(res)).toMatchObject({
        plan_id: 'team',
        monthly_grant: 1_000_000,
        granted: expect.any(Number),
        purchased: 100_000,
        period_start: expect.stringMatching(/^\d{4}-\d{2}-01$/),
        resets_at: expect.stringMatching(/-01T00:00:00\.000Z$/),
      });
      const c = json(res);
      expect(c.balance).toBe(c.granted + c.purchased);
    }
    expect(json(await get('ownerB', credits())).error).toMatchObject({ code: 'PS404', field: 'org_id' });
  });

  it('a member records usage: the debit and the credits after it in one answer; the grant is spent first', async () => {
    const before = json(await get('member', credits()));
    const res = await post('member', usage(), chat(1500, { chat_id: DEMO_CREDITS.org(A).chatUsage }));
    expect(res.statusCode, res.body).toBe(201);
    const out = json(res);
    expect(out.usage).toMatchObject({
      project_id: A.project,
      tokens_used: 1500,
      usage_type: 'chat',
      model: 'gpt-4o-mini',
      created_by: A.users.member.id,
      api_key_id: null,
    });
    expect(out.credits).toMatchObject({ granted: before.granted - 1500, purchased: before.purchased });
    // An API key records in no person's name, and says which key it was.
    const byKey = json(
      await post('keyA', usage(), chat(10, { usage_type: 'search', model: 'text-embedding-3-small' })),
    );
    expect(byKey.usage).toMatchObject({ created_by: null, api_key_id: expect.any(String) });
  });

  it('viewers cannot record usage (403), another organisation is 404, and a project of another organisation is 422 on project_id', async () => {
    expect((await post('viewer', usage(), chat(1))).statusCode).toBe(403);
    const other = await post('ownerB', usage(), chat(1));
    expect([other.statusCode, json(other).error.field]).toEqual([404, 'org_id']);
    const foreign = await post('ownerB', usage(B.id), chat(1));
    expect([foreign.statusCode, json(foreign).error.field]).toEqual([422, 'project_id']);
    const bad: [object, string][] = [
      [chat(0), 'tokens_used'],
      [chat(1.5), 'tokens_used'],
      [chat(1, { usage_type: 'image' }), 'usage_type'],
      [chat(1, { model: 'gpt 4\n' }), 'model'],
      [chat(1, { chat_id: 'not-a-uuid' }), 'chat_id'],
      [{ ...chat(1), workspace_id: A.workspace }, ''],
    ];
    for (const [body, field] of bad) {
      const res = await post('member', usage(), body);
      expect(res.statusCode, JSON.stringify(body)).toBe(422);
      if (field) expect(json(res).error.field).toBe(field);
    }
  });

  it('more than is left is 402 with the credits left and when the grant comes again; nothing is recorded', async () => {
    const before = json(await get('member', credits()));
    const rows = json(await get('member', `${usage()}?limit=100`)).data.length;
    const res = await post('member', usage(), chat(before.balance + 1));
    expect(res.statusCode).toBe(402);
    expect(json(res).error).toMatchObject({
      code: 'PS402',
      field: 'tokens_used',
      usage: { metric: 'tokens', limit: before.balance, resetAt: before.resets_at.replace('.000Z', 'Z') },
    });
    expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);
    expect(json(await get('member', credits()))).toEqual(before);
    expect(json(await get('member', `${usage()}?limit=100`)).data).toHaveLength(rows);
  });

  it('usage is listed oldest first, a page at a time, and by project', async () => {
    const all = json(await get('viewer', `${usage()}?limit=100`)).data as { id: string; project_id: string | null }[];
    expect(all.length).toBeGreaterThanOrEqual(4);
    // The seed's two rows come first (one transaction, one created_at: then by id).
    const seeded = DEMO_CREDITS.org(A);
    expect(
      all
        .slice(0, 2)
        .map((u) => u.id)
        .sort(),
    ).toEqual([seeded.chatUsage, seeded.artifactUsage].sort());
    const first = json(await get('viewer', `${usage()}?limit=2`));
    expect(first.data.map((u: { id: string }) => u.id)).toEqual(all.slice(0, 2).map((u) => u.id));
    const second = json(await get('viewer', `${usage()}?limit=2&cursor=${first.next_cursor}`));
    expect(second.data.map((u: { id: string }) => u.id)).toEqual(all.slice(2, 4).map((u) => u.id));
    const byProject = json(await get('viewer', `${usage()}?project_id=${A.project}&limit=100`)).data;
    expect(byProject.map((u: { id: string }) => u.id)).toEqual(
      all.filter((u) => u.project_id === A.project).map((u) => u.id),
    );
    expect(json(await get('ownerB', usage())).error.code).toBe('PS404');
  });

  it('owners and admins list purchases; members are told they cannot; every signed-in caller lists the packs on sale', async () => {
    const list = json(await get('admin', `/v1/orgs/${A.id}/credits/purchases`));
    const byId = Object.fromEntries(list.data.map((p: { id: string }) => [p.id, p]));
    expect(Object.keys(byId).sort()).toEqual(
      [DEMO_CREDITS.org(A).purchase, DEMO_CREDITS.org(A).pendingPurchase].sort(),
    );
    expect(byId[DEMO_CREDITS.org(A).pendingPurchase]).toMatchObject({ status: 'pending', token_amount: 1_000_000 });
    const paid = byId[DEMO_CREDITS.org(A).purchase];
    expect(paid).toMatchObject({ status: 'completed', token_amount: 100_000, amount_paid: 500, currency: 'usd' });
    for (const hidden of ['stripe_payment_intent_id', 'provider_session_id', 'checkout_url', 'stripe_customer_id'])
      expect(paid).not.toHaveProperty(hidden);
    for (const who of ['member', 'viewer', 'keyA'] as const)
      expect((await get(who, `/v1/orgs/${A.id}/credits/purchases`)).statusCode, who).toBe(403);
    const packs = json(await get('viewer', '/v1/token-packs')).data;
    expect(packs.map((p: { id: string }) => p.id)).toEqual([DEMO_CREDITS.packs.small, DEMO_CREDITS.packs.large]);
    expect(packs[0]).toEqual({
      id: DEMO_CREDITS.packs.small,
      name: '100,000 tokens',
      tokens: 100_000,
      unit_amount: 500,
      currency: 'usd',
      position: 1,
    });
  });
});
