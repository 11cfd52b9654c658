/**
 * Live mode: the same rules, on what a database actually holds. Facts come from the catalog
 * (pg_class.relrowsecurity, pg_index, pg_policies, pg_proc.proconfig, view reloptions and their
 * pg_depend edges, pg_roles), so dynamic SQL, hand-made changes and drift are all seen. Policy
 * expressions come back from pg_get_expr as SQL text and go through the same parser and gate check.
 */
import { loadModule, parseSync } from 'libpg-query';
import type { Queryable } from '../db/types.ts';
import { nodeOf } from './ast.ts';
import { nullTenantGates, TENANT_COLUMNS } from './gates.ts';
import { API_ROLES, emptyModel, evaluate, type Model, parseSearchPath, policyKey } from './model.ts';
import type { Finding, Notice } from './rules.ts';

/** System schemas and objects that extensions own are not the project's to fix. */
/**
 * Schemas Supabase creates or ships in the extensions it offers: theirs, not the project's, so the
 * rules do not judge them (Supabase's pgbouncer.get_auth, say, is a definer without a pinned path).
 */
const PLATFORM_SCHEMAS = `('auth', 'storage', 'realtime', '_realtime', 'vault', 'graphql', 'graphql_public', 'extensions',
  'pgsodium', 'pgsodium_masks', 'net', 'cron', 'supabase_functions', 'supabase_migrations', 'pgbouncer', 'audit', '_analytics')`;

const USER_RELATION = `
  n.nspname not in ('pg_catalog', 'information_schema') and n.nspname not in ${PLATFORM_SCHEMAS} and n.nspname not like 'pg\\_toast%' and n.nspname not like 'pg\\_temp%'
  and not exists (select 1 from pg_depend e where e.classid = 'pg_class'::regclass and e.objid = c.oid and e.deptype = 'e')`;

interface TableRow {
  oid: number;
  name: string;
  schema: string;
  rls: boolean;
}

async function tables(q: Queryable, model: Model) {
  const { rows } = await q.query<TableRow>(`
    select c.oid::int as oid, n.nspname || '.' || c.relname as name, n.nspname as schema, c.relrowsecurity as rls
    from pg_class c join pg_namespace n on n.oid = c.relnamespace
    where c.relkind in ('r', 'p') and ${USER_RELATION}`);
  const byOid = new Map<number, string>();
  for (const r of rows) {
    byOid.set(r.oid, r.name);
    model.tables.set(r.name, {
      name: r.name,
      schema: r.schema,
      location: { object: `table ${r.name}` },
      rls: r.rls,
      columns: new Map(),
      leadingColumns: new Set(),
    });
  }
  const cols = await q.query<{ oid: number; col: string; not_null: boolean }>(
    `select a.attrelid::int as oid, a.attname as col, a.attnotnull as not_null from pg_attribute a
     where a.attname = any($1) and a.attnum > 0 and not a.attisdropped`,
    [[...TENANT_COLUMNS]],
  );
  for (const c of cols.rows) {
    const t = model.tables.get(byOid.get(c.oid) ?? '');
    t?.columns?.set(c.col, { notNull: c.not_null, location: { object: `column ${t.name}.${c.col}` } });
  }
  // Full indexes only: a partial index serves its predicate's rows, not every tenant lookup.
  const idx = await q.query<{ oid: number; col: string }>(`
    select i.indrelid::int as oid, a.attname as col from pg_index i
    join pg_attribute a on a.attrelid = i.indrelid and a.attnum = i.indkey[0]
    where i.indpred is null`);
  for (const r of idx.rows) model.tables.get(byOid.get(r.oid) ?? '')?.leadingColumns.add(r.col);
}

async function policies(q: Queryable, model: Model) {
  const { rows } = await q.query<{
    schemaname: string;
    tablename: string;
    policyname: string;
    cmd: string;
    qual: string | null;
    with_check: string | null;
  }>(`select schemaname, tablename, policyname, cmd, qual, with_check from pg_policies
     where schemaname not in ${PLATFORM_SCHEMAS}`);
  for (const r of rows) {
    const table = `${r.schemaname}.${r.tablename}`;
    const object = `policy "${r.policyname}" on ${table}`;
    const gates = [r.qual, r.with_check].flatMap((expr) => {
      if (!expr) return [];
      const sel = nodeOf<{ whereClause?: unknown }>(parseSync(`select where ${expr}`).stmts?.[0]?.stmt, 'SelectStmt');
      return nullTenantGates(sel?.whereClause);
    });
    model.policies.set(policyKey(table, r.policyname), {
      table,
      name: r.policyname,
      cmd: r.cmd.toLowerCase(),
      hasWithCheck: r.with_check !== null,
      nullGates: gates.map((g) => ({ column: g.column, location: { object } })),
      location: { object },
    });
  }
}

