/** Small helpers shared by this module's tests. */
import { expect } from 'vitest';
import { type Principal, withPrincipal } from '../db/principal.ts';
import type { Database } from '../db/types.ts';
import { DEMO } from '../seed/ids.ts';

export const A = DEMO.orgs.a;
export const B = DEMO.orgs.b;
export const ADMIN: Principal = { kind: 'platform_admin', userId: DEMO.platformAdmin.id };
export const SERVICE: Principal = { kind: 'service' };
const user = (userId: string): Principal => ({ kind: 'user', userId });
export const OWNER_A = user(A.users.owner.id);
export const MEMBER_A = user(A.users.member.id);

export async function sql<T = Record<string, unknown>>(
  db: Database,
  p: Principal,
  text: string,
  params: unknown[] = [],
): Promise<T[]> {
  return withPrincipal(db, p, async (tx) => (await tx.query<T>(text, params)).rows);
}

export interface DbError {
  code?: string;
  column?: string;
  message?: string;
}

/** The error a promise rejects with; fails the test when it resolves. */
async function refusal(promise: Promise<unknown>): Promise<DbError> {
  const err = await promise.then(
    () => null,
    (e: unknown) => e as DbError,
  );
  expect(err, 'expected the database to refuse').not.toBeNull();
  return err!;
}

export async function expectCode(promise: Promise<unknown>, code: string, column?: string): Promise<DbError> {
  const err = await refusal(promise);
  expect({ code: err.code, ...(column ? { column: err.column } : {}) }, err.message).toEqual({
    code,
    ...(column ? { column } : {}),
  });
  return err;
}
