import { expect, it } from 'vitest';
import { DEMO } from '../seed/ids.ts';
import { describeEngines } from '../testing/engines.ts';

const A = DEMO.orgs.a;

/** What app.uid() and the membership sets read, as PostgREST (old and new) and Supabase set them. */
describeEngines('claims: request.jwt.claims, and the legacy request.jwt.claim.sub', (ctx) => {
  const asUser = (settings: [string, string][]) =>
    ctx.db.transaction(async (tx) => {
      await tx.query("select set_config('role', 'authenticated', true)");
      for (const [k, v] of settings) await tx.query('select set_config($1, $2, true)', [k, v]);
      const { rows } = await tx.query<{ uid: string | null; orgs: string[] }>(
        'select app.uid() as uid, array(select id from public.organisations order by id)::text[] as orgs',
      );
      return rows[0]!;
    });

  it('app.uid() reads the sub of request.jwt.claims', async () => {
    const r = await asUser([['request.jwt.claims', JSON.stringify({ sub: A.users.owner.id, role: 'authenticated' })]]);
    expect(r).toEqual({ uid: A.users.owner.id, orgs: [A.id] });
  });

  it('and, without it, the legacy request.jwt.claim.sub, as Supabase’s auth.uid() does: membership follows', async () => {
    const r = await asUser([['request.jwt.claim.sub', A.users.owner.id]]);
    expect(r).toEqual({ uid: A.users.owner.id, orgs: [A.id] });
  });

  it('the claims’ sub wins over a legacy setting naming someone else; malformed subs are nobody', async () => {
    const both = await asUser([
      ['request.jwt.claims', JSON.stringify({ sub: A.users.owner.id })],
      ['request.jwt.claim.sub', DEMO.orgs.b.users.owner.id],
    ]);
    expect(both).toEqual({ uid: A.users.owner.id, orgs: [A.id] });
    for (const sub of ['not-a-uuid', "x' or true --", ''])
      expect(await asUser([['request.jwt.claim.sub', sub]])).toEqual({ uid: null, orgs: [] });
  });
});
