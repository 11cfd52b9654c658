import { describe, expect, it } from 'vitest';
import { DEMO } from '../seed/ids.ts';
import { describeEngines } from '../testing/engines.ts';
import { parseStoredFieldMappings } from './mappings/upgrade.ts';
import type { Problem } from './problems.ts';
import { scheduleProblems } from './schedule.ts';
import { DEMO_INTEGRATIONS } from './seed.ts';
import { configShapeProblems } from './validate.ts';

/**
 * The database and TypeScript state the same rules for the three JSONB documents. Each corpus
 * entry is JSON text (so 2.0 and 2 are both tried) with the path the database must name; zod
 * must agree on the verdict and report that path among its problems.
 */
type Case = [json: string, path: string | null];

const m = (mappings: unknown[], version: unknown = 2) => JSON.stringify({ schema_version: version, mappings });
const one = (mapping: Record<string, unknown>, version: unknown = 2) =>
  m([{ source: 'a.b', target: 'x', ...mapping }], version);

const MAPPINGS: Case[] = [
  [m([]), null],
  ['{"schema_version": 2.0, "mappings": []}', null],
  [
    m([
      { source: 'employee.number', target: 'employee_code', required: true },
      { source: 'rows.0.amount', target: 'amount' },
    ]),
    null,
  ],
  ...['trim', 'uppercase', 'lowercase', 'number', 'boolean', 'date'].map((t): Case => [one({ transform: t }, 1), null]),
  [one({ transform: { kind: 'date', format: 'datetime' } }), null],
  [one({ transform: { kind: 'truncate', length: 250 } }), null],
  [one({ transform: { kind: 'default', value: false } }), null],
  [one({ transform: { kind: 'map', values: { a: 'A', b: null, c: 3 } } }), null],
  ['null', '$'],
  ['[]', '$'],
  ['"mappings"', '$'],
  ['{"schema_version": 3, "mappings": []}', '$.schema_version'],
  ['{"schema_version": "2", "mappings": []}', '$.schema_version'],
  ['{"schema_version": 1.5, "mappings": []}', '$.schema_version'],
  ['{"schema_version": 2}', '$.mappings'],
  ['{"schema_version": 2, "mappings": {}}', '$.mappings'],
  ['{"schema_version": 2, "mappings": [], "extra": 1}', '$.extra'],
  [m([1]), '$.mappings[0]'],
  [m([{ target: 'x' }]), '$.mappings[0].source'],
  [one({ source: 'a..b' }), '$.mappings[0].source'],
  [one({ source: 'has space' }), '$.mappings[0].source'],
  [one({ source: 'a'.repeat(201) }), '$.mappings[0].source'],
  [one({ target: '1abc' }), '$.mappings[0].target'],
  [one({ target: 42 }), '$.mappings[0].target'],
  [
    m([
      { source: 'a', target: 'x' },
      { source: 'b', target: 'x' },
    ]),
    '$.mappings[1].target',
  ],
  [one({ required: 'yes' }), '$.mappings[0].required'],
  [one({ note: 'hi' }), '$.mappings[0].note'],
  [one({ 'odd key': 1 }), '$.mappings[0]["odd key"]'],
  [one({ transform: { kind: 'trim' } }, 1), '$.mappings[0].transform'],
  [one({ transform: 'reverse' }, 1), '$.mappings[0].transform'],
  [one({ transform: 'trim' }), '$.mappings[0].transform'],
  [one({ transform: null }), '$.mappings[0].transform'],
  [one({ transform: { kind: 'reverse' } }), '$.mappings[0].transform.kind'],
  [one({ transform: { kind: 5 } }), '$.mappings[0].transform.kind'],
  [one({ transform: { kind: 'date' } }), '$.mappings[0].transform.format'],
  [one({ transform: { kind: 'date', format: 'iso' } }), '$.mappings[0].transform.format'],
  [one({ transform: { kind: 'trim', extra: 1 } }), '$.mappings[0].transform.extra'],
  [one({ transform: { kind: 'truncate', length: 0 } }), '$.mappings[0].transform.length'],
  [one({ transform: { kind: 'truncate', length: 2.5 } }), '$.mappings[0].transform.length'],
  [one({ transform: { kind: 'default', value: [] } }), '$.mappings[0].transform.value'],
  [one({ transform: { kind: 'default', value: 'x'.repeat(1001) } }), '$.mappings[0].transform.value'],
  [one({ transform: { kind: 'map', values: [] } }), '$.mappings[0].transform.values'],
  [one({ transform: { kind: 'map', values: { x: [1] } } }), '$.mappings[0].transform.values.x'],
  [
    one({
      transform: { kind: 'map', values: Object.fromEntries(Array.from({ length: 101 }, (_, i) => [`k${i}`, i])) },
    }),
    '$.mappings[0].transform.values',
  ],
  [m(Array.from({ length: 201 }, (_, i) => ({ source: 'a', target: `t${i}` }))), '$.mappings'],
];

