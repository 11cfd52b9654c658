import { afterAll, beforeAll, expect, it } from 'vitest';
import { createEgressClient } from '../../net/egress.ts';
import { leakForms, plantedSecret } from '../testing.ts';
import { httpApi } from '../types/http-api.ts';
import { type ExportInput, runExport } from './export.ts';
import { type HttpApiFake, httpApiFake } from './fakes/http-api.ts';
import type { SourceRecord } from './records.ts';

const http = createEgressClient({ allowPrivate: true, timeoutMs: 5000 });
const secret = plantedSecret();
let fake: HttpApiFake;
beforeAll(async () => {
  fake = await httpApiFake(secret);
});
afterAll(() => fake.close());

const mappings = {
  schema_version: 2,
  mappings: [
    { source: 'person.email', target: 'contact.email', required: true },
    { source: 'person.last_name', target: 'contact.name.last' },
  ],
};
const person = (i: number, email = `p${i}@example.com`): SourceRecord => ({ person: { email, last_name: `L${i}` } });
const people = (n: number) => Array.from({ length: n }, (_, i) => person(i));
const config = () => ({
  endpointUrl: `${fake.url}/api/records`,
  method: 'POST',
  authType: 'bearer',
  apiKeyName: 'X-API-Key',
  apiKeyIn: 'header',
  headers: { 'X-Tenant': 'acme' },
  bodyTemplate: { source: 'palisade', contact: { tags: ['sync'] } },
});
const run = (records: readonly SourceRecord[], over: Partial<ExportInput> = {}) =>
  runExport({
    type: httpApi,
    config: config(),
    credentials: { kind: 'bearer', token: secret },
    mappings,
    records,
    http,
    ...over,
  });

it('sends each record as one request: the body template with the mapped targets at their dotted paths', async () => {
  const seen = fake.requests.length;
  const records = [...people(4), person(0)];
  expect(await run(records)).toEqual({ sent: 5, created: 4, updated: 1, failed: 0, errors: [] });
  const sent = fake.requests.slice(seen);
  expect(sent).toHaveLength(5);
  for (const r of sent) expect(r).toMatchObject({ method: 'POST', bearer: secret, headers: { 'x-tenant': 'acme' } });
  expect(JSON.parse(sent[0]!.body)).toEqual({
    source: 'palisade',
    contact: { tags: ['sync'], email: 'p0@example.com', name: { last: 'L0' } },
  });
});

it('a wrong token fails the export as auth_failed, quoting neither it nor the echo', async () => {
  const wrong = plantedSecret();
  const result = await run(people(3), { credentials: { kind: 'bearer', token: wrong } });
  expect(result).toMatchObject({ sent: 0, failed: 3, errors: [{ index: null, code: 'auth_failed' }] });
  for (const form of leakForms(wrong)) expect(JSON.stringify(result)).not.toContain(form);
});

it('a record the API refuses (4xx) is reported by index; the others still go', async () => {
  const records = people(3);
  records[1] = person(1, 'reject-me@example.com');
  const result = await run(records);
  expect(result).toMatchObject({ sent: 3, failed: 1, errors: [{ index: 1, code: 'rejected' }] });
  expect(JSON.stringify(result)).not.toContain('reject-me');
});

it('a record that cannot be mapped is reported by index and source, and never sent', async () => {
  const seen = fake.requests.length;
  const result = await run([person(50), { person: { last_name: 'NoEmail' } }]);
  expect(result).toMatchObject({ sent: 1, failed: 1, errors: [{ index: 1, code: 'unmapped' }] });
  expect(result.errors[0]!.message).toMatch(/^person\.email is empty/);
  expect(fake.requests.length - seen).toBe(1);
});

it('waits out one 429 (Retry-After) and sends the record again', async () => {
  fake.throttle.once();
  expect(await run(people(1))).toMatchObject({ failed: 0, sent: 1 });
  expect(fake.throttle.answered).toBe(1);
});

it('an old (version 1) mapping is upgraded before mapping', async () => {
  const v1 = {
    schema_version: 1,
    mappings: [{ source: 'person.email', target: 'contact.email', transform: 'uppercase' }],
  };
  expect(await run([person(77)], { mappings: v1 })).toMatchObject({ failed: 0 });
  expect(fake.received.at(-1)).toMatchObject({ contact: { email: 'P77@EXAMPLE.COM' } });
});

it('refuses an endpoint on a private address when private egress is not allowed, sending nothing', async () => {
  const seen = fake.requests.length;
  const result = await run(people(2), { http: createEgressClient({ allowPrivate: false }) });
  expect(result).toMatchObject({ sent: 0, failed: 2, errors: [{ index: null, code: 'blocked' }] });
  expect(fake.requests.length).toBe(seen);
});
