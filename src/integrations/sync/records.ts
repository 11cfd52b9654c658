import { type FieldType, MAPPING_SOURCES, type MappingSourceRecord } from '../mappings/sources.ts';

/**
 * A source record: what one exported line is made of, as the mapping sources name it. Each key is
 * a source record (`employee`, `entry`, `person`…), each value that record's fields; a line may
 * combine several (an entry and its employee). A mapping's `source` path is read from it.
 *
 *     { employee: { number: 'E-17' }, entry: { date: '2030-01-31', amount: 1250.5, account: '5000' } }
 */
export type SourceRecord = Readonly<Record<string, Readonly<Record<string, unknown>> | undefined>>;

const pad = (n: number) => String(n).padStart(2, '0');

/** node-postgres reads a `date` column as local midnight, so its local calendar day is the date. */
const localDay = (d: Date) => `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;

function coerce(value: unknown, type: FieldType): unknown {
  if (value === null || value === undefined) return undefined;
  switch (type) {
    case 'number':
      // numeric and bigint columns arrive as strings, to keep their precision.
      return typeof value === 'string' && /^-?\d+(\.\d+)?$/.test(value.trim()) ? Number(value) : value;
    case 'date':
      return value instanceof Date && !Number.isNaN(value.getTime()) ? localDay(value) : value;
    case 'datetime':
      return value instanceof Date && !Number.isNaN(value.getTime()) ? value.toISOString() : value;
    default:
      return value;
  }
}

/**
 * Reads database rows into source records. A row is either flat, its columns named by source path
 * (`select e.number as "employee.number", t.date as "entry.date" …`), or nested
 * (`jsonb_build_object('employee', …)`). Only fields the mapping sources define are kept, so a
 * column that happens to be selected never reaches a mapping; values are coerced to the field's
 * type where the driver returns another form (numeric strings, Date objects). A value that still
 * has the wrong type is left for mapRecords to report.
 */
export function readSourceRecords(
  rows: ReadonlyArray<Record<string, unknown>>,
  sources: readonly MappingSourceRecord[] = MAPPING_SOURCES,
): SourceRecord[] {
  return rows.map((row) => {
    const out: Record<string, Record<string, unknown>> = {};
    for (const source of sources) {
      const nested = row[source.record];
      const fields: Record<string, unknown> = {};
      for (const field of source.fields) {
        const raw =
          nested && typeof nested === 'object' && !Array.isArray(nested)
            ? (nested as Record<string, unknown>)[field.name]
            : row[`${source.record}.${field.name}`];
        const value = coerce(raw, field.type);
        if (value !== undefined) fields[field.name] = value;
      }
      if (Object.keys(fields).length) out[source.record] = fields;
    }
    return out;
  });
}
