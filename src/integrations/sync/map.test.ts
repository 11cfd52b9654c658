import { describe, expect, it } from 'vitest';
import { cornerstone } from '../types/cornerstone.ts';
import { httpApi } from '../types/http-api.ts';
import { xledger } from '../types/xledger.ts';
import { mapRecords } from './map.ts';
import { readSourceRecords } from './records.ts';

describe('mapRecords', () => {
  it('applies each transform, then writes the value as the target type wants it', () => {
    const out = mapRecords(
      cornerstone.defaultMappings,
      [
        {
          employee: { external_id: 'u1' },
          course: { code: 'LO-1' },
          completion: { date: '2030-05-06T22:30:00Z', score: '97', state: 'failed' },
        },
      ],
      cornerstone,
    );
    expect(out).toEqual({
      items: [{ user_id: 'u1', training_id: 'LO-1', completion_date: '2030-05-06', score: 97, status: 'Failed' }],
      indexes: [0],
      problems: [],
    });
  });

  it('leaves a record out and names its index and field, never its value, when it cannot be mapped', () => {
    const records = [
      { employee: { number: 'E1' }, entry: { date: '2030-01-01', account: '5000', amount: 1 } },
      { employee: { number: 'E2' }, entry: { date: 'someday-secret', account: '5000', amount: 2 } },
      { entry: { date: '2030-01-01', account: '5000', amount: 'lots' } },
    ];
    const out = mapRecords(xledger.defaultMappings, records, xledger);
    expect(out.indexes).toEqual([0]);
    expect(out.problems).toEqual([
      { index: 1, field: 'entry.date', message: 'is not a date (for posting_date)' },
      { index: 2, field: 'employee.number', message: 'is empty, and the mapping to employee_code requires it' },
      { index: 2, field: 'entry.amount', message: 'is not a number (for amount)' },
    ]);
    expect(JSON.stringify(out.problems)).not.toMatch(/someday|lots/);
  });

  it('a required target left empty fails the record even when its mapping is not marked required', () => {
    const mappings = { schema_version: 2, mappings: [{ source: 'employee.number', target: 'employee_code' }] };
    const out = mapRecords(mappings, [{ employee: {} }], xledger);
    expect(out.problems.map((p) => p.field)).toEqual(['employee_code', 'posting_date', 'account_code', 'amount']);
  });

  it('reads version 1 documents through the upgraders, and open targets take any scalar', () => {
    const v1 = { schema_version: 1, mappings: [{ source: 'lead.score', target: 'body.score', transform: 'number' }] };
    expect(mapRecords(v1, [{ lead: { score: '42.5' } }], httpApi).items).toEqual([{ 'body.score': 42.5 }]);
  });

  it('a malformed document is the integration’s fault, not a record’s: it throws naming the path', () => {
    expect(() => mapRecords({ schema_version: 9, mappings: [] }, [], xledger)).toThrow();
  });
});

describe('readSourceRecords', () => {
  it('reads flat rows named by source path and nested rows alike, keeping only mapping source fields', () => {
    const rows = [
      { 'employee.number': 'E1', 'entry.amount': '12.50', 'entry.date': new Date(2030, 0, 31), password: 'x' },
      { employee: { number: 'E2', salary: 1 }, entry: { hours: 7.5 } },
    ];
    expect(readSourceRecords(rows)).toEqual([
      { employee: { number: 'E1' }, entry: { amount: 12.5, date: '2030-01-31' } },
      { employee: { number: 'E2' }, entry: { hours: 7.5 } },
    ]);
  });
});
