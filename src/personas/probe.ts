import { claimsStatementFor } from '../db/principal.ts';
import type { Database, Queryable } from '../db/types.ts';
import type { Persona } from './personas.ts';

export type Attempt<T> = { ok: true; value: T } | { ok: false; code: string; message: string; column?: string };

class Rollback<T> extends Error {
  constructor(readonly value: T) {
    super('rollback');
  }
}

/**
 * Runs `fn` as a persona inside a transaction that always rolls back, after optional owner-side
 * setup in the same transaction; probes never change the database they inspect. `actingOrgId`
 * sets the acting organisation, as the server does for a route that names one.
 */
export async function attempt<T>(
  db: Database,
  persona: Persona,
  fn: (tx: Queryable) => Promise<T>,
  setup?: string,
  actingOrgId?: string,
): Promise<Attempt<T>> {
  try {
    await db.transaction(async (tx) => {
      if (setup) await tx.exec(setup);
      const as = claimsStatementFor(persona.principal, actingOrgId);
      await tx.query(as.sql, as.params);
      throw new Rollback(await fn(tx));
    });
  } catch (err) {
    if (err instanceof Rollback) return { ok: true, value: err.value as T };
    const e = err as { code?: string; message?: string; column?: string };
    return {
      ok: false,
      code: e.code ?? 'unknown',
      message: e.message ?? String(err),
      ...(e.column ? { column: e.column } : {}),
    };
  }
  throw new Error('unreachable: the probe transaction did not roll back');
}
