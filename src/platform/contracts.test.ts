import { describe, expect, it } from 'vitest';
import { describeEngines } from '../testing/engines.ts';
import { checkExternalCall, instanceProblem, stepSchemaProblem } from './contracts.ts';
import { SERVICE, sql } from './testing.ts';

/** Schemas and values both validators must judge alike: [schema, value, valid]. */
const INSTANCE_CASES: [unknown, unknown, boolean][] = [
  [{ type: 'object', properties: { url: { type: 'string' } }, required: ['url'] }, { url: 'https://x' }, true],
  [{ type: 'object', properties: { url: { type: 'string' } }, required: ['url'] }, {}, false],
  [{ type: 'object', properties: { url: { type: 'string' } }, required: ['url'] }, { url: 1 }, false],
  [{ type: 'object', additionalProperties: false, properties: { a: true } }, { a: 1, b: 2 }, false],
  [{ type: 'object', additionalProperties: { type: 'number' } }, { a: 1, b: 'x' }, false],
  [{ type: 'object', additionalProperties: { type: 'number' } }, { a: 1, b: 2.5 }, true],
  [{ type: 'integer' }, 1.0, true],
  [{ type: 'integer' }, 1.5, false],
  [{ type: ['string', 'null'] }, null, true],
  [{ type: ['string', 'null'] }, 0, false],
  [{ enum: ['a', 1, { x: [1, 2] }] }, { x: [1, 2] }, true],
  [{ enum: ['a', 1] }, '1', false],
  [{ const: 3 }, 3.0, true],
  [{ type: 'string', minLength: 2, maxLength: 3 }, 'é€', true],
  [{ type: 'string', minLength: 2, maxLength: 3 }, 'abcd', false],
  [{ type: 'number', exclusiveMinimum: 0, maximum: 10 }, 0, false],
  [{ type: 'number', exclusiveMinimum: 0, maximum: 10 }, 10, true],
  [{ type: 'array', items: { type: 'string' }, minItems: 1, uniqueItems: true }, ['a', 'b'], true],
  [{ type: 'array', items: { type: 'string' }, minItems: 1, uniqueItems: true }, ['a', 'a'], false],
  [{ type: 'array', items: { type: 'string' } }, ['a', 2], false],
  [{ type: 'array', maxItems: 1 }, [1, 2], false],
  [{ type: 'object', minProperties: 1, maxProperties: 1 }, { a: 1, b: 2 }, false],
  [{ properties: { n: { type: 'number', minimum: 5 } } }, { n: 4 }, false],
  [{ properties: { n: { type: 'number', minimum: 5 } } }, 'not an object: properties do not apply', true],
  [true, { anything: 1 }, true],
  [false, 1, false],
  [{ type: 'object', properties: { 'a/b': { type: 'string' } } }, { 'a/b': 1 }, false],
];

const SCHEMA_CASES: [unknown, boolean][] = [
  [
    { type: 'object', properties: { url: { type: 'string', format: 'uri', description: 'where' } }, required: ['url'] },
    true,
  ],
  [{ $schema: 'https://json-schema.org/draft/2020-12/schema', type: 'string' }, true],
  [{ $schema: 'http://json-schema.org/draft-07/schema#', type: 'string' }, false],
  [{ type: 'strng' }, false],
  [{ type: [] }, false],
  [{ type: ['string', 'string'] }, false],
  [{ type: 'string', pattern: '^a' }, false],
  [{ anyOf: [{ type: 'string' }] }, false],
  [{ $ref: '#/definitions/x' }, false],
  [{ required: 'url' }, false],
  [{ required: ['a', 'a'] }, false],
  [{ minLength: -1 }, false],
  [{ minLength: 1.5 }, false],
  [{ properties: { a: { type: 'object', properties: { b: { pattern: 'x' } } } } }, false],
  [{ items: [{ type: 'string' }] }, false],
  [{ enum: [] }, false],
  [[], false],
  [true, true],
];

describe('step type contracts in TypeScript', () => {
  it('an external-call contract is checked with zod, and placeholders must be declared inputs', () => {
    const input = { type: 'object', properties: { url: { type: 'string' }, region: { type: 'string' } } };
    expect(checkExternalCall({}, input)).toEqual({ ok: true, value: {} });
    const ok = checkExternalCall(
      {
        endpoint: 'https://api.example.com/{{config.region}}/check',
        auth: { type: 'hmac_sha256', secret: 'vendor-api' },
      },
      input,
    );
    expect(ok).toEqual({
      ok: true,
      value: {
        endpoint: 'https://api.example.com/{{config.region}}/check',
        method: 'POST',
        auth: { type: 'hmac_sha256', secret: 'vendor-api' },
        timeout_ms: 10_000,
      },
    });
    expect(checkExternalCall({ endpoint: '{{config.url}}' }, input)).toMatchObject({ ok: true });
    expect(checkExternalCall({ endpoint: 'http://api.example.com/' }, input)).toEqual({
      ok: false,
      problem: '/endpoint: must use https',
    });
    expect(checkExternalCall({ endpoint: 'https://{{config.tenant}}.example.com/' }, input)).toEqual({
      ok: false,
      problem: '/endpoint: {{config.tenant}} is not a property of input_schema',
    });
    expect(checkExternalCall({ endpoint: 'https://u:p@example.com/' }, input)).toMatchObject({ ok: false });
    // A secret itself, rather than its name, has nowhere to go: unknown keys are refused.
    expect(
      checkExternalCall({ endpoint: 'https://x.example.com', auth: { type: 'bearer', token: 'sk_live_123' } }, input),
    ).toMatchObject({ ok: false });
    expect(checkExternalCall({ endpoint: 'https://x.example.com', timeout_ms: 10 }, input)).toMatchObject({
      ok: false,
      problem: expect.stringContaining('/timeout_ms'),
    });
  });
});

describeEngines('step type contracts: TypeScript and SQL agree', (ctx) => {
  it('both accept and refuse the same schemas', async () => {
    for (const [schema, valid] of SCHEMA_CASES) {
      const ts = stepSchemaProblem(schema);
      const [row] = await sql<{ p: string | null }>(ctx.db, SERVICE, 'select app.json_schema_problem($1::jsonb) as p', [
        JSON.stringify(schema),
      ]);
      expect({ schema, ts: ts === null, sql: row!.p === null }).toEqual({ schema, ts: valid, sql: valid });
    }
  });

  it('both accept and refuse the same values, pointing at the same place', async () => {
    for (const [schema, value, valid] of INSTANCE_CASES) {
      const ts = instanceProblem(schema, value);
      const [row] = await sql<{ p: string | null }>(
        ctx.db,
        SERVICE,
        'select app.json_instance_problem($1::jsonb, $2::jsonb) as p',
        [JSON.stringify(schema), JSON.stringify(value)],
      );
      expect({ schema, value, ts: ts === null, sql: row!.p === null }).toEqual({
        schema,
        value,
        ts: valid,
        sql: valid,
      });
      if (ts && row!.p)
        expect(ts.split(':')[0], `${JSON.stringify(schema)} ${JSON.stringify(value)}`).toBe(row!.p.split(':')[0]);
    }
  });
});
