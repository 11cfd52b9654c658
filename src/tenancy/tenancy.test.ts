import { describe, expect, it } from 'vitest';
import { withPrincipal, type Principal } from '../db/principal.ts';
import type { Database } from '../db/types.ts';
import { DEMO } from '../seed/ids.ts';
import { describeEngines } from '../testing/engines.ts';

const A = DEMO.orgs.a;
const B = DEMO.orgs.b;
const as = (userId: string): Principal => ({ kind: 'user', userId });

async function rpc<T = unknown>(db: Database, p: Principal, sql: string, params: unknown[]): Promise<T[]> {
  return withPrincipal(db, p, async (tx) => (await tx.query<T>(sql, params)).rows);
}

async function expectCode(promise: Promise<unknown>, code: string, column?: string) {
  const err = (await promise.then(
    () => null,
    (e: unknown) => e,
  )) as { code?: string; column?: string; message?: string } | null;
  expect(err, `expected SQLSTATE ${code}`).not.toBeNull();
  expect({ code: err!.code, column: err!.column }).toMatchObject({ code, ...(column ? { column } : {}) });
}

describeEngines('tenancy RPCs', (ctx) => {
  it('creating an organisation makes the caller its owner and creates a default workspace', async () => {
    const [{ org }] = await rpc<{ org: string }>(ctx.db, as(DEMO.loner.id), 'select public.create_organisation($1) as org', ['Loner Ltd']) as [{ org: string }];
    const members = await rpc<{ role: string }>(ctx.db, as(DEMO.loner.id), 'select role from public.organisation_members where org_id = $1', [org]);
    expect(members).toEqual([{ role: 'owner' }]);
    const ws = await rpc<{ is_default: boolean }>(ctx.db, as(DEMO.loner.id), 'select is_default from public.workspaces where org_id = $1', [org]);
    expect(ws).toEqual([{ is_default: true }]);
  });

  it('an organisation name that is blank is refused naming the field', async () => {
    await expectCode(rpc(ctx.db, as(DEMO.loner.id), 'select public.create_organisation($1)', ['  ']), 'PS422', 'name');
  });

  it('anonymous callers cannot create organisations', async () => {
    await expectCode(rpc(ctx.db, { kind: 'anonymous' }, 'select public.create_organisation($1)', ['X']), '42501');
  });
});

describe('placeholder', () => {
  it('runs', () => expect(B.id).toBeTruthy());
});
