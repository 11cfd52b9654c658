import { describe, expect, it } from 'vitest';
import { createRegistry, integrationTypes } from '../registry.ts';
import { nextRunAfter, scheduleProblems } from '../schedule.ts';
import { defineIntegrationType } from '../types/define.ts';
import { mappingProblems } from '../validate.ts';
import { type FieldMappingsV1, FieldMappingsV2 } from './schema.ts';
import { readFieldMappings, upgradeFieldMappings, upgradeV1toV2 } from './upgrade.ts';

const v1: FieldMappingsV1 = {
  schema_version: 1,
  mappings: [
    { source: 'employee.number', target: 'employee_code', transform: 'trim', required: true },
    { source: 'entry.date', target: 'posting_date', transform: 'date' },
    { source: 'entry.account', target: 'account_code' },
  ],
};

describe('field mapping versions', () => {
  it('upgrades version 1 to 2: bare transform names become objects, a v1 date is a calendar date', () => {
    expect(upgradeV1toV2(v1)).toEqual({
      schema_version: 2,
      mappings: [
        { source: 'employee.number', target: 'employee_code', transform: { kind: 'trim' }, required: true },
        { source: 'entry.date', target: 'posting_date', transform: { kind: 'date', format: 'date' } },
        { source: 'entry.account', target: 'account_code' },
      ],
    });
  });

  it('every upgraded version 1 document is a valid version 2 document', () => {
    for (const t of ['trim', 'uppercase', 'lowercase', 'number', 'boolean', 'date'] as const) {
      const up = upgradeV1toV2({ schema_version: 1, mappings: [{ source: 'a', target: 'b', transform: t }] });
      expect(FieldMappingsV2.safeParse(up).success, t).toBe(true);
    }
  });

  it('reads return the current version whatever is stored, and upgrading the current version changes nothing', () => {
    const current = readFieldMappings(v1);
    expect(current.schema_version).toBe(2);
    expect(upgradeFieldMappings(current)).toBe(current);
    expect(readFieldMappings(current)).toEqual(current);
  });

  it('a malformed stored document is an error naming its path, not a silent empty mapping', () => {
    expect(() => readFieldMappings({ schema_version: 2, mappings: [{ source: 'a' }] })).toThrow(
      /\$\.mappings\[0\]\.target/,
    );
  });
});

