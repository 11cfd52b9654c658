import { beforeAll, expect, it } from 'vitest';
import { DEMO } from '../seed/ids.ts';
import { bearer, json, userToken, useServer } from '../server/testing.ts';
import { describeEngines } from '../testing/engines.ts';
import { tamper } from './test-helpers.ts';

const A = DEMO.orgs.a;
const B = DEMO.orgs.b;

interface Page {
  data: {
    seq: number;
    action: string;
    actor_id: string | null;
    created_at: string;
    created_at_exact: string;
    hash: string;
    new_data: unknown;
  }[];
  next_cursor: string | null;
}

describeEngines('audit HTTP routes', (ctx) => {
  const server = useServer(ctx);
  const tokens: Record<string, string> = {};
  beforeAll(async () => {
    for (const kind of ['owner', 'admin', 'member', 'viewer'] as const)
      tokens[kind] = await userToken(A.users[kind].id);
    tokens.b = await userToken(B.users.owner.id);
  });
  const get = (url: string, who: string) => server.inject({ method: 'GET', url, headers: bearer(tokens[who]!) });

  it('owners and admins read their audit log, newest first, with hashes', async () => {
    for (const who of ['owner', 'admin']) {
      const res = await get(`/v1/orgs/${A.id}/audit`, who);
      expect(res.statusCode, res.body).toBe(200);
      const page = json<Page>(res);
      expect(page.data.length).toBeGreaterThan(5);
      expect(page.data[0]!.seq).toBeGreaterThan(page.data[1]!.seq);
      expect(page.data[0]!.hash).toMatch(/^[0-9a-f]{64}$/);
    }
  });

  it('members and viewers are refused; another organisation is not found', async () => {
    expect((await get(`/v1/orgs/${A.id}/audit`, 'member')).statusCode).toBe(403);
    expect((await get(`/v1/orgs/${A.id}/audit/verify`, 'viewer')).statusCode).toBe(403);
    for (const url of [
      `/v1/orgs/${A.id}/audit`,
      `/v1/orgs/${A.id}/audit/verify`,
      `/v1/orgs/${A.id}/audit?chain=admin_actions`,
    ]) {
      const res = await get(url, 'b');
      expect(res.statusCode).toBe(404);
      expect(res.body).not.toContain('"seq"');
    }
  });

  it('pages with a cursor through the whole chain without repeating or skipping an entry', async () => {
    // The chain's length, read as the owner of the table: the pages must add up to exactly it.
    const { rows } = await ctx.db.query<{ n: number }>(
      'select count(*)::int as n from public.audit_log where org_id = $1',
      [A.id],
    );
    const total = rows[0]!.n;
    expect(total).toBeGreaterThan(6); // more than two pages of three: the cursor is really followed
    const seen: number[] = [];
    let pages = 0;
    let url = `/v1/orgs/${A.id}/audit?limit=3`;
    for (;;) {
      const page = json<Page>(await get(url, 'owner'));
      pages++;
      expect(page.data.length).toBeLessThanOrEqual(3);
      seen.push(...page.data.map((e) => e.seq));
      if (!page.next_cursor) break;
      url = `/v1/orgs/${A.id}/audit?limit=3&cursor=${page.next_cursor}`;
    }
    expect(pages).toBeGreaterThanOrEqual(Math.ceil(total / 3));
    // Newest first, each seq once, from the head down to 1: nothing repeated, nothing skipped.
    expect(seen).toEqual(Array.from({ length: total }, (_, i) => total - i));
  });

  it('filters by action (exact or prefix), actor and time', async () => {
    const byAction = json<Page>(await get(`/v1/orgs/${A.id}/audit?action=organisation_members.insert`, 'owner'));
    expect(byAction.data.length).toBe(6);
    expect(new Set(byAction.data.map((e) => e.action))).toEqual(new Set(['organisation_members.insert']));
    const byPrefix = json<Page>(await get(`/v1/orgs/${A.id}/audit?action=organisation_members.*&limit=100`, 'owner'));
    expect(byPrefix.data.every((e) => e.action.startsWith('organisation_members.'))).toBe(true);
    expect(byPrefix.data.length).toBeGreaterThanOrEqual(6);

    const admin = json<Page>(
      await get(`/v1/orgs/${A.id}/audit?chain=admin_actions&actor=${DEMO.platformAdmin.id}`, 'owner'),
    );
    expect(admin.data.length).toBeGreaterThan(0);
    expect(admin.data.every((e) => e.actor_id === DEMO.platformAdmin.id)).toBe(true);

    const all = json<Page>(await get(`/v1/orgs/${A.id}/audit?limit=100`, 'owner')).data;
    const pivot = all[Math.floor(all.length / 2)]!.created_at;
    const later = json<Page>(
      await get(`/v1/orgs/${A.id}/audit?limit=100&since=${encodeURIComponent(pivot)}`, 'owner'),
    ).data;
    const earlier = json<Page>(
      await get(`/v1/orgs/${A.id}/audit?limit=100&until=${encodeURIComponent(pivot)}`, 'owner'),
    ).data;
    expect(later.length + earlier.length).toBe(all.length);
    expect(later.every((e) => e.created_at >= pivot) && earlier.every((e) => e.created_at < pivot)).toBe(true);
  });

  it('gives created_at in the millisecond ISO form of every other endpoint, and the hashed microseconds beside it', async () => {
    const entries = json<Page>(await get(`/v1/orgs/${A.id}/audit?limit=100`, 'owner')).data;
    expect(entries.length).toBeGreaterThan(0);
    for (const e of entries) {
      expect(e.created_at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
      expect(new Date(e.created_at).toISOString()).toBe(e.created_at);
      expect(e.created_at_exact).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$/);
      expect(e.created_at_exact.slice(0, 23)).toBe(e.created_at.slice(0, 23));
    }
    const org = await get(`/v1/orgs/${A.id}`, 'owner');
    expect(json(org).created_at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
  });

  it('bad filters are a 4xx naming the field', async () => {
    const cursor = await get(`/v1/orgs/${A.id}/audit?cursor=abc`, 'owner');
    expect(cursor.statusCode).toBe(400);
    expect(json(cursor).error.field).toBe('cursor');
    expect((await get(`/v1/orgs/${A.id}/audit?actor=nope`, 'owner')).statusCode).toBeGreaterThanOrEqual(400);
    expect((await get(`/v1/orgs/${A.id}/audit?chain=secrets`, 'owner')).statusCode).toBeGreaterThanOrEqual(400);
  });

  it('verify reports both chains ok, then the first broken seq after an edit', async () => {
    const ok = json(await get(`/v1/orgs/${A.id}/audit/verify`, 'admin'));
    expect(ok.ok).toBe(true);
    expect(ok.reports.map((r: { chain: string; status: string }) => [r.chain, r.status])).toEqual([
      ['audit_log', 'ok'],
      ['admin_actions', 'ok'],
    ]);
    await tamper(ctx.db, (tx) =>
      tx.query(`update public.audit_log set target_id = 'x' where org_id = $1 and seq = 4`, [A.id]),
    );
    const broken = json(await get(`/v1/orgs/${A.id}/audit/verify?chain=audit_log`, 'owner'));
    expect(broken.ok).toBe(false);
    expect(broken.reports[0].broken).toMatchObject({ seq: 4, problem: 'edited' });
  });
});
