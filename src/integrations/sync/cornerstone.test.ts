import { afterAll, beforeAll, expect, it } from 'vitest';
import { createEgressClient } from '../../net/egress.ts';
import { leakForms, plantedSecret } from '../testing.ts';
import { cornerstone } from '../types/cornerstone.ts';
import { type ExportInput, runExport } from './export.ts';
import { IssuedTokens } from './fakes/common.ts';
import { type CornerstoneFake, cornerstoneFake, UNKNOWN_USER } from './fakes/cornerstone.ts';
import type { SourceRecord } from './records.ts';

const http = createEgressClient({ allowPrivate: true, timeoutMs: 5000 });
const client = { clientId: 'cs-client', clientSecret: plantedSecret() };
let fake: CornerstoneFake;
beforeAll(async () => {
  // Each token is good for 4 calls: exports longer than that must notice the expiry and renew.
  fake = await cornerstoneFake(client, new IssuedTokens(3600, 4));
});
afterAll(() => fake.close());

const completion = (i: number, user = `user${i}`): SourceRecord => ({
  employee: { external_id: user },
  course: { code: `LO-${i % 3}` },
  completion: { date: '2030-03-01', score: 80 + (i % 20), state: 'done' },
});
const completions = (n: number) => Array.from({ length: n }, (_, i) => completion(i));
const run = (records: readonly SourceRecord[], over: Partial<ExportInput> = {}) =>
  runExport({
    type: cornerstone,
    config: { portalUrl: fake.url, scope: 'employee:read transcript:create' },
    credentials: client,
    mappings: cornerstone.defaultMappings,
    records,
    http,
    ...over,
  });

it('records 10 completions one a request, renewing the token when Cornerstone says it expired', async () => {
  const seen = fake.requests.length;
  const issued = fake.tokens.issuedCount;
  expect(await run(completions(10))).toEqual({ sent: 10, created: 10, updated: 0, failed: 0, errors: [] });
  const sent = fake.requests.slice(seen);
  const token = sent.filter((r) => r.path === '/services/api/oauth2/token');
  expect(JSON.parse(token[0]!.body)).toEqual({
    ...client,
    grantType: 'client_credentials',
    scope: 'employee:read transcript:create',
  });
  expect(fake.tokens.issuedCount - issued).toBe(3); // 10 calls, 4 a token
  const calls = sent.filter((r) => r.path === '/services/api/v1/transcripts/complete');
  expect(calls.every((r) => r.bearer?.startsWith('at-'))).toBe(true);
  expect(fake.completed.slice(-10).map((c) => c.externalId)).toEqual(completions(10).map((_, i) => `user${i}`));
  expect(fake.completed.at(-1)).toEqual({
    externalId: 'user9',
    learningObjectId: 'LO-0',
    completionDate: '2030-03-01',
    score: 89,
    status: 'Completed',
  });
});

it('a wrong client secret fails the export as auth_failed at the token endpoint, quoting nothing', async () => {
  const wrong = plantedSecret();
  const result = await run(completions(3), { credentials: { ...client, clientSecret: wrong } });
  expect(result).toMatchObject({ sent: 0, failed: 3, errors: [{ index: null, code: 'auth_failed' }] });
  for (const form of leakForms(wrong)) expect(JSON.stringify(result)).not.toContain(form);
});

it('a completion Cornerstone refuses is reported by index, without the user it names', async () => {
  const records = completions(3);
  records[1] = completion(1, UNKNOWN_USER);
  const result = await run(records);
  expect(result).toMatchObject({ sent: 3, created: 2, failed: 1, errors: [{ index: 1, code: 'rejected' }] });
  expect(JSON.stringify(result)).not.toContain(UNKNOWN_USER);
});

it('waits out one 429 (Retry-After) and sends the completion again', async () => {
  fake.throttle.once();
  expect(await run(completions(1))).toMatchObject({ failed: 0, created: 1 });
  expect(fake.throttle.answered).toBe(1);
});

it('an old (version 1) mapping is upgraded before mapping', async () => {
  const v1 = {
    schema_version: 1,
    mappings: [
      { source: 'employee.external_id', target: 'user_id', required: true },
      { source: 'course.code', target: 'training_id', transform: 'uppercase' },
      { source: 'completion.date', target: 'completion_date', transform: 'date' },
    ],
  };
  const record = {
    employee: { external_id: 'u-v1' },
    course: { code: 'lo-9' },
    completion: { date: new Date(Date.UTC(2030, 3, 5)) },
  };
  expect(await run([record], { mappings: v1 })).toMatchObject({ failed: 0, created: 1 });
  expect(fake.completed.at(-1)).toEqual({ externalId: 'u-v1', learningObjectId: 'LO-9', completionDate: '2030-04-05' });
});

it('refuses a portal on a private address when private egress is not allowed, sending nothing', async () => {
  const seen = fake.requests.length;
  const result = await run(completions(2), { http: createEgressClient({ allowPrivate: false }) });
  expect(result).toMatchObject({ sent: 0, failed: 2, errors: [{ index: null, code: 'blocked' }] });
  expect(fake.requests.length).toBe(seen);
});
