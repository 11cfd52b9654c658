/**
 * Mapping sources: the fields of Palisade's records a field mapping may read, as data. A mapping's
 * `source` must be one of these paths (`record.field`) when it is saved through the library or the
 * API; `GET /v1/integration-mapping-sources` offers them, and the table in
 * docs/integration-foundation/field-mappings-evolution.md is rendered from this list
 * (`npx tsx src/integrations/docs.ts --write`; a test fails when it is stale). The database checks
 * only a source's shape (app.field_mappings_problem), as it does for targets: which paths exist
 * is the registry's knowledge, so a source removed here is what `palisade integrations repair`
 * reports in stored rows.
 */

export type FieldType = 'string' | 'number' | 'boolean' | 'date' | 'datetime';

interface MappingSourceField {
  name: string;
  type: FieldType;
  description: string;
}

export interface MappingSourceRecord {
  /** The first segment of a source path. */
  record: string;
  description: string;
  fields: readonly MappingSourceField[];
}

const f = (name: string, type: FieldType, description: string): MappingSourceField => ({ name, type, description });

export const MAPPING_SOURCES: readonly MappingSourceRecord[] = [
  {
    record: 'employee',
    description: 'A person the organisation employs (HR, payroll, learning)',
    fields: [
      f('number', 'string', 'Employee (payroll) number, unique in the organisation'),
      f('external_id', 'string', "The employee's id in the external system, once known"),
      f('email', 'string', 'Work email address'),
      f('first_name', 'string', 'First name'),
      f('last_name', 'string', 'Last name'),
      f('title', 'string', 'Job title'),
      f('department', 'string', 'Department name'),
      f('manager_number', 'string', 'Employee number of the line manager'),
      f('start_date', 'date', 'First day of employment'),
      f('end_date', 'date', 'Last day of employment; empty while employed'),
      f('hours_per_week', 'number', 'Contracted hours per week'),
    ],
  },
  {
    record: 'entry',
    description: 'An approved time or expense line',
    fields: [
      f('date', 'date', 'Day the hours were worked or the expense was incurred'),
      f('hours', 'number', 'Hours, two decimals'),
      f('amount', 'number', "Amount in the organisation's currency"),
      f('account', 'string', 'General ledger account'),
      f('project', 'string', 'Project code'),
      f('text', 'string', 'Line text'),
    ],
  },
  {
    record: 'person',
    description: 'A contact person (CRM)',
    fields: [
      f('email', 'string', 'Email address'),
      f('first_name', 'string', 'First name'),
      f('last_name', 'string', 'Last name'),
      f('title', 'string', 'Job title'),
      f('phone', 'string', 'Business phone'),
      f('company', 'string', 'Company name'),
    ],
  },
  {
    record: 'lead',
    description: 'A prospect being qualified',
    fields: [
      f('email', 'string', 'Email address'),
      f('first_name', 'string', 'First name'),
      f('last_name', 'string', 'Last name'),
      f('company', 'string', 'Company name'),
      f('stage', 'string', 'Qualification stage, e.g. new, qualified'),
      f('score', 'number', 'Qualification score, 0-100'),
    ],
  },
  {
    record: 'course',
    description: 'A training course',
    fields: [f('code', 'string', 'Course code'), f('title', 'string', 'Course title')],
  },
  {
    record: 'completion',
    description: "An employee's completion of a course",
    fields: [
      f('date', 'date', 'Completion date'),
      f('score', 'number', 'Score, 0-100'),
      f('state', 'string', 'Outcome: done or failed'),
    ],
  },
];

const NAME = /^[a-z][a-z0-9_]{0,62}$/;

/** The paths of a source list; throws with a sentence for a malformed list (checked at start-up). */
export function sourcePaths(records: readonly MappingSourceRecord[]): ReadonlySet<string> {
  const paths = new Set<string>();
  const seen = new Set<string>();
  for (const r of records) {
    if (!NAME.test(r.record)) throw new Error(`mapping source record "${r.record}": names are lower-case identifiers`);
    if (seen.has(r.record)) throw new Error(`mapping source record "${r.record}" is listed twice`);
    seen.add(r.record);
    for (const field of r.fields) {
      const path = `${r.record}.${field.name}`;
      if (!NAME.test(field.name)) throw new Error(`mapping source ${path}: names are lower-case identifiers`);
      if (paths.has(path)) throw new Error(`mapping source ${path} is listed twice`);
      paths.add(path);
    }
  }
  return paths;
}