const SCHEDULES: Case[] = [
  ['{"kind": "manual"}', null],
  ['{"kind": "interval", "minutes": 5}', null],
  ['{"kind": "interval", "minutes": 10080}', null],
  ['{"kind": "cron", "expression": "0 3 * * 1-5", "timezone": "Europe/Oslo"}', null],
  ['{"kind": "cron", "expression": "*/15 8-17 * * MON-FRI", "timezone": "UTC"}', null],
  ['[]', '$'],
  ['{}', '$.kind'],
  ['{"kind": "hourly"}', '$.kind'],
  ['{"kind": "manual", "minutes": 5}', '$.minutes'],
  ['{"kind": "interval", "minutes": 4}', '$.minutes'],
  ['{"kind": "interval", "minutes": 10081}', '$.minutes'],
  ['{"kind": "interval", "minutes": 7.5}', '$.minutes'],
  ['{"kind": "interval", "minutes": "10"}', '$.minutes'],
  ['{"kind": "cron", "expression": "0 3 * * 1-5"}', '$.timezone'],
  ['{"kind": "cron", "expression": "0 3 * * 1-5", "timezone": "Mars/Olympus_Mons"}', '$.timezone'],
  ['{"kind": "cron", "expression": "0 3 * *", "timezone": "UTC"}', '$.expression'],
  ['{"kind": "cron", "expression": "0  3 * * *", "timezone": "UTC"}', '$.expression'],
  ['{"kind": "cron", "expression": "0 3 * * *", "timezone": "UTC", "at": 1}', '$.at'],
];

/** Shape-valid, so the database stores them; only croner can tell. Repair catches them later. */
const SCHEDULES_ONLY_TYPESCRIPT_REFUSES = [
  '{"kind": "cron", "expression": "* * * * *", "timezone": "UTC"}',
  '{"kind": "cron", "expression": "61 * * * *", "timezone": "UTC"}',
];

const CONFIGS: Case[] = [
  ['{}', null],
  [
    '{"apiUrl": "https://x.test", "tokenUrl": "https://x.test/t", "authType": "bearer", "apiKeyName": "X-API-Key"}',
    null,
  ],
  ['[]', '$'],
  ['"x"', '$'],
  ['{"password": "x"}', '$.password'],
  ['{"nested": {"api_key": 1}}', '$.nested.api_key'],
  ['{"headers": {"X-Api-Key": "v"}}', '$.headers["X-Api-Key"]'],
  ['{"headers": {"Authorization": "Bearer x"}}', '$.headers.Authorization'],
  ['{"list": [{"clientSecret": "x"}]}', '$.list[0].clientSecret'],
  [JSON.stringify({ blob: 'x'.repeat(17000) }), '$'],
];

const tsProblems: Record<string, (doc: unknown) => Problem[]> = {
  field_mappings: (d) => {
    const r = parseStoredFieldMappings(d);
    return r.ok ? [] : r.problems;
  },
  sync_schedule: scheduleProblems,
  config: configShapeProblems,
};
const dbFunction: Record<string, string> = {
  field_mappings: 'app.field_mappings_problem',
  sync_schedule: 'app.sync_schedule_problem',
  config: 'app.integration_config_problem',
};
const CORPUS: Record<string, Case[]> = { field_mappings: MAPPINGS, sync_schedule: SCHEDULES, config: CONFIGS };

const A = DEMO.orgs.a;
const TARGET = DEMO_INTEGRATIONS.a.primary;

