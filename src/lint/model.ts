/**
 * What the rules look at: tables, policies, functions, views and roles, as facts. The static mode
 * builds them by replaying migration statements in order; the live mode reads them from the
 * catalog. The same rule code (evaluate) then runs on either, so the two modes cannot disagree on
 * what a rule means.
 */

import { TENANT_COLUMNS } from './gates.ts';
import { type Finding, finding, type Location } from './rules.ts';

/** Schemas the Data API exposes or that hold secrets: every table in them needs RLS. */
const EXPOSED_SCHEMAS: ReadonlySet<string> = new Set(['public', 'platform', 'palisade_vault', 'palisade_runtime']);

/** Roles a request can run as: none may bypass row level security. */
export const API_ROLES = [
  'anon',
  'authenticated',
  'service_role',
  'platform_admin',
  'authenticator',
  'palisade_login',
] as const;

export interface ColumnFact {
  notNull: boolean;
  location: Location;
}

export interface TableFact {
  /** schema.name */
  name: string;
  schema: string;
  location: Location;
  rls: boolean;
  /** Where RLS was last switched off, when it was. */
  rlsDisabledAt?: Location;
  /** Unknown (undefined) when the table came from CREATE TABLE … AS; rules needing columns skip it. */
  columns?: Map<string, ColumnFact>;
  /** First column of every full (non-partial) index, primary key and unique constraint. */
  leadingColumns: Set<string>;
}

interface PolicyFact {
  table: string;
  name: string;
  cmd: string;
  hasWithCheck: boolean;
  nullGates: { column: string; location: Location }[];
  location: Location;
}

interface FunctionFact {
  /** Display name: schema.name(argtypes). */
  name: string;
  securityDefiner: boolean;
  /**
   * The schemas its `SET search_path` names, in order ('' for `search_path = ''`); undefined when
   * it sets none, or sets one that cannot be known statically (`FROM CURRENT`).
   */
  searchPath: string[] | undefined;
  location: Location;
}

export interface ViewFact {
  name: string;
  schema: string;
  materialized: boolean;
  securityInvoker: boolean;
  /** Relations named in the view's query (schema.name). */
  references: Set<string>;
  location: Location;
}

interface RoleFact {
  name: string;
  /** Why it bypasses RLS: its own attribute, or a role it can SET ROLE to. */
  bypass: string | undefined;
  /**
   * Set when the only way round RLS is Supabase's own service_role (BYPASSRLS on every Supabase
   * project, and not removable there): a fact of the platform, reported as a note, not a finding.
   */
  platformFact?: boolean;
}

/** An ALTER, RENAME or DROP of a role in the migration files. */
interface RoleChange {
  role: string;
  verb: 'alter' | 'rename' | 'drop';
  location: Location;
}

/**
 * Roles Supabase reserves (supautils): only a superuser may alter them, so a migration that does is
 * refused on every Supabase project, whoever created the role where it was written.
 */
const SUPABASE_RESERVED_ROLES: ReadonlySet<string> = new Set([
  'anon',
  'authenticated',
  'service_role',
  'authenticator',
  'supabase_admin',
  'supabase_auth_admin',
  'supabase_storage_admin',
  'supabase_replication_admin',
  'supabase_read_only_user',
  'supabase_realtime_admin',
  'supabase_functions_admin',
  'dashboard_user',
  'pgbouncer',
  'postgres',
]);

export interface Model {
  /** Static modes: roles the migration files create, and what they do to roles. */
  rolesCreated?: Set<string>;
  roleChanges?: RoleChange[];
  tables: Map<string, TableFact>;
  policies: Map<string, PolicyFact>;
  functions: Map<string, FunctionFact>;
  views: Map<string, ViewFact>;
  /** Live mode only. */
  roles?: RoleFact[];
}

export function emptyModel(): Model {
  return {
    tables: new Map(),
    policies: new Map(),
    functions: new Map(),
    views: new Map(),
    rolesCreated: new Set(),
    roleChanges: [],
  };
}

export const policyKey = (table: string, name: string) => `${table}\u0000${name}`;

/** Relations a view reads, following views through views (a definer view over an invoker view still reads as its owner). */
function reachableTables(model: Model, view: ViewFact): Set<string> {
  const out = new Set<string>();
  const seen = new Set<string>([view.name]);
  const queue = [...view.references];
  while (queue.length) {
    const ref = queue.shift()!;
    if (seen.has(ref)) continue;
    seen.add(ref);
    const inner = model.views.get(ref);
    if (inner) queue.push(...inner.references);
    else out.add(ref);
  }
  return out;
}

/**
 * Why a definer's search_path is not pinned safely, or undefined when it is. PostgreSQL searches
 * the session's temporary schema FIRST for table and type names unless the path names pg_temp
 * itself: with `search_path = ''` a caller's `pg_temp.uuid` domain is what `::uuid` means in the
 * body (its CHECK then runs with the definer's rights). Only a path ending in pg_temp puts it last.
 */
