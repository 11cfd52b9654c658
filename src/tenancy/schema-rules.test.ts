import { expect, it } from 'vitest';
import { describeEngines } from '../testing/engines.ts';

/**
 * The tenancy rules for every table (docs/architecture/tenancy.md), checked against the live catalog so a table added by any
 * module is held to them without anyone remembering to add it here.
 */
describeEngines('schema rules (catalog walk)', (ctx) => {
  const q = async <T>(sql: string) => (await ctx.db.query<T>(sql)).rows;

  it('every table in the exposed schemas has row level security enabled', async () => {
    const rows = await q<{ t: string }>(`
      select n.nspname || '.' || c.relname as t from pg_class c join pg_namespace n on n.oid = c.relnamespace
      where n.nspname in ('public', 'platform', 'palisade_vault') and c.relkind in ('r', 'p') and not c.relrowsecurity`);
    expect(rows.map((r) => r.t)).toEqual([]);
  });

  it('every tenant table has a NOT NULL org_id referencing organisations, a primary key (org_id, id) and the no-move trigger', async () => {
    // Audit chains (keyed (org_id, seq)) are the one deliberate exception: their rows
    // refuse every UPDATE and DELETE, and an organisation's history outlives the organisation,
    // so they carry no foreign key (its cascade could never run). They must be append-only instead.
    const rows = await q<{ t: string; problem: string }>(`
      with tenant as (
        select c.oid, c.relname, a.attnotnull,
               exists (select 1 from pg_trigger g where g.tgrelid = c.oid
                       and g.tgfoid = to_regprocedure('app.refuse_audit_change()')) as chain
        from pg_class c
        join pg_namespace n on n.oid = c.relnamespace
        join pg_attribute a on a.attrelid = c.oid and a.attname = 'org_id' and not a.attisdropped
        where n.nspname = 'public' and c.relkind in ('r', 'p')),
      keys as (
        select t.relname, t.chain, (
          select array_agg(a.attname order by x.ord)
          from pg_constraint k, unnest(k.conkey) with ordinality x(attnum, ord)
          join pg_attribute a on a.attrelid = t.oid and a.attnum = x.attnum
          where k.conrelid = t.oid and k.contype = 'p') as pk
        from tenant t)
      select relname as t, 'org_id is nullable' as problem from tenant where not attnotnull
      union all
      select relname, 'org_id does not reference organisations(id)' from tenant t where not chain and not exists (
        select 1 from pg_constraint k where k.conrelid = t.oid and k.contype = 'f'
          and k.confrelid = 'public.organisations'::regclass and k.conkey = array[(select attnum from pg_attribute where attrelid = t.oid and attname = 'org_id')]::int2[])
      union all
      select relname, 'primary key is not (org_id, id)' from keys where not chain and pk is distinct from array['org_id', 'id']::name[]
      union all
      select relname, 'audit chain primary key is not (org_id, seq)' from keys where chain and pk is distinct from array['org_id', 'seq']::name[]
      union all
      select relname, 'no BEFORE UPDATE trigger calling app.forbid_org_change()' from tenant t
      where not chain and not exists (select 1 from pg_trigger g where g.tgrelid = t.oid and g.tgfoid = 'app.forbid_org_change()'::regprocedure)
      order by 1`);
    expect(rows).toEqual([]);
  });

  it('every reference from a tenant table to another tenant table is composite, leading with org_id', async () => {
    const rows = await q<{ t: string; fk: string }>(`
      select c.relname as t, k.conname as fk from pg_constraint k
      join pg_class c on c.oid = k.conrelid join pg_namespace n on n.oid = c.relnamespace
      where n.nspname = 'public' and k.contype = 'f'
        and exists (select 1 from pg_attribute a where a.attrelid = k.conrelid and a.attname = 'org_id')
        and exists (select 1 from pg_attribute a where a.attrelid = k.confrelid and a.attname = 'org_id')
        and (select attname from pg_attribute where attrelid = k.conrelid and attnum = k.conkey[1]) <> 'org_id'`);
    expect(rows).toEqual([]);
  });

  it('every tenant table has an index leading with org_id', async () => {
    const rows = await q<{ t: string }>(`
      select c.relname as t from pg_class c join pg_namespace n on n.oid = c.relnamespace
      where n.nspname = 'public' and c.relkind = 'r'
        and exists (select 1 from pg_attribute a where a.attrelid = c.oid and a.attname = 'org_id')
        and not exists (
          select 1 from pg_index i join pg_attribute a on a.attrelid = i.indrelid and a.attnum = i.indkey[0]
          where i.indrelid = c.oid and a.attname = 'org_id')`);
    expect(rows).toEqual([]);
  });

  it('every UPDATE or ALL policy carries WITH CHECK, and no policy gates on a NULL tenant', async () => {
    const missing = await q<{ p: string }>(`
      select schemaname || '.' || tablename || ': ' || policyname as p from pg_policies
      where schemaname in ('public', 'platform', 'palisade_vault') and cmd in ('UPDATE', 'ALL') and with_check is null`);
    expect(missing).toEqual([]);
    const nullGates = await q<{ p: string }>(`
      select schemaname || '.' || tablename || ': ' || policyname as p from pg_policies
      where coalesce(qual, '') || ' ' || coalesce(with_check, '') ~* '(org_id|tenant_org_id)\\)? is null'`);
    expect(nullGates).toEqual([]);
  });

  it('every security-definer function pins its search_path', async () => {
    const rows = await q<{ f: string }>(`
      select p.oid::regprocedure::text as f from pg_proc p join pg_namespace n on n.oid = p.pronamespace
      where p.prosecdef and n.nspname not in ('pg_catalog', 'information_schema', 'extensions')
        and not exists (select 1 from unnest(coalesce(p.proconfig, '{}')) c where c like 'search_path=%')`);
    expect(rows).toEqual([]);
  });

  it("every view in public runs with the invoker's rights, so RLS applies through it", async () => {
    const rows = await q<{ v: string }>(`
      select c.relname as v from pg_class c join pg_namespace n on n.oid = c.relnamespace
      where n.nspname = 'public' and c.relkind = 'v'
        and not coalesce(c.reloptions @> array['security_invoker=true'], false)`);
    expect(rows).toEqual([]);
  });

  it('no API role bypasses row level security or can log in on its own, and anon has no grant outside public views', async () => {
    const bypass = await q<{ r: string }>(`
      select rolname as r from pg_roles
      where rolname in ('anon', 'authenticated', 'service_role', 'platform_admin', 'authenticator') and (rolbypassrls or rolsuper)`);
    expect(bypass).toEqual([]);
    const anon = await q<{ t: string }>(`
      select table_schema || '.' || table_name || ' ' || privilege_type as t from information_schema.role_table_grants
      where grantee = 'anon'`);
    expect(anon).toEqual([]);
  });

  it('tenants have no privilege at all on the palisade_vault schema', async () => {
    const rows = await q<{ r: string }>(`
      select r as r from unnest(array['anon', 'authenticated']) r
      where exists (select 1 from pg_namespace where nspname = 'palisade_vault')
        and has_schema_privilege(r, 'palisade_vault', 'USAGE')`);
    expect(rows).toEqual([]);
  });
});