describe('mappings against the type registry', () => {
  const xledger = integrationTypes.require('xledger');
  const sources = integrationTypes.sourcePaths;

  it('refuses a target the type does not have, naming the entry', () => {
    const r = mappingProblems(
      xledger,
      { schema_version: 2, mappings: [{ source: 'entry.amount', target: 'iban' }] },
      false,
      sources,
    );
    expect(r).toMatchObject({
      ok: false,
      problems: [{ path: '$.mappings[0].target', message: expect.stringContaining('Xledger') }],
    });
  });

  it('refuses a source that is not one of the mapping sources, naming the entry, in every version', () => {
    for (const doc of [
      { schema_version: 2, mappings: [{ source: 'employee.iban', target: 'employee_code' }] },
      { schema_version: 1, mappings: [{ source: 'rows.0.amount', target: 'employee_code' }] },
    ]) {
      expect(mappingProblems(xledger, doc, false, sources)).toEqual({
        ok: false,
        problems: [
          {
            path: '$.mappings[0].source',
            message: 'is not a mapping source (GET /v1/integration-mapping-sources lists them)',
          },
        ],
      });
    }
  });

  it('every listed source is accepted, and a registry built with other sources accepts those instead', () => {
    const all = [...sources].map((source, i) => ({ source, target: `t${i}` }));
    const http = integrationTypes.require('http_api');
    expect(mappingProblems(http, { schema_version: 2, mappings: all }, false, sources).ok).toBe(true);
    const own = createRegistry(
      [http],
      [
        {
          record: 'ticket',
          description: 'A support ticket',
          fields: [{ name: 'id', type: 'string', description: 'Id' }],
        },
      ],
    );
    const doc = { schema_version: 2, mappings: [{ source: 'ticket.id', target: 'ref' }] };
    expect(mappingProblems(http, doc, false, own.sourcePaths).ok).toBe(true);
    expect(mappingProblems(http, doc, false, sources).ok).toBe(false);
  });

  it('a registry refuses a type whose default mappings read a source that does not exist', () => {
    const guessed = defineIntegrationType({
      ...xledger,
      key: 'guessed',
      defaultMappings: { schema_version: 2, mappings: [{ source: 'employee.payroll_id', target: 'employee_code' }] },
    });
    expect(() => createRegistry([guessed])).toThrow(
      /defaultMappings \$\.mappings\[0\]\.source: is not a mapping source/,
    );
    expect(() => createRegistry([], [{ record: 'Bad Name', description: '', fields: [] }])).toThrow(
      /lower-case identifiers/,
    );
  });

  it('an active integration must map every required target; a draft need not', () => {
    const partial = { schema_version: 2, mappings: [{ source: 'employee.number', target: 'employee_code' }] };
    expect(mappingProblems(xledger, partial, false, sources).ok).toBe(true);
    const r = mappingProblems(xledger, partial, true, sources);
    expect(r.ok).toBe(false);
    expect(!r.ok && r.problems.map((p) => p.message)).toEqual([
      'must map the required target posting_date',
      'must map the required target account_code',
      'must map the required target amount',
    ]);
  });

  it('a generic HTTP API accepts any dotted body path as a target', () => {
    const http = integrationTypes.require('http_api');
    expect(
      mappingProblems(
        http,
        { schema_version: 2, mappings: [{ source: 'lead.email', target: 'contact.email' }] },
        true,
        sources,
      ).ok,
    ).toBe(true);
  });

  it('accepts version 1 input and returns it upgraded', () => {
    const r = mappingProblems(xledger, v1, false, sources);
    expect(r.ok && r.value.schema_version).toBe(2);
  });
});

describe('sync schedules', () => {
  const from = new Date('2030-03-01T10:07:00Z');

  it('manual never runs by itself; an interval runs that many minutes later', () => {
    expect(nextRunAfter({ kind: 'manual' }, from)).toBeNull();
    expect(nextRunAfter({ kind: 'interval', minutes: 90 }, from)!.getTime() - from.getTime()).toBe(90 * 60_000);
  });

  it('a cron schedule runs at its next time in its own timezone, across daylight saving changes', () => {
    const s = { kind: 'cron', expression: '0 3 * * *', timezone: 'Europe/Oslo' } as const;
    // 03:00 in Oslo is 02:00 UTC in winter and 01:00 UTC in summer (DST began 2030-03-31).
    expect(nextRunAfter(s, from)!.toISOString()).toBe('2030-03-02T02:00:00.000Z');
    expect(nextRunAfter(s, new Date('2030-04-10T12:00:00Z'))!.toISOString()).toBe('2030-04-11T01:00:00.000Z');
  });

  it('refuses cron expressions that fire more often than every 5 minutes, or never', () => {
    expect(scheduleProblems({ kind: 'cron', expression: '*/2 * * * *', timezone: 'UTC' })[0]?.message).toMatch(
      /more often than every 5 minutes/,
    );
    expect(scheduleProblems({ kind: 'cron', expression: '0 0 31 2 *', timezone: 'UTC' })[0]?.message).toMatch(
      /never fires/,
    );
    expect(scheduleProblems({ kind: 'cron', expression: '*/5 * * * *', timezone: 'UTC' })).toEqual([]);
  });

  it('every shipped type has valid defaults and describes its fields without values', () => {
    for (const t of integrationTypes.list()) {
      const d = integrationTypes.describe(t);
      expect(JSON.stringify(d.credentials), t.key).not.toMatch(/"default"/);
      const props = (d.credentials as { properties?: Record<string, { description?: string }> }).properties ?? {};
      for (const [name, p] of Object.entries(props))
        if (name !== 'kind') expect(p.description, `${t.key}.${name}`).toBeTruthy();
    }
  });
});
