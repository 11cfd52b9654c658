import { afterAll, beforeAll, expect, it } from 'vitest';
import { createEgressClient } from '../../net/egress.ts';
import { leakForms, plantedSecret } from '../testing.ts';
import { hubspot } from '../types/hubspot.ts';
import { type ExportInput, runExport } from './export.ts';
import { type HubSpotFake, hubspotFake } from './fakes/hubspot.ts';
import type { SourceRecord } from './records.ts';

const http = createEgressClient({ allowPrivate: true, timeoutMs: 5000 });
const token = `pat-${plantedSecret()}`;
let fake: HubSpotFake;
beforeAll(async () => {
  fake = await hubspotFake(token, ['lead3@example.com', 'lead140@example.com']);
});
afterAll(() => fake.close());

const lead = (i: number, email = `Lead${i}@Example.com`): SourceRecord => ({
  lead: { email, first_name: `First${i}`, last_name: 'Last', company: 'Acme' },
});
const leads = (n: number) => Array.from({ length: n }, (_, i) => lead(i));
const run = (records: readonly SourceRecord[], over: Partial<ExportInput> = {}) =>
  runExport({
    type: hubspot,
    config: { apiUrl: fake.url, objectType: 'contacts' },
    credentials: { accessToken: token },
    mappings: hubspot.defaultMappings,
    records,
    http,
    ...over,
  });

it('upserts 250 contacts by email in batches of at most 100, creating new ones and updating known ones', async () => {
  const seen = fake.requests.length;
  expect(await run(leads(250))).toEqual({ sent: 250, created: 248, updated: 2, failed: 0, errors: [] });
  expect(fake.batches.slice(-3)).toEqual([100, 100, 50]);
  const sent = fake.requests.slice(seen);
  expect(new Set(sent.map((r) => `${r.method} ${r.path}`))).toEqual(
    new Set(['POST /crm/v3/objects/contacts/batch/upsert']),
  );
  for (const r of sent) expect(r.bearer).toBe(token);
  const first = (JSON.parse(sent[0]!.body) as { inputs: unknown[] }).inputs[0];
  expect(first).toEqual({
    id: 'lead0@example.com',
    idProperty: 'email',
    properties: {
      email: 'lead0@example.com',
      firstname: 'First0',
      lastname: 'Last',
      company: 'Acme',
      lifecyclestage: 'lead',
    },
    objectWriteTraceId: '0',
  });
});

it('a wrong token fails the export as auth_failed, quoting neither it nor the echo', async () => {
  const wrong = `pat-${plantedSecret()}`;
  const result = await run(leads(3), { credentials: { accessToken: wrong } });
  expect(result).toMatchObject({ sent: 0, failed: 3, errors: [{ index: null, code: 'auth_failed' }] });
  for (const form of leakForms(wrong)) expect(JSON.stringify(result)).not.toContain(form);
});

it('a contact HubSpot rejects (207 multi-status) is reported by index and property name, not by value', async () => {
  const records = leads(4);
  records[2] = lead(2, 'not-an-address');
  const result = await run(records);
  expect(result).toMatchObject({ sent: 4, failed: 1, errors: [{ index: 2, code: 'rejected' }] });
  expect(result.errors[0]!.message).toBe('HubSpot rejected the record: VALIDATION_ERROR (email)');
  expect(JSON.stringify(result)).not.toContain('not-an-address');
});

it('waits out one 429 (Retry-After) and sends the batch again', async () => {
  fake.throttle.once();
  expect(await run(leads(2))).toMatchObject({ failed: 0, sent: 2 });
  expect(fake.throttle.answered).toBe(1);
});

it('an old (version 1) mapping is upgraded before mapping', async () => {
  const v1 = {
    schema_version: 1,
    mappings: [{ source: 'lead.email', target: 'email', transform: 'lowercase', required: true }],
  };
  expect(await run([lead(900, 'MIXED@Example.COM')], { mappings: v1 })).toMatchObject({ failed: 0 });
  expect(fake.contacts.has('mixed@example.com')).toBe(true);
});

it('refuses an API base on a private address when private egress is not allowed, sending nothing', async () => {
  const seen = fake.requests.length;
  const result = await run(leads(2), { http: createEgressClient({ allowPrivate: false }) });
  expect(result).toMatchObject({ sent: 0, failed: 2, errors: [{ index: null, code: 'blocked' }] });
  expect(fake.requests.length).toBe(seen);
});
