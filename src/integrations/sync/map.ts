import type { FieldMappingsV2, TransformV2 } from '../mappings/schema.ts';
import type { FieldType } from '../mappings/sources.ts';
import { readFieldMappings } from '../mappings/upgrade.ts';
import type { AnyIntegrationType } from '../types/define.ts';
import type { SourceRecord } from './records.ts';

/** Why one record could not be mapped: which record and which field, never the value. */
interface MappingProblem {
  /** Position of the record in the records given. */
  index: number;
  /** The source path or target name concerned. */
  field: string;
  message: string;
}

export interface MappedRecords {
  /** One object per mappable record, target name → value, in the records' order. */
  items: Array<Record<string, unknown>>;
  /** For each item, the position of the record it came from. */
  indexes: number[];
  problems: MappingProblem[];
}

type Bad = { problem: string };
const bad = (problem: string): Bad => ({ problem });
const isBad = (v: unknown): v is Bad => typeof v === 'object' && v !== null && 'problem' in v && !(v instanceof Date);
const isEmpty = (v: unknown) => v === undefined || v === null || v === '';
const DATE = /^\d{4}-\d{2}-\d{2}$/;

function read(record: SourceRecord, path: string): unknown {
  let at: unknown = record;
  for (const segment of path.split('.')) {
    if (at === null || typeof at !== 'object') return undefined;
    at = (at as Record<string, unknown>)[segment];
  }
  return at;
}

function toDate(v: unknown): Date | null {
  const d =
    v instanceof Date
      ? v
      : typeof v === 'string'
        ? new Date(DATE.test(v) ? `${v}T00:00:00Z` : v)
        : typeof v === 'number'
          ? new Date(v * 1000) // unix seconds, as the date transform writes them
          : null;
  return d && !Number.isNaN(d.getTime()) ? d : null;
}

function transform(v: unknown, t: TransformV2): unknown {
  if (t.kind === 'default') return isEmpty(v) ? t.value : v;
  if (isEmpty(v)) return v;
  switch (t.kind) {
    case 'trim':
      return typeof v === 'string' ? v.trim() : v;
    case 'uppercase':
    case 'lowercase':
      if (typeof v !== 'string') return bad(`must be text for the ${t.kind} transform`);
      return t.kind === 'uppercase' ? v.toUpperCase() : v.toLowerCase();
    case 'number': {
      const n = typeof v === 'number' ? v : typeof v === 'string' && v.trim() !== '' ? Number(v) : Number.NaN;
      return Number.isFinite(n) ? n : bad('is not a number');
    }
    case 'boolean': {
      if (typeof v === 'boolean') return v;
      const s = String(v).trim().toLowerCase();
      if (['true', 'yes', '1'].includes(s)) return true;
      if (['false', 'no', '0'].includes(s)) return false;
      return bad('is not a boolean (true/false, yes/no, 1/0)');
    }
    case 'date': {
      if (t.format === 'date' && typeof v === 'string' && DATE.test(v)) return v;
      const d = toDate(v);
      if (!d) return bad('is not a date');
      if (t.format === 'date') return d.toISOString().slice(0, 10);
      return t.format === 'datetime' ? d.toISOString() : Math.floor(d.getTime() / 1000);
    }
    case 'truncate':
      // By code point, so a character outside the BMP is never cut in half.
      return typeof v === 'string' ? Array.from(v).slice(0, t.length).join('') : v;
    case 'map': {
      const key = String(v);
      return Object.hasOwn(t.values, key) ? t.values[key] : v;
    }
  }
}

/** The value as the target's type wants it, or why it cannot be. */
function asTarget(v: unknown, type: FieldType | 'any'): unknown {
  switch (type) {
    case 'any':
      return ['string', 'number', 'boolean'].includes(typeof v) ? v : bad('must be text, a number or a boolean');
    case 'string':
      if (typeof v === 'string') return v;
      return typeof v === 'number' || typeof v === 'boolean' ? String(v) : bad('must be text');
    case 'number':
      return typeof v === 'number' && Number.isFinite(v) ? v : bad('must be a number (map it with a number transform)');
    case 'boolean':
      return typeof v === 'boolean' ? v : bad('must be a boolean (map it with a boolean transform)');
    case 'date': {
      if (typeof v === 'string' && DATE.test(v) && toDate(v)) return v;
      return v instanceof Date && toDate(v) ? v.toISOString().slice(0, 10) : bad('must be a date, YYYY-MM-DD');
    }
    case 'datetime': {
      const d = typeof v === 'string' || v instanceof Date ? toDate(v) : null;
      return d ? d.toISOString() : bad('must be a date and time (ISO 8601)');
    }
  }
}

/**
 * Maps source records through an integration's stored field mappings, whatever their
 * schema_version (the upgraders run first, so a version 1 document means what it always meant).
 * A record that cannot be mapped is left out and reported, by position and field, never by value,
 * so the rest can still be sent. A malformed mappings document is not a record's fault: it throws
 * (PS422 naming the path), as every read of one does.
 */
export function mapRecords(
  stored: unknown,
  records: readonly SourceRecord[],
  type: Pick<AnyIntegrationType, 'label' | 'targets' | 'openTargets'>,
): MappedRecords {
  const mappings: FieldMappingsV2 = readFieldMappings(stored);
  const targets = new Map(type.targets.map((t) => [t.name, t]));
  const out: MappedRecords = { items: [], indexes: [], problems: [] };
  records.forEach((record, index) => {
    const item: Record<string, unknown> = {};
    const problems: MappingProblem[] = [];
    const troubled = new Set<string>();
    for (const m of mappings.mappings) {
      const target = targets.get(m.target);
      if (!target && !type.openTargets?.pattern.test(m.target)) {
        problems.push({ index, field: m.target, message: `is not a target of ${type.label}` });
        continue;
      }
      let value = m.transform ? transform(read(record, m.source), m.transform) : read(record, m.source);
      if (!isBad(value) && !isEmpty(value)) value = asTarget(value, target?.type ?? 'any');
      if (isBad(value)) {
        problems.push({ index, field: m.source, message: `${value.problem} (for ${m.target})` });
        troubled.add(m.target);
      } else if (isEmpty(value)) {
        if (m.required) {
          problems.push({ index, field: m.source, message: `is empty, and the mapping to ${m.target} requires it` });
          troubled.add(m.target);
        }
      } else item[m.target] = value;
    }
    for (const t of type.targets) {
      if (t.required && !(t.name in item) && !troubled.has(t.name))
        problems.push({ index, field: t.name, message: `is required by ${type.label} but has no value` });
    }
    if (problems.length) out.problems.push(...problems);
    else {
      out.items.push(item);
      out.indexes.push(index);
    }
  });
  return out;
}
