import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createEgressClient } from '../../net/egress.ts';
import { leakForms, plantedSecret } from '../testing.ts';
import { dynamics365 } from '../types/dynamics365.ts';
import { type ExportInput, runExport } from './export.ts';
import { IssuedTokens } from './fakes/common.ts';
import { type DynamicsFake, dynamicsFake } from './fakes/dynamics365.ts';
import type { SourceRecord } from './records.ts';

const http = createEgressClient({ allowPrivate: true, timeoutMs: 5000 });
const tenantId = randomUUID();
const clientId = randomUUID();
const clientSecret = plantedSecret();
/** 60 of the first batch's addresses exist already: their lookup spans two pages of 50. */
const existing = Array.from({ length: 60 }, (_, i) => `person${i}@example.com`);
let fake: DynamicsFake;
beforeAll(async () => {
  fake = await dynamicsFake({ tenantId, clientId, clientSecret, existing, tokens: new IssuedTokens(3599, 5) });
});
afterAll(() => fake.close());

const person = (i: number, email = `Person${i}@Example.com`): SourceRecord => ({
  person: { email, last_name: `Last${i}`, first_name: 'Ada', title: 'Engineer' },
});
const people = (n: number) => Array.from({ length: n }, (_, i) => person(i));
const run = (records: readonly SourceRecord[], over: Partial<ExportInput> = {}) =>
  runExport({
    type: dynamics365,
    config: { environmentUrl: fake.url, tenantId, authorityUrl: fake.url, apiVersion: '9.2' },
    credentials: { clientId, clientSecret },
    mappings: dynamics365.defaultMappings,
    records,
    http,
    ...over,
  });

it('exports 250 contacts as $batch requests of 100: existing ones (found by a paged lookup) patched, new ones posted', async () => {
  const seen = fake.requests.length;
  const lookups = fake.stats.lookups;
  expect(await run(people(250))).toEqual({ sent: 250, created: 190, updated: 60, failed: 0, errors: [] });
  expect(fake.batches.slice(-3)).toEqual([100, 100, 50]);
  expect(fake.stats.lookups - lookups).toBe(4); // two pages for the first batch, one for each other
  const sent = fake.requests.slice(seen);
  const tokenRequests = sent.filter((r) => r.path.endsWith('/oauth2/v2.0/token'));
  expect(tokenRequests.length).toBeGreaterThan(1); // a token is good for 5 calls here: renewed on its 401
  expect(tokenRequests[0]!.form.get('scope')).toBe(`${fake.url}/.default`);
  const batch = sent.find((r) => r.path === '/api/data/v9.2/$batch')!;
  expect(batch.headers).toMatchObject({ 'odata-version': '4.0', prefer: 'odata.continue-on-error' });
  expect(batch.body).toContain(`PATCH ${fake.url}/api/data/v9.2/contacts(`);
  expect(batch.body).toContain('If-Match: *');
  expect(batch.body).toContain(`POST ${fake.url}/api/data/v9.2/contacts HTTP/1.1`);
  expect(fake.contacts.size).toBe(60 + 190);
});

it('a wrong client secret fails the export as auth_failed at Entra ID, quoting neither it nor the echo', async () => {
  const wrong = plantedSecret();
  const result = await run(people(3), { credentials: { clientId, clientSecret: wrong } });
  expect(result).toMatchObject({ sent: 0, failed: 3, errors: [{ index: null, code: 'auth_failed' }] });
  for (const form of leakForms(wrong)) expect(JSON.stringify(result)).not.toContain(form);
});

it('a contact Dataverse refuses inside the batch is reported by index; the rest of the batch goes on', async () => {
  const records = people(4).map((_, i) => (i === 2 ? person(1002, 'blocked.person@example.com') : person(1000 + i)));
  const result = await run(records);
  expect(result).toMatchObject({ sent: 4, created: 3, failed: 1, errors: [{ index: 2, code: 'rejected' }] });
  expect(JSON.stringify(result)).not.toContain('blocked.person');
});

it('waits out one 429 (Retry-After) and sends the request again', async () => {
  fake.throttle.once();
  expect(await run([person(3000)])).toMatchObject({ failed: 0, created: 1 });
  expect(fake.throttle.answered).toBe(1);
});

it('an old (version 1) mapping is upgraded before mapping', async () => {
  const v1 = {
    schema_version: 1,
    mappings: [
      { source: 'person.email', target: 'emailaddress1', transform: 'lowercase', required: true },
      { source: 'person.last_name', target: 'lastname', transform: 'uppercase', required: true },
    ],
  };
  expect(await run([person(4000)], { mappings: v1 })).toMatchObject({ failed: 0, created: 1 });
  expect([...fake.contacts.values()].at(-1)).toEqual({ emailaddress1: 'person4000@example.com', lastname: 'LAST4000' });
});

it('refuses an environment on a private address when private egress is not allowed, sending nothing', async () => {
  const seen = fake.requests.length;
  const result = await run(people(2), { http: createEgressClient({ allowPrivate: false }) });
  expect(result).toMatchObject({ sent: 0, failed: 2, errors: [{ index: null, code: 'blocked' }] });
  expect(fake.requests.length).toBe(seen);
});
