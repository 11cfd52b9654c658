import { z } from 'zod';

/**
 * Field mappings: how fields of Palisade's records (sources) fill the fields an integration type
 * accepts (targets). Stored as versioned JSONB in organisation_integrations.field_mappings.
 * These schemas and the database's app.field_mappings_problem (0061_integration_documents.sql)
 * state the same rules; src/integrations/mappings/parity.test.ts holds them to it.
 * docs/integration-foundation/field-mappings-evolution.md says how to add a version.
 */

const SOURCE_PATTERN = /^[A-Za-z_][A-Za-z0-9_]*(\.([A-Za-z_][A-Za-z0-9_]*|[0-9]+))*$/;
export const TARGET_PATTERN = /^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*$/;
const MAX_MAPPINGS = 200;

const source = z
  .string({ error: 'is required: a dotted path such as employee.number (at most 200 characters)' })
  .max(200, { error: 'is required: a dotted path such as employee.number (at most 200 characters)' })
  .regex(SOURCE_PATTERN, { error: 'is required: a dotted path such as employee.number (at most 200 characters)' })
  .describe('Where the value comes from in the Palisade record, e.g. employee.number');

const target = z
  .string({ error: 'is required: a target field name such as posting_date (at most 100 characters)' })
  .max(100, { error: 'is required: a target field name such as posting_date (at most 100 characters)' })
  .regex(TARGET_PATTERN, { error: 'is required: a target field name such as posting_date (at most 100 characters)' })
  .describe('A target field of the integration type (GET /v1/integration-types lists them)');

const required = z
  .boolean({ error: 'must be true or false' })
  .optional()
  .describe('Fail the record when the source is empty');

// ---- schema_version 1 (legacy): transform is a bare name.
const TRANSFORMS_V1 = ['trim', 'uppercase', 'lowercase', 'number', 'boolean', 'date'] as const;

const MappingV1 = z.strictObject({
  source,
  target,
  transform: z.enum(TRANSFORMS_V1, { error: `must be one of ${TRANSFORMS_V1.join(', ')}` }).optional(),
  required,
});

// ---- schema_version 2 (current): transform is an object, so transforms can take parameters.
const scalar = z.union([z.string().max(1000), z.number(), z.boolean()]);
const bare = (kind: 'trim' | 'uppercase' | 'lowercase' | 'number' | 'boolean') =>
  z.strictObject({ kind: z.literal(kind) });

export const TransformV2 = z.discriminatedUnion(
  'kind',
  [
    bare('trim'),
    bare('uppercase'),
    bare('lowercase'),
    bare('number'),
    bare('boolean'),
    z.strictObject({
      kind: z.literal('date'),
      format: z.enum(['date', 'datetime', 'unix_seconds'], { error: 'must be one of date, datetime, unix_seconds' }),
    }),
    z.strictObject({
      kind: z.literal('truncate'),
      length: z
        .number({ error: 'must be an integer from 1 to 10000' })
        .int({ error: 'must be an integer from 1 to 10000' })
        .min(1, { error: 'must be an integer from 1 to 10000' })
        .max(10000, { error: 'must be an integer from 1 to 10000' }),
    }),
    z.strictObject({
      kind: z.literal('default'),
      value: z.union([z.string().max(1000), z.number(), z.boolean()], {
        error: 'must be a string (at most 1000 characters), a number or a boolean',
      }),
    }),
    z.strictObject({
      kind: z.literal('map'),
      values: z
        .record(
          z.string(),
          z.union([scalar, z.null()], {
            error: 'must be a string (at most 1000 characters), a number, a boolean or null',
          }),
          {
            error: 'must be an object mapping source values to target values',
          },
        )
        .refine((v) => Object.keys(v).length <= 100, { error: 'must hold at most 100 entries' }),
    }),
  ],
  { error: 'must be one of trim, uppercase, lowercase, number, boolean, date, truncate, default, map' },
);

const MappingV2 = z.strictObject({ source, target, transform: TransformV2.optional(), required });

function uniqueTargets(mappings: ReadonlyArray<{ target: string }>, ctx: z.RefinementCtx) {
  const first = new Map<string, number>();
  mappings.forEach((m, i) => {
    const at = first.get(m.target);
    if (at !== undefined)
      ctx.addIssue({ code: 'custom', path: [i, 'target'], message: `is already mapped at $.mappings[${at}]` });
    else first.set(m.target, i);
  });
}

const list = <T extends z.ZodType<{ target: string }>>(item: T) =>
  z
    .array(item, { error: 'is required and must be an array' })
    .max(MAX_MAPPINGS, { error: `must hold at most ${MAX_MAPPINGS} entries` })
    .superRefine(uniqueTargets);

export const FieldMappingsV1 = z.strictObject({ schema_version: z.literal(1), mappings: list(MappingV1) });
export const FieldMappingsV2 = z.strictObject({ schema_version: z.literal(2), mappings: list(MappingV2) });

/** Any version the database may hold. Reads upgrade it (upgrade.ts); writes store the latest. */
export const StoredFieldMappings = z.discriminatedUnion('schema_version', [FieldMappingsV1, FieldMappingsV2], {
  error: 'is required and must be 1 or 2',
});

export type TransformV2 = z.infer<typeof TransformV2>;
export type FieldMappingsV1 = z.infer<typeof FieldMappingsV1>;
export type FieldMappingsV2 = z.infer<typeof FieldMappingsV2>;
export type StoredFieldMappings = z.infer<typeof StoredFieldMappings>;
