import { randomUUID } from 'node:crypto';
import { expect, it } from 'vitest';
import { type Principal, withPrincipal } from '../db/principal.ts';
import { DEMO } from '../seed/ids.ts';
import { describeEngines } from '../testing/engines.ts';

const A = DEMO.orgs.a;
const B = DEMO.orgs.b;

/**
 * The security-definer trigger on workflow_def_steps ran before RLS's WITH
 * CHECK, so a row aimed at another organisation was told whether an install id existed there
 * ("step type install not found") and what its step type's input schema required. Row level
 * security must refuse first, with one answer whatever the ids are.
 */
describeEngines('a definer trigger answers only after RLS would', (ctx) => {
  const refusal = (p: Principal, org: string, def: string, install: string, config: string) =>
    withPrincipal(ctx.db, p, (tx) =>
      tx.query(
        `insert into public.workflow_def_steps (org_id, workflow_def_id, position, install_id, config)
         values ($1, $2, 150, $3, $4::jsonb)`,
        [org, def, install, config],
      ),
    ).then(
      () => ({ code: 'none', message: 'the insert succeeded' }),
      (e: { code?: string; message?: string }) => ({ code: e.code, message: e.message }),
    );

  it("a member of B inserting a step into A learns nothing about A's installs", async () => {
    const ids = await ctx.db.query<{ install: string; def: string }>(
      `select i.id as install, d.id as def from public.step_type_installs i
       join public.workflow_defs d on d.org_id = i.org_id
       where i.org_id = $1 and i.step_type_version_id = $2 limit 1`,
      [A.id, DEMO.stepTypes.httpV1],
    );
    const { install, def } = ids.rows[0]!;
    const memberOfB: Principal = { kind: 'user', userId: B.users.member.id };
    const rls = { code: '42501', message: 'new row violates row-level security policy for table "workflow_def_steps"' };
    const answers = [
      // A's real install, with a config its schema refuses and with one it accepts.
      await refusal(memberOfB, A.id, def, install, '{}'),
      await refusal(memberOfB, A.id, def, install, '{"url": "https://example.test/"}'),
      // An id that exists nowhere, and a workflow that does not exist either.
      await refusal(memberOfB, A.id, def, randomUUID(), '{}'),
      await refusal(memberOfB, A.id, randomUUID(), randomUUID(), '{"url": "https://example.test/"}'),
    ];
    expect(answers).toEqual([rls, rls, rls, rls]);
    // A viewer of A (may read, may not write) gets the same refusal.
    expect(await refusal({ kind: 'user', userId: A.users.viewer.id }, A.id, def, randomUUID(), '{}')).toEqual(rls);
  });

  it('members of the organisation still get the validation answers', async () => {
    const { rows } = await ctx.db.query<{ install: string; def: string }>(
      `select i.id as install, d.id as def from public.step_type_installs i
       join public.workflow_defs d on d.org_id = i.org_id
       where i.org_id = $1 and i.step_type_version_id = $2 limit 1`,
      [A.id, DEMO.stepTypes.httpV1],
    );
    const member: Principal = { kind: 'user', userId: A.users.member.id };
    expect(await refusal(member, A.id, rows[0]!.def, randomUUID(), '{}')).toMatchObject({ code: 'PS404' });
    expect(await refusal(member, A.id, rows[0]!.def, rows[0]!.install, '{}')).toMatchObject({ code: 'PS422' });
    expect(
      await refusal(member, A.id, rows[0]!.def, rows[0]!.install, '{"url": "https://example.test/"}'),
    ).toMatchObject({ code: 'none' });
  });
});
