/**
 * The tenancy guardrails (docs/lint.md), one stable id each. Ids never change meaning and are never reused:
 * CI logs, suppressions in other repositories and docs/lint.md refer to them.
 */
export const RULES = {
  PAL000: {
    name: 'unparseable-input',
    summary: 'a SQL file or client file that cannot be parsed cannot be proven safe',
    fix: 'fix the syntax error; the linter reads what PostgreSQL (or TypeScript) would read',
  },
  PAL001: {
    name: 'null-tenant-gate',
    summary: 'a policy gates on org_id IS NULL / tenant_org_id IS NULL',
    fix: 'global rows belong in the platform schema; tenant policies use app.caller_org_ids() and never a NULL tenant',
  },
  PAL002: {
    name: 'rls-disabled',
    summary:
      'a table in an exposed schema (public, platform, palisade_vault, palisade_runtime) does not have row level security enabled',
    fix: 'add `alter table <table> enable row level security;` beside the table, with its policies',
  },
  PAL003: {
    name: 'tenant-org-id-nullable',
    summary: 'a tenant table (it has org_id or tenant_org_id) lets the tenant column be NULL',
    fix: 'declare `org_id uuid not null references public.organisations (id) on delete cascade`',
  },
  PAL004: {
    name: 'tenant-org-id-unindexed',
    summary: 'a tenant table has no index, primary key or unique constraint leading with its tenant column',
    fix: 'make the primary key `(org_id, id)` (or add an index whose first column is org_id)',
  },
  PAL005: {
    name: 'policy-without-with-check',
    summary: 'an UPDATE or ALL policy has no WITH CHECK, so what a row may become is not stated',
    fix: 'add `with check (…)` repeating the tenant condition, so a row cannot be moved to another tenant',
  },
  PAL006: {
    name: 'definer-search-path',
    summary: 'a SECURITY DEFINER function does not pin search_path, or pins one that does not end with pg_temp',
    fix: 'add `set search_path = pg_catalog, pg_temp` (pg_temp explicitly last) and schema-qualify every other name in the body',
  },
  PAL007: {
    name: 'view-bypasses-rls',
    summary: "a view over a table with row level security runs with its owner's rights (no security_invoker)",
    fix: 'create it `with (security_invoker = true)` (PostgreSQL 15+); materialized views cannot: keep them out of exposed schemas',
  },
  PAL008: {
    name: 'api-role-bypassrls',
    summary:
      'an API role (anon, authenticated, service_role, platform_admin, authenticator, palisade_login) can bypass row level security',
    fix: 'alter role <role> nobypassrls nosuperuser, and do not grant it membership in a role that has either',
  },
  PAL009: {
    name: 'client-platform-write',
    summary: 'client code writes to a platform.* table (supabase-js style)',
    fix: 'browser clients read platform catalogs through public.v_* views; writes go through the admin API',
  },
  PAL010: {
    name: 'nullable-role-comparison',
    summary:
      'a function compares a role that may be NULL (a variable or function result named like *role*) with NOT IN, <> or !=',
    fix: "NULL must be refusal: write `coalesce(role, '') not in (…)` or `role is distinct from …`, or raise when the role is NULL first",
  },
  PAL011: {
    name: 'client-text-in-sql',
    summary:
      'source code sends SQL text (query, exec, batch, a transaction prelude) that is not a compile-time constant',
    fix: 'send every value as a bind parameter ($1, $2, …); build SQL only from constants (a table of constant names picked by key, fragments of constant SQL); `// palisade-lint: constant-sql <reason>` only for text that is constant in a way the linter cannot follow',
  },
  PAL012: {
    name: 'foreign-role-change',
    summary:
      'a migration alters, renames or drops a role it did not create, or one Supabase reserves (anon, authenticated, service_role, authenticator, supabase_*, …)',
    fix: 'create roles only where absent and never alter one you did not create; grant roles to your own login role instead (docs/supabase.md)',
  },
} as const;

export type RuleId = keyof typeof RULES;

/** Where a finding is: a file position (static modes) or a database object (live mode). */
export type Location = { file: string; line: number; col: number; context?: string } | { object: string };

export interface Finding {
  rule: RuleId;
  name: string;
  message: string;
  location: Location;
  fix: string;
}

/** Something the linter could not check and says so, rather than passing it silently. */
export interface Notice {
  kind: 'unresolved-dynamic-sql' | 'skipped' | 'platform-fact' | 'constant-sql';
  message: string;
  location: Location;
}

export function finding(rule: RuleId, location: Location, message: string): Finding {
  return { rule, name: RULES[rule].name, message, location, fix: RULES[rule].fix };
}

export function formatLocation(l: Location): string {
  return 'file' in l ? `${l.file}:${l.line}:${l.col}` : l.object;
}

/** Extra words for a location: how dynamic SQL was produced. */
export function locationContext(l: Location): string | undefined {
  return 'file' in l ? l.context : undefined;
}

/** Stable order: by file, line, column, then rule; live-database objects after files. */
export function sortFindings<T extends { location: Location; rule?: string }>(items: T[]): T[] {
  const key = (l: Location) =>
    ('file' in l ? [0, l.file, l.line, l.col] : [1, l.object, 0, 0]) as [number, string, number, number];
  return [...items].sort((a, b) => {
    const ka = key(a.location);
    const kb = key(b.location);
    for (let i = 0; i < 4; i++) {
      if (ka[i]! < kb[i]!) return -1;
      if (ka[i]! > kb[i]!) return 1;
    }
    return (a.rule ?? '').localeCompare(b.rule ?? '');
  });
}
