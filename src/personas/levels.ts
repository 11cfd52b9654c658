/**
 * The vocabulary of the persona matrix: outcomes, the named access levels (READ, WRITE) and the
 * shape of an entry. Modules that own tables (src/integrations/matrix.ts, src/platform/matrix.ts)
 * build their rows from this file; src/personas/matrix.ts assembles every row. This file imports
 * no module that owns tables, so the assembly has no cycle.
 */
import type { DemoOrg } from '../seed/ids.ts';
import { KEY_PERSONAS, OPERATORS, PERSONA_IDS, type Persona, type PersonaId } from './personas.ts';

/** own: exactly its organisation's rows · none: no rows · all: every row · published: the published catalog
 * rows · colleagues: its own and its organisations' members' profiles · denied: permission error. */
export type SelectOutcome = 'own' | 'none' | 'all' | 'published' | 'colleagues' | 'denied';
/** allow: the write succeeds on its own organisation's row (and is still refused on another's) · deny: refused. */
export type WriteOutcome = 'allow' | 'deny';
export type Operation = 'select' | 'insert' | 'update' | 'delete';

export type Outcomes<T> = Record<PersonaId, T>;

function outcomes<T>(f: (id: PersonaId) => T): Outcomes<T> {
  return Object.fromEntries(PERSONA_IDS.map((id) => [id, f(id)])) as Outcomes<T>;
}

const ACTIVE_A_ROLES: Partial<Record<PersonaId, string>> = {
  owner_a: 'owner',
  admin_a: 'admin',
  member_a: 'member',
  viewer_a: 'viewer',
  key_viewer_a: 'viewer',
  key_member_a: 'member',
  key_admin_a: 'admin',
  member_b: 'member',
  provider_owner: 'viewer',
  provider_admin: 'member',
  provider_viewer: 'viewer',
};

/** Named access levels: each expands to one outcome per persona. */
export const READ = {
  /** Active members (and keys) of the organisation; operators see all. */
  members: outcomes<SelectOutcome>((p) =>
    p === 'anonymous' ? 'denied' : OPERATORS.has(p) ? 'all' : ACTIVE_A_ROLES[p] ? 'own' : 'none',
  ),
  /** Owners and admins only. */
  ownerAdmin: outcomes<SelectOutcome>((p) =>
    p === 'anonymous'
      ? 'denied'
      : OPERATORS.has(p)
        ? 'all'
        : ['owner', 'admin'].includes(ACTIVE_A_ROLES[p] ?? '')
          ? 'own'
          : 'none',
  ),
  /** Owners, admins and members: everyone but viewers. */
  writers: outcomes<SelectOutcome>((p) =>
    p === 'anonymous'
      ? 'denied'
      : OPERATORS.has(p)
        ? 'all'
        : ['owner', 'admin', 'member'].includes(ACTIVE_A_ROLES[p] ?? '')
          ? 'own'
          : 'none',
  ),
  colleagues: outcomes<SelectOutcome>((p) => (p === 'anonymous' ? 'denied' : OPERATORS.has(p) ? 'all' : 'colleagues')),
  /** Platform catalogs: every signed-in principal reads what is published. */
  published: outcomes<SelectOutcome>((p) => (p === 'anonymous' ? 'denied' : OPERATORS.has(p) ? 'all' : 'published')),
  /** Views over catalogs show published rows to everyone allowed to read them, operators included. */
  publishedView: outcomes<SelectOutcome>((p) => (p === 'anonymous' ? 'denied' : 'published')),
  operators: outcomes<SelectOutcome>((p) => (OPERATORS.has(p) ? 'all' : 'denied')),
} as const;

const roleIn = (p: PersonaId, roles: string[]) => roles.includes(ACTIVE_A_ROLES[p] ?? '') && p !== 'member_b';

export const WRITE = {
  ownerAdmin: outcomes<WriteOutcome>((p) => (OPERATORS.has(p) || roleIn(p, ['owner', 'admin']) ? 'allow' : 'deny')),
  /** Owners, admins and members: everyone but viewers. */
  writers: outcomes<WriteOutcome>((p) =>
    OPERATORS.has(p) || roleIn(p, ['owner', 'admin', 'member']) ? 'allow' : 'deny',
  ),
  operators: outcomes<WriteOutcome>((p) => (OPERATORS.has(p) ? 'allow' : 'deny')),
  service: outcomes<WriteOutcome>((p) => (p === 'service' ? 'allow' : 'deny')),
  /** A person on their own row (profiles); operators on any. */
  self: outcomes<WriteOutcome>((p) =>
    OPERATORS.has(p) || (p !== 'anonymous' && !KEY_PERSONAS.has(p)) ? 'allow' : 'deny',
  ),
  nobody: outcomes<WriteOutcome>(() => 'deny'),
} as const;

export interface Statement {
  sql: string;
  params: unknown[];
}

export interface MatrixEntry {
  /** Schema-qualified name. */
  table: string;
  /** tenant: has org_id · organisation: the tenant itself · user: per person · platform: global · view: tenant read view. */
  tenancy: 'tenant' | 'organisation' | 'user' | 'platform' | 'view';
  /** A select list every reader may use (column grants); for tenant tables it starts with the org column. */
  probe: string;
  /** Owner-side query returning exactly the rows a 'published' reader must see. */
  publishedRows?: string;
  select: Outcomes<SelectOutcome>;
  insert: Outcomes<WriteOutcome>;
  update: Outcomes<WriteOutcome>;
  delete: Outcomes<WriteOutcome>;
  /** Columns no browser-facing persona may read (column grants): only platform admins and the service. */
  hidden?: string[];
  /** Columns only the service may read (a key's hash): refused to platform admins too. */
  secret?: string[];
  /**
   * Rows scoped below the organisation (a project's, say): for the personas listed, 'own' means
   * exactly its organisation's rows that match `rows` (an owner-side condition), not all of them.
   */
  scoped?: { rows: string; personas: PersonaId[]; note: string };
  probes: {
    /** Owner-side preparation for the insert probe, run in its transaction before switching to the persona. */
    beforeInsert?: (org: DemoOrg, persona: Persona) => string;
    insert?: (org: DemoOrg, persona: Persona) => Statement;
    /** The row an update/delete aims at, in `org`: a where clause with its parameters. */
    target?: (org: DemoOrg, persona: Persona) => Statement;
    /** A harmless assignment the writer is granted, e.g. "name = name". */
    set?: string;
  };
}
