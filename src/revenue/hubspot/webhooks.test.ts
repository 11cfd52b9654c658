import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Claims, withPrincipal } from '../../db/principal.ts';
import { setCredentials } from '../../integrations/credentials.ts';
import { DEMO_INTEGRATIONS } from '../../integrations/seed.ts';
import { type HubSpotFake, hubspotFake } from '../../integrations/sync/fakes/hubspot.ts';
import { leakForms, plantedSecret } from '../../integrations/testing.ts';
import { hubspot } from '../../integrations/types/hubspot.ts';
import { createEgressClient } from '../../net/egress.ts';
import { DEMO } from '../../seed/ids.ts';
import { captureLogs, json, testConfig, useServer } from '../../server/testing.ts';
import { describeEngines } from '../../testing/engines.ts';
import { KeyRing } from '../../vault/keyring.ts';
import { contactEvent, hubspotDelivery } from '../testing/hubspot-signature.ts';
import { hubspotWebhookRoutes } from './routes.ts';

const SECRET = 'hubspot-client-secret-7f3a9c1e-0b2d-4e5f-8a6b';
const PUBLIC_URL = 'https://palisade.example.test/api';
const URI = `${PUBLIC_URL}/v1/webhooks/hubspot`;
const A = DEMO.orgs.a;
const B = DEMO.orgs.b;
const PORTAL_A = 1001;
const PORTAL_B = 2002;
const ADMIN_A: Claims = { role: 'authenticated', sub: A.users.admin.id };
const ADMIN_B: Claims = { role: 'authenticated', sub: B.users.admin.id };
/** Private app tokens: A's belongs to portal A, B's to portal B (the HubSpot fake knows both). */
const TOKEN_A = `pat-${plantedSecret()}`;
const TOKEN_B = `pat-${plantedSecret()}`;

