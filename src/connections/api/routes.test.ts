import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { withPrincipal } from '../../db/principal.ts';
import { createEgressClient } from '../../net/egress.ts';
import { DEMO } from '../../seed/ids.ts';
import { bearer, captureLogs, json, userToken, useServer } from '../../server/testing.ts';
import { describeEngines } from '../../testing/engines.ts';
import { DEMO_CONNECTIONS } from '../seed.ts';
import { apiConnectionRoutes } from './routes.ts';

const A = DEMO.orgs.a;
const B = DEMO.orgs.b;
const TOKEN = 'tok_live_api-connection-secret-4f1c9e';

/** A stand-in API on loopback: records what it was sent and echoes the headers back, as some APIs do. */
function fakeApi() {
  const seen: { method: string; url: string; headers: IncomingHttpHeaders; body: string }[] = [];
  const server: Server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => {
      body += c.toString();
    });
    req.on('end', () => {
      seen.push({ method: req.method!, url: req.url!, headers: req.headers, body });
      if (req.url?.startsWith('/text')) {
        res.writeHead(200, { 'content-type': 'text/plain' }).end(`echo ${req.headers.authorization}`);
        return;
      }
      res.writeHead(req.headers.authorization === `Bearer ${TOKEN}` ? 200 : 401, {
        'content-type': 'application/json',
      });
      res.end(
        JSON.stringify({
          data: { id: 'c-1', echoed: req.headers.authorization ?? null, got: body ? JSON.parse(body) : null },
        }),
      );
    });
  });
  return { server, seen };
}

