/** Response shapes shared by this module's routes (they also make its OpenAPI entries). */
import { z } from 'zod';
import { iso, isoRequired, Timestamp, Uuid } from '../../http/schemas.ts';
import type { StepTypeRow, StepTypeVersionRow } from '../queries/step-types.ts';

export const Semver = z
  .string()
  .regex(/^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(-[0-9A-Za-z.-]+)?$/, 'must be a semantic version like 1.2.3')
  .describe('semantic version');
export const JsonObject = z.record(z.string(), z.unknown());
export const Note = z.string().trim().max(2000).optional();

export const StepType = z
  .object({
    id: Uuid,
    key: z.string(),
    name: z.string(),
    category: z.string(),
    description: z.string().nullable(),
    versions: z.number().int(),
    published_versions: z.number().int(),
    created_at: Timestamp,
    updated_at: Timestamp,
  })
  .meta({ id: 'AdminStepType' });

export const StepTypeVersion = z
  .object({
    id: Uuid,
    step_type_id: Uuid,
    version: z.string(),
    input_schema: z.unknown(),
    output_schema: z.unknown(),
    external_call: z.unknown(),
    published_at: Timestamp.nullable(),
    deprecated_at: Timestamp.nullable(),
    created_at: Timestamp,
  })
  .meta({ id: 'AdminStepTypeVersion' });

export const toStepType = (t: StepTypeRow) => ({
  id: t.id,
  key: t.key,
  name: t.name,
  category: t.category,
  description: t.description,
  versions: t.versions,
  published_versions: t.published_versions,
  created_at: isoRequired(t.created_at),
  updated_at: isoRequired(t.updated_at),
});

export const toVersion = (v: StepTypeVersionRow) => ({
  ...v,
  published_at: iso(v.published_at),
  deprecated_at: iso(v.deprecated_at),
  created_at: isoRequired(v.created_at),
});