describeEngines('JSONB documents in the database', (ctx) => {
  for (const [column, cases] of Object.entries(CORPUS)) {
    it(`${column}: the database and the zod schema agree on every case, and name the same path`, async () => {
      const disagreements: string[] = [];
      for (const [json, path] of cases) {
        const { rows } = await ctx.db.query<{ p: Problem | null }>(`select ${dbFunction[column]}($1::jsonb) as p`, [
          json,
        ]);
        const db = rows[0]!.p;
        const ts = tsProblems[column]!(JSON.parse(json));
        const label = json.length > 80 ? `${json.slice(0, 80)}…` : json;
        if ((db?.path ?? null) !== path)
          disagreements.push(`${label}: database said ${db?.path ?? 'valid'}, expected ${path ?? 'valid'}`);
        if ((ts.length === 0) !== (path === null))
          disagreements.push(`${label}: zod said ${ts.length ? ts.map((p) => p.path).join(' ') : 'valid'}`);
        if (path && !ts.some((p) => p.path === path))
          disagreements.push(`${label}: zod named ${ts.map((p) => p.path).join(' ')}, not ${path}`);
        if (db && /planted|Bearer x/.test(db.message)) disagreements.push(`${label}: the message quotes the value`);
      }
      expect(disagreements).toEqual([]);
    });
  }

  it('sync_schedule: what only croner can judge is stored by the database and refused by TypeScript', async () => {
    for (const json of SCHEDULES_ONLY_TYPESCRIPT_REFUSES) {
      const { rows } = await ctx.db.query<{ p: Problem | null }>('select app.sync_schedule_problem($1::jsonb) as p', [
        json,
      ]);
      expect(rows[0]!.p, json).toBeNull();
      expect(scheduleProblems(JSON.parse(json)), json).not.toEqual([]);
    }
  });

  it('runs these checks as a superuser here, so "refused" below means refused to anyone', async () => {
    const { rows } = await ctx.db.query<{ rolsuper: boolean }>(
      'select rolsuper from pg_roles where rolname = current_user',
    );
    expect(rows[0]!.rolsuper).toBe(true);
  });

  const malformed: Array<[column: string, json: string, path: string]> = [
    ['field_mappings', one({ target: 'x; drop table' }), '$.mappings[0].target'],
    ['field_mappings', '{"schema_version": 2, "mappings": [{"source": "a"}]}', '$.mappings[0].target'],
    ['field_mappings', '{"mappings": []}', '$.schema_version'],
    ['sync_schedule', '{"kind": "interval", "minutes": 1}', '$.minutes'],
    ['config', '{"headers": {"Authorization": "Bearer planted"}}', '$.headers.Authorization'],
  ];

  for (const [column, json, path] of malformed) {
    it(`a superuser's UPDATE of ${column} to ${json.slice(0, 50)} is refused naming ${path}`, async () => {
      const err = await ctx.db
        .query(`update public.organisation_integrations set ${column} = $1::jsonb where org_id = $2 and id = $3`, [
          json,
          A.id,
          TARGET,
        ])
        .then(
          () => null,
          (e: { code?: string; column?: string; detail?: string; message?: string }) => e,
        );
      expect(err).toMatchObject({ code: 'PS422', column, detail: path });
      expect(err!.message).toContain(path);
      expect(err!.message).not.toContain('planted');
    });
  }

  it('with triggers disabled (session_replication_role = replica) the CHECK constraints still refuse every malformed document', async () => {
    for (const [column, json] of malformed) {
      const err = await ctx.db
        .transaction(async (tx) => {
          await tx.query('set local session_replication_role = replica');
          await tx.query(
            `update public.organisation_integrations set ${column} = $1::jsonb where org_id = $2 and id = $3`,
            [json, A.id, TARGET],
          );
        })
        .then(
          () => null,
          (e: { code?: string; constraint?: string }) => e,
        );
      expect(err, column).toMatchObject({ code: '23514', constraint: `organisation_integrations_${column}_check` });
    }
  });

  it('a superuser INSERT with a malformed document is refused too', async () => {
    const err = await ctx.db
      .query(
        `insert into public.organisation_integrations (org_id, type_key, display_name, field_mappings) values ($1, 'xledger', 'Bad', $2::jsonb)`,
        [A.id, '{"schema_version": 2, "mappings": [{"source": "a", "target": "x", "transform": {"kind": "date"}}]}'],
      )
      .then(
        () => null,
        (e: { code?: string; detail?: string }) => e,
      );
    expect(err).toMatchObject({ code: 'PS422', detail: '$.mappings[0].transform.format' });
  });
});

describe('the documents corpus itself', () => {
  it('has both valid and invalid cases for every document', () => {
    for (const cases of Object.values(CORPUS)) {
      expect(cases.some(([, p]) => p === null)).toBe(true);
      expect(cases.some(([, p]) => p !== null)).toBe(true);
    }
  });
});
