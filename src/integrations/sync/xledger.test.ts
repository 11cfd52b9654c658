import { afterAll, beforeAll, expect, it } from 'vitest';
import { createEgressClient } from '../../net/egress.ts';
import { leakForms, plantedSecret } from '../testing.ts';
import { xledger } from '../types/xledger.ts';
import { type ExportInput, runExport } from './export.ts';
import { LOCKED_ACCOUNT, type XledgerFake, xledgerFake } from './fakes/xledger.ts';
import type { SourceRecord } from './records.ts';

const http = createEgressClient({ allowPrivate: true, timeoutMs: 5000 });
const secret = plantedSecret();
let fake: XledgerFake;
beforeAll(async () => {
  fake = await xledgerFake(secret);
});
afterAll(() => fake.close());

const line = (i: number, account = '5000'): SourceRecord => ({
  employee: { number: `E${i}` },
  entry: { date: '2030-01-31', account, amount: 10 + i, text: `line ${i}` },
});
const lines = (n: number) => Array.from({ length: n }, (_, i) => line(i));
const run = (records: readonly SourceRecord[], over: Partial<ExportInput> = {}) =>
  runExport({
    type: xledger,
    config: { apiUrl: `${fake.url}/graphql`, entityId: 7, voucherType: 'GL' },
    credentials: { apiToken: secret },
    mappings: xledger.defaultMappings,
    records,
    http,
    ...over,
  });

it('posts 1,200 lines as three addGLImportItems mass mutations of at most 500, each with the API token', async () => {
  const seen = fake.requests.length;
  expect(await run(lines(1200))).toEqual({ sent: 1200, created: 1200, updated: 0, failed: 0, errors: [] });
  expect(fake.batches.slice(-3)).toEqual([500, 500, 200]);
  for (const r of fake.requests.slice(seen)) {
    expect(r.headers.authorization).toBe(`token ${secret}`);
    expect(r.headers['content-type']).toBe('application/json');
  }
  expect(fake.posted.at(-1)).toEqual({
    owner: { dbId: 7 },
    transactionSource: { code: 'GL' },
    postedDate: '2030-01-31',
    account: { code: '5000' },
    amount: '1209',
    employee: { code: 'E1199' },
    text: 'line 1199',
  });
});

it('a wrong token fails the export as auth_failed, quoting neither it nor the echo', async () => {
  const wrong = plantedSecret();
  const result = await run(lines(3), { credentials: { apiToken: wrong } });
  expect(result).toMatchObject({ sent: 0, created: 0, failed: 3, errors: [{ index: null, code: 'auth_failed' }] });
  for (const form of leakForms(wrong)) expect(JSON.stringify(result)).not.toContain(form);
});

it('a line Xledger refuses is reported by its index, without the value the server quoted', async () => {
  const records = lines(5);
  records[3] = line(3, LOCKED_ACCOUNT);
  const result = await run(records);
  expect(result).toMatchObject({ sent: 5, created: 4, failed: 1, errors: [{ index: 3, code: 'rejected' }] });
  expect(result.errors[0]!.message).toContain('ACCOUNT_LOCKED');
  expect(JSON.stringify(result)).not.toContain(LOCKED_ACCOUNT);
});

it('waits out one 429 (Retry-After) and sends the batch again', async () => {
  fake.throttle.once();
  expect(await run(lines(2))).toMatchObject({ created: 2, failed: 0 });
  expect(fake.throttle.answered).toBe(1);
});

it('an old (version 1) mapping is upgraded before mapping: its bare "date" transform still means a calendar date', async () => {
  const v1 = {
    schema_version: 1,
    mappings: [
      { source: 'employee.number', target: 'employee_code', required: true },
      { source: 'entry.date', target: 'posting_date', transform: 'date' },
      { source: 'entry.account', target: 'account_code' },
      { source: 'entry.amount', target: 'amount', transform: 'number' },
    ],
  };
  const record = {
    employee: { number: 'E1' },
    entry: { date: '2030-02-28T13:00:00Z', account: '5000', amount: '12.50' },
  };
  expect(await run([record], { mappings: v1 })).toMatchObject({ created: 1, failed: 0 });
  expect(fake.posted.at(-1)).toMatchObject({ postedDate: '2030-02-28', amount: '12.5' });
});

it('refuses an endpoint on a private address when private egress is not allowed, sending nothing', async () => {
  const seen = fake.requests.length;
  const result = await run(lines(2), { http: createEgressClient({ allowPrivate: false }) });
  expect(result).toMatchObject({ sent: 0, failed: 2, errors: [{ index: null, code: 'blocked' }] });
  expect(fake.requests.length).toBe(seen);
});
