import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadMigrations } from '../migrations/runner.ts';
import { parseSearchPath, searchPathProblem } from './model.ts';
import { formatLocation } from './rules.ts';
import { lintSql } from './sql.ts';

const here = path.dirname(fileURLToPath(import.meta.url));
const fixture = (name: string) => ({
  file: name,
  text: readFileSync(path.join(here, 'fixtures', 'sql', name), 'utf8'),
});

/** `RULE file:line:col` for each finding, in order: what a reader of the CLI output sees. */
async function lint(name: string) {
  const r = await lintSql([fixture(name)]);
  return { found: r.findings.map((f) => `${f.rule} ${formatLocation(f.location)}`), result: r };
}

describe('palisade lint on SQL files', () => {
  it('a migration written by the rules has no findings, including tables secured in a DO loop', async () => {
    const { found, result } = await lint('good.sql');
    expect(found).toEqual([]);
    expect(result.notices).toEqual([]);
    expect(result.doStatements).toBe(6);
  });

  it('PAL012: altering a Supabase-reserved role, or a role the migrations did not create, is found', async () => {
    const { found, result } = await lint('pal012_foreign_role.sql');
    expect(found).toEqual([
      'PAL012 pal012_foreign_role.sql:2:1',
      'PAL012 pal012_foreign_role.sql:3:1',
      'PAL012 pal012_foreign_role.sql:5:1',
      'PAL012 pal012_foreign_role.sql:6:1',
      'PAL012 pal012_foreign_role.sql:7:1',
    ]);
    expect(result.findings[0]!.message).toBe(
      'alter role authenticator: Supabase reserves this role, and only a superuser may alter it',
    );
    expect(result.findings[2]!.message).toBe(
      'alter role reporting: the migrations did not create this role, so they must not alter it',
    );
  });

  it('PAL001: a policy gating on org_id IS NULL is found at the column', async () => {
    const { found, result } = await lint('pal001_null_gate.sql');
    expect(found).toEqual(['PAL001 pal001_null_gate.sql:11:10']);
    expect(result.findings[0]!.message).toContain('Members and everyone for global rows');
  });

  it('PAL001: tenant_org_id and IS NOT DISTINCT FROM NULL are gates too; IS NOT NULL is not', async () => {
    const r = await lintSql([
      {
        file: 'inline.sql',
        text: `create policy a on t for select using (tenant_org_id isnull);
create policy b on t for select using (null is not distinct from t.org_id);
create policy c on t for select using (org_id is not null and org_id in (select app.member_org_ids()));`,
      },
    ]);
    expect(r.findings.map((f) => `${f.rule} ${formatLocation(f.location)}`)).toEqual([
      'PAL001 inline.sql:1:40',
      'PAL001 inline.sql:2:66',
    ]);
  });

  it('PAL002: a table in an exposed schema without RLS, or with RLS switched off again, is found', async () => {
    const { found } = await lint('pal002_rls_disabled.sql');
    expect(found).toEqual(['PAL002 pal002_rls_disabled.sql:2:28', 'PAL002 pal002_rls_disabled.sql:10:13']);
  });

  it('PAL002: RLS enabled in a later file of the same migration set counts', async () => {
    const r = await lintSql([
      { file: '0001_a.sql', text: 'create table public.notes (id uuid primary key);' },
      { file: '0002_b.sql', text: 'alter table public.notes enable row level security;' },
    ]);
    expect(r.findings).toEqual([]);
  });

  it('PAL003: a nullable tenant column is found; one made NOT NULL later in the set is not', async () => {
    const { found } = await lint('pal003_nullable_org.sql');
    expect(found).toEqual(['PAL003 pal003_nullable_org.sql:3:3']);
  });

  it('PAL004: a tenant table whose only org_id indexes are partial or not leading is found', async () => {
    const { found } = await lint('pal004_unindexed.sql');
    expect(found).toEqual(['PAL004 pal004_unindexed.sql:1:28']);
  });

  it('PAL005: UPDATE and ALL policies without WITH CHECK are found; one given it by ALTER POLICY is not', async () => {
    const { found } = await lint('pal005_with_check.sql');
    expect(found).toEqual(['PAL005 pal005_with_check.sql:8:1', 'PAL005 pal005_with_check.sql:12:1']);
  });

  it('PAL006: SECURITY DEFINER without a pinned search_path is found, also when ALTER FUNCTION makes it a definer', async () => {
    const { found } = await lint('pal006_definer.sql');
    expect(found.slice(0, 2)).toEqual(['PAL006 pal006_definer.sql:1:1', 'PAL006 pal006_definer.sql:18:1']);
  });

  it("PAL006: a definer pinned to '', or to a path that does not end with pg_temp, is found; pg_temp last is not", async () => {
    const { found, result } = await lint('pal006_definer.sql');
    expect(found).toEqual([
      'PAL006 pal006_definer.sql:1:1',
      'PAL006 pal006_definer.sql:18:1',
      'PAL006 pal006_definer.sql:23:1',
      'PAL006 pal006_definer.sql:27:1',
      'PAL006 pal006_definer.sql:31:1',
      'PAL006 pal006_definer.sql:36:1',
    ]);
    const why =
      "which does not end with pg_temp: PostgreSQL then searches the caller's pg_temp first for table and type names";
    expect(result.findings.map((f) => f.message)).toEqual([
      'SECURITY DEFINER function public.member_count(uuid) does not pin search_path',
      'SECURITY DEFINER function public.promoted(uuid) does not pin search_path',
      `SECURITY DEFINER function public.empty_path(uuid) pins search_path = '', ${why}`,
      `SECURITY DEFINER function public.temp_first(uuid) pins search_path = pg_temp, pg_catalog, ${why}`,
      `SECURITY DEFINER function public.repinned(uuid) pins search_path = public, ${why}`,
      `SECURITY DEFINER function public.one_string(uuid) pins search_path = "pg_catalog, pg_temp", ${why}`,
    ]);
  });

  it('PAL006: search_path values read from pg_proc.proconfig are split and unquoted as PostgreSQL writes them', () => {
    expect(parseSearchPath('pg_catalog, pg_temp')).toEqual(['pg_catalog', 'pg_temp']);
    expect(parseSearchPath('""')).toEqual(['']);
    expect(parseSearchPath('"pg_catalog, pg_temp"')).toEqual(['pg_catalog, pg_temp']);
    expect(parseSearchPath('public, "My ""odd"" schema", pg_temp')).toEqual(['public', 'My "odd" schema', 'pg_temp']);
    expect(searchPathProblem(parseSearchPath('pg_catalog, pg_temp'))).toBeUndefined();
    expect(searchPathProblem(parseSearchPath('""'))).toContain("pins search_path = ''");
    expect(searchPathProblem(undefined)).toBe('does not pin search_path');
  });

  it('PAL007: a definer view and a materialized view over an RLS table are found; invoker views are not', async () => {
    const { found } = await lint('pal007_view.sql');
    expect(found).toEqual(['PAL007 pal007_view.sql:10:1', 'PAL007 pal007_view.sql:20:1']);
  });

  it('PAL007: a definer view over an invoker view over an RLS table is found', async () => {
    const r = await lintSql([
      {
        file: 'inline.sql',
        text: `create table public.t (id int primary key); alter table public.t enable row level security;
create view public.inner_v with (security_invoker) as select * from public.t;
create view public.outer_v as select * from public.inner_v;`,
      },
    ]);
    expect(r.findings.map((f) => f.message)).toEqual([
      `view public.outer_v reads public.t with its owner's rights: it has no security_invoker`,
    ]);
  });

  it('PAL007: CREATE OR REPLACE VIEW without its WITH clause drops security_invoker, and is found', async () => {
    const r = await lintSql([
      {
        file: 'inline.sql',
        text: `create table public.t (id int primary key); alter table public.t enable row level security;
create view public.v with (security_invoker = true) as select id from public.t;
create or replace view public.v as select id from public.t;`,
      },
    ]);
    expect(r.findings.map((f) => `${f.rule} ${formatLocation(f.location)}`)).toEqual(['PAL007 inline.sql:3:1']);
  });

  it('PAL010: NOT IN, <> and != on a role variable or role function are found; coalesce, IS DISTINCT FROM and a NULL guard are not', async () => {
    const { found, result } = await lint('pal010_nullable_role.sql');
    expect(found).toEqual([
      'PAL010 pal010_nullable_role.sql:7:29',
      'PAL010 pal010_nullable_role.sql:10:6',
      'PAL010 pal010_nullable_role.sql:13:17',
    ]);
    expect(result.findings[0]!.message).toContain('`caller_role not in …` is NULL, not true');
  });

  it('PAL000: a syntax error is a finding at its position, not a pass', async () => {
    const { found, result } = await lint('pal000_syntax.sql');
    expect(found).toEqual(['PAL000 pal000_syntax.sql:4:8']);
    expect(result.findings[0]!.message).toContain('"tabel"');
  });

  it('dynamic SQL built from constants is checked; SQL built at run time is a note naming its line', async () => {
    const { found, result } = await lint('dynamic.sql');
    expect(found).toEqual(['PAL002 dynamic.sql:7:5']);
    expect(result.findings[0]!.location).toMatchObject({ context: "dynamic SQL with t = 'outbox'" });
    expect(result.notices.map((n) => `${n.kind} ${formatLocation(n.location)}`)).toEqual([
      'unresolved-dynamic-sql dynamic.sql:10:3',
    ]);
  });

  it('columns count characters, not bytes, after non-ASCII text', async () => {
    const r = await lintSql([{ file: 'u.sql', text: `-- café → ü\ncreate policy "é" on t using (org_id is null);` }]);
    expect(formatLocation(r.findings[0]!.location)).toBe('u.sql:2:31');
  });

  it("the project's own migrations pass every rule", async () => {
    const files = loadMigrations().map((m) => ({ file: `${m.module}/sql/${m.name}`, text: m.sql }));
    const r = await lintSql(files);
    expect(r.findings).toEqual([]);
    // 0020 secures the platform tables in a DO loop: those statements must have been seen.
    expect(r.doStatements).toBeGreaterThanOrEqual(32);
  });
});