describeEngines('HTTP API connections: scoped to a workspace or a project, credentials write-only', (ctx) => {
  const api = fakeApi();
  let origin = '';
  const logs = captureLogs('info');
  const server = useServer(ctx, () => ({
    logger: logs.logger,
    routes: [
      async () => ({
        default: apiConnectionRoutes({ egress: createEgressClient({ allowPrivate: true, timeoutMs: 5000 }) }),
      }),
    ],
  }));
  const t: Record<string, string> = {};
  beforeAll(async () => {
    await new Promise<void>((resolve) => api.server.listen(0, '127.0.0.1', resolve));
    origin = `http://127.0.0.1:${(api.server.address() as AddressInfo).port}`;
    for (const k of ['owner', 'admin', 'member', 'viewer'] as const) t[k] = await userToken(A.users[k].id);
    t.ownerB = await userToken(B.users.owner.id);
  });
  afterAll(() => new Promise<void>((resolve) => api.server.close(() => resolve())));

  const call = (who: string, method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE', url: string, payload?: object) =>
    server.inject({ method, url, headers: bearer(t[who]!), ...(payload ? { payload } : {}) });
  const base = `/v1/orgs/${A.id}/api-connections`;
  const create = (who: string, body: object) =>
    call(who, 'POST', base, { name: 'CRM', endpoint_url: `${origin}/contacts`, ...body });

  it('workspace scope: admins create, members read and call, viewers read but cannot call, B gets 404', async () => {
    const made = await create('admin', {
      workspace_id: A.defaultWorkspace,
      http_method: 'POST',
      auth_type: 'bearer',
      request_body_template: { source: 'builder', contact: {} },
      response_path: 'data.id',
    });
    expect(made.statusCode).toBe(201);
    const c = json(made);
    expect(c).toMatchObject({ workspace_id: A.defaultWorkspace, project_id: null, credentials_configured: false });
    expect((await create('member', { workspace_id: A.defaultWorkspace })).statusCode).toBe(403);
    expect((await call('viewer', 'GET', `${base}/${c.id}`)).statusCode).toBe(200);
    expect((await call('ownerB', 'GET', `${base}/${c.id}`)).statusCode).toBe(404);
    expect((await call('ownerB', 'GET', `/v1/orgs/${B.id}/api-connections/${c.id}`)).statusCode).toBe(404);

    // No credentials yet: a clear 409 naming them, nothing sent.
    const before = api.seen.length;
    const none = await call('member', 'POST', `${base}/${c.id}/call`, { input: { 'contact.email': 'a@b.test' } });
    expect([none.statusCode, json(none).error.field]).toEqual([409, 'credentials']);
    expect(api.seen.length).toBe(before);

    const stored = await call('admin', 'PUT', `${base}/${c.id}/credentials`, { kind: 'bearer', token: TOKEN });
    expect(stored.statusCode).toBe(200);
    expect(json(stored)).toMatchObject({ configured: true });
    expect(
      (await call('member', 'PUT', `${base}/${c.id}/credentials`, { kind: 'bearer', token: 'x' })).statusCode,
    ).toBe(403);

    const done = await call('member', 'POST', `${base}/${c.id}/call`, { input: { 'contact.email': 'a@b.test' } });
    expect(done.statusCode).toBe(200);
    expect(json(done)).toEqual({ status: 200, ok: true, body: 'c-1', truncated: false });
    const sent = api.seen.at(-1)!;
    expect(sent.headers.authorization).toBe(`Bearer ${TOKEN}`);
    expect(JSON.parse(sent.body)).toEqual({ source: 'builder', contact: { email: 'a@b.test' } });

    const viewer = await call('viewer', 'POST', `${base}/${c.id}/call`, {});
    expect([viewer.statusCode, json(viewer).error.field]).toEqual([403, 'connection_id']);
    expect((await call('ownerB', 'POST', `${base}/${c.id}/call`, {})).statusCode).toBe(404);
  });

  it('an API that echoes the credentials is scrubbed before anyone sees it, and nothing logs them', async () => {
    const c = json(
      await create('owner', {
        workspace_id: A.defaultWorkspace,
        name: 'Echo',
        http_method: 'GET',
        auth_type: 'bearer',
      }),
    );
    await call('owner', 'PUT', `${base}/${c.id}/credentials`, { kind: 'bearer', token: TOKEN });
    const res = await call('member', 'POST', `${base}/${c.id}/call`, {});
    expect(json(res).body.data.echoed).toBe('Bearer [redacted]');
    await call('owner', 'PATCH', `${base}/${c.id}`, { endpoint_url: `${origin}/text` });
    // Same origin: the credentials stay.
    expect(json(await call('owner', 'GET', `${base}/${c.id}`)).credentials_configured).toBe(true);
    const text = await call('member', 'POST', `${base}/${c.id}/call`, {});
    expect(json(text).body).toBe('echo Bearer [redacted]');
    const listed = await call('owner', 'GET', base);
    for (const r of [res, text, listed]) expect(r.body).not.toContain(TOKEN);
    expect(logs.lines.join('\n')).not.toContain(TOKEN);
  });

  it('moving the endpoint to another origin forgets the credentials and deletes the vault row', async () => {
    const c = json(await create('owner', { workspace_id: A.defaultWorkspace, name: 'Mover', auth_type: 'bearer' }));
    await call('owner', 'PUT', `${base}/${c.id}/credentials`, { kind: 'bearer', token: TOKEN });
    const secretOf = () =>
      withPrincipal(ctx.db, { kind: 'service' }, async (tx) => {
        const { rows } = await tx.query<{ s: string | null; n: number }>(
          `select c.credential_secret_id as s,
                  (select count(*)::int from palisade_vault.secrets v where v.org_id = c.org_id and v.id = c.credential_secret_id) as n
           from public.api_connections c where org_id = $1 and id = $2`,
          [A.id, c.id],
        );
        return rows[0]!;
      });
    const held = await secretOf();
    expect(held.n).toBe(1);
    const moved = await call('owner', 'PATCH', `${base}/${c.id}`, { endpoint_url: 'https://evil.example/collect' });
    expect(json(moved).credentials_configured).toBe(false);
    expect(await secretOf()).toEqual({ s: null, n: 0 });
    const gone = await withPrincipal(ctx.db, { kind: 'service' }, (tx) =>
      tx.query('select 1 from palisade_vault.secrets where org_id = $1 and id = $2', [A.id, held.s]),
    );
    expect(gone.rows).toEqual([]);
  });

  it('project scope: project members read, project managers manage, other members see nothing', async () => {
    // The viewer becomes the website project's manager; the member is a contributor there (demo seed).
    await withPrincipal(ctx.db, { kind: 'service' }, (tx) =>
      tx.query(
        `insert into public.project_members (org_id, project_id, user_id, role) values ($1, $2, $3, 'manager')
         on conflict (org_id, project_id, user_id) do update set role = 'manager'`,
        [A.id, A.project, A.users.viewer.id],
      ),
    );
    const made = await create('viewer', { project_id: A.project, name: 'Project CRM' });
    expect(made.statusCode).toBe(201);
    const c = json(made);
    expect((await call('member', 'GET', `${base}/${c.id}`)).statusCode).toBe(200);
    expect((await call('member', 'PATCH', `${base}/${c.id}`, { name: 'Mine' })).statusCode).toBe(403);
    expect((await call('viewer', 'PATCH', `${base}/${c.id}`, { name: 'Renamed' })).statusCode).toBe(200);
    await withPrincipal(ctx.db, { kind: 'service' }, (tx) =>
      tx.query('delete from public.project_members where org_id = $1 and project_id = $2 and user_id = $3', [
        A.id,
        A.project,
        A.users.viewer.id,
      ]),
    );
    // Off the project, an organisation viewer sees neither the row nor the demo project's connection.
    expect((await call('viewer', 'GET', `${base}/${c.id}`)).statusCode).toBe(404);
    const list = json(await call('viewer', 'GET', base)).data.map((x: { id: string }) => x.id);
    expect(list).not.toContain(c.id);
    expect(list).not.toContain(DEMO_CONNECTIONS.org(A).projectApi);
    expect(list).toContain(DEMO_CONNECTIONS.org(A).workspaceApi);
  });

  it('bad input gets a 4xx naming the field; nothing is written', async () => {
    const field = async (body: object) => {
      const res = await create('owner', body);
      return [res.statusCode, json(res).error.field];
    };
    expect(await field({})).toEqual([422, 'workspace_id']);
    expect(await field({ workspace_id: A.defaultWorkspace, project_id: A.project })).toEqual([422, 'project_id']);
    expect(await field({ workspace_id: A.defaultWorkspace, name: 'Nul\u0000' })).toEqual([422, 'name']);
    expect(await field({ workspace_id: A.defaultWorkspace, endpoint_url: 'https://u:p@x.example/' })).toEqual([
      422,
      'endpoint_url',
    ]);
    expect(await field({ workspace_id: A.defaultWorkspace, endpoint_url: 'ftp://x.example/' })).toEqual([
      422,
      'endpoint_url',
    ]);
    expect(await field({ workspace_id: A.defaultWorkspace, custom_headers: { 'bad header': 'x' } })).toEqual([
      422,
      'custom_headers.bad header',
    ]);
    const huge = {
      blob: 'x'.repeat(70_000).replace(/x/g, () => String.fromCharCode(97 + Math.floor(Math.random() * 26))),
    };
    expect(await field({ workspace_id: A.defaultWorkspace, request_body_template: huge })).toEqual([
      422,
      'request_body_template',
    ]);
    expect(await field({ workspace_id: A.defaultWorkspace, request_body_template: { a: 'nul\u0000' } })).toEqual([
      422,
      'request_body_template.a',
    ]);
    // Another tenant's workspace or project: refused as if it did not exist.
    const cross = await create('owner', { workspace_id: B.defaultWorkspace });
    expect(cross.statusCode).toBeGreaterThanOrEqual(400);
    expect(cross.statusCode).toBeLessThan(500);
    expect(cross.body).not.toContain(B.id);
    const crossProject = await create('owner', { project_id: B.project });
    expect(crossProject.statusCode).toBeGreaterThanOrEqual(400);
    expect(crossProject.statusCode).toBeLessThan(500);
    const { rows } = await withPrincipal(ctx.db, { kind: 'service' }, (tx) =>
      tx.query("select 1 from public.api_connections where org_id = $1 and name = 'CRM'", [B.id]),
    );
    expect(rows).toEqual([]);
    // Credentials of the wrong shape name their field.
    const c = DEMO_CONNECTIONS.org(A).projectApi;
    const bad = await call('owner', 'PUT', `${base}/${c}/credentials`, { kind: 'bearer' });
    expect([bad.statusCode, json(bad).error.field]).toEqual([422, 'token']);
  });

  it('a GET cannot carry input; a mismatched credential kind is a 409; a private address is refused by default', async () => {
    const c = json(await create('owner', { workspace_id: A.defaultWorkspace, name: 'Getter', auth_type: 'basic' }));
    await call('owner', 'PUT', `${base}/${c.id}/credentials`, { kind: 'bearer', token: TOKEN });
    const mismatch = await call('owner', 'POST', `${base}/${c.id}/call`, {});
    expect([mismatch.statusCode, json(mismatch).error.field]).toEqual([409, 'credentials']);
    await call('owner', 'PATCH', `${base}/${c.id}`, { auth_type: 'none' });
    const withInput = await call('owner', 'POST', `${base}/${c.id}/call`, { input: { a: 1 } });
    expect([withInput.statusCode, json(withInput).error.field]).toEqual([422, 'input']);
  });
});

describeEngines('HTTP API connections: the egress guard stays on by default', (ctx) => {
  const server = useServer(ctx, () => ({
    routes: [async () => ({ default: apiConnectionRoutes({ egress: createEgressClient({ allowPrivate: false }) }) })],
  }));
  it('a connection to a loopback address is refused (502 naming endpoint_url), its credentials never sent', async () => {
    const owner = await userToken(A.users.owner.id);
    const base = `/v1/orgs/${A.id}/api-connections`;
    const made = await server.inject({
      method: 'POST',
      url: base,
      headers: bearer(owner),
      payload: { workspace_id: A.defaultWorkspace, name: 'Loop', endpoint_url: 'http://127.0.0.1:9/x' },
    });
    const res = await server.inject({
      method: 'POST',
      url: `${base}/${json(made).id}/call`,
      headers: bearer(owner),
      payload: {},
    });
    expect([res.statusCode, json(res).error.field]).toEqual([502, 'endpoint_url']);
    expect(json(res).error.message).toMatch(/refused/);
  });
});