async function functions(q: Queryable, model: Model) {
  const { rows } = await q.query<{ name: string; search_path: string | null }>(`
    select n.nspname || '.' || p.proname || '(' || pg_get_function_identity_arguments(p.oid) || ')' as name,
           (select substr(s, length('search_path=') + 1) from unnest(p.proconfig) s where s like 'search\\_path=%') as search_path
    from pg_proc p join pg_namespace n on n.oid = p.pronamespace
    where p.prosecdef and n.nspname not in ('pg_catalog', 'information_schema') and n.nspname not in ${PLATFORM_SCHEMAS}
      and not exists (select 1 from pg_depend e where e.classid = 'pg_proc'::regclass and e.objid = p.oid and e.deptype = 'e')`);
  for (const r of rows) {
    model.functions.set(r.name, {
      name: r.name,
      securityDefiner: true,
      searchPath: r.search_path === null ? undefined : parseSearchPath(r.search_path),
      location: { object: `function ${r.name}` },
    });
  }
}

async function views(q: Queryable, model: Model) {
  const { rows } = await q.query<{
    name: string;
    schema: string;
    materialized: boolean;
    invoker: boolean;
    refs: string[] | null;
  }>(`
    select n.nspname || '.' || c.relname as name, n.nspname as schema, c.relkind = 'm' as materialized,
           coalesce((select lower(split_part(o, '=', 2)) in ('true', 'on', '1', 'yes')
                     from unnest(c.reloptions) o where split_part(o, '=', 1) = 'security_invoker'), false) as invoker,
           (select array_agg(distinct rn.nspname || '.' || rc.relname)
              from pg_rewrite w
              join pg_depend d on d.classid = 'pg_rewrite'::regclass and d.objid = w.oid and d.refclassid = 'pg_class'::regclass
              join pg_class rc on rc.oid = d.refobjid and rc.oid <> c.oid
              join pg_namespace rn on rn.oid = rc.relnamespace
             where w.ev_class = c.oid) as refs
    from pg_class c join pg_namespace n on n.oid = c.relnamespace
    where c.relkind in ('v', 'm') and ${USER_RELATION}`);
  for (const r of rows) {
    model.views.set(r.name, {
      name: r.name,
      schema: r.schema,
      materialized: r.materialized,
      securityInvoker: r.invoker,
      references: new Set(r.refs ?? []),
      location: { object: `${r.materialized ? 'materialized view' : 'view'} ${r.name}` },
    });
  }
}

async function roles(q: Queryable, model: Model) {
  // BYPASSRLS and SUPERUSER are not inherited, but a member can SET ROLE to any role it belongs to.
  const { rows } = await q.query<{ api: string; why: string }>(
    `with recursive reach (api, role_oid) as (
       select r.rolname::text, m.roleid from pg_roles r join pg_auth_members m on m.member = r.oid
        where r.rolname = any($1)
       union -- membership cannot be circular, and union drops repeats, so this ends
       select reach.api, m.roleid from reach join pg_auth_members m on m.member = reach.role_oid
     )
     select r.rolname::text as api,
            case when r.rolsuper then 'it is a superuser' else 'it has BYPASSRLS' end as why
       from pg_roles r where r.rolname = any($1) and (r.rolsuper or r.rolbypassrls)
     union all
     select reach.api, 'it can SET ROLE to ' || x.rolname || case when x.rolsuper then ' (a superuser)' else ' (BYPASSRLS)' end
       from reach join pg_roles x on x.oid = reach.role_oid where x.rolsuper or x.rolbypassrls`,
    [[...API_ROLES]],
  );
  const existing = await q.query<{ rolname: string }>(`select rolname::text from pg_roles where rolname = any($1)`, [
    [...API_ROLES],
  ]);
  // A Supabase project: its service_role has BYPASSRLS, and nobody but Supabase can change that.
  const supabase = await q.query<{ yes: boolean }>(
    `select exists (select 1 from pg_roles where rolname = 'supabase_admin') as yes`,
  );
  const serviceOnly = (why: string) =>
    why === 'it has BYPASSRLS' || why === 'it can SET ROLE to service_role (BYPASSRLS)';
  model.roles = existing.rows.map((r) => {
    const why = rows.filter((x) => x.api === r.rolname).map((x) => x.why);
    const platformFact =
      supabase.rows[0]!.yes &&
      why.length > 0 &&
      why.every((w) => serviceOnly(w) && (r.rolname === 'service_role' || w !== 'it has BYPASSRLS'));
    return { name: r.rolname, bypass: why.length ? why.join('; ') : undefined, platformFact };
  });
}

async function catalogModel(q: Queryable): Promise<Model> {
  await loadModule();
  const model = emptyModel();
  await tables(q, model);
  await policies(q, model);
  await functions(q, model);
  await views(q, model);
  await roles(q, model);
  return model;
}

export async function lintCatalog(q: Queryable): Promise<Finding[]> {
  return evaluate(await catalogModel(q));
}

/** The findings, and the platform's facts worth knowing that are not findings. */
export async function lintCatalogReport(q: Queryable): Promise<{ findings: Finding[]; notices: Notice[] }> {
  const model = await catalogModel(q);
  const notices: Notice[] = (model.roles ?? [])
    .filter((r) => r.platformFact)
    .map((r) => ({
      kind: 'platform-fact',
      message: `${r.name} bypasses row level security on this Supabase project (${r.bypass}): Supabase gives service_role BYPASSRLS and only Supabase can remove it, so the service persona reads and writes every row its table grants allow (docs/supabase.md)`,
      location: { object: `role ${r.name}` },
    }));
  return { findings: evaluate(model), notices };
}
