import type { TransformV2 } from '../../integrations/mappings/schema.ts';
import { readFieldMappings } from '../../integrations/mappings/upgrade.ts';

/**
 * The integration's field mappings read backwards: a mapping `lead.<field>` → HubSpot property
 * says which property mirrors which lead field, so a webhook's changed property lands in that
 * field. Only the contact fields a lead has are written inbound: email, first and last name (the
 * lead's one `name` is "first last") and company. `lead.stage` and `lead.score` stay Palisade's:
 * qualification owns them, and a HubSpot change to their properties is stored and ignored.
 *
 * Transforms run as normalisations where that means the same thing both ways (trim, lowercase,
 * uppercase, truncate); `map` runs inverted (the source value whose target is the value received);
 * `default`, `number`, `boolean` and `date` leave the value as received.
 */

type LeadField = 'email' | 'first_name' | 'last_name' | 'company';
export type LeadColumn = 'email' | 'name' | 'company';

const FROM_SOURCE: Record<string, LeadField> = {
  'lead.email': 'email',
  'lead.first_name': 'first_name',
  'lead.last_name': 'last_name',
  'lead.company': 'company',
};

const COLUMN: Record<LeadField, LeadColumn> = {
  email: 'email',
  first_name: 'name',
  last_name: 'name',
  company: 'company',
};

interface InboundField {
  field: LeadField;
  column: LeadColumn;
  transform?: TransformV2;
}

/** HubSpot property name → the lead field it fills. */
export type InboundMapping = ReadonlyMap<string, InboundField>;

export function inboundMapping(stored: unknown): InboundMapping {
  const out = new Map<string, InboundField>();
  for (const m of readFieldMappings(stored).mappings) {
    const field = FROM_SOURCE[m.source];
    if (field && !out.has(m.target))
      out.set(m.target, { field, column: COLUMN[field], ...(m.transform ? { transform: m.transform } : {}) });
  }
  return out;
}

function reverse(value: string, t: TransformV2 | undefined): string {
  switch (t?.kind) {
    case 'trim':
      return value.trim();
    case 'lowercase':
      return value.toLowerCase();
    case 'uppercase':
      return value.toUpperCase();
    case 'truncate':
      return Array.from(value).slice(0, t.length).join('');
    case 'map': {
      const key = Object.keys(t.values).find((k) => t.values[k] === value);
      return key ?? value;
    }
    default:
      return value;
  }
}

const EMAIL = /^[^@\s]+@[^@\s]+$/;
/** What the leads table's single-line checks refuse: U+0001–U+001F and U+007F. */
const hasControl = (v: string) => Array.from(v).some((c) => c.charCodeAt(0) < 0x20 || c.charCodeAt(0) === 0x7f);

/** The value as the lead's column takes it (null: cleared), or why it cannot be. Never quotes the value. */
function columnValue(field: LeadField, raw: string): { value: string | null } | { problem: string } {
  const v = field === 'email' ? raw.trim().toLowerCase() : raw.trim();
  if (v === '') return { value: null };
  if (field === 'email')
    return v.length >= 3 && v.length <= 320 && EMAIL.test(v) ? { value: v } : { problem: 'is not an email address' };
  if (v.length > 200) return { problem: 'is longer than 200 characters' };
  if (hasControl(v)) return { problem: 'must be a single line without control characters' };
  return { value: v };
}

export interface LeadValues {
  /** Columns the known properties set; a column no known property maps to is absent. */
  columns: Partial<Record<LeadColumn, string | null>>;
  /** Known properties whose value a lead cannot take, by property name. */
  problems: Map<string, string>;
}

/** The lead columns the contact's latest known property values give, through the mapping. */
export function leadValues(mapping: InboundMapping, properties: ReadonlyMap<string, string | null>): LeadValues {
  const fields: Partial<Record<LeadField, string | null>> = {};
  const problems = new Map<string, string>();
  for (const [property, raw] of properties) {
    const m = mapping.get(property);
    if (!m) continue;
    const r = raw === null ? { value: null } : columnValue(m.field, reverse(raw, m.transform));
    if ('problem' in r) problems.set(property, `the value of ${property} (${m.field}) ${r.problem}`);
    else fields[m.field] = r.value;
  }
  const columns: LeadValues['columns'] = {};
  if ('email' in fields) columns.email = fields.email ?? null;
  if ('company' in fields) columns.company = fields.company ?? null;
  if ('first_name' in fields || 'last_name' in fields) {
    const name = [fields.first_name, fields.last_name].filter(Boolean).join(' ');
    if (name.length > 200) problems.set('name', 'first and last name together are longer than 200 characters');
    else columns.name = name || null;
  }
  return { columns, problems };
}
