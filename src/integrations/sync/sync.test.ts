import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { type Claims, withPrincipal } from '../../db/principal.ts';
import { createEgressClient } from '../../net/egress.ts';
import { startWorkflowWorker, type WorkflowWorker } from '../../runtime/worker.ts';
import { DEMO } from '../../seed/ids.ts';
import { type RunningServer, startServer } from '../../server/serve.ts';
import { captureLogs, testConfig, userToken } from '../../server/testing.ts';
import { describeEngines } from '../../testing/engines.ts';
import { KeyRing } from '../../vault/keyring.ts';
import { setCredentials } from '../credentials.ts';
import { integrationRoutes } from '../routes.ts';
import { DEMO_INTEGRATIONS } from '../seed.ts';
import { updateIntegration } from '../service.ts';
import { syncRoutes } from '../sync-routes.ts';
import { leakForms, plantedSecret } from '../testing.ts';
import { type HubSpotFake, hubspotFake } from './fakes/hubspot.ts';

const A = DEMO.orgs.a;
const B = DEMO.orgs.b;
/** Acme's "Lead sync": HubSpot, its field mappings still stored at schema_version 1. */
const LEAD_SYNC = DEMO_INTEGRATIONS.a.legacy;
const admin: Claims = { role: 'authenticated', sub: A.users.admin.id };

// biome-ignore lint/suspicious/noExplicitAny: response bodies of every shape
type Json = any;