describeEngines('HubSpot webhooks: v3 signatures, events stored once, leads upserted through the mapping', (ctx) => {
  const logs = captureLogs('trace');
  const ring = new KeyRing([{ id: 'hubspot-webhooks', key: randomBytes(32) }]);
  let fake: HubSpotFake;
  beforeAll(async () => {
    fake = await hubspotFake(TOKEN_A, [], PORTAL_A);
    fake.accounts.set(TOKEN_B, PORTAL_B);
  });
  afterAll(() => fake.close());
  const server = useServer(ctx, () => ({
    logger: logs.logger,
    config: testConfig({ logLevel: 'trace' }),
    vaultRing: ring,
    routes: [
      async () => ({
        default: hubspotWebhookRoutes({
          env: { HUBSPOT_CLIENT_SECRET: SECRET, PALISADE_PUBLIC_URL: PUBLIC_URL },
          http: createEgressClient({ allowPrivate: true, timeoutMs: 5000 }),
          hubspotApiUrl: fake.url,
        }),
      }),
    ],
  }));
  const responses: string[] = [];

  const post = async (body: unknown, opts: { secret?: string; timestamp?: number; send?: string } = {}) => {
    const d = hubspotDelivery({ secret: opts.secret ?? SECRET, uri: URI, body, timestamp: opts.timestamp });
    const res = await server.inject({
      method: 'POST',
      url: '/v1/webhooks/hubspot',
      headers: d.headers,
      payload: opts.send ?? d.payload,
    });
    responses.push(res.body);
    return res;
  };
  const lead = async (orgId: string, contact: number) =>
    (
      await ctx.db.query<Record<string, unknown>>(
        `select org_id, workspace_id, email, name, company, source, status from public.leads
         where org_id = $1 and hubspot_contact_id = $2`,
        [orgId, String(contact)],
      )
    ).rows;
  const stored = async (key: string) =>
    (
      await ctx.db.query<{ org_id: string; status: string; error: string | null }>(
        'select org_id, status, error from public.hubspot_webhook_events where event_key = $1',
        [key],
      )
    ).rows;
  const keyOf = (e: { portalId: number; eventId: number }) => `${e.portalId}:${e.eventId}`;

  beforeAll(async () => {
    // A: the demo's legacy row (mappings still schema_version 1: email lowercase, company trim).
    // B: the default mappings (email, first and last name, company, stage).
    await ctx.db.query(
      `update public.organisation_integrations set status = 'active', config = config || jsonb_build_object('portalId', $2::bigint)
       where id = $1`,
      [DEMO_INTEGRATIONS.a.legacy, PORTAL_A],
    );
    await ctx.db.query(
      `update public.organisation_integrations set status = 'active', field_mappings = $3,
         config = config || jsonb_build_object('portalId', $2::bigint)
       where id = $1`,
      [DEMO_INTEGRATIONS.b.primary, PORTAL_B, JSON.stringify(hubspot.defaultMappings)],
    );
    // Each organisation's own token, vaulted: what proves its claim of a portal.
    await withPrincipal(ctx.db, ADMIN_A, (tx) =>
      setCredentials(tx, { ring }, ADMIN_A, A.id, DEMO_INTEGRATIONS.a.legacy, { accessToken: TOKEN_A }),
    );
    await withPrincipal(ctx.db, ADMIN_B, (tx) =>
      setCredentials(tx, { ring }, ADMIN_B, B.id, DEMO_INTEGRATIONS.b.primary, { accessToken: TOKEN_B }),
    );
  });
  const claim = (integration: string, portal: number | null) =>
    ctx.db.query(
      `update public.organisation_integrations
       set config = case when $2::bigint is null then config - 'portalId' else config || jsonb_build_object('portalId', $2::bigint) end
       where id = $1`,
      [integration, portal],
    );
  const accountInfoCalls = () => fake.requests.filter((r) => r.path === '/account-info/v3/details').length;
  const platformOrg = async () =>
    (await ctx.db.query<{ id: string }>('select app.platform_org_id() as id')).rows[0]!.id;

  it('a signed contact event creates a lead in the organisation whose integration names the portal', async () => {
    const e = contactEvent(PORTAL_A, 501, { property: 'email', value: ' Ada@Example.COM ' });
    const res = await post([e]);
    expect(res.statusCode, res.body).toBe(200);
    expect(json(res)).toEqual({ processed: 1, ignored: 0, failed: 0, duplicate: 0 });
    expect(await lead(A.id, 501)).toEqual([
      {
        org_id: A.id,
        workspace_id: A.defaultWorkspace,
        email: 'ada@example.com',
        name: null,
        company: null,
        source: 'hubspot',
        status: 'new',
      },
    ]);
    expect(await stored(keyOf(e))).toEqual([{ org_id: A.id, status: 'processed', error: null }]);
  });

  describe('refused before anything is stored', () => {
    const refused = async (res: Awaited<ReturnType<typeof post>>, field: string, key: string) => {
      expect(res.statusCode, res.body).toBe(401);
      expect(json(res).error).toMatchObject({ code: 'PS401', field });
      expect(await stored(key)).toEqual([]);
    };

    it('a signature made with another secret', async () => {
      const e = contactEvent(PORTAL_A, 502, { property: 'email', value: 'x@example.com' });
      await refused(await post([e], { secret: 'not-the-app-secret' }), 'x-hubspot-signature-v3', keyOf(e));
    });

    it('a body changed after signing', async () => {
      const e = contactEvent(PORTAL_A, 502, { property: 'email', value: 'x@example.com' });
      const tampered = JSON.stringify([{ ...e, portalId: PORTAL_B }]);
      await refused(await post([e], { send: tampered }), 'x-hubspot-signature-v3', keyOf(e));
      await refused(await post([e], { send: tampered }), 'x-hubspot-signature-v3', keyOf({ ...e, portalId: PORTAL_B }));
    });

    it('a timestamp older than 5 minutes, and one 6 minutes in the future, however well signed', async () => {
      const e = contactEvent(PORTAL_A, 502, { property: 'email', value: 'x@example.com' });
      const old = await post([e], { timestamp: Date.now() - 5 * 60_000 - 2_000 });
      await refused(old, 'x-hubspot-request-timestamp', keyOf(e));
      const future = await post([e], { timestamp: Date.now() + 6 * 60_000 });
      await refused(future, 'x-hubspot-request-timestamp', keyOf(e));
    });

    it('no signature at all', async () => {
      const res = await server.inject({ method: 'POST', url: '/v1/webhooks/hubspot', payload: [] });
      expect(res.statusCode).toBe(401);
    });
  });

  it('malformed bodies are 400 or 422 naming the field, after the signature is checked', async () => {
    const broken = await post('[{"eventId": 1,');
    expect(broken.statusCode, broken.body).toBe(400);
    expect(json(broken).error).toMatchObject({ code: 'PS400', field: 'body' });
    const e = contactEvent(PORTAL_A, 503, { property: 'email', value: 'y@example.com' });
    const { eventId: _, ...noId } = e;
    const missing = await post([e, noId]);
    expect(missing.statusCode, missing.body).toBe(422);
    expect(json(missing).error.field).toBe('1.eventId');
    const notArray = await post({ events: [e] });
    expect(notArray.statusCode).toBe(422);
    const tooMany = await post(Array.from({ length: 101 }, () => e));
    expect(tooMany.statusCode).toBe(422);
    expect(await stored(keyOf(e))).toEqual([]);
  });

  it('a redelivered event is acknowledged and has no second effect', async () => {
    const e = contactEvent(PORTAL_A, 504, { property: 'email', value: 'twice@example.com' });
    expect(json(await post([e]))).toMatchObject({ processed: 1 });
    await ctx.db.query(
      `update public.leads set status = 'contacted' where org_id = $1 and hubspot_contact_id = '504'`,
      [A.id],
    );
    const again = await post([e]);
    expect(again.statusCode).toBe(200);
    expect(json(again)).toEqual({ processed: 0, ignored: 0, failed: 0, duplicate: 1 });
    expect(await lead(A.id, 504)).toMatchObject([{ email: 'twice@example.com', status: 'contacted' }]);
    expect(await stored(keyOf(e))).toHaveLength(1);
  });

  it('an unknown portal is stored under the platform organisation as ignored, and acknowledged', async () => {
    const e = contactEvent(9_999_999, 505, { property: 'email', value: 'who@example.com' });
    const res = await post([e]);
    expect(json(res)).toEqual({ processed: 0, ignored: 1, failed: 0, duplicate: 0 });
    const [row] = await stored(keyOf(e));
    const platform = (await ctx.db.query<{ id: string }>('select app.platform_org_id() as id')).rows[0]!.id;
    expect(row).toMatchObject({ org_id: platform, status: 'ignored' });
    expect(row!.error).toMatch(/no active HubSpot integration/);
  });

  it("an event for A's portal never touches B's lead of the same contact id", async () => {
    await post([contactEvent(PORTAL_B, 600, { property: 'email', value: 'b-contact@globex.test' })]);
    const before = await lead(B.id, 600);
    expect(before).toMatchObject([{ email: 'b-contact@globex.test' }]);
    const res = await post([
      contactEvent(PORTAL_A, 600, { property: 'email', value: 'a-contact@acme.test' }),
      contactEvent(PORTAL_A, 600, { property: 'company', value: '  Acme Ltd ' }),
    ]);
    expect(json(res)).toMatchObject({ processed: 2 });
    expect(await lead(A.id, 600)).toMatchObject([{ email: 'a-contact@acme.test', company: 'Acme Ltd' }]);
    expect(await lead(B.id, 600)).toEqual(before);
  });

  it('a property change updates the column its mapping names, and only that one', async () => {
    await post([contactEvent(PORTAL_B, 700, { property: 'email', value: 'grace@globex.test' })]);
    await post([contactEvent(PORTAL_B, 700, { property: 'firstname', value: 'Grace' })]);
    expect(await lead(B.id, 700)).toMatchObject([{ name: 'Grace', company: null }]);
    const res = await post([
      contactEvent(PORTAL_B, 700, { property: 'lastname', value: 'Hopper' }),
      contactEvent(PORTAL_B, 700, { property: 'company', value: 'Navy' }),
      contactEvent(PORTAL_B, 700, { property: 'hs_lead_status', value: 'OPEN' }),
      contactEvent(PORTAL_B, 700, { property: 'lifecyclestage', value: 'customer' }),
    ]);
    expect(json(res)).toEqual({ processed: 2, ignored: 2, failed: 0, duplicate: 0 });
    expect(await lead(B.id, 700)).toMatchObject([
      { email: 'grace@globex.test', name: 'Grace Hopper', company: 'Navy', status: 'new' },
    ]);
  });

  it('an older change delivered late does not overwrite a newer one', async () => {
    const t = Date.now();
    await post([contactEvent(PORTAL_B, 701, { property: 'email', value: 'new@globex.test' }, t)]);
    const late = contactEvent(PORTAL_B, 701, { property: 'email', value: 'old@globex.test' }, t - 60_000);
    expect(json(await post([late]))).toMatchObject({ ignored: 1 });
    expect(await lead(B.id, 701)).toMatchObject([{ email: 'new@globex.test' }]);
  });

  it('a contact without an email waits; its name arrives with the email that creates the lead', async () => {
    expect(json(await post([contactEvent(PORTAL_B, 702, 'creation')]))).toMatchObject({ ignored: 1 });
    await post([contactEvent(PORTAL_B, 702, { property: 'lastname', value: 'Lovelace' })]);
    expect(await lead(B.id, 702)).toEqual([]);
    await post([contactEvent(PORTAL_B, 702, { property: 'email', value: 'ada@globex.test' })]);
    expect(await lead(B.id, 702)).toMatchObject([{ email: 'ada@globex.test', name: 'Lovelace' }]);
  });

  it('a deletion is stored as processed and leaves the lead as it was', async () => {
    const before = await lead(B.id, 700);
    const e = contactEvent(PORTAL_B, 700, 'deletion');
    expect(json(await post([e]))).toMatchObject({ processed: 1 });
    expect(await lead(B.id, 700)).toEqual(before);
  });

  it('a value the lead cannot take is stored as failed, naming the field and not the value', async () => {
    const e = contactEvent(PORTAL_B, 700, { property: 'email', value: 'not an address' });
    expect(json(await post([e]))).toMatchObject({ failed: 1 });
    const [row] = await stored(keyOf(e));
    expect(row).toMatchObject({ status: 'failed' });
    expect(row!.error).toMatch(/email/);
    expect(row!.error).not.toContain('not an address');
  });

  it("a lead past the plan's monthly limit is stored as failed with PS402, and the delivery still answered 200", async () => {
    await ctx.db.query(
      `insert into public.usage_counters (org_id, metric, period_start, used) values ($1, 'leads', app.usage_period(), 1000000)
       on conflict (org_id, metric, period_start) do update set used = 1000000`,
      [A.id],
    );
    const e = contactEvent(PORTAL_A, 800, { property: 'email', value: 'over@acme.test' });
    const res = await post([e]);
    expect(res.statusCode).toBe(200);
    expect(json(res)).toEqual({ processed: 0, ignored: 0, failed: 1, duplicate: 0 });
    expect((await stored(keyOf(e)))[0]!.error).toMatch(/^PS402: /);
    expect(await lead(A.id, 800)).toEqual([]);
    await ctx.db.query(
      `update public.usage_counters set used = 0 where org_id = $1 and metric = 'leads' and period_start = app.usage_period()`,
      [A.id],
    );
  });

  describe('a portal routes only to an integration whose own credential proves it', () => {
    it("B claiming A's portal with a token of another portal gets none of A's contacts: ignored, not proven", async () => {
      await claim(DEMO_INTEGRATIONS.a.legacy, null);
      await claim(DEMO_INTEGRATIONS.b.primary, PORTAL_A);
      try {
        const e = contactEvent(PORTAL_A, 900, { property: 'email', value: 'stolen@acme.test' });
        const res = await post([e]);
        expect(res.statusCode, res.body).toBe(200);
        expect(json(res)).toEqual({ processed: 0, ignored: 1, failed: 0, duplicate: 0 });
        expect(await lead(B.id, 900)).toEqual([]);
        const [row] = await stored(keyOf(e));
        expect(row).toMatchObject({ org_id: await platformOrg(), status: 'ignored' });
        expect(row!.error).toMatch(/portal not proven/);
        expect(row!.error).toMatch(/another portal/);
      } finally {
        await claim(DEMO_INTEGRATIONS.a.legacy, PORTAL_A);
        await claim(DEMO_INTEGRATIONS.b.primary, PORTAL_B);
      }
    });

    it('A and B both claiming A’s portal: A’s credential proves it, so A gets the event', async () => {
      await claim(DEMO_INTEGRATIONS.b.primary, PORTAL_A);
      try {
        const e = contactEvent(PORTAL_A, 901, { property: 'email', value: 'both@acme.test' });
        expect(json(await post([e]))).toEqual({ processed: 1, ignored: 0, failed: 0, duplicate: 0 });
        expect(await lead(A.id, 901)).toMatchObject([{ email: 'both@acme.test' }]);
        expect(await lead(B.id, 901)).toEqual([]);
        expect(await stored(keyOf(e))).toEqual([{ org_id: A.id, status: 'processed', error: null }]);
      } finally {
        await claim(DEMO_INTEGRATIONS.b.primary, PORTAL_B);
      }
    });

    it('a proof is asked once for many deliveries, and again after the integration changes', async () => {
      await post([contactEvent(PORTAL_A, 902, { property: 'email', value: 'once@acme.test' })]);
      const before = accountInfoCalls();
      for (let i = 0; i < 3; i++)
        await post([contactEvent(PORTAL_A, 902, { property: 'company', value: `Acme ${i}` })]);
      expect(accountInfoCalls()).toBe(before);
      await ctx.db.query(
        `update public.organisation_integrations set config = config || '{"objectType": "contacts"}' where id = $1`,
        [DEMO_INTEGRATIONS.a.legacy],
      );
      await post([contactEvent(PORTAL_A, 902, { property: 'company', value: 'Acme again' })]);
      await post([contactEvent(PORTAL_A, 902, { property: 'company', value: 'Acme once more' })]);
      expect(accountInfoCalls()).toBe(before + 1);
      expect(await lead(A.id, 902)).toMatchObject([{ company: 'Acme once more' }]);
    });

    it('HubSpot unreachable: stored failed and answered 503; the redelivery once it is back applies it once', async () => {
      await ctx.db.query(
        `update public.organisation_integrations set config = config || '{"objectType": "contacts"}' where id = $1`,
        [DEMO_INTEGRATIONS.a.legacy],
      );
      const e = contactEvent(PORTAL_A, 903, { property: 'email', value: 'later@acme.test' });
      fake.down = true;
      try {
        const res = await post([e]);
        expect(res.statusCode, res.body).toBe(503);
        expect(json(res).error.code).toBe('PS503');
        const [row] = await stored(keyOf(e));
        expect(row).toMatchObject({ org_id: await platformOrg(), status: 'failed' });
        expect(row!.error).toMatch(/portal not proven/);
        expect(await lead(A.id, 903)).toEqual([]);
        // Still down: HubSpot's next attempt is refused the same way, not taken for a duplicate.
        expect((await post([e])).statusCode).toBe(503);
      } finally {
        fake.down = false;
      }
      const again = await post([e]);
      expect(again.statusCode, again.body).toBe(200);
      expect(json(again)).toEqual({ processed: 1, ignored: 0, failed: 0, duplicate: 0 });
      expect(await stored(keyOf(e))).toEqual([{ org_id: A.id, status: 'processed', error: null }]);
      expect(json(await post([e]))).toEqual({ processed: 0, ignored: 0, failed: 0, duplicate: 1 });
      expect(await lead(A.id, 903)).toMatchObject([{ email: 'later@acme.test' }]);
    });
  });

  it('the client secret is in no log line and no response', () => {
    expect(responses.length).toBeGreaterThan(10);
    for (const body of responses) expect(body).not.toContain(SECRET);
    expect(logs.lines.length).toBeGreaterThan(0);
    for (const line of logs.lines) expect(line).not.toContain(SECRET);
    for (const token of [TOKEN_A, TOKEN_B])
      for (const form of leakForms(token)) {
        for (const body of responses) expect(body).not.toContain(form);
        for (const line of logs.lines) expect(line).not.toContain(form);
      }
    expect(logs.lines.some((l) => l.includes('HubSpot webhook refused'))).toBe(true);
  });
});

describeEngines('HubSpot webhooks without a client secret', (ctx) => {
  const server = useServer(ctx, () => ({
    routes: [async () => ({ default: hubspotWebhookRoutes({ env: { PALISADE_PUBLIC_URL: PUBLIC_URL } }) })],
  }));

  it('answer a signed delivery 503 saying what to set, an unsigned one 401, and store nothing', async () => {
    const count = async () =>
      (await ctx.db.query<{ n: number }>('select count(*)::int as n from public.hubspot_webhook_events')).rows[0]!.n;
    const before = await count();
    const e = contactEvent(PORTAL_A, 1, { property: 'email', value: 'z@example.com' });
    const d = hubspotDelivery({ secret: SECRET, uri: URI, body: [e] });
    const res = await server.inject({
      method: 'POST',
      url: '/v1/webhooks/hubspot',
      headers: d.headers,
      payload: d.payload,
    });
    expect(res.statusCode).toBe(503);
    expect(json(res).error.message).toMatch(/HUBSPOT_CLIENT_SECRET/);
    const unsigned = await server.inject({ method: 'POST', url: '/v1/webhooks/hubspot', payload: [e] });
    expect(unsigned.statusCode).toBe(401);
    expect(await count()).toBe(before);
  });
});