export function searchPathProblem(path: string[] | undefined): string | undefined {
  if (!path) return 'does not pin search_path';
  if (path.at(-1) === 'pg_temp') return undefined;
  const ident = (s: string) => (/^[a-z_][a-z0-9_$]*$/.test(s) ? s : `"${s.replaceAll('"', '""')}"`);
  const shown = path.every((s) => s === '') ? "''" : path.map(ident).join(', ');
  return `pins search_path = ${shown}, which does not end with pg_temp: PostgreSQL then searches the caller's pg_temp first for table and type names`;
}

/**
 * A search_path value as PostgreSQL stores it in pg_proc.proconfig (`pg_catalog, pg_temp`, `""`,
 * `"my schema", public`): the schema names, unquoted, in order.
 */
export function parseSearchPath(value: string): string[] {
  const out: string[] = [];
  let cur = '';
  let quoted = false;
  let wasQuoted = false;
  for (let i = 0; i < value.length; i++) {
    const c = value[i]!;
    if (quoted) {
      if (c === '"' && value[i + 1] === '"') {
        cur += '"';
        i++;
      } else if (c === '"') quoted = false;
      else cur += c;
    } else if (c === '"') {
      quoted = true;
      wasQuoted = true;
      cur = '';
    } else if (c === ',') {
      out.push(wasQuoted ? cur : cur.trim().toLowerCase());
      cur = '';
      wasQuoted = false;
    } else if (!(wasQuoted && /\s/.test(c))) cur += c;
  }
  out.push(wasQuoted ? cur : cur.trim().toLowerCase());
  return out;
}

export function evaluate(model: Model): Finding[] {
  const out: Finding[] = [];

  for (const p of model.policies.values()) {
    for (const g of p.nullGates) {
      out.push(finding('PAL001', g.location, `policy "${p.name}" on ${p.table} gates on ${g.column} IS NULL`));
    }
    if ((p.cmd === 'update' || p.cmd === 'all') && !p.hasWithCheck) {
      out.push(
        finding('PAL005', p.location, `${p.cmd.toUpperCase()} policy "${p.name}" on ${p.table} has no WITH CHECK`),
      );
    }
  }

  for (const t of model.tables.values()) {
    if (EXPOSED_SCHEMAS.has(t.schema) && !t.rls) {
      out.push(
        t.rlsDisabledAt
          ? finding('PAL002', t.rlsDisabledAt, `row level security is disabled on ${t.name}`)
          : finding(
              'PAL002',
              t.location,
              `table ${t.name} is created in the exposed schema "${t.schema}" without enabling row level security`,
            ),
      );
    }
    if (!t.columns) continue;
    for (const col of TENANT_COLUMNS) {
      const c = t.columns.get(col);
      if (!c) continue;
      if (!c.notNull) out.push(finding('PAL003', c.location, `tenant column ${t.name}.${col} is nullable`));
      if (!t.leadingColumns.has(col)) {
        out.push(
          finding(
            'PAL004',
            t.location,
            `tenant table ${t.name} has no index, primary key or unique constraint leading with ${col}`,
          ),
        );
      }
    }
  }

  for (const f of model.functions.values()) {
    if (!f.securityDefiner) continue;
    const problem = searchPathProblem(f.searchPath);
    if (problem) out.push(finding('PAL006', f.location, `SECURITY DEFINER function ${f.name} ${problem}`));
  }

  for (const v of model.views.values()) {
    if (v.securityInvoker) continue;
    const rlsTables = [...reachableTables(model, v)].filter((r) => model.tables.get(r)?.rls).sort();
    if (!rlsTables.length) continue;
    if (v.materialized) {
      if (EXPOSED_SCHEMAS.has(v.schema)) {
        out.push(
          finding(
            'PAL007',
            v.location,
            `materialized view ${v.name} in exposed schema "${v.schema}" copies rows of ${rlsTables.join(', ')} without their row level security`,
          ),
        );
      }
    } else {
      out.push(
        finding(
          'PAL007',
          v.location,
          `view ${v.name} reads ${rlsTables.join(', ')} with its owner's rights: it has no security_invoker`,
        ),
      );
    }
  }

  for (const c of model.roleChanges ?? []) {
    const reserved = SUPABASE_RESERVED_ROLES.has(c.role);
    if (reserved || !model.rolesCreated?.has(c.role))
      out.push(
        finding(
          'PAL012',
          c.location,
          reserved
            ? `${c.verb} role ${c.role}: Supabase reserves this role, and only a superuser may ${c.verb} it`
            : `${c.verb} role ${c.role}: the migrations did not create this role, so they must not ${c.verb} it`,
        ),
      );
  }

  for (const r of model.roles ?? []) {
    if (r.bypass && !r.platformFact)
      out.push(
        finding('PAL008', { object: `role ${r.name}` }, `API role ${r.name} bypasses row level security: ${r.bypass}`),
      );
  }
  return out;
}
