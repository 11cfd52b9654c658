import { invalidDocument, type Problem, problemsFromZod } from '../problems.ts';
import { type FieldMappingsV1, type FieldMappingsV2, StoredFieldMappings, type TransformV2 } from './schema.ts';

/**
 * One upgrader per version step, each a pure function from version N to N+1. Reads run the chain
 * on the fly; `palisade integrations migrate-mappings` runs it over stored rows and writes the
 * result back. A new version adds one entry here and never changes an old one.
 */
const V1_TRANSFORMS: Record<NonNullable<FieldMappingsV1['mappings'][number]['transform']>, TransformV2> = {
  trim: { kind: 'trim' },
  uppercase: { kind: 'uppercase' },
  lowercase: { kind: 'lowercase' },
  number: { kind: 'number' },
  boolean: { kind: 'boolean' },
  // Version 1's "date" always meant a calendar date (YYYY-MM-DD).
  date: { kind: 'date', format: 'date' },
};

export function upgradeV1toV2(doc: FieldMappingsV1): FieldMappingsV2 {
  return {
    schema_version: 2,
    mappings: doc.mappings.map((m) => ({
      source: m.source,
      target: m.target,
      ...(m.transform ? { transform: V1_TRANSFORMS[m.transform] } : {}),
      ...(m.required !== undefined ? { required: m.required } : {}),
    })),
  };
}

/** Parses a stored document of any version, with every problem at its JSON path. */
export function parseStoredFieldMappings(
  doc: unknown,
): { ok: true; value: StoredFieldMappings } | { ok: false; problems: Problem[] } {
  if (doc === null || typeof doc !== 'object' || Array.isArray(doc)) {
    return {
      ok: false,
      problems: [{ path: '$', message: 'must be an object {"schema_version": 2, "mappings": […]}' }],
    };
  }
  const r = StoredFieldMappings.safeParse(doc);
  return r.success ? { ok: true, value: r.data } : { ok: false, problems: problemsFromZod(r.error) };
}

/** The document at the current version. */
export function upgradeFieldMappings(doc: StoredFieldMappings): FieldMappingsV2 {
  // A switch, not a loop over a table, so TypeScript checks that every version is handled.
  switch (doc.schema_version) {
    case 1:
      return upgradeV1toV2(doc);
    case 2:
      return doc;
  }
}

/** For reads: parse whatever is stored and return the current version; throws on a malformed row. */
export function readFieldMappings(stored: unknown): FieldMappingsV2 {
  const parsed = parseStoredFieldMappings(stored);
  if (!parsed.ok) throw invalidDocument('field_mappings', parsed.problems);
  return upgradeFieldMappings(parsed.value);
}
