import { expect, it } from 'vitest';
import { describeEngines } from '../testing/engines.ts';
import { lintCatalog } from './catalog.ts';
import { formatLocation } from './rules.ts';

class Rollback extends Error {}

describeEngines('palisade lint on a live database', (ctx) => {
  it('the migrated, seeded database passes every rule, API roles included', async () => {
    expect(await lintCatalog(ctx.db)).toEqual([]);
  });

  it('each rule finds its planted violation in the catalog, dynamic SQL and role attributes included', async () => {
    let found: string[] = [];
    // Roles are cluster-wide on a server: the planted BYPASSRLS must never be committed.
    await ctx.db
      .transaction(async (tx) => {
        await tx.exec(`
          create table public.lint_probe (org_id uuid, id int, note text);
          do $$ begin execute 'create table public.lint_dynamic (id int primary key)'; end $$;
          create table platform.lint_feed (id int primary key);
          alter table platform.lint_feed enable row level security;
          create policy "null gate" on platform.lint_feed for select using ((select 1) is null or id is null);
          alter table public.lint_probe enable row level security;
          create policy "global rows" on public.lint_probe for select using (org_id is null);
          create policy "no check" on public.lint_probe for update using (true);
          create function public.lint_definer() returns int language sql security definer as 'select 1';
          create function public.lint_empty_path() returns int language sql security definer set search_path = '' as 'select 1';
          create function public.lint_safe_path() returns int language sql security definer set search_path = pg_catalog, pg_temp as 'select 1';
          create view public.lint_view as select * from public.lint_probe;
          alter role anon bypassrls;`);
        found = (await lintCatalog(tx)).map((f) => `${f.rule} ${formatLocation(f.location)}`);
        throw new Rollback();
      })
      .catch((e: unknown) => {
        if (!(e instanceof Rollback)) throw e;
      });
    expect(found.sort()).toEqual(
      [
        'PAL001 policy "global rows" on public.lint_probe',
        'PAL002 table public.lint_dynamic',
        'PAL003 column public.lint_probe.org_id',
        'PAL004 table public.lint_probe',
        'PAL005 policy "no check" on public.lint_probe',
        'PAL006 function public.lint_definer()',
        // search_path = '' still searches pg_temp first for types and tables.
        'PAL006 function public.lint_empty_path()',
        'PAL007 view public.lint_view',
        'PAL008 role anon',
        // authenticator and the login role can SET ROLE anon, so they inherit the problem.
        'PAL008 role authenticator',
        'PAL008 role palisade_login',
      ].sort(),
    );
    expect(await lintCatalog(ctx.db)).toEqual([]);
  });
});
