import type { FastifyRequest } from 'fastify';
import { beforeAll, expect, it } from 'vitest';
import { z } from 'zod';
import { DEMO } from '../seed/ids.ts';
import { bearer, json, userToken, useServer } from '../server/testing.ts';
import { describeEngines } from '../testing/engines.ts';
import { run, runRead } from './run.ts';
import { serializerCompiler } from './serializer.ts';

const A = DEMO.orgs.a;
const B = DEMO.orgs.b;

describeEngines('one-round-trip reads (runRead) and the response serialiser', (ctx) => {
  const server = useServer(ctx);
  // Just what runRead reads from a request: the server's database, the principal, the audit context.
  const requestAs = (userId: string) =>
    ({
      server: { palisade: { db: ctx.db } },
      principal: { kind: 'user', userId },
      headers: {},
      id: 'req-test',
      ip: '127.0.0.1',
    }) as unknown as FastifyRequest;
  let owner: Record<string, string>;
  let outsider: Record<string, string>;
  beforeAll(async () => {
    owner = bearer(await userToken(A.users.owner.id, { email: A.users.owner.email }));
    outsider = bearer(await userToken(B.users.owner.id, { email: B.users.owner.email }));
  });

  it("an empty list of my own organisation is 200 with no rows; another organisation's is 404 naming org_id", async () => {
    const created = await server.inject({
      method: 'POST',
      url: '/v1/orgs',
      headers: owner,
      payload: { name: 'Empty Projects Ltd' },
    });
    expect(created.statusCode, created.body).toBe(201);
    const org = json<{ id: string }>(created).id;
    const mine = await server.inject({ method: 'GET', url: `/v1/orgs/${org}/projects`, headers: owner });
    expect(mine.statusCode, mine.body).toBe(200);
    expect(json(mine).data).toEqual([]);
    for (const url of [
      `/v1/orgs/${org}/projects`,
      `/v1/orgs/${org}/workspaces`,
      `/v1/orgs/${org}/members`,
      `/v1/orgs/${org}`,
    ]) {
      const theirs = await server.inject({ method: 'GET', url, headers: outsider });
      expect(theirs.statusCode, `${url}: ${theirs.body}`).toBe(404);
      expect(json(theirs).error.field).toBe('org_id');
    }
  });

  it('a handler that tries a second statement inside runRead is refused', async () => {
    const req = requestAs(A.users.owner.id);
    const err = await runRead(req, async (q) => {
      await q.query('select 1');
      await q.query('select 2');
    }).then(
      () => null,
      (e: Error) => e,
    );
    expect(err?.message).toMatch(/exactly one statement/);
  });

  it('runs the statement as the principal: RLS, not the server, decides what it sees', async () => {
    const req = requestAs(A.users.member.id);
    const orgs = await runRead(
      req,
      async (q) => (await q.query<{ org_id: string }>('select distinct org_id from public.workspaces')).rows,
    );
    expect(orgs).toEqual([{ org_id: A.id }]);
  });

  it('a route that names an organisation acts in it: its statements see that organisation only', async () => {
    const { rows } = await ctx.db.query<{ id: string }>('insert into auth.users (email) values ($1) returning id', [
      `acting-${Date.now()}@read-path.test`,
    ]);
    const user = rows[0]!.id;
    await ctx.db.query(
      `insert into public.organisation_members (org_id, user_id, role) values ($1, $3, 'member'), ($2, $3, 'viewer')`,
      [A.id, B.id, user],
    );
    const req = requestAs(user);
    const sql = `select array(select distinct org_id from public.workspaces order by 1) as orgs,
                        coalesce(current_setting('palisade.acting_org', true), '') as acting`;
    type Seen = { orgs: string[]; acting: string };
    const read = (orgId?: string) =>
      runRead(req, async (q) => (await q.query<Seen>(sql)).rows[0]!, orgId === undefined ? {} : { orgId });
    const write = (orgId?: string) =>
      run(req, async (q) => (await q.query<Seen>(sql)).rows[0]!, orgId === undefined ? {} : { orgId });
    for (const through of [read, write]) {
      expect(await through()).toEqual({ orgs: [A.id, B.id].sort(), acting: '' });
      expect(await through(A.id)).toEqual({ orgs: [A.id], acting: A.id });
      expect(await through(B.id)).toEqual({ orgs: [B.id], acting: B.id });
    }
    // Nothing carries over to the next transaction on the connection.
    expect((await read()).acting).toBe('');
  });
});

it('the serialiser writes only declared properties and refuses a response missing a required one', () => {
  const schema = z.object({ id: z.string(), note: z.string().nullable() });
  const write = serializerCompiler({ schema, method: 'GET', url: '/x', httpStatus: '200' });
  expect(write({ id: 'a', note: null, secret: 'never-sent' })).toBe('{"id":"a","note":null}');
  expect(() => write({ note: 'x' })).toThrow(/id/);
});