describeEngines('integration syncs: the demo HubSpot integration against its fake, through the queue', (ctx) => {
  const ring = new KeyRing([{ id: 'syncs', key: randomBytes(32) }]);
  const token = `pat-${plantedSecret()}`;
  const wrongToken = `pat-${plantedSecret()}`;
  const workerLogs: string[] = [];
  const log = {
    info: (o: object, m: string) => void workerLogs.push(`${JSON.stringify(o)} ${m}`),
    warn: (o: object, m: string) => void workerLogs.push(`${JSON.stringify(o)} ${m}`),
  };
  const serverLogs = captureLogs('info');
  const bodies: string[] = [];
  const tokens: Record<string, string> = {};
  let fake: HubSpotFake;
  let server: RunningServer;
  let worker: WorkflowWorker;

  const storeCredentials = (accessToken: string) =>
    withPrincipal(ctx.db, admin, (tx) => setCredentials(tx, { ring }, admin, A.id, LEAD_SYNC, { accessToken }));
  const setStatus = (status: string) =>
    withPrincipal(ctx.db, admin, (tx) => updateIntegration(tx, {}, A.id, LEAD_SYNC, { status }));

  beforeAll(async () => {
    fake = await hubspotFake(token);
    await withPrincipal(ctx.db, admin, (tx) =>
      updateIntegration(tx, {}, A.id, LEAD_SYNC, { config: { apiUrl: fake.url, objectType: 'contacts' } }),
    );
    await storeCredentials(token);
    await setStatus('active');
    server = await startServer({
      db: ctx.db,
      config: testConfig(),
      logger: serverLogs.logger,
      routes: [
        async () => ({ default: integrationRoutes({ ring }) }),
        async () => ({ default: syncRoutes({ queue: () => worker.syncs }) }),
      ],
    });
    worker = await startWorkflowWorker(ctx.db, {
      publicUrl: server.url,
      log,
      ring,
      http: createEgressClient({ allowPrivate: true }),
      retryLimit: 1,
      retryDelaySeconds: 1,
      sweepSeconds: 1,
    });
    for (const [name, id] of Object.entries({
      admin: A.users.admin.id,
      member: A.users.member.id,
      viewer: A.users.viewer.id,
      ownerB: B.users.owner.id,
    }))
      tokens[name] = await userToken(id);
  });
  afterAll(async () => {
    await worker?.stop(2_000);
    await server?.app.close();
    await fake?.close();
  });

  const api = async (who: string, method: string, path: string, body?: unknown) => {
    const res = await fetch(`${server.url}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${tokens[who]}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await res.text();
    bodies.push(text);
    return { status: res.status, json: (text ? JSON.parse(text) : null) as Json };
  };
  const base = `/v1/orgs/${A.id}/integrations/${LEAD_SYNC}`;
  const stage = (records: unknown[], who = 'member') => api(who, 'POST', `${base}/records`, { records });
  const finished = (e: Json) => ['succeeded', 'partial', 'failed', 'skipped'].includes(e?.status);
  const waitFor = async (eventId: string, ms = 30_000): Promise<Json> => {
    const until = Date.now() + ms;
    for (;;) {
      const { json } = await api('viewer', 'GET', `${base}/events/${eventId}`);
      if (finished(json) || Date.now() > until) return json;
      await new Promise((r) => setTimeout(r, 100));
    }
  };
  const syncNow = async () => {
    const res = await api('admin', 'POST', `${base}/sync`);
    expect(res.status, JSON.stringify(res.json)).toBe(202);
    expect(res.json).toMatchObject({ trigger: 'manual', status: 'queued', requested_by: A.users.admin.id });
    return waitFor(res.json.id);
  };
  const integration = async () =>
    (
      await ctx.db.query('select * from public.organisation_integrations where org_id = $1 and id = $2', [
        A.id,
        LEAD_SYNC,
      ])
    ).rows[0] as Json;

  it('exports the staged records through the version 1 mappings; a refused record is an error by index, without its value', async () => {
    const staged = await stage([
      { lead: { email: 'Ada@Example.com', company: ' Analytical Engines ' } },
      { lead: { email: 'not-an-address', company: 'Nowhere' } },
      { lead: { email: 'grace@example.com' }, person: { phone: '+47 555 0100' } },
    ]);
    expect(staged.status, JSON.stringify(staged.json)).toBe(201);
    expect(staged.json.ids).toHaveLength(3);
    const before = new Date();
    const event = await syncNow();
    expect(event).toMatchObject({
      status: 'partial',
      sent: 3,
      created: 2,
      updated: 0,
      failed: 1,
      errors: [{ index: 1, code: 'rejected', message: 'HubSpot rejected the record: VALIDATION_ERROR (email)' }],
    });
    expect(JSON.stringify(event)).not.toContain('not-an-address');
    // The upgraded version 1 transforms ran: lowercase email, trimmed company.
    expect(fake.contacts.get('ada@example.com')).toMatchObject({ company: 'Analytical Engines' });
    for (const r of fake.requests) expect(r.bearer).toBe(token);

    const records = (await api('member', 'GET', `${base}/records?limit=100`)).json.data as Json[];
    expect(records.map((r) => [r.sync_id, r.exported_at !== null, r.error])).toEqual([
      [event.id, true, null],
      [event.id, false, 'rejected: HubSpot rejected the record: VALIDATION_ERROR (email)'],
      [event.id, true, null],
    ]);
    expect((await api('member', 'GET', `${base}/records?pending=true`)).json.data).toEqual([]);
    const row = await integration();
    expect(new Date(row.last_sync_at).getTime()).toBeGreaterThanOrEqual(before.getTime() - 1000);
    // Interval of 30 minutes, counted from the sync.
    expect(new Date(row.next_sync_at).getTime()).toBeGreaterThan(Date.now() + 25 * 60_000);
  });

  it('wrong credentials fail the sync with a notice to the admins; three failures in a row put the integration in error', async () => {
    await storeCredentials(wrongToken);
    expect((await stage([{ lead: { email: 'late@example.com' } }])).status).toBe(201);
    for (let n = 1; n <= 3; n++) {
      const event = await syncNow();
      expect(event).toMatchObject({
        status: 'failed',
        sent: 0,
        failed: 1,
        errors: [{ index: null, code: 'auth_failed' }],
      });
      expect((await integration()).status).toBe(n < 3 ? 'active' : 'error');
    }
    const row = await integration();
    expect(row.last_error).toBe('3 syncs in a row failed; the last: HubSpot rejected the credentials (HTTP 401)');
    expect(row.next_sync_at).toBeNull();
    const notices = await withPrincipal(ctx.db, admin, (tx) =>
      tx.query<{ kind: string; severity: string; title: string }>(
        `select kind, severity, title from public.integration_notifications
         where org_id = $1 and integration_id = $2 order by created_at, kind`,
        [A.id, LEAD_SYNC],
      ),
    );
    expect(notices.rows.map((n) => `${n.severity} ${n.kind}`)).toEqual([
      'warning integration.sync.failed',
      'warning integration.sync.failed',
      'error integration.sync.stopped',
    ]);
    expect(notices.rows[2]!.title).toBe('Lead sync stopped syncing');
    // The record was never delivered: it waits for the next sync.
    expect((await api('member', 'GET', `${base}/records?pending=true`)).json.data).toHaveLength(1);
    const refused = await api('admin', 'POST', `${base}/sync`);
    expect(refused.status).toBe(409);
  });

  it('a due integration is queued by the sweep and exports what is pending', async () => {
    await storeCredentials(token);
    await setStatus('active');
    const { rows } = await ctx.db.query<{ slot: Date }>(
      `update public.organisation_integrations set next_sync_at = date_trunc('second', now()) - interval '1 minute'
       where org_id = $1 and id = $2 returning next_sync_at as slot`,
      [A.id, LEAD_SYNC],
    );
    const slot = rows[0]!.slot;
    let event: Json;
    const until = Date.now() + 30_000;
    do {
      await new Promise((r) => setTimeout(r, 200));
      const list = (await api('viewer', 'GET', `${base}/events?limit=100`)).json.data as Json[];
      event = list.find((e) => e.trigger === 'schedule');
    } while (!(event && finished(event)) && Date.now() < until);
    expect(event).toMatchObject({ status: 'succeeded', sent: 1, created: 1, failed: 0, errors: [] });
    expect(new Date(event.scheduled_for).getTime()).toBe(new Date(slot).getTime());
    expect(fake.contacts.has('late@example.com')).toBe(true);
    expect(new Date((await integration()).next_sync_at).getTime()).toBeGreaterThan(Date.now() + 25 * 60_000);
    // The sweep queued that slot once.
    const again = await worker.syncs.sweep();
    expect(again.due).toBe(0);
  });

  it('a sync whose worker was lost for good is failed by the sweep, saying so, and blocks nothing', async () => {
    const { rows } = await ctx.db.query<{ id: string }>(
      `insert into public.integration_events (org_id, integration_id, trigger, status, started_at)
       values ($1, $2, 'manual', 'running', now() - interval '1 day') returning id`,
      [A.id, LEAD_SYNC],
    );
    expect((await worker.syncs.sweep()).stale).toBe(1);
    const { rows: after } = await ctx.db.query<{ status: string; errors: Json; finished_at: Date | null }>(
      'select status, errors, finished_at from public.integration_events where org_id = $1 and id = $2',
      [A.id, rows[0]!.id],
    );
    expect(after[0]).toMatchObject({ status: 'failed', errors: [{ code: 'worker_lost' }] });
    expect(after[0]!.finished_at).not.toBeNull();
  });

  it('members stage records but cannot sync, viewers can do neither, and another tenant gets 404', async () => {
    expect((await api('member', 'POST', `${base}/sync`)).status).toBe(403);
    expect((await api('viewer', 'POST', `${base}/sync`)).status).toBe(403);
    expect((await stage([{ lead: { email: 'v@example.com' } }], 'viewer')).status).toBe(403);
    expect((await api('viewer', 'GET', `${base}/events`)).status).toBe(200);
    expect((await api('viewer', 'GET', `${base}/records`)).json.data).toEqual([]);
    for (const [method, path] of [
      ['POST', `${base}/sync`],
      ['GET', `${base}/events`],
      ['GET', `${base}/records`],
      ['POST', `${base}/records`],
    ] as const) {
      const res = await api(
        'ownerB',
        method,
        path,
        method === 'POST' && path.endsWith('records') ? { records: [{ lead: { email: 'x@example.com' } }] } : undefined,
      );
      expect(res.status, `${method} ${path}`).toBe(404);
    }
  });

  it('a record that does not fit the mapping sources is a 422 naming its path, and nothing is staged', async () => {
    const res = await stage([
      { lead: { email: 'ok@example.com' } },
      { lead: { email: 'x@example.com', shoe_size: 44 } },
    ]);
    expect(res.status).toBe(422);
    expect(res.json.error).toMatchObject({ code: 'PS422', field: '$.records[1].lead.shoe_size' });
    const typed = await stage([{ entry: { date: '31/01/2030' } }]);
    expect(typed.json.error).toMatchObject({ field: '$.records[0].entry.date' });
    expect((await api('member', 'GET', `${base}/records?pending=true`)).json.data).toEqual([]);
  });

  it('the credentials appear in no event, record, audit entry, job, log line or response; refused values in none but their record', async () => {
    const dump = async (sql: string) => (await ctx.db.query<{ r: string }>(sql)).rows.map((r) => r.r).join('\n');
    const stored = [
      await dump('select to_jsonb(x)::text as r from public.integration_events x'),
      await dump('select to_jsonb(x)::text as r from public.audit_log x'),
      await dump('select to_jsonb(x)::text as r from public.integration_notifications x'),
      await dump('select to_jsonb(x)::text as r from pgboss.job x'),
      await dump(`select to_jsonb(x)::text as r from pgboss.archive x`).catch(() => ''),
      workerLogs.join('\n'),
      serverLogs.lines.join('\n'),
      bodies.join('\n'),
    ].join('\n');
    const records = await dump('select to_jsonb(x)::text as r from public.integration_records x');
    expect(stored).toContain('integration.sync');
    for (const secret of [token, wrongToken])
      for (const form of leakForms(secret)) {
        expect(stored).not.toContain(form);
        expect(records).not.toContain(form);
      }
    // The refused address is the tenant's data in its record; it travels nowhere else.
    expect(records).toContain('not-an-address');
    expect(stored.replace(/"record":\{[^}]*\}/g, '')).not.toContain('not-an-address');
  });
});
