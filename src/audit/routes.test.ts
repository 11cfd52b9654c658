import { beforeAll, expect, it } from 'vitest';
import type { PalisadeClient, paths } from '../client/index.ts';
import { DEMO } from '../seed/ids.ts';
import { bearer, userToken, useServer } from '../server/testing.ts';
import { ok, testClient } from '../testing/client.ts';
import { describeEngines } from '../testing/engines.ts';
import { tamper } from './test-helpers.ts';

const A = DEMO.orgs.a;
const B = DEMO.orgs.b;
const orgId = A.id;

describeEngines('audit HTTP routes', (ctx) => {
  const server = useServer(ctx);
  const tokens: Record<string, string> = {};
  const as: Record<'owner' | 'admin' | 'member' | 'viewer' | 'b', PalisadeClient> = {} as never;
  beforeAll(async () => {
    for (const kind of ['owner', 'admin', 'member', 'viewer'] as const)
      tokens[kind] = await userToken(A.users[kind].id);
    tokens.b = await userToken(B.users.owner.id);
    for (const who of ['owner', 'admin', 'member', 'viewer', 'b'] as const)
      as[who] = testClient(server, { token: tokens[who]! });
  });
  type Query = NonNullable<paths['/v1/orgs/{orgId}/audit']['get']['parameters']['query']>;
  type VerifyQuery = NonNullable<paths['/v1/orgs/{orgId}/audit/verify']['get']['parameters']['query']>;
  const audit = (who: PalisadeClient, query: Query = {}) =>
    who.GET('/v1/orgs/{orgId}/audit', { params: { path: { orgId }, query } });
  const verify = (who: PalisadeClient, query: VerifyQuery = {}) =>
    who.GET('/v1/orgs/{orgId}/audit/verify', { params: { path: { orgId }, query } });

  it('owners and admins read their audit log, newest first, with hashes', async () => {
    for (const who of [as.owner, as.admin]) {
      const page = ok(await audit(who));
      expect(page.data.length).toBeGreaterThan(5);
      expect(page.data[0]!.seq).toBeGreaterThan(page.data[1]!.seq);
      expect(page.data[0]!.hash).toMatch(/^[0-9a-f]{64}$/);
    }
  });

  it('members and viewers are refused; another organisation is not found', async () => {
    expect((await audit(as.member)).response.status).toBe(403);
    expect((await verify(as.viewer)).response.status).toBe(403);
    for (const [what, res] of [
      ['audit', await audit(as.b)],
      ['audit/verify', await verify(as.b)],
      ['audit?chain=admin_actions', await audit(as.b, { chain: 'admin_actions' })],
    ] as const) {
      expect(res.response.status, what).toBe(404);
      // The whole answer, as the client parsed it: no entry leaks into the 404.
      expect(JSON.stringify([res.data, res.error]), what).not.toContain('"seq"');
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
    let cursor: string | undefined;
    for (;;) {
      const page = ok(await audit(as.owner, { limit: 3, ...(cursor ? { cursor } : {}) }));
      pages++;
      expect(page.data.length).toBeLessThanOrEqual(3);
      seen.push(...page.data.map((e) => e.seq));
      if (!page.next_cursor) break;
      cursor = page.next_cursor;
    }
    expect(pages).toBeGreaterThanOrEqual(Math.ceil(total / 3));
    // Newest first, each seq once, from the head down to 1: nothing repeated, nothing skipped.
    expect(seen).toEqual(Array.from({ length: total }, (_, i) => total - i));
  });

  it('filters by action (exact or prefix), actor and time', async () => {
    const byAction = ok(await audit(as.owner, { action: 'organisation_members.insert' }));
    expect(byAction.data.length).toBe(6);
    expect(new Set(byAction.data.map((e) => e.action))).toEqual(new Set(['organisation_members.insert']));
    const byPrefix = ok(await audit(as.owner, { action: 'organisation_members.*', limit: 100 }));
    expect(byPrefix.data.every((e) => e.action.startsWith('organisation_members.'))).toBe(true);
    expect(byPrefix.data.length).toBeGreaterThanOrEqual(6);

    const admin = ok(await audit(as.owner, { chain: 'admin_actions', actor: DEMO.platformAdmin.id }));
    expect(admin.data.length).toBeGreaterThan(0);
    expect(admin.data.every((e) => e.actor_id === DEMO.platformAdmin.id)).toBe(true);

    const all = ok(await audit(as.owner, { limit: 100 })).data;
    const pivot = all[Math.floor(all.length / 2)]!.created_at;
    const later = ok(await audit(as.owner, { limit: 100, since: pivot })).data;
    const earlier = ok(await audit(as.owner, { limit: 100, until: pivot })).data;
    expect(later.length + earlier.length).toBe(all.length);
    expect(later.every((e) => e.created_at >= pivot) && earlier.every((e) => e.created_at < pivot)).toBe(true);
  });

  it('gives created_at in the millisecond ISO form of every other endpoint, and the hashed microseconds beside it', async () => {
    const entries = ok(await audit(as.owner, { limit: 100 })).data;
    expect(entries.length).toBeGreaterThan(0);
    for (const e of entries) {
      expect(e.created_at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
      expect(new Date(e.created_at).toISOString()).toBe(e.created_at);
      expect(e.created_at_exact).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$/);
      expect(e.created_at_exact.slice(0, 23)).toBe(e.created_at.slice(0, 23));
    }
    const org = ok(await as.owner.GET('/v1/orgs/{orgId}', { params: { path: { orgId } } }));
    expect(org.created_at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
  });

  it('bad filters are a 4xx naming the field', async () => {
    const cursor = await audit(as.owner, { cursor: 'abc' });
    expect(cursor.response.status).toBe(400);
    expect(cursor.error?.error.field).toBe('cursor');
    expect((await audit(as.owner, { actor: 'nope' })).response.status).toBeGreaterThanOrEqual(400);
    // A chain the spec does not list: the typed client cannot send it, so raw inject.
    const chain = await server.inject({
      method: 'GET',
      url: `/v1/orgs/${A.id}/audit?chain=secrets`,
      headers: bearer(tokens.owner!),
    });
    expect(chain.statusCode).toBeGreaterThanOrEqual(400);
  });

  it('verify reports both chains ok, then the first broken seq after an edit', async () => {
    const good = ok(await verify(as.admin));
    expect(good.ok).toBe(true);
    expect(good.reports.map((r) => [r.chain, r.status])).toEqual([
      ['audit_log', 'ok'],
      ['admin_actions', 'ok'],
    ]);
    await tamper(ctx.db, (tx) =>
      tx.query(`update public.audit_log set target_id = 'x' where org_id = $1 and seq = 4`, [A.id]),
    );
    const broken = ok(await verify(as.owner, { chain: 'audit_log' }));
    expect(broken.ok).toBe(false);
    expect(broken.reports[0]!.broken).toMatchObject({ seq: 4, problem: 'edited' });
  });
});
